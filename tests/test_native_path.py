"""The native backend's one pass gives what the general path of facts and decisions gives."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dti_rules import evaluate, load_ruleset, submission_from_data
from dti_rules.calendar import Period
from dti_rules.engine._deadlines import deadline_facts, decide_deadlines
from dti_rules.engine._facts import decide, gather
from dti_rules.engine._native import native_outcome
from dti_rules.engine._score import total_points
from dti_rules.model import Level
from dti_rules.testing import rulesets, submission_data


def _general_path(ruleset: Any, submission: Any, as_of: dt.date) -> tuple[Any, ...]:
    facts = gather(ruleset, submission)
    decisions = decide(ruleset, facts, decide_deadlines(deadline_facts(ruleset, submission, as_of)))
    return (decisions, *total_points(ruleset, submission, facts, decisions))


def _both(ruleset: Any, submission: Any, as_of: dt.date) -> tuple[Any, Any]:
    unit = submission.unit
    bound = ruleset.for_level(unit.level, (unit.id, unit.name))
    return native_outcome(bound, submission, as_of), _general_path(bound, submission, as_of)


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Any, dict[str, Any]]:
    ruleset = draw(rulesets())
    return ruleset, draw(submission_data(ruleset, boundary=draw(st.booleans())))


@settings(max_examples=150)
@given(_cases())
def test_one_pass_gives_the_decisions_points_and_group_sums_of_the_general_path(
    case: tuple[Any, dict[str, Any]],
) -> None:
    ruleset, data = case
    submission = submission_from_data(data, ruleset)
    one_pass, general = _both(ruleset, submission, Period.parse(submission.period).end)
    assert one_pass == general
    # the same values, not merely equal ones of another type
    assert [type(s) for s in one_pass[0].statuses.values()] == [
        type(s) for s in general[0].statuses.values()
    ]


def test_q10_units_of_both_levels_with_late_and_missing_work() -> None:
    rs = load_ruleset("q10-dti-2024")
    for level in ("district", "ward"):
        first_due = next(
            due for due in rs.schedule if rs.obligation_map[due.obligation].binds(Level(level))
        )
        data = {
            "unit": {"id": "u", "name": "U", "level": level},
            "period": "2024",
            "inputs": {"I.1.decision": {"value": True}},  # yes, no evidence
            "done": {first_due.id: (first_due.due + dt.timedelta(days=3)).isoformat()},
        }
        submission = submission_from_data(data, rs)
        one_pass, general = _both(rs, submission, dt.date(2024, 12, 31))
        assert one_pass == general
        decisions = one_pass[0]
        assert decisions.deadlines[first_due.id].value == "late"
        assert decisions.violations  # missing inputs, targets not evaluated


def test_a_results_submission_fingerprint_is_the_submissions_before_and_after_pickling() -> None:
    rs = load_ruleset("q10-dti-2024")
    data = {"unit": {"id": "u", "name": "U", "level": "ward"}, "period": "2024", "inputs": {}}
    result = evaluate(rs, submission_from_data(data, rs), backend="native")
    again = pickle.loads(pickle.dumps(result))
    expected = submission_from_data(data, rs).fingerprint
    assert len(expected) == 64
    assert again.submission_fingerprint == expected
    assert result.submission_fingerprint == expected
    assert again == result
    assert hash(again) == hash(result)
