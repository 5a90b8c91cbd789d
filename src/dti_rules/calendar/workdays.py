"""The Vietnamese work calendar: weekends, public holidays and weekend working days.

The days off and the Saturdays the government turns into working days come from
``holidays.Vietnam``, with their English names (``language="en_US"``) whatever the process
locale, and their Vietnamese names, from the same package, where the output is Vietnamese.
The package knows Vietnam's calendar from 1901 to 2099 (the lunar calendar it computes Tết
from); dti-rules refuses dates outside these years rather than guess (:data:`FIRST_YEAR`,
:data:`LAST_YEAR`). A deadline that falls on a day off moves to the next working day (Bộ
luật Dân sự 2015, Điều 148);
:meth:`WorkCalendar.roll_forward` does it and says why::

    >>> import datetime as dt
    >>> from dti_rules.calendar import VIETNAM
    >>> VIETNAM.is_working_day(dt.date(2024, 5, 4))   # a Saturday made a working day
    True
    >>> moved = VIETNAM.roll_forward(dt.date(2024, 2, 10))
    >>> moved.due.isoformat()
    '2024-02-15'
    >>> print(moved.reason)  # doctest: +NORMALIZE_WHITESPACE
    10/02/2024 is a Saturday and a public holiday (Lunar New Year); the deadline moves to
    Thursday 15/02/2024, the next working day (Bộ luật Dân sự 2015, Điều 148)
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterable
from typing import Any

import attrs

from ..errors import DtiRulesError, Msg, msg

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "VIETNAM",
    "Rolled",
    "WorkCalendar",
    "YearOutOfRangeError",
    "check_year",
]

FIRST_YEAR = 1901  #: the first year whose work calendar dti-rules knows
LAST_YEAR = 2099  #: the last year whose work calendar dti-rules knows
HOLIDAY_LANGUAGE = "en_US"  #: holiday names in one language, whatever the process locale


@functools.lru_cache(maxsize=64)
def _names_in(country: str, year: int, language: str) -> dict[dt.date, str]:
    import holidays  # noqa: PLC0415 - imported when a name is first wanted in another language

    table = holidays.country_holidays(country, years=year, language=language)
    return {day: str(name) for day, name in table.items()}


class HolidayName(Msg):
    """A public holiday's name: English, as the holidays package writes it (the text
    itself), and Vietnamese as the same package writes it in Vietnamese::

        >>> name = VIETNAM.holiday_name(dt.date(2024, 9, 2))
        >>> name, name.in_language("vi")
        ('National Day', 'Quốc khánh')
    """

    day: dt.date
    country: str

    @classmethod
    def of(cls, name: str, day: dt.date, country: str) -> HolidayName:
        self = str.__new__(cls, name)
        self.msgid, self.params, self.context = name, {}, None
        self.day, self.country = day, country
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (HolidayName.of, (str(self), self.day, self.country))

    def in_language(self, lang: str) -> str:
        if lang == "en":
            return str(self)
        return _names_in(self.country, self.day.year, lang).get(self.day, str(self))


class YearOutOfRangeError(DtiRulesError):
    """A year outside the years whose work calendar dti-rules knows (1901 to 2099).

    >>> check_year(10000, "--year")
    Traceback (most recent call last):
    ...
    dti_rules.calendar.workdays.YearOutOfRangeError: --year: year 10000 is outside 1901-2099, \
