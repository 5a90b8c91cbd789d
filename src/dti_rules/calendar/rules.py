"""Deadline rules as data: one-off, several dates, recurring, ongoing, conditional.

A rule says which days a task or report is due; it knows nothing of holidays (the work
calendar moves a due day afterwards) nor of completions (statuses come later). Every rule
prints as a canonical Vietnamese phrase that the phrase parser reads back to the same rule::

    >>> import datetime as dt
    >>> from dti_rules.calendar import EndOf, Period, Recurring, PeriodKind
    >>> rule = Recurring(PeriodKind.QUARTER, day=10, month=3, before=True)
    >>> rule.phrase()
    'Trước ngày 10 của tháng cuối quý'
    >>> [o.nominal.isoformat() for o in rule.occurrences(dt.date(2024, 1, 1), dt.date(2024, 6, 30))]
    ['2024-03-09', '2024-06-09']
    >>> EndOf(Period.parse("2024-Q2")).phrase()
    'Quý II/2024'
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from enum import StrEnum
from typing import Any

import attrs

from .periods import Period, PeriodKind
from .workdays import vn_date

__all__ = [
    "Conditional",
    "DeadlineKind",
    "DeadlineRule",
    "EndOf",
    "Occurrence",
    "OnDate",
    "Ongoing",
    "Recurring",
    "Several",
    "Undetermined",
    "rule_from_dict",
]

ART_146 = "Bộ luật Dân sự 2015, Điều 146"
ART_147 = "Bộ luật Dân sự 2015, Điều 147"
ROMAN = ("I", "II", "III", "IV")


class DeadlineKind(StrEnum):
    ONE_OFF = "one_off"  #: a date, or the end of a month / quarter / half-year / year
    SEVERAL = "several"  #: several of the other kinds together
    RECURRING = "recurring"  #: every month / quarter / half-year / year
    ONGOING = "ongoing"  #: "thường xuyên": no due day
    CONDITIONAL = "conditional"  #: due after an event whose date is not yet known
    UNDETERMINED = "undetermined"  #: the text fixes no date and names no event


@attrs.frozen
class Occurrence:
    """One due day a rule yields: its key, the last on-time day the text states, and why.

    ``key`` names the occurrence among a rule's others: the period it covers
    (``2024-03``, ``2024-Q1``) or the date (``2024-04-10``).
    """

    key: str
    nominal: dt.date
    basis: str
    period: Period | None = None
    recurring: bool = False


def clamp_day(year: int, month: int, day: int) -> dt.date:
    """Day ``day`` of a month, or the month's last day when it has fewer days."""
    return dt.date(year, month, min(day, _cal.monthrange(year, month)[1]))


def period_words(period: Period) -> str:
    """A period as a canonical Vietnamese phrase: 'Quý II/2024', 'Tháng 03/2024'."""
    if period.kind is PeriodKind.YEAR:
        return f"Năm {period.year}"
    if period.kind is PeriodKind.HALF:
        return f"6 tháng {'đầu' if period.index == 1 else 'cuối'} năm {period.year}"
    if period.kind is PeriodKind.QUARTER:
        return f"Quý {ROMAN[period.index - 1]}/{period.year}"
    return f"Tháng {period.index:02d}/{period.year}"


