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
import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError

import attrs
from defusedxml import DefusedXmlException, ElementTree
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .._fileio import read_limited
from .._limits import (
    MAX_SHEET_CELLS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_TOTAL_BYTES,
)
from .._numbers import to_json_number
from ..compiled import CompiledInput, CompiledRuleSet
from ..deadlines import due_days, keyed
from ..errors import InputFileError, Location, SubmissionError
from ..model import InputKind
from ..submission import SCHEMA
from .csvio import (
    FILLED,
    NO_TEXT,
    YES_TEXT,
    CellDocument,
    CellProblems,
    cell_date,
    cell_text,
    read_input,
)
from .template import submission_template

if TYPE_CHECKING:
    from ..analysis.ranking import Ranking
    from ..result import Result

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

UNIT_SHEET = "Unit"
INPUTS_SHEET = "Inputs"
DONE_SHEET = "Done"
EVENTS_SHEET = "Events"

_FIXED_TIME = dt.datetime(2000, 1, 1)  # document properties: a fixed time, same bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DATE_FORMAT = "dd/mm/yyyy"

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)


@attrs.frozen
class _Col:
    key: str
    header: str
    width: float


def _layout(*cols: tuple[str, str, float]) -> tuple[_Col, ...]:
    return tuple(_Col(*col) for col in cols)


_UNIT_COLS = _layout(
    ("field", "Trường (field)", 14),
    ("label", "Nội dung (label)", 30),
    ("value", "Giá trị (value)", 40),
    ("hint", "Hướng dẫn (hint)", 60),
)
_UNIT_ROWS = (
    ("ruleset", "Bộ quy tắc (rule set)", "điền sẵn, không sửa (filled in, keep as is)"),
    ("unit.id", "Mã đơn vị (unit id)", "mã ngắn, ví dụ q10 (a short id, e.g. q10)"),
    ("unit.name", "Tên đơn vị (unit name)", "ví dụ Ủy ban nhân dân Quận 10"),
    ("unit.level", "Cấp (level)", ""),
    ("period", "Kỳ báo cáo (period)", "2024, 2024-H1, 2024-Q3 hoặc (or) 2024-03"),
)
_DONE_COLS = _layout(
    ("id", "Mã (id)", 30),
    ("name", "Nhiệm vụ, báo cáo (task or report)", 50),
    ("source_ref", "Căn cứ (source)", 14),
    ("deadline", "Thời hạn (deadline)", 36),
    ("due", "Hạn (due)", 13),
    ("done", "Ngày hoàn thành (done)", 16),
)
_EVENT_COLS = _layout(
    ("id", "Mã (id)", 30),
    ("name", "Nhiệm vụ, báo cáo (task or report)", 50),
    ("source_ref", "Căn cứ (source)", 14),
    ("deadline", "Thời hạn (deadline)", 36),
    ("event", "Ngày xảy ra sự kiện (event date)", 18),
)
_KIND_TEXT = {
    InputKind.BOOLEAN: "Có/Không (yes/no)",
    InputKind.COUNT: "Số lượng (count)",
    InputKind.RATE: "Tỷ lệ (rate)",
    InputKind.NUMBER: "Số (number)",
    InputKind.DATE: "Ngày (date)",
}


def _input_cols(ruleset: CompiledRuleSet) -> tuple[_Col, ...]:
    cols = [("id", "Mã (id)", 24), ("name", "Nội dung (name)", 50)]
    if any(item.name_en for item in ruleset.inputs):
        cols.append(("name_en", "Tiếng Anh (English)", 40))
    cols += [
        ("source_ref", "Căn cứ (source)", 14),
        ("target", "Chỉ tiêu (target)", 40),
        ("kind", "Loại (kind)", 16),
        ("value", "Giá trị (value)", 14),
        ("numerator", "Tử số (numerator)", 12),
        ("denominator", "Mẫu số (denominator)", 12),
        ("evidence", "Minh chứng (evidence)", 40),
        ("hint", "Hướng dẫn (hint)", 50),
    ]
    return _layout(*cols)


