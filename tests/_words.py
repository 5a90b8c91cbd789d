"""What the checks of Vietnamese output count as words: the labels marked in the code, and
the ASCII words of a text once its placeholders are taken out."""

from __future__ import annotations

import re
from typing import Any

#: how labels are marked for the catalog: t(...), p(context, ...) and N_(...)
LABEL_KEYWORDS: dict[str, Any] = {"t": None, "p": ((1, "c"), 2), "N_": None}
#: a placeholder of a message, with its conversion and format ("{total:,}", "{got!r}")
PLACEHOLDER = r"\{\w+(?:![rsa])?(?::[^{}]*)?\}"
#: a word of ASCII letters only, not part of a Vietnamese word ("ch" of "chỉ" is none)
ASCII_WORD = r"(?<![^\W\d])[A-Za-z_]+(?![^\W\d])"


def ascii_words(text: str) -> set[str]:
    """The ASCII words of ``text``, lower case."""
    return {w.lower() for w in re.findall(ASCII_WORD, text)}
