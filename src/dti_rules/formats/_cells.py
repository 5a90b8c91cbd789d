"""Reading the values offices type into cells, for CSV submissions and Excel forms alike:
texts, numbers written the Vietnamese way, dates, yes/no, and one input's entry from its
cells, each problem located by cell."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from .._fileio import LoadedDocument
from .._limits import MAX_DIGITS, MAX_EXPONENT
from .._submission_data import _NO, _YES
from .._vnnumbers import parse_printed
from ..compiled import CompiledInput
from ..errors import Location, SubmissionError, message_of, msg
from ..model import InputKind

YES_TEXT, NO_TEXT = "Có", "Không"
FILLED = ("value", "numerator", "denominator", "evidence")
META = ("schema", "ruleset", "unit.id", "unit.name", "unit.level", "period")
_COLUMNS = ("id", *FILLED)
_Path = tuple[str | int, ...]


class CellDocument(LoadedDocument):
    """Submission data read from cells, with the cell (and line) of every data path."""

    def __init__(
        self, data: Any, source: str, cells: Mapping[_Path, tuple[str, int | None]]
    ) -> None:
        super().__init__(data, source)
        self.cells = dict(cells)

    def locate(self, parts: Iterable[str | int]) -> Location:
        probe = tuple(parts)
        while True:
            found = self.cells.get(probe)
            if found is not None:
                return Location(self.source, found[0], found[1])
            if not probe:
                return Location(self.source)
            probe = probe[:-1]


class CellProblems:
    """Problems found while reading cells, and the cell of every data path read."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.locations: list[Location] = []
        self.messages: list[str] = []
        self.cells: dict[_Path, tuple[str, int | None]] = {}

    def add(self, ref: str | tuple[str, int | None], message: str, line: int | None = None) -> None:
        """A problem at ``ref`` (a cell, or a cell and the line of the file)."""
        if isinstance(ref, tuple):
            ref, line = ref
        self.locations.append(Location(self.source, ref, line))
        self.messages.append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise SubmissionError(self.locations, self.messages)

    def document(self, data: Any) -> CellDocument:
        self.raise_if_any()
        return CellDocument(data, self.source, self.cells)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return msg("the text {text!r}", text=value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, bool):
        return msg("the logical value {value}", value=str(value).upper())
    if isinstance(value, dt.datetime | dt.date):
        day = value.strftime("%d/%m/%Y")
        return msg("the date {date}", date=day)
    return repr(value)


def cell_text(value: Any) -> str | None:
    """A text cell's content: None when blank; numbers as written (``10``, not ``10.0``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return YES_TEXT if value else NO_TEXT
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def cell_number(value: Any, *, percent_format: bool = False) -> Decimal | None:
    """A number from a cell: a number, or a text written the Vietnamese way; None if blank.

    Raises ValueError (saying what was found) for anything else. A number cell formatted
    as a percentage gives the percentage it shows (0.7272 → 72.72).

    >>> cell_number(0.5, percent_format=True), cell_number(" 12.5 ")
    (Decimal('50.0'), Decimal('12.5'))
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        raise ValueError(msg("got {value}", value=_shown(value)))
    if isinstance(value, int | float | Decimal) and not _finite_within_limits(value):
        raise ValueError(msg("got {value!r}, beyond the numbers dti-rules reads", value=value))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        try:
            found, _places = parse_printed(str(value))
        except ValueError as exc:
            if "limit of dti-rules" in str(exc):
                raise ValueError(
                    msg("got {value}: {limit}", value=_shown(value), limit=message_of(exc))
                ) from None
            raise ValueError(msg("got {value}", value=_shown(value))) from None
        return found
    return number * 100 if percent_format else number


def _finite_within_limits(value: int | float | Decimal) -> bool:
    """A finite number with at most MAX_DIGITS digits and an exponent within MAX_EXPONENT."""
    if isinstance(value, int):
        return value.bit_length() <= 4 * MAX_DIGITS and len(str(abs(value))) <= MAX_DIGITS
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if not number.is_finite():
        return False
    if number.is_zero():
        return True
    digits = len(number.as_tuple().digits)
    return digits <= MAX_DIGITS and abs(number.adjusted()) <= MAX_EXPONENT + MAX_DIGITS


