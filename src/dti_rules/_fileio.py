"""Reading YAML and JSON data files safely, with a map from data paths to line numbers;
writing output files safely.

YAML is read with a strict safe loader: no Python tags, no anchors or aliases, no complex
keys, and a duplicated mapping key is an error rather than a silent overwrite. JSON refuses
duplicated keys too, and ``NaN``/``Infinity``. Both are held to the limits of
:mod:`dti_rules._limits` (file size, nesting, number of values, text length, digits and
exponent of numbers), checked before the expensive work; every refusal is an
:class:`~dti_rules.errors.InputFileError` naming the file and the line or path. Paths use
the form ``groups[5].indicators[2].id``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import FrameType
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

from ._limits import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_FILE_BYTES,
    MAX_NODES,
    MAX_TEXT_CHARS,
    check_number_text,
)
from .errors import InputFileError, Location, Msg, OutputFileError, message_of, msg

PathKey = tuple[str | int, ...]

if yaml.__with_libyaml__:  # libyaml's event parser: the same events as PyYAML's, faster
    from yaml._yaml import CParser as _EventParser

    _PARSER_BASES: tuple[type, ...] = (_EventParser,)
else:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    _PARSER_BASES = (Reader, Scanner, Parser)


def format_path(parts: Iterable[str | int]) -> str:
    """``("groups", 5, "id")`` -> ``groups[5].id``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# -- YAML ----------------------------------------------------------------------------------


class _Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that dti-rules does not accept (beyond a limit, a refused form)."""

    def __init__(self, problem: Msg, mark: Any) -> None:
        super().__init__(None, None, problem, mark)


def _shown(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 3] + "...")


class _StrictComposer(Composer):
    """PyYAML's composer, refusing anchors and aliases, nesting deeper than
    :data:`MAX_DEPTH` and more than :data:`MAX_NODES` values, before building them."""

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> Any:
        event: Any = self.peek_event()  # type: ignore[attr-defined]
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                msg("anchors and aliases (&name, *name) are not accepted: write each value out"),
                mark,
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(msg("more than {most:,} values in one file", most=MAX_NODES), mark)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Refused(msg("nested deeper than {most} levels", most=MAX_DEPTH), mark)
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_TEXT_CHARS:
            raise _Refused(
                msg(
                    "a value of {length:,} characters, more than {most:,}",
                    length=len(event.value),
                    most=MAX_TEXT_CHARS,
                ),
                mark,
            )
        return super().compose_node(parent, index)


class _StrictSafeLoader(_StrictComposer, *_PARSER_BASES, SafeConstructor, Resolver):  # type: ignore[misc]
    """Safe YAML loading (no Python tags) that composes once, refuses anchors, aliases,
    complex keys and duplicate keys, and holds numbers to the digit and exponent limits."""

    def __init__(self, stream: str) -> None:
        for base in _PARSER_BASES:
            if base is _PARSER_BASES[0]:
                base.__init__(self, stream)  # type: ignore[misc]
            elif base.__name__ != "Reader":
                base.__init__(self)  # type: ignore[misc]
        _StrictComposer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Every value's construction, with a failure (a date like 0000-01-01, a number
        too large) reported at the node."""
        try:
            return super().construct_object(node, deep)
        except yaml.MarkedYAMLError:
            raise
        except (ValueError, OverflowError, TypeError, ArithmeticError) as exc:
            reason = message_of(exc)
            if "limit of dti-rules" not in reason:
                reason = msg(
                    "cannot read {value}: {reason}", value=_shown(str(node.value)), reason=reason
                )
            raise _Refused(msg("{reason}", reason=reason), node.start_mark) from None


def _construct_mapping(loader: _StrictSafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Refused(
                msg("a key must be a plain text or number, not a mapping or a list"),
                key_node.start_mark,
            )
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                msg(
                    "found duplicate key {key!r} (first on line {line})",
                    key=key,
                    line=seen[key] + 1,
                ),
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=True)


def _construct_decimal(loader: _StrictSafeLoader, node: yaml.ScalarNode) -> Decimal:
    """YAML floats become exact Decimals ("72.72" stays 72.72); .inf and .nan are refused."""
    text = str(loader.construct_scalar(node)).replace("_", "")
    check_number_text(text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")  # ".inf", ".nan" and such
    if not value.is_finite():
        raise _Refused(
            msg("expected a finite number, got {got}", got=_shown(text)), node.start_mark
        )
    return value


def _construct_int(loader: _StrictSafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node)).replace("_", "")
    digits = re.sub(r"^[+-]?(0[xob])?", "", text).replace(":", "")
    if len(digits) > MAX_DIGITS:
        raise _Refused(
            msg(
                "the number {number} has {digits} digits, more than {most}",
                number=_shown(text),
                digits=len(digits),
                most=MAX_DIGITS,
            ),
            node.start_mark,
        )
    return int(SafeConstructor.construct_yaml_int(loader, node))


