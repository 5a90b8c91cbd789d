"""Fixed cases for any rule set: a submission that earns every point, one that earns none.

They answer two questions every rule set must pass — can a unit reach the maximum, and does
a unit that did nothing get nothing::

    >>> from dti_rules import evaluate, load_ruleset, submission_from_data
    >>> from dti_rules.testing import full_marks_data, zero_data
    >>> rs = load_ruleset("q10-dti-2024")
    >>> best = evaluate(rs, submission_from_data(full_marks_data(rs, "district"), rs))
    >>> best.points == rs.max_points
    True
    >>> worst = evaluate(rs, submission_from_data(zero_data(rs, "district"), rs))
    >>> worst.points
    Fraction(0, 1)
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..compiled import CompiledRuleSet, CompiledTarget
from ..errors import msg
from ..model import Comparison, InputKind, Level
from ..submission import SCHEMA

__all__ = ["full_marks_data", "zero_data"]

_BASE = 1000  # denominator used for rates, so thresholds with one decimal are exact


def envelope(
    ruleset: CompiledRuleSet, unit: dict[str, str], inputs: dict[str, Any]
) -> dict[str, Any]:
    """Submission data for ``unit`` and the first year ``ruleset`` covers."""
    return {
        "schema": SCHEMA,
        "ruleset": ruleset.id,
        "unit": unit,
        "period": str(ruleset.spec.effective.start.year),
        "inputs": inputs,
    }


def _case_unit(level: str) -> dict[str, str]:
    return {"id": "case", "name": "Đơn vị kiểm thử", "level": level}


def _bounds(ruleset: CompiledRuleSet, input_id: str, level: Level) -> tuple[Fraction, Fraction]:
    """The interval of values (as a target compares them) that satisfies every rule on
    ``input_id``, assuming previous-period inputs are set to their lowest value."""
    spec = ruleset.input_map[input_id]
    low = spec.minimum if spec.minimum is not None else Fraction(0)
    if spec.kind is InputKind.RATE:
        high = Fraction(100)
    elif spec.maximum is not None:
        high = spec.maximum
    else:
        high = Fraction(10**6)
    rules: list[tuple[CompiledTarget, Fraction | None]] = [
        (target, threshold)
        for target in ruleset.targets
        for _kind, ident, threshold in target.kinds
        if ident == input_id
    ]
    rules += [(t, None) for t in ruleset.targets if not t.kinds and t.input == input_id]
    for target, by_kind in rules:
        if by_kind is not None:  # one kind of a target with a threshold per kind
            threshold = by_kind
        elif target.threshold is not None:
            threshold = target.threshold
        elif target.tiers:
            found = target.tier(level)
            if found is None:
                continue
            threshold = found
        else:  # relative to a previous input held at its minimum
            assert target.relative_delta is not None
            pp = target.relative_reading == "percentage_points"
            threshold = target.relative_delta if pp else Fraction(0)
        if spec.kind is InputKind.COUNT:
            step = Fraction(1)
        elif spec.kind is InputKind.RATE:
            step = Fraction(100, _BASE)  # one numerator unit, in percent
        else:
            step = Fraction(1, _BASE)
        if target.comparison is Comparison.GE:
            low = max(low, threshold)
        elif target.comparison is Comparison.GT:
            low = max(low, threshold + step)
        elif target.comparison is Comparison.EQ:
            low, high = max(low, threshold), min(high, threshold)
        elif target.comparison is Comparison.LE:
            high = min(high, threshold)
        else:
            high = min(high, threshold - step)
    for indicator in ruleset.indicators:
        for part in indicator.parts:
            if part.rule.input == input_id and part.rule.bands:
                low = max(low, part.rule.bands[-1][0])
            if part.rule.input == input_id and part.rule.method == "scaled":
                low = max(low, Fraction(1))  # an index of 1 earns every point
    if low > high:
        raise ValueError(msg("no value of {ident!r} satisfies every rule on it", ident=input_id))
    return low, high


def _encode(kind: InputKind, value: Fraction) -> Any:
    if kind is InputKind.RATE:
        numerator = value * _BASE / 100
        if numerator.denominator != 1:
            rate = str(value) + "%"
            raise ValueError(
                msg("rate {rate} is not a whole number of 1/{base}", rate=rate, base=_BASE)
            )
        return {"numerator": int(numerator), "denominator": _BASE}
    if kind is InputKind.COUNT:
        whole = -(-value.numerator // value.denominator)  # ceiling
        return int(whole)
    if value.denominator == 1:
        return int(value)
    return Decimal(value.numerator) / Decimal(value.denominator)


def full_marks_data(ruleset: CompiledRuleSet, level: str) -> dict[str, Any]:
    """Submission data for a unit at ``level`` that meets every target, reaches the top band
    of every band rule, answers "yes" (with evidence) to every question and does every task
    and report on its due day."""
    lvl = Level(level)
    previous = {t.previous_input for t in ruleset.targets if t.previous_input}
    inputs: dict[str, Any] = {}
    for spec in ruleset.inputs:
        if spec.kind is InputKind.BOOLEAN:
            inputs[spec.id] = {"value": True, "evidence": "Văn bản kiểm thử số 1"}
        elif spec.kind is InputKind.DATE:
            inputs[spec.id] = ruleset.spec.effective.start.isoformat()
        elif spec.id in previous:
            low = spec.minimum if spec.minimum is not None else Fraction(0)
            inputs[spec.id] = _encode(spec.kind, low)
        else:
            low, _ = _bounds(ruleset, spec.id, lvl)
            inputs[spec.id] = _encode(spec.kind, low)
    data = envelope(ruleset, _case_unit(level), inputs)
    if ruleset.schedule:
        data["done"] = {due.id: due.due.isoformat() for due in ruleset.schedule}
    return data


def zero_data(ruleset: CompiledRuleSet, level: str) -> dict[str, Any]:
    """Submission data for a unit at ``level`` that answers "no" and zero everywhere
    (dates are left blank, and no task or report is done: nothing was done)."""
    inputs: dict[str, Any] = {}
    for spec in ruleset.inputs:
        if spec.kind is InputKind.BOOLEAN:
            inputs[spec.id] = False
        elif spec.kind is InputKind.DATE:
            inputs[spec.id] = None
        elif spec.kind is InputKind.RATE:
            inputs[spec.id] = {"numerator": 0, "denominator": _BASE}
        elif spec.kind is InputKind.COUNT:
            inputs[spec.id] = 0
        else:
            low = spec.minimum if spec.minimum is not None else Fraction(0)
            inputs[spec.id] = _encode(spec.kind, low)
    return envelope(ruleset, _case_unit(level), inputs)
