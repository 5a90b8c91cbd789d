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

from .._numbers import fraction_text, round_fraction
from ..compiled import CompiledIndicator, CompiledRuleSet, CompiledTarget, Part
from ..model import Comparison, Level, Rounding
from ..result import (
    Breakdown,
    Deferred,
    Explanation,
    GroupResult,
    GroupTotal,
    IndicatorResult,
    IndicatorStatus,
    LeftOut,
    Result,
    TargetResult,
    TargetStatus,
    UnitRef,
    Violation,
    ViolationCode,
)
from ..rulesets import RuleSetRef
from ..submission import Answer, DateValue, InputValue, Rate, Submission
from ._deadlines import deadline_facts, deadline_tuple, deadline_violations
from ._facts import (
    STATUS_BY_SIGN,
    SYMBOL,
    Decisions,
    Facts,
    gather,
    measure,
    relative_threshold,
)
from ._plan import Plan, plan, unit_symbol

__all__ = ["build_result", "total_points"]


def _show(value: InputValue | None) -> str:
    if value is None:
        return "missing"
    if isinstance(value, Answer):
        text = "yes" if value.value else "no"
        return f"{text} ({value.evidence})" if value.evidence else text
    if isinstance(value, Rate):
        pct = value.percent
        shown = "undefined" if pct is None else f"{fraction_text(pct)}%"
        return f"{fraction_text(value.numerator)}/{fraction_text(value.denominator)} = {shown}"
    if isinstance(value, DateValue):
        return value.value.isoformat()
    return fraction_text(Fraction(value.value))


def _rounded(policy: Rounding, value: Fraction) -> str:
    """A value as a message shows it: at the rule set's percent places, marked when
    rounded (the exact value stays in the target's explanation)."""
    shown = round_fraction(value, policy.percent, policy.mode)
    text = format(shown.normalize(), "f") if shown == shown.to_integral() else str(shown)
    return text if Fraction(shown) == value else f"≈{text}"


def _violation_text(
    code: ViolationCode, subject_name: str, policy: Rounding, detail: tuple[Any, ...]
) -> str:
    if code is ViolationCode.TARGET_NOT_MET:
        value, threshold, unit, comparison = detail
        return (
            f"{_rounded(policy, value)}{unit} does not satisfy {SYMBOL[comparison]} "
            f"{_rounded(policy, threshold)}{unit}: {subject_name}"
        )
    if code is ViolationCode.LEVEL_NOT_COVERED:
        return f"the target sets no threshold for this unit's level ({detail[0]})"
    if code is ViolationCode.MISSING_INPUT:
        return f"no value supplied for {subject_name!r}"
    if code is ViolationCode.INVALID_INPUT:
        return f"rate {subject_name!r} has denominator 0, so it cannot be computed"
    return f"'yes' for {subject_name!r} cites no evidence"


def _static_violation(
    ruleset: CompiledRuleSet, p: Plan, code: ViolationCode, subject: str, basis: str
) -> Violation:
    """A violation that depends only on its code and subject (and a missing tier's basis):
    made once per rule set and shared by the Results that have it."""
    key = (code, subject, basis)
    found = p.static_violations.get(key)
    if found is not None:
        return found
    policy = ruleset.spec.rounding
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


# -- rendering: explanations are text made on first use from the data kept here ----------

_Shown = tuple[tuple[str, "InputValue | TargetStatus | None"], ...]


def _shown(entries: _Shown) -> tuple[tuple[str, str], ...]:
    out = (
        (key, value.value if isinstance(value, TargetStatus) else _show(value))
        for key, value in entries
    )
    return tuple(dict.fromkeys(out))


def _part_formula(recipe: tuple[Any, ...]) -> str:
    kind, *data = recipe
    if kind == "binary_missing":
        return f"{data[0]} missing → 0"
    if kind == "binary":
        done, pts, full = data
        return f"{'yes' if done else 'no'} → {fraction_text(pts)} of {fraction_text(full)}"
    if kind == "not_evaluated":
        return f"target {data[0]} not evaluated → 0"
    if kind == "target_full":
        tid, status, full = data
        return f"target {tid} {status.value} → {fraction_text(full)}"
    if kind == "target_zero":
        return f"target {data[0]} not met → 0"
    if kind == "proportional":
        full, value, threshold, unit, pts = data
        return (
            f"{fraction_text(full)} × {fraction_text(value)}{unit} / "
            f"{fraction_text(threshold)}{unit} = {fraction_text(pts)}"
        )
    if kind == "bands_missing":
        return f"{data[0]} unavailable → 0"
    if kind == "scaled":
        full, index, pts = data
        return f"{fraction_text(full)} × index {fraction_text(index)} = {fraction_text(pts)}"
    number, unit, at_least, pts = data
    band = "below the first band" if at_least is None else f"band ≥ {fraction_text(at_least)}{unit}"
    return f"{fraction_text(number)}{unit} in {band} → {fraction_text(pts)}"


