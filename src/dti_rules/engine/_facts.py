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

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal, NamedTuple

import attrs

from .._kinds import Comparison
from .._numbers import fraction_text
from .._submission_data import joined, split
from ..calendar import DeadlineStatus
from ..compiled import CompiledRuleSet, CompiledTarget
from ..result import TargetStatus, ViolationCode
from ..submission import Answer, Count, InputValue, Number, Rate, Submission, rate_percent
from ._plan import TargetPlan, Threshold, plan

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


class InputFact(NamedTuple):
    """The state of one input the rule set reads."""

    id: str
    state: InputState


class Measure(NamedTuple):
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
    """The facts of one evaluation: ``inputs``, the inputs whose state calls for a decision
    (every state but ``"ok"``), in declaration order; ``measures``, one per target, in
    declaration order."""

    inputs: tuple[InputFact, ...]
    measures: tuple[Measure, ...]
    _positions: Mapping[str, int] = attrs.field(eq=False, repr=False)

    @_positions.default
    def _index(self) -> Mapping[str, int]:
        return {m.target: i for i, m in enumerate(self.measures)}

    def measure(self, target_id: str) -> Measure:
        return self.measures[self._positions[target_id]]


@attrs.frozen
class Decisions:
    """What a backend decided: each target's status, the violations (code, subject) and each
    due day's status."""

    statuses: Mapping[str, TargetStatus]
    violations: tuple[tuple[ViolationCode, str], ...]
    deadlines: Mapping[str, DeadlineStatus]
    # what these decisions were unpickled from, their fields made when first read
    _packed: tuple[Any, ...] | None = attrs.field(
        init=False, default=None, eq=False, repr=False, hash=False
    )

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as the ids (one text for every Result of a rule set, level and unit kind)
        # and each status or code as a byte, not as a dict of statuses
        packed = self._packed
        return _unpickled_decisions, (packed if packed is not None else self._pack(),)

    def __getattr__(self, name: str) -> Any:
        # only called for a field not set yet: that of decisions unpickled, not yet read
        packed = None if name == "_packed" else self._packed
        if packed is None or name not in {"statuses", "violations", "deadlines"}:
            raise AttributeError(name)
        _fill_decisions(self, *packed)
        return getattr(self, name)

    def _pack(self) -> tuple[Any, ...]:
        statuses, deadlines = self.statuses, self.deadlines
        return (
            _shared_ids(tuple(statuses)),
            bytes(map(_STATUS_BYTE.__getitem__, statuses.values())),
            bytes([_CODE_BYTE[code] for code, _subject in self.violations]),
            joined(tuple([subject for _code, subject in self.violations])),
            _shared_ids(tuple(deadlines)),
            bytes(map(_DEADLINE_BYTE.__getitem__, deadlines.values())),
        )


_STATUSES = tuple(TargetStatus)
_CODES = tuple(ViolationCode)
_DEADLINES = tuple(DeadlineStatus)
_STATUS_BYTE = {status: n for n, status in enumerate(_STATUSES)}
_CODE_BYTE = {code: n for n, code in enumerate(_CODES)}
_DEADLINE_BYTE = {status: n for n, status in enumerate(_DEADLINES)}
_SHARED: dict[tuple[str, ...], str | tuple[str, ...]] = {}


def _shared_ids(ids: tuple[str, ...]) -> str | tuple[str, ...]:
    """These ids as one text (see ``joined``), the same object for the same ids (so that
    Results pickled together share it)."""
    found = _SHARED.get(ids)
    if found is None:
        if len(_SHARED) >= 256:
            _SHARED.clear()
        found = _SHARED[ids] = joined(ids)
    return found


def _unpickled_decisions(packed: tuple[Any, ...]) -> Decisions:
    """Decisions unpickled (see ``Decisions.__reduce__``), made when first read."""
    decisions: Decisions = object.__new__(Decisions)
    object.__setattr__(decisions, "_packed", packed)
    return decisions


def _fill_decisions(
    decisions: Decisions,
    status_ids: str | tuple[str, ...],
    statuses: bytes,
    codes: bytes,
    subjects: str | tuple[str, ...],
    deadline_ids: str | tuple[str, ...],
    deadlines: bytes,
) -> None:
    put = object.__setattr__
    put(
        decisions,
        "statuses",
        dict(zip(split(status_ids), map(_STATUSES.__getitem__, statuses), strict=True)),
    )
    put(
        decisions,
        "violations",
        tuple(zip(map(_CODES.__getitem__, codes), split(subjects), strict=True)),
    )
    put(
        decisions,
        "deadlines",
        dict(zip(split(deadline_ids), map(_DEADLINES.__getitem__, deadlines), strict=True)),
    )


def _state(value: InputValue | None, evidence_required: bool) -> InputState:
    if value is None:
        return "missing"
    if isinstance(value, Rate) and value.denominator == 0:
        return "invalid"
    if isinstance(value, Answer) and value.value and evidence_required and not value.evidence:
        return "no_evidence"
    return "ok"


def relative_threshold(target: CompiledTarget, unit: str, previous: Fraction | None) -> Threshold:
    """The threshold of a target set relative to the previous period's value."""
    if previous is None:
        return None, "previous period's value unavailable", False
    assert target.relative_delta is not None
    delta = target.relative_delta
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


_WORST_FIRST = (TargetStatus.NOT_MET, TargetStatus.MET, TargetStatus.EXCEEDED)