class DeadlineRule:
    """Base of every deadline rule."""

    kind: DeadlineKind

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        """The due days the rule yields; recurring rules yield those of [start, end].

        ``event`` is the date of the event a conditional rule waits for, when known.
        """
        raise NotImplementedError

    def phrase(self) -> str:
        """The canonical Vietnamese phrase of this rule (the parser reads it back)."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    @property
    def waits_for_event(self) -> bool:
        return False

    def __str__(self) -> str:
        return self.phrase()


@attrs.frozen
class OnDate(DeadlineRule):
    """A stated date: due on it, or (``before``) by the day before it.

    >>> OnDate(dt.date(2024, 4, 10), before=True).occurrences(dt.date.min, dt.date.max)[0].nominal
    datetime.date(2024, 4, 9)
    """

    date: dt.date
    before: bool = False
    kind = DeadlineKind.ONE_OFF

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        if self.before:
            last = self.date - dt.timedelta(days=1)
            basis = f"before {vn_date(self.date)}: the last on-time day is {vn_date(last)}"
        else:
            last = self.date
            basis = f"on {vn_date(self.date)}"
        return (Occurrence(self.date.isoformat(), last, basis),)

    def phrase(self) -> str:
        return f"{'Trước ngày' if self.before else 'Ngày'} {vn_date(self.date)}"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "date", "date": self.date.isoformat(), "before": self.before}


@attrs.frozen
class EndOf(DeadlineRule):
    """By the end of a period: its last day, in the sense of Civil Code Art. 146."""

    period: Period
    kind = DeadlineKind.ONE_OFF

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        basis = f"end of {period_words(self.period)}: {vn_date(self.period.end)} ({ART_146})"
        return (Occurrence(str(self.period), self.period.end, basis, self.period),)

    def phrase(self) -> str:
        return period_words(self.period)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "end_of", "period": str(self.period)}


_FREQ = {
    PeriodKind.MONTH: "Hàng tháng",
    PeriodKind.QUARTER: "Hàng quý",
    PeriodKind.HALF: "Hàng 6 tháng",
    PeriodKind.YEAR: "Hàng năm",
}
_MONTH_OF_QUARTER = {1: "tháng đầu quý", 2: "tháng thứ hai của quý", 3: "tháng cuối quý"}


def _check_recurring(rule: Recurring, attribute: Any, value: Any) -> None:
    if rule.day is not None and not 1 <= rule.day <= 31:
        raise ValueError(f"a day of the month is 1 to 31, got {rule.day}")
    if not 1 <= rule.month <= rule.every_months:
        raise ValueError(
            f"month {rule.month} is outside a {rule.every.value} (1 to {rule.every_months})"
        )
    if rule.day is None and (rule.before or rule.month != 1):
        raise ValueError("'before' and 'month' need a day")


@attrs.frozen
class Recurring(DeadlineRule):
    """Due every period: day ``day`` of the ``month``-th month of each period.

    ``before`` means "trước ngày N": the last on-time day is N-1. ``day`` None means the
    text names no day: the period's last day (Art. 146). A day the month lacks is clamped
    to the month's last day.

    >>> Recurring(PeriodKind.MONTH, day=20, before=True).phrase()
    'Trước ngày 20 hàng tháng'
    >>> rule = Recurring(PeriodKind.MONTH, day=31)
    >>> rule.occurrences(dt.date(2024, 2, 1), dt.date(2024, 2, 29))[0].nominal
    datetime.date(2024, 2, 29)
    """

    every: PeriodKind
    day: int | None = None
    month: int = attrs.field(default=1, validator=_check_recurring)
    before: bool = False
    kind = DeadlineKind.RECURRING

    @property
    def every_months(self) -> int:
        return Period(2000, self.every, 1).months

    def periods(self, start: dt.date, end: dt.date) -> list[Period]:
        """The periods of this rule's frequency that begin within [start, end]."""
        found = []
        period = Period.of(start, self.every)
        if period.start < start:
            period = period.next()
        while period.start <= end:
            found.append(period)
            period = period.next()
        return found

    def due_in(self, period: Period) -> Occurrence:
        """The occurrence that covers ``period``."""
        if self.day is None:
            basis = f"{period_words(period)}: no day stated, so its last day ({ART_146})"
            return Occurrence(str(period), period.end, basis, period, recurring=True)
        month_start = period.start.month + self.month - 1
        stated = clamp_day(period.year, month_start, self.day)
        if self.before:
            last = stated - dt.timedelta(days=1)
            basis = f"{period_words(period)}: before {vn_date(stated)}, so by {vn_date(last)}"
        else:
            last = stated
            basis = f"{period_words(period)}: on {vn_date(stated)}"
        if stated.day != self.day:
            basis += f" (day {self.day} clamped to the month's last day)"
        return Occurrence(str(period), last, basis, period, recurring=True)

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        return tuple(self.due_in(p) for p in self.periods(start, end))

    def phrase(self) -> str:
        if self.day is None:
            return _FREQ[self.every]
        lead = f"{'Trước ngày' if self.before else 'Ngày'} {self.day}"
        if self.every is PeriodKind.MONTH:
            return f"{lead} hàng tháng"
        if self.every is PeriodKind.QUARTER:
            return f"{lead} của {_MONTH_OF_QUARTER[self.month]}"
        if self.every is PeriodKind.HALF:
            return f"{lead} tháng {self.month} và tháng {self.month + 6} hàng năm"
        return f"{lead} tháng {self.month} hàng năm"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "recurring",
            "every": self.every.value,
            "day": self.day,
            "month": self.month,
            "before": self.before,
        }


@attrs.frozen
class Ongoing(DeadlineRule):
    """ "Thường xuyên": an ongoing duty with no due day."""

    kind = DeadlineKind.ONGOING

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        return ()

    def phrase(self) -> str:
        return "Thường xuyên"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "ongoing"}


_CONNECTORS = {"sau khi": "Sau khi", "trước khi": "Trước khi", "khi": "Khi", "theo": "Theo"}


