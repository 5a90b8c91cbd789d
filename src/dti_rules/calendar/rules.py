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

from ..errors import msg
from .periods import Period, PeriodKind
from .workdays import VIETNAM, vn_date

__all__ = [
    "Conditional",
    "DeadlineKind",
    "DeadlineRule",
    "EndOf",
    "Occurrence",
    "OnDate",
    "Ongoing",
    "Part",
    "PartOf",
    "Recurring",
    "Several",
    "Span",
    "Undetermined",
    "Weekly",
    "rule_from_dict",
]

ART_146 = "Bộ luật Dân sự 2015, Điều 146"
ART_147 = "Bộ luật Dân sự 2015, Điều 147"
USAGE = "administrative usage, by analogy with Bộ luật Dân sự 2015, Điều 146"
ROMAN = ("I", "II", "III", "IV")


class DeadlineKind(StrEnum):
    ONE_OFF = "one_off"  #: a date, the end (or a stated part) of a period, a range of periods
    SEVERAL = "several"  #: several of the other kinds together
    RECURRING = "recurring"  #: every week / month / quarter / half-year / year
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


class Part(StrEnum):
    """A part of a period a phrase names ("giữa tháng", "10 ngày đầu tháng", "hạ tuần")."""

    START = "start"  #: đầu: the first day
    MIDDLE = "middle"  #: giữa: the 15th of a month, 30 June of a year
    END = "end"  #: cuối: the last day
    FIRST_HALF = "first_half"  #: nửa đầu: up to the middle
    SECOND_HALF = "second_half"  #: nửa cuối: up to the last day
    EARLY = "early"  #: thượng tuần: days 1-10 of a month
    MID = "mid"  #: trung tuần: days 11-20 of a month
    LATE = "late"  #: hạ tuần: day 21 to the last day of a month
    FIRST_WEEK = "first_week"  #: tuần đầu: the first 7 days
    LAST_WEEK = "last_week"  #: tuần cuối: the last 7 days
    FIRST_DAYS = "first_days"  #: N ngày đầu: the first N days
    LAST_DAYS = "last_days"  #: N ngày cuối: the last N days


PART_WORDS = {
    Part.START: "Đầu",
    Part.MIDDLE: "Giữa",
    Part.END: "Cuối",
    Part.FIRST_HALF: "Nửa đầu",
    Part.SECOND_HALF: "Nửa cuối",
    Part.EARLY: "Thượng tuần",
    Part.MID: "Trung tuần",
    Part.LATE: "Hạ tuần",
    Part.FIRST_WEEK: "Tuần đầu",
    Part.LAST_WEEK: "Tuần cuối",
}
_MONTH_ONLY = (Part.EARLY, Part.MID, Part.LATE)


def _check_part(rule: PartOf, attribute: Any, value: Any) -> None:
    if rule.period.kind is PeriodKind.HALF:
        raise ValueError(msg("a part of a half-year is not a reading dti-rules knows"))
    if rule.part in _MONTH_ONLY and rule.period.kind is not PeriodKind.MONTH:
        raise ValueError(
            msg("{part} is a part of a month only", part=PART_WORDS[rule.part].lower())
        )
    counted = rule.part in (Part.FIRST_DAYS, Part.LAST_DAYS)
    if counted != (rule.days is not None):
        raise ValueError(msg("a number of days goes with 'N ngày đầu' or 'N ngày cuối' only"))
    length = (rule.period.end - rule.period.start).days + 1
    if rule.days is not None and not 1 <= rule.days <= length:
        raise ValueError(
            msg(
                "{period} has {length} days, not {days}",
                period=period_words(rule.period),
                length=length,
                days=rule.days,
            )
        )


def _middle(period: Period) -> dt.date:
    if period.kind is PeriodKind.YEAR:
        return dt.date(period.year, 6, 30)
    if period.kind is PeriodKind.QUARTER:
        return dt.date(period.year, period.start.month + 1, 15)
    return dt.date(period.year, period.start.month, 15)


