"""Hypothesis strategies and invariant checks for the calendar: periods, deadline rules and
the dates around them.

    >>> from hypothesis import given, settings
    >>> from dti_rules.testing import check_deadline_rule, deadline_rules
    >>> @settings(max_examples=20)
    ... @given(deadline_rules())
    ... def check(rule):
    ...     check_deadline_rule(rule)
    >>> check()
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
import functools
import itertools

import holidays
from hypothesis import strategies as st

from ..calendar import (
    VIETNAM,
    Conditional,
    DeadlineRule,
    DeadlineStatus,
    EndOf,
    OnDate,
    Ongoing,
    Part,
    PartOf,
    Period,
    PeriodKind,
    Recurring,
    Several,
    Span,
    Weekly,
    WorkCalendar,
    cutoff_window,
    judge,
    parse_deadline,
)

__all__ = [
    "EVENTS",
    "UNDETERMINED_TEXTS",
    "check_cutoffs_tile",
    "check_deadline_rule",
    "check_judgement",
    "check_phrase_round_trip",
    "check_working_day_deadlines",
    "dates_around",
    "deadline_rules",
    "periods",
]

#: Events conditional deadlines wait for, as documents word them.
EVENTS = (
    ("sau khi", "Thành phố triển khai"),
    ("sau khi", "Thành phố thành lập Trung tâm"),
    ("khi", "Thành phố tổ chức"),
    ("theo", "Kế hoạch của Ủy ban nhân dân Thành phố"),
    ("theo", "yêu cầu của Sở Thông tin và Truyền thông"),
    ("trước khi", "đưa vào sử dụng"),
)
#: Texts that fix no date and name no event.
UNDETERMINED_TEXTS = ("Theo tiến độ quy định", "đảm bảo tiến độ đề ra", "chế độ báo cáo định kỳ")

_MIN_YEAR, _MAX_YEAR = 2020, 2030


def periods(
    kinds: tuple[PeriodKind, ...] = tuple(PeriodKind),
    min_year: int = _MIN_YEAR,
    max_year: int = _MAX_YEAR,
) -> st.SearchStrategy[Period]:
    """Periods of the given kinds between two years."""

    @st.composite
    def build(draw: st.DrawFn) -> Period:
        kind = draw(st.sampled_from(kinds))
        count = 12 // Period(2000, kind, 1).months
        return Period(draw(st.integers(min_year, max_year)), kind, draw(st.integers(1, count)))

    return build()


def _recurring() -> st.SearchStrategy[Recurring]:
    @st.composite
    def build(draw: st.DrawFn) -> Recurring:
        every = draw(st.sampled_from(tuple(PeriodKind)))
        day = draw(st.one_of(st.none(), st.integers(1, 31)))
        if day is None:
            return Recurring(every)
        months = Period(2000, every, 1).months
        # a month of the period, or of the period after it ("tháng sau", "quý sau")
        most = months if every is PeriodKind.HALF else 2 * months
        return Recurring(every, day, draw(st.integers(1, most)), draw(st.booleans()))

    return build()


def _part_of(min_year: int, max_year: int) -> st.SearchStrategy[PartOf]:
    @st.composite
    def build(draw: st.DrawFn) -> PartOf:
        kinds = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)
        period = draw(periods(kinds, min_year, max_year))
        parts = [p for p in Part if period.kind is PeriodKind.MONTH or p.value not in _MONTHLY]
        part = draw(st.sampled_from(parts))
        days = None
        if part in (Part.FIRST_DAYS, Part.LAST_DAYS):
            days = draw(st.integers(1, (period.end - period.start).days + 1))
        return PartOf(period, part, days)

    return build()


_MONTHLY = ("early", "mid", "late")


def _span(min_year: int, max_year: int) -> st.SearchStrategy[Span]:
    @st.composite
    def build(draw: st.DrawFn) -> Span:
        first = draw(periods(min_year=min_year, max_year=max_year - 1))
        last = first.next()
        for _ in range(draw(st.integers(0, 6))):
            last = last.next()
        return Span(first, last)

    return build()


def _simple(min_year: int, max_year: int, weekly: bool = True) -> st.SearchStrategy[DeadlineRule]:
    dates = st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31))
    conditional = st.builds(
        lambda pair, days, working: Conditional(
            pair[1],
            pair[0],
            days if pair[0] in ("sau khi", "khi") else None,
            working and days is not None and pair[0] in ("sau khi", "khi"),
        ),
        st.sampled_from(EVENTS),
        st.one_of(st.none(), st.integers(0, 90)),
        st.booleans(),
    )
    counted = st.builds(
        lambda days, working: Conditional("ngày nhận văn bản", "kể từ", days, working),
        st.integers(1, 60),
        st.booleans(),
    )
    undetermined = st.sampled_from(UNDETERMINED_TEXTS).map(lambda t: parse_deadline(t).rule)
    return st.one_of(
        st.builds(OnDate, dates, st.booleans()),
        st.builds(EndOf, periods(min_year=min_year, max_year=max_year)),
        _recurring(),
        _part_of(min_year, max_year),
        _span(min_year, max_year),
        *([st.builds(Weekly, st.one_of(st.none(), st.integers(0, 6)))] if weekly else []),
        st.just(Ongoing()),
        conditional,
        counted,
        undetermined,
    )


def deadline_rules(
    min_year: int = _MIN_YEAR, max_year: int = _MAX_YEAR, several: bool = True, weekly: bool = True
) -> st.SearchStrategy[DeadlineRule]:
    """Deadline rules of every kind: dates, ends and parts of periods, ranges of periods,
    recurring days (weekly to yearly, in the period or the one after it), ongoing duties,
    events and durations after them, undetermined texts and (with ``several``) several of
    these at once. ``weekly=False`` leaves weekly rules out (about 52 due days a year each,
    more than a generated evaluation case needs)."""
    simple = _simple(min_year, max_year, weekly)
    if not several:
        return simple
    many = st.lists(simple, min_size=2, max_size=3, unique=True).map(
        lambda parts: Several(tuple(parts))
    )
    return st.one_of(simple, many)


def dates_around(
    rule: DeadlineRule,
    start: dt.date = dt.date(2024, 1, 1),
    end: dt.date = dt.date(2024, 12, 31),
    calendar: WorkCalendar = VIETNAM,
) -> st.SearchStrategy[dt.date]:
    """Dates just before, on and after each due day of ``rule`` in [start, end], on both
    sides of the work-calendar move (a due day on a holiday and the working day it moves to).
    """
    near: set[dt.date] = set()
    for occ in rule.occurrences(start, end):
        due = calendar.roll_forward(occ.nominal).due
        for anchor in (occ.nominal, due):
            for shift in (-1, 0, 1):
                near.add(anchor + dt.timedelta(days=shift))
    if not near:
        return st.dates(start, end)
    return st.sampled_from(sorted(near))


# -- invariants ---------------------------------------------------------------------------


def check_phrase_round_trip(rule: DeadlineRule) -> None:
    """A rule printed as its phrase and read back is the same rule."""
    back = parse_deadline(rule.phrase()).rule
    assert back == rule, f"{rule!r} prints as {rule.phrase()!r}, which reads back as {back!r}"


@functools.lru_cache(maxsize=64)
def _days_off(year: int) -> frozenset[dt.date]:
    """The reference: ``holidays.Vietnam`` read directly, without dti-rules in between."""
    table = holidays.country_holidays("VN", years=year)
    day, off = dt.date(year, 1, 1), set()
    while day.year == year:
        if day in table or (day.weekday() in table.weekend and day not in table.weekend_workdays):
            off.add(day)
        day += dt.timedelta(days=1)
    return frozenset(off)


def _vietnamese_working_day(day: dt.date) -> bool:
    return day not in _days_off(day.year)


def check_working_day_deadlines(
    rule: DeadlineRule,
    start: dt.date = dt.date(2024, 1, 1),
    end: dt.date = dt.date(2024, 12, 31),
    calendar: WorkCalendar = VIETNAM,
) -> None:
    """With roll-forward, every due day is a working day (of Vietnam's public holidays and
    weekend working days, read from ``holidays`` directly), never before the day the text
    states, and every day skipped is a day off."""
    for occ in rule.occurrences(start, end):
        moved = calendar.roll_forward(occ.nominal)
        assert _vietnamese_working_day(moved.due), f"{moved.due} is not a working day"
        assert moved.due >= occ.nominal, f"{occ.key}: moved back to {moved.due}"
        day = occ.nominal
        while day < moved.due:
            assert not _vietnamese_working_day(day), f"{occ.key}: skipped working day {day}"
            day += dt.timedelta(days=1)
        assert moved.moved == (moved.reason is not None)


def check_cutoffs_tile(kind: PeriodKind, year: int) -> None:
    """Consecutive cut-off windows of a report type leave no gap and do not overlap."""
    period = Period(year, kind, 1)
    for _ in range(12 // period.months):
        window, following = cutoff_window(period), cutoff_window(period.next())
        assert window.start <= window.end
        gap = (following.start - window.end).days
        assert gap == 1, f"{period} and {period.next()}: windows {window} and {following}"
        period = period.next()


def check_judgement(due: dt.date, done: dt.date | None, as_of: dt.date) -> None:
    """A status agrees with its dates, and time only moves a status forward."""
    found = judge(due, done, as_of)
    counted = done is not None and done <= as_of
    if found.status is DeadlineStatus.ON_TIME:
        assert counted and done is not None and done <= due
    elif found.status is DeadlineStatus.LATE:
        assert counted and done is not None and found.days == (done - due).days > 0
    elif found.status is DeadlineStatus.OVERDUE:
        assert not counted and found.days == (as_of - due).days > 0
    else:
        assert found.status is DeadlineStatus.PENDING and not counted and as_of <= due
    later = judge(due, done, as_of + dt.timedelta(days=1))
    if found.status is not DeadlineStatus.PENDING:
        assert later.status is found.status or (
            found.status is DeadlineStatus.OVERDUE and later.status is DeadlineStatus.LATE
        )


def check_deadline_rule(
    rule: DeadlineRule, year: int = 2024, calendar: WorkCalendar = VIETNAM
) -> None:
    """Every calendar invariant of one rule: its phrase reads back, its due days are working
    days, a recurring rule yields one due day per period, clamped into its month."""
    check_phrase_round_trip(rule)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    check_working_day_deadlines(rule, start, end, calendar)
    if isinstance(rule, Recurring):
        found = rule.occurrences(start, end)
        assert len(found) == 12 // rule.every_months
        for occ in found:
            assert occ.period is not None
            stated = occ.nominal + dt.timedelta(days=1) if rule.before else occ.nominal
            home = occ.period.next() if rule.offset else occ.period
            assert home.contains(stated), f"{occ.key}: {stated} is outside {home}"
            if rule.day is not None:  # a day the month lacks clamps to its last day
                last = calendar_module.monthrange(stated.year, stated.month)[1]
                assert stated.day == min(rule.day, last), f"{occ.key}: day {stated.day}"
    if isinstance(rule, Weekly):
        found = rule.occurrences(start, end)
        assert all(
            b.nominal - a.nominal == dt.timedelta(days=7) for a, b in itertools.pairwise(found)
        )
        weekday = 6 if rule.weekday is None else rule.weekday
        assert all(o.nominal.weekday() == weekday for o in found)
    if isinstance(rule, PartOf | Span):
        (occ,) = rule.occurrences(start, end)
        inside = rule.period if isinstance(rule, PartOf) else rule.last
        assert inside.contains(occ.nominal), f"{rule.phrase()}: {occ.nominal} outside {inside}"
