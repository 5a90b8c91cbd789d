"""The gettext catalog of dti-rules: where it is, which languages it has, and the one
the environment asks for.

It sits at the bottom of the package, beside :mod:`dti_rules.errors`, so that errors can
be rendered in Vietnamese by every layer that raises them (:mod:`dti_rules._i18n` builds
the numbers and dates of a language on it)::

    >>> translations("vi").gettext("line {line}")
    'dòng {line}'
    >>> translations("en").gettext("line {line}")
    'line {line}'
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "default_language", "translations"]

DOMAIN = "dti_rules"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "vi")


def default_language() -> str:
    """``"vi"`` or ``"en"``, from the environment variables gettext reads, in its order."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The messages of language ``code`` (one of :data:`LANGUAGES`): English is the
    messages themselves, others come from the catalog the package ships."""
    if code == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])
