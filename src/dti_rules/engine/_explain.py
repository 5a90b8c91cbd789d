"""The text of a Result's items: explanations and violation messages, made when first read.

Each item of a Result carries a renderer shared by every evaluation of the rule set and
records the values its text is made from (see :mod:`dti_rules.engine._score`); the
functions here turn the two into an :class:`~dti_rules.result.Explanation` or a message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from .._i18n import Language
from .._kinds import Comparison
from .._numbers import fraction_text, round_fraction
from .._terms import RoundingPolicy
from ..compiled import CompiledIndicator, CompiledTarget, Part
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

EN = Language.get("en")


def _num(t: Language, value: Fraction | int) -> str:
    """An exact value as ``t`` writes numbers (:func:`fraction_text`'s form in English)."""
    return _number_text(t, fraction_text(Fraction(value)))


def _number_text(t: Language, text: str) -> str:
    """A number :func:`fraction_text` wrote, as ``t`` writes numbers."""
    if t.code == "en":
        return text
    head, approx, tail = text.partition(" (≈ ")
    if approx:
        return f"{head} (≈ {t.number(tail.removesuffix(')'))})"
    return t.number(text)


def _show(value: InputValue | None, t: Language = EN) -> str:
    if value is None:
        return t("missing")
    if isinstance(value, Answer):
        text = t("yes") if value.value else t("no")
        return f"{text} ({value.evidence})" if value.evidence else text
    if isinstance(value, Rate):
        pct = value.percent
        shown = t("undefined") if pct is None else f"{_num(t, pct)}%"
        return f"{_num(t, value.numerator)}/{_num(t, value.denominator)} = {shown}"
    if isinstance(value, DateValue):
        return t.date(value.value)
    return _num(t, Fraction(value.value))


def _rounded(policy: RoundingPolicy, value: Fraction, t: Language = EN) -> str:
    """A value as a message shows it: at the rule set's percent places, marked when
    rounded (the exact value stays in the target's explanation)."""
    shown = round_fraction(value, policy.percent, policy.mode)
    text = format(shown.normalize(), "f") if shown == shown.to_integral() else str(shown)
    text = t.number(text)
    return text if Fraction(shown) == value else f"≈{text}"


def _basis(basis: str, t: Language) -> str:
    """Where a threshold comes from (as the plan words it in English) in ``t``."""
    if t.code == "en":
        return basis
    tier = re.fullmatch(r"(no )?tier for level (\w+)", basis)
    if tier:
        message = t("no tier for level {level}") if tier[1] else t("tier for level {level}")
        return message.format(level=t.p("level", tier[2]))
    previous = re.fullmatch(r"previous (.+?)(%?) \+ (\S+) points", basis)
    if previous:
        return t("previous {value} + {delta} points").format(
            value=_number_text(t, previous[1]) + previous[2],
            delta=_number_text(t, previous[3]),
        )
    growth = re.fullmatch(r"previous (.+?)(%?) × \(1 \+ (\S+)%\)", basis)
    if growth:
        return t("previous {value} × (1 + {delta}%)").format(
            value=_number_text(t, growth[1]) + growth[2], delta=_number_text(t, growth[3])
        )
    if basis == "fixed threshold":
        return t("fixed threshold")
    if basis == "previous period's value unavailable":
        return t("previous period's value unavailable")
    return basis


def _violation_text(
    code: ViolationCode,
    subject_name: str,
    policy: RoundingPolicy,
    detail: tuple[Any, ...],
    t: Language = EN,
) -> str:
    if code is ViolationCode.TARGET_NOT_MET:
        value, threshold, unit, comparison = detail
        return t("{value}{unit} does not satisfy {comparison} {threshold}{unit}: {name}").format(
            value=_rounded(policy, value, t),
            unit=unit,
            comparison=SYMBOL[comparison],
            threshold=_rounded(policy, threshold, t),
            name=subject_name,
        )
    if code is ViolationCode.LEVEL_NOT_COVERED:
        return t("the target sets no threshold for this unit's level ({basis})").format(
            basis=_basis(detail[0], t)
        )
    if code is ViolationCode.MISSING_INPUT:
        return t("no value supplied for {name}").format(name=repr(subject_name))
    if code is ViolationCode.INVALID_INPUT:
        return t("rate {name} has denominator 0, so it cannot be computed").format(
            name=repr(subject_name)
        )
    return t("'yes' for {name} cites no evidence").format(name=repr(subject_name))


# -- rendering: explanations are text made on first use from the data kept here ----------

_Shown = tuple[tuple[str, "InputValue | TargetStatus | None"], ...]


def _shown(entries: _Shown, t: Language = EN) -> tuple[tuple[str, str], ...]:
    out = (
        (key, t.p("status", value.value) if isinstance(value, TargetStatus) else _show(value, t))
        for key, value in entries
    )
    return tuple(dict.fromkeys(out))


def _part_formula(recipe: tuple[Any, ...], t: Language = EN) -> str:
    kind, *data = recipe
    if kind == "binary_missing":
        return t("{input} missing → 0").format(input=data[0])
    if kind == "binary":
        done, pts, full = data
        return t("{answer} → {points} of {max}").format(
            answer=t("yes") if done else t("no"), points=_num(t, pts), max=_num(t, full)
        )
    if kind == "not_evaluated":
        return t("target {id} not evaluated → 0").format(id=data[0])
    if kind == "target_full":
        tid, status, full = data
        return t("target {id} {status} → {points}").format(
            id=tid, status=t.p("status", status.value), points=_num(t, full)
        )
    if kind == "target_zero":
        return t("target {id} not met → 0").format(id=data[0])
    if kind == "proportional":
        full, value, threshold, unit, pts = data
        return (
            f"{_num(t, full)} × {_num(t, value)}{unit} / "
            f"{_num(t, threshold)}{unit} = {_num(t, pts)}"
        )
    if kind == "bands_missing":
        return t("{input} unavailable → 0").format(input=data[0])
    if kind == "scaled":
        full, index, pts = data
        return t("{max} × index {index} = {points}").format(
            max=_num(t, full), index=_num(t, index), points=_num(t, pts)
        )
    number, unit, at_least, pts = data
    band = (
        t("below the first band")
        if at_least is None
        else t("band ≥ {at_least}").format(at_least=f"{_num(t, at_least)}{unit}")
    )
    return t("{value} in {band} → {points}").format(
        value=f"{_num(t, number)}{unit}", band=band, points=_num(t, pts)
    )


def _target_explanation(
    target: CompiledTarget,
    unit: str,
    value: Fraction | None,
    threshold: Fraction | None,
    basis: str,
    status: TargetStatus,
    shown: _Shown,
    t: Language = EN,
) -> Explanation:
    basis = _basis(basis, t)
    if value is None or threshold is None:
        message = (
            t("not evaluated: measurement unavailable ({basis})")
            if value is None
            else t("not evaluated: threshold unavailable ({basis})")
        )
        formula = message.format(basis=basis)
    elif status is TargetStatus.NOT_EVALUATED and target.not_due_before is not None:
        share = _num(t, 100 * value / threshold) if threshold else "—"
        formula = t(
            "{value} {comparison} {threshold} ({basis}) not yet: due by the end of {year}, "
            "after this rule set's period; progress {share} of the threshold → {status}"
        ).format(
            value=f"{_num(t, value)}{unit}",
            comparison=SYMBOL[target.comparison],
            threshold=f"{_num(t, threshold)}{unit}",
            basis=basis,
            year=target.not_due_before,
            share=f"{share}%",
            status=t.p("status", "not_evaluated"),
        )
    else:
        formula = (
            f"{_num(t, value)}{unit} {SYMBOL[target.comparison]} "
            f"{_num(t, threshold)}{unit} ({basis}) → {t.p('status', status.value)}"
        )
    return Explanation(
        rule=t("target {comparison}").format(comparison=t.p("comparison", target.comparison.value)),
        formula=formula,
        source_ref=target.source_ref,
        inputs=_shown(shown, t),
        assumption=target.assumption,
    )


def _indicator_explanation(
    indicator: CompiledIndicator,
    part_points: tuple[Fraction, ...],
    recipes: tuple[tuple[Any, ...], ...],
    shown: _Shown,
    total: Fraction,
    t: Language = EN,
) -> Explanation:
    formulas = [_part_formula(recipe, t) for recipe in recipes]
    if indicator.summed:
        formula = " + ".join(_num(t, p) for p in part_points) + f" = {_num(t, total)}"
    else:
        formula = formulas[-1]
    methods = sorted({p.rule.method for p in indicator.parts})
    if indicator.summed:
        rule = t("items: {methods}").format(
            methods=", ".join(t.p("method", method) for method in methods)
        )
    else:
        rule = t.p("method", methods[0])
    steps = tuple(
        f"{part.id}: {text}" for part, text in zip(indicator.parts, formulas, strict=True)
    )
    return Explanation(
        rule=rule,
        formula=formula,
        source_ref=indicator.source_ref,
        inputs=_shown(shown, t),
        assumption=indicator.assumption,
        steps=steps if indicator.summed else (),
    )


def _group_explanation(
    source_ref: str, parts: tuple[tuple[str, Fraction], ...], t: Language = EN
) -> Explanation:
    total = sum((p for _, p in parts), Fraction(0))
    terms = " + ".join(_num(t, p) for _, p in parts) or t("no indicator binds this unit")
    return Explanation(
        rule=t("sum of indicators"),
        formula=f"{terms} = {_num(t, total)}",
        source_ref=source_ref,
        inputs=tuple((ident, _num(t, p)) for ident, p in parts),
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

    def render(self, item: TargetResult, t: Language = EN) -> Explanation:
        if self.target.kinds:
            return self._render_kinds(item, t)
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
            t,
        )

    def _render_kinds(self, item: TargetResult, t: Language) -> Explanation:
        """A target with a threshold per kind: each kind's comparison, then the worst."""
        target, unit = self.target, self.unit
        steps: list[str] = []
        for (kind, _ident, threshold), raw in zip(target.kinds, item._recorded, strict=True):
            value = measure(raw)
            if value is None:
                symbol = SYMBOL[target.comparison]
                steps.append(
                    t("{kind}: no value ({comparison} {threshold})").format(
                        kind=kind, comparison=symbol, threshold=f"{_num(t, threshold)}{unit}"
                    )
                )
                continue
            status = STATUS_BY_SIGN[target.comparison][(value > threshold) - (value < threshold)]
            steps.append(
                f"{kind}: {_num(t, value)}{unit} {SYMBOL[target.comparison]} "
                f"{_num(t, threshold)}{unit} → {t.p('status', status.value)}"
            )
        return Explanation(
            rule=t("target {comparison}, per kind").format(
                comparison=t.p("comparison", target.comparison.value)
            ),
            formula=t("the worst of {count} kinds → {status}").format(
                count=len(target.kinds), status=t.p("status", item.status.value)
            ),
            source_ref=target.source_ref,
            inputs=_shown(_target_shown(item), t),
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

    def render(self, item: IndicatorResult, t: Language = EN) -> Explanation:
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
            self.indicator, tuple(part_points), tuple(recipes), shown, item.points, t
        )

    def __repr__(self) -> str:
        return f"<explanation of indicator {self.indicator.id}>"


@attrs.frozen(repr=False)
class _GroupRenderer:
    """A group's explanation. Records: its indicators' results."""

    source_ref: str

    def render(self, item: GroupResult, t: Language = EN) -> Explanation:
        parts = tuple((r.id, r.points) for r in item._recorded)
        return _group_explanation(self.source_ref, parts, t)

    def __repr__(self) -> str:
        return f"<explanation of group at {self.source_ref}>"


@attrs.frozen(repr=False)
class _NotMetMessage:
    """A TARGET_NOT_MET violation's message. Records: the target's result."""

    text: str
    unit: str
    comparison: Comparison
    policy: RoundingPolicy

    def render(self, item: Violation, t: Language = EN) -> str:
        target: TargetResult = item._recorded
        detail = (target.value, target.threshold, self.unit, self.comparison)
        return _violation_text(ViolationCode.TARGET_NOT_MET, self.text, self.policy, detail, t)

    def __repr__(self) -> str:
        return f"<message: {self.text}>"


def _left_out_steps(result: Result, t: Language = EN) -> tuple[str, ...]:
    """What the maximum and the judgements leave out for the unit's level, and why."""
    level = result.unit.level
    return tuple(
        t("left out: {kind} {id} ({source}): {reason}").format(
            kind=t.p("kind", item.kind),
            id=item.id,
            source=item.source_ref,
            reason=item.reason(level, t),
        )
        for item in result.left_out
    )


@attrs.frozen(repr=False)
class _ResultRenderer:
    """The explanation of a Result's total and index, from its groups."""

    source_ref: str

    def render(self, item: Result, t: Language = EN) -> Explanation:
        groups, total = item.groups, item.points
        return Explanation(
            rule=t("sum of groups; index = points / max_points"),
            formula=" + ".join(_num(t, g.points) for g in groups)
            + t(" = {total}; index = {total} / {max} = {index}").format(
                total=_num(t, total), max=_num(t, item.max_points), index=_num(t, item.index)
            ),
            source_ref=self.source_ref,
            inputs=tuple((g.id, _num(t, g.points)) for g in groups),
            steps=_left_out_steps(item, t),
        )

    def __repr__(self) -> str:
        return "<explanation of the total>"
