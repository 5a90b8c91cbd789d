"""Evaluation plans: what every evaluation of a rule set needs that no submission changes.

:func:`plan` computes a rule set's plan on first use and keeps it with the compiled rule
set (see :meth:`~dti_rules.compiled.CompiledRuleSet.derived`), so evaluating many
submissions pays once for looking up inputs, units, thresholds, tier texts and the order
of violations.

>>> from dti_rules import load_ruleset
>>> rs = load_ruleset("q10-dti-2024")
>>> plan(rs) is plan(rs)
True
>>> len(plan(rs).targets) == len(rs.targets)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs

from .._kinds import Comparison, InputKind, Level
from ..compiled import CompiledRuleSet, CompiledTarget
from ..result import Violation, ViolationCode

__all__ = ["Plan", "TargetPlan", "Threshold", "plan", "unit_symbol"]

#: A threshold, the text of where it comes from, and whether the unit's level has no tier.
Threshold = tuple[Fraction | None, str, bool]


def unit_symbol(kind: InputKind) -> str:
    return "%" if kind is InputKind.RATE else ""


@attrs.frozen
class TargetPlan:
    """One target, with what its evaluations look up: ``fixed`` is its threshold when it
    has one, ``by_level`` its tiers' thresholds (every level has an entry), and for a
    threshold relative to the previous period neither."""

    target: CompiledTarget
    id: str
    input: str
    previous: str | None
    comparison: Comparison
    unit: str
    fixed: Threshold | None
    by_level: Mapping[Level, Threshold]
    #: A target due after the rule set's period: a value short of it is not yet a failure.
    not_due: bool = False
    #: A threshold per kind of thing counted: (kind, input, threshold).
    kinds: tuple[tuple[str, str, Fraction], ...] = ()


@attrs.frozen
class Plan:
    """A rule set's evaluation plan. ``inputs``: the inputs the rule set reads (id, whether
    a 'yes' needs evidence), in declaration order; ``targets`` in declaration order;
    ``positions``: each target's index; ``order``: the position of every id a violation can
    name; ``unique_subjects``: inputs and targets have distinct ids, so violations found
    input by input and then target by target are already in canonical order."""

    inputs: tuple[tuple[str, bool], ...]
    targets: tuple[TargetPlan, ...]
    positions: Mapping[str, int]
    order: Mapping[str, int]
    unique_subjects: bool
    #: Violations that depend on nothing but their code and subject (and a tier's basis
    #: text), made on first use and shared by every Result that has them.
    static_violations: dict[tuple[ViolationCode, str, str], Violation] = attrs.field(
        factory=dict, eq=False, repr=False
    )


def _target_plan(ruleset: CompiledRuleSet, target: CompiledTarget) -> TargetPlan:
    fixed: Threshold | None = None
    by_level: dict[Level, Threshold] = {}
    if target.threshold is not None:
        fixed = (target.threshold, "fixed threshold", False)
    elif target.tiers:
        for level in Level:
            tier = target.tier(level)
            if tier is None:
                by_level[level] = (None, f"no tier for level {level.value}", True)
            else:
                by_level[level] = (tier, f"tier for level {level.value}", False)
    return TargetPlan(
        target=target,
        id=target.id,
        input=target.input,
        previous=target.previous_input or None,
        comparison=target.comparison,
        unit=unit_symbol(ruleset.input_map[target.input].kind),
        fixed=fixed,
        by_level=by_level,
        not_due=target.not_due_before is not None,
        kinds=target.kinds,
    )


def _build(ruleset: CompiledRuleSet) -> Plan:
    specs = ruleset.input_map
    order = {item.id: i for i, item in enumerate(ruleset.inputs)}
    for i, target in enumerate(ruleset.targets):
        order[target.id] = len(ruleset.inputs) + i
    ids = [item.id for item in ruleset.inputs] + [target.id for target in ruleset.targets]
    return Plan(
        inputs=tuple((ident, specs[ident].evidence) for ident in ruleset.read_inputs),
        targets=tuple(_target_plan(ruleset, target) for target in ruleset.targets),
        positions={target.id: i for i, target in enumerate(ruleset.targets)},
        order=order,
        unique_subjects=len(set(ids)) == len(ids),
    )


def plan(ruleset: CompiledRuleSet) -> Plan:
    """``ruleset``'s evaluation plan, computed once per rule set."""
    return ruleset.derived("engine.plan", _build)
