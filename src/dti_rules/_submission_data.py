"""What a submission holds: its unit, period and input values (answers, counts, rates, numbers,
dates), completion and event dates, and its canonical JSON."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Mapping
from fractions import Fraction
from json.encoder import encode_basestring as _json_str  # json.dumps' text, ensure_ascii=False

import attrs

from ._kinds import Level

SCHEMA = "dti-rules/submission/1"
_ENTRY_KEYS = {
    "id",
    "value",
    "evidence",
    "name",
    "name_en",
    "source_ref",
    "kind",
    "hint",
    "unit",
    "note",
    "target",
}
_TOP_KEYS = {"schema", "ruleset", "unit", "period", "inputs", "done", "events", "note"}
_YES = {"yes", "có", "co", "true", "đạt", "x"}
_NO = {"no", "không", "khong", "false"}


@attrs.frozen
class Answer:
    """A yes/no, with the evidence a unit cites for a yes."""

    value: bool
    evidence: str | None = None


@attrs.frozen
class Count:
    value: int


@attrs.frozen
class Rate:
    """A rate as supplied: numerator over denominator (compared as a percentage)."""

    numerator: Fraction
    denominator: Fraction

    @functools.cached_property
    def percent(self) -> Fraction | None:
        """100 × numerator / denominator, or None when the denominator is 0."""
        return rate_percent(self)


def rate_percent(rate: Rate) -> Fraction | None:
    """``rate.percent``, computed afresh (without keeping it on ``rate``)."""
    num, den = rate.numerator, rate.denominator
    if not den.numerator:
        return None
    return Fraction(100 * num.numerator * den.denominator, num.denominator * den.numerator)


@attrs.frozen
class Number:
    value: Fraction


@attrs.frozen
class DateValue:
    value: dt.date


InputValue = Answer | Count | Rate | Number | DateValue


@attrs.frozen
class Unit:
    id: str
    name: str
    level: Level


def _sorted_values(
    items: Iterable[tuple[str, InputValue | None]],
) -> tuple[tuple[str, InputValue | None], ...]:
    return tuple(sorted(items, key=lambda kv: kv[0]))


@attrs.frozen
class Submission:
    """A unit's values for one period, each checked against the rule set's input kinds.

    ``values`` maps every supplied input id to its value, or to None where the unit left it
    blank; inputs absent from the mapping are missing too.
    """

    unit: Unit
    period: str
    values: tuple[tuple[str, InputValue | None], ...] = attrs.field(converter=_sorted_values)
    ruleset_id: str | None = None
    source: str = attrs.field(default="<data>", eq=False)
    done: tuple[tuple[str, dt.date], ...] = ()
    events: tuple[tuple[str, dt.date], ...] = ()
    #: Fingerprint of the rule set the submission was checked against (None if unknown):
    #: :func:`dti_rules.evaluate` refuses to score it against another.
    ruleset_fingerprint: str | None = attrs.field(default=None, eq=False, repr=False)

    _index: Mapping[str, InputValue | None] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    @_index.default
    def _build_index(self) -> Mapping[str, InputValue | None]:
        return dict(self.values)

    @functools.cached_property
    def done_map(self) -> Mapping[str, dt.date]:
        """When each due day's work was done, by due id (``VIII.7.monthly@2024-04``)."""
        return dict(self.done)

    @functools.cached_property
    def event_map(self) -> Mapping[str, dt.date]:
        """The date of the event each conditional obligation waits for, by obligation id."""
        return dict(self.events)

    def value(self, input_id: str) -> InputValue | None:
        """The value supplied for ``input_id``, or None when it is blank or absent."""
        return self._index.get(input_id)

    @property
    def values_by_id(self) -> Mapping[str, InputValue | None]:
        """The supplied values by input id: what :meth:`value` looks up."""
        return self._index

    @functools.cached_property
    def fingerprint(self) -> str:
        """sha256 of the submission's content (unit, period, values), independent of order
        and of how numbers were written (``10`` and ``10.0`` are the same value).

        The text hashed is the compact JSON (``ensure_ascii=False``) of
        ``[["unit", id, name, level], ["period", period], ["ruleset", ruleset_id],
        [input id, canonical value], ..., ["done", due id, date], ..., ["event", id, date],
        ...]``, written here directly."""
        unit = self.unit
        rows = [
            f'["unit",{_json_str(unit.id)},{_json_str(unit.name)},{_json_str(unit.level.value)}]',
            f'["period",{_json_str(self.period)}]',
            f'["ruleset",{_json_text(self.ruleset_id)}]',
        ]
        rows.extend(f"[{_json_str(key)},{_canonical_json(value)}]" for key, value in self.values)
        rows.extend(f'["done",{_json_str(key)},"{day.isoformat()}"]' for key, day in self.done)
        rows.extend(f'["event",{_json_str(key)},"{day.isoformat()}"]' for key, day in self.events)
        text = "[" + ",".join(rows) + "]"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _json_text(value: str | None) -> str:
    """``json.dumps(value, ensure_ascii=False)`` for a text or None."""
    return "null" if value is None else _json_str(value)


def _canonical_json(value: InputValue | None) -> str:
    """A value's canonical text, as JSON: ``"rate:1/2:3"``, ``"answer:yes:evidence"``,
    ``"count:3"``, ``"number:7/2"``, ``"date:2024-06-30"``, or ``null`` when blank.

    Only an answer's evidence can hold characters JSON escapes: numbers and dates are
    written with digits, '-' and '/'."""
    if value is None:
        return "null"
    if isinstance(value, Rate):
        return f'"rate:{value.numerator}:{value.denominator}"'
    if isinstance(value, Answer):
        return _json_str(f"answer:{'yes' if value.value else 'no'}:{value.evidence or ''}")
    if isinstance(value, Count):
        return f'"count:{value.value}"'
    if isinstance(value, Number):
        return f'"number:{value.value}"'
    return f'"date:{value.value.isoformat()}"'
