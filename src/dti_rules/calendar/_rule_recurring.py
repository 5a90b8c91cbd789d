"""Recurring deadline rules: every month, quarter, half-year or year (a day of the period or of
the one after), every week, and ongoing work."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from ..errors import msg
from ._rule_base import ART_146, DeadlineKind, DeadlineRule, Occurrence, clamp_day, period_words
from .periods import Period, PeriodKind
from .workdays import vn_date

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
            basis = msg(
                "{period}: no day stated, so its last day ({law})",
                period=period_words(period),
                law=ART_146,
            )
            return Occurrence(str(period), period.end, basis, period, recurring=True)
        counted = period.start.month + self.month - 2  # months since January, 0-based
        stated = clamp_day(period.year + counted // 12, counted % 12 + 1, self.day)
        if self.before:
            last = stated - dt.timedelta(days=1)
            basis = msg(
                "{period}: before {stated}, so by {last}",
                period=period_words(period),
                stated=vn_date(stated),
                last=vn_date(last),
            )
        else:
            last = stated
            basis = msg(
                "{period}: on {stated}", period=period_words(period), stated=vn_date(stated)
            )
        if stated.day != self.day:
            basis = msg(
                "{basis} (day {day} clamped to the month's last day)", basis=basis, day=self.day
            )
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
                    basis = msg(
                        "week {week} of {year}: no day stated, so its last day, Sunday",
                        week=week,
                        year=year,
                    )
                else:
                    basis = msg(
                        "week {week} of {year}: {weekday} {day}",
                        week=week,
                        year=year,
                        weekday=WEEKDAY_WORDS[self.weekday],
                        day=vn_date(day),
                    )
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
