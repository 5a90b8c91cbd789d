"""Vietnamese text folded for matching: lower case, without diacritics, đ as d.

Folding keeps one character for one character, so a place found in the folded text is the
same place in the text as written (an event's name is quoted as written)::

    >>> fold("Trước ngày 15/6 HẰNG NĂM")
    'truoc ngay 15/6 hang nam'
    >>> len(fold("Quý IV")) == len("Quý IV")
    True
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["DATE_TOUCH", "fold", "touches_dates"]


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """``text`` in lower case, without diacritics, one character for one."""
    return "".join(_fold_char(c) for c in text)


# Words that carry a date or a period in folded text. A word that is also an ordinary word
# ("quy định", "đầu tư", "Việt Nam", "trung tâm") counts only in a date's company.
DATE_TOUCH = re.compile(
    r"\b\d+(?:[/.\-]\d+)*\b"
    r"|\b(?:ngay|thang|giai doan|tet|quoc khanh|dinh ky)\b|\btuan\b(?!\s+thu\b)"
    r"|\bhang\s+(?:ngay|tuan|thang|quy|qui|nam|6|sau)\b"
    r"|\bqu[yi]\b(?!\s+(?:dinh|trinh|hoach|mo|che|tac|chuan|uoc|pham|doi|nap|tu|dao|luat"
    r"|tac|toc|cach|hoi|tien)\b)"
    r"|\bq(?=[1-4]\b)|\bt(?=\d)"
    r"|\b(?:dau|giua|cuoi|nua|moi|het|truoc|som|muon)\s+(?:ngay|thang|quy|qui|nam|tuan|ky)\b"
    r"|\b(?:dau|giua|cuoi)\s+(?:cua\s+)?(?:ngay|thang|quy|nam|tuan)\b"
    r"|\bnam\s+(?:\d|nay|sau|toi|truoc|hoc|bao cao|tiep theo|ke hoach)"
    r"|\b(?:thuong|trung|ha)\s+tuan\b|\bthuong xuyen\b"
    r"|\bthu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])\b|\bchu nhat\b",
)


def touches_dates(folded: str) -> bool:
    """Whether folded text holds a word that carries a date or a period.

    >>> touches_dates(fold("Hoàn thành đầu tư hạ tầng")), touches_dates(fold("đầu tháng"))
    (False, True)
    """
    return DATE_TOUCH.search(folded) is not None
