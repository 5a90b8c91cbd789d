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

A phrase that cannot be read raises :class:`~dti_rules.errors.DeadlinePhraseError`
quoting it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

import attrs

from ..errors import DeadlinePhraseError
from .periods import Period, PeriodKind
from .rules import (
    Conditional,
    DeadlineKind,
    DeadlineRule,
    EndOf,
    OnDate,
    Ongoing,
    Recurring,
    Several,
    Undetermined,
)
from .workdays import vn_date

__all__ = ["ParsedDeadline", "parse_deadline"]


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


# -- the pieces of a phrase -------------------------------------------------------------

YEAR = r"(?P<year>\d{4})"
_YEAR_TAIL = rf"(?:\s*(?:/|-|năm)\s*{YEAR})?"
_QUARTER = r"(?P<q>[ivxl1-9]+)"
_LEAD = r"^(?:(?:hoàn thành|thực hiện|triển khai|tổ chức)\s+)?(?:trong\s+|cả\s+|vào\s+|đến\s+)?"

_Reader = Callable[[re.Match[str], "_Context"], DeadlineRule]


@attrs.define
class _Context:
    phrase: str
    issued: dt.date | None
    notes: list[str]
    original: str

    def year(self, match: re.Match[str]) -> int:
        given = match.groupdict().get("year")
        if given:
            return int(given)
        if self.issued is None:
            raise DeadlinePhraseError(
                self.phrase, "it names no year; give the date the document was issued"
            )
        self.notes.append(f"no year stated: read as {self.issued.year}, the year of issue")
        return self.issued.year

    def fail(self, reason: str) -> DeadlinePhraseError:
        return DeadlinePhraseError(self.phrase, reason)


