"""The limits on what dti-rules reads, in one place (``docs/limits.md`` explains each).

Files come from many offices; a crafted or broken one must not make a reader hang, fill
memory or fail with a traceback. Every reader checks these limits before the expensive
work (a file's size before reading it, a number's digits before converting it, an Excel
part's unpacked size before inflating it), and exceeding one is an
:class:`~dti_rules.errors.InputFileError` that names the file and the place::

    >>> check_number_text("1e999999")
    Traceback (most recent call last):
    ...
    ValueError: the number '1e999999' has an exponent beyond ±40 (limit of dti-rules)
    >>> check_number_text("-1234,5e3")
"""

from __future__ import annotations

import re

from .errors import msg

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_SHEET_CELLS",
    "MAX_SHEET_COLUMNS",
    "MAX_SHEET_ROWS",
    "MAX_TEXT_CHARS",
    "MAX_XLSX_PARTS",
    "MAX_XLSX_PART_BYTES",
    "MAX_XLSX_TOTAL_BYTES",
    "check_number_text",
]

#: Largest input file read (rule set, submission, reported figures, CSV, Excel form).
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Deepest nesting of mappings and lists in a YAML or JSON file.
MAX_DEPTH = 64
#: Most values (mappings, lists, scalars) in one YAML or JSON file.
MAX_NODES = 100_000
#: Longest text (a value or a key) in a file, and in one cell of a CSV file or a form.
MAX_TEXT_CHARS = 10_000
#: Most digits in a number as written (``12345.678`` has 8).
MAX_DIGITS = 40
#: Largest exponent of a number, either sign (``1e40`` and ``1e-40`` are the extremes).
MAX_EXPONENT = 40
#: Most rows of a sheet of an Excel form that are read.
MAX_SHEET_ROWS = 10_000
#: Most columns of a sheet of an Excel form that are read.
MAX_SHEET_COLUMNS = 64
#: Most cells in all the sheets of an Excel form.
MAX_SHEET_CELLS = 200_000
#: Largest part of an Excel workbook once unpacked (a sheet, the shared texts).
MAX_XLSX_PART_BYTES = 32 * 1024 * 1024
#: Largest Excel workbook once unpacked (all its parts).
MAX_XLSX_TOTAL_BYTES = 64 * 1024 * 1024
#: Most parts (files inside the zip) of an Excel workbook.
MAX_XLSX_PARTS = 200

_NUMBER_SHAPE = re.compile(r"[+-]?(?P<mantissa>[^eE]*)(?:[eE](?P<exponent>[+-]?\d+))?")


def check_number_text(text: str) -> None:
    """Refuse a number written with more than :data:`MAX_DIGITS` digits or an exponent
    beyond :data:`MAX_EXPONENT` (ValueError saying which), before anything converts it.

    Only digits and the exponent are looked at: whether the rest is a number is for the
    caller's conversion to say.
    """
    found = _NUMBER_SHAPE.fullmatch(text.strip())
    if found is None:
        return
    mantissa, exponent = found["mantissa"], found["exponent"]
    shown = text if len(text) <= 60 else text[:57] + "..."
    digits = sum(ch.isdigit() for ch in mantissa)
    if digits > MAX_DIGITS:
        raise ValueError(
            msg(
                "the number {number!r} has {digits} digits, more than {most} (limit of dti-rules)",
                number=shown,
                digits=digits,
                most=MAX_DIGITS,
            )
        )
    if exponent is not None:
        magnitude = exponent.lstrip("+-").lstrip("0")
        if len(magnitude) > 3 or int(magnitude or "0") > MAX_EXPONENT:
            raise ValueError(
                msg(
                    "the number {number!r} has an exponent beyond ±{most} (limit of dti-rules)",
                    number=shown,
                    most=MAX_EXPONENT,
                )
            )