the years whose public holidays dti-rules knows
    """


def check_year(year: int, what: str | Msg | None = None) -> int:
    """``year`` itself when the work calendar knows it, else :class:`YearOutOfRangeError`.

    >>> check_year(2024)
    2024
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise YearOutOfRangeError(
            msg(
                "{what}: year {year} is outside {first}-{last}, "
                "the years whose public holidays dti-rules knows",
                what=msg("the date") if what is None else what,
                year=year,
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    return year


_WEEKDAYS = (
    msg("Monday"),
    msg("Tuesday"),
    msg("Wednesday"),
    msg("Thursday"),
    msg("Friday"),
    msg("Saturday"),
    msg("Sunday"),
)
ART_148 = "Bộ luật Dân sự 2015, Điều 148"


def weekday_name(day: dt.date) -> Msg:
    """The day of the week of ``day``, in English and (:meth:`Msg.in_language`) Vietnamese.

    >>> name = weekday_name(dt.date(2024, 3, 31))
    >>> name, name.in_language("vi")
    ('Sunday', 'Chủ nhật')
    """
    return _WEEKDAYS[day.weekday()]


def vn_date(day: dt.date) -> str:
    """A date as Vietnamese documents write it: ``10/02/2024``."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@attrs.frozen
class Rolled:
    """A nominal deadline and the day it falls due after the work-calendar policy."""

    nominal: dt.date
    due: dt.date
    reason: Msg | None = None

    @property
    def moved(self) -> bool:
        return self.due != self.nominal


@attrs.frozen
class WorkYear:
    """One year of a work calendar: its days off and the names of its public holidays (in
    English, as the holidays package names them). A compiled rule set carries the years its
    due days were computed in (:meth:`WorkCalendar.years`), so that a process that loads it
    from the cache need not compute them again (:meth:`WorkCalendar.learn`)."""

    year: int
    country: str
    off: frozenset[dt.date]
    names: dict[dt.date, str] = attrs.field(eq=False)


class WorkCalendar:
    """Working days of one country's public administration, from the ``holidays`` package.

    >>> import datetime as dt
    >>> cal = WorkCalendar()
    >>> cal.next_working_day(dt.date(2024, 4, 27)).isoformat()  # Sat → Thu after 29/4–1/5
    '2024-05-02'
    >>> cal.working_days_after(dt.date(2024, 3, 14), dt.date(2024, 3, 19))
    3
    """

    def __init__(self, country: str = "VN") -> None:
        self.country = country
        self._lock = threading.Lock()
        self._years: dict[int, WorkYear] = {}  # kept as long as the calendar: 200 at most

    def _year(self, year: int) -> WorkYear:
        found = self._years.get(year)
        if found is None:
            check_year(year)
            found = self._years.setdefault(year, self._compute(year))
        return found

    def _compute(self, year: int) -> WorkYear:
        import holidays  # noqa: PLC0415 - imported when a year's holidays are first needed

        with self._lock:
            table = holidays.country_holidays(self.country, years=year, language=HOLIDAY_LANGUAGE)
            names = {day: str(name) for day, name in table.items()}
            weekend = set(table.weekend)
            workdays = set(getattr(table, "weekend_workdays", ()))
        start = dt.date(year, 1, 1)
        off = set()
        for n in range((dt.date(year + 1, 1, 1) - start).days):
            day = start + dt.timedelta(days=n)
            if day in names or (day.weekday() in weekend and day not in workdays):
                off.add(day)
        return WorkYear(year, self.country, frozenset(off), names)

    def years(self, first: int, last: int) -> tuple[WorkYear, ...]:
        """The years ``first`` to ``last`` of this calendar (computed when not known yet).

        >>> [y.year for y in VIETNAM.years(2024, 2025)]
        [2024, 2025]
        """
        return tuple(self._year(year) for year in range(first, last + 1))

    def learn(self, years: Iterable[WorkYear]) -> None:
        """Take ``years`` as computed (by :meth:`years`, in this process or another with
        the same holidays package) rather than computing them again; years of another
        country are ignored."""
        for known in years:
            if known.country == self.country:
                self._years.setdefault(known.year, known)

    def is_working_day(self, day: dt.date) -> bool:
        return day not in self._year(day.year).off

    def lunar_new_year(self, year: int) -> dt.date:
        """The first day of Tết Nguyên đán (the Lunar New Year) in ``year``.

        >>> VIETNAM.lunar_new_year(2025).isoformat()
        '2025-01-29'
        """
        names = self._year(year).names
        return min(day for day, name in names.items() if name == "Lunar New Year")

    def holiday_name(self, day: dt.date) -> HolidayName | None:
        """The public holiday on ``day``, if there is one: its English name, which
        :meth:`HolidayName.in_language` gives in Vietnamese too."""
        name = self._year(day.year).names.get(day)
        return None if name is None else HolidayName.of(name, day, self.country)

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def working_days_after(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: after ``start``, up to and including ``end``."""
        count = 0
        day = start + dt.timedelta(days=1)
        while day <= end:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count

    def why_off(self, day: dt.date) -> Msg:
        """Why ``day`` is not a working day, in words (the holiday's name in the same
        language, as the holidays package writes it).

        >>> why = VIETNAM.why_off(dt.date(2024, 9, 2))
        >>> why, why.in_language("vi")
        ('a public holiday (National Day)', 'ngày lễ (Quốc khánh)')
        """
        weekend = msg("a {weekday}", weekday=weekday_name(day)) if day.weekday() >= 5 else None
        name = self.holiday_name(day)
        holiday = msg("a public holiday ({name})", name=name) if name else None
        if weekend is not None and holiday is not None:
            return msg("{weekend} and {holiday}", weekend=weekend, holiday=holiday)
        return weekend or holiday or msg("a day off")

    def roll_forward(self, nominal: dt.date) -> Rolled:
        """Move a deadline on a day off to the end of the next working day (Art. 148)."""
        due = self.next_working_day(nominal)
        if due == nominal:
            return Rolled(nominal, due)
        reason = msg(
            "{nominal} is {why}; the deadline moves to "
            "{weekday} {due}, the next working day ({law})",
            nominal=vn_date(nominal),
            why=self.why_off(nominal),
            weekday=weekday_name(due),
            due=vn_date(due),
            law=ART_148,
        )
        return Rolled(nominal, due, reason)


VIETNAM = WorkCalendar("VN")
"""The Vietnamese public-administration calendar."""
