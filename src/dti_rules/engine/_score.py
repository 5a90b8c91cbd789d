"""Points, explanations and the Result, from an evaluation's facts and a backend's decisions.

Shared by every backend, so that backends differ only in how they decide statuses and
violations. All arithmetic is exact; nothing is rounded here.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from .._numbers import fraction_text, round_fraction
from ..compiled import CompiledIndicator, CompiledRuleSet, CompiledTarget, Part
from ..model import Rounding
from ..result import (
    Deferred,
    Explanation,
    GroupResult,
    IndicatorResult,
    IndicatorStatus,
    Result,
    TargetResult,
    TargetStatus,
    UnitRef,
    Violation,
    ViolationCode,
)
from ..submission import Answer, DateValue, InputValue, Rate, Submission
from ._facts import SYMBOL, Decisions, Facts, Measure, measure
from ._plan import unit_symbol

__all__ = ["build_result", "violation_message"]


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


def violation_message(
    ruleset: CompiledRuleSet, facts: Facts, code: ViolationCode, subject: str
) -> Violation:
    """The Violation for a decided (code, subject): its source_ref, and its message,
    rendered when first read."""
    policy = ruleset.spec.rounding
    if code in (ViolationCode.TARGET_NOT_MET, ViolationCode.LEVEL_NOT_COVERED):
        target = ruleset.target_map[subject]
        m = facts.measure(subject)
        if code is ViolationCode.LEVEL_NOT_COVERED:
            detail: tuple[Any, ...] = (m.basis,)
        else:
            unit = unit_symbol(ruleset.input_map[target.input].kind)
            detail = (m.value, m.threshold, unit, target.comparison)
        text = Deferred(_violation_text, code, target.text, policy, detail)
        return Violation(code, subject, text, target.source_ref)
    spec = ruleset.input_map[subject]
    return Violation(
        code, subject, Deferred(_violation_text, code, spec.name, policy, ()), spec.source_ref
    )


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
    number, unit, at_least, pts = data
    band = "below the first band" if at_least is None else f"band ≥ {fraction_text(at_least)}{unit}"
    return f"{fraction_text(number)}{unit} in {band} → {fraction_text(pts)}"


def _target_explanation(
    target: CompiledTarget, unit: str, m: Measure, status: TargetStatus, shown: _Shown
) -> Explanation:
    if m.value is None or m.threshold is None:
        missing = "measurement" if m.value is None else "threshold"
        formula = f"not evaluated: {missing} unavailable ({m.basis})"
    else:
        formula = (
            f"{fraction_text(m.value)}{unit} {SYMBOL[target.comparison]} "
            f"{fraction_text(m.threshold)}{unit} ({m.basis}) → {status.value}"
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
    return Explanation(
        rule="sum of indicators",
        formula=" + ".join(fraction_text(p) for _, p in parts) + f" = {fraction_text(total)}",
        source_ref=source_ref,
        inputs=tuple((ident, fraction_text(p)) for ident, p in parts),
    )


# -- scoring: exact points and statuses -----------------------------------------------------


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
        self.inputs = ruleset.input_map
        self.targets: dict[str, tuple[TargetResult, _Shown]] = {}

    def target(self, target: CompiledTarget) -> tuple[TargetResult, _Shown]:
        found = self.targets.get(target.id)
        if found is not None:
            return found
        m = self.facts.measure(target.id)
        status = self.decisions.statuses[target.id]
        unit = unit_symbol(self.inputs[target.input].kind)
        shown: _Shown = ((target.input, self.sub.value(target.input)),)
        if target.previous_input:
            shown += ((target.previous_input, self.sub.value(target.previous_input)),)
        result = TargetResult(
            id=target.id,
            source_ref=target.source_ref,
            text=target.text,
            input=target.input,
            comparison=target.comparison,
            status=status,
            value=m.value,
            threshold=m.threshold,
            explanation=Deferred(_target_explanation, target, unit, m, status, shown),
        )
        self.targets[target.id] = (result, shown)
        return result, shown

    def part(self, part: Part) -> tuple[Fraction, bool, tuple[Any, ...], _Shown]:
        """Points, whether complete, the formula's recipe and the inputs shown, for a part."""
        rule = part.rule
        if rule.method == "binary":
            assert rule.input is not None
            value = self.sub.value(rule.input)
            shown: _Shown = ((rule.input, value),)
            if value is None:
                return Fraction(0), False, ("binary_missing", rule.input), shown
            done = isinstance(value, DateValue) or (isinstance(value, Answer) and value.value)
            pts = part.points if done else Fraction(0)
            return pts, True, ("binary", done, pts, part.points), shown
        if rule.method in {"threshold", "proportional"}:
            assert rule.target is not None
            target, target_shown = self.target(self.rs.target_map[rule.target])
            shown = ((rule.target, target.status), *target_shown)
            if target.status is TargetStatus.NOT_EVALUATED:
                return Fraction(0), False, ("not_evaluated", target.id), shown
            if target.status is not TargetStatus.NOT_MET:
                return (
                    part.points,
                    True,
                    ("target_full", target.id, target.status, part.points),
                    shown,
                )
            if rule.method == "threshold":
                return Fraction(0), True, ("target_zero", target.id), shown
            assert target.value is not None and target.threshold is not None
            pts = part.points * min(Fraction(1), target.value / target.threshold)
            unit = unit_symbol(self.inputs[target.input].kind)
            recipe = ("proportional", part.points, target.value, target.threshold, unit, pts)
            return pts, True, recipe, shown
        assert rule.method == "bands" and rule.input is not None
        raw = self.sub.value(rule.input)
        number = measure(raw)
        shown = ((rule.input, raw),)
        if number is None:
            return Fraction(0), False, ("bands_missing", rule.input), shown
        pts = Fraction(0)
        reached: Fraction | None = None
        for at_least, band_points in rule.bands:
            if number >= at_least:
                pts, reached = band_points, at_least
        unit = unit_symbol(self.inputs[rule.input].kind)
        return pts, True, ("bands", number, unit, reached, pts), shown

    def indicator(self, indicator: CompiledIndicator) -> IndicatorResult:
        total = Fraction(0)
        complete = True
        shown: _Shown = ()
        part_points: list[Fraction] = []
        recipes: list[tuple[Any, ...]] = []
        for part in indicator.parts:
            pts, ok, recipe, part_shown = self.part(part)
            part_points.append(pts)
            recipes.append(recipe)
            total += pts
            complete = complete and ok
            shown += part_shown
        if not complete:
            status = IndicatorStatus.INCOMPLETE
        elif total == indicator.max_points:
            status = IndicatorStatus.FULL
        elif total == 0:
            status = IndicatorStatus.ZERO
        else:
            status = IndicatorStatus.PARTIAL
        return IndicatorResult(
            id=indicator.id,
            group=indicator.group,
            name=indicator.name,
            source_ref=indicator.source_ref,
            points=total,
            max_points=indicator.max_points,
            status=status,
            explanation=Deferred(
                _indicator_explanation,
                indicator,
                tuple(part_points),
                tuple(recipes),
                shown,
                total,
            ),
        )


