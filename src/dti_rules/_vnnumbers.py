"""Numbers as Vietnamese offices print and type them: ``72,72%``, ``360.682``, ``1.234,5``.

In Vietnamese writing the comma is the decimal mark and the dot groups thousands. A text
with a comma is read that way (``"1.234,5"`` is 1234.5, ``"0,5"`` is 0.5). A text without a
comma whose dots split it into groups of exactly three digits after a first group of one to
three (``"360.682"``, ``"1.234.567"``) is a grouped whole number; any other dot is a decimal
point (``"0.125"``, ``"12.5"``), so figures written by programs in English style still read
right. Spaces (also no-break spaces) between digit groups are ignored, and a trailing ``%``
is dropped: ``"72,72%"`` is 72.72, the percentage as printed.

>>> parse_printed("360.682")
(Decimal('360682'), 0)
>>> parse_printed("0.125")
(Decimal('0.125'), 3)
>>> parse_printed("1 234,50")
(Decimal('1234.50'), 2)
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ._limits import check_number_text
from .errors import msg

__all__ = ["parse_printed"]

_GROUPED = re.compile(r"[1-9]\d{0,2}(\.\d{3})+")
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")


def parse_printed(value: str | int | float) -> tuple[Decimal, int]:
    """A printed figure and how many decimal places it shows; Vietnamese or English style.

    >>> parse_printed("97,43%")
    (Decimal('97.43'), 2)
    >>> parse_printed("1.234,5")
    (Decimal('1234.5'), 1)
    >>> parse_printed(100)
    (Decimal('100'), 0)
    """
    text = str(value).strip().rstrip("%").strip()
    text = _GROUP_SPACE.sub("", text)
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if "," in digits:  # Vietnamese: dots group thousands, the comma is the decimal mark
        digits = digits.replace(".", "").replace(",", ".")
    elif _GROUPED.fullmatch(digits):
        digits = digits.replace(".", "")
    text = f"-{digits}" if negative else digits
    check_number_text(text)  # ValueError beyond the digits and exponent dti-rules reads
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(
            msg("expected a printed number such as '97,43%', got {got!r}", got=value)
        ) from None
    if not number.is_finite():
        raise ValueError(msg("expected a printed number, got {got!r}", got=value))
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number, places