def _letters(cols: Sequence[_Col]) -> dict[str, str]:
    return {col.key: get_column_letter(index) for index, col in enumerate(cols, start=1)}


def _hint(item: CompiledInput) -> str:
    if item.kind is InputKind.BOOLEAN:
        return "Chọn Có hoặc Không; nếu Có, ghi văn bản minh chứng (Có or Không; cite evidence)"
    if item.kind is InputKind.COUNT:
        return "Số nguyên ≥ 0 (a whole number ≥ 0)"
    if item.kind is InputKind.RATE:
        if item.numerator and item.denominator:
            return f"Tử số: {item.numerator}; mẫu số: {item.denominator}"
        return "Tử số và mẫu số, mỗi số ≥ 0 (numerator and denominator, each ≥ 0)"
    if item.kind is InputKind.DATE:
        return "Ngày, dd/mm/yyyy (a date)"
    if item.points_of is not None:
        return f"Chỉ số từ 0 đến 1 (an index from 0 to 1; points out of {item.points_of})"
    low = "" if item.minimum is None else f"từ (from) {item.minimum} "
    high = "" if item.maximum is None else f"đến (to) {item.maximum} "
    unit = f"; đơn vị (unit): {item.unit}" if item.unit else ""
    return f"Số {low}{high}(a number){unit}".replace("  ", " ")


# -- writing -------------------------------------------------------------------------------

#: How a text a spreadsheet would take for a formula (or a DDE command) may begin.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _text(value: Any) -> Any:
    """A value for a cell: a text has the characters an .xlsx file cannot hold (NUL and
    other control characters) replaced by U+FFFD; anything else is kept as it is."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _inert(book: Workbook) -> None:
    """No cell of ``book`` is evaluated by a spreadsheet: dti-rules writes no formulas, so a
    cell openpyxl took for one (a text starting with ``=``), and any text starting the way
    a formula may, is stored as a text cell with the quote prefix Excel gives ``'=...``."""
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or (
                    isinstance(value, str) and value.startswith(_FORMULA_START)
                ):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def _workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes, the same bytes for the same content (fixed times)."""
    _inert(book)
    book.properties.creator = "dti-rules"
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(book, archive).save()  # closes the archive
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _header(ws: Worksheet, cols: Sequence[_Col]) -> None:
    for index, col in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=index, value=col.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        ws.column_dimensions[get_column_letter(index)].width = col.width
    ws.freeze_panes = "A2"


def _protect(ws: Worksheet) -> None:
    """Sheet protection without a password: only the unlocked (input) cells can be edited;
    columns and rows can still be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _input_cell(cell: Cell | MergedCell, number_format: str | None = None) -> None:
    cell.protection = _UNLOCKED
    cell.fill = _INPUT_FILL
    if number_format is not None:
        cell.number_format = number_format


