"""CSV submissions, and reading the values offices type into cells (also for Excel forms).

A CSV submission is a table with a short header section above it::

    ruleset,q10-dti-2024
    unit.id,q10
    unit.name,Ủy ban nhân dân Quận 10
    unit.level,district
    period,2024

    id,value,numerator,denominator,evidence
    I.1.decision,Có,,,Quyết định số 2215/QĐ-UBND
    I.2.meetings,4,,,
    III.2.internet_rate,,"360.682","495.000",
    IX.1.ioc_progress,"72,72%",,,
    done:VIII.7.monthly@2024-04,25/04/2024,,,
    event:PL1.X.1,2024-03-02,,,

- **Header section**: one ``field,value`` line each for ``unit.id``, ``unit.name``,
  ``unit.level`` and ``period``, and optionally ``ruleset`` (checked against the rule set
  scored) and ``schema``. Instead, or as well, the table may carry these as columns of the
  same names (a flat export from a database): every row that fills one must agree.
- **Table**: the line that starts with ``id`` is its header. Columns: ``id`` and ``value``
  (required), ``numerator``, ``denominator`` and ``evidence``, in any order. One row per
  input: a yes/no in ``value`` (``Có``/``Không``, also yes/no, true/false) with its
  ``evidence``; a count or number in ``value``; a rate's two figures in ``numerator`` and
  ``denominator``; a date in ``value``. A row ``done:DUE-ID`` gives the date a task or
  report was done (due ids as ``dti-rules template`` names them: ``VIII.7.monthly@2024-04``),
  a row ``event:OBLIGATION-ID`` the date of an awaited event, each in ``value``.
- Blank lines and lines starting with ``#`` are skipped; blank cells are blank values.
- Numbers are read as Vietnamese offices write them (:mod:`dti_rules._vnnumbers`): a comma
  is the decimal mark (``"1.234,5"``, ``"0,5"``; quote such cells), dots between groups of
  three digits group thousands (``360.682``), a trailing ``%`` is dropped (``"72,72%"`` is
  72.72); English-style decimals (``0.125``, ``12.5``) read as well. Dates are
  ``2024-04-25`` or ``25/04/2024``.
- Text is UTF-8, with or without a byte-order mark; the delimiter is a comma or, as Excel
  saves CSV under Vietnamese regional settings, a semicolon (taken from the table's header
  line).

The result is the same data ``submission_from_data`` gets from JSON, checked the same way;
every problem names the cell (``D7``: column D, row 7, as a spreadsheet shows the file) and
the line of the file::

    >>> from dti_rules.formats.csvio import cell_number
    >>> cell_number("72,72%"), cell_number("360.682"), cell_number("1.234,5"), cell_number("0,5")
    (Decimal('72.72'), Decimal('360682'), Decimal('1234.5'), Decimal('0.5'))
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._fileio import read_limited
from .._limits import MAX_TEXT_CHARS
from ..compiled import CompiledRuleSet
from ..errors import InputFileError, Location, SubmissionError, message_of, msg
from ..submission import SCHEMA
from ._cells import (
    _COLUMNS,
    FILLED,
    META,
    NO_TEXT,
    YES_TEXT,
    CellDocument,
    CellProblems,
    cell_date,
    cell_flag,
    cell_number,
    cell_text,
    read_input,
)

if TYPE_CHECKING:
    from ..analysis.ranking import Ranking

__all__ = [
    "FILLED",
    "META",
    "NO_TEXT",
    "YES_TEXT",
    "CellDocument",
    "CellProblems",
    "cell_date",
    "cell_flag",
    "cell_number",
    "cell_text",
    "inert_text",
    "iter_ranking_csv",
    "ranking_csv",
    "read_input",
    "read_submission_csv",
]

# -- CSV ------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def inert_text(text: str) -> str:
    """A text for a CSV cell that a spreadsheet shows as text and never evaluates: one
    that could start a formula (``=``, ``+``, ``-``, ``@``, a tab or a line break) gets a
    leading apostrophe, as Excel itself writes such a text.

    >>> inert_text("=SUM(1,2)"), inert_text("-1"), inert_text("UBND Quận 10")
    ("'=SUM(1,2)", "'-1", 'UBND Quận 10')
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def _letter(column: int) -> str:
    """1 → A, 27 → AA."""
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _delimiter(text: str) -> str | None:
    """The delimiter of the table's header line (``id,value,…`` or ``id;value;…``)."""
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for delimiter in (",", ";"):
            try:
                fields = next(csv.reader([line], delimiter=delimiter))
            except csv.Error:
                continue
            if len(fields) > 1 and fields[0].strip().lower() == "id":
                return delimiter
    return None


