"""Deadline rules on parts of a period (đầu / giữa / cuối, N ngày đầu / cuối …) and on ranges
of periods, with their readings."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import attrs

from ..errors import Msg, msg
from ._rule_base import ART_146, ROMAN, USAGE, DeadlineKind, DeadlineRule, Occurrence, period_words
from .periods import Period, PeriodKind
from .workdays import vn_date


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


def part_reading(part: Part, period: Period, days: int | None = None) -> tuple[dt.date, Msg]:
    """The last day a part of a period names, and the reading with its basis.

    >>> day, why = part_reading(Part.MIDDLE, Period.parse("2024-06"))
    >>> day.isoformat(), why
    ('2024-06-15', "'giữa tháng' is the 15th of the month (Bộ luật Dân sự 2015, Điều 146)")
    >>> why.in_language("vi")
    "'giữa tháng' là ngày 15 của tháng (Bộ luật Dân sự 2015, Điều 146)"
    """
    kind = period.kind
    unit = {PeriodKind.MONTH: "tháng", PeriodKind.QUARTER: "quý", PeriodKind.YEAR: "năm"}[kind]
    law = ART_146 if kind is not PeriodKind.QUARTER else USAGE
    if part is Part.START:
        return period.start, msg("'đầu {unit}' is its first day ({law})", unit=unit, law=law)
    if part in (Part.MIDDLE, Part.FIRST_HALF):
        day = _middle(period)
        what = {
            PeriodKind.MONTH: msg("the 15th of the month"),
            PeriodKind.QUARTER: msg("the 15th of the quarter's middle month"),
            PeriodKind.YEAR: msg("30 June"),
        }[kind]
        if part is Part.MIDDLE:
            return day, msg("'giữa {unit}' is {what} ({law})", unit=unit, what=what, law=law)
        return day, msg(
            "'nửa đầu {unit}' runs to the middle of the {kind}, {what} ({law})",
            unit=unit,
            kind=kind.word(),
            what=what,
            law=law,
        )
    if part is Part.EARLY:
        return dt.date(period.year, period.start.month, 10), msg(
            "'thượng tuần' is days 1-10 of the month: by the 10th (administrative usage)"
        )
    if part is Part.MID:
        return dt.date(period.year, period.start.month, 20), msg(
            "'trung tuần' is days 11-20 of the month: by the 20th (administrative usage)"
        )
    if part is Part.FIRST_WEEK:
        return period.start + dt.timedelta(days=6), msg(
            "'tuần đầu {unit}' is its first 7 days: by the 7th day (administrative usage)",
            unit=unit,
        )
    if part is Part.FIRST_DAYS:
        assert days is not None
        return period.start + dt.timedelta(days=days - 1), msg(
            "'{days} ngày đầu {unit}' ends on day {days} of the {kind}",
            days=days,
            unit=unit,
            kind=kind.word(),
        )
    if part is Part.END:
        return period.end, msg("'cuối {unit}' is its last day ({law})", unit=unit, law=law)
    if part is Part.SECOND_HALF:
        return period.end, msg("'nửa cuối {unit}' runs to its last day ({law})", unit=unit, law=law)
    if part is Part.LATE:
        return period.end, msg(
            "'hạ tuần' is day 21 to the last day of the month (administrative usage)"
        )
    if part is Part.LAST_WEEK:
        return period.end, msg(
            "'tuần cuối {unit}' ends on its last day (administrative usage)", unit=unit
        )
    return period.end, msg("'{days} ngày cuối {unit}' ends on its last day", days=days, unit=unit)


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

    def reading(self) -> tuple[dt.date, Msg]:
        """The last on-time day and the reading of the words, with its basis."""
        return part_reading(self.part, self.period, self.days)

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        day, why = self.reading()
        basis = msg("{phrase}: {why}, so by {day}", phrase=self.phrase(), why=why, day=vn_date(day))
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
        basis = msg(
            "{phrase}: a range of periods, due by the end of the last, {end} ({law})",
            phrase=self.phrase(),
            end=vn_date(self.last.end),
            law=ART_146,
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
