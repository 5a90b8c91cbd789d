"""What the phrase reader works with: the repairs of OCR text, the pieces phrases are matched
by (on folded text), and the reading's context (the issue year, notes, refusals)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

import attrs

from ..errors import DeadlinePhraseError, msg
from .rules import (
    DeadlineRule,
)
from .workdays import FIRST_YEAR, LAST_YEAR

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
            notes.append(
                msg('read the OCR word "{word}" as "{fixed}"', word=match[0], fixed=match[1] + rest)
            )
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
        notes.append(msg('read the OCR word "{word}" as "{fixed}"', word=word, fixed=fixed))
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
        self.notes.append(
            msg("no year stated: read as {year}, the year of issue", year=self.issued.year)
        )
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

    def words(self, match: re.Match[str], group: str) -> str:
        """The words of ``group`` as the phrase writes them (the match runs on its folded
        form, of the same length)."""
        return self.original[match.start(group) : match.end(group)]

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
        ctx.note(
            msg('read the OCR text "Quý {raw}" as "Quý {roman}"', raw=raw, roman=ROMAN[index - 1])
        )
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
