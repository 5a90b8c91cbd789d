"""The items of a Result: statuses, targets, indicators, groups, violations, deadlines,
and what does not bind the unit.

Private: :mod:`dti_rules.result` offers every one of them.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from enum import StrEnum
from fractions import Fraction
from typing import (  # noqa: UP035 - Tuple: a generic tuple subclass, subscriptable
    Any,
    Protocol,
    SupportsIndex,
    Tuple,
    TypeVar,
    overload,
)

import attrs

from ._i18n import Language
from ._kinds import Comparison
from ._numbers import fraction_text
from ._rendered import Deferred, Explanation, Renderer, _Explained, _lang, _made
from .calendar.status import DeadlineStatus


class TargetStatus(StrEnum):
    EXCEEDED = "exceeded"  #: vượt: met, and strictly beyond the threshold
    MET = "met"  #: đạt
    NOT_MET = "not_met"  #: chưa đạt
    NOT_EVALUATED = "not_evaluated"  #: no usable measurement


class IndicatorStatus(StrEnum):
    FULL = "full"  #: all its maximum points
    PARTIAL = "partial"  #: some points
    ZERO = "zero"  #: no points, every input supplied
    INCOMPLETE = "incomplete"  #: an input it needs is missing or unusable


class ViolationCode(StrEnum):
    TARGET_NOT_MET = "TARGET_NOT_MET"
    MISSING_INPUT = "MISSING_INPUT"
    INVALID_INPUT = "INVALID_INPUT"
    MISSING_EVIDENCE = "MISSING_EVIDENCE"
    LEVEL_NOT_COVERED = "LEVEL_NOT_COVERED"
    TASK_OVERDUE = "TASK_OVERDUE"  #: a task not reported done after its due day
    TASK_LATE = "TASK_LATE"  #: a task done after its due day
    REPORT_OVERDUE = "REPORT_OVERDUE"  #: a report not sent after its due day
    REPORT_LATE = "REPORT_LATE"  #: a report sent after its due day


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


ItemT = TypeVar("ItemT", bound=_HasId)


class ById(Tuple[ItemT, ...]):  # noqa: UP006 - a generic tuple subclass
    """A Result's items in order, also looked up by id: ``items["I.1"]``.

    It is a tuple (iterate it, index it by position, compare it with a tuple) whose items
    can also be read by their id, as from a mapping: ``items[id]``, ``items.get(id)``,
    ``id in items``, ``items.ids()``. An unknown id raises a KeyError that suggests the
    nearest ids::

        >>> from dti_rules.result import UnitRef
        >>> units = ById([UnitRef("q10", "Quận 10", "district"), UnitRef("p12", "P. 12", "ward")])
        >>> units["p12"].name, units[0].id, "q10" in units, len(units)
        ('P. 12', 'q10', True, 2)
        >>> units["q1O"]
        Traceback (most recent call last):
        ...
        KeyError: "no item 'q1O'; did you mean 'q10'?"
    """

    __index: dict[str, ItemT]

    def __new__(cls, items: Iterable[ItemT] = ()) -> ById[ItemT]:
        return super().__new__(cls, items)

    def __getnewargs__(self) -> tuple[tuple[ItemT, ...]]:
        return (tuple(self),)

    def _by_id(self) -> dict[str, ItemT]:
        try:
            return self.__index
        except AttributeError:
            self.__index = {item.id: item for item in self}
            return self.__index

    @overload
    def __getitem__(self, key: str) -> ItemT: ...
    @overload
    def __getitem__(self, key: SupportsIndex) -> ItemT: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[ItemT, ...]: ...
    def __getitem__(self, key: str | SupportsIndex | slice) -> ItemT | tuple[ItemT, ...]:
        if isinstance(key, str):
            found = self._by_id().get(key)
            if found is None:
                near = difflib.get_close_matches(key, list(self._by_id()), n=3)
                hint = f"; did you mean {' or '.join(map(repr, near))}?" if near else ""
                raise KeyError(f"no item {key!r}{hint}")
            return found
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            return key in self._by_id()
        return super().__contains__(key)

    def get(self, key: str, default: ItemT | None = None) -> ItemT | None:
        """The item whose id is ``key``, or ``default``."""
        return self._by_id().get(key, default)

    def ids(self) -> tuple[str, ...]:
        """The items' ids, in order."""
        return tuple(self._by_id())


def _by_id(items: Iterable[Any]) -> ById[Any]:
    return items if isinstance(items, ById) else ById(items)


