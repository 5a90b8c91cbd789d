"""Compiling a checked rule set into the engine's frozen form, and its canonical JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._ruleset_checks import _consistency_problems, _fmt, _link_problems, _PathParts
from ._terms import RuleSetTerms
from .calendar import LAST_YEAR, VIETNAM, Period
from .compiled import (
    CompiledGroup,
    CompiledIndicator,
    CompiledInput,
    CompiledRuleSet,
    CompiledTarget,
    Part,
    Rule,
)
from .deadlines import Obligation, compile_obligations, due_days, named_units
from .errors import Location, RuleSetError
from .model import (
    BandsScoring,
    BinaryScoring,
    IndicatorSpec,
    ItemsScoring,
    ProportionalScoring,
    RuleSetSpec,
    ScaledScoring,
    ThresholdScoring,
)

# ----------------------------------------------------------------------------- compile


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def canonical_json(spec: RuleSetSpec) -> str:
    """The canonical text the fingerprint is taken of: sorted keys, normalised numbers."""
    data = _canonical(spec.model_dump(mode="python", by_alias=True))
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _rule(scoring: Any) -> Rule:
    if isinstance(scoring, BinaryScoring):
        return Rule("binary", input=scoring.input)
    if isinstance(scoring, ThresholdScoring):
        return Rule("threshold", target=scoring.target)
    if isinstance(scoring, ProportionalScoring):
        return Rule("proportional", target=scoring.target)
    if isinstance(scoring, ScaledScoring):
        return Rule("scaled", input=scoring.input)
    assert isinstance(scoring, BandsScoring)
    bands = tuple((Fraction(b.at_least), Fraction(b.points)) for b in scoring.bands)
    return Rule("bands", input=scoring.input, bands=bands)


def _indicator(group_id: str, spec: IndicatorSpec) -> CompiledIndicator:
    scoring = spec.scoring
    max_points = Fraction(spec.max_points)
    if isinstance(scoring, ItemsScoring):
        parts = tuple(
            Part(item.id, item.name, item.source_ref, Fraction(item.points), _rule(item.scoring))
            for item in scoring.items
        )
    else:  # one part, worth the indicator's points (the same value object)
        parts = (Part(spec.id, spec.name, spec.source_ref, max_points, _rule(scoring)),)
    return CompiledIndicator(
        id=spec.id,
        group=group_id,
        name=spec.name,
        source_ref=spec.source_ref,
        max_points=max_points,
        parts=parts,
        summed=isinstance(scoring, ItemsScoring),
        targets=tuple(spec.targets),
        name_en=spec.name_en,
        assumption=spec.assumption,
        levels=None if spec.levels is None else tuple(spec.levels),
        binding_ref=spec.binding_ref,
        units=None if spec.units is None else named_units(spec.units),
    )


def _checked(
    spec: RuleSetSpec,
) -> tuple[list[tuple[_PathParts, str]], tuple[Obligation, ...]]:
    """The rule set's problems, and its obligations (their deadlines read once)."""
    obligations, unreadable = compile_obligations(spec)
    return [*_consistency_problems(spec), *unreadable, *_link_problems(spec)], obligations


def compile_ruleset(spec: RuleSetSpec, *, origin: str = "<memory>") -> CompiledRuleSet:
    """Compile a checked :class:`RuleSetSpec` into the engine's frozen form."""
    problems, obligations = _checked(spec)
    if problems:
        raise RuleSetError(
            [Location(origin, _fmt(p)) for p, _ in problems], [m for _, m in problems]
        )
    return _compile(spec, origin, obligations)


def _compile(
    spec: RuleSetSpec, origin: str, obligations: tuple[Obligation, ...]
) -> CompiledRuleSet:
    fingerprint = hashlib.sha256(canonical_json(spec).encode("utf-8")).hexdigest()
    inputs = tuple(
        CompiledInput(
            id=i.id,
            kind=i.kind,
            name=i.name,
            source_ref=i.source_ref,
            name_en=i.name_en,
            unit=i.unit,
            numerator=i.numerator,
            denominator=i.denominator,
            evidence=i.evidence,
            may_exceed=i.may_exceed,
            minimum=None if i.minimum is None else Fraction(i.minimum),
            maximum=None if i.maximum is None else Fraction(i.maximum),
            points_of=None if i.points_of is None else Fraction(i.points_of),
        )
        for i in spec.inputs
    )
    targets = tuple(
        CompiledTarget(
            id=t.id,
            text=t.text,
            source_ref=t.source_ref,
            input=t.measured[0],
            comparison=t.comparison,
            threshold=None if t.threshold is None else Fraction(t.threshold),
            tiers=tuple((lvl, Fraction(v)) for lvl, v in (t.tiers or {}).items()),
            previous_input=t.relative.previous_input if t.relative else None,
            relative_reading=t.relative.reading if t.relative else None,
            relative_delta=Fraction(t.relative.delta) if t.relative else None,
            text_en=t.text_en,
            assumption=t.assumption,
            levels=None if t.levels is None else tuple(t.levels),
            binding_ref=t.binding_ref,
            units=None if t.units is None else named_units(t.units),
            kinds=tuple((k.kind, k.input, Fraction(k.threshold)) for k in t.kinds or ()),
            not_due_before=t.by
            if t.by is not None and Period.parse(t.by).end > spec.effective.end
            else None,
        )
        for t in spec.targets
    )
    groups = tuple(
        CompiledGroup(
            id=g.id,
            name=g.name,
            source_ref=g.source_ref,
            max_points=Fraction(g.max_points),
            indicators=tuple(_indicator(g.id, ind) for ind in g.indicators),
            name_en=g.name_en,
        )
        for g in spec.groups
    )
    terms = RuleSetTerms.of(spec)
    dues = tuple(due for ob in obligations for due in due_days(terms, ob))
    return CompiledRuleSet(
        id=spec.id,
        title=spec.title,
        fingerprint=fingerprint,
        levels=tuple(spec.levels),
        max_points=Fraction(spec.max_points),
        inputs=inputs,
        targets=targets,
        groups=groups,
        spec=spec,
        origin=origin,
        obligations=obligations,
        schedule=dues,
        terms=terms,
        work_years=VIETNAM.years(terms.start.year, min(terms.end.year + 1, LAST_YEAR)),
    )
