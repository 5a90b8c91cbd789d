"""Indented JSON text without the pure-Python encoder: the bytes of ``json.dumps(..., indent=2)``.

``json.dumps`` with ``indent`` cannot use the C encoder and falls back to the pure-Python
one, a tower of generators. :func:`dumps_indented` writes the indentation itself and each
string with the C encoder's own function (``encode_basestring`` or
``encode_basestring_ascii``), numbers with ``int.__repr__`` and ``float.__repr__`` as
``json`` does, so its text is the same to the byte::

    >>> import json
    >>> data = {"id": "CT-1", "đạt": [1, 2.5, None, True, {}], "x": {"y": []}}
    >>> dumps_indented(data) == json.dumps(data, indent=2, ensure_ascii=False)
    True
    >>> dumps_indented(data, ensure_ascii=True) == json.dumps(data, indent=2)
    True

Anything beyond what a Result's data holds (dicts with text keys, lists, tuples, texts,
integers, floats, booleans, None) is handed to ``json.dumps`` whole, which gives the same
text (or raises the same error) as before.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

__all__ = ["dumps_indented"]

_INDENT = "  "
#: the line break and indentation before an item at each depth
_BREAKS = tuple("\n" + _INDENT * depth for depth in range(64))
_int_text = int.__repr__
_float_text = float.__repr__


class _Other(Exception):
    """A value this writer leaves to ``json.dumps``."""


def _float(value: float) -> str:
    """A float as ``json`` writes it (``allow_nan``: NaN and the infinities by name)."""
    if value != value:  # noqa: PLR0124 - NaN is the one float not equal to itself
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return _float_text(value)


def _scalar(value: object, text: Any) -> str:
    """A value that is not a dict, list, tuple or exact str/int/float/bool/None, as ``json``
    writes it (subclasses of str, int and float as their base), or :class:`_Other`."""
    if isinstance(value, str):
        return str(text(value))
    if isinstance(value, int):  # IntEnum and the like: the number (bool was taken before)
        return _int_text(value)
    if isinstance(value, float):
        return _float(value)
    raise _Other


def dumps_indented(data: object, *, ensure_ascii: bool = False) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=ensure_ascii)``, the same text, faster."""
    try:
        return _write(data, encode_basestring_ascii if ensure_ascii else encode_basestring)
    except (_Other, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=ensure_ascii)


def _write(data: object, text: Any) -> str:
    parts: list[str] = []
    append = parts.append
    breaks = _BREAKS
    keys: dict[tuple[int, str], str] = {}  # ",\n  \"key\": " by depth and key

    def value_of(item: Any, depth: int) -> None:
        """An item of a container at ``depth``: a text, a container or a scalar."""
        of = type(item)
        if of is str:
            append(text(item))
        elif of is dict or of is list or of is tuple:
            container(item, depth + 1)
        elif item is None:
            append("null")
        elif item is True:
            append("true")
        elif item is False:
            append("false")
        elif of is int:
            append(_int_text(item))
        elif of is float:
            append(_float(item))
        else:
            append(_scalar(item, text))

    def container(value: Any, depth: int) -> None:
        if depth + 1 >= len(breaks):
            raise _Other
        inner = breaks[depth + 1]
        kind = type(value)
        if kind is dict:
            if not value:
                append("{}")
                return
            first = True
            for key, item in value.items():
                if type(key) is not str:
                    raise _Other  # json turns other keys into text its own way
                if first:
                    append("{" + inner + text(key) + ": ")
                    first = False
                else:
                    prefix = keys.get((depth, key))
                    if prefix is None:
                        prefix = keys[depth, key] = "," + inner + text(key) + ": "
                    append(prefix)
                value_of(item, depth)
            append(breaks[depth] + "}")
            return
        if kind is not list and kind is not tuple:
            raise _Other  # a subclass of dict or list: json.dumps decides
        if not value:
            append("[]")
            return
        before = "[" + inner
        for item in value:
            append(before)
            before = "," + inner
            value_of(item, depth)
        append(breaks[depth] + "]")

    kind = type(data)
    if kind is dict or kind is list or kind is tuple:
        container(data, 0)
        return "".join(parts)
    if data is None:
        return "null"
    if data is True:
        return "true"
    if data is False:
        return "false"
    if kind is str:
        return str(text(data))
    if kind is int:
        return _int_text(data)
    if isinstance(data, float):
        return _float(data)
    return _scalar(data, text)
