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

import weakref
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from .model import Comparison, InputKind, Level, RuleSetSpec

if TYPE_CHECKING:
    from .deadlines import Obligation, ScheduledDue

__all__ = [
    "CompiledGroup",
    "CompiledIndicator",
    "CompiledInput",
    "CompiledRuleSet",
    "CompiledTarget",
    "Part",
    "Rule",
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


@attrs.frozen
class CompiledGroup:
    id: str
    name: str
    source_ref: str
    max_points: Fraction
    indicators: tuple[CompiledIndicator, ...]
    name_en: str | None = None


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
    spec: RuleSetSpec = attrs.field(eq=False, repr=False)
    origin: str = attrs.field(eq=False, default="<memory>")
    obligations: tuple[Obligation, ...] = attrs.field(eq=False, repr=False, default=())
    schedule: tuple[ScheduledDue, ...] = attrs.field(eq=False, repr=False, default=())

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
        _LIVE[self.fingerprint] = self
        indicators = tuple(ind for group in self.groups for ind in group.indicators)
        object.__setattr__(self, "_indicators", indicators)
        object.__setattr__(self, "_input_map", {item.id: item for item in self.inputs})
        object.__setattr__(self, "_target_map", {item.id: item for item in self.targets})
        object.__setattr__(self, "_indicator_map", {item.id: item for item in indicators})
        read: set[str] = set()
        for target in self.targets:
            read.add(target.input)
            if target.previous_input:
                read.add(target.previous_input)
        for indicator in indicators:
            for part in indicator.parts:
                if part.rule.input:
                    read.add(part.rule.input)
        ordered = tuple(item.id for item in self.inputs if item.id in read)
        object.__setattr__(self, "_read_inputs", ordered)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the values :meth:`derived` computed: they are computed again."""
        names = (a.name for a in attrs.fields(type(self)) if a.name != "_derived")
        return {name: getattr(self, name) for name in names}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_derived", {})
        _LIVE.setdefault(self.fingerprint, self)

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