def build_result(
    ruleset: CompiledRuleSet,
    submission: Submission,
    facts: Facts,
    decisions: Decisions,
    *,
    backend: str,
    as_of: dt.date | None,
) -> Result:
    """Score the parts, indicators, groups and total, and assemble the Result."""
    run = _Scoring(ruleset, submission, facts, decisions)
    groups: list[GroupResult] = []
    indicators: list[IndicatorResult] = []
    for group in ruleset.groups:
        results = [run.indicator(ind) for ind in group.indicators]
        indicators.extend(results)
        points = sum((r.points for r in results), Fraction(0))
        groups.append(
            GroupResult(
                id=group.id,
                name=group.name,
                source_ref=group.source_ref,
                points=points,
                max_points=group.max_points,
                explanation=Deferred(
                    _group_explanation,
                    group.source_ref,
                    tuple((r.id, r.points) for r in results),
                ),
            )
        )
    targets = tuple(run.target(t)[0] for t in ruleset.targets)
    total = sum((g.points for g in groups), Fraction(0))
    index = total / ruleset.max_points if ruleset.max_points else Fraction(0)
    violations = tuple(
        violation_message(ruleset, facts, code, subject) for code, subject in decisions.violations
    )
    return Result(
        ruleset_id=ruleset.id,
        ruleset_fingerprint=ruleset.fingerprint,
        submission_fingerprint=submission.fingerprint,
        unit=UnitRef(submission.unit.id, submission.unit.name, submission.unit.level.value),
        period=submission.period,
        as_of=as_of,
        backend=backend,
        points=total,
        max_points=ruleset.max_points,
        groups=tuple(groups),
        indicators=tuple(indicators),
        targets=targets,
        violations=violations,
        rounding=ruleset.spec.rounding,
        explanation=Explanation(
            rule="sum of groups; index = points / max_points",
            formula=" + ".join(fraction_text(g.points) for g in groups)
            + f" = {fraction_text(total)}; index = {fraction_text(total)} / "
            f"{fraction_text(ruleset.max_points)} = {fraction_text(index)}",
            source_ref=ruleset.spec.source.document,
            inputs=tuple((g.id, fraction_text(g.points)) for g in groups),
        ),
    )
