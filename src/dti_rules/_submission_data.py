"""What a submission holds: its unit, period and input values (answers, counts, rates, numbers,
dates), completion and event dates, and its canonical JSON."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Mapping
from fractions import Fraction
from json.encoder import encode_basestring as _json_str  # json.dumps' text, ensure_ascii=False
from typing import Any

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

    A submission pickles as plain data (see :func:`pack`) and is made again from it when
    one of its fields is first read::

        >>> import pickle
        >>> sub = Submission(Unit("p1", "Phường 1", Level.WARD), "2024",
        ...                  [("I.1", Answer(True, "QĐ 12")), ("I.2", Count(3))])
        >>> back = pickle.loads(pickle.dumps(sub))
        >>> back == sub, back.value("I.2")
        (True, Count(value=3))
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
    # the plain data this submission was unpickled from (None for one made otherwise): its
    # fields are made from it when one is first read, and it is what pickling sends again
    _packed: Packed | None = attrs.field(init=False, default=None, eq=False, repr=False, hash=False)

    @_index.default
    def _build_index(self) -> Mapping[str, InputValue | None]:
        return dict(self.values)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as plain data (texts and integers, see :func:`pack`), not as an object
        per value: small, and quick to read back, since the values are made again only
        when the submission is first read."""
        packed = self._packed
        return _unpickled, (pack(self) if packed is None else packed,)

    def __getattr__(self, name: str) -> Any:
        # only called for a field not set yet: that of a submission unpickled, not yet read
        packed = None if name == "_packed" else self._packed
        if packed is None or name not in _FIELDS:
            raise AttributeError(name)
        _fill(self, packed)
        return getattr(self, name)

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


# -- pickling: a submission as plain data -----------------------------------------------------


def joined(ids: tuple[str, ...]) -> str | tuple[str, ...]:
    """Ids as one text, NUL between them (one object to pickle and read back, not one per
    id); as they are if one holds a NUL or there are none. :func:`split` undoes it.

    >>> joined(("I.1", "I.2")), split(joined(("I.1", "I.2")))
    ('I.1\\x00I.2', ('I.1', 'I.2'))
    """
    text = "\0".join(ids)
    return text if ids and text.count("\0") == len(ids) - 1 else ids


def split(ids: str | tuple[str, ...]) -> tuple[str, ...]:
    """The ids :func:`joined` made ``ids`` from."""
    return tuple(ids.split("\0")) if isinstance(ids, str) else ids


#: A submission as plain data: see :func:`pack`.
Packed = tuple[Any, ...]
_FIELDS = frozenset(field.name for field in attrs.fields(Submission)) - {"_packed"}
_LEVELS: dict[str, Level] = {}


def pack(submission: Submission) -> Packed:
    """``submission`` as texts and integers, what :func:`unpack` makes it again from::

        >>> sub = Submission(Unit("p1", "Phường 1", Level.WARD), "2024",
        ...                  {"a": Rate(Fraction(1), Fraction(3)), "b": None}.items(),
        ...                  done=(("I.4", dt.date(2024, 5, 2)),))
        >>> pack(sub)  # doctest: +NORMALIZE_WHITESPACE
        ('p1', 'Phường 1', 'ward', '2024', None, '<data>', None, 'a\\x00b', 'r-', (1, 3), (),
         'I.4', (739008,), (), ())
        >>> unpack(pack(sub)) == sub
        True

    The values are an id each (all in one text: see :func:`joined`), a letter each for
    their kind (``y``/``n`` an answer, ``c`` a count, ``r`` a rate of whole numbers, ``q``
    another rate, ``f`` a number, ``d`` a date, ``-`` blank), their integers in one tuple and
    the answers' evidence in another; a day (a date value, a day done or an event's day) is
    its ordinal, the days done and the events' days in a tuple of their own after their
    ids."""
    ids: list[str] = []
    kinds: list[str] = []
    ints: list[int] = []
    texts: list[str | None] = []
    for ident, value in submission.values:
        ids.append(ident)
        kind = type(value)
        if kind is Rate:
            top, under = value.numerator.as_integer_ratio()  # type: ignore[union-attr]
            bottom, below = value.denominator.as_integer_ratio()  # type: ignore[union-attr]
            if under == 1 == below:
                kinds.append("r")
                ints += (top, bottom)
            else:
                kinds.append("q")
                ints += (top, under, bottom, below)
        elif kind is Answer:
            kinds.append("y" if value.value else "n")  # type: ignore[union-attr]
            texts.append(value.evidence)  # type: ignore[union-attr]
        elif kind is Count:
            kinds.append("c")
            ints.append(value.value)  # type: ignore[union-attr, arg-type]
        elif kind is Number:
            kinds.append("f")
            ints += (value.value.numerator, value.value.denominator)  # type: ignore[union-attr]
        elif kind is DateValue:
            kinds.append("d")
            ints.append(value.value.toordinal())  # type: ignore[union-attr]
        else:
            kinds.append("-")
    unit = submission.unit
    return (
        unit.id,
        unit.name,
        unit.level.value,
        submission.period,
        submission.ruleset_id,
        submission.source,
        submission.ruleset_fingerprint,
        joined(tuple(ids)),
        "".join(kinds),
        tuple(ints),
        tuple(texts),
        joined(tuple([ident for ident, _ in submission.done])),
        tuple([day.toordinal() for _, day in submission.done]),
        joined(tuple([ident for ident, _ in submission.events])),
        tuple([day.toordinal() for _, day in submission.events]),
    )