def kind_outcomes(
    tp: TargetPlan, get: Callable[[str], InputValue | None]
) -> list[tuple[str, Fraction | None, Fraction, int | None]]:
    """Each kind of a target with kinds: its name, measured value, threshold and the sign of
    their difference (None when the value is unavailable)."""
    out: list[tuple[str, Fraction | None, Fraction, int | None]] = []
    for kind, ident, threshold in tp.kinds:
        value = measure(get(ident))
        out.append((kind, value, threshold, None if value is None else sign(value - threshold)))
    return out


def _worst_kind(tp: TargetPlan, get: Callable[[str], InputValue | None]) -> Measure:
    """A target with kinds, measured by its worst kind: not evaluated when a kind has no
    value, otherwise the kind whose status comes first in not met, met, exceeded."""
    outcomes = kind_outcomes(tp, get)
    missing = [kind for kind, value, _t, _s in outcomes if value is None]
    if missing:
        first = outcomes[0]
        return Measure(tp.id, None, first[2], f"no value for {missing[0]}", None)
    table = STATUS_BY_SIGN[tp.comparison]
    upward = tp.comparison in (Comparison.GE, Comparison.GT)

    def badness(outcome: tuple[str, Fraction | None, Fraction, int | None]) -> tuple[int, Fraction]:
        _kind, value, threshold, difference = outcome
        assert value is not None and difference is not None
        # among kinds of the same status, the one furthest from (or least beyond) its
        # threshold: proportional points then never fall when a value rises
        ratio = value / threshold if threshold > 0 else value - threshold
        return _WORST_FIRST.index(table[difference]), ratio if upward else -ratio

    kind, value, threshold, difference = min(outcomes, key=badness)
    return Measure(tp.id, value, threshold, f"threshold for {kind}, the worst kind", difference)


def gather(ruleset: CompiledRuleSet, submission: Submission) -> Facts:
    """The facts of one evaluation, computed exactly."""
    p = plan(ruleset)
    get = submission.values_by_id.get
    inputs: list[InputFact] = []
    for ident, evidence_required in p.inputs:
        value = get(ident)
        if value is None or (isinstance(value, Rate) and not value.denominator.numerator):
            inputs.append(InputFact(ident, _state(value, evidence_required)))
        elif evidence_required and isinstance(value, Answer):
            state = _state(value, evidence_required)
            if state != "ok":
                inputs.append(InputFact(ident, state))
    level = submission.unit.level
    measures: list[Measure] = []
    new = tuple.__new__  # Measure(...) without its Python-level constructor
    for tp in p.targets:
        if tp.kinds:
            measures.append(_worst_kind(tp, get))
            continue
        raw = get(tp.input)
        number = rate_percent(raw) if type(raw) is Rate else measure(raw)
        if tp.fixed is not None:
            threshold, basis, uncovered = tp.fixed
        elif tp.by_level:
            threshold, basis, uncovered = tp.by_level[level]
        else:
            previous = get(tp.previous) if tp.previous else None
            threshold, basis, uncovered = relative_threshold(tp.target, tp.unit, measure(previous))
        if number is None or threshold is None:
            measures.append(new(Measure, (tp.id, number, threshold, basis, None, uncovered)))
        else:
            # the sign of number - threshold, over their (positive) common denominator
            cross = number.numerator * threshold.denominator
            cross -= threshold.numerator * number.denominator
            difference = (cross > 0) - (cross < 0)
            if tp.not_due and STATUS_BY_SIGN[tp.comparison][difference] is TargetStatus.NOT_MET:
                # not yet due: progress, which no backend judges
                measures.append(new(Measure, (tp.id, number, threshold, basis, None, uncovered)))
                continue
            measures.append(new(Measure, (tp.id, number, threshold, basis, difference, uncovered)))
    return Facts(tuple(inputs), tuple(measures), p.positions)


def subject_order(ruleset: CompiledRuleSet) -> Mapping[str, int]:
    """Position of every id a violation can name: inputs, then targets, in file order."""
    return plan(ruleset).order


_CODE_ORDER = {code: i for i, code in enumerate(ViolationCode)}


def canonical_violations(
    ruleset: CompiledRuleSet, found: Iterable[tuple[ViolationCode, str]]
) -> tuple[tuple[ViolationCode, str], ...]:
    """Violations without duplicates, in the rule set's order of their subjects."""
    order = subject_order(ruleset)
    unique = set(found)
    return tuple(sorted(unique, key=lambda v: (order.get(v[1], len(order)), _CODE_ORDER[v[0]])))


def decide(
    ruleset: CompiledRuleSet, facts: Facts, deadlines: Mapping[str, DeadlineStatus]
) -> Decisions:
    """The native decision: statuses by :data:`STATUS_BY_SIGN`, violations by state;
    ``deadlines`` are the due days' statuses, decided with the rest.

    Violations are found input by input, then target by target, one at most per subject:
    in the canonical order already when inputs and targets have distinct ids (as a
    compiled rule set's do)."""
    p = plan(ruleset)
    table = STATUS_BY_SIGN
    found: list[tuple[ViolationCode, str]] = [
        (VIOLATION_BY_STATE[f.state], f.id) for f in facts.inputs
    ]
    statuses: dict[str, TargetStatus] = {}
    for m, tp in zip(facts.measures, p.targets, strict=True):
        if m.sign is None:
            statuses[m.target] = TargetStatus.NOT_EVALUATED
            if m.uncovered_level:
                found.append((ViolationCode.LEVEL_NOT_COVERED, m.target))
            continue
        status = table[tp.comparison][m.sign]
        statuses[m.target] = status
        if status is TargetStatus.NOT_MET:
            found.append((ViolationCode.TARGET_NOT_MET, m.target))
    if p.unique_subjects:
        return Decisions(statuses, tuple(found), deadlines)
    return Decisions(statuses, canonical_violations(ruleset, found), deadlines)
