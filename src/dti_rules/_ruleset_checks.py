"""The checks a rule set must pass beyond its format: unique ids, cross-references, the kinds
of input each scoring reads, declared totals, bindings, and the plan a report links to."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from ._bundled import bundled_rulesets
from ._fileio import format_path
from .errors import Msg, msg
from .model import (
    BandsScoring,
    BinaryScoring,
    Comparison,
    InputKind,
    ItemsScoring,
    ProportionalScoring,
    RuleSetSpec,
    ScaledScoring,
    ThresholdScoring,
)

_PathParts = tuple[str | int, ...]
_METHOD_TAGS = {"binary", "threshold", "proportional", "bands", "scaled", "items"}


def _link_problems(spec: RuleSetSpec) -> list[tuple[_PathParts, str]]:
    """A report's link to the plan it reports on: a bundled rule set other than itself."""
    linked = spec.reports_on
    if linked is None:
        return []
    known = bundled_rulesets()
    if linked == spec.id:
        return [(("reports_on",), msg("a rule set cannot report on itself"))]
    if linked not in known:
        others = {name: path for name, path in known.items() if name != spec.id}
        return [(("reports_on",), _unknown(msg("bundled rule set"), linked, others))]
    return []


# ----------------------------------------------------------------------------- checks


def _consistency_problems(spec: RuleSetSpec) -> Iterator[tuple[_PathParts, str]]:
    """Cross-references, unique ids, and declared totals against the sum of their parts."""
    seen: dict[str, _PathParts] = {}

    def claim(ident: str, path: _PathParts) -> Iterator[tuple[_PathParts, str]]:
        if ident in seen:
            yield (
                (*path, "id"),
                msg("id {ident!r} is already used at {path}", ident=ident, path=_fmt(seen[ident])),
            )
        else:
            seen[ident] = path

    for i, reading in enumerate(spec.readings):
        yield from claim(reading.id, ("readings", i))
    for i, spec_input in enumerate(spec.inputs):
        yield from claim(spec_input.id, ("inputs", i))
    for i, target in enumerate(spec.targets):
        yield from claim(target.id, ("targets", i))
    for gi, group in enumerate(spec.groups):
        yield from claim(group.id, ("groups", gi))
        for ii, indicator in enumerate(group.indicators):
            yield from claim(indicator.id, ("groups", gi, "indicators", ii))
            if isinstance(indicator.scoring, ItemsScoring):
                for ti, part in enumerate(indicator.scoring.items):
                    path = ("groups", gi, "indicators", ii, "scoring", "items", ti)
                    yield from claim(part.id, path)
    for i, task in enumerate(spec.tasks):
        yield from claim(task.id, ("tasks", i))
    for i, report in enumerate(spec.reports):
        yield from claim(report.id, ("reports", i))

    inputs = {entry.id: entry for entry in spec.inputs}
    targets = {entry.id: entry for entry in spec.targets}
    measurable = {InputKind.COUNT, InputKind.RATE, InputKind.NUMBER}

    for i, target in enumerate(spec.targets):
        base = ("targets", i)
        places: list[tuple[_PathParts, str]] = (
            [((*base, "kinds", k, "input"), kind.input) for k, kind in enumerate(target.kinds)]
            if target.kinds is not None
            else [((*base, "input"), target.input or "")]
        )
        found_kinds: set[InputKind] = set()
        measured = None
        for place, ident in places:
            read = inputs.get(ident)
            if read is None:
                yield place, _unknown(msg("input"), ident, inputs)
            elif read.kind not in measurable:
                yield (
                    place,
                    msg(
                        "input {ident!r} is a {kind}; a target measures a count, rate or number",
                        ident=ident,
                        kind=_kind(read.kind),
                    ),
                )
            else:
                found_kinds.add(read.kind)
                measured = measured or read
        if len(found_kinds) > 1:
            yield (
                (*base, "kinds"),
                msg(
                    "the kinds of a target measure inputs of one kind: {kinds}",
                    kinds=", ".join(sorted(k.value for k in found_kinds)),
                ),
            )
        if target.relative is not None:
            prev = inputs.get(target.relative.previous_input)
            if prev is None:
                yield (
                    (*base, "relative", "previous_input"),
                    _unknown(msg("input"), target.relative.previous_input, inputs),
                )
            elif measured is not None and prev.kind is not measured.kind:
                yield (
                    (*base, "relative", "previous_input"),
                    msg(
                        "previous input is a {previous} but the target measures a {measured}",
                        previous=_kind(prev.kind),
                        measured=_kind(measured.kind),
                    ),
                )

    def leaf_problems(
        scoring: Any, path: _PathParts, points: Decimal
    ) -> Iterator[tuple[_PathParts, str]]:
        if isinstance(scoring, BinaryScoring):
            read = inputs.get(scoring.input)
            if read is None:
                yield (*path, "input"), _unknown(msg("input"), scoring.input, inputs)
            elif read.kind not in {InputKind.BOOLEAN, InputKind.DATE}:
                yield (
                    (*path, "input"),
                    msg(
                        "binary scoring reads a boolean or date input; {ident!r} is a {kind}",
                        ident=scoring.input,
                        kind=_kind(read.kind),
                    ),
                )
        elif isinstance(scoring, (ThresholdScoring, ProportionalScoring)):
            target = targets.get(scoring.target)
            if target is None:
                yield (*path, "target"), _unknown(msg("target"), scoring.target, targets)
            elif isinstance(scoring, ProportionalScoring):
                if target.comparison is not Comparison.GE:
                    yield (
                        (*path, "target"),
                        msg(
                            "proportional scoring needs a 'ge' target; "
                            "{ident!r} compares with {comparison!r}",
                            ident=scoring.target,
                            comparison=target.comparison.value,
                        ),
                    )
                fixed = [target.threshold] if target.threshold is not None else []
                fixed += list((target.tiers or {}).values())
                fixed += [kind.threshold for kind in target.kinds or ()]
                if any(value <= 0 for value in fixed):
                    yield (
                        (*path, "target"),
                        msg(
                            "proportional scoring needs thresholds above 0; {ident!r} has {values}",
                            ident=scoring.target,
                            values=", ".join(str(v) for v in fixed),
                        ),
                    )
        elif isinstance(scoring, ScaledScoring):
            read = inputs.get(scoring.input)
            if read is None:
                yield (*path, "input"), _unknown(msg("input"), scoring.input, inputs)
            elif read.kind is not InputKind.NUMBER or read.minimum != 0 or read.maximum != 1:
                yield (
                    (*path, "input"),
                    msg(
                        "scaled scoring reads an index: a number input with minimum 0 and "
                        "maximum 1; {ident!r} is not",
                        ident=scoring.input,
                    ),
                )
        elif isinstance(scoring, BandsScoring):
            read = inputs.get(scoring.input)
            if read is None:
                yield (*path, "input"), _unknown(msg("input"), scoring.input, inputs)
            elif read.kind not in measurable:
                yield (
                    (*path, "input"),
                    msg(
                        "bands read a count, rate or number; {ident!r} is a {kind}",
                        ident=scoring.input,
                        kind=_kind(read.kind),
                    ),
                )
            for bi, (low, high) in enumerate(zip(scoring.bands, scoring.bands[1:], strict=False)):
                if high.at_least <= low.at_least:
                    yield (
                        (*path, "bands", bi + 1, "at_least"),
                        msg("bands must rise: at_least must increase"),
                    )
                if high.points < low.points:
                    yield (
                        (*path, "bands", bi + 1, "points"),
                        msg("bands must not lower points as the value rises"),
                    )
            for bi, band in enumerate(scoring.bands):
                if band.points > points:
                    yield (
                        (*path, "bands", bi, "points"),
                        msg(
                            "band points {points} exceed the maximum {most}",
                            points=band.points,
                            most=points,
                        ),
                    )

    for gi, group in enumerate(spec.groups):
        gpath: _PathParts = ("groups", gi)
        for ii, indicator in enumerate(group.indicators):
            ipath: _PathParts = (*gpath, "indicators", ii)
            for ti, tid in enumerate(indicator.targets):
                if tid not in targets:
                    yield (*ipath, "targets", ti), _unknown(msg("target"), tid, targets)
            scoring = indicator.scoring
            if isinstance(scoring, ItemsScoring):
                for ti, item in enumerate(scoring.items):
                    yield from leaf_problems(
                        item.scoring, (*ipath, "scoring", "items", ti, "scoring"), item.points
                    )
                yield from _total(
                    (*ipath, "max_points"),
                    indicator.max_points,
                    msg("items"),
                    [(i.id, i.points) for i in scoring.items],
                )
            else:
                yield from leaf_problems(scoring, (*ipath, "scoring"), indicator.max_points)
        yield from _total(
            (*gpath, "max_points"),
            group.max_points,
            msg("indicators"),
            [(i.id, i.max_points) for i in group.indicators],
        )
    yield from _total(
        ("max_points",),
        spec.max_points,
        msg("groups"),
        [(g.id, g.max_points) for g in spec.groups],
    )
    yield from _binding_problems(spec)


