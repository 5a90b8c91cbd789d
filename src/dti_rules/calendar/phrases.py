"""Reading Vietnamese deadline phrases into deadline rules.

A phrase is read relative to the issue date of the document it comes from: a year left out
is the issue year, and a deadline already past on the issue date is flagged. OCR damage
common in the source texts ("Quý 11/2024" for "Quý II/2024", "Ke hoạch" for "Kế hoạch",
letters without their diacritics) is repaired and noted::

    >>> import datetime as dt
    >>> from dti_rules.calendar import parse_deadline
    >>> found = parse_deadline("Quý 11/2024")
    >>> found.rule.phrase(), found.notes
    ('Quý II/2024', ('read the OCR text "Quý 11" as "Quý II"',))
    >>> parse_deadline("Trước ngày 20 của tháng cuối quý").rule
    Recurring(every=<PeriodKind.QUARTER: 'quarter'>, day=20, month=3, before=True)
    >>> parse_deadline("Quý III năm 2023", issued=dt.date(2024, 3, 29)).past
    True

Every word is accounted for: it belongs to the deadline, or it is part of the name of the
work ("Hoàn thành …", "báo cáo tháng …") and holds no date word, which a note then quotes.
Words that qualify a period are read, with the reading and its basis in the notes::

    >>> found = parse_deadline("Giữa tháng 6/2024")
    >>> found.rule.phrase()
    'Giữa tháng 06/2024'
    >>> print(found.notes[0])
    'giữa tháng' is the 15th of the month (Bộ luật Dân sự 2015, Điều 146)

A phrase that cannot be read, or that holds date words the reader does not understand,
raises :class:`~dti_rules.errors.DeadlinePhraseError` quoting those words and, where there
is one, the nearest phrase that would be read. Phrases longer than
:data:`MAX_PHRASE_LENGTH` characters are refused before any reading; the reading itself is
linear in the phrase's length.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable

import attrs

from ..errors import DeadlinePhraseError, Msg, message_of, msg
from ._fold import fold, touches_dates
from .periods import Period, PeriodKind
from .rules import (
    Conditional,
    DeadlineKind,
    DeadlineRule,
    EndOf,
    OnDate,
    Ongoing,
    Part,
    PartOf,
    Recurring,
    Several,
    Span,
    Undetermined,
    Weekly,
)
from .workdays import FIRST_YEAR, LAST_YEAR, VIETNAM, YearOutOfRangeError, vn_date

__all__ = ["MAX_PHRASE_LENGTH", "ParsedDeadline", "parse_deadline"]

MAX_PHRASE_LENGTH = 1000
"""The longest phrase read, in characters (the longest deadline cell of the seeds is 146)."""


@attrs.frozen
class ParsedDeadline:
    """A phrase, the rule read from it, and what the reader noticed on the way."""

    phrase: str
    rule: DeadlineRule
    notes: tuple[str, ...] = ()
    past: bool = False

    @property
    def kind(self) -> DeadlineKind:
        return self.rule.kind


# -- normalising ------------------------------------------------------------------------

# Words that carry a date, as the OCR text spells them without (or with wrong) diacritics,
# and their reading. Only these are repaired: the rest of a phrase (an event's name, say)
# is kept as written.
_WORD_FIXES = {
    "qúy": "quý",
    "quỷ": "quý",
    "quỳ": "quý",
    "thang": "tháng",
    "thảng": "tháng",
    "thàng": "tháng",
    "nãm": "năm",
    "ngảy": "ngày",
    "truoc": "trước",
    "trưóc": "trước",
    "truớc": "trước",
    "hang": "hàng",
    "hăng": "hằng",
    "cuoi": "cuối",
    "cuôi": "cuối",
    "dau": "đầu",
    "đâu": "đầu",
    "thuong": "thường",
    "thuờng": "thường",
    "xuyen": "xuyên",
    "cua": "của",
    "cùa": "của",
    "va": "và",
    "vả": "và",
    "ke": "kế",
    "kê": "kế",
    "hoach": "hoạch",
}
_ROMAN_Q = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "l": 1,
    "ll": 2,
    "lll": 3,
    "lv": 4,
    "1v": 4,
    "11": 2,
    "111": 3,
    "iiii": 4,
}
_OCR_QUARTER = {"l", "ll", "lll", "lv", "1v", "11", "111", "iiii"}
ROMAN = ("I", "II", "III", "IV")
# Words that are also other Vietnamese words ("quy định", "nam"), repaired only where a
# number follows.
_CONTEXT_FIXES = (
    (re.compile(r"\b(q)uy(?=\s+[ivxl1-9]+\b)", re.IGNORECASE), "uý", "quý"),
    (re.compile(r"\b(n)am(?=\s*\d{4}\b)", re.IGNORECASE), "ăm", "năm"),
    (re.compile(r"\b(n)gay(?=\s*\d)", re.IGNORECASE), "gày", "ngày"),
)


def _normalise(text: str, notes: list[str]) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("–", "-").replace("—", "-")
    text = re.sub(r"\s+", " ", text).strip().strip(".,;:").strip()
    for pattern, rest, _reading in _CONTEXT_FIXES:
        for match in pattern.finditer(text):
            notes.append(f'read the OCR word "{match[0]}" as "{match[1]}{rest}"')
        text = pattern.sub(rf"\g<1>{rest}", text)
    words = []
    for word in text.split(" "):
        low = word.lower()
        fixed = _WORD_FIXES.get(low, low)
        if fixed == low:
            words.append(word)
            continue
        if word[:1].isupper():
            fixed = fixed[:1].upper() + fixed[1:]
        notes.append(f'read the OCR word "{word}" as "{fixed}"')
        words.append(fixed)
    return " ".join(words)


# -- the pieces of a phrase (all matched on folded text) ---------------------------------

_Y = r"(?P<year>\d{4,6})"
_YT = rf"(?:\s*(?:/|-|nam)\s*{_Y}|\s+{_Y.replace('year', 'year2')})?"
_QN = r"(?P<q>iv|i{1,4}|vi{0,3}|[1-9]|l{1,3}|lv|1v|11|111)"
_QW = r"(?:qu[yi]\s*|q(?=[1-4]))"
_MW = r"(?:thang\s*|t(?=\d))"
_HEAD = (
    r"(?:(?:du kien\s+|phan dau\s+)?(?:hoan thanh|thuc hien|trien khai|to chuc|ban hanh"
    r"|xong|ket thuc)\s+)?"
)
_LEAD = (
    rf"^{_HEAD}(?:trong\s+(?:thoi gian\s+)?|ca\s+|vao\s+|den\s+(?:het\s+)?|het\s+"
    r"|cham nhat\s+(?:la\s+)?(?:trong\s+|vao\s+)?(?:cuoi\s+(?=thang|quy|nam))?"
    r"|truoc\s+(?:het\s+)?(?=cuoi|het|dau|giua)|(?:trong|ngay)?\s*)?"
)
_BEFORE = (
    r"(?P<before>truoc\s+|cham nhat\s+(?:la\s+)?truoc\s+)?"
    r"(?:cham nhat\s+(?:la\s+)?(?:vao\s+|den\s+)?|truoc hoac\s+|han\s+|vao\s+|den\s+)?"
)
_NUM_WORDS = {"sau": 6, "ba": 3, "chin": 9, "hai": 2, "bon": 4, "nam": 5, "muoi": 10}
_WEEKDAYS = {
    "hai": 0,
    "2": 0,
    "ba": 1,
    "3": 1,
    "tu": 2,
    "4": 2,
    "nam": 3,
    "5": 3,
    "sau": 4,
    "6": 4,
    "bay": 5,
    "7": 5,
}
_WEEKDAY = r"(?:thu\s+(?P<wd>hai|ba|tu|nam|sau|bay|[2-7])|(?P<sun>chu nhat))"

_Reader = Callable[[re.Match[str], "_Context"], DeadlineRule]


@attrs.define
class _Context:
    phrase: str
    issued: dt.date | None
    notes: list[str]
    original: str = ""

    def year(self, match: re.Match[str] | None, value: str | None = None) -> int:
        given = value
        if given is None and match is not None:
            groups = match.groupdict()
            given = groups.get("year") or groups.get("year2")
        if given:
            return self.checked(int(given))
        if self.issued is None:
            raise DeadlinePhraseError(
                self.phrase, msg("it names no year; give the date the document was issued")
            )
        self.notes.append(f"no year stated: read as {self.issued.year}, the year of issue")
        return self.issued.year

    def checked(self, year: int) -> int:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise self.fail(
                msg(
                    "year {year} is outside {first}-{last}, the years whose public "
                    "holidays dti-rules knows",
                    year=year,
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
            )
        return year

    def fail(self, reason: str) -> DeadlinePhraseError:
        return DeadlinePhraseError(self.phrase, reason)

    def note(self, text: str) -> None:
        self.notes.append(text)


def _quarter_index(raw: str, ctx: _Context) -> int:
    low = raw.lower()
    if low not in _ROMAN_Q:
        raise ctx.fail(msg("a quarter is I to IV, not {quarter}", quarter=raw.upper()))
    index = _ROMAN_Q[low]
    if low in _OCR_QUARTER:
        ctx.note(f'read the OCR text "Quý {raw}" as "Quý {ROMAN[index - 1]}"')
    return index


def _month_index(raw: str, ctx: _Context) -> int:
    month = int(raw)
    if not 1 <= month <= 12:
        raise ctx.fail(msg("a month is 1 to 12, not {month}", month=month))
    return month


def _day_of_month(raw: str, ctx: _Context) -> int:
    day = int(raw)
    if not 1 <= day <= 31:
        raise ctx.fail(msg("a day of the month is 1 to 31, not {day}", day=day))
    return day


def _raw_q(match: re.Match[str]) -> str:
    return match.string[match.start("q") : match.end("q")]


# -- one-off periods ----------------------------------------------------------------------


def _quarter(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    raw = ctx.original[match.start("q") : match.end("q")]
    index = _quarter_index(raw, ctx)
    return EndOf(Period(ctx.year(match), PeriodKind.QUARTER, index))


def _before_period(period: Period, ctx: _Context) -> DeadlineRule:
    ctx.note(
        f"'trước' a period: by the day before it begins, {vn_date(period.start)}, so by "
        f"{vn_date(period.start - dt.timedelta(days=1))}"
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
        f"a range of periods: due by the end of the last, {vn_date(last.end)} "
        "(Bộ luật Dân sự 2015, Điều 146)"
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
        ctx.note(f"the last {count} months of {year} end on 31/12/{year}")
        return EndOf(Period(year, PeriodKind.YEAR))
    if count == 6:
        return EndOf(Period(year, PeriodKind.HALF, 1))
    if count in (3, 9):
        ctx.note(f"the first {count} months of {year} end with quarter {ROMAN[count // 3 - 1]}")
        return EndOf(Period(year, PeriodKind.QUARTER, count // 3))
    if not 1 <= count <= 12:
        raise ctx.fail(msg("a year has 12 months, not {count}", count=count))
    ctx.note(f"the first {count} months of {year} end with month {count}")
    return EndOf(Period(year, PeriodKind.MONTH, count))


def _year(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    return EndOf(Period(ctx.year(match), PeriodKind.YEAR, 1))


def _before_named_period(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    groups = match.groupdict()
    if groups.get("m"):
        period = Period(ctx.year(match), PeriodKind.MONTH, _month_index(match["m"], ctx))
    elif groups.get("q"):
        index = _quarter_index(ctx.original[match.start("q") : match.end("q")], ctx)
        period = Period(ctx.year(match), PeriodKind.QUARTER, index)
    else:
        period = Period(ctx.year(match), PeriodKind.YEAR)
    return _before_period(period, ctx)


def _month_of_quarter(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    index = _quarter_index(ctx.original[match.start("q") : match.end("q")], ctx)
    quarter = Period(ctx.year(match), PeriodKind.QUARTER, index)
    which = {"dau": 0, "thu nhat": 0, "thu hai": 1, "thu 2": 1, "giua": 1}.get(match["w"], 2)
    month = Period(quarter.year, PeriodKind.MONTH, quarter.start.month + which)
    ctx.note(f"month {which + 1} of quarter {ROMAN[index - 1]}: {month!s}")
    return EndOf(month)


def _from_to(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    """ "Từ X đến Y": a range of periods (due by the end of the last) or of dates."""
    text = ctx.original
    low, high = text[match.start("a") : match.end("a")], text[match.start("b") : match.end("b")]
    last = _match_whole(high, ctx)
    if not re.search(r"\d{4}", low) and isinstance(last, EndOf | OnDate):
        year = last.period.year if isinstance(last, EndOf) else last.date.year
        low = f"{low}/{year}" if re.search(r"\d\s*$", low) else f"{low} năm {year}"
    first = _match_whole(low, ctx)
    ctx.original = text
    if isinstance(first, EndOf) and isinstance(last, EndOf):
        if first.period.kind is not last.period.kind:
            raise ctx.fail(
                msg(
                    "a range runs from a {first} to a {last}",
                    first=first.period.kind.word(),
                    last=last.period.kind.word(),
                )
            )
        return _span(first.period, last.period, ctx)
    if isinstance(first, OnDate) and isinstance(last, OnDate):
        if not first.date < last.date:
            raise ctx.fail(
                msg(
                    "a range runs forward: {first} is not before {last}",
                    first=vn_date(first.date),
                    last=vn_date(last.date),
                )
            )
        ctx.note(f"a range of dates: due by the last, {vn_date(last.date)}")
        return OnDate(last.date)
    raise ctx.fail(
        msg(
            "'từ … đến …' needs two periods or two dates, not {low!r} and {high!r}",
            low=low,
            high=high,
        )
    )


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
        index = _quarter_index(ctx.original[match.start("q") : match.end("q")], ctx)
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
        index = _quarter_index(ctx.original[match.start("q") : match.end("q")], ctx)
        month = index * 3
        ctx.note(f"quarter {ROMAN[index - 1]} of every year: by its last day")
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
    ctx.note(f"days {first} to {last} of every month: due by day {last}")
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


def _weekly(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    groups = match.groupdict()
    if groups.get("sun"):
        return Weekly(6)
    if groups.get("wd"):
        return Weekly(_WEEKDAYS[match["wd"]])
    ctx.note("no day of the week stated: due by the week's last day, Sunday")
    return Weekly()


def _daily(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    ctx.note("a daily duty: read as ongoing, with no single due day")
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
    event = ctx.original[match.start("event") : match.end("event")].strip()
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
    ctx.note(
        f"{days} {'working ' if working else ''}days counted from the day after the event "
        "(Bộ luật Dân sự 2015, Điều 147"
        + ("; days off are not counted)" if working else "; a last day off moves, Điều 148)")
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
            f"no year stated: the first Tết on or after the issue date ({vn_date(ctx.issued)})"
        )
    else:
        raise ctx.fail(msg("it names no year; give the date the document was issued"))
    ctx.note(f"Tết Nguyên đán (the first day of the lunar year) {day.year} is {vn_date(day)}")
    return OnDate(day, before=True)


_NAMED_DAYS = {
    "quoc khanh": (9, 2, "Quốc khánh (National Day)"),
    "gio to hung vuong": (None, None, ""),
}


def _national_day(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    ctx.note(f"Quốc khánh (National Day) is 02/09: {vn_date(dt.date(year, 9, 2))}")
    return OnDate(dt.date(year, 9, 2), before=bool(match["before"]))


def _new_year_day(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    ctx.note(f"Tết Dương lịch is 1 January: {vn_date(dt.date(year, 1, 1))}")
    return OnDate(dt.date(year, 1, 1), before=bool(match["before"]))


# -- the grammar ----------------------------------------------------------------------------

_ONGOING = (
    r"(?:la\s+)?(?:cac\s+)?(?:nhiem vu\s+)?(?:thuc hien\s+|trien khai\s+)?(?:hang ngay\s+va\s+)?"
    r"thuong xuyen(?:\s+hang nam)?(?:\s*,?\s*lien tuc)?(?:\s+(?:trong\s+)?nam\s+\d{4})?"
)
_FREQ = r"(?:hang|moi|dinh ky|theo)\s+(?:thang|qu[yi]|nam|6 thang|sau thang)"
_QLIST = r"(?:iv|i{1,4}|[1-4]|l{1,3}|lv|1v|11|111)"
_YEARLY = r"(?:hang|moi)\s+nam|cua\s+nam\s+bao\s+cao|cua\s+moi\s+nam"
_NEXT_YEAR = (
    r"(?P<next>(?:cua\s+)?nam\s+(?:sau|tiep theo|ke tiep|lien ke(?:\s+(?:voi\s+)?nam bao cao)?))"
)
# "trước ngày 28/11 đối với báo cáo năm": the day of a yearly (or half-yearly) report
_FOR_REPORT = r"(?:doi voi|cho)\s+(?:cac\s+)?(?:ky\s+)?bao cao\s+(?:0?6 thang|sau thang|ca nam|nam)"
_DAYS_OF_YEAR = (
    r"(?P<ds>(?:ngay\s+)?\d{1,2}\s*(?:/|-|\.|\s+thang\s+)\d{1,2}(?!\d)(?:\s*(?:,|va)\s*"
    r"(?:ngay\s+)?\d{1,2}\s*(?:/|-|\.|\s+thang\s+)\d{1,2}(?!\d))*"
    r"(?:\s+va\s+thang\s+\d{1,2})?)"
)
_WHICH = r"(?P<w>dau tien|dau|thu nhat|thu hai|thu 2|giua|cuoi cung|cuoi|thu ba|thu 3)"

_GRAMMAR: tuple[tuple[str, _Reader], ...] = (
    (rf"^{_ONGOING}", _ongoing),
    (r"^(?:hang|moi)\s+ngay", _daily),
    # weekly
    (rf"^(?:vao\s+|truoc\s+)?{_WEEKDAY}\s+(?:hang|moi|cua moi|cua)\s+tuan", _weekly),
    (rf"^(?:dinh ky\s+)?(?:hang|moi)\s+tuan(?:\s*,?\s*(?:vao\s+)?{_WEEKDAY})?", _weekly),
    # frequencies
    (
        rf"^(?:theo\s+)?(?:bao cao\s+)?(?:dinh ky\s+)?(?P<fs>{_FREQ}(?:\s*(?:,|va|;)\s*"
        r"(?:(?:hang|moi)\s+)?(?:thang|qu[yi]|nam|6 thang|sau thang))*)",
        _frequencies,
    ),
    # events and durations
    (
        r"^(?:trong\s+(?:vong\s+|thoi han\s+)?|cham nhat\s+(?:la\s+)?(?:sau\s+)?|sau\s+|toi da\s+"
        r"|khong qua\s+)?(?P<days>\d{1,3})\s+ngay(?P<work>\s+lam viec)?\s*,?\s*"
        r"(?P<conn>ke tu|sau khi|truoc khi|khi|theo|tu|sau)\s+(?P<event>.+)",
        _duration,
    ),
    (r"^(?P<conn>sau khi|truoc khi|khi|theo)\s+(?P<event>.+)", _conditional),
    # named days
    (rf"^(?P<before>truoc\s+)?(?:dip\s+)?tet\s+nguyen\s+dan(?:\s+(?:nam\s+)?{_Y})?", _tet),
    (
        rf"^{_BEFORE}(?:ngay\s+)?(?:le\s+)?quoc\s+khanh(?:\s+(?:ngay\s+)?0?2\s*(?:/|-|\.|\s+thang\s+)"
        rf"0?9)?(?:\s*(?:/|-|nam)\s*{_Y})?",
        _national_day,
    ),
    (rf"^{_BEFORE}tet\s+duong\s+lich(?:\s+(?:nam\s+)?{_Y})?", _new_year_day),
    # parts of periods
    (rf"{_LEAD}{_PART}{_QW}{_QN}{_YT}", _part_of),
    (rf"{_LEAD}{_PART}{_MW}(?P<m>\d{{1,2}}){_YT}", _part_of),
    (rf"{_LEAD}{_PART}nam(?:\s+(?:nay|{_Y}))?", _part_of),
    (
        rf"{_LEAD}(?P<n>\d{{1,2}}|sau|ba|chin)\s+thang\s+(?P<h>dau|cuoi)\s+(?:cua\s+)?nam"
        rf"(?:\s+(?:nay|{_Y}))?",
        _first_months,
    ),
    (rf"{_LEAD}nua\s+(?P<h>dau|cuoi)\s+nam(?:\s+{_Y})?", _half),
    (rf"{_LEAD}thang\s+{_WHICH}\s+(?:cua\s+)?{_QW}{_QN}{_YT}", _month_of_quarter),
    # "trước" a period
    (
        rf"^(?:hoan thanh\s+)?truoc\s+(?:{_QW}{_QN}|{_MW}(?P<m>\d{{1,2}})|(?=nam)){_YT}",
        _before_named_period,
    ),
    # ranges
    (
        rf"{_LEAD}(?:tu\s+)?{_MW}(?P<m1>\d{{1,2}})(?:\s*/\s*(?P<y1>\d{{4}}))?\s*(?:-|den|toi)\s*"
        rf"(?:(?:het\s+)?thang\s+)?(?P<m2>\d{{1,2}}){_YT}",
        _month_range,
    ),
    (
        rf"{_LEAD}(?:tu\s+)?{_QW}(?P<q1>{_QLIST})(?:\s*/\s*(?P<y1>\d{{4}}))?\s*(?:-|den|toi)\s*"
        rf"(?:(?:het\s+)?qu[yi]\s+)?(?P<q2>{_QLIST}){_YT}",
        _quarter_range,
    ),
    (
        rf"{_LEAD}(?:tu\s+)?(?:giai doan\s+|cac nam\s+|nam\s+)?(?P<y1>\d{{4}})\s*(?:-|den|toi)\s*"
        rf"(?:(?:het\s+)?nam\s+)?(?P<y2>\d{{4}})",
        _year_range,
    ),
    (
        r"^(?:dinh ky\s+)?tu\s+ngay\s+(?P<d0>\d{1,2})\s+(?:den|toi)\s+(?:het\s+)?ngay\s+"
        r"(?P<d>\d{1,2})\s+(?:hang|moi|cua moi|cua)\s+thang",
        _monthly_range,
    ),
    (r"^(?:trong\s+thoi gian\s+)?tu\s+(?P<a>.+?)\s+(?:den|toi)\s+(?:het\s+)?(?P<b>.+)", _from_to),
    # lists
    (
        rf"{_LEAD}(?:cac\s+)?{_QW}(?P<qs>{_QLIST}(?:\s*(?:,|va)\s*(?:qu[yi]\s+)?{_QLIST})+){_YT}",
        _quarters,
    ),
    (
        rf"{_LEAD}(?:cac\s+)?thang\s+(?P<ms>\d{{1,2}}(?:\s*(?:,|va)\s*(?:thang\s+)?\d{{1,2}})+)"
        rf"{_YT}",
        _months,
    ),
    (rf"{_LEAD}(?:cac\s+)?nam\s+(?P<ys>\d{{4}}(?:\s*(?:,|va)\s*(?:nam\s+)?\d{{4}})+)", _years),
    # single periods
    (rf"{_LEAD}{_QW}{_QN}{_YT}", _quarter),
    (rf"{_LEAD}{_MW}(?P<m>\d{{1,2}}){_YT}", _month),
    (rf"{_LEAD}(?P<m>\d{{1,2}})\s*/\s*{_Y}", _month),
    (rf"{_LEAD}(?:6|sau)\s+thang\s+(?P<h>dau|cuoi)\s+nam(?:\s+{_Y})?", _half),
    (rf"{_LEAD}nam\s+{_Y}", _year),
    (rf"{_LEAD}{_Y}", _year),
    # recurring days
    (
        rf"^{_FREQ_HEAD}{_BEFORE}ngay\s+(?P<d>\d{{1,2}})\s+(?:cua\s+)?(?:hang thang|moi thang"
        r"|cua moi thang|thang(?:\s+bao\s+cao)?|(?P<next>thang\s+(?:sau|tiep theo|ke tiep)))"
        r"(?:\s+hang thang)?",
        _monthly,
    ),
    (
        rf"^{_FREQ_HEAD}{_BEFORE}(?:ngay\s+(?P<d>\d{{1,2}})\s+)?(?:cua\s+)?thang\s+{_WHICH}\s+"
        r"(?:cua\s+)?(?:moi\s+|cac\s+)?qu[yi](?P<next>\s+(?:sau|tiep theo|ke tiep))?"
        r"(?:\s+hang qu[yi])?",
        _quarterly,
    ),
    (
        rf"^{_FREQ_HEAD}{_BEFORE}(?:ngay\s+)?(?P<ds>\d{{1,2}}\s+thang\s+\d{{1,2}}"
        rf"(?:\s+va\s+(?:ngay\s+\d{{1,2}}\s+)?thang\s+\d{{1,2}})?)\s+(?:{_YEARLY}|{_NEXT_YEAR})",
        _yearly_days,
    ),
    (rf"^{_FREQ_HEAD}{_BEFORE}{_DAYS_OF_YEAR}\s*(?:{_YEARLY}|{_NEXT_YEAR})", _yearly_days),
    (rf"^{_BEFORE}{_DAYS_OF_YEAR}\s+{_FOR_REPORT}", _yearly_days),
    (
        r"^(?:bao cao\s+)?(?:dinh ky\s+)?(?:hang|moi)\s+(?P<fh>nam|6 thang|sau thang)\s*,?\s*"
        rf"{_BEFORE}{_DAYS_OF_YEAR}(?:\s+{_NEXT_YEAR})?",
        _yearly_days,
    ),
    (
        r"^(?:bao cao\s+)?dinh ky\s+(?P<fh>nam|6 thang|sau thang)\s*,?\s*"
        rf"{_BEFORE}{_DAYS_OF_YEAR}(?:\s+{_NEXT_YEAR})?",
        _yearly_days,
    ),
    (
        rf"^(?:trong\s+)?(?:thang\s+(?P<m>\d{{1,2}})|{_QW}{_QN})\s+(?:{_YEARLY}|{_NEXT_YEAR})",
        _yearly_period,
    ),
    (r"^(?:trong\s+)?thang\s+(?:sau|tiep theo|ke tiep)", _next_period_month),
    (
        rf"^{_FREQ_HEAD}(?:trong\s+)?thang\s+{_WHICH}\s+(?:cua\s+)?qu[yi]"
        r"(?P<next>\s+(?:sau|tiep theo|ke tiep))?",
        _quarterly,
    ),
    # dates
    (
        rf"^{_BEFORE}(?:ngay\s+)?(?P<d>\d{{1,2}})\s*(?:/|-|\.|\s+thang\s+)(?P<m>\d{{1,2}})"
        rf"\s*(?:/|-|\.|nam\s+|\s){_Y}",
        _date,
    ),
    (rf"^{_BEFORE}{_DAYS_OF_YEAR}(?:\s*(?:/|-|nam\s+|\s){_Y})?", _dates),
)

_PATTERNS: tuple[tuple[re.Pattern[str], _Reader], ...] = tuple(
    (re.compile(pattern + r"$"), reader) for pattern, reader in _GRAMMAR
)

# Texts that state no date and no event, with the reason they stay undetermined.
_UNDETERMINED = tuple(
    (re.compile(pattern), reason)
    for pattern, reason in (
        (
            r"^(?:(?:dam bao|bao dam|dung)\s+)?(?:muc tieu,\s*)?(?:theo\s+)?tien do"
            r"(?:\s+(?:quy dinh|de ra))?$",
            "it refers to a schedule the document does not give",
        ),
        (
            r"^(?:dinh ky\s+)?theo quy dinh$",
            "periodic as regulations prescribe: the document names no period",
        ),
        (r"^(?:che do\s+)?(?:bao cao\s+)?dinh ky$", "periodic, but the document names no period"),
        (
            r"^(?:phan dau\s+)?(?:den\s+)?cuoi nam hoc\s+\d{4}\s*-\s*\d{4}$",
            "the end of a school year is not a date the document fixes",
        ),
    )
)

# Work names that hold a date word but cannot change the date: "báo cáo tháng" is the
# monthly report, whose day the words after it give.
_WORK_NAMES = re.compile(
    r"\b(?:bao cao|giao ban|hop|so ket|tong ket)\s+(?:dinh ky\s+)?(?:hang\s+)?"
    r"(?:(?:0?6|sau)\s+thang(?:\s+(?:dau|cuoi)\s+nam)?|ca\s+nam|thang|qu[yi]|nam|tuan)\b"
)
# A word that would qualify the deadline after it ("đầu" + "tháng 6/2024"), or join it to
# another ("hoặc"): the words before a deadline may not end with one.
_QUALIFIER_END = re.compile(
    r"\b(?:dau|giua|cuoi|nua|thuong|trung|ha|tuan|ngay|het|som|muon|hoac|sau khi|truoc khi"
    r"|neu|\d+)$"
)
# Words that change a deadline beside them ("hoặc sớm hơn", "nếu …", "muộn nhất"): a text
# holding one besides its deadline is refused rather than read as the deadline alone.
_CHANGES_MEANING = re.compile(r"\b(?:hoac|som|muon|tre|tru khi|neu)\b")
# Words that may open the deadline inside a longer text.
_OPENERS = re.compile(
    r"\b(?:truoc|ngay|qu[yi]|q(?=[1-4])|thang|t(?=\d)|nam|trong|hang|moi|dinh ky|thuong"
    r"|sau khi|khi|theo|cham nhat|den|vao|dau|giua|cuoi|nua|tu|giai doan|thu|chu nhat"
    r"|tet|\d)"
)
_MAX_OPENERS = 12

# Phrases that carry their deadline somewhere inside, read when nothing else matches.
_INSIDE: tuple[tuple[re.Pattern[str], Callable[[str], DeadlineRule]], ...] = (
    (
        re.compile(r"(?:neu\s+)?(?P<event>co\s+(?:kho khan,?\s*)?vuong mac(?:\s+phat sinh)?)"),
        lambda event: Conditional(event, "khi"),
    ),
    (re.compile(r"\bthuong xuyen\b"), lambda event: Ongoing()),
)
_PERIOD_INSIDE = re.compile(
    r"\b(?:qu[yi]\s+[ivxl1-9]+\s*(?:/|nam)\s*\d{4}|thang\s+\d{1,2}\s*(?:/|nam)\s*\d{4}|"
    r"nam\s+\d{4})\b"
)

# Canonical phrases offered as the nearest readable one when a phrase is refused.
_EXAMPLES = (
    "Ngày 10/4/2024",
    "Trước ngày 10/4/2024",
    "Quý II/2024",
    "Tháng 03/2024",
    "Năm 2024",
    "6 tháng đầu năm 2024",
    "Giữa tháng 06/2024",
    "Đầu tháng 07/2024",
    "Cuối năm 2024",
    "10 ngày đầu tháng 07/2024",
    "Hạ tuần tháng 06/2024",
    "Tháng 07-08/2024",
    "Quý II-III/2024",
    "Năm 2024-2025",
    "Quý II và Quý III/2024",
    "Trước ngày 20 hàng tháng",
    "Trước ngày 10 của tháng cuối quý",
    "Trước ngày 15 tháng 6 và tháng 12 hàng năm",
    "Ngày 15/12 hằng năm",
    "Trong tháng 12 hằng năm",
    "Trước ngày 15 của tháng đầu quý sau",
    "Hằng tuần",
    "Thứ Sáu hằng tuần",
    "Hàng quý",
    "Thường xuyên",
    "Trong vòng 5 ngày làm việc kể từ ngày nhận văn bản",
    "Sau khi Thành phố triển khai",
    "Trước Tết Nguyên đán",
)
_FOLDED_EXAMPLES = {fold(e): e for e in _EXAMPLES}
_NEAREST_MAX = 120


def _match_whole(text: str, ctx: _Context) -> DeadlineRule | None:
    ctx.original = text
    folded = fold(text)
    for pattern, reason in _UNDETERMINED:
        if pattern.match(folded):
            return Undetermined(text, reason)
    for pattern, reader in _PATTERNS:
        match = pattern.match(folded)
        if match:
            return reader(match, ctx)
    return None


def _unknown_date_words(prefix: str, following: DeadlineRule) -> bool:
    """Whether words left before a deadline hold a date word the reading did not use."""
    rest = _WORK_NAMES.sub(" ", fold(prefix))
    if isinstance(following, Recurring | Several):
        # "Định kỳ hàng quý … trước ngày 20 tháng cuối quý": a frequency the day agrees with
        kinds = {
            p.every
            for p in (following.parts if isinstance(following, Several) else (following,))
            if isinstance(p, Recurring)
        }
        for word, kind in _FREQ_KINDS.items():
            if kind in kinds:
                rest = re.sub(rf"\b(?:dinh ky\s+)?(?:hang|moi)\s+{word}\b", " ", rest)
        rest = re.sub(r"\bdinh ky\b", " ", rest)
    return touches_dates(rest)


def _read_one(text: str, ctx: _Context) -> DeadlineRule:
    found = _match_whole(text, ctx)
    if found is not None:
        return found
    folded = fold(text)
    # Prose: the deadline closes the sentence ("báo cáo tháng trước ngày 20 của tháng").
    # Only a bounded number of places where a deadline can open are tried: linear time.
    starts = [m.start() for m in _OPENERS.finditer(folded) if m.start() > 0]
    for start in starts[:_MAX_OPENERS]:
        if folded[start - 1] != " ":
            continue
        tail, prefix = text[start:], text[:start].strip()
        try:
            found = _match_whole(tail, ctx)
        except DeadlinePhraseError:
            found = None
        ctx.original = text
        if found is None:
            continue
        if isinstance(found, Undetermined):
            return Undetermined(text, found.reason)
        if (
            _unknown_date_words(prefix, found)
            or _QUALIFIER_END.search(fold(prefix))
            or _CHANGES_MEANING.search(fold(prefix))
        ):
            raise ctx.fail(
                msg(
                    "the words {words!r} before the deadline {tail!r} are not understood "
                    "(a date word, or one that changes the deadline){nearest}",
                    words=prefix,
                    tail=tail,
                    nearest=_nearest(text),
                )
            )
        ctx.note(
            f"the deadline is read from {tail!r}; the words before it ({prefix!r}) name the work"
        )
        return found
    for pattern, make in _INSIDE:
        match = pattern.search(folded)
        if match:
            rest = folded[: match.start()] + " " + folded[match.end() :]
            if touches_dates(rest.replace("thuong xuyen", " ")):
                break
            words = text[match.start() : match.end()]
            ctx.note(f"the deadline is read from the words {words!r}; the others name the work")
            event = match.groupdict().get("event")
            return make(text[match.start("event") : match.end("event")] if event else words)
    match = _PERIOD_INSIDE.search(folded)
    if match:
        rest = folded[: match.start()] + " " + folded[match.end() :]
        if touches_dates(rest) or _CHANGES_MEANING.search(rest):
            words = " ".join((text[: match.start()] + " " + text[match.end() :]).split())
            raise ctx.fail(
                msg(
                    "the words {words!r} around the deadline {inner!r} are not understood "
                    "(a date word, or one that changes the deadline){nearest}",
                    words=words,
                    inner=text[match.start() : match.end()],
                    nearest=_nearest(text),
                )
            )
        if not touches_dates(rest):
            words = text[match.start() : match.end()]
            inner = _match_whole(words, ctx)
            if inner is not None:
                ctx.note(f"the deadline is read from the words {words!r}; the others name the work")
                return inner
    raise ctx.fail(_refusal(text))


def _nearest(text: str) -> Msg | str:
    """'; the nearest phrase that reads is …', or nothing when no example is near (a long
    text is near none: comparing it would cost time growing with its square)."""
    if len(text) > _NEAREST_MAX:
        return ""
    near = difflib.get_close_matches(fold(text), list(_FOLDED_EXAMPLES), n=1, cutoff=0.6)
    if not near:
        return ""
    return msg("; the nearest phrase that reads is {near!r}", near=_FOLDED_EXAMPLES[near[0]])


def _refusal(text: str) -> Msg:
    tokens = text.split()
    folded = " ".join(fold(token) for token in tokens)
    changing = _CHANGES_MEANING.search(folded)
    if changing:  # "… hoặc sớm hơn": the deadline is there, and so is what changes it
        first = folded[: changing.start()].count(" ")
        return msg(
            "the words {words!r} change the deadline beside them, and "
            "dti-rules does not guess which day they mean; give the deadline alone",
            words=" ".join(tokens[first:]),
        )
    touched = [
        m for m in re.finditer(r"\S+", text) if touches_dates(fold(m[0])) or m[0][:1].isdigit()
    ]
    if touched:
        words = text[touched[0].start() : touched[-1].end()]
        reason = msg("the words {words!r} are not a deadline dti-rules can read", words=words)
    else:
        reason = msg("it holds no date, period, frequency or event")
    near = _nearest(text) or msg(
        "; expected a date (10/4/2024), a period (Quý II/2024, Tháng 3/2024, Năm 2024), a "
        "part of one (Giữa tháng 6/2024), a recurring day (Trước ngày 20 hàng tháng), "
        "'Thường xuyên', or an event (Sau khi …, Theo …)"
    )
    return msg("{reason}{near}", reason=reason, near=near)


_PAREN = re.compile(r"\s*\(([^()]*)\)\s*")
_SPLIT = re.compile(
    r"\s*(?:\bva\b|,)\s*(?=(?:thuc hien\s+|nhiem vu\s+|du kien\s+)?(?:thuong xuyen|sau khi|"
    r"theo|khi|truoc khi|trong vong|trong nam|nam|qu[yi]|thang|truoc ngay|ngay|6 thang|hang|"
    r"dinh ky)\b)"
)


def _split(text: str) -> list[str]:
    """Split "A; B" and "A và B" into parts, but keep "Tháng 06 và tháng 12/2024" whole."""
    return [part for piece in re.split(r"\s*;\s*", text) if piece for part in _split_piece(piece)]


def _split_piece(text: str) -> list[str]:
    folded = fold(text)
    # Month, quarter, year and day lists share one year or one frequency: read them whole.
    if re.match(
        r"^(?:trong\s+)?(?:cac\s+)?(?:thang|qu[yi]|nam)\s+[\divxl]+(?:\s*(?:,|va|-)\s*"
        r"(?:thang\s+|qu[yi]\s+|nam\s+)?[\divxl]+)+",
        folded,
    ):
        return [text]
    if re.search(r"\b(?:hang|moi)\s+(?:nam|tuan)\b|nam\s+(?:sau|bao cao)|qu[yi]\s+sau", folded):
        return [text]
    if re.match(rf"^(?:bao cao\s+)?(?:dinh ky\s+)?{_FREQ}", folded) and not re.search(
        r"ngay\s+\d", folded
    ):
        return [text]
    if re.match(
        r"^(?:bao cao\s+)?(?:dinh ky\s+)?(?:hang|moi)\s+(?:thang|qu[yi])\s*,?\s*"
        r"(?:truoc|vao|cham nhat)?\s*ngay\s+\d",
        folded,
    ):
        return [text]
    if re.search(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+va\s+", folded) or re.search(
        r"\d{1,2}/\d{1,2}\s+va\s+(?:ngay\s+)?\d", folded
    ):
        return [text]
    pieces: list[str] = []
    last = 0
    for match in _SPLIT.finditer(folded):
        pieces.append(text[last : match.start()])
        last = match.end()
    pieces.append(text[last:])
    return [p for p in pieces if p]


def _merge_brackets(text: str, ctx: _Context) -> str:
    """Read what brackets hold: a date's detail joins the phrase, anything else is noted."""
    out = []
    last = 0
    for match in _PAREN.finditer(text):
        inner = match[1].strip()
        out.append(text[last : match.start()])
        last = match.end()
        if touches_dates(fold(inner)):
            ctx.note(f"the words in brackets ({inner}) are read as part of the deadline")
            out.append(f" {inner} ")
        else:
            ctx.note(f"qualification kept as a note: ({inner})")
            out.append(" ")
    out.append(text[last:])
    return re.sub(r"\s+", " ", "".join(out)).strip().strip(".,;:").strip()


