"""Both backends judge every due day alike, whatever the evaluation date and the day the
work was done (the durable backend compares the days within one fact per due day)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dti_rules import evaluate, load_ruleset, submission_from_data
from dti_rules.engine import _durable

pytestmark = pytest.mark.skipif(
    _durable.import_error() is not None, reason="durable_rules cannot be imported here"
)

RS = load_ruleset("q10-dti-2024")
DUES = RS.schedule[:12]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.integers(-3, 3)), min_size=len(DUES), max_size=len(DUES)),
    st.integers(0, len(DUES) - 1),
    st.integers(-2, 2),
    st.sampled_from(["district", "ward"]),
)
def test_backends_agree_on_due_days_around_the_evaluation_date(
    shifts: list[int | None], pivot: int, offset: int, level: str
) -> None:
    done = {
        due.id: (due.due + dt.timedelta(days=shift)).isoformat()
        for due, shift in zip(DUES, shifts, strict=True)
        if shift is not None
    }
    data = {"unit": {"id": "u", "name": "U", "level": level}, "period": "2024", "done": done}
    submission = submission_from_data(data, RS)
    as_of = DUES[pivot].due + dt.timedelta(days=offset)  # on, just before or after a due day
    native = evaluate(RS, submission, as_of=as_of, backend="native")
    durable = evaluate(RS, submission, as_of=as_of, backend="durable")
    assert {d.id: d.status for d in durable.deadlines} == {d.id: d.status for d in native.deadlines}
    assert durable.violations == native.violations
    assert durable.to_json() == native.to_json().replace('"native"', '"durable"', 1)
