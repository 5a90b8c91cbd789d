"""Reading YAML and JSON data files safely, with a map from data paths to line numbers.

YAML is read with a SafeLoader subclass: no Python tags, and a duplicated mapping key is
an error rather than a silent overwrite. Paths use the form ``groups[5].indicators[2].id``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import InputFileError, Location

PathKey = tuple[str | int, ...]


def format_path(parts: Iterable[str | int]) -> str:
    """``("groups", 5, "id")`` -> ``groups[5].id``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys."""


def _construct_mapping(loader: _StrictSafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r} (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=True)


def _construct_decimal(loader: _StrictSafeLoader, node: yaml.ScalarNode) -> Decimal | float:
    """YAML floats become exact Decimals ("72.72" stays 72.72); .inf/.nan stay floats."""
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return float(loader.construct_yaml_float(node))
    return value if value.is_finite() else float(text)


_StrictSafeLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_StrictSafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _line_map(node: yaml.Node, prefix: PathKey, out: dict[PathKey, int]) -> None:
    out[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key: str | int = key_node.value
                out[(*prefix, key)] = key_node.start_mark.line + 1
                _line_map(value_node, (*prefix, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*prefix, index), out)


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


def parse_text(text: str, source: str, *, fmt: str | None = None) -> LoadedDocument:
    """Parse YAML (default) or JSON text; syntax errors raise :class:`InputFileError`."""
    if fmt == "json" or (fmt is None and source.lower().endswith(".json")):
        try:
            return LoadedDocument(json.loads(text, parse_float=Decimal), source)
        except json.JSONDecodeError as exc:
            raise InputFileError(
                [Location(source, line=exc.lineno)],
                [f"malformed JSON: {exc.msg} (column {exc.colno})"],
            ) from None
    try:
        node = yaml.compose(text, Loader=_StrictSafeLoader)
        data = yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - strict SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(p for p in (exc.context, exc.problem) if p)
        raise InputFileError([Location(source, line=line)], [f"malformed YAML: {reason}"]) from None
    except yaml.YAMLError as exc:
        raise InputFileError([Location(source)], [f"malformed YAML: {exc}"]) from None
    lines: dict[PathKey, int] = {}
    if node is not None:
        _line_map(node, (), lines)
    return LoadedDocument(data, source, lines)


def read_document(path: str | os.PathLike[str]) -> LoadedDocument:
    """Read a YAML or JSON file (chosen by suffix, YAML otherwise)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError([Location(str(p))], ["file not found"]) from None
    except IsADirectoryError:
        raise InputFileError([Location(str(p))], ["expected a file, found a directory"]) from None
    except UnicodeDecodeError as exc:
        raise InputFileError(
            [Location(str(p))],
            [f"expected UTF-8 text, found an undecodable byte at offset {exc.start}"],
        ) from None
    return parse_text(text, str(p))


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A failure at any point leaves no partial file behind.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
