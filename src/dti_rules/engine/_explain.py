"""The text of a Result's items: explanations and violation messages, made when first read.

Each item of a Result carries a renderer shared by every evaluation of the rule set and
records the values its text is made from (see :mod:`dti_rules.engine._score`); the
functions here turn the two into an :class:`~dti_rules.result.Explanation` or a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from .._numbers import fraction_text, round_fraction
from ..compiled import CompiledIndicator, CompiledTarget, Part
from ..model import Comparison, Rounding
from ..result import (
    Explanation,
    GroupResult,
    IndicatorResult,
    Result,
    TargetResult,
    TargetStatus,
    Violation,
    ViolationCode,
)
from ..submission import Answer, DateValue, InputValue, Rate
from ._facts import STATUS_BY_SIGN, SYMBOL, measure, relative_threshold
from ._parts import _part_outcome


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