def _quarter(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    raw = match["q"].lower()
    if raw not in _ROMAN_Q:
        raise ctx.fail(f"a quarter is I to IV, not {match['q']}")
    index = _ROMAN_Q[raw]
    if raw in _OCR_QUARTER:
        ctx.notes.append(f'read the OCR text "Quý {match["q"]}" as "Quý {ROMAN[index - 1]}"')
    return EndOf(Period(ctx.year(match), PeriodKind.QUARTER, index))


def _month(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    month = int(match["m"])
    if not 1 <= month <= 12:
        raise ctx.fail(f"a month is 1 to 12, not {month}")
    return EndOf(Period(ctx.year(match), PeriodKind.MONTH, month))


def _months(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    months = [int(m) for m in re.findall(r"\d{1,2}", match["ms"])]
    for month in months:
        if not 1 <= month <= 12:
            raise ctx.fail(f"a month is 1 to 12, not {month}")
    parts = tuple(EndOf(Period(year, PeriodKind.MONTH, m)) for m in months)
    return parts[0] if len(parts) == 1 else Several(parts)


def _quarters(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    year = ctx.year(match)
    parts: list[DeadlineRule] = []
    for raw in re.findall(r"[ivxl1-9]+", match["qs"].lower()):
        if raw not in _ROMAN_Q:
            raise ctx.fail(f"a quarter is I to IV, not {raw.upper()}")
        parts.append(EndOf(Period(year, PeriodKind.QUARTER, _ROMAN_Q[raw])))
    return parts[0] if len(parts) == 1 else Several(tuple(parts))


def _half(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    index = 1 if match["h"] == "đầu" else 2
    return EndOf(Period(ctx.year(match), PeriodKind.HALF, index))


def _year(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    return EndOf(Period(ctx.year(match), PeriodKind.YEAR, 1))


def _date(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    day, month = int(match["d"]), int(match["m"])
    year = ctx.year(match)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ctx.fail(f"{day:02d}/{month:02d}/{year} is not a date") from None
    return OnDate(date, before=bool(match["before"]))


def _day(match: re.Match[str], ctx: _Context) -> int:
    day = int(match["d"])
    if not 1 <= day <= 31:
        raise ctx.fail(f"a day of the month is 1 to 31, not {day}")
    return day


def _monthly(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    return Recurring(PeriodKind.MONTH, _day(match, ctx), 1, bool(match["before"]))


_WHICH_MONTH = {
    "đầu": 1,
    "thứ nhất": 1,
    "thứ hai": 2,
    "thứ 2": 2,
    "giữa": 2,
    "cuối": 3,
    "cuối cùng": 3,
    "thứ ba": 3,
    "thứ 3": 3,
}


def _quarterly(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    return Recurring(
        PeriodKind.QUARTER, _day(match, ctx), _WHICH_MONTH[match["w"]], bool(match["before"])
    )


def _half_yearly(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    first, second = int(match["m1"]), int(match["m2"])
    if not (1 <= first <= 6 and second == first + 6):
        raise ctx.fail(f"months {first} and {second} are not six months apart in one year")
    return Recurring(PeriodKind.HALF, _day(match, ctx), first, bool(match["before"]))


def _yearly(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    month = int(match["m"])
    if not 1 <= month <= 12:
        raise ctx.fail(f"a month is 1 to 12, not {month}")
    return Recurring(PeriodKind.YEAR, _day(match, ctx), month, bool(match["before"]))


_FREQUENCY_WORDS = {
    "tháng": PeriodKind.MONTH,
    "quý": PeriodKind.QUARTER,
    "6 tháng": PeriodKind.HALF,
    "sáu tháng": PeriodKind.HALF,
    "năm": PeriodKind.YEAR,
}


def _frequencies(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    kinds: list[PeriodKind] = []
    for raw in re.split(r"\s*(?:,|và|;)\s*", match["fs"]):
        word = re.sub(r"^(?:hàng|hằng|mỗi|định kỳ|theo)\s+", "", raw.strip().lower())
        kind = _FREQUENCY_WORDS.get(word)
        if kind is None:
            raise ctx.fail(f"{raw!r} is not a reporting frequency")
        if kind not in kinds:
            kinds.append(kind)
    parts = tuple(Recurring(k) for k in kinds)
    return parts[0] if len(parts) == 1 else Several(parts)


def _ongoing(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    return Ongoing()


def _conditional(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    event = ctx.original[match.start("event") : match.end("event")].strip()
    days = int(match["days"]) if match.groupdict().get("days") else None
    connector = match["conn"].lower()
    if not event:
        raise ctx.fail("it names no event")
    return Conditional(event, connector, days)


_BEFORE = r"(?P<before>trước\s+|chậm nhất\s+trước\s+)?(?:chậm nhất\s+|trước hoặc\s+)?(?:vào\s+)?"
_DAY = r"ngày\s+(?P<d>\d{1,2})"
_ONGOING = (
    r"(?:là\s+)?(?:các\s+)?(?:nhiệm vụ\s+)?(?:thực hiện\s+|triển khai\s+)?(?:hàng ngày\s+và\s+)?"
    r"thường xuyên(?:\s+hàng năm)?(?:\s*,?\s*liên tục)?(?:\s+(?:trong\s+)?năm\s+\d{4})?"
)
_FREQ = r"(?:hàng|hằng|mỗi|định kỳ|theo)\s+(?:tháng|quý|năm|6 tháng|sáu tháng)"

_PATTERNS: tuple[tuple[re.Pattern[str], _Reader], ...] = tuple(
    (re.compile(pattern + r"$", re.IGNORECASE), reader)
    for pattern, reader in (
        (rf"^{_ONGOING}", _ongoing),
        (
            r"^(?:trong vòng\s+(?P<days>\d+)\s+ngày\s+)?(?P<conn>sau khi|trước khi|khi|theo)"
            r"\s+(?P<event>.+)",
            _conditional,
        ),
        (rf"{_LEAD}quý\s+{_QUARTER}{_YEAR_TAIL}", _quarter),
        (
            rf"{_LEAD}(?:các\s+)?quý\s+(?P<qs>[ivxl1-9]+(?:\s*(?:,|và|-)\s*[ivxl1-9]+)+){_YEAR_TAIL}",
            _quarters,
        ),
        (rf"{_LEAD}tháng\s+(?P<m>\d{{1,2}}){_YEAR_TAIL}", _month),
        (
            rf"{_LEAD}tháng\s+(?P<ms>\d{{1,2}}(?:\s*(?:,|và)\s*(?:tháng\s+)?\d{{1,2}})+){_YEAR_TAIL}",
            _months,
        ),
        (rf"{_LEAD}6 tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s+{YEAR})?", _half),
        (rf"{_LEAD}năm\s+{YEAR}", _year),
        (
            rf"^{_BEFORE}(?:ngày\s+)?(?P<d>\d{{1,2}})\s*(?:/|-|\s+tháng\s+)(?P<m>\d{{1,2}})\s*(?:/|-|năm\s+){YEAR}",
            _date,
        ),
        (
            rf"^{_BEFORE}{_DAY}\s+(?:hàng tháng|hằng tháng|mỗi tháng|của tháng|của mỗi tháng"
            rf"|của tháng báo cáo)",
            _monthly,
        ),
        (
            rf"^(?:hàng quý,?\s+)?{_BEFORE}{_DAY}\s+(?:của\s+)?tháng\s+(?P<w>đầu|thứ nhất|thứ hai|"
            rf"thứ 2|giữa|cuối cùng|cuối|thứ ba|thứ 3)\s+(?:của\s+)?(?:mỗi\s+|các\s+)?quý"
            rf"(?:\s+hàng quý)?",
            _quarterly,
        ),
        (
            rf"^{_BEFORE}{_DAY}\s+tháng\s+(?P<m1>\d{{1,2}})\s+và\s+(?:ngày\s+\d{{1,2}}\s+)?"
            rf"tháng\s+(?P<m2>\d{{1,2}})\s+(?:hàng|hằng|mỗi)\s+năm",
            _half_yearly,
        ),
        (rf"^{_BEFORE}{_DAY}\s+tháng\s+(?P<m>\d{{1,2}})\s+(?:hàng|hằng|mỗi)\s+năm", _yearly),
        (
            rf"^(?:theo\s+)?(?:báo cáo\s+)?(?:định kỳ\s+)?(?P<fs>{_FREQ}(?:\s*(?:,|và|;)\s*"
            rf"(?:(?:hàng|hằng|mỗi)\s+)?(?:tháng|quý|năm|6 tháng|sáu tháng))*)",
            _frequencies,
        ),
    )
)
# The frequencies are tried before the events, so that "theo quý" is quarterly.
_PATTERNS = _PATTERNS[:1] + _PATTERNS[-1:] + _PATTERNS[1:-1]

# Texts that state no date and no event, with the reason they stay undetermined.
_UNDETERMINED = tuple(
    (re.compile(pattern, re.IGNORECASE), reason)
    for pattern, reason in (
        (
            r"^(?:(?:đảm bảo|bảo đảm|đúng)\s+)?(?:mục tiêu,\s*)?(?:theo\s+)?tiến độ"
            r"(?:\s+(?:quy định|đề ra))?$",
            "it refers to a schedule the document does not give",
        ),
        (
            r"^(?:định kỳ\s+)?theo quy định$",
            "periodic as regulations prescribe: the document names no period",
        ),
        (r"^(?:báo cáo\s+)?định kỳ$", "periodic, but the document names no period"),
        (
            r"^(?:hàng|hằng|mỗi)\s+(?:tuần|ngày)$",
            "weekly or daily: finer than the periods dti-rules schedules "
            "(month, quarter, half-year, year)",
        ),
        (
            r"^(?:phấn đấu\s+)?(?:đến\s+)?cuối năm học\s+\d{4}\s*-\s*\d{4}$",
            "the end of a school year is not a date the document fixes",
        ),
    )
)

# Phrases that carry their deadline somewhere inside, read when nothing else matches.
_INSIDE: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], DeadlineRule]], ...] = (
    (
        re.compile(
            r"(?:nếu\s+)?(?P<event>có\s+(?:khó khăn,?\s*)?vướng mắc(?:\s+phát sinh)?)",
            re.IGNORECASE,
        ),
        lambda m: Conditional(m["event"], "khi"),
    ),
    (re.compile(r"\bthường xuyên\b", re.IGNORECASE), lambda m: Ongoing()),
)
_PERIOD_INSIDE = re.compile(
    r"\b(?:quý\s+[ivxl1-9]+\s*(?:/|năm)\s*\d{4}|tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}|"
    r"năm\s+\d{4})\b",
    re.IGNORECASE,
)


def _match_whole(text: str, ctx: _Context) -> DeadlineRule | None:
    ctx.original = text
    for pattern, reason in _UNDETERMINED:
        if pattern.match(text):
            return Undetermined(text, reason)
    for pattern, reader in _PATTERNS:
        match = pattern.match(text)
        if match:
            return reader(match, ctx)
    return None


def _read_one(text: str, ctx: _Context) -> DeadlineRule:
    found = _match_whole(text, ctx)
    if found is not None:
        return found
    # Prose: the deadline closes the sentence ("báo cáo tháng trước ngày 20 của tháng").
    words = text.split(" ")
    for start in range(1, len(words)):
        tail = " ".join(words[start:])
        found = _match_whole(tail, ctx)
        if found is not None and not isinstance(found, Undetermined):
            ctx.notes.append(
                f"the deadline is read from {tail!r}; the words before it name the work"
            )
            return found
        if found is not None:
            return Undetermined(text, found.reason if isinstance(found, Undetermined) else "")
    for pattern, make in _INSIDE:
        match = pattern.search(text)
        if match:
            ctx.notes.append(f"the deadline is read from the words {match[0]!r}")
            return make(match)
    match = _PERIOD_INSIDE.search(text)
    if match:
        inner = _match_whole(match[0], ctx)
        if inner is not None:
            ctx.notes.append(f"the deadline is read from the words {match[0]!r}")
            return inner
    raise ctx.fail(
        "expected a date (10/4/2024), a period (Quý II/2024, Tháng 3/2024, Năm 2024), a "
        "recurring day (Trước ngày 20 hàng tháng, Trước ngày 10 của tháng cuối quý), "
        "'Thường xuyên', or an event (Sau khi …, Theo …)"
    )


_PAREN = re.compile(r"\s*\(([^()]*)\)\s*")
_SPLIT = re.compile(
    r"\s*(?:\bvà\b|,)\s*(?=(?:thực hiện\s+|nhiệm vụ\s+)?(?:thường xuyên|sau khi|"
    r"theo|khi|trước khi|trong vòng|trong năm|năm|quý|tháng|trước ngày|ngày|6 tháng|hàng|hằng|"
    r"định kỳ)\b)",
    re.IGNORECASE,
)


def _split(text: str) -> list[str]:
    """Split "A; B" and "A và B" into parts, but keep "Tháng 06 và tháng 12/2024" whole."""
    return [part for piece in re.split(r"\s*;\s*", text) if piece for part in _split_piece(piece)]


def _split_piece(text: str) -> list[str]:
    # Month or quarter lists share one year: read them whole.
    if re.match(
        r"^(?:trong\s+)?(?:tháng|quý)\s+[\divxl]+(?:\s*(?:,|và)\s*(?:tháng\s+|quý\s+)?"
        r"[\divxl]+)+\s*(?:/|năm)",
        text,
        re.IGNORECASE,
    ):
        return [text]
    if re.match(rf"^(?:báo cáo\s+)?(?:định kỳ\s+)?{_FREQ}", text, re.IGNORECASE) and not re.search(
        r"ngày\s+\d", text, re.IGNORECASE
    ):
        return [text]
    if re.match(r"^.*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+và\s+", text, re.IGNORECASE):
        return [text]
    return [p for p in _SPLIT.split(text) if p]


def parse_deadline(phrase: str, issued: dt.date | None = None) -> ParsedDeadline:
    """Read a deadline phrase, relative to the date the document was issued."""
    if not isinstance(phrase, str) or not phrase.strip():
        raise DeadlinePhraseError(str(phrase), "it is empty")
    notes: list[str] = []
    text = _normalise(phrase, notes)
    for qualifier in _PAREN.findall(text):
        notes.append(f"qualification kept as a note: ({qualifier.strip()})")
    text = _PAREN.sub(" ", text).strip()
    ctx = _Context(phrase.strip(), issued, notes, text)
    pieces = _split(text)
    if not pieces:
        raise DeadlinePhraseError(phrase, "it holds no deadline, only punctuation or a note")
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
    rule = unique[0] if len(unique) == 1 else Several(tuple(unique))
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