def _whole(number: Decimal | None) -> int | Decimal | None:
    """An integral Decimal as an int (a count compares as a whole number)."""
    if number is not None and number == number.to_integral_value():
        return int(number)
    return number


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def cell_date(value: Any) -> dt.date | None:
    """A date from a date cell or a text (``2024-04-25``, ``25/04/2024``); None if blank.

    >>> cell_date("25/04/2024"), cell_date("2024-04-25")
    (datetime.date(2024, 4, 25), datetime.date(2024, 4, 25))
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise ValueError(
                msg("got a date with a time of day ({value})", value=value.isoformat(sep=" "))
            )
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        found = _DAY_MONTH_YEAR.fullmatch(text)
        try:
            if found:
                day, month, year = (int(part) for part in found.groups())
                return dt.date(year, month, day)
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(msg("got {value}", value=_shown(value)))


def cell_flag(value: Any) -> bool | None:
    """Có/Không (also yes/no, true/false, a logical cell) from a cell; None if blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    raise ValueError(msg("got {value}", value=_shown(value)))


_EXPECTED = {
    InputKind.BOOLEAN: msg("{yes} or {no} (yes/no)", yes=YES_TEXT, no=NO_TEXT),
    InputKind.DATE: msg("a date (dd/mm/yyyy)"),
    InputKind.COUNT: msg("a whole number ≥ 0 (count)"),
    InputKind.NUMBER: msg("a number"),
}


def read_input(
    spec: CompiledInput,
    raw: Mapping[str, Any],
    refs: Mapping[str, tuple[str, int | None]],
    index: int,
    problems: CellProblems,
    *,
    percent_format: bool = False,
) -> dict[str, Any]:
    """One input's entry (``{"id", "value", "evidence"}``) from its cells.

    ``raw`` maps ``value``, ``numerator``, ``denominator`` and ``evidence`` to cell values
    (blank ones may be absent); ``refs`` to the cells' names, for messages. The entry's data
    paths (``inputs[index].value``…) are mapped to those cells.
    """
    path: _Path = ("inputs", index, "value")
    kind = spec.kind
    used = {"numerator", "denominator"} if kind is InputKind.RATE else {"value"}
    if kind is InputKind.BOOLEAN:
        used.add("evidence")
    for key in FILLED:
        if key not in used and cell_text(raw.get(key)) is not None:
            wanted = [k for k in FILLED if k in used]
            problems.add(
                refs[key],
                msg(
                    "input {ident!r} ({kind}) takes its {wanted}, not a {key}",
                    ident=spec.id,
                    kind=kind.value,
                    wanted=wanted[0]
                    if len(wanted) == 1
                    else msg("{first} and {last}", first=wanted[0], last=wanted[1]),
                    key=key,
                ),
            )
    entry: dict[str, Any] = {"id": spec.id, "value": None}
    if kind is InputKind.RATE:
        (num_ref, line), (den_ref, _) = refs["numerator"], refs["denominator"]
        problems.cells[path] = (f"{num_ref}:{den_ref.rpartition('!')[2]}", line)
        parts: dict[str, Any] = {}
        for name in ("numerator", "denominator"):
            problems.cells[(*path, name)] = refs[name]
            try:
                parts[name] = cell_number(raw.get(name))
            except ValueError as exc:
                problems.add(
                    refs[name],
                    msg(
                        "expected a number ≥ 0 (the rate's {name}), {reason}",
                        name=name,
                        reason=message_of(exc),
                    ),
                )
        entry["value"] = parts
        return entry
    problems.cells[path] = refs["value"]
    value = raw.get("value")
    try:
        if kind is InputKind.BOOLEAN:
            entry["value"] = cell_flag(value)
            entry["evidence"] = cell_text(raw.get("evidence"))
        elif kind is InputKind.DATE:
            entry["value"] = cell_date(value)
        elif kind is InputKind.COUNT:
            entry["value"] = _whole(cell_number(value))
        else:
            entry["value"] = cell_number(value, percent_format=percent_format)
    except ValueError as exc:
        problems.add(
            refs["value"],
            msg("expected {what}, {reason}", what=_EXPECTED[kind], reason=message_of(exc)),
        )
    return entry
