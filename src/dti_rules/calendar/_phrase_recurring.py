"""Readers of recurring deadlines, deadlines after an event, and named days."""

from __future__ import annotations

import datetime as dt
import re

from ..errors import msg
from ._phrase_context import _WEEKDAYS, ROMAN, _Context, _day_of_month, _month_index, _quarter_index
from ._phrase_periods import _DM
from .periods import PeriodKind
from .rules import (
    Conditional,
    DeadlineRule,
    OnDate,
    Ongoing,
    Recurring,
    Several,
    Weekly,
)
from .workdays import VIETNAM, vn_date

# -- recurring ------------------------------------------------------------------------------

_FREQ_KINDS = {
    "thang": PeriodKind.MONTH,
    "quy": PeriodKind.QUARTER,
    "qui": PeriodKind.QUARTER,
    "6 thang": PeriodKind.HALF,
    "sau thang": PeriodKind.HALF,
    "nam": PeriodKind.YEAR,
}
# "Hằng quý, " in front of a day: the frequency the day must agree with
_FREQ_HEAD = (
    r"(?:(?:bao cao\s+)?(?:dinh ky\s+(?:(?:hang|moi)\s+)?|(?:hang|moi)\s+)"
    r"(?P<fh>thang|qu[yi]|6 thang|sau thang|nam)\s*,?\s*)?"
)


def _agrees(match: re.Match[str], every: PeriodKind, ctx: _Context) -> None:
    head = match.groupdict().get("fh")
    if head and _FREQ_KINDS[head] is not every:
        raise ctx.fail(
            msg(
                "it names a frequency ({head}) and a day of another one ({every})",
                head=head,
                every=every.every_word(),
            )
        )


