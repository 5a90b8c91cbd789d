"""Reporting periods: a year, a half-year, a quarter or a month."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from enum import StrEnum

import attrs

from ..errors import Msg, msg

__all__ = ["Period", "PeriodKind"]


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"

    def word(self) -> Msg:
        """The kind as a message says it: its value in English, its name in Vietnamese."""
        return Msg.given(self.value, self.value, {}, "period")

    def every_word(self) -> Msg:
        """``monthly``, ``quarterly`` … as a message says it (``halfly`` for a half)."""
        return Msg.given(f"{self.value}ly", f"{self.value}ly", {}, "frequency")


_MONTHS = {PeriodKind.YEAR: 12, PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<h>H[12])|(?P<q>Q[1-4])|(?P<m>0[1-9]|1[0-2])))?$")


@attrs.frozen(order=True)
class Period:
    """A calendar period, identified by its year, kind and index (1-based).

    >>> Period.parse("2024-03").contains(Period.parse("2024-Q1"))
    False
    >>> Period.parse("2024-H1").contains(Period.parse("2024-03"))
    True
    >>> [str(p) for p in Period.parse("2024-H2").subperiods(PeriodKind.QUARTER)]
    ['2024-Q3', '2024-Q4']
    """

    year: int
    kind: PeriodKind
    index: int = attrs.field(default=1)

    @index.validator
    def _index_in_year(self, attribute: object, value: int) -> None:
        count = 12 // _MONTHS[self.kind]
        if not 1 <= value <= count:
            raise ValueError(
                msg(
                    "a year has {count} {kind}s, not a number {value}",
                    count=count,
                    kind=self.kind.word(),
                    value=value,
                )
            )
        if not 1 <= self.year <= 9999:
            raise ValueError(msg("year {year} is out of range", year=self.year))

    @classmethod
    def of(cls, day: dt.date, kind: PeriodKind) -> Period:
        """The period of ``kind`` that contains ``day``.

        >>> str(Period.of(dt.date(2024, 8, 15), PeriodKind.QUARTER))
        '2024-Q3'
        """
        return cls(day.year, kind, (day.month - 1) // _MONTHS[kind] + 1)

    @classmethod
    def span(cls, first: Period, last: Period) -> Iterator[Period]:
        """``first``, the periods after it of the same kind, up to ``last`` inclusive.

        >>> [str(p) for p in Period.span(Period.parse("2024-Q3"), Period.parse("2025-Q1"))]
        ['2024-Q3', '2024-Q4', '2025-Q1']
        """
        if first.kind is not last.kind:
            raise ValueError(
                msg(
                    "cannot span from a {first} to a {last}",
                    first=first.kind.word(),
                    last=last.kind.word(),
                )
            )
        period = first
        while period <= last:
            yield period
            period = period.next()

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read "2024", "2024-H1", "2024-Q3" or "2024-03"."""
        match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ValueError(
                msg(
                    "expected a period like 2024, 2024-H1, 2024-Q3 or 2024-03, got {got!r}",
                    got=text,
                )
            )
        year = int(match["year"])
        if match["h"]:
            return cls(year, PeriodKind.HALF, int(match["h"][1]))
        if match["q"]:
            return cls(year, PeriodKind.QUARTER, int(match["q"][1]))
        if match["m"]:
            return cls(year, PeriodKind.MONTH, int(match["m"]))
        return cls(year, PeriodKind.YEAR, 1)

    @property
    def months(self) -> int:
        return _MONTHS[self.kind]

    @property
    def start(self) -> dt.date:
        month = (self.index - 1) * self.months + 1
        return dt.date(self.year, month, 1)

    @property
    def end(self) -> dt.date:
        import pendulum  # noqa: PLC0415 - imported when a period's end is first needed

        start = pendulum.date(self.start.year, self.start.month, 1)
        last = start.add(months=self.months).subtract(days=1)
        return dt.date(last.year, last.month, last.day)

    def next(self) -> Period:
        count = 12 // self.months
        if self.index < count:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, 12 // self.months)

    def contains(self, other: Period | dt.date) -> bool:
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        return self.start <= other <= self.end

    def subperiods(self, kind: PeriodKind) -> Iterator[Period]:
        """The periods of ``kind`` that tile this one, in order."""
        if _MONTHS[kind] > self.months:
            raise ValueError(
                msg(
                    "a {kind} cannot be split into {into}s", kind=self.kind.word(), into=kind.word()
                )
            )
        per_year = 12 // _MONTHS[kind]
        first = (self.start.month - 1) // _MONTHS[kind] + 1
        for i in range(self.months // _MONTHS[kind]):
            yield Period(self.year, kind, first + i if first + i <= per_year else per_year)

    def days(self) -> Iterator[dt.date]:
        """Every day of the period, in order."""
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)

    def __str__(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}-H{self.index}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.index}"
        return f"{self.year}-{self.index:02d}"