class _Validations:
    """Data validations of one sheet, shared by every cell that takes the same kind."""

    def __init__(self, ws: Worksheet, start: dt.date, end: dt.date) -> None:
        self.ws = ws
        self.start = start
        self.end = end
        self._by_key: dict[tuple[Any, ...], DataValidation] = {}

    def _get(self, key: tuple[Any, ...], **options: Any) -> DataValidation:
        found = self._by_key.get(key)
        if found is None:
            found = DataValidation(
                allow_blank=True, showErrorMessage=True, errorStyle="stop", **options
            )
            self.ws.add_data_validation(found)
            self._by_key[key] = found
        return found

    def yes_no(self, ref: str) -> None:
        self._get(
            ("yes_no",),
            type="list",
            formula1=f'"{YES_TEXT},{NO_TEXT}"',
            errorTitle="Có/Không",
            error="Chọn Có hoặc Không (choose Có or Không).",
        ).add(ref)

    def whole(self, ref: str) -> None:
        self._get(
            ("whole",),
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            errorTitle="Số nguyên ≥ 0",
            error="Nhập số nguyên ≥ 0 (a whole number ≥ 0).",
        ).add(ref)

    def number(self, ref: str, low: Fraction | None = None, high: Fraction | None = None) -> None:
        if low is not None and high is not None:
            self._get(
                ("between", low, high),
                type="decimal",
                operator="between",
                formula1=str(float(low)),
                formula2=str(float(high)),
                errorTitle="Số",
                error=f"Nhập số từ {low} đến {high} (a number from {low} to {high}).",
            ).add(ref)
        elif high is not None:
            self._get(
                ("at_most", high),
                type="decimal",
                operator="lessThanOrEqual",
                formula1=str(float(high)),
                errorTitle="Số",
                error=f"Nhập số ≤ {high} (a number ≤ {high}).",
            ).add(ref)
        else:
            floor = Fraction(0) if low is None else low
            self._get(
                ("at_least", floor),
                type="decimal",
                operator="greaterThanOrEqual",
                formula1=str(float(floor)),
                errorTitle="Số",
                error=f"Nhập số ≥ {floor} (a number ≥ {floor}).",
            ).add(ref)

    def date(self, ref: str) -> None:
        first, last = self.start.year - 1, self.end.year + 2
        self._get(
            ("date",),
            type="date",
            operator="between",
            formula1=f"DATE({first},1,1)",
            formula2=f"DATE({last},12,31)",
            errorTitle="Ngày",
            error=f"Nhập ngày từ năm {first} đến {last} (a date, dd/mm/yyyy).",
        ).add(ref)


def _unit_sheet(ws: Worksheet, ruleset: CompiledRuleSet, skeleton: Mapping[str, Any]) -> None:
    _header(ws, _UNIT_COLS)
    levels = ", ".join(level.value for level in ruleset.levels)
    defaults = {
        "ruleset": ruleset.id,
        "unit.id": "",
        "unit.name": "",
        "unit.level": skeleton["unit"]["level"],
        "period": skeleton["period"],
    }
    level_list = DataValidation(
        type="list",
        formula1=f'"{",".join(level.value for level in ruleset.levels)}"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Cấp (level)",
        error=f"Chọn một trong (one of): {levels}",
    )
    ws.add_data_validation(level_list)
    for row, (key, label, hint) in enumerate(_UNIT_ROWS, start=2):
        ws.cell(row=row, column=1, value=key)
        ws.cell(row=row, column=2, value=label)
        value = ws.cell(row=row, column=3, value=_text(defaults[key] or None))
        value.number_format = "@"
        ws.cell(row=row, column=4, value=hint or f"một trong (one of): {levels}")
        if key != "ruleset":
            _input_cell(value)
        if key == "unit.level":
            level_list.add(value.coordinate)
    note = len(_UNIT_ROWS) + 3
    ws.cell(
        row=note,
        column=2,
        value=_text(
            f"{ruleset.title} ({ruleset.id}). Điền các ô màu vàng ở các trang Unit, Inputs, "
            "Done và Events, rồi chấm điểm: dti-rules score "
            f"{ruleset.id} FILE.xlsx (fill in the yellow cells, then score the file)."
        ),
    ).alignment = _WRAP
    ws.row_dimensions[note].height = 60
    _protect(ws)


def _targets_of(ruleset: CompiledRuleSet) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for target in ruleset.targets:
        texts.setdefault(target.input, []).append(f"{target.id}: {target.text}")
    return texts


