"""Readers of deadline phrases naming periods, parts of a period and dates."""

from __future__ import annotations

import datetime as dt
import re

from ..errors import message_of, msg
from ._phrase_context import _NUM_WORDS, ROMAN, _Context, _month_index, _quarter_index
from .periods import Period, PeriodKind
from .rules import (
    DeadlineRule,
    EndOf,
    OnDate,
    Part,
    PartOf,
    Several,
    Span,
)
from .workdays import vn_date

# -- one-off periods ----------------------------------------------------------------------


def _quarter(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    raw = ctx.words(match, "q")
    index = _quarter_index(raw, ctx)
    return EndOf(Period(ctx.year(match), PeriodKind.QUARTER, index))


def _before_period(period: Period, ctx: _Context) -> DeadlineRule:
    ctx.note(
        msg(
            "'trước' a period: by the day before it begins, {start}, so by {last}",
            start=vn_date(period.start),
            last=vn_date(period.start - dt.timedelta(days=1)),
        )
    )
    return OnDate(period.start, before=True)


def _month(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    period = Period(ctx.year(match), PeriodKind.MONTH, _month_index(match["m"], ctx))
    return EndOf(period)


def _months(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    months = [_month_index(m, ctx) for m in re.findall(r"\d{1,2}", match["ms"])]
    parts = tuple(dict.fromkeys(EndOf(Period(year, PeriodKind.MONTH, m)) for m in months))
    return parts[0] if len(parts) == 1 else Several(parts)


def _quarters(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    raws = re.findall(r"\b(?:iv|i{1,4}|[1-4]|l{1,3}|lv|1v|11|111)\b", match["qs"])
    parts = tuple(
        dict.fromkeys(EndOf(Period(year, PeriodKind.QUARTER, _quarter_index(r, ctx))) for r in raws)
    )
    return parts[0] if len(parts) == 1 else Several(parts)


def _span(first: Period, last: Period, ctx: _Context) -> DeadlineRule:
    if not first < last:
        raise ctx.fail(
            msg("a range runs forward, and {first} is not before {last}", first=first, last=last)
        )
    ctx.note(
        msg(
            "a range of periods: due by the end of the last, {end} ({law})",
            end=vn_date(last.end),
            law="Bộ luật Dân sự 2015, Điều 146",
        )
    )
    return Span(first, last)


def _month_range(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    first_year = ctx.checked(int(match["y1"])) if match["y1"] else year
    first = Period(first_year, PeriodKind.MONTH, _month_index(match["m1"], ctx))
    return _span(first, Period(year, PeriodKind.MONTH, _month_index(match["m2"], ctx)), ctx)


def _quarter_range(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    first_year = ctx.checked(int(match["y1"])) if match["y1"] else year
    q1 = _quarter_index(match["q1"], ctx)
    q2 = _quarter_index(match["q2"], ctx)
    return _span(
        Period(first_year, PeriodKind.QUARTER, q1), Period(year, PeriodKind.QUARTER, q2), ctx
    )


def _year_range(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    first, last = ctx.checked(int(match["y1"])), ctx.checked(int(match["y2"]))
    return _span(Period(first, PeriodKind.YEAR), Period(last, PeriodKind.YEAR), ctx)


def _years(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    years = [ctx.checked(int(y)) for y in re.findall(r"\d{4}", match["ys"])]
    return Several(tuple(dict.fromkeys(EndOf(Period(y, PeriodKind.YEAR)) for y in years)))


def _half(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    index = 1 if match["h"] == "dau" else 2
    return EndOf(Period(ctx.year(match), PeriodKind.HALF, index))


def _first_months(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    raw = match["n"]
    count = int(raw) if raw.isdigit() else _NUM_WORDS[raw]
    year = ctx.year(match)
    if match["h"] == "cuoi":
        if count == 6:
            return EndOf(Period(year, PeriodKind.HALF, 2))
        ctx.note(
            msg("the last {count} months of {year} end on 31/12/{year}", count=count, year=year)
        )
        return EndOf(Period(year, PeriodKind.YEAR))
    if count == 6:
        return EndOf(Period(year, PeriodKind.HALF, 1))
    if count in (3, 9):
        ctx.note(
            msg(
                "the first {count} months of {year} end with quarter {quarter}",
                count=count,
                year=year,
                quarter=ROMAN[count // 3 - 1],
            )
        )
        return EndOf(Period(year, PeriodKind.QUARTER, count // 3))
    if not 1 <= count <= 12:
        raise ctx.fail(msg("a year has 12 months, not {count}", count=count))
    ctx.note(
        msg("the first {count} months of {year} end with month {count}", count=count, year=year)
    )
    return EndOf(Period(year, PeriodKind.MONTH, count))


def _year(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    return EndOf(Period(ctx.year(match), PeriodKind.YEAR, 1))


def _before_named_period(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    groups = match.groupdict()
    if groups.get("m"):
        period = Period(ctx.year(match), PeriodKind.MONTH, _month_index(match["m"], ctx))
    elif groups.get("q"):
        index = _quarter_index(ctx.words(match, "q"), ctx)
        period = Period(ctx.year(match), PeriodKind.QUARTER, index)
    else:
        period = Period(ctx.year(match), PeriodKind.YEAR)
    return _before_period(period, ctx)


def _month_of_quarter(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    index = _quarter_index(ctx.words(match, "q"), ctx)
    quarter = Period(ctx.year(match), PeriodKind.QUARTER, index)
    which = {"dau": 0, "thu nhat": 0, "thu hai": 1, "thu 2": 1, "giua": 1}.get(match["w"], 2)
    month = Period(quarter.year, PeriodKind.MONTH, quarter.start.month + which)
    ctx.note(
        msg(
            "month {which} of quarter {quarter}: {month}",
            which=which + 1,
            quarter=ROMAN[index - 1],
            month=str(month),
        )
    )
    return EndOf(month)


# -- parts of a period --------------------------------------------------------------------

_PART_WORDS = {
    "dau": Part.START,
    "giua": Part.MIDDLE,
    "cuoi": Part.END,
    "nua dau": Part.FIRST_HALF,
    "nua cuoi": Part.SECOND_HALF,
    "thuong tuan": Part.EARLY,
    "trung tuan": Part.MID,
    "ha tuan": Part.LATE,
    "tuan dau": Part.FIRST_WEEK,
    "tuan thu nhat": Part.FIRST_WEEK,
    "tuan dau tien": Part.FIRST_WEEK,
    "tuan cuoi": Part.LAST_WEEK,
    "tuan cuoi cung": Part.LAST_WEEK,
}
_PART = (
    r"(?P<part>nua dau|nua cuoi|thuong tuan|trung tuan|ha tuan|tuan dau tien|tuan dau"
    r"|tuan thu nhat|tuan cuoi cung|tuan cuoi|dau|giua|cuoi"
    r"|(?P<nd>\d{1,3})\s+ngay\s+(?P<ndw>dau|cuoi)(?:\s+tien|\s+cung)?)\s+(?:cua\s+)?"
)


def _part_of(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    groups = match.groupdict()
    if groups.get("nd"):
        part = Part.FIRST_DAYS if match["ndw"] == "dau" else Part.LAST_DAYS
        days: int | None = int(match["nd"])
    else:
        part, days = _PART_WORDS[match["part"]], None
    if groups.get("q"):
        index = _quarter_index(ctx.words(match, "q"), ctx)
        period = Period(ctx.year(match), PeriodKind.QUARTER, index)
    elif groups.get("m"):
        period = Period(ctx.year(match), PeriodKind.MONTH, _month_index(match["m"], ctx))
    else:
        period = Period(ctx.year(match), PeriodKind.YEAR)
    try:
        rule = PartOf(period, part, days)
    except ValueError as exc:
        raise ctx.fail(message_of(exc)) from None
    ctx.note(rule.reading()[1])
    return rule


# -- dates ----------------------------------------------------------------------------------


def _make_date(day: int, month: int, year: int, ctx: _Context) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ctx.fail(
            msg("{day:02d}/{month:02d}/{year} is not a date", day=day, month=month, year=year)
        ) from None


def _date(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    day, month = int(match["d"]), int(match["m"])
    year = ctx.year(match)
    return OnDate(_make_date(day, month, year, ctx), before=bool(match["before"]))


_DM = re.compile(r"(?:ngay\s+)?(\d{1,2})\s*(?:/|-|\.|\s+thang\s+)(\d{1,2})(?!\d)")


def _dates(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    before = bool(match["before"])
    parts = tuple(
        dict.fromkeys(
            OnDate(_make_date(int(d), int(m), year, ctx), before)
            for d, m in _DM.findall(match["ds"])
        )
    )
    return parts[0] if len(parts) == 1 else Several(parts)
