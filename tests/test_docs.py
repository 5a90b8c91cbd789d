"""The examples in README.md and docs/*.md really run.

Python blocks (```python) are executed in order, sharing one namespace per file. Console
blocks (```console) run each ``$ dti-rules …`` line through the CLI; the lines shown after a
command must appear in its output, and the command must exit 0 unless the block states
``# exit N`` after it.
"""

from __future__ import annotations

import functools
import itertools
import re
import shlex
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

import dti_rules.testing as toolkit
from dti_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```(python|console)\n(.*?)^```", re.S | re.M)


def _blocks(path: Path, kind: str) -> list[str]:
    """The blocks of ``kind``, each preceded by blank lines so that its lines keep their
    line numbers in the file (tracebacks, and hypothesis reading a test's source, point
    at the right lines)."""
    text = path.read_text(encoding="utf-8")
    return [
        "\n" * text.count("\n", 0, found.start(2)) + found.group(2)
        for found in _BLOCK.finditer(text)
        if found.group(1) == kind
    ]


def _workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("examples", "rules", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_python_examples_run(doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _blocks(doc, "python")
    if not blocks:
        pytest.skip(f"{doc.name} has no python examples")
    _workdir(tmp_path, monkeypatch)
    namespace: dict[str, object] = {"__name__": f"docs_{doc.stem}"}
    # the examples' property tests check what they state; how fast a loaded machine
    # generates their inputs is no part of that
    previous = settings.get_current_profile_name()
    settings.register_profile(
        "dti-rules-docs", settings.default, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.load_profile("dti-rules-docs")
    try:
        for block in blocks:
            exec(compile(block, str(doc), "exec"), namespace)  # noqa: S102 - the project's own docs
    finally:
        settings.load_profile(previous)


def _commands(block: str) -> list[tuple[list[str], list[str], int]]:
    commands: list[tuple[list[str], list[str], int]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            args = shlex.split(line[2:], comments=True)
            exit_code = 0
            found = re.search(r"#\s*exit (\d+)", line)
            if found:
                exit_code = int(found.group(1))
            commands.append((args, [], exit_code))
        elif commands and line.strip() and line.strip() != "...":
            commands[-1][1].append(line.strip())
    return commands


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_console_examples_run(doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = [c for block in _blocks(doc, "console") for c in _commands(block)]
    runnable = [c for c in commands if c[0][:1] == ["dti-rules"]]
    if not runnable:
        pytest.skip(f"{doc.name} has no dti-rules commands")
    _workdir(tmp_path, monkeypatch)
    for args, shown, exit_code in runnable:
        result = CliRunner().invoke(main, args[1:])
        assert result.exit_code == exit_code, (args, result.output)
        output = " ".join(result.output.split())
        for line in shown:
            assert " ".join(line.split()) in output, (args, line)


def _slow_first_call(function: Callable[..., Any]) -> Callable[..., Any]:
    calls = itertools.count()

    @functools.wraps(function)
    def slow(*args: Any, **kwargs: Any) -> Any:
        if next(calls) == 0:
            time.sleep(0.4)  # past hypothesis' default 200 ms deadline, once
        return function(*args, **kwargs)

    return slow


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_property_examples_pass_on_a_slow_machine(
    doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold run on a slow machine: no example database, and the first example is slow.

    Hypothesis' default deadline would report the slow first example as a failure
    (``DeadlineExceeded``, or ``Flaky`` when the replay is fast); the examples readers copy
    must state settings that survive it.
    """
    blocks = [b for b in _blocks(doc, "python") if "@given" in b]
    if not blocks:
        pytest.skip(f"{doc.name} has no property-test examples")
    for name in toolkit.__all__:
        if name.startswith("check_"):
            monkeypatch.setattr(toolkit, name, _slow_first_call(getattr(toolkit, name)))
    _workdir(tmp_path, monkeypatch)
    monkeypatch.setenv("HYPOTHESIS_STORAGE_DIRECTORY", str(tmp_path / "cold-hypothesis-db"))
    namespace: dict[str, object] = {"__name__": f"docs_{doc.stem}"}
    for block in _blocks(doc, "python"):
        exec(compile(block, str(doc), "exec"), namespace)  # noqa: S102 - the project's own docs
