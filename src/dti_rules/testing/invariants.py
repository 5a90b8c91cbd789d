"""Invariant checks usable inside any hypothesis (or plain) test.

Each ``check_*`` raises :class:`AssertionError` with a message naming what broke::

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.rulesets import examples_dir
    >>> from dti_rules.testing import check_bounds, check_additivity
    >>> rs = load_ruleset("q10-dti-2024")
    >>> result = evaluate(rs, load_submission(examples_dir() / "q10-dti-2024.example.json", rs))
    >>> check_bounds(result); check_additivity(result)
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..calendar import judge
from ..compiled import CompiledRuleSet
from ..engine import BACKENDS, evaluate
from ..model import Comparison, InputKind
from ..result import GroupResult, IndicatorResult, Result
from ..submission import Submission, submission_from_data

__all__ = [
    "check_additivity",
    "check_all",
    "check_backends_agree",
    "check_bounds",
    "check_deadline_statuses",
    "check_determinism",
    "check_monotonicity",
    "check_order_independence",
    "check_target_statuses",
    "monotone_inputs",
]


def check_bounds(result: Result) -> None:
    """Every indicator's, group's and the total's points lie in [0, max]; index in [0, 1]."""
    items: list[IndicatorResult | GroupResult] = [*result.indicators, *result.groups]
    for item in items:
        assert 0 <= item.points <= item.max_points, (
            f"{item.id}: {item.points} outside [0, {item.max_points}]"
        )
    assert 0 <= result.points <= result.max_points, f"total {result.points} out of bounds"
    assert 0 <= result.index <= 1, f"index {result.index} outside [0, 1]"


def check_additivity(result: Result) -> None:
    """Groups are the exact sums of their indicators, the total the exact sum of groups,
    the group totals known without the items are the same, and rounding is idempotent."""
    for group in result.groups:
        parts = sum((i.points for i in result.indicators if i.group == group.id), Fraction(0))
        assert group.points == parts, f"group {group.id}: {group.points} != sum {parts}"
    if result.group_totals:
        known = [(g.id, g.points, g.max_points) for g in result.group_totals]
        made = [(g.id, g.points, g.max_points) for g in result.groups]
        assert known == made, f"group totals {known} != the groups' items {made}"
    total = sum((g.points for g in result.groups), Fraction(0))
    assert result.points == total, f"total {result.points} != sum of groups {total}"
    for value in (result.points, result.index):
        once = result.round_points(value)
        assert result.round_points(Fraction(once)) == once, f"rounding {value} is not idempotent"


_HOLDS = {
    Comparison.GE: lambda v, t: v >= t,
    Comparison.GT: lambda v, t: v > t,
    Comparison.EQ: lambda v, t: v == t,
    Comparison.LE: lambda v, t: v <= t,
    Comparison.LT: lambda v, t: v < t,
}


def check_target_statuses(result: Result) -> None:
    """Each evaluated target's status agrees with its comparison read literally: not_met
    exactly when the comparison fails, exceeded only when it holds strictly beyond the
    threshold ("từ 80% trở lên" is met at 80%, "trên 80%" is not). A target with a value and
    a threshold is left not evaluated only when it is not yet due (``by``) and fails."""
    for target in result.targets:
        if target.value is None or target.threshold is None:
            assert target.status.value == "not_evaluated", f"{target.id}: {target.status}"
            continue
        holds = _HOLDS[target.comparison](target.value, target.threshold)
        if target.status.value == "not_evaluated":
            assert not holds, f"{target.id}: holds but is not evaluated"
            continue
        assert (target.status.value != "not_met") == holds, (
            f"{target.id}: {target.value} {target.comparison.value} {target.threshold} "
            f"is {'true' if holds else 'false'} but the status is {target.status.value}"
        )
        if target.status.value == "exceeded":
            assert target.value != target.threshold, f"{target.id}: exceeded at the threshold"


def check_determinism(ruleset: CompiledRuleSet, submission: Submission) -> None:
    """Evaluating twice gives byte-identical JSON."""
    first = evaluate(ruleset, submission).to_json()
    second = evaluate(ruleset, submission).to_json()
    assert first == second, "two evaluations of the same inputs differ"


def check_order_independence(ruleset: CompiledRuleSet, data: Mapping[str, Any]) -> None:
    """Reversing the order of a submission's inputs changes nothing in the Result."""
    inputs = data["inputs"]
    reordered = dict(data)
    if isinstance(inputs, Mapping):
        reordered["inputs"] = dict(reversed(list(inputs.items())))
    else:
        reordered["inputs"] = list(reversed(inputs))
    a = evaluate(ruleset, submission_from_data(data, ruleset)).to_dict()
    b = evaluate(ruleset, submission_from_data(reordered, ruleset)).to_dict()
    assert a == b, "the order of inputs changed the Result"


