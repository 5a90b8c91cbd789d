"""Results of an evaluation: exact points, statuses, violations and explanations.

Every number is kept exact (a :class:`~fractions.Fraction`) and rounded once, by the rule
set's policy, when the Result is turned into data with :meth:`Result.to_dict` or
:meth:`Result.to_json`::

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    >>> result = evaluate(rs, sub, backend="native")
    >>> result.to_dict()["score"]["max_points"]
    660
    >>> result.points == sum(g.points for g in result.groups)
    True

Items are listed in the rule set's order and looked up by id as well::

    >>> result.targets["CT-1"].status
    <TargetStatus.MET: 'met'>
    >>> result.deadlines["I.4"]  # doctest: +ELLIPSIS
    Deadline(id='I.4', status=<DeadlineStatus.LATE: 'late'>, due=..., days=1)
    >>> result  # doctest: +ELLIPSIS
    Result(ruleset='q10-dti-2024', unit='q10', ..., points=640.78, ..., index=0.9709, ...)
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import threading
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import (  # noqa: UP035 - Tuple: a generic tuple subclass, subscriptable
    Any,
    Generic,
    Protocol,
    SupportsIndex,
    Tuple,
    TypeVar,
    overload,
)

import attrs

from ._numbers import fraction_text, round_fraction, to_json_number
from .calendar.status import DeadlineStatus
from .model import Comparison, Rounding

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

__all__ = [
    "Breakdown",
    "ById",
    "Deadline",
    "DeadlineStatus",
    "DueInfo",
    "Explanation",
    "GroupResult",
    "GroupTotal",
    "IndicatorResult",
    "IndicatorStatus",
    "LeftOut",
    "Result",
    "TargetResult",
    "TargetStatus",
    "Violation",
    "ViolationCode",
]

RESULT_SCHEMA = "dti-rules/result/1"
_DEADLINE_STATUSES = tuple(DeadlineStatus)


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
    is made from the two when it is read. Renderers are compared by value and pickle."""

    def render(self, item: Any) -> T_co: ...


def _made(found: T | Deferred[T] | Renderer[T], kind: type[T], item: object) -> T:
    """What an item keeps for a value, made into the value: a ``kind`` as it is, a
    Deferred's value, or what a Renderer makes from ``item``."""
    if isinstance(found, kind):
        return found
    if isinstance(found, Deferred):
        return found.get()
    return found.render(item)  # type: ignore[union-attr]


