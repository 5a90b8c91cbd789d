"""Names of units: one key per unit, whatever the spelling.

>>> unit_key("Văn phòng Ủy ban nhân dân Quận 10") == unit_key("Văn phòng Uỷ ban nhân dân")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["unit_key"]

_UBND = re.compile(r"\bUBND\b")
_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")
_QUALIFIER = re.compile(
    r"\s+(?:(?:trực\s+)?thuộc\s+.*|(?:quận|huyện|phường|thành phố)(?:\s+\d+)?)$", re.IGNORECASE
)


def unit_key(name: str) -> str:
    """A unit's name with spelling differences removed: case, "Uỷ"/"Ủy", the abbreviation
    "UBND", dashes, whitespace, and a trailing "quận" / "Quận 10" / "thuộc quận" qualifier.

    >>> unit_key("Văn phòng Ủy ban nhân dân Quận 10") == unit_key("Văn phòng Uỷ ban nhân dân")
    True
    >>> unit_key("Văn phòng UBND Thành phố") == unit_key("Văn phòng Ủy ban nhân dân Thành phố")
    True
    """
    text = unicodedata.normalize("NFC", name).replace("Uỷ", "Ủy").replace("uỷ", "ủy")
    text = _DASHES.sub(" - ", _UBND.sub("Ủy ban nhân dân", text))
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous, text = text, _QUALIFIER.sub("", text)
    return text.casefold()
