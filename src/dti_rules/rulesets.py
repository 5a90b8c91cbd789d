"""Loading, checking, compiling and finding rule sets.

>>> from dti_rules import load_ruleset, bundled_rulesets
>>> "q10-dti-2024" in bundled_rulesets()
True
>>> rs = load_ruleset("q10-dti-2024")
>>> [int(g.max_points) for g in rs.groups]
[60, 50, 70, 60, 35, 185, 90, 90, 20]
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pydantic

from ._cache import cached
from ._fileio import LoadedDocument, check_document, format_path, read_document
from ._validation import describe
from .calendar import Period
from .compiled import (
    CompiledGroup,
    CompiledIndicator,
    CompiledInput,
    CompiledRuleSet,
    CompiledTarget,
    Part,
    Rule,
    live_ruleset,
)
from .deadlines import Obligation, compile_obligations, due_days, named_units
from .errors import InputFileError, Location, Msg, RuleSetError, UnknownRuleSetError, msg
from .model import (
    BandsScoring,
    BinaryScoring,
    Comparison,
    IndicatorSpec,
    InputKind,
    ItemsScoring,
    Level,
    ProportionalScoring,
    RuleSetSpec,
    ScaledScoring,
    ThresholdScoring,
)

__all__ = [
    "bundled_rulesets",
    "bundled_summary",
    "canonical_json",
    "compile_ruleset",
    "load_ruleset",
    "resolve_ruleset_path",
    "ruleset_from_data",
]

_PathParts = tuple[str | int, ...]
_METHOD_TAGS = {"binary", "threshold", "proportional", "bands", "scaled", "items"}


def _data_dir(name: str) -> Path:
    packaged = resources.files("dti_rules") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / name


def rules_dir() -> Path:
    """Folder of the bundled rule sets (inside the wheel, or ``rules/`` of a checkout)."""
    return _data_dir("rules")


def examples_dir() -> Path:
    """Folder of the bundled example submissions."""
    return _data_dir("examples")


def bundled_rulesets() -> dict[str, Path]:
    """Bundled rule set ids and their files, sorted by id."""
    found: dict[str, Path] = {}
    folder = rules_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            found[path.stem] = path
    return found


def bundled_summary() -> list[dict[str, str]]:
    """One row per bundled rule set: its id, title, levels, year and source document (what
    ``dti-rules list`` prints).

    >>> [row["id"] for row in bundled_summary()][:1]
    ['binh-tan-dti-2023']
    """
    rows = []
    for ident in bundled_rulesets():
        spec = load_ruleset(ident).spec
        rows.append(
            {
                "id": ident,
                "title": spec.title,
                "level": ", ".join(level.value for level in spec.levels),
                "year": str(spec.effective.start.year),
                "source": f"{spec.source.document} ({spec.source.issued.isoformat()})",
            }
        )
    return rows


def resolve_ruleset_path(name: str | os.PathLike[str]) -> Path:
    """A bundled id or a path to a rule set file."""
    text = os.fspath(name)
    bundled = bundled_rulesets()
    if text in bundled:
        return bundled[text]
    path = Path(text)
    if path.is_file():
        return path
    known = ", ".join(bundled) or msg("none")
    raise UnknownRuleSetError(
        msg(
            "{name!r} is neither a bundled rule set ({known}) nor an existing file",
            name=text,
            known=known,
        )
    )


def load_ruleset(name: str | os.PathLike[str]) -> CompiledRuleSet:
    """Load, check and compile a rule set by bundled id or file path.

    Raises :class:`~dti_rules.errors.RuleSetError` with located messages when the file
    is malformed or inconsistent.
    """
    path = resolve_ruleset_path(name)
    return _load_cached(str(path.resolve()), path.stat().st_mtime_ns, str(path))


@cache
def _load_cached(resolved: str, mtime_ns: int, shown: str) -> CompiledRuleSet:
    del mtime_ns  # a cache key only
    return cached(Path(resolved), shown, lambda: _build(shown))


def _build(shown: str) -> CompiledRuleSet:
    try:
        doc = read_document(shown)
    except InputFileError as exc:
        raise RuleSetError([p[0] for p in exc.problems], [p[1] for p in exc.problems]) from None
    return _from_document(doc)


def ruleset_from_data(data: Mapping[str, Any], source: str = "<data>") -> CompiledRuleSet:
    """Check and compile a rule set given as already-parsed data (e.g. a dict), held to
    the limits of :mod:`dti_rules._limits` as a file would be."""
    try:
        doc = check_document(LoadedDocument(data, source))
    except InputFileError as exc:
        raise RuleSetError([p[0] for p in exc.problems], [p[1] for p in exc.problems]) from None
    return _from_document(doc)


def _from_document(doc: LoadedDocument) -> CompiledRuleSet:
    if not isinstance(doc.data, Mapping):
        raise RuleSetError([doc.locate(())], [msg("expected a mapping at the top of the rule set")])
    try:
        spec = RuleSetSpec.model_validate(doc.data)
    except pydantic.ValidationError as exc:
        locs, msgs = _pydantic_problems(exc, doc)
        raise RuleSetError(locs, msgs) from None
    problems, obligations = _checked(spec)
    if problems:
        raise RuleSetError([doc.locate(p) for p, _ in problems], [m for _, m in problems])
    return _compile(spec, doc.source, obligations)


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


def _pydantic_problems(
    exc: pydantic.ValidationError, doc: LoadedDocument
) -> tuple[list[Location], list[str]]:
    locs: list[Location] = []
    msgs: list[str] = []
    for error in exc.errors(include_url=False):
        parts: list[str | int] = []
        for i, part in enumerate(error["loc"]):
            previous = error["loc"][i - 1] if i else None
            if previous in {"scoring"} and part in _METHOD_TAGS:
                continue  # the discriminated union's tag, not a place in the file
            parts.append(part)
        locs.append(doc.locate(parts))
        msgs.append(describe(error))
    return locs, msgs


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
    dues = tuple(due for ob in obligations for due in due_days(spec, ob))
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
    )


class RuleSetRef:
    """A rule set held by reference: pickled as its id, fingerprint and origin only.

    A Result keeps the rule set its items are made from through one of these, so a Result
    sent to another process (a worker pool's answer, say) does not carry a copy of its rule
    set: the receiving process finds the rule set with the same fingerprint that it holds,
    or loads it again from where it came from, and refuses one whose content changed.

    >>> import pickle
    >>> rs = load_ruleset("q10-dti-2024")
    >>> ref = pickle.loads(pickle.dumps(RuleSetRef(rs)))
    >>> ref.get() is rs, len(pickle.dumps(RuleSetRef(rs))) < 400
    (True, True)
    """

    __slots__ = ("_ruleset", "fingerprint", "id", "level", "origin", "unit")

    def __init__(self, ruleset: CompiledRuleSet, unit: tuple[str, ...] = ()) -> None:
        self._ruleset: CompiledRuleSet | None = ruleset
        self.id = ruleset.id
        self.fingerprint = ruleset.fingerprint
        self.origin = ruleset.origin
        # a view of the rule set for one unit's level (CompiledRuleSet.for_level) is made
        # again from the whole rule set, for the same unit
        self.level = ruleset.restricted_to
        self.unit = unit if self.level is not None else ()

    def get(self) -> CompiledRuleSet:
        """The rule set: the one held, one this process holds, or the file loaded again."""
        found = self._ruleset
        if found is None:
            whole = live_ruleset(self.fingerprint) or self._load()
            found = whole if self.level is None else whole.for_level(self.level, self.unit)
        self._ruleset = found
        return found

    def _load(self) -> CompiledRuleSet:
        where = self.origin
        if where.startswith("<") or not Path(where).is_file():
            raise UnknownRuleSetError(
                msg(
                    "rule set {ident!r} (fingerprint {fingerprint}…) is not loaded in "
                    "this process and its origin {where!r} is not a file: load it first",
                    ident=self.id,
                    fingerprint=self.fingerprint[:12],
                    where=where,
                )
            )
        found = load_ruleset(where)
        if found.fingerprint != self.fingerprint:
            raise UnknownRuleSetError(
                msg(
                    "rule set {ident!r} at {where} has changed since the result was made "
                    "(fingerprint {found}…, expected {expected}…)",
                    ident=self.id,
                    where=where,
                    found=found.fingerprint[:12],
                    expected=self.fingerprint[:12],
                )
            )
        return found

    def __getstate__(self) -> tuple[str, str, str, Level | None, tuple[str, ...]]:
        return self.id, self.fingerprint, self.origin, self.level, self.unit

    def __setstate__(self, state: tuple[str, str, str, Level | None, tuple[str, ...]]) -> None:
        self.id, self.fingerprint, self.origin, self.level, self.unit = state
        self._ruleset = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleSetRef) and other.__getstate__() == self.__getstate__()

    def __hash__(self) -> int:
        return hash(self.__getstate__())

    def __repr__(self) -> str:
        return f"RuleSetRef({self.id!r}, {self.fingerprint[:12]!r})"
