"""What every backend starts from, and the decisions every backend must make.

An evaluation has three stages:

1. :func:`gather` (shared): the state of each input the rule set reads, and for each target
   its measured value, its threshold and the sign of their difference, all exact;
2. deciding (per backend): from those facts, each target's status and the violations. The
   native backend does it with :func:`decide`, the durable backend with durable_rules;
3. scoring (shared, ``_score``): points, explanations and the Result, from facts and decisions.

The status each comparison gives for each sign of ``value - threshold`` is the table
:data:`STATUS_BY_SIGN`; both backends derive their behaviour from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Literal

import attrs

from .._numbers import fraction_text
from ..calendar import DeadlineStatus
from ..compiled import CompiledRuleSet, CompiledTarget
from ..model import Comparison, InputKind
from ..result import TargetStatus, ViolationCode
from ..submission import Answer, Count, InputValue, Number, Rate, Submission

InputState = Literal["ok", "missing", "invalid", "no_evidence"]

#: Target status by comparison and by the sign of ``value - threshold``.
STATUS_BY_SIGN: Mapping[Comparison, Mapping[int, TargetStatus]] = {
    Comparison.GE: {1: TargetStatus.EXCEEDED, 0: TargetStatus.MET, -1: TargetStatus.NOT_MET},
    Comparison.GT: {1: TargetStatus.EXCEEDED, 0: TargetStatus.NOT_MET, -1: TargetStatus.NOT_MET},
    Comparison.EQ: {1: TargetStatus.NOT_MET, 0: TargetStatus.MET, -1: TargetStatus.NOT_MET},
    Comparison.LE: {1: TargetStatus.NOT_MET, 0: TargetStatus.MET, -1: TargetStatus.EXCEEDED},
    Comparison.LT: {1: TargetStatus.NOT_MET, 0: TargetStatus.NOT_MET, -1: TargetStatus.EXCEEDED},
}

#: The violation an input's state gives, if any.
VIOLATION_BY_STATE: Mapping[str, ViolationCode] = {
    "missing": ViolationCode.MISSING_INPUT,
    "invalid": ViolationCode.INVALID_INPUT,
    "no_evidence": ViolationCode.MISSING_EVIDENCE,
}

SYMBOL: Mapping[Comparison, str] = {
    Comparison.GE: "≥",
    Comparison.GT: ">",
    Comparison.EQ: "=",
    Comparison.LE: "≤",
    Comparison.LT: "<",
}


def sign(value: Fraction) -> int:
    """-1, 0 or 1."""
    return (value > 0) - (value < 0)


def target_status(value: Fraction, comparison: Comparison, threshold: Fraction) -> TargetStatus:
    """exceeded when the target holds strictly beyond its threshold, met when it holds
    (or holds exactly at it), not_met otherwise.

    >>> target_status(Fraction(85), Comparison.GT, Fraction(80)).value
    'exceeded'
    >>> target_status(Fraction(80), Comparison.GT, Fraction(80)).value
    'not_met'
    """
    return STATUS_BY_SIGN[comparison][sign(value - threshold)]


def passes(value: Fraction, comparison: Comparison, threshold: Fraction) -> bool:
    """Whether ``value`` satisfies ``comparison`` against ``threshold``."""
    return target_status(value, comparison, threshold) is not TargetStatus.NOT_MET


def measure(value: InputValue | None) -> Fraction | None:
    """The number a target compares: a rate as a percentage, a count or a number."""
    if isinstance(value, Rate):
        return value.percent
    if isinstance(value, (Count, Number)):
        return Fraction(value.value)
    return None


def unit_symbol(kind: InputKind) -> str:
    return "%" if kind is InputKind.RATE else ""


@attrs.frozen
class InputFact:
    """The state of one input the rule set reads."""

    id: str
    state: InputState


@attrs.frozen
class Measure:
    """A target's measured value against its threshold; ``sign`` is None when either is
    unavailable."""

    target: str
    value: Fraction | None
    threshold: Fraction | None
    basis: str
    sign: int | None
    uncovered_level: bool = False


@attrs.frozen
class Facts:
    inputs: tuple[InputFact, ...]
    measures: tuple[Measure, ...]
    _by_target: Mapping[str, Measure] = attrs.field(init=False, eq=False, repr=False)

    @_by_target.default
    def _index(self) -> Mapping[str, Measure]:
        return {m.target: m for m in self.measures}

    def measure(self, target_id: str) -> Measure:
        return self._by_target[target_id]


@attrs.frozen
class Decisions:
    """What a backend decided: each target's status and the violations (code, subject)."""

    statuses: Mapping[str, TargetStatus]
    violations: tuple[tuple[ViolationCode, str], ...]
    deadlines: Mapping[str, DeadlineStatus] = attrs.field(factory=dict)