def _monthly(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    _agrees(match, PeriodKind.MONTH, ctx)
    month = 2 if match.groupdict().get("next") else 1
    return Recurring(PeriodKind.MONTH, _day_of_month(match["d"], ctx), month, bool(match["before"]))


_WHICH_MONTH = {
    "dau": 1,
    "dau tien": 1,
    "thu nhat": 1,
    "thu hai": 2,
    "thu 2": 2,
    "giua": 2,
    "cuoi": 3,
    "cuoi cung": 3,
    "thu ba": 3,
    "thu 3": 3,
}


def _quarterly(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    _agrees(match, PeriodKind.QUARTER, ctx)
    month = _WHICH_MONTH[match["w"]] + (3 if match.groupdict().get("next") else 0)
    day = _day_of_month(match["d"], ctx) if match.groupdict().get("d") else 31
    return Recurring(PeriodKind.QUARTER, day, month, bool(match.groupdict().get("before")))


def _day_months(text: str, ctx: _Context) -> list[tuple[int, int]]:
    found = [(int(d), int(m)) for d, m in _DM.findall(text)]
    for d, m in found:  # a day the month lacks is clamped to its last day, as stated
        _month_index(str(m), ctx)
        _day_of_month(str(d), ctx)
    return found


def _yearly_days(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    """One or more days every year ("Ngày 19/6 và 19/12 hằng năm"), or every half-year."""
    pairs = _day_months(match["ds"], ctx)
    # "tháng 6 và tháng 12": one day for both months
    for extra in re.findall(r"va\s+thang\s+(\d{1,2})", match["ds"]):
        pairs.append((pairs[0][0], _month_index(extra, ctx)))
    before = bool(match["before"])
    head = match.groupdict().get("fh")
    offset = 12 if match.groupdict().get("next") else 0
    if head and _FREQ_KINDS[head] is PeriodKind.MONTH:
        raise ctx.fail(msg("it names a monthly frequency and days of the year"))
    days = sorted(set(pairs), key=lambda p: (p[1], p[0]))
    half = len(days) == 2 and days[0][0] == days[1][0] and days[1][1] == days[0][1] + 6
    if head and _FREQ_KINDS[head] is PeriodKind.HALF and not half:
        raise ctx.fail(msg("a half-yearly deadline needs one day in each half, six months apart"))
    if head and _FREQ_KINDS[head] is PeriodKind.QUARTER:
        raise ctx.fail(msg("it names a quarterly frequency and days of the year"))
    if half and not offset:
        return Recurring(PeriodKind.HALF, days[0][0], days[0][1], before)
    parts = tuple(Recurring(PeriodKind.YEAR, d, m + offset, before) for d, m in days)
    return parts[0] if len(parts) == 1 else Several(parts)


def _yearly_period(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    groups = match.groupdict()
    if groups.get("q"):
        index = _quarter_index(ctx.words(match, "q"), ctx)
        month = index * 3
        ctx.note(msg("quarter {quarter} of every year: by its last day", quarter=ROMAN[index - 1]))
    else:
        month = _month_index(match["m"], ctx)
    return Recurring(PeriodKind.YEAR, 31, month + (12 if groups.get("next") else 0))


def _monthly_range(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    first, last = _day_of_month(match["d0"], ctx), _day_of_month(match["d"], ctx)
    if not first < last:
        raise ctx.fail(
            msg(
                "a range of days runs forward, and {first} is not before {last}",
                first=first,
                last=last,
            )
        )
    ctx.note(
        msg("days {first} to {last} of every month: due by day {last}", first=first, last=last)
    )
    return Recurring(PeriodKind.MONTH, last)


def _next_period_month(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    return Recurring(PeriodKind.MONTH, 31, 2)


def _frequencies(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    kinds: list[PeriodKind] = []
    for raw in re.split(r"\s*(?:,|va|;)\s*", match["fs"]):
        word = re.sub(r"^(?:hang|moi|dinh ky|theo)\s+", "", raw.strip())
        word = re.sub(r"^(?:hang|moi)\s+", "", word)
        kind = _FREQ_KINDS.get(word)
        if kind is None:
            raise ctx.fail(msg("{raw!r} is not a reporting frequency", raw=raw))
        if kind not in kinds:
            kinds.append(kind)
    parts = tuple(Recurring(k) for k in kinds)
    return parts[0] if len(parts) == 1 else Several(parts)


_TIMES_WORDS = {"mot": 1, "hai": 2, "ba": 3}


def _times_per(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    """ "1 lần/1 tuần", "từ 01 lần/tháng", "mỗi quý 1 lần": once in each period, due by the
    period's last day; more than once names no day for each time, so it is refused."""
    if match["most"]:
        words = ctx.words(match, "most").strip()
        raise ctx.fail(
            msg(
                "{words!r} sets how often at most, not a day by which the work is due",
                words=words,
            )
        )
    raw = match["n"]
    times = _TIMES_WORDS.get(raw) or int(raw)
    if times != 1:
        raise ctx.fail(
            msg(
                "{times} times in each period gives no day for each time; dti-rules reads "
                "once a period ('1 lần/tuần', '1 lần/tháng'): state the days",
                times=times,
            )
        )
    if match["least"]:
        words = ctx.words(match, "least").strip()
        ctx.note(msg("'{words}': at least once, so each period is due once", words=words))
    per = match["per"]
    if per == "tuan":
        ctx.note(msg("once a week, no day of the week stated: due by the week's last day, Sunday"))
        return Weekly()
    ctx.note(msg("once a period, no day stated: due by the period's last day"))
    return Recurring(_FREQ_KINDS[per])


def _weekly(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    groups = match.groupdict()
    if groups.get("sun"):
        return Weekly(6)
    if groups.get("wd"):
        return Weekly(_WEEKDAYS[match["wd"]])
    ctx.note(msg("no day of the week stated: due by the week's last day, Sunday"))
    return Weekly()


def _daily(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    ctx.note(msg("a daily duty: read as ongoing, with no single due day"))
    return Ongoing()


def _ongoing(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    return Ongoing()


# -- events ---------------------------------------------------------------------------------

_CONNECTOR_WORDS = {
    "sau khi": "sau khi",
    "truoc khi": "trước khi",
    "khi": "khi",
    "theo": "theo",
    "ke tu": "kể từ",
    "tu": "kể từ",
    "sau": "sau khi",
}


def _event(match: re.Match[str], ctx: _Context) -> str:
    event = ctx.words(match, "event").strip()
    if not event:
        raise ctx.fail(msg("it names no event"))
    return event


def _conditional(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    return Conditional(_event(match, ctx), _CONNECTOR_WORDS[match["conn"]])


def _duration(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    days = int(match["days"])
    working = bool(match["work"])
    connector = _CONNECTOR_WORDS[match["conn"]]
    event = _event(match, ctx)
    if connector == "kể từ" and not event.lower().startswith(("ngày", "ngay")):
        event = f"ngày {event}"
    if working:
        ctx.note(
            msg(
                "{days} working days counted from the day after the event "
                "(Bộ luật Dân sự 2015, Điều 147; days off are not counted)",
                days=days,
            )
        )
    else:
        ctx.note(
            msg(
                "{days} days counted from the day after the event "
                "(Bộ luật Dân sự 2015, Điều 147; a last day off moves, Điều 148)",
                days=days,
            )
        )
    return Conditional(event, connector, days, working)


# -- named days -----------------------------------------------------------------------------


def _tet(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    groups = match.groupdict()
    if groups.get("year"):
        year = ctx.checked(int(match["year"]))
        day = VIETNAM.lunar_new_year(year)
    elif ctx.issued is not None:
        year = ctx.checked(ctx.issued.year)
        day = VIETNAM.lunar_new_year(year)
        if day < ctx.issued:
            day = VIETNAM.lunar_new_year(ctx.checked(year + 1))
        ctx.note(
            msg(
                "no year stated: the first Tết on or after the issue date ({issued})",
                issued=vn_date(ctx.issued),
            )
        )
    else:
        raise ctx.fail(msg("it names no year; give the date the document was issued"))
    ctx.note(
        msg(
            "Tết Nguyên đán (the first day of the lunar year) {year} is {day}",
            year=day.year,
            day=vn_date(day),
        )
    )
    return OnDate(day, before=True)


_NAMED_DAYS = {
    "quoc khanh": (9, 2, "Quốc khánh (National Day)"),
    "gio to hung vuong": (None, None, ""),
}


def _national_day(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    ctx.note(msg("Quốc khánh (National Day) is 02/09: {day}", day=vn_date(dt.date(year, 9, 2))))
    return OnDate(dt.date(year, 9, 2), before=bool(match["before"]))


def _new_year_day(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    ctx.note(msg("Tết Dương lịch is 1 January: {day}", day=vn_date(dt.date(year, 1, 1))))
    return OnDate(dt.date(year, 1, 1), before=bool(match["before"]))