def unpack(packed: Packed) -> Submission:
    """The submission :func:`pack` made ``packed`` from, its values made now."""
    submission = _unpickled(packed)
    _fill(submission, packed)
    return submission


def _unpickled(packed: Packed) -> Submission:
    """A submission whose fields are made from ``packed`` when one is first read."""
    submission: Submission = object.__new__(Submission)
    object.__setattr__(submission, "_packed", packed)
    return submission


# Values are immutable, so submissions unpickled in one process share the common ones: whole
# numbers as Fractions, counts and answers (at most _SHARED_MAX of each kind are kept).
_SHARED_MAX = 4096
_WHOLE: dict[int, Fraction] = {}
_COUNTS: dict[int, Count] = {}
_ANSWERS: dict[tuple[bool, str | None], Answer] = {}


def _shared(kept: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(kept) >= _SHARED_MAX:
        kept.clear()
    kept[key] = value
    return value


def _values(
    ids: tuple[str, ...], kinds: str, ints: tuple[int, ...], texts: tuple[str | None, ...]
) -> tuple[tuple[str, InputValue | None], ...]:
    numbers = iter(ints)
    evidence = iter(texts)
    whole, counts, answers = _WHOLE, _COUNTS, _ANSWERS
    values: list[tuple[str, InputValue | None]] = []
    add = values.append
    for ident, kind in zip(ids, kinds, strict=True):
        value: InputValue | None
        if kind == "r":
            a, b = next(numbers), next(numbers)
            num, den = whole.get(a), whole.get(b)
            if num is None:
                num = _shared(whole, a, Fraction(a))
            if den is None:
                den = _shared(whole, b, Fraction(b))
            value = Rate(num, den)
        elif kind in {"y", "n"}:
            key = (kind == "y", next(evidence))
            value = answers.get(key)
            if value is None:
                value = _shared(answers, key, Answer(*key))
        elif kind == "c":
            a = next(numbers)
            value = counts.get(a)
            if value is None:
                value = _shared(counts, a, Count(a))
        elif kind == "q":
            value = Rate(
                Fraction(next(numbers), next(numbers)), Fraction(next(numbers), next(numbers))
            )
        elif kind == "f":
            value = Number(Fraction(next(numbers), next(numbers)))
        elif kind == "d":
            value = DateValue(dt.date.fromordinal(next(numbers)))
        else:
            value = None
        add((ident, value))
    return tuple(values)


def _fill(submission: Submission, packed: Packed) -> None:
    """Set the fields of a submission unpickled from ``packed``."""
    (
        uid,
        name,
        level,
        period,
        ruleset_id,
        source,
        fingerprint,
        ids,
        kinds,
        ints,
        texts,
        done,
        done_days,
        events,
        event_days,
    ) = packed
    found = _LEVELS.get(level)
    if found is None:
        found = _LEVELS[level] = Level(level)
    values = _values(split(ids), kinds, ints, texts)
    put = object.__setattr__
    put(submission, "unit", Unit(uid, name, found))
    put(submission, "period", period)
    put(submission, "values", values)
    put(submission, "ruleset_id", ruleset_id)
    put(submission, "source", source)
    day = dt.date.fromordinal
    put(submission, "done", tuple(zip(split(done), map(day, done_days), strict=True)))
    put(submission, "events", tuple(zip(split(events), map(day, event_days), strict=True)))
    put(submission, "ruleset_fingerprint", fingerprint)
    put(submission, "_index", dict(values))


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
