"""pydantic's validation errors as dti-rules messages, in English and Vietnamese.

Rule sets and reported figures are validated by pydantic. Its English message is kept as
the English text; the Vietnamese comes from the catalog, from the error's ``type`` (the
message context ``pydantic``) and its ``ctx`` values::

    >>> error = {"type": "greater_than_equal", "msg": "Input should be greater than or "
    ...          "equal to 0", "ctx": {"ge": 0}, "input": -1, "loc": ("max_points",)}
    >>> described = describe(error)
    >>> described
    'Input should be greater than or equal to 0, got -1'
    >>> described.in_language("vi")
    'phải lớn hơn hoặc bằng 0, nhận được -1'

A type the catalog does not have is named by its code in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .errors import Msg, msg

__all__ = ["CONTEXT", "describe", "pydantic_message"]

CONTEXT = "pydantic"  #: the message context of pydantic's error types in the catalog

_NUMBER_KINDS = {"decimal_parsing", "decimal_type", "int_parsing", "int_type", "float_parsing"}


def pydantic_message(
    error: Mapping[str, Any], *, lower: bool = False, keep_prefix: bool = False
) -> Msg:
    """pydantic's message of ``error`` (an item of ``ValidationError.errors()``): its own
    English (lower-cased with ``lower``; ``Value error, `` taken off a validator's message
    unless ``keep_prefix``), translated from its type and ``ctx``."""
    kind = str(error["type"])
    english = str(error["msg"])
    ctx = dict(error.get("ctx") or {})
    if kind == "value_error":
        raised = ctx.get("error")
        given = raised.args[0] if isinstance(raised, ValueError) and raised.args else None
        if isinstance(given, Msg) and not keep_prefix:
            return given  # dti-rules' own message, raised inside a model's validator
        if not keep_prefix:
            english = english.removeprefix("Value error, ")
    expected = ctx.get("expected")
    if isinstance(expected, str) and " or " in expected:  # "'a', 'b' or 'c'"
        first, last = expected.rsplit(" or ", 1)
        ctx["expected"] = msg("{first} or {last}", first=first, last=last)
    if lower:
        english = english.lower()
    params = {k: v for k, v in ctx.items() if k != "error"}
    params["type"] = kind
    return Msg.given(english, kind, params, CONTEXT)


def describe(error: Mapping[str, Any]) -> Msg:
    """What a person reads about one of pydantic's errors in a dti-rules file: its
    message, with the value given."""
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return msg("required field is missing")
    if kind == "extra_forbidden":
        return msg("unknown field (not part of the format)")
    if kind in _NUMBER_KINDS:
        return msg("expected a number, got {got!r}", got=value)
    if kind in {"literal_error", "enum"}:
        return msg("{what}, got {got!r}", what=pydantic_message(error, lower=True), got=value)
    message = pydantic_message(error)
    if isinstance(value, (str, int, float, Decimal, bool)) and kind != "value_error":
        return msg("{what}, got {got!r}", what=message, got=value)
    return message
