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

import io
import os
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from ..compiled import CompiledRuleSet
from ..errors import Location, SubmissionError, message_of, msg
from ..submission import SCHEMA
from .csvio import (
    FILLED,
    CellDocument,
    CellProblems,
    cell_date,
    cell_text,
    read_input,
)

if TYPE_CHECKING:
    pass
from ._form_check import _check_workbook
from ._form_write import (
    _DONE_COLS,
    _EVENT_COLS,
    _UNIT_COLS,
    _UNIT_ROWS,
    DONE_SHEET,
    EVENTS_SHEET,
    INPUTS_SHEET,
    UNIT_SHEET,
    _input_cols,
    _letters,
    template_workbook,
)
from ._xlsx_common import (
    _Col,
)

__all__ = [
    "DONE_SHEET",
    "EVENTS_SHEET",
    "INPUTS_SHEET",
    "UNIT_SHEET",
    "read_submission_workbook",
    "template_workbook",
]

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
