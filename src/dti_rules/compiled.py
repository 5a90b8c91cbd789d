"""Compiled rule sets: frozen, picklable attrs values the engine evaluates.

A :class:`CompiledRuleSet` is made by :func:`dti_rules.load_ruleset` or
:func:`dti_rules.compile_ruleset`. All numbers are exact :class:`~fractions.Fraction`
values; the ``fingerprint`` is the sha256 of the rule set's canonical content::

    >>> import pickle
    >>> from dti_rules import load_ruleset
    >>> rs = load_ruleset("q10-dti-2024")
    >>> pickle.loads(pickle.dumps(rs)) == rs
    True
    >>> len(rs.fingerprint)
    64
"""

from __future__ import annotations

import pickle
import weakref
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

import attrs

from ._kinds import Comparison, InputKind, Level
from ._terms import RuleSetTerms
from ._units import unit_key
from .calendar.workdays import VIETNAM, WorkYear
from .result import LeftOut

#: Per level, the named bodies an item binds there (as ``deadlines.NamedUnits``).
NamedUnits = tuple[tuple[Level, tuple[str, ...]], ...]

if TYPE_CHECKING:
    from .deadlines import Obligation, ScheduledDue
    from .model import RuleSetSpec

__all__ = [
    "CompiledGroup",
    "CompiledIndicator",
    "CompiledInput",
    "CompiledRuleSet",
    "CompiledTarget",
    "Part",
    "Rule",
    "RuleSetTerms",
]

# Every rule set alive in this process, by fingerprint: a Result pickled in another process
# refers to its rule set by fingerprint and finds it here (see rulesets.RuleSetRef).
_LIVE: weakref.WeakValueDictionary[str, CompiledRuleSet] = weakref.WeakValueDictionary()


def live_ruleset(fingerprint: str) -> CompiledRuleSet | None:
    """The rule set with ``fingerprint`` that this process holds, if it holds one."""
    return _LIVE.get(fingerprint)


Method = Literal["binary", "threshold", "proportional", "bands", "scaled"]
T = TypeVar("T")


@attrs.frozen
class CompiledInput:
    id: str
    kind: InputKind
    name: str
    source_ref: str
    name_en: str | None = None
    unit: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    evidence: bool = False
    may_exceed: bool = False
    minimum: Fraction | None = None
    maximum: Fraction | None = None
    points_of: Fraction | None = None


@attrs.frozen
class CompiledTarget:
    id: str
    text: str
    source_ref: str
    input: str
    comparison: Comparison
    threshold: Fraction | None = None
    tiers: tuple[tuple[Level, Fraction], ...] = ()
    previous_input: str | None = None
    relative_reading: Literal["percentage_points", "growth"] | None = None
    relative_delta: Fraction | None = None
    text_en: str | None = None
    assumption: str | None = None
    levels: tuple[Level, ...] | None = None  #: the levels it binds; None: every level
    binding_ref: str | None = None
    units: NamedUnits | None = None  #: per level, the named bodies it binds there
    #: A threshold per kind of thing counted: (kind, input, threshold); the status is the
    #: worst kind's, and ``input`` is the first kind's input.
    kinds: tuple[tuple[str, str, Fraction], ...] = ()
    #: The period by whose end the target must be reached, when after the rule set's
    #: effective period ("đến năm 2025"): not yet due in any evaluation of the rule set.
    not_due_before: str | None = None

    def binds(self, level: Level) -> bool:
        """Whether a unit at ``level`` is judged on this target."""
        return self.levels is None or level in self.levels

    def tier(self, level: Level) -> Fraction | None:
        for tier_level, value in self.tiers:
            if tier_level is level:
                return value
        return None


@attrs.frozen
class Rule:
    """How one part earns its points: a method and what it reads."""

    method: Method
    input: str | None = None
    target: str | None = None
    bands: tuple[tuple[Fraction, Fraction], ...] = ()


@attrs.frozen
class Part:
    """A scored part of an indicator (the indicator itself unless it sums items)."""

    id: str
    name: str
    source_ref: str
    points: Fraction
    rule: Rule