@attrs.frozen
class Violation:
    """A broken rule: its code, the id it concerns, a message and the section it cites.

    ``recorded`` is what the message is rendered from, when a renderer makes it."""

    code: ViolationCode
    subject: str
    _message: str | Deferred[str] | Renderer[str] = attrs.field(repr=False)
    source_ref: str
    _recorded: Any = attrs.field(default=None, repr=False)

    @property
    def message(self) -> str:
        return _made(self._message, str, self)

    def message_in(self, lang: str | Language | None) -> str:
        """:attr:`message` in ``lang`` (``"en"`` or ``"vi"``; None: English)."""
        return _made(self._message, str, self, _lang(lang))

    def __repr__(self) -> str:
        return (
            f"Violation(code={self.code.value!r}, subject={self.subject!r}, "
            f"message={self.message!r}, source_ref={self.source_ref!r})"
        )

    def to_dict(self, lang: str | Language | None = None) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "subject": self.subject,
            "message": self.message_in(lang),
            "source_ref": self.source_ref,
        }


@attrs.frozen
class TargetResult(_Explained):
    """A target's status. ``recorded`` is what its explanation is rendered from, when a
    renderer makes it."""

    id: str
    source_ref: str
    text: str
    input: str
    comparison: Comparison
    status: TargetStatus
    value: Fraction | None
    threshold: Fraction | None
    _explanation: Explanation | Deferred[Explanation] | Renderer[Explanation] = attrs.field(
        repr=False
    )
    _recorded: Any = attrs.field(default=None, repr=False)


@attrs.frozen
class IndicatorResult(_Explained):
    """An indicator's points. ``recorded`` is what its explanation is rendered from, when a
    renderer makes it."""

    id: str
    group: str
    name: str
    source_ref: str
    points: Fraction
    max_points: Fraction
    status: IndicatorStatus
    _explanation: Explanation | Deferred[Explanation] | Renderer[Explanation] = attrs.field(
        repr=False
    )
    _recorded: Any = attrs.field(default=None, repr=False)


@attrs.frozen
class GroupResult(_Explained):
    """A group's points. ``recorded`` is what its explanation is rendered from, when a
    renderer makes it."""

    id: str
    name: str
    source_ref: str
    points: Fraction
    max_points: Fraction
    _explanation: Explanation | Deferred[Explanation] | Renderer[Explanation] = attrs.field(
        repr=False
    )
    _recorded: Any = attrs.field(default=None, repr=False)


@attrs.frozen
class DueInfo:
    """What a due day is, whatever the submission: its id, its task or report, its dates.

    ``id`` is the obligation's id, with ``@period`` when it falls due several times;
    ``nominal`` is the day the text states, ``due`` the day after the work-calendar policy
    (both None for a task or report with no due day).
    """

    id: str
    obligation: str
    kind: str
    source_ref: str
    nominal: dt.date | None = None
    due: dt.date | None = None
    period: str | None = None


@attrs.frozen
class Deadline:
    """A due day of a task or report and its status on the evaluation date.

    ``status`` is a :class:`~dti_rules.calendar.DeadlineStatus` (its text value is turned
    into one), ``done`` the day the work was done (if known on the evaluation date) and
    ``days`` how late or overdue; the rest (``id``, ``due``, ``nominal``, ``obligation``,
    ``kind``, ``period``, ``source_ref``) comes from its :class:`DueInfo`.
    """

    info: DueInfo
    status: DeadlineStatus = attrs.field(converter=DeadlineStatus)
    done: dt.date | None = None
    days: int | None = None
    _explanation: Explanation | Deferred[Explanation] | Renderer[Explanation] | None = attrs.field(
        default=None, repr=False
    )
    #: The evaluation date the status holds on (None for a status no date changes).
    as_of: dt.date | None = None

    def __repr__(self) -> str:
        return (
            f"Deadline(id={self.id!r}, status={self.status!r}, due={self.due!r}, "
            f"done={self.done!r}, days={self.days!r})"
        )

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def due(self) -> dt.date | None:
        return self.info.due

    @property
    def nominal(self) -> dt.date | None:
        return self.info.nominal

    @property
    def obligation(self) -> str:
        return self.info.obligation

    @property
    def kind(self) -> str:
        return self.info.kind

    @property
    def period(self) -> str | None:
        return self.info.period

    @property
    def source_ref(self) -> str:
        return self.info.source_ref

    @property
    def explanation(self) -> Explanation:
        return self.explanation_in(None)

    def explanation_in(self, lang: str | Language | None) -> Explanation:
        """:attr:`explanation` in ``lang`` (``"en"`` or ``"vi"``; None: English)."""
        found, t = self._explanation, _lang(lang)
        if found is None:
            if t is None:
                return Explanation("deadline", self.status.value, self.source_ref)
            return Explanation(t("deadline"), t.p("status", self.status.value), self.source_ref)
        return _made(found, Explanation, self, t)

    def to_dict(self, lang: str | Language | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "obligation": self.obligation,
            "kind": self.kind,
            "source_ref": self.source_ref,
            "period": self.period,
            "nominal": self.nominal.isoformat() if self.nominal else None,
            "due": self.due.isoformat() if self.due else None,
            "done": self.done.isoformat() if self.done else None,
            "status": self.status.value,
            "days": self.days,
            "explanation": self.explanation_in(lang).to_dict(),
        }