def part_reading(part: Part, period: Period, days: int | None = None) -> tuple[dt.date, str]:
    """The last day a part of a period names, and the reading with its basis.

    >>> day, why = part_reading(Part.MIDDLE, Period.parse("2024-06"))
    >>> day.isoformat(), why
    ('2024-06-15', "'giữa tháng' is the 15th of the month (Bộ luật Dân sự 2015, Điều 146)")
    """
    kind = period.kind
    unit = {PeriodKind.MONTH: "tháng", PeriodKind.QUARTER: "quý", PeriodKind.YEAR: "năm"}[kind]
    law = ART_146 if kind is not PeriodKind.QUARTER else USAGE
    if part is Part.START:
        return period.start, f"'đầu {unit}' is its first day ({law})"
    if part in (Part.MIDDLE, Part.FIRST_HALF):
        day = _middle(period)
        what = {
            PeriodKind.MONTH: "the 15th of the month",
            PeriodKind.QUARTER: "the 15th of the quarter's middle month",
            PeriodKind.YEAR: "30 June",
        }[kind]
        if part is Part.MIDDLE:
            return day, f"'giữa {unit}' is {what} ({law})"
        return day, f"'nửa đầu {unit}' runs to the middle of the {kind.value}, {what} ({law})"
    if part is Part.EARLY:
        return dt.date(period.year, period.start.month, 10), (
            "'thượng tuần' is days 1-10 of the month: by the 10th (administrative usage)"
        )
    if part is Part.MID:
        return dt.date(period.year, period.start.month, 20), (
            "'trung tuần' is days 11-20 of the month: by the 20th (administrative usage)"
        )
    if part is Part.FIRST_WEEK:
        return period.start + dt.timedelta(days=6), (
            f"'tuần đầu {unit}' is its first 7 days: by the 7th day (administrative usage)"
        )
    if part is Part.FIRST_DAYS:
        assert days is not None
        return period.start + dt.timedelta(days=days - 1), (
            f"'{days} ngày đầu {unit}' ends on day {days} of the {kind.value}"
        )
    words = {
        Part.END: f"'cuối {unit}' is its last day ({law})",
        Part.SECOND_HALF: f"'nửa cuối {unit}' runs to its last day ({law})",
        Part.LATE: "'hạ tuần' is day 21 to the last day of the month (administrative usage)",
        Part.LAST_WEEK: f"'tuần cuối {unit}' ends on its last day (administrative usage)",
        Part.LAST_DAYS: f"'{days} ngày cuối {unit}' ends on its last day",
    }
    return period.end, words[part]


@attrs.frozen
class PartOf(DeadlineRule):
    """By the end of a stated part of a period: "Giữa tháng 6/2024", "Đầu năm 2025".

    The law fixes the day for a month and a year (Bộ luật Dân sự 2015, Điều 146: the start,
    middle and end of a month are its 1st, 15th and last day; of a year 1 January, 30 June
    and 31 December); usage fixes the rest (thượng / trung / hạ tuần: days 1-10, 11-20,
    21-end). The occurrence's basis states the reading used.

    >>> rule = PartOf(Period.parse("2024-06"), Part.MIDDLE)
    >>> rule.phrase(), rule.occurrences(dt.date.min, dt.date.max)[0].nominal.isoformat()
    ('Giữa tháng 06/2024', '2024-06-15')
    >>> PartOf(Period.parse("2024-07"), Part.FIRST_DAYS, days=10).phrase()
    '10 ngày đầu tháng 07/2024'
    """

    period: Period
    part: Part = attrs.field(converter=Part)
    days: int | None = attrs.field(default=None, validator=_check_part)
    kind = DeadlineKind.ONE_OFF

    def reading(self) -> tuple[dt.date, str]:
        """The last on-time day and the reading of the words, with its basis."""
        return part_reading(self.part, self.period, self.days)

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        day, why = self.reading()
        basis = f"{self.phrase()}: {why}, so by {vn_date(day)}"
        return (Occurrence(f"{self.period}-{self.part.value}", day, basis, self.period),)

    def phrase(self) -> str:
        words = period_words(self.period)
        words = words[0].lower() + words[1:]
        if self.days is not None:
            head = f"{self.days} ngày {'đầu' if self.part is Part.FIRST_DAYS else 'cuối'}"
            return f"{head} {words}"
        return f"{PART_WORDS[self.part]} {words}"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": "part_of",
            "period": str(self.period),
            "part": self.part.value,
        }
        if self.days is not None:
            data["days"] = self.days
        return data


