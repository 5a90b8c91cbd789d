"""Parsed data and where each of its values sits in its file, located by data path
(``groups[5].indicators[2].id``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .errors import Location

__all__ = ["LoadedDocument", "PathKey", "format_path"]

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
