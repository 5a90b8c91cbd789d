"""The terms of a rule set that evaluating a unit reads, as plain values.

A :class:`~dti_rules.compiled.CompiledRuleSet` keeps them beside its validated
specification (:class:`~dti_rules.model.RuleSetSpec`), so that a rule set loaded from the
cache evaluates without loading the rule-set model and its validation machinery.

>>> from dti_rules import load_ruleset
>>> terms = load_ruleset("q10-dti-2024").terms
>>> terms.rounding.points, terms.rounding.mode
(2, 'half_up')
>>> terms.start.isoformat(), terms.end.isoformat(), terms.roll_forward
('2024-01-01', '2024-12-31', True)
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from .model import RuleSetSpec

__all__ = ["RoundingPolicy", "RuleSetTerms"]


@attrs.frozen
class RoundingPolicy:
    """When and how numbers are rounded: once, at presentation, to these places (the rule
    set's ``rounding:``)."""

    points: int = 2
    index: int = 4
    percent: int = 2
    mode: str = "half_up"


@attrs.frozen
class RuleSetTerms:
    """What evaluating a unit reads of its rule set besides the rules: the document's name
    and issue date, the effective period, whether due days move past days off, and the
    rounding policy."""

    document: str
    issued: dt.date
    start: dt.date
    end: dt.date
    roll_forward: bool
    rounding: RoundingPolicy

    @classmethod
    def of(cls, spec: RuleSetSpec) -> RuleSetTerms:
        """The terms of a validated rule set."""
        rounding = spec.rounding
        return cls(
            document=spec.source.document,
            issued=spec.source.issued,
            start=spec.effective.start,
            end=spec.effective.end,
            roll_forward=spec.calendar.roll_forward,
            rounding=RoundingPolicy(
                rounding.points, rounding.index, rounding.percent, rounding.mode
            ),
        )
