"""The points of an indicator's part, from its input's value or its target's result.

Exact (Fraction) arithmetic, shared by the scoring of a Result and by the explanations
that show how its points came about.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..compiled import Part
from ..result import TargetResult, TargetStatus
from ..submission import Answer, DateValue, InputValue
from ._facts import measure

_ZERO = Fraction(0)


def _target_points(
    method: str,
    full: Fraction,
    status: TargetStatus,
    value: Fraction | None,
    threshold: Fraction | None,
) -> Fraction | None:
    """A threshold or proportional part's points from its target's result, or None when
    the target is not evaluated."""
    if status is TargetStatus.NOT_EVALUATED:
        return None
    if status is not TargetStatus.NOT_MET:
        return full
    if method == "threshold":
        return _ZERO
    assert value is not None and threshold is not None
    # points × min(1, value / threshold); value / threshold = num / den
    num = value.numerator * threshold.denominator
    den = value.denominator * threshold.numerator
    if den <= 0:  # a threshold of 0 or below: as written, with Fraction arithmetic
        ratio = value / threshold
        return full * ratio if ratio < 1 else full
    if num < den:
        return Fraction(full.numerator * num, full.denominator * den)
    return full


def _input_points(part: Part, value: InputValue | None) -> tuple[Fraction | None, Any]:
    """A binary, bands or scaled part's points from its input's value (None when the value
    is unavailable), and what they were read from: whether the work is done (binary), the
    number and the band reached (bands), the index (scaled)."""
    rule = part.rule
    if rule.method == "binary":
        if value is None:
            return None, None
        done = isinstance(value, DateValue) or (isinstance(value, Answer) and value.value)
        return (part.points if done else _ZERO), done
    number = measure(value)
    if number is None:
        return None, None
    if rule.method == "scaled":  # an index in [0, 1], checked when the submission was read
        return part.points * number, number
    pts = _ZERO
    reached: Fraction | None = None
    for at_least, band_points in rule.bands:
        if number >= at_least:
            pts, reached = band_points, at_least
    return pts, (number, reached)


def _part_outcome(
    part: Part, source: Any, units: Mapping[str, str]
) -> tuple[Fraction, bool, tuple[Any, ...], Any]:
    """Points, whether complete, the formula's recipe, and ``source``, for a part that
    reads ``source``: its input's value (binary, bands) or its target's result."""
    rule = part.rule
    method = rule.method
    if method in {"threshold", "proportional"}:
        target: TargetResult = source
        status = target.status
        pts = _target_points(method, part.points, status, target.value, target.threshold)
        if pts is None:
            return _ZERO, False, ("not_evaluated", target.id), source
        if status is not TargetStatus.NOT_MET:
            return pts, True, ("target_full", target.id, status, part.points), source
        if method == "threshold":
            return pts, True, ("target_zero", target.id), source
        recipe = (
            "proportional",
            part.points,
            target.value,
            target.threshold,
            units[target.input],
            pts,
        )
        return pts, True, recipe, source
    assert rule.input is not None
    found, read = _input_points(part, source)
    if found is None:
        missing = "binary_missing" if method == "binary" else "bands_missing"
        return _ZERO, False, (missing, rule.input), source
    if method == "binary":
        return found, True, ("binary", read, found, part.points), source
    if method == "scaled":
        return found, True, ("scaled", part.points, read, found), source
    number, reached = read
    return found, True, ("bands", number, units[rule.input], reached, found), source