def _check_span(rule: Span, attribute: Any, value: Period) -> None:
    if rule.first.kind is not value.kind:
        raise ValueError(
            msg(
                "a range runs from a {first} to a {last}",
                first=rule.first.kind.word(),
                last=value.kind.word(),
            )
        )
    if not rule.first < value:
        raise ValueError(
            msg("a range runs forward: {first} is not before {last}", first=rule.first, last=value)
        )


@attrs.frozen
class Span(DeadlineRule):
    """A range of periods ("Tháng 7-8/2024", "Năm 2024-2025", "Giai đoạn 2021-2025"): due by
    the end of the last one (Bộ luật Dân sự 2015, Điều 146).

    >>> rule = Span(Period.parse("2024-07"), Period.parse("2024-08"))
    >>> rule.phrase(), rule.occurrences(dt.date.min, dt.date.max)[0].nominal.isoformat()
    ('Tháng 07-08/2024', '2024-08-31')
    """

    first: Period
    last: Period = attrs.field(validator=_check_span)
    kind = DeadlineKind.ONE_OFF

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        basis = (
            f"{self.phrase()}: a range of periods, due by the end of the last, "
            f"{vn_date(self.last.end)} ({ART_146})"
        )
        return (Occurrence(f"{self.first}..{self.last}", self.last.end, basis),)

    def phrase(self) -> str:
        first, last = self.first, self.last
        if first.kind is PeriodKind.YEAR:
            return f"Năm {first.year}-{last.year}"
        if first.year == last.year and first.kind is PeriodKind.MONTH:
            return f"Tháng {first.index:02d}-{last.index:02d}/{first.year}"
        if first.year == last.year and first.kind is PeriodKind.QUARTER:
            return f"Quý {ROMAN[first.index - 1]}-{ROMAN[last.index - 1]}/{first.year}"
        low = period_words(first)
        high = period_words(last)
        return f"Từ {low[0].lower()}{low[1:]} đến {high[0].lower()}{high[1:]}"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "span", "first": str(self.first), "last": str(self.last)}


_FREQ = {
    PeriodKind.MONTH: "Hàng tháng",
    PeriodKind.QUARTER: "Hàng quý",
    PeriodKind.HALF: "Hàng 6 tháng",
    PeriodKind.YEAR: "Hàng năm",
}
_MONTH_OF_QUARTER = {1: "tháng đầu quý", 2: "tháng thứ hai của quý", 3: "tháng cuối quý"}


_MONTH_OF_NEXT_QUARTER = {
    4: "tháng đầu quý sau",
    5: "tháng thứ hai của quý sau",
    6: "tháng cuối quý sau",
}


