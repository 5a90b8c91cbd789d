"""The language of what people read: English or Vietnamese, through a gettext catalog.

Everything people read (the labels and statuses of every table, scorecard and workbook,
the explanations' rules and connecting words, violation messages, lint findings) is a
message of the gettext domain ``dti_rules``; its Vietnamese is the catalog
``locale/vi/LC_MESSAGES/dti_rules.po`` (compiled to the ``.mo`` beside it, which the
package ships). English is the messages themselves. The code asks for a message with a
:class:`Language` named ``t`` (``t("...")``, ``t.p("status", ...)``), which is what
``pybabel extract -k t -k p:1c,2 -k N_`` reads. Numbers and dates are written the
Vietnamese way in Vietnamese (640,78; 29/03/2024)::

    >>> vi = Language.get("vi")
    >>> vi.p("status", "not_met"), vi.number(640.78), vi.date(dt.date(2024, 3, 29))
    ('chưa đạt', '640,78', '29/03/2024')
    >>> en = Language.get("en")
    >>> en.p("status", "not_met"), en.number(1234.5), en.date(dt.date(2024, 3, 29))
    ('not_met', '1234.5', '2024-03-29')

Without ``lang``, the language comes from the environment as gettext reads it (LANGUAGE,
LC_ALL, LC_MESSAGES, LANG): Vietnamese when the first that is set starts with ``vi``.
"""

from __future__ import annotations

import datetime as dt
import gettext
from decimal import Decimal
from functools import cache

from ._catalog import DOMAIN, LANGUAGES, LOCALE_DIR, default_language, translations

__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "N_", "Language", "default_language"]


def N_(message: str) -> str:
    """``message`` itself: marks it for the catalog, to be translated where it is shown."""
    return message


class Language:
    """The messages, numbers and dates of one language."""

    def __init__(self, code: str) -> None:
        if code not in LANGUAGES:
            from .errors import ArgumentError, msg  # noqa: PLC0415 - errors imports attrs

            raise ArgumentError(
                msg(
                    "lang: expected one of {choices}, got {got!r}",
                    choices=", ".join(LANGUAGES),
                    got=code,
                )
            )
        self.code = code
        self._catalog: gettext.NullTranslations = translations(code)

    @staticmethod
    def get(code: str | Language | None = None) -> Language:
        """The language ``code`` (``None``: :func:`default_language`, read each time),
        each made once; a Language as it is."""
        if isinstance(code, Language):
            return code
        return _language(code or default_language())

    def __call__(self, message: str) -> str:
        """``message`` in this language."""
        return self._catalog.gettext(message)

    def p(self, context: str, message: str) -> str:
        """``message`` of ``context`` (``"status"``, ``"level"``, ``"kind"``) in this
        language; in English, the message itself (a status's value)."""
        return self._catalog.pgettext(context, message)

    def number(self, value: int | float | Decimal | str) -> str:
        """A number as this language writes it: ``640,78`` and ``1.234,5`` in Vietnamese."""
        text = str(value)
        if self.code != "vi":
            return text
        sign = "-" if text.startswith("-") else ""
        whole, dot, fraction = text.removeprefix("-").partition(".")
        if not whole.isdigit() or (dot and not fraction.isdigit()):
            return text  # not a plain number: as it is
        grouped = f"{int(whole):,}".replace(",", ".")
        return f"{sign}{grouped}{',' + fraction if dot else ''}"

    def date(self, value: dt.date | None) -> str:
        """A date as this language writes it: ``29/03/2024`` in Vietnamese, ISO in English."""
        if value is None:
            return "—"
        return value.strftime("%d/%m/%Y") if self.code == "vi" else value.isoformat()


@cache
def _language(code: str) -> Language:
    return Language(code)