def _refuse_tag(loader: _StrictSafeLoader, node: yaml.Node) -> Any:
    raise _Refused(
        msg("the tag {tag!r} is not accepted in dti-rules files", tag=node.tag), node.start_mark
    )


_StrictSafeLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_StrictSafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_StrictSafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
for _tag in ("binary", "omap", "pairs", "set"):
    _StrictSafeLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


def _line_map(root: yaml.Node, out: dict[PathKey, int]) -> None:
    """Each data path's line; iterative (aliases were refused, so every node is new)."""
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    while stack:
        node, prefix = stack.pop()
        out[prefix] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key: str | int = key_node.value
                    out[(*prefix, key)] = key_node.start_mark.line + 1
                    stack.append((value_node, (*prefix, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*prefix, index)) for index, item in enumerate(node.value))


class LoadedDocument:
    """Parsed data plus where each path sits in the file."""

    def __init__(self, data: Any, source: str, lines: Mapping[PathKey, int] | None = None):
        self.data = data
        self.source = source
        self._lines = dict(lines or {})

    def locate(self, parts: Iterable[str | int]) -> Location:
        key = tuple(parts)
        line = None
        probe = key
        while probe and line is None:
            line = self._lines.get(probe)
            probe = probe[:-1]
        return Location(self.source, format_path(key), line)


# -- JSON ----------------------------------------------------------------------------------


class _JsonRefusal(ValueError):
    """A value json.loads handed to a hook, refused; ``needle`` finds it in the text."""

    def __init__(self, message: Msg, needle: str) -> None:
        super().__init__(message)
        self.needle = needle


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonRefusal(msg("found duplicate key {key!r}", key=key), json.dumps(key) + ":")
        out[key] = value
    return out


def _json_checked(text: str) -> str:
    """A JSON number's text, held to the digit and exponent limits before conversion."""
    try:
        check_number_text(text)
    except ValueError as exc:
        raise _JsonRefusal(msg("{reason}", reason=message_of(exc)), text) from None
    return text


def _json_int(text: str) -> int:
    return int(_json_checked(text))


def _json_float(text: str) -> Decimal:
    return Decimal(_json_checked(text))


def _json_constant(text: str) -> Any:
    raise _JsonRefusal(msg("expected a finite number, got {got}", got=text), text)


def _line_of(text: str, needle: str, occurrence: int = 1) -> int | None:
    """Line of the ``occurrence``-th ``needle`` in ``text`` (first is 1)."""
    at = -1
    for _ in range(occurrence):
        at = text.find(needle, at + 1)
        if at < 0:
            return None
    return text.count("\n", 0, at) + 1


