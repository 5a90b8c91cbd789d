"""Checking submission data against a rule set: every field, input value, date done and event,
each problem located in the file."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._fileio import LoadedDocument
from ._kinds import InputKind, Level
from ._submission_data import (
    _ENTRY_KEYS,
    _NO,
    _TOP_KEYS,
    _YES,
    SCHEMA,
    Answer,
    Count,
    DateValue,
    InputValue,
    Number,
    Rate,
    Submission,
    Unit,
)
from .calendar import Period
from .compiled import CompiledInput, CompiledRuleSet
from .deadlines import due_days
from .errors import Location, Msg, SubmissionError, message_of, msg


class _Problems:
    def __init__(self, doc: LoadedDocument) -> None:
        self.doc = doc
        self.locations: list[Location] = []
        self.messages: list[str] = []

    def add(self, path: tuple[str | int, ...], message: str) -> None:
        self.locations.append(self.doc.locate(path))
        self.messages.append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise SubmissionError(self.locations, self.messages)


def _bind(doc: LoadedDocument, ruleset: CompiledRuleSet) -> Submission:
    problems = _Problems(doc)
    data = doc.data
    if not isinstance(data, Mapping):
        problems.add((), msg("expected a mapping with {keys}", keys=", ".join(sorted(_TOP_KEYS))))
        problems.raise_if_any()
    for key in data:
        if key not in _TOP_KEYS:
            problems.add(
                (str(key),),
                msg("unknown field; expected one of {keys}", keys=", ".join(sorted(_TOP_KEYS))),
            )
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        problems.add(
            ("schema",), msg("expected {schema!r}, got {got!r}", schema=SCHEMA, got=schema)
        )
    ruleset_id = data.get("ruleset")
    if ruleset_id is not None and ruleset_id != ruleset.id:
        problems.add(
            ("ruleset",),
            msg(
                "this submission is for rule set {given!r}, not {ident!r}",
                given=ruleset_id,
                ident=ruleset.id,
            ),
        )
    unit = _unit(data.get("unit"), ruleset, problems)
    period = _period(data.get("period"), ruleset, problems)
    values = _inputs(data.get("inputs"), ruleset, problems)
    events = _events(data.get("events"), ruleset, problems)
    done = _done(data.get("done"), ruleset, dict(events), problems)
    problems.raise_if_any()
    assert unit is not None and period is not None
    return Submission(
        unit=unit,
        period=period,
        values=values,
        ruleset_id=ruleset_id if isinstance(ruleset_id, str) else None,
        source=doc.source,
        done=tuple(sorted(done)),
        events=tuple(sorted(events)),
        ruleset_fingerprint=ruleset.fingerprint,
    )


def _date(raw: Any, path: tuple[str | int, ...], problems: _Problems) -> dt.date | None:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    problems.add(path, msg("expected a date YYYY-MM-DD, got {got!r}", got=raw))
    return None


def _unknown_id(ident: str, known: Iterable[str], what: Msg) -> Msg:
    close = difflib.get_close_matches(ident, list(known), n=1, cutoff=0.6)
    hint = msg("; did you mean {close!r}?", close=close[0]) if close else ""
    return msg("unknown {kind} {ident!r}{hint}", kind=what, ident=ident, hint=hint)


def _events(raw: Any, ruleset: CompiledRuleSet, problems: _Problems) -> list[tuple[str, dt.date]]:
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        problems.add(("events",), msg("expected a mapping of obligation ids to event dates"))
        return []
    obligations = ruleset.obligation_map
    waiting = [ob.id for ob in ruleset.obligations if ob.waits_for_event]
    out = []
    for key, value in raw.items():
        if value is None:
            continue  # a blank template entry: no date yet
        path: tuple[str | int, ...] = ("events", str(key))
        ob = obligations.get(str(key))
        if ob is None or not ob.waits_for_event:
            problems.add(
                path,
                _unknown_id(str(key), waiting, msg("obligation waiting for an event"))
                if ob is None
                else msg(
                    "{key!r} does not wait for an event (its deadline is {text!r})",
                    key=key,
                    text=ob.text,
                ),
            )
            continue
        day = _date(value, path, problems)
        if day is not None:
            out.append((str(key), day))
    return out


def _done(
    raw: Any, ruleset: CompiledRuleSet, events: Mapping[str, dt.date], problems: _Problems
) -> list[tuple[str, dt.date]]:
    """Completion dates, by due id: ``{"PL1.I.1": date}`` or ``{"VIII.7.monthly": {"2024-04":
    date}}`` or ``{"VIII.7.monthly@2024-04": date}``."""
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        problems.add(("done",), msg("expected a mapping of task or report ids to dates done"))
        return []
    due_ids = {d.id for d in ruleset.schedule}
    for ob_id, day in events.items():
        due_ids.update(
            d.id for d in due_days(ruleset.terms, ruleset.obligation_map[ob_id], event=day)
        )
    out: list[tuple[str, dt.date]] = []
    seen: set[str] = set()

    def take(ident: str, value: Any, path: tuple[str | int, ...]) -> None:
        if ident not in due_ids:
            ob = ruleset.obligation_map.get(ident.split("@", maxsplit=1)[0])
            if ob is not None and ob.waits_for_event and ident == ob.id and ident in events:
                message = msg(
                    "{ident!r} has no due day: the document sets no time after its event "
                    "({text!r})",
                    ident=ident,
                    text=ob.text,
                )
            elif ob is not None and ob.waits_for_event and ident == ob.id:
                message = msg(
                    "{ident!r} waits for an event: give its date under 'events' first",
                    ident=ident,
                )
            elif (
                ob is not None
                and "@" not in ident
                and any(d.startswith(ident + "@") for d in due_ids)
            ):
                message = msg(
                    "{ident!r} is due several times: give a mapping of its periods "
                    '(e.g. {{"2024-04": "2024-04-18"}}) to dates',
                    ident=ident,
                )
            elif ob is not None and ident.partition("@")[2]:
                message = msg(
                    "{ident!r} has no due day {when} (its deadline is {text!r})",
                    ident=ident,
                    when=ident.partition("@")[2],
                    text=ob.text,
                )
            elif ob is not None:
                message = msg(
                    "{ident!r} has no due day (its deadline is {text!r})", ident=ident, text=ob.text
                )
            else:
                message = _unknown_id(ident, sorted(due_ids), msg("task or report"))
            problems.add(path, message)
            return
        if ident in seen:
            problems.add(path, msg("{ident!r} is given twice", ident=ident))
            return
        seen.add(ident)
        day = _date(value, path, problems)
        if day is not None:
            out.append((ident, day))

    for raw_key, value in raw.items():
        key = str(raw_key)
        if isinstance(value, Mapping):
            for sub, day in value.items():
                if day is not None:  # blank: not done
                    take(f"{key}@{sub}", day, ("done", key, str(sub)))
        elif value is not None:
            take(key, value, ("done", key))
    return out


def _unit(raw: Any, ruleset: CompiledRuleSet, problems: _Problems) -> Unit | None:
    if not isinstance(raw, Mapping):
        problems.add(("unit",), msg("expected a mapping with id, name and level"))
        return None
    out: dict[str, str] = {}
    for key in ("id", "name", "level"):
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.add(("unit", key), msg("expected a non-empty text, got {got!r}", got=value))
        else:
            out[key] = value.strip()
    for key in raw:
        if key not in {"id", "name", "level"}:
            problems.add(("unit", str(key)), msg("unknown field; expected id, name and level"))
    if "level" not in out:
        return None
    allowed = ", ".join(level.value for level in ruleset.levels)
    try:
        level = Level(out["level"])
    except ValueError:
        problems.add(
            ("unit", "level"),
            msg("expected one of {allowed}, got {got!r}", allowed=allowed, got=out["level"]),
        )
        return None
    if level not in ruleset.levels:
        problems.add(
            ("unit", "level"),
            msg(
                "rule set {ident!r} scores {allowed}, not {level!r}",
                ident=ruleset.id,
                allowed=allowed,
                level=level.value,
            ),
        )
        return None
    if len(out) < 3:
        return None
    return Unit(out["id"], out["name"], level)


def _period(raw: Any, ruleset: CompiledRuleSet, problems: _Problems) -> str | None:
    if not isinstance(raw, (str, int)) or isinstance(raw, bool):
        problems.add(
            ("period",),
            msg("expected a period like 2024, 2024-H1, 2024-Q3 or 2024-03, got {got!r}", got=raw),
        )
        return None
    try:
        period = Period.parse(str(raw))
    except ValueError as exc:
        problems.add(("period",), message_of(exc))
        return None
    effective = ruleset.terms
    try:
        inside = effective.start <= period.start and period.end <= effective.end
    except (ValueError, OverflowError):  # a period at the end of the calendar (9999)
        inside = False
    if not inside:
        problems.add(
            ("period",),
            msg(
                "period {period} lies outside the rule set's effective period {start} to {end}",
                period=period,
                start=effective.start.isoformat(),
                end=effective.end.isoformat(),
            ),
        )
        return None
    return str(period)


def _inputs(
    raw: Any, ruleset: CompiledRuleSet, problems: _Problems
) -> list[tuple[str, InputValue | None]]:
    entries: list[tuple[tuple[str | int, ...], str, Any, Any]] = []  # path, id, value, evidence
    if raw is None:
        return []
    if isinstance(raw, Mapping):
        for key, value in raw.items():
            path: tuple[str | int, ...] = ("inputs", str(key))
            if isinstance(value, Mapping) and "value" in value:
                for extra in value:
                    if extra not in {"value", "evidence"}:
                        problems.add(
                            (*path, str(extra)), msg("unknown field; expected value and evidence")
                        )
                entries.append((path, str(key), value.get("value"), value.get("evidence")))
            else:
                entries.append((path, str(key), value, None))
    elif isinstance(raw, list):
        for index, entry in enumerate(raw):
            path = ("inputs", index)
            if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
                problems.add(path, msg("expected a mapping with an 'id' and a 'value'"))
                continue
            for extra in entry:
                if extra not in _ENTRY_KEYS:
                    problems.add(
                        (*path, str(extra)),
                        msg("unknown field; expected {keys}", keys=", ".join(sorted(_ENTRY_KEYS))),
                    )
            entries.append(
                ((*path, "value"), entry["id"], entry.get("value"), entry.get("evidence"))
            )
    else:
        problems.add(
            ("inputs",), msg("expected a mapping of input ids to values, or a list of entries")
        )
        return []

    known = ruleset.input_map
    seen: dict[str, tuple[str | int, ...]] = {}
    out: list[tuple[str, InputValue | None]] = []
    for path, ident, value, evidence in entries:
        spec = known.get(ident)
        if spec is None:
            problems.add(
                path[:2] if path[0] == "inputs" and isinstance(path[1], int) else path,
                _unknown_id(ident, known, msg("input")),
            )
            continue
        if ident in seen:
            problems.add(path, msg("input {ident!r} is given twice", ident=ident))
            continue
        seen[ident] = path
        parsed = _value(spec, value, evidence, path, problems)
        out.append((ident, parsed))
    return out


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal, float)) and not isinstance(value, bool)


def _exact(value: int | Decimal | float) -> Fraction:
    """Exact value of a number; a float is read by its shortest decimal form (0.1 → 1/10)."""
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def _value(
    spec: CompiledInput, value: Any, evidence: Any, path: tuple[str | int, ...], problems: _Problems
) -> InputValue | None:
    kind = spec.kind
    if evidence is not None and (kind is not InputKind.BOOLEAN or not isinstance(evidence, str)):
        problems.add(path, msg("evidence is a text, and only for yes/no inputs"))
    if value is None:
        return None
    if kind is InputKind.RATE:
        if not isinstance(value, Mapping):
            problems.add(
                path, msg("expected a rate {{numerator, denominator}}, got {got!r}", got=value)
            )
            return None
        extra = set(value) - {"numerator", "denominator"}
        if extra:
            problems.add(
                path,
                msg(
                    "unknown field(s) {fields}; a rate has numerator and denominator",
                    fields=sorted(extra),
                ),
            )
        num, den = value.get("numerator"), value.get("denominator")
        if num is None and den is None:
            return None
        bad = False
        for name, part in (("numerator", num), ("denominator", den)):
            if not _is_number(part):
                problems.add((*path, name), msg("expected a number ≥ 0, got {got!r}", got=part))
                bad = True
            elif part is not None and part < 0:
                problems.add((*path, name), msg("expected a number ≥ 0, got {got}", got=part))
                bad = True
        if bad or num is None or den is None:
            return None
        n, d = _exact(num), _exact(den)
        if n > d and not spec.may_exceed:
            problems.add(
                path,
                msg(
                    "numerator {num} is above denominator {den}; a share of {whole} cannot "
                    "exceed it",
                    num=num,
                    den=den,
                    whole=spec.denominator or msg("the whole"),
                ),
            )
            return None
        return Rate(n, d)
    if kind is InputKind.BOOLEAN:
        if isinstance(value, bool):
            flag = value
        elif isinstance(value, str) and value.strip().lower() in _YES | _NO:
            flag = value.strip().lower() in _YES
        else:
            problems.add(path, msg("expected yes/no (true or false), got {got!r}", got=value))
            return None
        return Answer(
            flag, evidence.strip() if isinstance(evidence, str) and evidence.strip() else None
        )
    if kind is InputKind.DATE:
        day = _date(value, path, problems)
        return None if day is None else DateValue(day)
    if spec.points_of is not None and isinstance(value, Mapping):
        points = value.get("points")
        if set(value) != {"points"} or not isinstance(points, (int, Decimal, float)):
            problems.add(
                path, msg("expected an index in [0, 1] or {{points: x}}, got {got!r}", got=value)
            )
            return None
        exact_points = _exact(points)
        if isinstance(points, bool) or not 0 <= exact_points <= spec.points_of:
            problems.add(
                path,
                msg("expected points from 0 to {most}, got {got}", most=spec.points_of, got=points),
            )
            return None
        return Number(exact_points / spec.points_of)
    if not _is_number(value):
        what = msg("a whole number ≥ 0") if kind is InputKind.COUNT else msg("a number")
        problems.add(
            path,
            msg(
                "expected {what}, got {type} {got!r}",
                what=what,
                type=type(value).__name__,
                got=value,
            ),
        )
        return None
    exact = _exact(value)
    if kind is InputKind.COUNT:
        if exact.denominator != 1 or exact < 0:
            problems.add(path, msg("expected a whole number ≥ 0, got {got}", got=value))
            return None
        return Count(int(exact))
    if spec.minimum is not None and exact < spec.minimum:
        problems.add(
            path, msg("expected at least {least}, got {got}", least=spec.minimum, got=value)
        )
        return None
    if spec.maximum is not None and exact > spec.maximum:
        problems.add(path, msg("expected at most {most}, got {got}", most=spec.maximum, got=value))
        return None
    return Number(exact)
