"""What every deadline rule shares: the kinds of rule, an occurrence (a nominal due day), the
base class, and the two simplest rules (a date, the end of a period)."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from enum import StrEnum
from typing import Any

import attrs

from ..errors import msg
from .periods import Period, PeriodKind
from .workdays import vn_date

ART_146 = "Bộ luật Dân sự 2015, Điều 146"
ART_147 = "Bộ luật Dân sự 2015, Điều 147"
USAGE = msg("administrative usage, by analogy with {law}", law=ART_146)
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
            basis = msg(
                "before {date}: the last on-time day is {last}",
                date=vn_date(self.date),
                last=vn_date(last),
            )
        else:
            last = self.date
            basis = msg("on {date}", date=vn_date(self.date))
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
        basis = msg(
            "end of {period}: {end} ({law})",
            period=period_words(self.period),
            end=vn_date(self.period.end),
            law=ART_146,
        )
        return (Occurrence(str(self.period), self.period.end, basis, self.period),)

    def phrase(self) -> str:
        return period_words(self.period)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "end_of", "period": str(self.period)}
