"""Points, explanations and the Result, from an evaluation's facts and a backend's decisions.

Shared by every backend, so that backends differ only in how they decide statuses and
violations. All arithmetic is exact; nothing is rounded here.

Explanations and violation messages are rendered when first read: each item of the Result
carries a renderer shared by every evaluation of the rule set (see :class:`_ScorePlan`) and
records the values its text is made from, so scoring many units neither makes the texts
nor keeps more objects per Result than it has items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from math import gcd
from typing import Any

import attrs

from .._kinds import Level
from ..compiled import CompiledIndicator, CompiledRuleSet, Part
from ..result import (
    Breakdown,
    Deferred,
    GroupResult,
    GroupTotal,
    IndicatorResult,
    IndicatorStatus,
    LeftOut,
    Result,
    TargetResult,
    UnitRef,
    Violation,
    ViolationCode,
)
from ..rulesets import RuleSetRef
from ..submission import Submission
from ._deadlines import deadline_facts, deadline_tuple, deadline_violations
from ._explain import (
    _GroupRenderer,
    _IndicatorRenderer,
    _NotMetMessage,
    _ResultRenderer,
    _TargetRenderer,
    _violation_text,
)
from ._facts import (
    Decisions,
    Facts,
    gather,
)
from ._parts import _input_points, _part_outcome, _target_points
from ._plan import Plan, plan, unit_symbol

__all__ = ["build_result", "total_points"]


def _static_violation(
    ruleset: CompiledRuleSet, p: Plan, code: ViolationCode, subject: str, basis: str
) -> Violation:
    """A violation that depends only on its code and subject (and a missing tier's basis):
    made once per rule set and shared by the Results that have it."""
    key = (code, subject, basis)
    found = p.static_violations.get(key)
    if found is not None:
        return found
    policy = ruleset.terms.rounding
    if code is ViolationCode.LEVEL_NOT_COVERED:
        target = ruleset.target_map[subject]
        text = Deferred(_violation_text, code, target.text, policy, (basis,))
        found = Violation(code, subject, text, target.source_ref)
    else:
        spec = ruleset.input_map[subject]
        text = Deferred(_violation_text, code, spec.name, policy, ())
        found = Violation(code, subject, text, spec.source_ref)
    p.static_violations[key] = found
    return found


@attrs.frozen
class _ScorePlan:
    """The renderers of a rule set's items, the unit symbol of each input, and every part
    of every indicator with the position of the target it reads (None: it reads an input)."""

    units: Mapping[str, str]
    parts: tuple[tuple[Part, int | None], ...]
    part_groups: tuple[int, ...]  # the index in ruleset.groups of each part's group
    targets: tuple[Mapping[Level, _TargetRenderer], ...]
    not_met: Mapping[str, _NotMetMessage]
    indicators: Mapping[str, _IndicatorRenderer]
    groups: tuple[_GroupRenderer, ...]
    result: _ResultRenderer


def _build_score_plan(ruleset: CompiledRuleSet) -> _ScorePlan:
    units = {item.id: unit_symbol(item.kind) for item in ruleset.inputs}
    targets: list[Mapping[Level, _TargetRenderer]] = []
    for tp in plan(ruleset).targets:
        if tp.fixed is not None:
            fixed = _TargetRenderer(tp.target, tp.unit, tp.fixed[1])
            targets.append(dict.fromkeys(Level, fixed))
        elif tp.by_level:
            targets.append(
                {
                    level: _TargetRenderer(tp.target, tp.unit, basis)
                    for level, (_, basis, _) in tp.by_level.items()
                }
            )
        else:
            targets.append(dict.fromkeys(Level, _TargetRenderer(tp.target, tp.unit, None)))
    policy = ruleset.terms.rounding
    positions = plan(ruleset).positions
    return _ScorePlan(
        units=units,
        parts=tuple(
            (part, positions[part.rule.target] if part.rule.target is not None else None)
            for group in ruleset.groups
            for indicator in group.indicators
            for part in indicator.parts
        ),
        part_groups=tuple(
            index
            for index, group in enumerate(ruleset.groups)
            for indicator in group.indicators
            for _part in indicator.parts
        ),
        targets=tuple(targets),
        not_met={
            t.id: _NotMetMessage(t.text, units[t.input], t.comparison, policy)
            for t in ruleset.targets
        },
        indicators={i.id: _IndicatorRenderer(i, units) for i in ruleset.indicators},
        groups=tuple(_GroupRenderer(g.source_ref) for g in ruleset.groups),
        result=_ResultRenderer(ruleset.terms.document),
    )


def _score_plan(ruleset: CompiledRuleSet) -> _ScorePlan:
    return ruleset.derived("engine.score", _build_score_plan)


# -- scoring: exact points and statuses -----------------------------------------------------

_ZERO = Fraction(0)


def _exact_sum(values: Iterable[Fraction]) -> Fraction:
    """The exact sum of ``values``, added as integers over a common denominator."""
    num, den = 0, 1  # the sum is num / den
    for value in values:
        n, d = value.numerator, value.denominator
        if d == den:
            num += n
        else:
            g = gcd(den, d)
            num = num * (d // g) + n * (den // g)
            den = den // g * d
    return Fraction(num) if den == 1 else Fraction(num, den)


class _Scoring:
    def __init__(
        self,
        ruleset: CompiledRuleSet,
        submission: Submission,
        facts: Facts,
        decisions: Decisions,
    ) -> None:
        self.rs = ruleset
        self.sub = submission
        self.facts = facts
        self.decisions = decisions
        self.values = submission.values_by_id
        self.plan = plan(ruleset)
        self.renderers = _score_plan(ruleset)
        self.targets = self._targets()

    def _targets(self) -> dict[str, TargetResult]:
        """Every target's result, by id, in declaration order."""
        get = self.values.get
        statuses = self.decisions.statuses
        level = self.sub.unit.level
        out: dict[str, TargetResult] = {}
        for tp, m, renderers in zip(
            self.plan.targets, self.facts.measures, self.renderers.targets, strict=True
        ):
            value = get(tp.input)
            target = tp.target
            recorded: Any = value if tp.previous is None else (value, get(tp.previous))
            if tp.kinds:
                recorded = tuple(get(ident) for _kind, ident, _t in tp.kinds)
            out[tp.id] = TargetResult(
                tp.id,
                target.source_ref,
                target.text,
                tp.input,
                tp.comparison,
                statuses[tp.id],
                m.value,
                m.threshold,
                renderers[level],
                recorded,
            )
        return out

    def part(self, part: Part) -> tuple[Fraction, bool, tuple[Any, ...], Any]:
        """Points, whether complete, the formula's recipe, and what the part reads (its
        target's result, or its input's value), for a part."""
        rule = part.rule
        if rule.method in {"threshold", "proportional"}:
            assert rule.target is not None
            source: Any = self.targets[rule.target]
        else:
            assert rule.input is not None
            source = self.values.get(rule.input)
        return _part_outcome(part, source, self.renderers.units)

    def indicator(self, indicator: CompiledIndicator) -> IndicatorResult:
        parts = indicator.parts
        recorded: Any
        if len(parts) == 1:
            total, complete, _, recorded = self.part(parts[0])
        else:
            complete = True
            points: list[Fraction] = []
            sources: list[Any] = []
            for part in parts:
                pts, ok, _, source = self.part(part)
                points.append(pts)
                sources.append(source)
                complete = complete and ok
            total = _exact_sum(points)
            recorded = tuple(sources)
        full = indicator.max_points
        if not complete:
            status = IndicatorStatus.INCOMPLETE
        elif total is full or (
            total.numerator == full.numerator and total.denominator == full.denominator
        ):
            status = IndicatorStatus.FULL
        elif total.numerator == 0:
            status = IndicatorStatus.ZERO
        else:
            status = IndicatorStatus.PARTIAL
        return IndicatorResult(
            indicator.id,
            indicator.group,
            indicator.name,
            indicator.source_ref,
            total,
            indicator.max_points,
            status,
            self.renderers.indicators[indicator.id],
            recorded,
        )

    def violations(self) -> Iterator[Violation]:
        """The decided violations, with their messages' renderers."""
        not_met, targets = self.renderers.not_met, self.targets
        not_met_code = ViolationCode.TARGET_NOT_MET
        for code, subject in self.decisions.violations:
            if code is not_met_code:
                target = targets[subject]
                yield Violation(code, subject, not_met[subject], target.source_ref, target)
            elif code is ViolationCode.LEVEL_NOT_COVERED:
                basis = self.facts.measure(subject).basis
                yield _static_violation(self.rs, self.plan, code, subject, basis)
            else:
                yield _static_violation(self.rs, self.plan, code, subject, "")


def total_points(
    ruleset: CompiledRuleSet, submission: Submission, facts: Facts, decisions: Decisions
) -> tuple[Fraction, tuple[GroupTotal, ...]]:
    """The Result's points: every part's points, summed exactly, and each group's sum (what
    the items' groups hold, without making the items)."""
    get = submission.values_by_id.get
    statuses = decisions.statuses
    measures = facts.measures
    score_plan = _score_plan(ruleset)
    earned: list[list[Fraction]] = [[] for _ in ruleset.groups]
    for (part, position), group in zip(score_plan.parts, score_plan.part_groups, strict=True):
        if position is None:
            assert part.rule.input is not None
            pts = _input_points(part, get(part.rule.input))[0]
        else:
            m = measures[position]
            pts = _target_points(
                part.rule.method, part.points, statuses[m.target], m.value, m.threshold
            )
        if pts is not None and pts.numerator:
            earned[group].append(pts)
    groups = tuple(
        GroupTotal(group.id, _exact_sum(points), group.max_points)
        for group, points in zip(ruleset.groups, earned, strict=True)
    )
    return _exact_sum(g.points for g in groups), groups


def _breakdown(
    ruleset: CompiledRuleSet, submission: Submission, decisions: Decisions, as_of: dt.date
) -> Breakdown:
    """A Result's items, from its decisions: the facts they were decided on are gathered
    again (the same facts: nothing in them depends on the backend)."""
    facts = gather(ruleset, submission)
    run = _Scoring(ruleset, submission, facts, decisions)
    indicator = run.indicator
    groups: list[GroupResult] = []
    indicators: list[IndicatorResult] = []
    for group, renderer in zip(ruleset.groups, run.renderers.groups, strict=True):
        results = tuple([indicator(ind) for ind in group.indicators])
        indicators.extend(results)
        groups.append(
            GroupResult(
                group.id,
                group.name,
                group.source_ref,
                _exact_sum(r.points for r in results),
                group.max_points,
                renderer,
                results,
            )
        )
    dues = deadline_facts(ruleset, submission, as_of)
    deadlines = deadline_tuple(dues, decisions.deadlines, ruleset)
    return Breakdown(
        groups=tuple(groups),
        indicators=tuple(indicators),
        targets=tuple(run.targets.values()),
        violations=(*run.violations(), *deadline_violations(deadlines)),
        deadlines=deadlines,
    )


def _breakdown_by_ref(
    ref: RuleSetRef, submission: Submission, decisions: Decisions, as_of: dt.date
) -> Breakdown:
    """:func:`_breakdown`, with the rule set held by reference (a Result pickles without it)."""
    return _breakdown(ref.get(), submission, decisions, as_of)


def _fingerprint(submission: Submission) -> str:
    return submission.fingerprint


def build_result(
    ruleset: CompiledRuleSet,
    submission: Submission,
    decisions: Decisions,
    *,
    points: Fraction,
    group_totals: tuple[GroupTotal, ...] | Deferred[tuple[GroupTotal, ...]],
    backend: str,
    as_of: dt.date,
    left_out: tuple[LeftOut, ...] = (),
) -> Result:
    """The Result: its ``points`` and ``group_totals`` (see :func:`total_points`) now, its
    items (made by :func:`_breakdown`) and the submission's fingerprint when first read.

    It keeps the submission and the backend's decisions (statuses of targets and due days,
    violations found), which is all its items are made from."""
    unit = submission.unit
    return Result(
        ruleset_id=ruleset.id,
        ruleset_fingerprint=ruleset.fingerprint,
        submission_fingerprint=Deferred(_fingerprint, submission),
        unit=UnitRef(unit.id, unit.name, unit.level.value),
        period=submission.period,
        as_of=as_of,
        backend=backend,
        points=points,
        group_totals=group_totals,
        max_points=ruleset.max_points,
        rounding=ruleset.terms.rounding,
        breakdown=Deferred(
            _breakdown_by_ref,
            RuleSetRef(ruleset, (unit.id, unit.name)),
            submission,
            decisions,
            as_of,
        ),
        left_out=left_out,
        explanation=_score_plan(ruleset).result,
    )
