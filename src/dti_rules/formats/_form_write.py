"""The submission form (.xlsx) as it is written: its sheets and columns, hints and data
validations, filled with a rule set's inputs, tasks, reports and events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..compiled import CompiledInput, CompiledRuleSet
from ..deadlines import due_days, keyed
from ..model import InputKind
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
from .csvio import (
    FILLED,
    NO_TEXT,
    YES_TEXT,
)
from .template import submission_template

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
    checks = _Validations(ws, ruleset.terms.start, ruleset.terms.end)
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
    terms = ruleset.terms
    count = 0
    for ob in ruleset.obligations:
        if ob.waits_for_event and ob.rule is not None and keyed(ob.rule):
            count += len(due_days(terms, ob, event=terms.start))
    return count + 10 if any(ob.waits_for_event for ob in ruleset.obligations) else 0


def _done_sheet(ws: Worksheet, ruleset: CompiledRuleSet) -> None:
    at = _letters(_DONE_COLS)
    _header(ws, _DONE_COLS)
    checks = _Validations(ws, ruleset.terms.start, ruleset.terms.end)
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
    checks = _Validations(ws, ruleset.terms.start, ruleset.terms.end)
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
