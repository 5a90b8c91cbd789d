"""Points, explanations and the Result, from an evaluation's facts and a backend's decisions.

Shared by every backend, so that backends differ only in how they decide statuses and
violations. All arithmetic is exact; nothing is rounded here.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from .._numbers import fraction_text, round_fraction
from ..compiled import CompiledIndicator, CompiledRuleSet, CompiledTarget, Part
from ..result import (
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
from ._facts import SYMBOL, Decisions, Facts, measure, unit_symbol

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


def _rounded(ruleset: CompiledRuleSet, value: Fraction) -> str:
    """A value as a message shows it: at the rule set's percent places, marked when
    rounded (the exact value stays in the target's explanation)."""
    policy = ruleset.spec.rounding
    shown = round_fraction(value, policy.percent, policy.mode)
    text = format(shown.normalize(), "f") if shown == shown.to_integral() else str(shown)
    return text if Fraction(shown) == value else f"≈{text}"


def violation_message(
    ruleset: CompiledRuleSet, facts: Facts, code: ViolationCode, subject: str
) -> Violation:
    """The Violation for a decided (code, subject), with its message and source_ref."""
    if code is ViolationCode.TARGET_NOT_MET or code is ViolationCode.LEVEL_NOT_COVERED:
        target = ruleset.target_map[subject]
        if code is ViolationCode.LEVEL_NOT_COVERED:
            basis = facts.measure(subject).basis
            text = f"the target sets no threshold for this unit's level ({basis})"
            return Violation(code, subject, text, target.source_ref)
        m = facts.measure(subject)
        assert m.value is not None and m.threshold is not None
        unit = unit_symbol(ruleset.input_map[target.input].kind)
        text = (
            f"{_rounded(ruleset, m.value)}{unit} does not satisfy {SYMBOL[target.comparison]} "
            f"{_rounded(ruleset, m.threshold)}{unit}: {target.text}"
        )
        return Violation(code, subject, text, target.source_ref)
    spec = ruleset.input_map[subject]
    if code is ViolationCode.MISSING_INPUT:
        text = f"no value supplied for {spec.name!r}"
    elif code is ViolationCode.INVALID_INPUT:
        text = f"rate {spec.name!r} has denominator 0, so it cannot be computed"
    else:
        text = f"'yes' for {spec.name!r} cites no evidence"
    return Violation(code, subject, text, spec.source_ref)


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
        self.targets: dict[str, TargetResult] = {}

    def target(self, target: CompiledTarget) -> TargetResult:
        if target.id in self.targets:
            return self.targets[target.id]
        m = self.facts.measure(target.id)
        status = self.decisions.statuses[target.id]
        unit = unit_symbol(self.inputs[target.input].kind)
        shown = [(target.input, _show(self.sub.value(target.input)))]
        if target.previous_input:
            shown.append((target.previous_input, _show(self.sub.value(target.previous_input))))
        if m.value is None or m.threshold is None:
            missing = "measurement" if m.value is None else "threshold"
            formula = f"not evaluated: {missing} unavailable ({m.basis})"
        else:
            formula = (
                f"{fraction_text(m.value)}{unit} {SYMBOL[target.comparison]} "
                f"{fraction_text(m.threshold)}{unit} ({m.basis}) → {status.value}"
            )
        result = TargetResult(
            id=target.id,
            source_ref=target.source_ref,
            text=target.text,
            input=target.input,
            comparison=target.comparison,
            status=status,
            value=m.value,
            threshold=m.threshold,
            explanation=Explanation(
                rule=f"target {target.comparison.value}",
                formula=formula,
                source_ref=target.source_ref,
                inputs=tuple(shown),
                assumption=target.assumption,
            ),
        )
        self.targets[target.id] = result
        return result

    def part(self, part: Part) -> tuple[Fraction, bool, str, list[tuple[str, str]]]:
        """Points, whether complete, the formula and the inputs shown, for one part."""
        rule = part.rule
        full = fraction_text(part.points)
        if rule.method == "binary":
            assert rule.input is not None
            value = self.sub.value(rule.input)
            shown = [(rule.input, _show(value))]
            if value is None:
                return Fraction(0), False, f"{rule.input} missing → 0", shown
            done = isinstance(value, DateValue) or (isinstance(value, Answer) and value.value)
            pts = part.points if done else Fraction(0)
            return pts, True, f"{'yes' if done else 'no'} → {fraction_text(pts)} of {full}", shown
        if rule.method in {"threshold", "proportional"}:
            assert rule.target is not None
            target = self.target(self.rs.target_map[rule.target])
            shown = [(rule.target, target.status.value), *target.explanation.inputs]
            if target.status is TargetStatus.NOT_EVALUATED:
                return Fraction(0), False, f"target {target.id} not evaluated → 0", shown
            if target.status is not TargetStatus.NOT_MET:
                formula = f"target {target.id} {target.status.value} → {full}"
                return part.points, True, formula, shown
            if rule.method == "threshold":
                return Fraction(0), True, f"target {target.id} not met → 0", shown
            assert target.value is not None and target.threshold is not None
            ratio = min(Fraction(1), target.value / target.threshold)
            pts = part.points * ratio
            unit = unit_symbol(self.inputs[target.input].kind)
            formula = (
                f"{full} × {fraction_text(target.value)}{unit} / "
                f"{fraction_text(target.threshold)}{unit} = {fraction_text(pts)}"
            )
            return pts, True, formula, shown
        assert rule.method == "bands" and rule.input is not None
        kind = self.inputs[rule.input].kind
        raw = self.sub.value(rule.input)
        number = measure(raw)
        shown = [(rule.input, _show(raw))]
        if number is None:
            return Fraction(0), False, f"{rule.input} unavailable → 0", shown
        pts = Fraction(0)
        band_text = "below the first band"
        unit = unit_symbol(kind)
        for at_least, band_points in rule.bands:
            if number >= at_least:
                pts = band_points
                band_text = f"band ≥ {fraction_text(at_least)}{unit}"
        formula = f"{fraction_text(number)}{unit} in {band_text} → {fraction_text(pts)}"
        return pts, True, formula, shown

    def indicator(self, indicator: CompiledIndicator) -> IndicatorResult:
        total = Fraction(0)
        complete = True
        steps: list[str] = []
        shown: list[tuple[str, str]] = []
        part_points: list[Fraction] = []
        formula = ""
        for part in indicator.parts:
            pts, ok, part_formula, part_inputs = self.part(part)
            part_points.append(pts)
            total += pts
            complete = complete and ok
            formula = part_formula
            steps.append(f"{part.id}: {part_formula}")
            shown.extend(part_inputs)
        if indicator.summed:
            formula = (
                " + ".join(fraction_text(p) for p in part_points) + f" = {fraction_text(total)}"
            )
        if not complete:
            status = IndicatorStatus.INCOMPLETE
        elif total == indicator.max_points:
            status = IndicatorStatus.FULL
        elif total == 0:
            status = IndicatorStatus.ZERO
        else:
            status = IndicatorStatus.PARTIAL
        methods = sorted({p.rule.method for p in indicator.parts})
        rule = ("items: " + ", ".join(methods)) if indicator.summed else methods[0]
        return IndicatorResult(
            id=indicator.id,
            group=indicator.group,
            name=indicator.name,
            source_ref=indicator.source_ref,
            points=total,
            max_points=indicator.max_points,
            status=status,
            explanation=Explanation(
                rule=rule,
                formula=formula,
                source_ref=indicator.source_ref,
                inputs=tuple(dict.fromkeys(shown)),
                assumption=indicator.assumption,
                steps=tuple(steps) if indicator.summed else (),
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
                explanation=Explanation(
                    rule="sum of indicators",
                    formula=" + ".join(fraction_text(r.points) for r in results)
                    + f" = {fraction_text(points)}",
                    source_ref=group.source_ref,
                    inputs=tuple((r.id, fraction_text(r.points)) for r in results),
                ),
            )
        )
    targets = tuple(run.target(t) for t in ruleset.targets)
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