def _inputs_sheet(ws: Worksheet, ruleset: CompiledRuleSet) -> None:
    cols = _input_cols(ruleset)
    at = _letters(cols)
    _header(ws, cols)
    checks = _Validations(ws, ruleset.spec.effective.start, ruleset.spec.effective.end)
    targets = _targets_of(ruleset)
    for row, item in enumerate(ruleset.inputs, start=2):
        texts = {
            "id": item.id,
            "name": item.name,
            "name_en": item.name_en,
            "source_ref": item.source_ref,
            "target": "\n".join(targets.get(item.id, [])) or None,
            "kind": _KIND_TEXT[item.kind],
            "hint": _hint(item),
        }
        for key, text in texts.items():
            if key in at:
                ws[f"{at[key]}{row}"] = _text(text)
                ws[f"{at[key]}{row}"].alignment = _WRAP
        value, num, den, evidence = (f"{at[k]}{row}" for k in FILLED)
        if item.kind is InputKind.RATE:
            for ref in (num, den):
                _input_cell(ws[ref], "General")
                checks.number(ref)
        elif item.kind is InputKind.BOOLEAN:
            _input_cell(ws[value], "@")
            checks.yes_no(value)
            _input_cell(ws[evidence], "@")
            ws[evidence].alignment = _WRAP
        elif item.kind is InputKind.COUNT:
            _input_cell(ws[value], "0")
            checks.whole(value)
        elif item.kind is InputKind.DATE:
            _input_cell(ws[value], _DATE_FORMAT)
            checks.date(value)
        else:
            _input_cell(ws[value], "General")
            if item.points_of is not None:
                checks.number(value, Fraction(0), Fraction(1))
            else:
                checks.number(value, item.minimum, item.maximum)
    _protect(ws)


def _due_rows(ruleset: CompiledRuleSet) -> list[tuple[str, str, dt.date | None]]:
    """(due id, obligation id, due day) for every entry of the template's ``done``."""
    dues = {due.id: due.due for due in ruleset.schedule}
    rows: list[tuple[str, str, dt.date | None]] = []
    for ob_id, slot in submission_template(ruleset).get("done", {}).items():
        if isinstance(slot, Mapping):
            rows.extend((f"{ob_id}@{key}", ob_id, dues.get(f"{ob_id}@{key}")) for key in slot)
        else:
            rows.append((ob_id, ob_id, dues.get(ob_id)))
    return rows


def _spare_rows(ruleset: CompiledRuleSet) -> int:
    """Blank rows for due days that exist only once an event is dated (``id@period``)."""
    spec = ruleset.spec
    count = 0
    for ob in ruleset.obligations:
        if ob.waits_for_event and ob.rule is not None and keyed(ob.rule):
            count += len(due_days(spec, ob, event=spec.effective.start))
    return count + 10 if any(ob.waits_for_event for ob in ruleset.obligations) else 0


def _done_sheet(ws: Worksheet, ruleset: CompiledRuleSet) -> None:
    at = _letters(_DONE_COLS)
    _header(ws, _DONE_COLS)
    checks = _Validations(ws, ruleset.spec.effective.start, ruleset.spec.effective.end)
    obligations = ruleset.obligation_map
    rows = _due_rows(ruleset)
    for row, (due_id, ob_id, due) in enumerate(rows, start=2):
        ob = obligations[ob_id]
        ws[f"{at['id']}{row}"] = _text(due_id)
        ws[f"{at['name']}{row}"] = _text(ob.name)
        ws[f"{at['source_ref']}{row}"] = _text(ob.source_ref)
        ws[f"{at['deadline']}{row}"] = _text(ob.text)
        if due is not None:
            ws[f"{at['due']}{row}"] = due
        ws[f"{at['due']}{row}"].number_format = _DATE_FORMAT
        for key in ("name", "deadline"):
            ws[f"{at[key]}{row}"].alignment = _WRAP
        _input_cell(ws[f"{at['done']}{row}"], _DATE_FORMAT)
        checks.date(f"{at['done']}{row}")
    first = len(rows) + 2
    for row in range(first, first + _spare_rows(ruleset)):
        _input_cell(ws[f"{at['id']}{row}"], "@")
        ws[f"{at['name']}{row}"] = "(dòng thêm: mã hạn sau sự kiện, ví dụ id@2024-06) (spare row)"
        _input_cell(ws[f"{at['done']}{row}"], _DATE_FORMAT)
        checks.date(f"{at['done']}{row}")
    _protect(ws)