@attrs.frozen
class LeftOut:
    """An item of the rule set that does not bind the unit evaluated, and so is neither
    judged nor scored for it (nor counted in its maximum): its ``kind`` (``indicator``,
    ``target``, ``task`` or ``report``), id, section, the levels it binds, and where that
    binding comes from (a section of the document, or a reading of the rule set).

    >>> item = LeftOut("indicator", "I.1", "Phụ lục 2, I.1", ("district",), "R-35", 30)
    >>> item.reason("ward")
    'binds district only, not ward (R-35); 30 points left out of the maximum'
    """

    kind: str
    id: str
    source_ref: str
    levels: tuple[str, ...]
    binding_ref: str | None = None
    max_points: Fraction | None = None
    units: tuple[str, ...] = ()  #: the bodies it binds at the unit's level, when it names them

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as its fields, with the maximum as two integers (quick to read back)
        points = self.max_points
        exact = None if points is None else (points.numerator, points.denominator)
        return _left_out, (
            self.kind,
            self.id,
            self.source_ref,
            self.levels,
            self.binding_ref,
            exact,
            self.units,
        )

    def reason(self, level: str, lang: str | Language | None = None) -> str:
        """Why the item was left out for a unit of ``level``, in ``lang`` (``"en"`` or
        ``"vi"``; None: English).

        >>> LeftOut("task", "I.2", "I.2", ("district",), "R-35").reason("ward", "vi")
        'chỉ áp dụng cho cấp quận, huyện, không áp dụng cho cấp phường, xã (R-35)'
        """
        t = Language.get(lang or "en")
        if level in self.levels and self.units:
            text = t("binds only {units} at level {level}, not this unit").format(
                units="; ".join(self.units), level=t.p("level", level)
            )
        else:
            text = t("binds {levels} only, not {level}").format(
                levels=", ".join(t.p("level", item) for item in self.levels),
                level=t.p("level", level),
            )
        if self.binding_ref:
            text += f" ({self.binding_ref})"
        if self.max_points:
            text += t("; {points} points left out of the maximum").format(
                points=t.number(fraction_text(self.max_points))
            )
        return text


def _left_out(
    kind: str,
    ident: str,
    source_ref: str,
    levels: tuple[str, ...],
    binding_ref: str | None,
    points: tuple[int, int] | None,
    units: tuple[str, ...],
) -> LeftOut:
    """A LeftOut unpickled (see ``LeftOut.__reduce__``)."""
    exact = None if points is None else Fraction(*points)
    return LeftOut(kind, ident, source_ref, levels, binding_ref, exact, units)


# the plain data of the last lists of items left out pickled (a rule set's view for a level
# shares one list among its units): the list, and its plain data
_PACKED_LEFT_OUT: dict[int, tuple[tuple[LeftOut, ...], tuple[tuple[Any, ...], ...]]] = {}


def packed_left_out(items: tuple[LeftOut, ...]) -> tuple[tuple[Any, ...], ...]:
    """Each item left out as plain data (texts, integers): what :func:`left_out_items` reads."""
    if not items:
        return ()
    found = _PACKED_LEFT_OUT.get(id(items))
    if found is not None and found[0] is items:
        return found[1]
    if len(_PACKED_LEFT_OUT) >= 64:
        _PACKED_LEFT_OUT.clear()
    packed = _PACKED_LEFT_OUT[id(items)] = items, _packed_items(items)
    return packed[1]


def _packed_items(items: tuple[LeftOut, ...]) -> tuple[tuple[Any, ...], ...]:
    return tuple(
        (
            item.kind,
            item.id,
            item.source_ref,
            item.levels,
            item.binding_ref,
            None if item.max_points is None else item.max_points.numerator,
            None if item.max_points is None else item.max_points.denominator,
            item.units,
        )
        for item in items
    )


def left_out_items(packed: tuple[tuple[Any, ...], ...]) -> tuple[LeftOut, ...]:
    """The items :func:`packed_left_out` gave ``packed`` for."""
    return tuple(
        LeftOut(
            kind, ident, ref, levels, binding, None if num is None else Fraction(num, den), units
        )
        for kind, ident, ref, levels, binding, num, den, units in packed
    )