def _read_text(path: str | os.PathLike[str]) -> str:
    p = Path(path)
    try:
        raw = read_limited(p)
    except InputFileError as exc:
        raise SubmissionError([q[0] for q in exc.problems], [q[1] for q in exc.problems]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            [Location(str(p))],
            [
                msg(
                    "expected UTF-8 text, found an undecodable byte at offset {at} "
                    "(in Excel, save as 'CSV UTF-8')",
                    at=exc.start,
                )
            ],
        ) from None
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise SubmissionError(
            [Location(str(p), line=line)],
            [
                msg(
                    "a control character U+{code:04X} where text was expected",
                    code=ord(control.group()),
                )
            ],
        )
    return text


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _rows(records: Any, source: str) -> Iterator[list[str]]:
    """The CSV reader's rows; a malformed line or an over-long cell is a located error."""
    while True:
        try:
            fields = next(records)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SubmissionError(
                [Location(source, line=records.line_num)],
                [msg("malformed CSV: {reason}", reason=str(exc))],
            ) from None
        for i, field in enumerate(fields):
            if len(field) > MAX_TEXT_CHARS:
                raise SubmissionError(
                    [Location(source, f"{_letter(i + 1)}{records.line_num}", records.line_num)],
                    [
                        msg(
                            "a cell of {length:,} characters, more than {most:,}",
                            length=len(field),
                            most=MAX_TEXT_CHARS,
                        )
                    ],
                )
        yield fields


def read_submission_csv(path: str | os.PathLike[str], ruleset: CompiledRuleSet) -> CellDocument:
    """Read a CSV submission (see the module's description) as data located by cell.

    Raises :class:`~dti_rules.errors.SubmissionError` for cells that cannot be read; the
    data is checked against the rule set by :func:`dti_rules.load_submission`.
    """
    source = str(path)
    text = _read_text(path)
    problems = CellProblems(source)
    delimiter = _delimiter(text)
    if delimiter is None:
        problems.add(
            "A1",
            msg(
                "no table header line; expected one starting 'id,value' ({columns})",
                columns=",".join(_COLUMNS),
            ),
        )
        problems.raise_if_any()
    assert delimiter is not None
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    meta: dict[str, tuple[str, str, int]] = {}  # field -> (value, cell, line)
    columns: dict[str, int] | None = None
    inputs: list[dict[str, Any]] = []
    done: dict[str, Any] = {}
    events: dict[str, Any] = {}
    seen: dict[str, str] = {}
    problems.cells[("inputs",)] = ("A1", None)

    def set_meta(field: str, value: str | None, ref: str, line: int) -> None:
        if value is None:
            return
        before = meta.get(field)
        if before is not None and before[0] != value:
            problems.add(
                ref,
                msg(
                    "{field} {value!r} disagrees with {before!r} in {cell}",
                    field=field,
                    value=value,
                    before=before[0],
                    cell=before[1],
                ),
                line,
            )
            return
        if before is None:
            meta[field] = (value, ref, line)

    for row, fields in enumerate(_rows(records, source), start=1):
        line = records.line_num
        cells = [field.strip() for field in fields]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if columns is None:
            if cells[0].lower() == "id":
                columns = _table_header(cells, row, line, problems)
                if columns is None:
                    break
                continue
            field = cells[0]
            if field not in META:
                problems.add(
                    f"A{row}",
                    msg(
                        "unknown field {field!r}; expected {fields}",
                        field=field,
                        fields=", ".join(META),
                    ),
                    line,
                )
                continue
            for extra in range(2, len(cells)):
                if cells[extra]:
                    problems.add(
                        f"{_letter(extra + 1)}{row}",
                        msg(
                            "a header line holds one field and its value, not {extra!r}",
                            extra=cells[extra],
                        ),
                        line,
                    )
            set_meta(field, cells[1] if len(cells) > 1 and cells[1] else None, f"B{row}", line)
            continue
        values = {
            key: cells[i] if i < len(cells) and cells[i] else None for key, i in columns.items()
        }
        refs = {key: (f"{_letter(i + 1)}{row}", line) for key, i in columns.items()}
        for i, cell in enumerate(cells):
            if cell and i not in columns.values():
                problems.add(
                    f"{_letter(i + 1)}{row}", msg("a value in a column without a header"), line
                )
        for field in META:
            if field in columns:
                set_meta(field, values[field], refs[field][0], line)
        ident = values["id"]
        if ident is None:
            for key in FILLED:
                if values.get(key) is not None:
                    problems.add(refs[key], msg("a value in a row without an id (column id)"))
            continue
        kind, _, key = ident.partition(":")
        if key and kind in {"done", "event"}:
            if ident in seen:
                problems.add(
                    refs["id"],
                    msg("{ident!r} is given twice (also in {cell})", ident=ident, cell=seen[ident]),
                )
                continue
            seen[ident] = refs["id"][0]
            for other in ("numerator", "denominator", "evidence"):
                if values.get(other) is not None:
                    problems.add(
                        refs[other],
                        msg("a {kind} row takes its date in the value column", kind=kind),
                    )
            try:
                day = cell_date(values["value"])
            except ValueError as exc:
                problems.add(
                    refs["value"],
                    msg("expected a date (dd/mm/yyyy), {reason}", reason=message_of(exc)),
                )
                continue
            if day is not None:
                section = "done" if kind == "done" else "events"
                (done if kind == "done" else events)[key] = day
                problems.cells[(section, key)] = refs["value"]
            continue
        spec = ruleset.input_map.get(ident)
        index = len(inputs)
        problems.cells[("inputs", index)] = refs["id"]
        if spec is None:  # the submission check names it, with the closest id
            inputs.append({"id": ident, "value": None})
            continue
        inputs.append(read_input(spec, values, refs, index, problems))
    data: dict[str, Any] = {"schema": SCHEMA}
    unit: dict[str, Any] = {}
    problems.cells[("unit",)] = ("A1", None)
    for field in META:
        found = meta.get(field)
        where = tuple(field.split("."))
        if found is None:
            if field not in {"schema", "ruleset"}:
                problems.add(
                    "A1",
                    msg(
                        "no {field}: give a line '{field},…' above the table, or a {field} column",
                        field=field,
                    ),
                )
            continue
        value = found[0]
        problems.cells[where] = (found[1], found[2])
        if field.startswith("unit."):
            unit[field.removeprefix("unit.")] = value
        else:
            data[field] = value
    data["unit"] = unit
    data["inputs"] = inputs
    if done:
        data["done"] = done
    if events:
        data["events"] = events
    return problems.document(data)


