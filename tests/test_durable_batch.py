"""The durable backend's facts: one per distinct combination of what its rules read,
standing for every subject with those values, none lost, none counted twice."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings

from dti_rules import load_ruleset, submission_from_data
from dti_rules.engine._deadlines import deadline_facts
from dti_rules.engine._durable_batch import NA, batch
from dti_rules.engine._facts import gather
from dti_rules.testing import rulesets_with_submissions

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


def _check(ruleset: Any, submission: Any, as_of: dt.date) -> None:
    ruleset = ruleset.for_level(submission.unit.level)
    found = batch(
        ruleset, gather(ruleset, submission), deadline_facts(ruleset, submission, as_of), "s", "0"
    )
    facts = json.loads(found.text)
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
    assert seen == _one_per_subject(ruleset, submission, as_of)
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
    bound = rs.for_level(submission.unit.level)
    found = batch(
        bound, gather(bound, submission), deadline_facts(bound, submission, as_of), "s", "0"
    )
    subjects = sum(len(s) for s in found.subjects)
    # every input missing: every target not evaluated, in one fact per comparison
    kinds = [json.loads(found.text)[i]["kind"] for i in range(found.size)]
    assert kinds.count("measure") == len({t.comparison for t in bound.targets})
    assert found.size < subjects / 2