def _target_explanation(
    target: CompiledTarget,
    unit: str,
    value: Fraction | None,
    threshold: Fraction | None,
    basis: str,
    status: TargetStatus,
    shown: _Shown,
) -> Explanation:
    if value is None or threshold is None:
        missing = "measurement" if value is None else "threshold"
        formula = f"not evaluated: {missing} unavailable ({basis})"
    elif status is TargetStatus.NOT_EVALUATED and target.not_due_before is not None:
        share = fraction_text(100 * value / threshold) if threshold else "—"
        formula = (
            f"{fraction_text(value)}{unit} {SYMBOL[target.comparison]} "
            f"{fraction_text(threshold)}{unit} ({basis}) not yet: due by the end of "
            f"{target.not_due_before}, after this rule set's period; progress {share}% of "
            "the threshold → not_evaluated"
        )
    else:
        formula = (
            f"{fraction_text(value)}{unit} {SYMBOL[target.comparison]} "
            f"{fraction_text(threshold)}{unit} ({basis}) → {status.value}"
        )
    return Explanation(
        rule=f"target {target.comparison.value}",
        formula=formula,
        source_ref=target.source_ref,
        inputs=_shown(shown),
        assumption=target.assumption,
    )


def _indicator_explanation(
    indicator: CompiledIndicator,
    part_points: tuple[Fraction, ...],
    recipes: tuple[tuple[Any, ...], ...],
    shown: _Shown,
    total: Fraction,
) -> Explanation:
    formulas = [_part_formula(recipe) for recipe in recipes]
    if indicator.summed:
        formula = " + ".join(fraction_text(p) for p in part_points) + f" = {fraction_text(total)}"
    else:
        formula = formulas[-1]
    methods = sorted({p.rule.method for p in indicator.parts})
    rule = ("items: " + ", ".join(methods)) if indicator.summed else methods[0]
    steps = tuple(
        f"{part.id}: {text}" for part, text in zip(indicator.parts, formulas, strict=True)
    )
    return Explanation(
        rule=rule,
        formula=formula,
        source_ref=indicator.source_ref,
        inputs=_shown(shown),
        assumption=indicator.assumption,
        steps=steps if indicator.summed else (),
    )


def _group_explanation(source_ref: str, parts: tuple[tuple[str, Fraction], ...]) -> Explanation:
    total = sum((p for _, p in parts), Fraction(0))
    terms = " + ".join(fraction_text(p) for _, p in parts) or "no indicator binds this unit"
    return Explanation(
        rule="sum of indicators",
        formula=f"{terms} = {fraction_text(total)}",
        source_ref=source_ref,
        inputs=tuple((ident, fraction_text(p)) for ident, p in parts),
    )


# -- renderers: what each item's text is made from, shared by every evaluation --------------


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


def _part_shown(part: Part, source: Any) -> _Shown:
    """The inputs a part's formula reads (a target's part: its status and its inputs)."""
    rule = part.rule
    if rule.method in {"threshold", "proportional"}:
        target: TargetResult = source
        return ((target.id, target.status), *_target_shown(target))
    assert rule.input is not None
    return ((rule.input, source),)


def _target_shown(target: TargetResult) -> _Shown:
    """The inputs a target's explanation shows, from what its result recorded."""
    renderer = target._explanation
    if isinstance(renderer, _TargetRenderer) and renderer.target.kinds:
        return tuple(
            (ident, value)
            for (_kind, ident, _t), value in zip(
                renderer.target.kinds, target._recorded, strict=True
            )
        )
    if isinstance(renderer, _TargetRenderer) and renderer.target.previous_input:
        value, previous = target._recorded
        return ((target.input, value), (renderer.target.previous_input, previous))
    return ((target.input, target._recorded),)