def _events_sheet(ws: Worksheet, ruleset: CompiledRuleSet) -> None:
    at = _letters(_EVENT_COLS)
    _header(ws, _EVENT_COLS)
    checks = _Validations(ws, ruleset.spec.effective.start, ruleset.spec.effective.end)
    waiting = [ob for ob in ruleset.obligations if ob.waits_for_event]
    for row, ob in enumerate(waiting, start=2):
        ws[f"{at['id']}{row}"] = _text(ob.id)
        ws[f"{at['name']}{row}"] = _text(ob.name)
        ws[f"{at['source_ref']}{row}"] = _text(ob.source_ref)
        ws[f"{at['deadline']}{row}"] = _text(ob.text)
        for key in ("name", "deadline"):
            ws[f"{at[key]}{row}"].alignment = _WRAP
        _input_cell(ws[f"{at['event']}{row}"], _DATE_FORMAT)
        checks.date(f"{at['event']}{row}")
    _protect(ws)


def template_workbook(ruleset: CompiledRuleSet) -> bytes:
    """The fill-in form for ``ruleset`` as .xlsx bytes (see the module's description)."""
    book = Workbook()
    skeleton = submission_template(ruleset)
    unit = book.active
    assert unit is not None
    unit.title = UNIT_SHEET
    _unit_sheet(unit, ruleset, skeleton)
    _inputs_sheet(book.create_sheet(INPUTS_SHEET), ruleset)
    _done_sheet(book.create_sheet(DONE_SHEET), ruleset)
    _events_sheet(book.create_sheet(EVENTS_SHEET), ruleset)
    return _workbook_bytes(book)


# -- reading ---------------------------------------------------------------------------------


def _ref(ws: Worksheet, cell: Cell | MergedCell) -> str:
    return f"{ws.title}!{cell.coordinate}"


def _sheet(book: Workbook, name: str, reader: CellProblems) -> Worksheet | None:
    if name in book.sheetnames:
        ws = book[name]
        if isinstance(ws, Worksheet):
            return ws
    reader.add(
        f"{name}!A1",
        f"the workbook has no sheet {name!r} (it has {', '.join(map(repr, book.sheetnames))}); "
        "start from the form that 'dti-rules template RULESET --format xlsx' writes",
    )
    return None


def _check_sheet(ws: Worksheet, cols: Sequence[_Col], reader: CellProblems) -> bool:
    """Headers as the form writes them and no merged cells in the data area."""
    fine = True
    for rng in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        if rng.min_col <= len(cols):
            start = f"{get_column_letter(rng.min_col)}{rng.min_row}"
            reader.add(
                f"{ws.title}!{start}",
                f"cells {rng.coord} are merged; every cell of the form holds one value: "
                "unmerge them",
            )
            fine = False
    for index, col in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=index)
        found = cell.value.strip() if isinstance(cell.value, str) else cell.value
        if found != col.header:
            reader.add(
                _ref(ws, cell),
                f"expected the header {col.header!r} (column {col.key}), found "
                f"{'nothing' if found is None else repr(found)}",
            )
            fine = False
    return fine


def _read_unit(ws: Worksheet, reader: CellProblems, data: dict[str, Any]) -> None:
    rows: dict[str, int] = {}
    for row in range(2, ws.max_row + 1):
        key = cell_text(ws.cell(row=row, column=1).value)
        if key is None:
            continue
        if key not in {k for k, _, _ in _UNIT_ROWS}:
            reader.add(
                f"{ws.title}!A{row}",
                f"unknown field {key!r}; expected {', '.join(k for k, _, _ in _UNIT_ROWS)}",
            )
        elif key in rows:
            reader.add(f"{ws.title}!A{row}", f"field {key!r} is given twice")
        else:
            rows[key] = row
    unit: dict[str, Any] = {}
    reader.cells[("unit",)] = (f"{ws.title}!A1", None)
    for key, _label, _hint_text in _UNIT_ROWS:
        row_at = rows.get(key)
        if row_at is None:
            reader.add(f"{ws.title}!A1", f"no row for the field {key!r} in column A")
            continue
        cell = ws.cell(row=row_at, column=3)
        value = cell_text(cell.value)
        path: tuple[str, ...] = tuple(key.split("."))
        reader.cells[path] = (_ref(ws, cell), None)
        if key.startswith("unit."):
            unit[key.removeprefix("unit.")] = value
        elif value is not None:
            data[key] = value
    data["unit"] = unit