_NUMERIC = re.compile(r"\s*[+-]?(\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _walk_problems(data: Any, *, count_nodes: bool) -> Iterator[tuple[PathKey, Msg]]:
    """Problems with the values of parsed data: too deep, too many, texts too long or
    holding what a text cannot (lone surrogates, control characters)."""
    stack: list[tuple[Any, PathKey, int]] = [(data, (), 0)]
    nodes = 0
    while stack:
        value, path, depth = stack.pop()
        nodes += 1
        if count_nodes and nodes > MAX_NODES:
            yield path, msg("more than {most:,} values in one file", most=MAX_NODES)
            return
        texts: list[tuple[str, PathKey]] = []
        if isinstance(value, str):
            texts.append((value, path))
        elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            problem = _number_problem(value)
            if problem:
                yield path, problem
        elif isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                yield path, msg("nested deeper than {most} levels", most=MAX_DEPTH)
                return
            if isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(key, str):
                        texts.append((key, (*path, key)))
                    stack.append((item, (*path, str(key)), depth + 1))
            else:
                stack.extend((item, (*path, i), depth + 1) for i, item in enumerate(value))
        for text, where in texts:
            if _NUMERIC.fullmatch(text):  # a number written as a text is still a number
                try:
                    check_number_text(text)
                except ValueError as exc:
                    yield where, msg("{reason}", reason=message_of(exc))
            if len(text) > MAX_TEXT_CHARS:
                yield (
                    where,
                    msg(
                        "a text of {length:,} characters, more than {most:,}",
                        length=len(text),
                        most=MAX_TEXT_CHARS,
                    ),
                )
            elif _SURROGATE.search(text):
                yield (
                    where,
                    msg("a text holding a lone surrogate (\\ud800-\\udfff), not a character"),
                )
            elif _CONTROL.search(text):
                code = ord(_CONTROL.search(text).group())  # type: ignore[union-attr]
                yield where, msg("a text holding the control character U+{code:04X}", code=code)


def _number_problem(value: int | float | Decimal) -> Msg | None:
    """Why a parsed number is beyond what dti-rules reads, or None."""
    if isinstance(value, int):
        if value.bit_length() > 4 * MAX_DIGITS:  # more than MAX_DIGITS digits for sure
            return msg(
                "a whole number of about {digits:,} digits, more than {most}",
                digits=int(value.bit_length() * 0.30103),
                most=MAX_DIGITS,
            )
        value = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return msg("expected a finite number, got {got}", got=value)
        value = Decimal(repr(value))
    if not value.is_finite():
        return msg("expected a finite number, got {got}", got=value)
    try:
        check_number_text(format(value, "e") if value else "0")
    except ValueError as exc:
        return msg("{reason}", reason=message_of(exc))
    return None


def check_document(doc: LoadedDocument) -> LoadedDocument:
    """``doc`` if its data keeps to the limits of :mod:`dti_rules._limits` (nesting, number
    of values, texts, numbers), else :class:`InputFileError` naming each place: for data
    handed over already parsed (``submission_from_data`` and such)."""
    return _check_values(doc, count_nodes=True)


def _check_values(doc: LoadedDocument, *, count_nodes: bool) -> LoadedDocument:
    problems = list(_walk_problems(doc.data, count_nodes=count_nodes))
    if problems:
        raise InputFileError([doc.locate(p) for p, _ in problems], [m for _, m in problems])
    return doc


def parse_text(text: str, source: str, *, fmt: str | None = None) -> LoadedDocument:
    """Parse YAML (default) or JSON text; syntax errors and values beyond the limits of
    :mod:`dti_rules._limits` raise :class:`InputFileError`."""
    if fmt == "json" or (fmt is None and source.lower().endswith(".json")):
        return _check_values(_parse_json(text, source), count_nodes=True)
    loader = _StrictSafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if isinstance(exc, _Refused):
            reason: str = exc.problem or ""
        elif isinstance(exc.problem, Msg):  # a duplicate key
            reason = msg(
                "malformed YAML: while constructing a mapping {problem}", problem=exc.problem
            )
        else:  # PyYAML's own words
            parts = " ".join(p for p in (exc.context, exc.problem) if p)
            reason = msg("malformed YAML: {reason}", reason=parts)
        raise InputFileError([Location(source, line=line)], [reason]) from None
    except yaml.YAMLError as exc:
        raise InputFileError(
            [Location(source)], [msg("malformed YAML: {reason}", reason=str(exc))]
        ) from None
    except ValueError as exc:  # a number beyond the limits (check_number_text)
        raise InputFileError([Location(source)], [message_of(exc)]) from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise InputFileError(
            [Location(source)], [msg("nested deeper than {most} levels", most=MAX_DEPTH)]
        ) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    if node is not None:
        _line_map(node, lines)
    return _check_values(LoadedDocument(data, source, lines), count_nodes=False)


def _parse_json(text: str, source: str) -> LoadedDocument:
    try:
        data = json.loads(
            text,
            object_pairs_hook=_json_pairs,
            parse_int=_json_int,
            parse_float=_json_float,
            parse_constant=_json_constant,
        )
    except json.JSONDecodeError as exc:
        raise InputFileError(
            [Location(source, line=exc.lineno)],
            [msg("malformed JSON: {reason} (column {column})", reason=exc.msg, column=exc.colno)],
        ) from None
    except _JsonRefusal as exc:
        occurrence = 2 if exc.needle.endswith(":") else 1
        line = _line_of(text, exc.needle, occurrence)
        raise InputFileError([Location(source, line=line)], [message_of(exc)]) from None
    except RecursionError:
        raise InputFileError(
            [Location(source)], [msg("nested deeper than {most} levels", most=MAX_DEPTH)]
        ) from None
    return LoadedDocument(data, source)


# -- reading files -------------------------------------------------------------------------

_NOT_REGULAR = {
    stat.S_IFDIR: msg("a directory"),
    stat.S_IFIFO: msg("a named pipe (FIFO)"),
    stat.S_IFCHR: msg("a character device"),
    stat.S_IFBLK: msg("a block device"),
    stat.S_IFSOCK: msg("a socket"),
}
_NOT_A_FILE = msg("not a regular file")


def _os_reason(exc: OSError, *, written: bool = False) -> Msg:
    if exc.errno == errno.ENOENT:
        return msg("file not found")
    if exc.errno == errno.ELOOP:
        why = msg("a loop of symbolic links")
    elif exc.errno in {errno.EACCES, errno.EPERM}:
        why = msg("permission denied")
    elif exc.errno == errno.EISDIR:
        return msg("expected a file, found a directory")
    elif exc.errno == errno.ENAMETOOLONG:
        why = msg("the name is too long")
    else:  # the system's own words
        why = msg("{reason}", reason=exc.strerror or str(exc))
    if written:
        return msg("cannot be written: {why}", why=why)
    return msg("cannot be read: {why}", why=why)


def read_limited(path: str | os.PathLike[str]) -> bytes:
    """A regular file's bytes, refused (:class:`InputFileError`) when it is missing,
    unreadable, not a regular file, or larger than :data:`MAX_FILE_BYTES`."""
    source = os.fspath(path)
    where = [Location(source)]
    try:
        info = os.stat(source)
        kind = stat.S_IFMT(info.st_mode)
        if kind != stat.S_IFREG:
            what = _NOT_REGULAR.get(kind, _NOT_A_FILE)
            if kind == stat.S_IFDIR:
                raise InputFileError(where, [msg("expected a file, found a directory")])
            raise InputFileError(where, [msg("expected a regular file, found {what}", what=what)])
        if info.st_size > MAX_FILE_BYTES:
            raise InputFileError(where, [_too_large(info.st_size)])
        with open(source, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputFileError(where, [_os_reason(exc)]) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputFileError(where, [_too_large(len(data))])
    return data


def _too_large(size: int) -> Msg:
    return msg(
        "the file has {size:,} bytes, more than the {most:,} dti-rules reads",
        size=size,
        most=MAX_FILE_BYTES,
    )


def read_document(path: str | os.PathLike[str]) -> LoadedDocument:
    """Read a YAML or JSON file (chosen by suffix, YAML otherwise)."""
    p = Path(path)
    raw = read_limited(p)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            [Location(str(p))],
            [msg("expected UTF-8 text, found an undecodable byte at offset {at}", at=exc.start)],
        ) from None
    return parse_text(text, str(p))


# -- writing files -------------------------------------------------------------------------

_MAX_NAME_BYTES = 255


def _umask() -> int:
    """The process's umask, read without changing it where the system shows it."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="ascii", errors="replace") as handle,
    ):
        for line in handle:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # pragma: no cover - systems without /proc
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """Refuse (:class:`OutputFileError`) an output path that is not a new file or an
    existing regular file in an existing folder: an empty or over-long name, a directory,
    a symbolic link, a device, a named pipe, a missing folder."""
    text = os.fspath(path)
    where = [Location(text or "''")]
    target = Path(text)
    if not text or not target.name or text.endswith(os.sep):
        raise OutputFileError(where, [msg("expected a file name, got an empty name or a folder")])
    if len(os.fsencode(target.name)) > _MAX_NAME_BYTES:
        raise OutputFileError(
            where, [msg("the file name is longer than {most} bytes", most=_MAX_NAME_BYTES)]
        )
    parent = target.parent
    try:
        info = os.lstat(text)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputFileError(where, [_os_reason(exc, written=True)]) from None
    if info is not None:
        kind = stat.S_IFMT(info.st_mode)
        if kind == stat.S_IFLNK:
            raise OutputFileError(
                where, [msg("is a symbolic link; give the path of a regular file or a new file")]
            )
        if kind != stat.S_IFREG:
            what = _NOT_REGULAR.get(kind, _NOT_A_FILE)
            raise OutputFileError(
                where, [msg("is {what}; only a regular file or a new file is written", what=what)]
            )
    if not parent.is_dir():
        raise OutputFileError(
            where, [msg("the folder {folder!r} does not exist", folder=str(parent))]
        )
    return target


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While writing, SIGTERM raises SystemExit (so clean-up runs) in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except (ValueError, OSError):  # pragma: no cover - no signals here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    The path is checked first (:func:`check_output_path`). The file gets the mode an
    existing file had, or the one the umask gives a new file (``0o666 & ~umask``). A
    failure at any point, an interrupt or SIGTERM included, leaves no partial or temporary
    file behind; a failure of the system (no space, no permission) is an
    :class:`OutputFileError`.
    """
    target = check_output_path(path)
    where = [Location(os.fspath(path))]
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    tmp: str | None = None
    try:
        with _terminate_as_exit():
            try:
                fd, tmp = tempfile.mkstemp(
                    prefix=f".{target.name[:200]}.", suffix=".tmp", dir=target.parent
                )
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.chmod(tmp, mode)
                os.replace(tmp, target)
                tmp = None
            except OSError as exc:
                raise OutputFileError(
                    where, [msg("cannot be written: {why}", why=exc.strerror or str(exc))]
                ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