def _state(value: InputValue | None, evidence_required: bool) -> InputState:
    if value is None:
        return "missing"
    if isinstance(value, Rate) and value.denominator == 0:
        return "invalid"
    if isinstance(value, Answer) and value.value and evidence_required and not value.evidence:
        return "no_evidence"
    return "ok"


def _threshold(
    ruleset: CompiledRuleSet, target: CompiledTarget, submission: Submission
) -> tuple[Fraction | None, str, bool]:
    if target.threshold is not None:
        return target.threshold, "fixed threshold", False
    if target.tiers:
        level = submission.unit.level
        tier = target.tier(level)
        if tier is None:
            return None, f"no tier for level {level.value}", True
        return tier, f"tier for level {level.value}", False
    assert target.previous_input is not None and target.relative_delta is not None
    previous = measure(submission.value(target.previous_input))
    if previous is None:
        return None, "previous period's value unavailable", False
    delta = target.relative_delta
    unit = unit_symbol(ruleset.input_map[target.input].kind)
    if target.relative_reading == "percentage_points":
        return (
            previous + delta,
            f"previous {fraction_text(previous)}{unit} + {fraction_text(delta)} points",
            False,
        )
    return (
        previous * (1 + delta / 100),
        f"previous {fraction_text(previous)}{unit} × (1 + {fraction_text(delta)}%)",
        False,
    )


def gather(ruleset: CompiledRuleSet, submission: Submission) -> Facts:
    """The facts of one evaluation, computed exactly."""
    specs = ruleset.input_map
    inputs = tuple(
        InputFact(ident, _state(submission.value(ident), specs[ident].evidence))
        for ident in ruleset.read_inputs
    )
    measures: list[Measure] = []
    for target in ruleset.targets:
        value = measure(submission.value(target.input))
        threshold, basis, uncovered = _threshold(ruleset, target, submission)
        difference = None if value is None or threshold is None else sign(value - threshold)
        measures.append(Measure(target.id, value, threshold, basis, difference, uncovered))
    return Facts(inputs, tuple(measures))


def subject_order(ruleset: CompiledRuleSet) -> Mapping[str, int]:
    """Position of every id a violation can name: inputs, then targets, in file order."""
    order = {item.id: i for i, item in enumerate(ruleset.inputs)}
    for i, target in enumerate(ruleset.targets):
        order[target.id] = len(ruleset.inputs) + i
    return order


_CODE_ORDER = {code: i for i, code in enumerate(ViolationCode)}


def canonical_violations(
    ruleset: CompiledRuleSet, found: Iterable[tuple[ViolationCode, str]]
) -> tuple[tuple[ViolationCode, str], ...]:
    """Violations without duplicates, in the rule set's order of their subjects."""
    order = subject_order(ruleset)
    unique = set(found)
    return tuple(sorted(unique, key=lambda v: (order.get(v[1], len(order)), _CODE_ORDER[v[0]])))


def decide(ruleset: CompiledRuleSet, facts: Facts) -> Decisions:
    """The native decision: statuses by :data:`STATUS_BY_SIGN`, violations by state."""
    found: list[tuple[ViolationCode, str]] = [
        (VIOLATION_BY_STATE[f.state], f.id) for f in facts.inputs if f.state != "ok"
    ]
    statuses: dict[str, TargetStatus] = {}
    targets = ruleset.target_map
    for m in facts.measures:
        if m.sign is None:
            statuses[m.target] = TargetStatus.NOT_EVALUATED
            if m.uncovered_level:
                found.append((ViolationCode.LEVEL_NOT_COVERED, m.target))
            continue
        status = STATUS_BY_SIGN[targets[m.target].comparison][m.sign]
        statuses[m.target] = status
        if status is TargetStatus.NOT_MET:
            found.append((ViolationCode.TARGET_NOT_MET, m.target))
    return Decisions(statuses, canonical_violations(ruleset, found))