def _read_inputs(
    ws: Worksheet, ruleset: CompiledRuleSet, reader: CellProblems, data: dict[str, Any]
) -> None:
    at = _letters(_input_cols(ruleset))
    entries: list[dict[str, Any]] = []
    reader.cells[("inputs",)] = (f"{ws.title}!A1", None)
    for row in range(2, ws.max_row + 1):
        cells = {key: ws[f"{at[key]}{row}"] for key in ("id", *FILLED)}
        ident = cell_text(cells["id"].value)
        if ident is None:
            for key in FILLED:
                if cell_text(cells[key].value) is not None:
                    reader.add(
                        _ref(ws, cells[key]), "a value in a row without an input id (column A)"
                    )
            continue
        raw = {key: cells[key].value for key in FILLED}
        spec = ruleset.input_map.get(ident)
        index = len(entries)
        reader.cells[("inputs", index)] = (_ref(ws, cells["id"]), None)
        if spec is None:  # the submission check names it, with the closest id
            entries.append({"id": ident, "value": None})
            continue
        value_cell = cells["value"]
        entries.append(
            read_input(
                spec,
                raw,
                {key: (_ref(ws, cells[key]), None) for key in FILLED},
                index,
                reader,
                percent_format="%" in str(getattr(value_cell, "number_format", "") or ""),
            )
        )
    data["inputs"] = entries


def _read_dates(
    ws: Worksheet,
    cols: Sequence[_Col],
    date_key: str,
    section: str,
    reader: CellProblems,
) -> dict[str, Any]:
    at = _letters(cols)
    out: dict[str, Any] = {}
    seen: dict[str, str] = {}
    reader.cells[(section,)] = (f"{ws.title}!A1", None)
    for row in range(2, ws.max_row + 1):
        id_cell, day_cell = ws[f"{at['id']}{row}"], ws[f"{at[date_key]}{row}"]
        ident = cell_text(id_cell.value)
        try:
            day = cell_date(day_cell.value)
        except ValueError as exc:
            reader.add(_ref(ws, day_cell), f"expected a date (dd/mm/yyyy), {exc}")
            continue
        if ident is None:
            if day is not None:
                reader.add(_ref(ws, day_cell), "a date in a row without an id (column A)")
            continue
        if ident in seen:
            if day is not None:
                reader.add(_ref(ws, id_cell), f"{ident!r} is given twice (also {seen[ident]})")
            continue
        seen[ident] = _ref(ws, id_cell)
        if day is not None:
            out[ident] = day
            reader.cells[(section, ident)] = (_ref(ws, day_cell), None)
    return out


# -- checking a workbook before openpyxl loads it ---------------------------------------------

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


@attrs.frozen
class _Checked:
    """What the check of a workbook found: its bytes, and the cells holding a formula with
    no value computed (by sheet name)."""

    data: bytes
    formulas: Mapping[str, tuple[str, ...]]


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part names by sheet name, from the workbook's own index."""
    try:
        with archive.open("xl/workbook.xml") as handle:
            book = ElementTree.parse(handle, forbid_dtd=True).getroot()
        with archive.open("xl/_rels/workbook.xml.rels") as handle:
            rels = ElementTree.parse(handle, forbid_dtd=True).getroot()
    except KeyError:
        return {}
    if book is None or rels is None:
        return {}
    targets = {
        rel.get("Id"): str(rel.get("Target", "")) for rel in rels.iter(f"{_PKG_REL_NS}Relationship")
    }
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[str(sheet.get("name"))] = part
    return parts


