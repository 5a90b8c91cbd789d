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

import json
import math
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ._document import LoadedDocument, PathKey, format_path
from ._files import check_output_path, read_limited, write_atomic
from ._limits import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_NODES,
    MAX_TEXT_CHARS,
    check_number_text,
)
from .errors import InputFileError, Location, Msg, message_of, msg

__all__ = [
    "LoadedDocument",
    "PathKey",
    "check_document",
    "check_output_path",
    "format_path",
    "parse_text",
    "read_document",
    "read_limited",
    "write_atomic",
]

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
    from ._yaml_load import parse_yaml  # noqa: PLC0415 - PyYAML loads only to read YAML

    data, lines = parse_yaml(text, source)
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
