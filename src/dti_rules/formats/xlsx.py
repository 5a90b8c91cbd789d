"""Excel workbooks: the form a unit fills in, reading it back, and the scorecards sent out.

**The form** (``dti-rules template RULESET --format xlsx -o FORM.xlsx``) has four sheets:

- ``Unit``: one row per field (column A names it: ``ruleset``, ``unit.id``, ``unit.name``,
  ``unit.level``, ``period``) with its value in column C;
- ``Inputs``: one row per input of the rule set, with its id, its Vietnamese name (and the
  English one beside it where the rule set gives ``name_en``), its section of the document,
  the text of the targets that read it, its kind, then the cells to fill: ``value`` (yes/no
  as Có/Không, a count, a number or a date), ``numerator`` and ``denominator`` (a rate's two
  figures, each in its own cell) and ``evidence`` (the document a "Có" rests on);
- ``Done``: one row per due day of a task or report (its due id, as ``submission_template``
  names it, and the day it falls due) with the date the work was done; blank rows at the
  end take due days that only exist once an awaited event has a date;
- ``Events``: one row per deadline that waits for an event, with the event's date.

Headers are Vietnamese with the English in brackets, the header row is frozen, every cell
to fill has data validation (Có/Không, whole numbers ≥ 0, numbers ≥ 0, dates), and the
sheets are protected without a password so that only those cells can be edited. There are
no formulas. The cells to fill are yellow::

    >>> import io
    >>> from openpyxl import load_workbook
    >>> from dti_rules import load_ruleset
    >>> from dti_rules.formats.xlsx import template_workbook
    >>> book = load_workbook(io.BytesIO(template_workbook(load_ruleset("q10-dti-2024"))))
    >>> book.sheetnames
    ['Unit', 'Inputs', 'Done', 'Events']
    >>> [book["Inputs"][f"{c}1"].value for c in "FGHI"]
    ['Giá trị (value)', 'Tử số (numerator)', 'Mẫu số (denominator)', 'Minh chứng (evidence)']

**Reading a filled form** (``dti-rules score RULESET FORM.xlsx``) gives the same data as the
JSON submission would, checked the same way. Numbers may be typed as numbers or as text
written the Vietnamese way (``72,72%``, ``360.682``, ``1.234,5``; see
:mod:`dti_rules._vnnumbers`); a number cell formatted as a percentage is read as the
percentage it shows (a cell holding 0.7272 shown as 72.72% gives 72.72). Dates may be date
cells or text (``2024-04-25`` or ``25/04/2024``). Every problem is reported with its sheet
and cell (``Inputs!H7``) and what was expected, as a :class:`~dti_rules.errors.SubmissionError`.

**Scorecards**: :func:`result_workbook` (``score --format xlsx``) has the sheets
``Summary``, ``Groups``, ``Indicators``, ``Targets``, ``Deadlines`` and ``Violations``;
:func:`ranking_workbook` (``rank --format xlsx``) the sheets ``Summary`` and ``Ranking``.
Numbers are numbers, rounded by the rule set's policy, with matching number formats; dates
are dates. The same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .._numbers import to_json_number
from ..compiled import CompiledRuleSet

if TYPE_CHECKING:
    from ..analysis.ranking import Ranking
    from ..result import Result
from ._xlsx_common import (
    _DATE_FORMAT,
    _WRAP,
    _header,
    _layout,
    _text,
    _workbook_bytes,
)
from .xlsx_form import (
    DONE_SHEET,
    EVENTS_SHEET,
    INPUTS_SHEET,
    UNIT_SHEET,
    read_submission_workbook,
    template_workbook,
)

__all__ = [
    "DONE_SHEET",
    "EVENTS_SHEET",
    "INPUTS_SHEET",
    "UNIT_SHEET",
    "ranking_workbook",
    "read_submission_workbook",
    "result_workbook",
    "template_workbook",
]


# -- scorecards ------------------------------------------------------------------------------


def _places_format(places: int) -> str:
    return "#,##0" if places <= 0 else "#,##0." + "0" * places


def _table(
    book: Workbook,
    title: str,
    cols: Sequence[tuple[str, float, str | None]],
    rows: Iterable[Sequence[Any]],
) -> Worksheet:
    """A sheet with a frozen header, a filter, and a number format per column."""
    ws: Worksheet = book.create_sheet(title)
    _header(ws, _layout(*((header, header, width) for header, width, _fmt in cols)))
    count = 1
    for count, values in enumerate(rows, start=2):
        for column, (value, (_h, _w, fmt)) in enumerate(zip(values, cols, strict=True), start=1):
            cell = ws.cell(row=count, column=column, value=_text(value))
            if fmt is not None:
                cell.number_format = fmt
            elif isinstance(value, str):
                cell.alignment = _WRAP
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(count, 1)}"
    return ws


def _summary(book: Workbook, rows: Sequence[tuple[str, Any, str | None]]) -> None:
    ws = book.active
    assert ws is not None
    ws.title = "Summary"
    _header(ws, _layout(("what", "Mục (item)", 36), ("value", "Giá trị (value)", 60)))
    for row, (label, value, fmt) in enumerate(rows, start=2):
        ws.cell(row=row, column=1, value=_text(label))
        cell = ws.cell(row=row, column=2, value=_text(value))
        cell.alignment = Alignment(horizontal="left", wrap_text=True)
        if fmt is not None:
            cell.number_format = fmt


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def result_workbook(result: Result, ruleset: CompiledRuleSet) -> bytes:
    """The scorecard of ``result`` as .xlsx bytes: a summary and one sheet per table."""
    data = result.to_dict()
    points = _places_format(result.rounding.points)
    index = _places_format(result.rounding.index)
    percent = _places_format(result.rounding.percent)
    book = Workbook()
    score = data["score"]
    summary = result.summary()
    deadlines = result.deadline_summary()
    spec = ruleset.spec
    _summary(
        book,
        [
            ("Đơn vị (unit)", result.unit.name, None),
            ("Mã đơn vị (unit id)", result.unit.id, None),
            ("Cấp (level)", result.unit.level, None),
            ("Kỳ (period)", result.period, None),
            ("Bộ quy tắc (rule set)", f"{result.ruleset_id}: {spec.title}", None),
            ("Văn bản (document)", f"{spec.source.document} ({spec.source.issued:%d/%m/%Y})", None),
            ("Ngày đánh giá (as of)", _day(data["as_of"]), _DATE_FORMAT),
            ("Tổng điểm (points)", score["points"], points),
            ("Điểm tối đa (max points)", score["max_points"], points),
            ("Chỉ số (index)", score["index"], index),
            ("Chỉ tiêu vượt (targets exceeded)", summary["exceeded"], "0"),
            ("Chỉ tiêu đạt (targets met)", summary["met"], "0"),
            ("Chỉ tiêu chưa đạt (targets not met)", summary["not_met"], "0"),
            ("Chưa đánh giá (not evaluated)", summary["not_evaluated"], "0"),
            *((f"Thời hạn (deadlines): {k}", v, "0") for k, v in deadlines.items()),
            ("Vi phạm (violations)", len(result.violations), "0"),
            ("Dấu vân tay bộ quy tắc (rule set fingerprint)", result.ruleset_fingerprint, None),
            ("Dấu vân tay số liệu (submission fingerprint)", result.submission_fingerprint, None),
            ("Công cụ (backend)", result.backend, None),
        ],
    )
    _table(
        book,
        "Groups",
        [
            ("Mã (id)", 10, None),
            ("Nhóm (group)", 50, None),
            ("Căn cứ (source)", 14, None),
            ("Điểm (points)", 12, points),
            ("Tối đa (max)", 12, points),
            ("Chỉ số (index)", 12, index),
        ],
        [
            [
                g["id"],
                g["name"],
                g["source_ref"],
                g["points"],
                g["max_points"],
                to_json_number(result.round_index(group.points / group.max_points))
                if group.max_points
                else None,
            ]
            for g, group in zip(data["groups"], result.groups, strict=True)
        ],
    )
    _table(
        book,
        "Indicators",
        [
            ("Mã (id)", 12, None),
            ("Nhóm (group)", 10, None),
            ("Chỉ số (indicator)", 50, None),
            ("Căn cứ (source)", 14, None),
            ("Điểm (points)", 12, points),
            ("Tối đa (max)", 12, points),
            ("Trạng thái (status)", 14, None),
            ("Công thức (formula)", 60, None),
        ],
        [
            [
                i["id"],
                i["group"],
                i["name"],
                i["source_ref"],
                i["points"],
                i["max_points"],
                i["status"],
                i["explanation"]["formula"],
            ]
            for i in data["indicators"]
        ],
    )
    _table(
        book,
        "Targets",
        [
            ("Mã (id)", 12, None),
            ("Căn cứ (source)", 14, None),
            ("Chỉ tiêu (target)", 60, None),
            ("Dữ liệu (input)", 24, None),
            ("So sánh (comparison)", 10, None),
            ("Ngưỡng (threshold)", 12, percent),
            ("Kết quả (value)", 12, percent),
            ("Trạng thái (status)", 14, None),
        ],
        [
            [
                t["id"],
                t["source_ref"],
                t["text"],
                t["input"],
                t["comparison"],
                t["threshold"],
                t["value"],
                t["status"],
            ]
            for t in data["targets"]
        ],
    )
    _table(
        book,
        "Deadlines",
        [
            ("Mã (id)", 30, None),
            ("Nhiệm vụ, báo cáo (obligation)", 24, None),
            ("Loại (kind)", 9, None),
            ("Căn cứ (source)", 14, None),
            ("Kỳ (period)", 10, None),
            ("Ngày theo văn bản (nominal)", 13, _DATE_FORMAT),
            ("Hạn (due)", 13, _DATE_FORMAT),
            ("Hoàn thành (done)", 13, _DATE_FORMAT),
            ("Trạng thái (status)", 13, None),
            ("Số ngày (days)", 9, "0"),
        ],
        [
            [
                d["id"],
                d["obligation"],
                d["kind"],
                d["source_ref"],
                d["period"],
                _day(d["nominal"]),
                _day(d["due"]),
                _day(d["done"]),
                d["status"],
                d["days"],
            ]
            for d in data["deadlines"]
        ],
    )
    _table(
        book,
        "Violations",
        [
            ("Mã lỗi (code)", 20, None),
            ("Đối tượng (subject)", 28, None),
            ("Nội dung (message)", 80, None),
            ("Căn cứ (source)", 14, None),
        ],
        [[v["code"], v["subject"], v["message"], v["source_ref"]] for v in data["violations"]],
    )
    return _workbook_bytes(book)


def ranking_workbook(ranking: Ranking, ruleset: CompiledRuleSet) -> bytes:
    """Units ranked by index as .xlsx bytes: a summary and the ranking with each group's."""
    policy = ruleset.spec.rounding
    index = _places_format(policy.index)
    points = _places_format(policy.points)
    names = {g.id: g.name for g in ruleset.groups}
    book = Workbook()
    _summary(
        book,
        [
            ("Bộ quy tắc (rule set)", f"{ranking.ruleset_id}: {ruleset.spec.title}", None),
            ("Dấu vân tay (fingerprint)", ranking.ruleset_fingerprint, None),
            ("Số đơn vị (units)", len(ranking.entries), "0"),
            (
                "Cách xếp hạng (ranking)",
                "bằng chỉ số công bố thì đồng hạng, hạng sau bỏ qua (equal published indices "
                "share a rank; the next rank skips: 1, 2, 2, 4)",
                None,
            ),
            *((f"Nhóm (group) {gid}", names.get(gid, gid), None) for gid in ranking.groups),
        ],
    )
    cols: list[tuple[str, float, str | None]] = [
        ("Hạng (rank)", 8, "0"),
        ("Mã đơn vị (unit)", 14, None),
        ("Tên đơn vị (name)", 40, None),
        ("Chỉ số (index)", 12, index),
        ("Điểm (points)", 12, points),
    ]
    for gid in ranking.groups:
        cols += [(f"{gid}: chỉ số (index)", 12, index), (f"{gid}: hạng (rank)", 10, "0")]
    rows: list[list[Any]] = []
    for e in ranking.entries:
        row: list[Any] = [
            e.rank,
            e.unit,
            e.name,
            to_json_number(e.index),
            to_json_number(e.points),
        ]
        for _gid, idx, place in e.groups:
            row += [None if idx is None else to_json_number(idx), place]
        rows.append(row)
    _table(book, "Ranking", cols, rows)
    return _workbook_bytes(book)