def _scan_sheet(
    archive: zipfile.ZipFile, part: str, budget: list[int]
) -> tuple[list[tuple[str, str]], list[str]]:
    """Problems (cell, message) of one worksheet part, and the cells holding a formula
    without a computed value; stops at the first cell beyond the limits."""
    problems: list[tuple[str, str]] = []
    formulas: list[str] = []
    row_at = 0
    col_at = 0
    with archive.open(part) as handle:
        for _event, element in ElementTree.iterparse(handle, events=("end",), forbid_dtd=True):
            tag = element.tag
            if tag == f"{_MAIN_NS}c":
                ref = element.get("r")
                found = _CELL_REF.fullmatch(ref) if ref else None
                if found:
                    col_at, row_at = _column_number(found[1]), int(found[2])
                else:
                    col_at += 1
                ref = f"{get_column_letter(min(col_at, 16384))}{row_at}"
                if row_at > MAX_SHEET_ROWS or col_at > MAX_SHEET_COLUMNS:
                    problems.append(
                        (
                            ref,
                            f"a cell beyond the {MAX_SHEET_ROWS:,} rows and "
                            f"{MAX_SHEET_COLUMNS} columns of a sheet dti-rules reads",
                        )
                    )
                    return problems, formulas
                budget[0] -= 1
                if budget[0] < 0:
                    problems.append((ref, f"more than {MAX_SHEET_CELLS:,} cells in the workbook"))
                    return problems, formulas
                formula = element.find(f"{_MAIN_NS}f")
                value = element.find(f"{_MAIN_NS}v")
                if formula is not None and (value is None or not (value.text or "").strip()):
                    formulas.append(ref)
                element.clear()
            elif tag == f"{_MAIN_NS}row":
                given = element.get("r")
                element.clear()
                row_at = int(given) if given and given.isdigit() else row_at
                col_at = 0
            elif tag in (f"{_MAIN_NS}mergeCell", f"{_MAIN_NS}hyperlink"):
                for ref in (element.get("ref") or "").split(":"):
                    found = _CELL_REF.fullmatch(ref)
                    if found and (
                        int(found[2]) > MAX_SHEET_ROWS
                        or _column_number(found[1]) > MAX_SHEET_COLUMNS
                    ):
                        problems.append(
                            (
                                ref,
                                f"a merged or linked range reaching beyond the "
                                f"{MAX_SHEET_ROWS:,} rows and {MAX_SHEET_COLUMNS} columns read",
                            )
                        )
                        return problems, formulas
            elif tag == f"{_MAIN_NS}sheetData":
                element.clear()
    return problems, formulas