def _check_recurring(rule: Recurring, attribute: Any, value: Any) -> None:
    if rule.day is not None and not 1 <= rule.day <= 31:
        raise ValueError(msg("a day of the month is 1 to 31, got {day}", day=rule.day))
    # a month after the period ("tháng sau", "tháng đầu quý sau", "tháng 1 năm sau"): up
    # to one period later; a half-year's day is read within it
    most = rule.every_months * (1 if rule.every is PeriodKind.HALF else 2)
    if not 1 <= rule.month <= most:
        raise ValueError(
            msg(
                "month {month} is outside a {every} and the one after it (1 to {most})",
                month=rule.month,
                every=rule.every.word(),
                most=most,
            )
        )
    if rule.day is None and (rule.before or rule.month != 1):
        raise ValueError(msg("'before' and 'month' need a day"))


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
        counted = period.start.month + self.month - 2  # months since January, 0-based
        stated = clamp_day(period.year + counted // 12, counted % 12 + 1, self.day)
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

    @property
    def offset(self) -> bool:
        """Whether the day falls in the period after the one it covers ("tháng sau")."""
        return self.month > self.every_months

    def phrase(self) -> str:
        if self.day is None:
            return _FREQ[self.every]
        which = self._month_words()
        whole = self.every is not PeriodKind.HALF and (
            self.every is not PeriodKind.MONTH or self.offset
        )
        if self.day == 31 and not self.before and whole:
            return f"Trong {which}"  # the whole month: by its last day
        lead = f"{'Trước ngày' if self.before else 'Ngày'} {self.day}"
        if self.every is PeriodKind.MONTH and not self.offset:
            return f"{lead} hàng tháng"
        if self.every is PeriodKind.QUARTER or (self.every is PeriodKind.MONTH):
            return f"{lead} của {which}"
        return f"{lead} {which}"

    def _month_words(self) -> str:
        if self.every is PeriodKind.MONTH:
            return "tháng sau" if self.offset else "tháng"
        if self.every is PeriodKind.QUARTER:
            return (_MONTH_OF_NEXT_QUARTER if self.offset else _MONTH_OF_QUARTER)[self.month]
        if self.every is PeriodKind.HALF:
            return f"tháng {self.month} và tháng {self.month + 6} hàng năm"
        if self.offset:
            return f"tháng {self.month - 12} năm sau"
        return f"tháng {self.month} hàng năm"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "recurring",
            "every": self.every.value,
            "day": self.day,
            "month": self.month,
            "before": self.before,
        }


WEEKDAY_WORDS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def _check_weekday(rule: Weekly, attribute: Any, value: int | None) -> None:
    if value is not None and not 0 <= value <= 6:
        raise ValueError(msg("a weekday is 0 (Monday) to 6 (Sunday), got {value}", value=value))


@attrs.frozen
class Weekly(DeadlineRule):
    """Due every week: on ``weekday`` (0 Monday … 6 Sunday), or by the week's last day,
    Sunday, when the text names none (moved to the next working day, Điều 148).

    >>> rule = Weekly(4)
    >>> rule.phrase(), [o.nominal.isoformat() for o in rule.occurrences(
    ...     dt.date(2024, 1, 1), dt.date(2024, 1, 14))]
    ('Thứ Sáu hằng tuần', ['2024-01-05', '2024-01-12'])
    """

    weekday: int | None = attrs.field(default=None, validator=_check_weekday)
    kind = DeadlineKind.RECURRING

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        shift = 6 if self.weekday is None else self.weekday
        monday = start - dt.timedelta(days=start.weekday())
        found = []
        while monday + dt.timedelta(days=shift) <= end:
            day = monday + dt.timedelta(days=shift)
            if day >= start:
                year, week, _ = day.isocalendar()
                if self.weekday is None:
                    basis = f"week {week} of {year}: no day stated, so its last day, Sunday"
                else:
                    basis = f"week {week} of {year}: {WEEKDAY_WORDS[self.weekday]} {vn_date(day)}"
                found.append(Occurrence(f"{year}-W{week:02d}", day, basis, recurring=True))
            monday += dt.timedelta(days=7)
        return tuple(found)

    def phrase(self) -> str:
        return "Hằng tuần" if self.weekday is None else f"{WEEKDAY_WORDS[self.weekday]} hằng tuần"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "weekly", "weekday": self.weekday}


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