def _check_connector(rule: Conditional, attribute: Any, value: str) -> None:
    if value not in _CONNECTORS:
        raise ValueError(f"connector must be one of {sorted(_CONNECTORS)}, got {value!r}")


@attrs.frozen
class Conditional(DeadlineRule):
    """Due after an event ("Sau khi Thành phố triển khai", "Theo Kế hoạch của …").

    Undetermined until the event's date is known. With ``days``, the task is due that
    many days after the event (counted from the next day, Civil Code Art. 147). Without:
    "theo" (a plan or request that sets the date) is due on the event's date, "trước khi"
    by the day before it, and "sau khi" / "khi" stay without a due day even once the event
    is dated, since the document sets no time after it.
    """

    event: str
    connector: str = attrs.field(default="sau khi", validator=_check_connector)
    days: int | None = None
    kind = DeadlineKind.CONDITIONAL

    @property
    def waits_for_event(self) -> bool:
        return True

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        if event is None:
            return ()
        if self.days is None and self.connector in ("sau khi", "khi"):
            return ()  # no time limit after the event
        if self.days is None and self.connector == "trước khi":
            last = event - dt.timedelta(days=1)
            basis = f"before the event ({self.event}) of {vn_date(event)}: by {vn_date(last)}"
            return (Occurrence(event.isoformat(), last, basis),)
        if self.days is None:
            basis = f"on the event ({self.event}) of {vn_date(event)}"
            return (Occurrence(event.isoformat(), event, basis),)
        last = event + dt.timedelta(days=self.days)
        basis = f"{self.days} days after the event of {vn_date(event)} ({ART_147})"
        return (Occurrence(event.isoformat(), last, basis),)

    def phrase(self) -> str:
        text = f"{_CONNECTORS[self.connector]} {self.event}"
        if self.days is not None:
            text = f"Trong vòng {self.days} ngày {text[0].lower()}{text[1:]}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "conditional",
            "event": self.event,
            "connector": self.connector,
            "days": self.days,
        }


@attrs.frozen
class Undetermined(DeadlineRule):
    """A text that fixes no date and names no event, kept verbatim with the reason."""

    text: str
    reason: str
    kind = DeadlineKind.UNDETERMINED

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        return ()

    def phrase(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "undetermined", "text": self.text, "reason": self.reason}


def _check_parts(rule: Several, attribute: Any, value: tuple[DeadlineRule, ...]) -> None:
    if len(value) < 2:
        raise ValueError("several needs at least two rules")
    if any(isinstance(part, Several) for part in value):
        raise ValueError("several cannot nest")


@attrs.frozen
class Several(DeadlineRule):
    """Several rules at once: "Tháng 06 và tháng 12/2024", "Trong năm 2024 và thường xuyên".

    >>> Several((EndOf(Period.parse("2024-06")), EndOf(Period.parse("2024-12")))).phrase()
    'Tháng 06/2024; Tháng 12/2024'
    """

    parts: tuple[DeadlineRule, ...] = attrs.field(validator=_check_parts)
    kind = DeadlineKind.SEVERAL

    @property
    def waits_for_event(self) -> bool:
        return any(p.waits_for_event for p in self.parts)

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        found: dict[str, Occurrence] = {}
        for part in self.parts:
            for occ in part.occurrences(start, end, event):
                found.setdefault(occ.key, occ)
        return tuple(sorted(found.values(), key=lambda o: (o.nominal, o.key)))

    def phrase(self) -> str:
        return "; ".join(p.phrase() for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "several", "parts": [p.to_dict() for p in self.parts]}


def rule_from_dict(data: dict[str, Any]) -> DeadlineRule:
    """The rule a :meth:`DeadlineRule.to_dict` value describes.

    >>> rule_from_dict({"kind": "end_of", "period": "2024-Q2"})
    EndOf(period=Period(year=2024, kind=<PeriodKind.QUARTER: 'quarter'>, index=2))
    """
    kind = data.get("kind")
    if kind == "date":
        return OnDate(dt.date.fromisoformat(data["date"]), bool(data.get("before", False)))
    if kind == "end_of":
        return EndOf(Period.parse(data["period"]))
    if kind == "recurring":
        return Recurring(
            PeriodKind(data["every"]),
            data.get("day"),
            int(data.get("month", 1)),
            bool(data.get("before", False)),
        )
    if kind == "ongoing":
        return Ongoing()
    if kind == "conditional":
        return Conditional(data["event"], data.get("connector", "sau khi"), data.get("days"))
    if kind == "undetermined":
        return Undetermined(data["text"], data["reason"])
    if kind == "several":
        return Several(tuple(rule_from_dict(p) for p in data["parts"]))
    raise ValueError(f"unknown deadline rule kind {kind!r}")
