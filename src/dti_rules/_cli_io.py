"""Files and output of the command line: standard input as a file argument, the rule set
and submissions named, and writing what a command prints (to standard output or, atomically,
to a file)."""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .compiled import CompiledRuleSet
    from .submission import Submission

STDIN = "-"
STDIN_NAME = "<stdin>"
_SHOWN = "dti_rules.shown"  # context meta: temporary path -> the name messages show


def _shown_names() -> dict[str, str]:
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return {}
    names: dict[str, str] = ctx.find_root().meta.setdefault(_SHOWN, {})
    return names


def _shown(text: str) -> str:
    """``text`` with the temporary copy of standard input named as ``<stdin>``."""
    for path, name in _shown_names().items():
        text = text.replace(path, name)
    return text


_CSV_HEAD = re.compile(r'^\ufeff?\s*"?(id|ruleset|schema|period|unit\.\w+)"?\s*[,;]')


def _stdin_suffix(data: bytes) -> str:
    """The file suffix the readers expect for ``data`` read from standard input."""
    if data.startswith(b"PK\x03\x04"):
        return ".xlsx"
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        return ".json"
    first = next((line for line in text.splitlines() if not line.startswith("#")), "")
    if _CSV_HEAD.match(first):
        return ".csv"
    return ".yaml"


def _input(arg: str | Path) -> Path:
    """A file argument as a path; ``-`` copies standard input to a temporary file that
    lives as long as the command (messages name it ``<stdin>``)."""
    if str(arg) != STDIN:
        return Path(arg)
    ctx = click.get_current_context()
    names = _shown_names()
    if names:
        raise click.UsageError("standard input (-) can be given for one file argument only")
    data = sys.stdin.buffer.read()
    folder = ctx.with_resource(tempfile.TemporaryDirectory(prefix="dti-rules-"))
    path = Path(folder) / f"stdin{_stdin_suffix(data)}"
    path.write_bytes(data)
    names[str(path)] = STDIN_NAME
    return path


def _ruleset(name: str) -> CompiledRuleSet:
    """RULESET: a bundled id, a path, or ``-`` for a rule set on standard input."""
    from .rulesets import load_ruleset

    return load_ruleset(_input(name) if name == STDIN else name)


def _submissions(paths: tuple[str, ...], rs: CompiledRuleSet) -> list[Submission]:
    from .formats.loading import load_submission

    return [load_submission(_input(path), rs) for path in paths]


def _emit(text: str, output: Path | None) -> None:
    if output is None or str(output) == STDIN:
        click.echo(text, nl=False)
    else:
        from ._fileio import write_atomic

        write_atomic(output, text.encode("utf-8"))
        _wrote(output)


def _emit_pieces(pieces: Iterable[str], output: Path | None) -> None:
    """Text written piece by piece as it is made (a ranking of many units), never whole."""
    if output is None or str(output) == STDIN:
        for piece in pieces:
            click.echo(piece, nl=False)
    else:
        from ._fileio import write_atomic

        write_atomic(output, (piece.encode("utf-8") for piece in pieces))
        _wrote(output)


def _emit_workbook(data: bytes, output: Path | None) -> None:
    """Binary output (a workbook) goes to a file only: checked by ``_need_output`` first."""
    from ._fileio import write_atomic

    assert output is not None
    write_atomic(output, data)
    _wrote(output)


def _wrote(output: Path) -> None:
    """Say on standard error which file was written, in the command's language."""
    from ._i18n import Language

    ctx = click.get_current_context(silent=True)
    t = Language.get(ctx.meta.get("dti_rules.lang", "en") if ctx else "en")
    click.echo(t("wrote {path}").format(path=output), err=True)


def _need_output(fmt: str, output: Path | None) -> None:
    if fmt == "xlsx" and (output is None or str(output) == STDIN):
        raise click.UsageError("--format xlsx writes a workbook: give -o FILE.xlsx")


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _color(output: Path | None = None) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (to anything but "")."""
    if output is not None and str(output) != STDIN:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()
