"""Names of units: one key per unit, whatever the spelling.

>>> unit_key("Văn phòng Ủy ban nhân dân Quận 10") == unit_key("Văn phòng Uỷ ban nhân dân")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["unit_key"]

_QUALIFIER = re.compile(
    r"\s+(?:(?:trực\s+)?thuộc\s+.*|(?:quận|huyện|phường|thành phố)(?:\s+\d+)?)$", re.IGNORECASE
)


def unit_key(name: str) -> str:
    """A unit's name with spelling differences removed: case, "Uỷ"/"Ủy", whitespace, and a
    trailing "quận" / "Quận 10" / "thuộc quận" qualifier.

    >>> unit_key("Văn phòng Ủy ban nhân dân Quận 10") == unit_key("Văn phòng Uỷ ban nhân dân")
    True
    """
    text = unicodedata.normalize("NFC", name).replace("Uỷ", "Ủy").replace("uỷ", "ủy")
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous, text = text, _QUALIFIER.sub("", text)
    return text.casefold()
