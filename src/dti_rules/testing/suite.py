"""Every invariant of the toolkit, run against one rule set: the one test a downstream
project needs for its own rule-set files.

    >>> from dti_rules.testing import check_ruleset
    >>> check_ruleset("q10-dti-2024", max_examples=5)
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..calendar import PeriodKind
from ..compiled import CompiledRuleSet
from ..engine import evaluate
from ..rulesets import load_ruleset
from ..submission import submission_from_data
from .calendar import check_cutoffs_tile, check_working_day_deadlines
from .cases import full_marks_data, zero_data
from .invariants import (
    check_all,
    check_monotonicity,
    check_order_independence,
    monotone_inputs,
)
from .strategies import submission_data

__all__ = ["check_ruleset"]


def check_ruleset(
    ruleset: CompiledRuleSet | str | os.PathLike[str], *, max_examples: int = 50
) -> None:
    """Check a rule set (compiled, a bundled id or a file path) against every invariant.

    - a unit meeting every target, with all its work on time, earns the maximum and breaks
      no rule; a unit that did nothing earns nothing;
    - for generated submissions (boundary values included): bounds, exact sums, target and
      deadline statuses, determinism, independence from input order, monotonicity of each
      monotone input, and agreement of the backends;
    - every due day of its tasks and reports is a working day no earlier than the text says
      (when the rule set rolls deadlines forward), and cut-off windows tile the year.

    Raises :class:`AssertionError` naming the first broken invariant (with hypothesis'
    smallest failing submission), or a :class:`~dti_rules.errors.DtiRulesError` when the
    rule set does not load.
    """
    rs = ruleset if isinstance(ruleset, CompiledRuleSet) else load_ruleset(ruleset)
    for level in rs.levels:
        best_data = full_marks_data(rs, level.value)
        best = evaluate(rs, submission_from_data(best_data, rs))
        unit = (best_data["unit"]["id"], best_data["unit"]["name"])
        # a unit is scored only on what binds it: its maximum is that of its part
        most = rs.for_level(level, unit).max_points
        assert best.points == most == best.max_points, (
            f"{level.value}: a unit meeting every target earns {best.points}, not {most}"
        )
        assert best.violations == (), f"{level.value}: full marks break {best.violations[0]}"
        worst = evaluate(rs, submission_from_data(zero_data(rs, level.value), rs))
        assert worst.points == 0, f"{level.value}: a unit that did nothing earns {worst.points}"

    start, end = rs.spec.effective.start, rs.spec.effective.end
    if rs.spec.calendar.roll_forward:
        for ob in rs.obligations:
            if ob.rule is not None:
                check_working_day_deadlines(ob.rule, start, end)
    for kind in PeriodKind:
        check_cutoffs_tile(kind, start.year)

    candidates = monotone_inputs(rs)

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(submission_data(rs, boundary=True), st.data())
    def generated(data: dict[str, object], draw: st.DataObject) -> None:
        check_all(rs, submission_from_data(data, rs))
        check_order_independence(rs, data)
        if candidates:
            check_monotonicity(rs, data, draw.draw(st.sampled_from(candidates)))

    generated()
