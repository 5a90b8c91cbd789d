"""The kinds a rule set names: administrative levels, kinds of input and comparisons.

Plain enums, free of the rule-set model's validation machinery, so that a compiled rule set
and a Result can be loaded without it. :mod:`dti_rules.model` exports them.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Comparison", "InputKind", "Level"]


class Level(StrEnum):
    """Administrative levels a rule set can score."""

    NATION = "nation"
    MINISTRY = "ministry"
    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    WARD = "ward"


class InputKind(StrEnum):
    """What a unit supplies for an input."""

    BOOLEAN = "boolean"  #: yes/no, optionally with evidence text
    COUNT = "count"  #: a non-negative whole number
    RATE = "rate"  #: numerator and denominator; compared as a percentage
    NUMBER = "number"  #: a plain decimal number
    DATE = "date"  #: an ISO date


class Comparison(StrEnum):
    """How a measured value is compared with a threshold."""

    GE = "ge"  #: "đạt X", "tối thiểu X", "từ X trở lên", "ít nhất X", "phấn đấu X"
    GT = "gt"  #: "trên X" (strict)
    EQ = "eq"  #: "100% …": every item
    LE = "le"  #: "không quá X", "tối đa X"
    LT = "lt"  #: "dưới X" (strict)
