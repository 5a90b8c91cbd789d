"""Property-testing toolkit: hypothesis strategies and invariant checks for rule sets.

Use it in any hypothesis test::

    from hypothesis import given
    from dti_rules.testing import rulesets_with_submissions, check_all

    @given(rulesets_with_submissions())
    def test_my_rules(case):
        ruleset, submission = case
        check_all(ruleset, submission)

Requires ``hypothesis`` (installed with the ``test`` extra).

Importing this package costs nothing: hypothesis loads when a strategy or check is first
read. The pytest plugin (``dti_rules.testing.plugin``, installed with dti-rules) therefore
runs in projects that have no hypothesis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from .calendar import (
        check_cutoffs_tile,
        check_deadline_rule,
        check_judgement,
        check_phrase_round_trip,
        check_working_day_deadlines,
        dates_around,
        deadline_rules,
        periods,
    )
    from .cases import full_marks_data, zero_data
    from .invariants import (
        check_additivity,
        check_all,
        check_backends_agree,
        check_bounds,
        check_deadline_statuses,
        check_determinism,
        check_monotonicity,
        check_order_independence,
        check_target_statuses,
        monotone_inputs,
    )
    from .strategies import (
        ruleset_data,
        rulesets,
        rulesets_with_submissions,
        submission_data,
        submissions,
    )
    from .suite import check_ruleset

_LAZY = lazy_names(
    __name__,
    {
        "check_additivity": ".invariants",
        "check_all": ".invariants",
        "check_backends_agree": ".invariants",
        "check_bounds": ".invariants",
        "check_cutoffs_tile": ".calendar",
        "check_deadline_rule": ".calendar",
        "check_deadline_statuses": ".invariants",
        "check_determinism": ".invariants",
        "check_judgement": ".calendar",
        "check_monotonicity": ".invariants",
        "check_order_independence": ".invariants",
        "check_phrase_round_trip": ".calendar",
        "check_ruleset": ".suite",
        "check_target_statuses": ".invariants",
        "check_working_day_deadlines": ".calendar",
        "dates_around": ".calendar",
        "deadline_rules": ".calendar",
        "full_marks_data": ".cases",
        "monotone_inputs": ".invariants",
        "periods": ".calendar",
        "ruleset_data": ".strategies",
        "rulesets": ".strategies",
        "rulesets_with_submissions": ".strategies",
        "submission_data": ".strategies",
        "submissions": ".strategies",
        "zero_data": ".cases",
    },
)


__getattr__ = _LAZY.getattr
__dir__ = _LAZY.dir


__all__ = [
    "check_additivity",
    "check_all",
    "check_backends_agree",
    "check_bounds",
    "check_cutoffs_tile",
    "check_deadline_rule",
    "check_deadline_statuses",
    "check_determinism",
    "check_judgement",
    "check_monotonicity",
    "check_order_independence",
    "check_phrase_round_trip",
    "check_ruleset",
    "check_target_statuses",
    "check_working_day_deadlines",
    "dates_around",
    "deadline_rules",
    "full_marks_data",
    "monotone_inputs",
    "periods",
    "ruleset_data",
    "rulesets",
    "rulesets_with_submissions",
    "submission_data",
    "submissions",
    "zero_data",
]
