"""Texts of a Result's items made when first read: explanations, and what renders them.

Private: :mod:`dti_rules.result` offers :class:`Explanation`; engines give items a
:class:`Deferred` or a :class:`Renderer`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import (
    Any,
    Generic,
    Protocol,
    TypeVar,
)

import attrs

from ._i18n import Language

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@attrs.frozen
class Explanation:
    """How a number came about: the rule, the inputs it read, the formula with values."""

    rule: str
    formula: str
    source_ref: str
    inputs: tuple[tuple[str, str], ...] = ()
    assumption: str | None = None
    steps: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "formula": self.formula,
            "source_ref": self.source_ref,
            "inputs": [{"id": k, "value": v} for k, v in self.inputs],
        }
        if self.steps:
            data["steps"] = list(self.steps)
        if self.assumption:
            data["assumption"] = self.assumption
        return data


_FIRST_STORED = threading.Lock()  # held only while a rendered value is stored


class Deferred(Generic[T]):
    """A value (an explanation, a message) rendered on first use, by ``func(*args)``.

    Scoring many units need not pay for the text of every explanation; the data it is
    rendered from is kept instead. Picklable when ``func`` is a module-level function, and
    compared by the value it renders. Safe to read from several threads: each reader gets
    the same object (threads that render it at the same time keep the first one stored).
    """

    __slots__ = ("_value", "args", "func")

    def __init__(self, func: Callable[..., T], *args: Any) -> None:
        self.func = func
        self.args = args
        self._value: T | None = None

    def get_in(self, lang: Language) -> T:
        """The value in ``lang``: English is :meth:`get`; another language calls ``func``
        with ``t=lang`` (each time: only English is kept)."""
        if lang.code == "en":
            return self.get()
        result: T = self.func(*self.args, t=lang)
        return result

    def get(self) -> T:
        value = self._value
        if value is None:
            made = self.func(*self.args)
            with _FIRST_STORED:
                if self._value is None:
                    self._value = made
                value = self._value
        return value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Deferred):
            if self.func is other.func and self.args == other.args:
                return True
            return bool(self.get() == other.get())
        return bool(self.get() == other)

    def __hash__(self) -> int:
        return hash(self.get())

    def __getstate__(self) -> tuple[Callable[..., T], tuple[Any, ...]]:
        return self.func, self.args

    def __setstate__(self, state: tuple[Callable[..., T], tuple[Any, ...]]) -> None:
        self.func, self.args = state
        self._value = None

    def __repr__(self) -> str:
        return repr(self.get())


class Renderer(Protocol[T_co]):
    """Renders an item's explanation (or a violation's message) from the item itself.

    An engine gives each item it makes a renderer shared by every evaluation (what the
    item's rule is) and records on the item the values read for it (``recorded``); the text
    is made from the two when it is read, in a language (English when none is given).
    Renderers are compared by value and pickle."""

    def render(self, item: Any, t: Language = ...) -> T_co: ...


def _made(
    found: T | Deferred[T] | Renderer[T], kind: type[T], item: object, lang: Language | None = None
) -> T:
    """What an item keeps for a value, made into the value (in ``lang``, English by
    default): a ``kind`` as it is, a Deferred's value, or what a Renderer makes from
    ``item``."""
    if isinstance(found, kind):
        return found
    if isinstance(found, Deferred):
        return found.get() if lang is None else found.get_in(lang)
    if lang is None:
        return found.render(item)  # type: ignore[union-attr]
    return found.render(item, lang)  # type: ignore[union-attr]


def _lang(lang: str | Language | None) -> Language | None:
    """``lang`` as a Language; None for English (what an item keeps, as it is)."""
    found = lang if isinstance(lang, Language) else Language.get(lang or "en")
    return None if found.code == "en" else found


class _Explained:
    __slots__ = ()
    _explanation: Explanation | Deferred[Explanation] | Renderer[Explanation]

    @property
    def explanation(self) -> Explanation:
        """How this number came about."""
        return _made(self._explanation, Explanation, self)

    def explanation_in(self, lang: str | Language | None) -> Explanation:
        """:attr:`explanation` in ``lang`` (``"en"`` or ``"vi"``; None: English): its rule,
        formula, connecting words, statuses, numbers and dates. Ids, section references and
        the rule set's own texts are as written."""
        return _made(self._explanation, Explanation, self, _lang(lang))
