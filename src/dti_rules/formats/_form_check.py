"""A workbook checked part by part before openpyxl loads it: the number and unpacked size of
its parts, no DTD, and each sheet's cells (rows, columns, count) streamed through
defusedxml; formulas without a value are noted."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Mapping
from xml.etree.ElementTree import ParseError

import attrs
from defusedxml import DefusedXmlException, ElementTree
from openpyxl.utils import get_column_letter

from .._fileio import read_limited
from .._limits import (
    MAX_SHEET_CELLS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_TOTAL_BYTES,
)
from ..errors import InputFileError, Location, SubmissionError, msg

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