@attrs.frozen(repr=False)
class _TargetRenderer:
    """A target's explanation. Records: its input's value, or (value, previous value) for a
    threshold relative to the previous period. ``basis`` is None for such a threshold (it
    is made from the previous value) and the threshold's origin otherwise."""

    target: CompiledTarget
    unit: str
    basis: str | None

    def render(self, item: TargetResult) -> Explanation:
        if self.target.kinds:
            return self._render_kinds(item)
        basis = self.basis
        if basis is None:
            previous = measure(item._recorded[1])
            basis = relative_threshold(self.target, self.unit, previous)[1]
        return _target_explanation(
            self.target,
            self.unit,
            item.value,
            item.threshold,
            basis,
            item.status,
            _target_shown(item),
        )

    def _render_kinds(self, item: TargetResult) -> Explanation:
        """A target with a threshold per kind: each kind's comparison, then the worst."""
        target, unit = self.target, self.unit
        steps: list[str] = []
        for (kind, _ident, threshold), raw in zip(target.kinds, item._recorded, strict=True):
            value = measure(raw)
            if value is None:
                symbol = SYMBOL[target.comparison]
                steps.append(f"{kind}: no value ({symbol} {fraction_text(threshold)}{unit})")
                continue
            status = STATUS_BY_SIGN[target.comparison][(value > threshold) - (value < threshold)]
            steps.append(
                f"{kind}: {fraction_text(value)}{unit} {SYMBOL[target.comparison]} "
                f"{fraction_text(threshold)}{unit} → {status.value}"
            )
        return Explanation(
            rule=f"target {target.comparison.value}, per kind",
            formula=f"the worst of {len(target.kinds)} kinds → {item.status.value}",
            source_ref=target.source_ref,
            inputs=_shown(_target_shown(item)),
            assumption=target.assumption,
            steps=tuple(steps),
        )

    def __repr__(self) -> str:
        return f"<explanation of target {self.target.id}>"


@attrs.frozen(repr=False)
class _IndicatorRenderer:
    """An indicator's explanation. Records: what its part reads (its input's value or its
    target's result), or a tuple of them for several parts."""

    indicator: CompiledIndicator
    units: Mapping[str, str] = attrs.field(eq=False)

    def render(self, item: IndicatorResult) -> Explanation:
        parts = self.indicator.parts
        sources = (item._recorded,) if len(parts) == 1 else item._recorded
        part_points: list[Fraction] = []
        recipes: list[tuple[Any, ...]] = []
        shown: _Shown = ()
        for part, source in zip(parts, sources, strict=True):
            pts, _, recipe, _ = _part_outcome(part, source, self.units)
            part_points.append(pts)
            recipes.append(recipe)
            shown += _part_shown(part, source)
        return _indicator_explanation(
            self.indicator, tuple(part_points), tuple(recipes), shown, item.points
        )

    def __repr__(self) -> str:
        return f"<explanation of indicator {self.indicator.id}>"


@attrs.frozen(repr=False)
class _GroupRenderer:
    """A group's explanation. Records: its indicators' results."""

    source_ref: str

    def render(self, item: GroupResult) -> Explanation:
        return _group_explanation(self.source_ref, tuple((r.id, r.points) for r in item._recorded))

    def __repr__(self) -> str:
        return f"<explanation of group at {self.source_ref}>"


@attrs.frozen(repr=False)
class _NotMetMessage:
    """A TARGET_NOT_MET violation's message. Records: the target's result."""

    text: str
    unit: str
    comparison: Comparison
    policy: Rounding

    def render(self, item: Violation) -> str:
        target: TargetResult = item._recorded
        detail = (target.value, target.threshold, self.unit, self.comparison)
        return _violation_text(ViolationCode.TARGET_NOT_MET, self.text, self.policy, detail)

    def __repr__(self) -> str:
        return f"<message: {self.text}>"


def _left_out_steps(result: Result) -> tuple[str, ...]:
    """What the maximum and the judgements leave out for the unit's level, and why."""
    level = result.unit.level
    return tuple(
        f"left out: {item.kind} {item.id} ({item.source_ref}): {item.reason(level)}"
        for item in result.left_out
    )


@attrs.frozen(repr=False)
class _ResultRenderer:
    """The explanation of a Result's total and index, from its groups."""

    source_ref: str

    def render(self, item: Result) -> Explanation:
        groups, total = item.groups, item.points
        return Explanation(
            rule="sum of groups; index = points / max_points",
            formula=" + ".join(fraction_text(g.points) for g in groups)
            + f" = {fraction_text(total)}; index = {fraction_text(total)} / "
            f"{fraction_text(item.max_points)} = {fraction_text(item.index)}",
            source_ref=self.source_ref,
            inputs=tuple((g.id, fraction_text(g.points)) for g in groups),
            steps=_left_out_steps(item),
        )

    def __repr__(self) -> str:
        return "<explanation of the total>"


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
    policy = ruleset.spec.rounding
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
        result=_ResultRenderer(ruleset.spec.source.document),
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
        rounding=ruleset.spec.rounding,
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