class _Explained:
    __slots__ = ()
    _explanation: Explanation | Deferred[Explanation] | Renderer[Explanation]

    @property
    def explanation(self) -> Explanation:
        """How this number came about."""
        return _made(self._explanation, Explanation, self)


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

    def __repr__(self) -> str:
        return (
            f"Violation(code={self.code.value!r}, subject={self.subject!r}, "
            f"message={self.message!r}, source_ref={self.source_ref!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "subject": self.subject,
            "message": self.message,
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
        found = self._explanation
        if found is None:
            return Explanation("deadline", self.status.value, self.source_ref)
        return _made(found, Explanation, self)

    def to_dict(self) -> dict[str, Any]:
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
            "explanation": self.explanation.to_dict(),
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

    def reason(self, level: str) -> str:
        """Why the item was left out for a unit of ``level``."""
        if level in self.levels and self.units:
            text = f"binds only {'; '.join(self.units)} at level {level}, not this unit"
        else:
            text = f"binds {', '.join(self.levels)} only, not {level}"
        if self.binding_ref:
            text += f" ({self.binding_ref})"
        if self.max_points:
            text += f"; {fraction_text(self.max_points)} points left out of the maximum"
        return text


@attrs.frozen
class GroupTotal:
    """A group's points and maximum for one unit, known as soon as the Result is made
    (without making its items): what a ranking of many units reads.

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> result = evaluate(rs, load_submission(examples_dir() / "q10-dti-2024.example.json", rs))
    >>> [(g.id, g.points, g.max_points) for g in result.groups][:2] == [
    ...     (g.id, g.points, g.max_points) for g in result.group_totals][:2]
    True
    """

    id: str
    points: Fraction
    max_points: Fraction


@attrs.frozen
class UnitRef:
    id: str
    name: str
    level: str


@attrs.frozen
class Breakdown:
    """A Result's items: its groups, indicators, targets, violations and deadlines.

    An engine may give a Result its breakdown as a :class:`Deferred`: the items are then
    made, from the decisions the Result keeps, when one of them is first read. Scoring many
    units pays for their totals; the items of a Result nobody reads are never made.

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    >>> result = evaluate(rs, sub, backend="native")
    >>> items = result.breakdown  # made now, kept from now on
    >>> items.targets is result.targets and len(items.targets) == len(rs.targets)
    True
    >>> sum(g.points for g in items.groups) == result.points
    True
    """

    groups: ById[GroupResult] = attrs.field(default=ById(), converter=_by_id)
    indicators: ById[IndicatorResult] = attrs.field(default=ById(), converter=_by_id)
    targets: ById[TargetResult] = attrs.field(default=ById(), converter=_by_id)
    violations: tuple[Violation, ...] = ()
    deadlines: ById[Deadline] = attrs.field(default=ById(), converter=_by_id)


@attrs.frozen
class Result:
    """The outcome of evaluating one submission against one rule set.

    ``points`` is known at once; the items (``groups``, ``indicators``, ``targets``,
    ``violations``, ``deadlines``) come from the Result's :class:`Breakdown`, which an
    engine makes when one of them is first read (until then the Result keeps the rule set,
    the submission and the backend's decisions they are made from). Two Results are equal
    when every field and every item is."""

    ruleset_id: str
    ruleset_fingerprint: str
    # the submission's fingerprint, or what computes it when first read
    _submission_fingerprint: str | Deferred[str]
    unit: UnitRef
    period: str
    as_of: dt.date | None
    backend: str
    points: Fraction
    max_points: Fraction
    rounding: Rounding = attrs.field(eq=False)
    _breakdown: Breakdown | Deferred[Breakdown] = Breakdown()
    #: The rule set's items that do not bind this unit's level, in the rule set's order.
    left_out: tuple[LeftOut, ...] = ()
    #: Each group's points and maximum, in the rule set's order (the groups' sums, known
    #: without making the items; compared through the groups).
    _group_totals: tuple[GroupTotal, ...] | Deferred[tuple[GroupTotal, ...]] = attrs.field(
        default=(), eq=False
    )
    # made from the groups, the totals and the rule set's document, all compared already
    _explanation: Explanation | Deferred[Explanation] | Renderer[Explanation] | None = attrs.field(
        default=None, eq=False
    )

    def __repr__(self) -> str:
        return (
            f"Result(ruleset={self.ruleset_id!r}, unit={self.unit.id!r}, "
            f"period={self.period!r}, points={self._num(self.points)}, "
            f"max_points={self._num(self.max_points)}, "
            f"index={self._num(self.index, 'index')}, backend={self.backend!r})"
        )

    @property
    def group_totals(self) -> tuple[GroupTotal, ...]:
        """Each group's points and maximum, in the rule set's order (made when first
        read, from the sums the evaluation kept)."""
        found = self._group_totals
        return found if isinstance(found, tuple) else found.get()

    @property
    def submission_fingerprint(self) -> str:
        """sha256 of the submission scored (see ``Submission.fingerprint``), computed when
        first read."""
        found = self._submission_fingerprint
        return found if isinstance(found, str) else found.get()

    @property
    def breakdown(self) -> Breakdown:
        """The items, made on first use."""
        return _made(self._breakdown, Breakdown, self)

    @property
    def groups(self) -> ById[GroupResult]:
        """Each group's points, in the rule set's order (``groups["I"]`` by id)."""
        return self.breakdown.groups

    @property
    def indicators(self) -> ById[IndicatorResult]:
        """Each indicator's points, group by group (``indicators["I.1"]`` by id)."""
        return self.breakdown.indicators

    @property
    def targets(self) -> ById[TargetResult]:
        """Each target's status, in the rule set's order (``targets[id]`` by id)."""
        return self.breakdown.targets

    @property
    def violations(self) -> tuple[Violation, ...]:
        """The rules broken: inputs and targets in the rule set's order, then deadlines."""
        return self.breakdown.violations

    @property
    def deadlines(self) -> ById[Deadline]:
        """Every due day's status on the evaluation date
        (``deadlines["VIII.7.monthly@2024-04"]`` by id)."""
        return self.breakdown.deadlines

    @property
    def explanation(self) -> Explanation | None:
        """How the total and the index came about."""
        found = self._explanation
        return None if found is None else _made(found, Explanation, self)

    @property
    def index(self) -> Fraction:
        """points / max_points, exact."""
        return self.points / self.max_points if self.max_points else Fraction(0)

    def deadline_summary(self) -> dict[str, int]:
        """How many due days have each deadline status (keyed by the status's value)."""
        counts = {status.value: 0 for status in _DEADLINE_STATUSES}
        for deadline in self.deadlines:
            counts[deadline.status.value] += 1
        return counts

    def summary(self) -> dict[str, int]:
        counts = {status.value: 0 for status in TargetStatus}
        for target in self.targets:
            counts[target.status.value] += 1
        return counts

    # -- presentation: the one place numbers are rounded --------------------------------

    def round_points(self, value: Fraction) -> Decimal:
        return round_fraction(value, self.rounding.points, self.rounding.mode)

    def round_index(self, value: Fraction) -> Decimal:
        return round_fraction(value, self.rounding.index, self.rounding.mode)

    def round_percent(self, value: Fraction) -> Decimal:
        return round_fraction(value, self.rounding.percent, self.rounding.mode)

    def _num(self, value: Fraction, kind: str = "points") -> int | float:
        rounder = {
            "points": self.round_points,
            "index": self.round_index,
            "percent": self.round_percent,
        }[kind]
        return to_json_number(rounder(value))

    def to_dict(self) -> dict[str, Any]:
        """The result JSON contract (``dti-rules/result/1``) as plain data."""
        summary = self.summary()
        explanation = self.explanation
        return {
            "schema": RESULT_SCHEMA,
            "ruleset": {"id": self.ruleset_id, "fingerprint": self.ruleset_fingerprint},
            "submission": {"fingerprint": self.submission_fingerprint},
            "unit": attrs.asdict(self.unit),
            "period": self.period,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "backend": self.backend,
            "score": {
                "points": self._num(self.points),
                "max_points": self._num(self.max_points),
                "index": self._num(self.index, "index"),
                "explanation": explanation.to_dict() if explanation else None,
            },
            "groups": [
                {
                    "id": g.id,
                    "name": g.name,
                    "source_ref": g.source_ref,
                    "points": self._num(g.points),
                    "max_points": self._num(g.max_points),
                    "explanation": g.explanation.to_dict(),
                }
                for g in self.groups
            ],
            "indicators": [
                {
                    "id": i.id,
                    "group": i.group,
                    "name": i.name,
                    "source_ref": i.source_ref,
                    "points": self._num(i.points),
                    "max_points": self._num(i.max_points),
                    "status": i.status.value,
                    "explanation": i.explanation.to_dict(),
                }
                for i in self.indicators
            ],
            "targets": [
                {
                    "id": t.id,
                    "source_ref": t.source_ref,
                    "text": t.text,
                    "input": t.input,
                    "comparison": t.comparison.value,
                    "threshold": None if t.threshold is None else self._num(t.threshold, "percent"),
                    "value": None if t.value is None else self._num(t.value, "percent"),
                    "status": t.status.value,
                    "explanation": t.explanation.to_dict(),
                }
                for t in self.targets
            ],
            "summary": {
                "exceeded": summary["exceeded"],
                "met": summary["met"],
                "not_met": summary["not_met"],
                "not_evaluated": summary["not_evaluated"],
            },
            "deadlines": [d.to_dict() for d in self.deadlines],
            "violations": [v.to_dict() for v in self.violations],
            "left_out": [
                {
                    "kind": item.kind,
                    "id": item.id,
                    "source_ref": item.source_ref,
                    "levels": list(item.levels),
                    "binding_ref": item.binding_ref,
                    "max_points": None if item.max_points is None else self._num(item.max_points),
                    "units": list(item.units),
                    "reason": item.reason(self.unit.level),
                }
                for item in self.left_out
            ],
            "rounding": {
                "points": self.rounding.points,
                "index": self.rounding.index,
                "percent": self.rounding.percent,
                "mode": self.rounding.mode,
            },
        }

    def to_json(self) -> str:
        """Deterministic JSON text: the same Result always gives the same bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
