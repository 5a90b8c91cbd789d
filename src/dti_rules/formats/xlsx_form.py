"""The Excel form a unit fills in, and reading it back (see :mod:`dti_rules.formats.xlsx`
for the sheets and what a filled form may hold).

>>> import io
>>> from openpyxl import load_workbook
>>> from dti_rules import load_ruleset
>>> book = load_workbook(io.BytesIO(template_workbook(load_ruleset("q10-dti-2024"))))
>>> book.sheetnames
['Unit', 'Inputs', 'Done', 'Events']
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError

import attrs
from defusedxml import DefusedXmlException, ElementTree
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .._fileio import read_limited
from .._limits import (
    MAX_SHEET_CELLS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_TOTAL_BYTES,
)
from ..compiled import CompiledInput, CompiledRuleSet
from ..deadlines import due_days, keyed
from ..errors import InputFileError, Location, SubmissionError, message_of, msg
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
    pass
from ._xlsx_common import (
    _DATE_FORMAT,
    _INPUT_FILL,
    _UNLOCKED,
    _WRAP,
    _Col,
    _header,
    _layout,
    _text,
    _workbook_bytes,
)

__all__ = [
    "DONE_SHEET",
    "EVENTS_SHEET",
    "INPUTS_SHEET",
    "UNIT_SHEET",
    "read_submission_workbook",
    "template_workbook",
]

UNIT_SHEET = "Unit"
INPUTS_SHEET = "Inputs"
DONE_SHEET = "Done"
EVENTS_SHEET = "Events"

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


# -- writing the form --------------------------------------------------------------------


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
        msg(
            "the workbook has no sheet {name!r} (it has {names}); "
            "start from the form that 'dti-rules template RULESET --format xlsx' writes",
            name=name,
            names=", ".join(map(repr, book.sheetnames)),
        ),
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
                msg(
                    "cells {cells} are merged; every cell of the form holds one value: "
                    "unmerge them",
                    cells=rng.coord,
                ),
            )
            fine = False
    for index, col in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=index)
        found = cell.value.strip() if isinstance(cell.value, str) else cell.value
        if found != col.header:
            reader.add(
                _ref(ws, cell),
                msg(
                    "expected the header {header!r} (column {key}), found {found}",
                    header=col.header,
                    key=col.key,
                    found=msg("nothing") if found is None else repr(found),
                ),
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
                msg(
                    "unknown field {field!r}; expected {fields}",
                    field=key,
                    fields=", ".join(k for k, _, _ in _UNIT_ROWS),
                ),
            )
        elif key in rows:
            reader.add(f"{ws.title}!A{row}", msg("field {key!r} is given twice", key=key))
        else:
            rows[key] = row
    unit: dict[str, Any] = {}
    reader.cells[("unit",)] = (f"{ws.title}!A1", None)
    for key, _label, _hint_text in _UNIT_ROWS:
        row_at = rows.get(key)
        if row_at is None:
            reader.add(f"{ws.title}!A1", msg("no row for the field {key!r} in column A", key=key))
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
                        _ref(ws, cells[key]),
                        msg("a value in a row without an input id (column A)"),
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
            reader.add(
                _ref(ws, day_cell),
                msg("expected a date (dd/mm/yyyy), {reason}", reason=message_of(exc)),
            )
            continue
        if ident is None:
            if day is not None:
                reader.add(_ref(ws, day_cell), msg("a date in a row without an id (column A)"))
            continue
        if ident in seen:
            if day is not None:
                reader.add(
                    _ref(ws, id_cell),
                    msg("{ident!r} is given twice (also {cell})", ident=ident, cell=seen[ident]),
                )
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
                            msg(
                                "a cell beyond the {rows:,} rows and {columns} columns of a "
                                "sheet dti-rules reads",
                                rows=MAX_SHEET_ROWS,
                                columns=MAX_SHEET_COLUMNS,
                            ),
                        )
                    )
                    return problems, formulas
                budget[0] -= 1
                if budget[0] < 0:
                    problems.append(
                        (ref, msg("more than {most:,} cells in the workbook", most=MAX_SHEET_CELLS))
                    )
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
                                msg(
                                    "a merged or linked range reaching beyond the "
                                    "{rows:,} rows and {columns} columns read",
                                    rows=MAX_SHEET_ROWS,
                                    columns=MAX_SHEET_COLUMNS,
                                ),
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
            where,
            [msg("not an Excel workbook (.xlsx) that can be read: {reason}", reason=str(exc))],
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_XLSX_PARTS:
            raise SubmissionError(
                where,
                [
                    msg(
                        "the workbook has {parts:,} parts, more than {most}",
                        parts=len(infos),
                        most=MAX_XLSX_PARTS,
                    )
                ],
            )
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_XLSX_PART_BYTES or total > MAX_XLSX_TOTAL_BYTES:
                raise SubmissionError(
                    [Location(source, info.filename)],
                    [
                        msg(
                            "unpacks to {size:,} bytes ({total:,} with the parts before it); "
                            "dti-rules reads parts up to {part:,} bytes and "
                            "workbooks up to {most:,} bytes in all",
                            size=info.file_size,
                            total=total,
                            part=MAX_XLSX_PART_BYTES,
                            most=MAX_XLSX_TOTAL_BYTES,
                        )
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
                problems += [(Location(source, f"{name}!{ref}"), text) for ref, text in found]
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
                where,
                [msg("not an Excel workbook (.xlsx) that can be read: {reason}", reason=str(exc))],
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
            [Location(source)],
            [msg("not an Excel workbook (.xlsx) that can be read: {reason}", reason=str(exc))],
        ) from None
    except Exception as exc:  # openpyxl raises what its XML parsing meets
        why = type(exc).__name__ + ": " + str(exc).partition(chr(10))[0]
        raise SubmissionError(
            [Location(source)],
            [msg("not an Excel workbook (.xlsx) that can be read: {reason}", reason=why)],
        ) from None
    reader = CellProblems(source)
    for sheet in (UNIT_SHEET, INPUTS_SHEET, DONE_SHEET, EVENTS_SHEET):
        for ref in checked.formulas.get(sheet, ()):
            reader.add(
                f"{sheet}!{ref}",
                msg(
                    "holds a formula with no computed value (the file was not saved by a "
                    "spreadsheet program): type the value, or open and save the file in Excel"
                ),
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
                [
                    msg(
                        "this form is for rule set {given!r}, not {ident!r}",
                        given=form_for,
                        ident=ruleset.id,
                    )
                ],
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
