"""The durable backend's facts: one per distinct combination of what its rules read,
standing for every subject with those values, none lost, none counted twice."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings

from dti_rules import evaluate, load_ruleset, submission_from_data
from dti_rules.engine import _durable, _durable_path
from dti_rules.engine._deadlines import deadline_facts
from dti_rules.engine._durable_batch import NA, Batch, batch
from dti_rules.engine._facts import gather
from dti_rules.testing import rulesets_with_submissions

pytestmark = pytest.mark.skipif(
    _durable.import_error() is not None, reason="durable_rules cannot be imported here"
)

_STRICT = itertools.count()

#: What the durable rules read of a fact, by its kind (see ``_durable.definition``).
_READ = {
    "measure": ("cmp", "sign", "uncovered"),
    "input": ("state",),
    "open": ("state",),
    "due": ("day", "done", "today"),
}


def _one_per_subject(ruleset: Any, submission: Any, as_of: dt.date) -> dict[str, Any]:
    """What a batch of one fact per subject would hold: each subject's fields, by subject."""
    facts = gather(ruleset, submission)
    dues = deadline_facts(ruleset, submission, as_of)
    cmp = {t.id: t.comparison.value for t in ruleset.targets}
    out: dict[str, Any] = {}
    for m in facts.measures:
        sign = NA if m.sign is None else m.sign
        out[m.target] = ("measure", cmp[m.target], sign, int(m.uncovered_level))
    for fact in facts.inputs:
        if fact.state != "ok":
            out[fact.id] = ("input", fact.state)
    for due in dues.facts:
        if due.scheduled is None:
            out[due.id] = ("open", due.state)
        else:
            day = dues.done.get(due.id)
            done = day.toordinal() if day else 0
            out[due.id] = ("due", due.scheduled.due.toordinal(), done, as_of.toordinal())
    return out


def _asserted(ruleset: Any, submission: Any, as_of: dt.date) -> Batch:
    """The facts the durable backend gives durable_rules when it evaluates ``submission``."""
    seen: list[Batch] = []
    real = _durable_path.run_session

    def spy(rs: Any, facts: Batch) -> Any:
        seen.append(facts)
        return real(rs, facts)

    with mock.patch.object(_durable_path, "run_session", spy):
        evaluate(ruleset, submission, as_of=as_of, backend="durable")
    (found,) = seen
    return found


def _check(ruleset: Any, submission: Any, as_of: dt.date) -> None:
    bound = ruleset.for_level(submission.unit.level)
    general = batch(bound, gather(bound, submission), deadline_facts(bound, submission, as_of))
    asserted = _asserted(ruleset, submission, as_of)
    for found in (general, asserted):
        _check_batch(found, _one_per_subject(bound, submission, as_of))


def _check_batch(found: Batch, expected: dict[str, Any]) -> None:
    facts = json.loads(found.text("s", "0"))
    assert len(facts) == found.size == len(found.subjects)
    seen: dict[str, Any] = {}
    for number, (fact, subjects) in enumerate(zip(facts, found.subjects, strict=True)):
        assert fact["sid"] == "s"
        assert fact["id"] == f"0.{number}"
        assert subjects, "a fact stands for at least one subject"
        values = (fact["kind"], *(fact[key] for key in _READ[fact["kind"]]))
        for subject in subjects:
            assert subject not in seen, f"{subject} in two facts"
            seen[subject] = values
    assert seen == expected
    # distinct facts differ in what the rules read
    assert len({(f["kind"], *(f[k] for k in _READ[f["kind"]])) for f in facts}) == len(facts)


@settings(max_examples=60, deadline=None)
@given(rulesets_with_submissions(boundary=True))
def test_one_fact_per_combination_stands_for_every_subject(case: tuple[Any, Any]) -> None:
    ruleset, submission = case
    _check(ruleset, submission, ruleset.spec.effective.end)


def test_quan_10_shares_facts_between_targets_and_open_obligations() -> None:
    rs = load_ruleset("q10-dti-2024")
    data = {
        "unit": {"id": "u", "name": "U", "level": "district"},
        "period": "2024",
        "inputs": {},
        "done": {due.id: due.due.isoformat() for due in rs.schedule[:5]},
    }
    submission = submission_from_data(data, rs)
    as_of = rs.spec.effective.end
    _check(rs, submission, as_of)
    found = _asserted(rs, submission, as_of)
    subjects = sum(len(s) for s in found.subjects)
    # every input missing: every target not evaluated, in one fact per comparison
    kinds = [fact["kind"] for fact in json.loads(found.text("s", "0"))]
    bound = rs.for_level(submission.unit.level)
    assert kinds.count("measure") == len({t.comparison for t in bound.targets})
    assert kinds.count("input") == 1  # every input missing
    assert found.size < subjects / 2


def test_a_submission_that_dates_events_is_decided_alike() -> None:
    rs = load_ruleset("q10-dti-2024")
    data = {
        "unit": {"id": "u", "name": "U", "level": "district"},
        "period": "2024",
        "inputs": {},
        "done": {"PL1.I.1": "2024-03-20", "VIII.7.unit-plan": "2024-04-09"},
        "events": {"PL1.I.2": "2024-05-15"},
    }
    submission = submission_from_data(data, rs)
    as_of = dt.date(2024, 6, 30)
    _check(rs, submission, as_of)
    durable = evaluate(rs, submission, as_of=as_of, backend="durable")
    native = evaluate(rs, submission, as_of=as_of, backend="native")
    assert durable.to_json() == native.to_json().replace('"native"', '"durable"', 1)
    assert {d.id: d.status.value for d in durable.deadlines}["PL1.I.2"] == "overdue"


def test_the_statuses_are_the_rules_decisions(monkeypatch: pytest.MonkeyPatch) -> None:
    """durable_rules decides: a ruleset whose rule for "at the threshold of ≥" runs the
    not-met action gives that status (and its violation), and only to those targets."""
    from .test_durable_failures import _build  # noqa: PLC0415

    rs, sub = _build(10)  # T5's value is 5, at its threshold "at least 5"
    real = _durable.definition

    def strict(ruleset: Any) -> dict[str, Any]:
        rules = real(ruleset)
        rules["ge_at"]["run"] = "target_not_met"
        return rules

    monkeypatch.setattr(_durable, "definition", strict)
    name = f"dti_test_strict_ge_{next(_STRICT)}"  # a ruleset of its own, left behind after
    monkeypatch.setattr(_durable, "ruleset_name", lambda ruleset: name)
    monkeypatch.setattr(_durable, "_registered", {})
    durable = evaluate(rs, sub, backend="durable")
    native = evaluate(rs, sub, backend="native")
    statuses = {t.id: t.status.value for t in durable.targets}
    expected = {t.id: t.status.value for t in native.targets}
    assert expected["T5"] == "met"
    assert statuses == {**expected, "T5": "not_met"}
    assert ("TARGET_NOT_MET", "T5") in {(v.code.value, v.subject) for v in durable.violations}
    assert durable.points == native.points - 1  # T5's point, lost