def parse_deadline(phrase: str, issued: dt.date | None = None) -> ParsedDeadline:
    """Read a deadline phrase, relative to the date the document was issued.

    >>> parse_deadline("Hằng tuần (thứ Sáu)").rule.phrase()
    'Thứ Sáu hằng tuần'
    >>> parse_deadline("Trong 05 ngày làm việc kể từ ngày nhận văn bản").rule.phrase()
    'Trong vòng 5 ngày làm việc kể từ ngày nhận văn bản'
    """
    if not isinstance(phrase, str) or not phrase.strip():
        raise DeadlinePhraseError(str(phrase), msg("it is empty"))
    if len(phrase) > MAX_PHRASE_LENGTH:
        raise DeadlinePhraseError(
            phrase[:60] + "…",
            msg(
                "it is {length} characters long; a deadline phrase has at most {most}",
                length=len(phrase),
                most=MAX_PHRASE_LENGTH,
            ),
        )
    if issued is not None and not FIRST_YEAR <= issued.year <= LAST_YEAR:
        raise DeadlinePhraseError(
            phrase.strip(),
            msg(
                "the issue date {issued} is outside {first}-{last}, the "
                "years whose public holidays dti-rules knows",
                issued=issued.isoformat(),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            ),
        )
    notes: list[str] = []
    text = _normalise(phrase, notes)
    ctx = _Context(phrase.strip(), issued, notes, text)
    text = _merge_brackets(text, ctx)
    if not text:
        raise DeadlinePhraseError(phrase.strip(), msg("it holds only a remark in brackets"))
    try:
        rule = _read(text, ctx)
    except YearOutOfRangeError as exc:
        raise ctx.fail(message_of(exc)) from None
    past = False
    if issued is not None and rule.kind in (DeadlineKind.ONE_OFF, DeadlineKind.SEVERAL):
        dates = [o.nominal for o in rule.occurrences(issued, issued)]
        if dates and max(dates) < issued:
            past = True
            notes.append(
                f"already past when the document was issued ({vn_date(issued)}): "
                f"the last due day is {vn_date(max(dates))}"
            )
    return ParsedDeadline(phrase.strip(), rule, tuple(dict.fromkeys(notes)), past)


def _read(text: str, ctx: _Context) -> DeadlineRule:
    pieces = _split(text)
    if not pieces:
        raise DeadlinePhraseError(
            ctx.phrase, msg("it holds no deadline, only punctuation or a note")
        )
    try:
        parts = [_read_one(part, ctx) for part in pieces]
    except DeadlinePhraseError:
        if len(pieces) == 1:
            raise
        parts = [_read_one(text, ctx)]  # the separators were part of the prose
    flat: list[DeadlineRule] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, Several) else (part,))
    unique = list(dict.fromkeys(flat))
    return unique[0] if len(unique) == 1 else Several(tuple(unique))