def monotone_inputs(ruleset: CompiledRuleSet) -> list[str]:
    """Inputs whose rise can never lower points: read only by binary scoring, bands, and
    ``ge``/``gt`` targets as the measured value (not as a previous-period base)."""
    blocked: set[str] = set()
    used: set[str] = set()
    for target in ruleset.targets:
        if target.previous_input:
            blocked.add(target.previous_input)
        measured = {target.input} | {ident for _kind, ident, _t in target.kinds}
        if target.comparison in {Comparison.GE, Comparison.GT}:
            used.update(measured)
        else:
            blocked.update(measured)
    for indicator in ruleset.indicators:
        for part in indicator.parts:
            if part.rule.input:
                used.add(part.rule.input)
    return [i.id for i in ruleset.inputs if i.id in used and i.id not in blocked]


def _raised(ruleset: CompiledRuleSet, input_id: str, raw: Any) -> Any | None:
    """A value one step closer to 'more' than ``raw``, or None when it cannot rise."""
    kind = ruleset.input_map[input_id].kind
    value = raw.get("value", raw) if isinstance(raw, Mapping) and "value" in raw else raw
    if kind is InputKind.BOOLEAN:
        return None if value is True else {"value": True, "evidence": "QĐ 1/QĐ-UBND"}
    if kind is InputKind.DATE:
        return None
    if kind is InputKind.RATE:
        num, den = Fraction(value["numerator"]), Fraction(value["denominator"])
        if den == 0 or num >= den:
            return None
        return {
            "numerator": Decimal(num.numerator) / Decimal(num.denominator) + 1
            if num + 1 <= den
            else den,
            "denominator": value["denominator"],
        }
    spec = ruleset.input_map[input_id]
    if isinstance(value, Mapping) and "points" in value and spec.points_of is not None:
        value = Fraction(value["points"]) / spec.points_of  # an index given as points
    maximum = spec.maximum
    current = Fraction(value)
    if maximum is None:
        new = current + 1
    elif current >= maximum:
        return None
    else:  # one step, or halfway to the maximum when that is closer
        new = current + min(Fraction(1), (maximum - current) / 2)
    return (
        int(new) if kind is InputKind.COUNT else Decimal(new.numerator) / Decimal(new.denominator)
    )


def check_monotonicity(ruleset: CompiledRuleSet, data: Mapping[str, Any], input_id: str) -> None:
    """Raising a monotone input (see :func:`monotone_inputs`) never lowers any points."""
    inputs = data["inputs"]
    if input_id not in inputs or inputs[input_id] is None:
        return
    better = _raised(ruleset, input_id, inputs[input_id])
    if better is None:
        return
    improved = copy.deepcopy(dict(data))
    improved["inputs"] = dict(inputs)
    improved["inputs"][input_id] = better
    before = evaluate(ruleset, submission_from_data(data, ruleset))
    after = evaluate(ruleset, submission_from_data(improved, ruleset))
    for old, new in zip(before.indicators, after.indicators, strict=True):
        assert new.points >= old.points, (
            f"raising {input_id} lowered {old.id} from {old.points} to {new.points}"
        )
    assert after.points >= before.points, f"raising {input_id} lowered the total"


def check_backends_agree(ruleset: CompiledRuleSet, submission: Submission) -> None:
    """Every available backend gives the same Result, apart from the field naming it."""
    results = {}
    for backend in BACKENDS:
        data = evaluate(ruleset, submission, backend=backend).to_dict()
        assert data.pop("backend") == backend
        results[backend] = data
    first, *others = results
    for other in others:
        assert results[other] == results[first], f"backends {first} and {other} disagree"


_MISSED = {
    ("task", "late"): "TASK_LATE",
    ("task", "overdue"): "TASK_OVERDUE",
    ("report", "late"): "REPORT_LATE",
    ("report", "overdue"): "REPORT_OVERDUE",
}


def check_deadline_statuses(result: Result) -> None:
    """Every due day's status agrees with its dates on the evaluation date, due days fall on
    working days no earlier than the day the text states, and exactly the late and overdue
    ones are violations."""
    assert result.as_of is not None, "a Result with deadlines needs its evaluation date"
    expected: set[tuple[str, str]] = set()
    for item in result.deadlines:
        if item.due is None:
            assert item.status in {"no_deadline", "waiting"}, f"{item.id}: no due day"
            continue
        assert item.nominal is not None and item.due >= item.nominal, f"{item.id}: moved back"
        judged = judge(item.due, item.done, result.as_of)
        assert item.status == judged.status.value, f"{item.id}: {item.status} ≠ {judged.status}"
        assert item.days == judged.days, f"{item.id}: {item.days} days ≠ {judged.days}"
        if item.done is not None:
            assert item.done <= result.as_of, f"{item.id}: done after the evaluation date"
        code = _MISSED.get((item.kind, item.status))
        if code:
            expected.add((code, item.id))
    found = {
        (v.code.value, v.subject) for v in result.violations if v.code.value in _MISSED.values()
    }
    assert found == expected, f"deadline violations {sorted(found)} ≠ {sorted(expected)}"


def check_all(ruleset: CompiledRuleSet, submission: Submission) -> None:
    """Bounds, additivity, target and deadline statuses, determinism and backend agreement
    for one evaluation."""
    result = evaluate(ruleset, submission)
    check_bounds(result)
    check_additivity(result)
    check_target_statuses(result)
    check_deadline_statuses(result)
    check_determinism(ruleset, submission)
    check_backends_agree(ruleset, submission)
