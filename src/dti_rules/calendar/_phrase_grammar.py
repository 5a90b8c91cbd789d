"""The grammar of deadline phrases: each pattern (on folded text) and its reader, the texts
that fix no date, the examples a refusal names, and the reading of a whole text by it
(ranges read both their ends by it)."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import msg
from ._fold import fold
from ._phrase_context import _BEFORE, _LEAD, _MW, _QN, _QW, _WEEKDAY, _Y, _YT, _Context, _Reader
from ._phrase_periods import (
    _PART,
    _before_named_period,
    _date,
    _dates,
    _first_months,
    _half,
    _month,
    _month_of_quarter,
    _month_range,
    _months,
    _part_of,
    _quarter,
    _quarter_range,
    _quarters,
    _span,
    _year,
    _year_range,
    _years,
)
from ._phrase_recurring import (
    _FREQ_HEAD,
    _conditional,
    _daily,
    _duration,
    _frequencies,
    _monthly,
    _monthly_range,
    _national_day,
    _new_year_day,
    _next_period_month,
    _ongoing,
    _quarterly,
    _tet,
    _times_per,
    _weekly,
    _yearly_days,
    _yearly_period,
)
from .rules import (
    Conditional,
    DeadlineRule,
    EndOf,
    OnDate,
    Ongoing,
    Undetermined,
)
from .workdays import vn_date


def _from_to(match: re.Match[str], ctx: _Context) -> DeadlineRule:
    """ "Từ X đến Y": a range of periods (due by the end of the last) or of dates."""
    text = ctx.original
    low, high = ctx.words(match, "a"), ctx.words(match, "b")
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
        ctx.note(msg("a range of dates: due by the last, {last}", last=vn_date(last.date)))
        return OnDate(last.date)
    raise ctx.fail(
        msg(
            "'từ … đến …' needs two periods or two dates, not {low!r} and {high!r}",
            low=low,
            high=high,
        )
    )


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

# how often in each period: "(từ) 1 lần / 1 tuần", "một lần mỗi tháng"
_LEAST = (
    r"(?:(?P<most>khong qua|toi da|nhieu nhat|khong vuot qua)\s+)?"
    r"(?P<least>(?:tan suat\s+)?(?:tu|toi thieu|it nhat)\s+)?"
)
_TIMES = r"(?P<n>\d{1,2}|mot|hai|ba)\s+lan"
_PER_SEP = r"(?:\s*/\s*|\s+(?:moi|mot|trong\s+(?:mot|moi|01|1))\s+)(?:0?1\s+|mot\s+)?"
_PER = r"(?P<per>tuan|thang|qu[yi]|nam)"

_GRAMMAR: tuple[tuple[str, _Reader], ...] = (
    (rf"^{_ONGOING}", _ongoing),
    (r"^(?:hang|moi)\s+ngay", _daily),
    # weekly
    (rf"^(?:vao\s+|truoc\s+)?{_WEEKDAY}\s+(?:hang|moi|cua moi|cua)\s+tuan", _weekly),
    (rf"^(?:dinh ky\s+)?(?:hang|moi)\s+tuan(?:\s*,?\s*(?:vao\s+)?{_WEEKDAY})?", _weekly),
    # a count in each period: "1 lần/1 tuần", "từ 01 lần/tháng", "mỗi quý 1 lần"
    (rf"^{_LEAST}{_TIMES}{_PER_SEP}{_PER}", _times_per),
    (rf"^(?:dinh ky\s+)?(?:hang|moi)\s+{_PER}\s+{_LEAST}{_TIMES}", _times_per),
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
