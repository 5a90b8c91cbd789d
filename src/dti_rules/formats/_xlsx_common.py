"""What the Excel form and the scorecard workbooks share: column layouts, styles, and
writing a workbook whose cells hold no formula and whose bytes are the same every time."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

if TYPE_CHECKING:
    pass

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
