"""Property-testing toolkit: hypothesis strategies and invariant checks for rule sets.

Use it in any hypothesis test::

    from hypothesis import given
    from dti_rules.testing import rulesets_with_submissions, check_all

    @given(rulesets_with_submissions())
    def test_my_rules(case):
        ruleset, submission = case
        check_all(ruleset, submission)

Requires ``hypothesis`` (installed with the ``test`` extra).
"""

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