def _check_workbook(path: str | os.PathLike[str]) -> _Checked:
    """The bytes of a workbook within the limits of :mod:`dti_rules._limits`: its file size,
    the number and unpacked size of its parts, no DTD in any part, and every sheet's cells
    (rows, columns, count) checked before openpyxl builds anything."""
    source = os.fspath(path)
    where = [Location(source)]
    try:
        data = read_limited(path)
    except InputFileError as exc:
        raise SubmissionError([p[0] for p in exc.problems], [p[1] for p in exc.problems]) from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SubmissionError(
            where, [f"not an Excel workbook (.xlsx) that can be read: {exc}"]
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_XLSX_PARTS:
            raise SubmissionError(
                where, [f"the workbook has {len(infos):,} parts, more than {MAX_XLSX_PARTS}"]
            )
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_XLSX_PART_BYTES or total > MAX_XLSX_TOTAL_BYTES:
                raise SubmissionError(
                    [Location(source, info.filename)],
                    [
                        f"unpacks to {info.file_size:,} bytes ({total:,} with the parts before "
                        "it); "
                        f"dti-rules reads parts up to {MAX_XLSX_PART_BYTES:,} bytes and "
                        f"workbooks up to {MAX_XLSX_TOTAL_BYTES:,} bytes in all"
                    ],
                )
        problems: list[tuple[Location, str]] = []
        formulas: dict[str, tuple[str, ...]] = {}
        try:
            budget = [MAX_SHEET_CELLS]
            names = set(archive.namelist())
            for name, part in _sheet_parts(archive).items():
                if part not in names:
                    continue
                found, pending = _scan_sheet(archive, part, budget)
                problems += [(Location(source, f"{name}!{ref}"), msg) for ref, msg in found]
                formulas[name] = tuple(pending)
                if found:
                    break
        except (
            ParseError,
            DefusedXmlException,
            zipfile.BadZipFile,
            ValueError,
            OSError,
            EOFError,
        ) as exc:
            raise SubmissionError(
                where, [f"not an Excel workbook (.xlsx) that can be read: {exc}"]
            ) from None
    if problems:
        raise SubmissionError([p[0] for p in problems], [p[1] for p in problems])
    return _Checked(data, formulas)


def read_submission_workbook(
    path: str | os.PathLike[str], ruleset: CompiledRuleSet
) -> CellDocument:
    """Read a filled-in form (.xlsx) as submission data, located by cell.

    Raises :class:`~dti_rules.errors.SubmissionError` naming the sheet and cell of every
    cell that cannot be read; the data is checked against the rule set by the caller
    (:func:`dti_rules.load_submission`), whose messages name cells as well.
    """
    source = str(path)
    checked = _check_workbook(path)
    try:
        book = load_workbook(io.BytesIO(checked.data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SubmissionError(
            [Location(source)], [f"not an Excel workbook (.xlsx) that can be read: {exc}"]
        ) from None
    except Exception as exc:  # openpyxl raises what its XML parsing meets
        raise SubmissionError(
            [Location(source)],
            [
                "not an Excel workbook (.xlsx) that can be read: "
                f"{type(exc).__name__}: {str(exc).partition(chr(10))[0]}"
            ],
        ) from None
    reader = CellProblems(source)
    for sheet in (UNIT_SHEET, INPUTS_SHEET, DONE_SHEET, EVENTS_SHEET):
        for ref in checked.formulas.get(sheet, ()):
            reader.add(
                f"{sheet}!{ref}",
                "holds a formula with no computed value (the file was not saved by a "
                "spreadsheet program): type the value, or open and save the file in Excel",
            )
    data: dict[str, Any] = {"schema": SCHEMA}
    unit_ws = _sheet(book, UNIT_SHEET, reader)
    if unit_ws is not None and _check_sheet(unit_ws, _UNIT_COLS, reader):
        _read_unit(unit_ws, reader, data)
        form_for = data.get("ruleset")
        if isinstance(form_for, str) and form_for != ruleset.id:
            where = reader.cells[("ruleset",)]
            raise SubmissionError(
                [Location(source, where[0])],
                [f"this form is for rule set {form_for!r}, not {ruleset.id!r}"],
            )
    inputs_ws = _sheet(book, INPUTS_SHEET, reader)
    if inputs_ws is not None and _check_sheet(inputs_ws, _input_cols(ruleset), reader):
        _read_inputs(inputs_ws, ruleset, reader, data)
    if ruleset.obligations or DONE_SHEET in book.sheetnames:
        done_ws = _sheet(book, DONE_SHEET, reader)
        if done_ws is not None and _check_sheet(done_ws, _DONE_COLS, reader):
            data["done"] = _read_dates(done_ws, _DONE_COLS, "done", "done", reader)
    if any(ob.waits_for_event for ob in ruleset.obligations) or EVENTS_SHEET in book.sheetnames:
        events_ws = _sheet(book, EVENTS_SHEET, reader)
        if events_ws is not None and _check_sheet(events_ws, _EVENT_COLS, reader):
            data["events"] = _read_dates(events_ws, _EVENT_COLS, "event", "events", reader)
    return reader.document(data)


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