_CONNECTORS = {
    "sau khi": "Sau khi",
    "trước khi": "Trước khi",
    "khi": "Khi",
    "theo": "Theo",
    "kể từ": "Kể từ",
}


def _check_connector(rule: Conditional, attribute: Any, value: str) -> None:
    if value not in _CONNECTORS:
        raise ValueError(
            msg(
                "connector must be one of {choices}, got {value!r}",
                choices=sorted(_CONNECTORS),
                value=value,
            )
        )


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
    working: bool = attrs.field(default=False)
    kind = DeadlineKind.CONDITIONAL

    @working.validator
    def _working_needs_days(self, attribute: Any, value: bool) -> None:
        if value and self.days is None:
            raise ValueError(msg("working days need a number of days"))
        if self.days is not None and self.days < 0:
            raise ValueError(msg("a number of days is 0 or more, got {days}", days=self.days))
        if self.connector == "kể từ" and self.days is None:
            raise ValueError(msg("'kể từ' (counted from) needs a number of days"))

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
        if self.connector == "trước khi":
            last = event - dt.timedelta(days=self.days)
            basis = f"{self.days} days before the event ({self.event}) of {vn_date(event)}"
            return (Occurrence(event.isoformat(), last, basis),)
        if self.working:
            last = event
            for _ in range(self.days):
                last = VIETNAM.next_working_day(last + dt.timedelta(days=1))
            basis = (
                f"{self.days} working days counted from the day after the event of "
                f"{vn_date(event)} ({ART_147}; days off skipped, Điều 148): {vn_date(last)}"
            )
            return (Occurrence(event.isoformat(), last, basis),)
        last = event + dt.timedelta(days=self.days)
        basis = (
            f"{self.days} days counted from the day after the event of {vn_date(event)} "
            f"({ART_147}): {vn_date(last)}"
        )
        return (Occurrence(event.isoformat(), last, basis),)

    def phrase(self) -> str:
        text = f"{_CONNECTORS[self.connector]} {self.event}"
        if self.days is not None:
            unit = "ngày làm việc" if self.working else "ngày"
            text = f"Trong vòng {self.days} {unit} {text[0].lower()}{text[1:]}"
        return text

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": "conditional",
            "event": self.event,
            "connector": self.connector,
            "days": self.days,
        }
        if self.working:
            data["working"] = True
        return data


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
        raise ValueError(msg("several needs at least two rules"))
    if any(isinstance(part, Several) for part in value):
        raise ValueError(msg("several cannot nest"))


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
        by_key: dict[str, list[Occurrence]] = {}
        for part in self.parts:
            for occ in part.occurrences(start, end, event):
                same = by_key.setdefault(occ.key, [])
                if all(o.nominal != occ.nominal for o in same):
                    same.append(occ)
        found: dict[str, Occurrence] = {}
        for key, occs in by_key.items():
            if len(occs) == 1:
                found.setdefault(key, occs[0])
                continue
            for occ in occs:  # two days of one period ("19/6 và 19/12 hằng năm"): by date
                found.setdefault(
                    occ.nominal.isoformat(), attrs.evolve(occ, key=occ.nominal.isoformat())
                )
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
        return Conditional(
            data["event"],
            data.get("connector", "sau khi"),
            data.get("days"),
            bool(data.get("working", False)),
        )
    if kind == "part_of":
        return PartOf(Period.parse(data["period"]), Part(data["part"]), data.get("days"))
    if kind == "span":
        return Span(Period.parse(data["first"]), Period.parse(data["last"]))
    if kind == "weekly":
        return Weekly(data.get("weekday"))
    if kind == "undetermined":
        return Undetermined(data["text"], data["reason"])
    if kind == "several":
        return Several(tuple(rule_from_dict(p) for p in data["parts"]))
    raise ValueError(msg("unknown deadline rule kind {kind!r}", kind=kind))