@attrs.frozen
class CompiledIndicator:
    id: str
    group: str
    name: str
    source_ref: str
    max_points: Fraction
    parts: tuple[Part, ...]
    summed: bool
    targets: tuple[str, ...] = ()
    name_en: str | None = None
    assumption: str | None = None
    levels: tuple[Level, ...] | None = None  #: the levels it binds; None: every level
    binding_ref: str | None = None
    units: NamedUnits | None = None  #: per level, the named bodies it binds there

    def binds(self, level: Level) -> bool:
        """Whether a unit at ``level`` is scored (and given a maximum) on this indicator."""
        return self.levels is None or level in self.levels


@attrs.frozen
class CompiledGroup:
    id: str
    name: str
    source_ref: str
    max_points: Fraction
    indicators: tuple[CompiledIndicator, ...]
    name_en: str | None = None


@attrs.frozen
class _Packed:
    """A pickled rule-set specification, loaded when it is first read."""

    data: bytes

    def unpack(self) -> RuleSetSpec:
        # Only ever made by CompiledRuleSet.__getstate__ from the rule set's own spec.
        found: RuleSetSpec = pickle.loads(self.data)  # noqa: S301
        return found


@attrs.frozen
class CompiledRuleSet:
    """A rule set ready to evaluate. Equality and hashing go by id and fingerprint."""

    id: str
    title: str
    fingerprint: str
    levels: tuple[Level, ...] = attrs.field(eq=False)
    max_points: Fraction = attrs.field(eq=False)
    inputs: tuple[CompiledInput, ...] = attrs.field(eq=False, repr=False)
    targets: tuple[CompiledTarget, ...] = attrs.field(eq=False, repr=False)
    groups: tuple[CompiledGroup, ...] = attrs.field(eq=False, repr=False)
    _spec: RuleSetSpec | _Packed = attrs.field(alias="spec", eq=False, repr=False)
    origin: str = attrs.field(eq=False, default="<memory>")
    obligations: tuple[Obligation, ...] = attrs.field(eq=False, repr=False, default=())
    schedule: tuple[ScheduledDue, ...] = attrs.field(eq=False, repr=False, default=())
    #: The level :meth:`for_level` restricted this rule set to (None: the whole rule set).
    restricted_to: Level | None = attrs.field(eq=False, default=None)
    #: What evaluating reads of ``spec`` besides the rules (made from it when not given).
    _terms: RuleSetTerms | None = attrs.field(alias="terms", eq=False, repr=False, default=None)
    #: The years of the work calendar its due days were computed in: a process that loads
    #: this rule set (from the cache, or sent to a worker) takes them rather than computing
    #: the public holidays again.
    work_years: tuple[WorkYear, ...] = attrs.field(eq=False, repr=False, default=())

    _indicators: tuple[CompiledIndicator, ...] = attrs.field(
        init=False, eq=False, repr=False, default=()
    )
    _input_map: Mapping[str, CompiledInput] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )
    _target_map: Mapping[str, CompiledTarget] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )
    _indicator_map: Mapping[str, CompiledIndicator] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )
    _read_inputs: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False, default=())
    _derived: dict[str, Any] = attrs.field(init=False, eq=False, repr=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        if self._terms is None:
            object.__setattr__(self, "_terms", RuleSetTerms.of(self.spec))
        if self.restricted_to is None:  # a view for one level is found through its whole
            _LIVE[self.fingerprint] = self
        indicators = tuple(ind for group in self.groups for ind in group.indicators)
        object.__setattr__(self, "_indicators", indicators)
        object.__setattr__(self, "_input_map", {item.id: item for item in self.inputs})
        object.__setattr__(self, "_target_map", {item.id: item for item in self.targets})
        object.__setattr__(self, "_indicator_map", {item.id: item for item in indicators})
        read: set[str] = set()
        for target in self.targets:
            read.add(target.input)
            read.update(ident for _kind, ident, _threshold in target.kinds)
            if target.previous_input:
                read.add(target.previous_input)
        for indicator in indicators:
            for part in indicator.parts:
                if part.rule.input:
                    read.add(part.rule.input)
        ordered = tuple(item.id for item in self.inputs if item.id in read)
        object.__setattr__(self, "_read_inputs", ordered)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the values :meth:`derived` computed: they are computed again.

        The specification is pickled apart, as bytes that are loaded when ``spec`` is first
        read: evaluating needs the compiled rules and :attr:`terms`, not the rule-set model.
        """
        names = (a.name for a in attrs.fields(type(self)) if a.name != "_derived")
        state = {name: getattr(self, name) for name in names}
        if not isinstance(self._spec, _Packed):
            state["_spec"] = _Packed(pickle.dumps(self._spec, protocol=pickle.HIGHEST_PROTOCOL))
        return state

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_derived", {})
        VIETNAM.learn(self.work_years)
        if self.restricted_to is None:
            _LIVE.setdefault(self.fingerprint, self)

    @property
    def spec(self) -> RuleSetSpec:
        """The validated rule set this was compiled from (loaded when first read)."""
        found = self._spec
        if isinstance(found, _Packed):
            found = found.unpack()
            object.__setattr__(self, "_spec", found)
        return found

    @property
    def terms(self) -> RuleSetTerms:
        """What evaluating reads of :attr:`spec` besides the rules, as plain values."""
        assert self._terms is not None  # made at construction
        return self._terms

    def derived(self, key: str, build: Callable[[CompiledRuleSet], T]) -> T:
        """``build(self)``, computed on first use and kept with this rule set (not pickled).

        The engine keeps its per-rule-set evaluation plans here, so that evaluating many
        submissions pays for them once.
        """
        try:
            found: T = self._derived[key]
        except KeyError:
            found = self._derived[key] = build(self)
        return found

    def for_level(self, level: Level, unit: tuple[str, ...] = ()) -> CompiledRuleSet:
        """This rule set as a unit at ``level`` is evaluated on it: only the indicators,
        targets, tasks and reports that bind ``level`` (and, for those that name the bodies
        they bind, that name the unit: ``unit`` holds its id and name), with the maximum
        points of what is left (the same rule set when everything binds the unit).

        >>> from dti_rules import load_ruleset
        >>> from dti_rules.model import Level
        >>> rs = load_ruleset("q10-dti-2024")
        >>> rs.for_level(Level.DISTRICT) is rs
        True
        >>> rs.for_level(Level.WARD).max_points < rs.max_points
        True
        """
        return self._bound(level, unit)[0]

    def left_out(self, level: Level, unit: tuple[str, ...] = ()) -> tuple[LeftOut, ...]:
        """The items that do not bind a unit at ``level`` (with id and name ``unit``), in the
        rule set's order."""
        return self._bound(level, unit)[1]

    def bound(
        self, level: Level, unit: tuple[str, ...] = ()
    ) -> tuple[CompiledRuleSet, tuple[LeftOut, ...]]:
        """:meth:`for_level` and :meth:`left_out` at once.

        >>> from dti_rules import load_ruleset
        >>> from dti_rules.model import Level
        >>> rs = load_ruleset("q10-dti-2024")
        >>> rs.bound(Level.WARD) == (rs.for_level(Level.WARD), rs.left_out(Level.WARD))
        True
        """
        return self._bound(level, unit)

    def _bound(
        self, level: Level, unit: tuple[str, ...]
    ) -> tuple[CompiledRuleSet, tuple[LeftOut, ...]]:
        named = self.derived("named_bindings", _named_bindings)
        if not named:  # nothing names the bodies it binds: the level decides alone
            return self.derived(_LEVEL_KEYS[level], lambda rs: _restricted(rs, level))
        keys = {unit_key(name) for name in unit if name}
        named_here = frozenset(
            ident for ident, lvl, units in named if lvl is level and keys & units
        )
        key = _LEVEL_KEYS[level] + ",".join(sorted(named_here))
        return self.derived(key, lambda rs: _restricted(rs, level, named_here))

    @property
    def obligation_map(self) -> Mapping[str, Obligation]:
        """Tasks and reports with a deadline, by id (made once per rule set)."""
        return self.derived("obligation_map", _obligations_by_id)

    @property
    def indicators(self) -> tuple[CompiledIndicator, ...]:
        """Every indicator, in document order."""
        return self._indicators

    @property
    def input_map(self) -> Mapping[str, CompiledInput]:
        """Inputs by id."""
        return self._input_map

    @property
    def target_map(self) -> Mapping[str, CompiledTarget]:
        """Targets by id."""
        return self._target_map

    @property
    def read_inputs(self) -> tuple[str, ...]:
        """Ids of the inputs some target or scoring rule reads, in declaration order."""
        return self._read_inputs

    @property
    def indicator_map(self) -> Mapping[str, CompiledIndicator]:
        """Indicators by id."""
        return self._indicator_map


def _obligations_by_id(ruleset: CompiledRuleSet) -> Mapping[str, Obligation]:
    return {item.id: item for item in ruleset.obligations}


def _levels(levels: tuple[Level, ...] | None, ruleset: CompiledRuleSet) -> tuple[str, ...]:
    return tuple(lvl.value for lvl in (levels if levels is not None else ruleset.levels))


class _Bindable(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def source_ref(self) -> str: ...
    @property
    def levels(self) -> tuple[Level, ...] | None: ...
    @property
    def units(self) -> NamedUnits | None: ...


def _named_bindings(
    ruleset: CompiledRuleSet,
) -> tuple[tuple[str, Level, frozenset[str]], ...]:
    """The items that name the bodies they bind at a level, with those bodies' keys."""
    items: list[_Bindable] = [*ruleset.indicators, *ruleset.targets, *ruleset.obligations]
    return tuple(
        (item.id, level, frozenset(unit_key(name) for name in names))
        for item in items
        for level, names in item.units or ()
    )


_LEVEL_KEYS = {level: f"for_level.{level.value}." for level in Level}


def _named_at(item: _Bindable, level: Level) -> tuple[str, ...] | None:
    """The bodies ``item`` names at ``level`` (None: it binds every unit of the level)."""
    for lvl, names in item.units or ():
        if lvl is level:
            return names
    return None


def _restricted(
    ruleset: CompiledRuleSet, level: Level, named_here: frozenset[str] = frozenset()
) -> tuple[CompiledRuleSet, tuple[LeftOut, ...]]:
    """``ruleset`` without what does not bind a unit at ``level`` (the items that name their
    bodies: those in ``named_here`` name the unit), and what was left out."""

    def binds(item: _Bindable) -> bool:
        if item.levels is not None and level not in item.levels:
            return False
        return _named_at(item, level) is None or item.id in named_here

    def left_out(kind: str, item: _Bindable, ref: str | None, points: Fraction | None) -> LeftOut:
        return LeftOut(
            kind,
            item.id,
            item.source_ref,
            _levels(item.levels, ruleset),
            ref,
            points,
            _named_at(item, level) or (),
        )

    left: list[LeftOut] = []
    groups: list[CompiledGroup] = []
    for group in ruleset.groups:
        kept = tuple(ind for ind in group.indicators if binds(ind))
        for ind in group.indicators:
            if not binds(ind):
                left.append(left_out("indicator", ind, ind.binding_ref, ind.max_points))
        # a group none of whose indicators binds the unit stays, empty and worth nothing,
        # so that every unit's result lists the same groups
        total = sum((ind.max_points for ind in kept), Fraction(0))
        groups.append(
            group
            if len(kept) == len(group.indicators)
            else attrs.evolve(group, indicators=kept, max_points=total)
        )
    targets = tuple(t for t in ruleset.targets if binds(t))
    left.extend(left_out("target", t, t.binding_ref, None) for t in ruleset.targets if not binds(t))
    obligations = tuple(ob for ob in ruleset.obligations if binds(ob))
    left.extend(
        left_out(ob.kind.value, ob, ob.binding_ref, None)
        for ob in ruleset.obligations
        if not binds(ob) and ob.id not in ruleset.indicator_map
    )
    if not left:
        return ruleset, ()
    kept_ids = {ob.id for ob in obligations}
    view = attrs.evolve(
        ruleset,
        max_points=sum((g.max_points for g in groups), Fraction(0)),
        targets=targets,
        groups=tuple(groups),
        obligations=obligations,
        schedule=tuple(due for due in ruleset.schedule if due.obligation in kept_ids),
        restricted_to=level,
    )
    return view, tuple(left)