def _table_header(
    cells: list[str], row: int, line: int, problems: CellProblems
) -> dict[str, int] | None:
    """Column positions by name; None (with problems) when the header cannot be used."""
    allowed = (*_COLUMNS, *(m for m in META if m != "schema"))
    columns: dict[str, int] = {}
    bad = False
    for i, name in enumerate(cells):
        key = name.lower()
        ref = f"{_letter(i + 1)}{row}"
        if not key:
            continue
        if key not in allowed:
            problems.add(
                ref,
                msg(
                    "unknown column {name!r}; expected {names}", name=name, names=", ".join(allowed)
                ),
                line,
            )
            bad = True
        elif key in columns:
            problems.add(ref, msg("column {key!r} is given twice", key=key), line)
            bad = True
        else:
            columns[key] = i
    for key in _COLUMNS:
        if key not in columns:
            problems.add(
                f"A{row}",
                msg(
                    "the table has no {key!r} column; its header is {header}",
                    key=key,
                    header=",".join(_COLUMNS),
                ),
                line,
            )
            bad = True
    return None if bad else columns


def ranking_csv(ranking: Ranking) -> str:
    """One row per unit: rank, unit, name, index, points, then index and rank per group.

    Texts that a spreadsheet would evaluate are written inert (see
    :func:`dti_rules.formats.csvio.inert_text`)."""
    return "".join(iter_ranking_csv(ranking))


#: Units written to a piece of :func:`iter_ranking_csv` at a time.
_CSV_BATCH = 512


def iter_ranking_csv(ranking: Ranking) -> Iterator[str]:
    """The text of :func:`ranking_csv` in pieces of a few hundred units, for writing a
    ranking of many units without holding its text:

    >>> from dti_rules import load_ruleset
    >>> from dti_rules.analysis.ranking import rank_results
    >>> print("".join(iter_ranking_csv(rank_results(load_ruleset("dti-922-province"), []))))
    rank,unit,name,index,points,CQS index,CQS rank,KTS index,KTS rank,XHS index,XHS rank
    <BLANKLINE>
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["rank", "unit", "name", "index", "points"]
    for gid in ranking.groups:
        header += [inert_text(f"{gid} index"), inert_text(f"{gid} rank")]
    writer.writerow(header)
    for count, e in enumerate(ranking.entries, start=1):
        row: list[Any] = [
            e.rank,
            inert_text(e.unit),
            inert_text(e.name),
            str(e.index),
            str(e.points),
        ]
        for _gid, idx, place in e.groups:
            row += ["" if idx is None else str(idx), "" if place is None else place]
        writer.writerow(row)
        if count % _CSV_BATCH == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