_READING_ID = re.compile(r"^R-[A-Za-z0-9._\-]+$")


def _binding_problems(spec: RuleSetSpec) -> Iterator[tuple[_PathParts, str]]:
    """Bindings: levels the rule set has, readings that exist, and indicators scored only
    on targets that bind every level the indicator binds."""
    allowed = set(spec.levels)
    readings = {reading.id for reading in spec.readings}
    items: list[tuple[_PathParts, Any]] = [(("targets", i), t) for i, t in enumerate(spec.targets)]
    for gi, group in enumerate(spec.groups):
        items += [
            (("groups", gi, "indicators", ii), ind) for ii, ind in enumerate(group.indicators)
        ]
    items += [(("tasks", i), t) for i, t in enumerate(spec.tasks)]
    items += [(("reports", i), r) for i, r in enumerate(spec.reports)]
    for path, item in items:
        for li, level in enumerate(item.levels or ()):
            if level not in allowed:
                yield (
                    (*path, "levels", li),
                    msg(
                        "level {level!r} is not one of the rule set's levels ({levels})",
                        level=level.value,
                        levels=", ".join(lvl.value for lvl in spec.levels),
                    ),
                )
        bound = set(item.levels or spec.levels)
        for level in item.units or {}:
            if level not in bound:
                yield (
                    (*path, "units", level.value),
                    msg(
                        "names bodies at level {level!r}, which it does not bind "
                        "(it binds {levels})",
                        level=level.value,
                        levels=", ".join(lvl.value for lvl in spec.levels if lvl in bound),
                    ),
                )
        ref = item.binding_ref
        if ref is not None and _READING_ID.match(ref) and ref not in readings:
            yield (
                (*path, "binding_ref"),
                _unknown(msg("reading"), ref, dict.fromkeys(readings)),
            )
    targets = {t.id: t for t in spec.targets}
    for gi, group in enumerate(spec.groups):
        for ii, ind in enumerate(group.indicators):
            bound = set(ind.levels or spec.levels)
            scoring = ind.scoring
            leaves = (
                [i.scoring for i in scoring.items]
                if isinstance(scoring, ItemsScoring)
                else [scoring]
            )
            for leaf in leaves:
                target = targets.get(getattr(leaf, "target", None) or "")
                if target is None:
                    continue
                missing = bound - set(target.levels or spec.levels)
                if missing:
                    yield (
                        ("groups", gi, "indicators", ii, "levels"),
                        msg(
                            "indicator {ident!r} binds {levels} but is scored on target "
                            "{target!r}, which does not",
                            ident=ind.id,
                            levels=", ".join(sorted(m.value for m in missing)),
                            target=target.id,
                        ),
                    )


def _total(
    path: _PathParts, declared: Decimal, what: Msg, parts: list[tuple[str, Decimal]]
) -> Iterator[tuple[_PathParts, str]]:
    total = sum((value for _, value in parts), Decimal(0))
    if total != declared:
        terms = " + ".join(f"{value} ({ident})" for ident, value in parts)
        yield (
            path,
            msg(
                "declared total {declared} disagrees with the sum of its {what}: {terms} = {total}",
                declared=declared,
                what=what,
                terms=terms,
                total=total,
            ),
        )


def _kind(kind: InputKind) -> Msg:
    """An input's kind as a message says it."""
    return Msg.given(kind.value, kind.value, {}, "input kind")


def _unknown(kind: Msg, ident: str, known: Mapping[str, Any]) -> Msg:
    close = difflib.get_close_matches(ident, list(known), n=1)
    hint = msg("; did you mean {close!r}?", close=close[0]) if close else ""
    return msg("unknown {kind} {ident!r}{hint}", kind=kind, ident=ident, hint=hint)


def _fmt(path: _PathParts) -> str:
    return format_path(path)
