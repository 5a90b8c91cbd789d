"""The ``native`` backend: the compiled rule set evaluated in plain Python, exactly."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from .._numbers import fraction_text
from ..compiled import CompiledIndicator, CompiledRuleSet, CompiledTarget, Part
from ..model import Comparison, InputKind
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
from ..submission import Answer, Count, DateValue, InputValue, Number, Rate, Submission

_SYMBOL = {
    Comparison.GE: "≥",
    Comparison.GT: ">",
    Comparison.EQ: "=",
    Comparison.LE: "≤",
    Comparison.LT: "<",
}


def passes(value: Fraction, comparison: Comparison, threshold: Fraction) -> bool:
    """Whether ``value`` satisfies ``comparison`` against ``threshold``."""
    if comparison is Comparison.GE:
        return value >= threshold
    if comparison is Comparison.GT:
        return value > threshold
    if comparison is Comparison.EQ:
        return value == threshold
    if comparison is Comparison.LE:
        return value <= threshold
    return value < threshold


def target_status(value: Fraction, comparison: Comparison, threshold: Fraction) -> TargetStatus:
    """exceeded when the target holds strictly beyond its threshold, met when it holds."""
    if not passes(value, comparison, threshold):
        return TargetStatus.NOT_MET
    if comparison is not Comparison.EQ and value != threshold:
        return TargetStatus.EXCEEDED
    return TargetStatus.MET


def _show(value: InputValue | None, kind: InputKind) -> str:
    if value is None:
        return "missing"
    if isinstance(value, Answer):
        text = "yes" if value.value else "no"
        return f"{text} ({value.evidence})" if value.evidence else text
    if isinstance(value, Rate):
        pct = value.percent
        shown = "undefined" if pct is None else f"{fraction_text(pct)}%"
        return f"{fraction_text(value.numerator)}/{fraction_text(value.denominator)} = {shown}"
    if isinstance(value, (Count, Number)):
        return fraction_text(Fraction(value.value))
    return value.value.isoformat()


def _measure(value: InputValue) -> Fraction | None:
    """The number a target compares: a rate as a percentage, a count or a number."""
    if isinstance(value, Rate):
        return value.percent
    if isinstance(value, (Count, Number)):
        return Fraction(value.value)
    return None


def _unit_symbol(kind: InputKind) -> str:
    return "%" if kind is InputKind.RATE else ""


class _Evaluation:
    def __init__(self, ruleset: CompiledRuleSet, submission: Submission) -> None:
        self.rs = ruleset
        self.sub = submission
        self.inputs = ruleset.input_map
        self.values = dict(submission.values)
        self.violations: list[Violation] = []
        self._reported: set[tuple[str, str]] = set()
        self.targets: dict[str, TargetResult] = {}

    def violation(self, code: ViolationCode, subject: str, message: str, source_ref: str) -> None:
        if (code.value, subject) in self._reported:
            return
        self._reported.add((code.value, subject))
        self.violations.append(Violation(code, subject, message, source_ref))

    def value(self, input_id: str) -> InputValue | None:
        """The supplied value, reporting a missing one once."""
        value = self.values.get(input_id)
        spec = self.inputs[input_id]
        if value is None:
            self.violation(
                ViolationCode.MISSING_INPUT,
                input_id,
                f"no value supplied for {spec.name!r}",
                spec.source_ref,
            )
        elif isinstance(value, Answer) and value.value and spec.evidence and not value.evidence:
            self.violation(
                ViolationCode.MISSING_EVIDENCE,
                input_id,
                f"'yes' for {spec.name!r} cites no evidence",
                spec.source_ref,
            )
        return value

    def measured(self, input_id: str) -> Fraction | None:
        value = self.value(input_id)
        if value is None:
            return None
        number = _measure(value)
        if number is None:
            spec = self.inputs[input_id]
            self.violation(
                ViolationCode.INVALID_INPUT,
                input_id,
                f"rate {spec.name!r} has denominator 0, so it cannot be computed",
                spec.source_ref,
            )
        return number

    # -- targets --------------------------------------------------------------------

    def threshold(self, target: CompiledTarget) -> tuple[Fraction | None, str]:
        if target.threshold is not None:
            return target.threshold, "fixed threshold"
        if target.tiers:
            level = self.sub.unit.level
            tier = target.tier(level)
            if tier is None:
                self.violation(
                    ViolationCode.LEVEL_NOT_COVERED,
                    target.id,
                    f"the target sets no threshold for level {level.value!r}",
                    target.source_ref,
                )
                return None, f"no tier for level {level.value}"
            return tier, f"tier for level {level.value}"
        assert target.previous_input is not None and target.relative_delta is not None
        previous = self.measured(target.previous_input)
        if previous is None:
            return None, "previous period's value unavailable"
        delta = target.relative_delta
        unit = _unit_symbol(self.inputs[target.input].kind)
        if target.relative_reading == "percentage_points":
            return previous + delta, (
                f"previous {fraction_text(previous)}{unit} + {fraction_text(delta)} points"
            )
        return previous * (1 + delta / 100), (
            f"previous {fraction_text(previous)}{unit} × (1 + {fraction_text(delta)}%)"
        )

    def target(self, target: CompiledTarget) -> TargetResult:
        if target.id in self.targets:
            return self.targets[target.id]
        kind = self.inputs[target.input].kind
        unit = _unit_symbol(kind)
        value = self.measured(target.input)
        threshold, basis = self.threshold(target)
        symbol = _SYMBOL[target.comparison]
        shown_inputs = [(target.input, _show(self.values.get(target.input), kind))]
        if target.previous_input:
            shown_inputs.append(
                (target.previous_input, _show(self.values.get(target.previous_input), kind))
            )
        if value is None or threshold is None:
            status = TargetStatus.NOT_EVALUATED
            missing = "measurement" if value is None else "threshold"
            formula = f"not evaluated: {missing} unavailable ({basis})"
        else:
            status = target_status(value, target.comparison, threshold)
            formula = (
                f"{fraction_text(value)}{unit} {symbol} {fraction_text(threshold)}{unit} "
                f"({basis}) → {status.value}"
            )
            if status is TargetStatus.NOT_MET:
                self.violation(
                    ViolationCode.TARGET_NOT_MET,
                    target.id,
                    f"{fraction_text(value)}{unit} does not satisfy {symbol} "
                    f"{fraction_text(threshold)}{unit}: {target.text}",
                    target.source_ref,
                )
        result = TargetResult(
            id=target.id,
            source_ref=target.source_ref,
            text=target.text,
            input=target.input,
            comparison=target.comparison,
            status=status,
            value=value,
            threshold=threshold,
            explanation=Explanation(
                rule=f"target {target.comparison.value}",
                formula=formula,
                source_ref=target.source_ref,
                inputs=tuple(shown_inputs),
                assumption=target.assumption,
            ),
        )
        self.targets[target.id] = result
        return result

    # -- scoring --------------------------------------------------------------------

    def part(self, part: Part) -> tuple[Fraction, bool, str, list[tuple[str, str]]]:
        """Points, whether complete, the formula and the inputs shown, for one part."""
        rule = part.rule
        full = fraction_text(part.points)
        if rule.method == "binary":
            assert rule.input is not None
            kind = self.inputs[rule.input].kind
            value = self.value(rule.input)
            shown = [(rule.input, _show(value, kind))]
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
                return (
                    part.points,
                    True,
                    f"target {target.id} {target.status.value} → {full}",
                    shown,
                )
            if rule.method == "threshold":
                return Fraction(0), True, f"target {target.id} not met → 0", shown
            assert target.value is not None and target.threshold is not None
            ratio = min(Fraction(1), target.value / target.threshold)
            pts = part.points * ratio
            unit = _unit_symbol(self.inputs[target.input].kind)
            formula = (
                f"{full} × {fraction_text(target.value)}{unit} / "
                f"{fraction_text(target.threshold)}{unit} = {fraction_text(pts)}"
            )
            return pts, True, formula, shown
        assert rule.method == "bands" and rule.input is not None
        kind = self.inputs[rule.input].kind
        number = self.measured(rule.input)
        shown = [(rule.input, _show(self.values.get(rule.input), kind))]
        if number is None:
            return Fraction(0), False, f"{rule.input} unavailable → 0", shown
        pts = Fraction(0)
        band_text = "below the first band"
        unit = _unit_symbol(kind)
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
        for target_id in indicator.targets:  # reported alongside, whether or not scored
            self.target(self.rs.target_map[target_id])
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


def evaluate_native(
    ruleset: CompiledRuleSet, submission: Submission, *, as_of: dt.date | None = None
) -> Result:
    """Evaluate ``submission`` against ``ruleset`` with exact arithmetic."""
    run = _Evaluation(ruleset, submission)
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
    for target in ruleset.targets:  # every target, in rule-set order
        run.target(target)
    total = sum((g.points for g in groups), Fraction(0))
    targets = tuple(run.targets[t.id] for t in ruleset.targets)
    index = total / ruleset.max_points if ruleset.max_points else Fraction(0)
    return Result(
        ruleset_id=ruleset.id,
        ruleset_fingerprint=ruleset.fingerprint,
        submission_fingerprint=submission.fingerprint,
        unit=UnitRef(submission.unit.id, submission.unit.name, submission.unit.level.value),
        period=submission.period,
        as_of=as_of,
        backend="native",
        points=total,
        max_points=ruleset.max_points,
        groups=tuple(groups),
        indicators=tuple(indicators),
        targets=targets,
        violations=tuple(run.violations),
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
