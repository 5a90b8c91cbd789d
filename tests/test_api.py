"""The Python API as a program meets it: dates as ISO text, statuses as enums, readable
reprs, items looked up by id, and errors whose problems carry stable codes."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dti_rules import (
    ArgumentError,
    ById,
    DeadlineStatus,
    DtiRulesError,
    IndicatorStatus,
    Problem,
    SubmissionError,
    TargetStatus,
    ViolationCode,
    evaluate,
    load_ruleset,
    load_submission,
    submission_from_data,
)
from dti_rules.errors import (
    PROBLEM_CODES,
    BackendUnavailableError,
    DeadlinePhraseError,
    Location,
    RuleSetError,
    problem_code,
)
from dti_rules.rulesets import examples_dir

Q10 = "q10-dti-2024"


@pytest.fixture(scope="module")
def q10() -> Any:
    return load_ruleset(Q10)


@pytest.fixture(scope="module")
def result(q10: Any) -> Any:
    sub = load_submission(examples_dir() / "q10-dti-2024.example.json", q10)
    return evaluate(q10, sub, backend="native")


# -- dates as text -------------------------------------------------------------------------


def test_as_of_as_iso_text_is_the_date(q10: Any) -> None:
    sub = load_submission(examples_dir() / "q10-dti-2024.example.json", q10)
    as_text = evaluate(q10, sub, as_of="2024-06-30", backend="native")
    as_date = evaluate(q10, sub, as_of=dt.date(2024, 6, 30), backend="native")
    assert as_text == as_date and as_text.as_of == dt.date(2024, 6, 30)
    at_noon = evaluate(q10, sub, as_of=dt.datetime(2024, 6, 30, 12), backend="native")
    assert at_noon == as_date


@pytest.mark.parametrize(
    "bad", ["2024-06-31", "30/06/2024", "20240630", "", "2024-W26-1", 20240630]
)
def test_as_of_that_is_no_date_is_refused_with_a_dti_rules_error(q10: Any, bad: Any) -> None:
    sub = load_submission(examples_dir() / "q10-dti-2024.example.json", q10)
    with pytest.raises(ArgumentError, match="as_of: expected a date") as caught:
        evaluate(q10, sub, as_of=bad, backend="native")
    assert isinstance(caught.value, DtiRulesError) and isinstance(caught.value, ValueError)
    assert caught.value.to_dict()["code"] == "invalid_argument"


# -- statuses are enums --------------------------------------------------------------------


def test_every_status_is_an_enum_and_the_json_keeps_their_texts(result: Any) -> None:
    assert result.deadlines and all(type(d.status) is DeadlineStatus for d in result.deadlines)
    assert all(type(t.status) is TargetStatus for t in result.targets)
    assert all(type(i.status) is IndicatorStatus for i in result.indicators)
    assert all(type(v.code) is ViolationCode for v in result.violations)
    data = json.loads(result.to_json())
    assert [d["status"] for d in data["deadlines"]] == [d.status.value for d in result.deadlines]
    plain = result.to_dict()
    assert all(type(d["status"]) is str for d in plain["deadlines"])
    counts = result.deadline_summary()
    assert set(counts) == {s.value for s in DeadlineStatus}
    assert sum(counts.values()) == len(result.deadlines)


def test_a_deadline_status_given_as_text_becomes_the_enum(result: Any) -> None:
    first = result.deadlines[0]
    again = type(first)(first.info, first.status.value, first.done, first.days)
    assert again.status is first.status


# -- reprs ---------------------------------------------------------------------------------


def test_reprs_show_what_a_user_reads_and_no_private_fields(result: Any) -> None:
    items = [result, result.groups[0], result.indicators[0], result.targets[0]]
    items += [result.violations[0], result.deadlines[0]]
    for item in items:
        text = repr(item)
        assert "_explanation" not in text and "_recorded" not in text, text
        assert "_message" not in text and "Deferred" not in text and "Renderer" not in text
    assert repr(result).startswith("Result(ruleset='q10-dti-2024', unit='q10', period='2024'")
    assert "index=0.9709" in repr(result)
    violation = result.violations[0]
    assert repr(violation.message) in repr(violation)
    deadline = result.deadlines[0]
    assert repr(deadline).startswith(f"Deadline(id={deadline.id!r}, status=")


# -- items by id ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["groups", "indicators", "targets", "deadlines"])
def test_items_are_looked_up_by_id(result: Any, kind: str) -> None:
    items = getattr(result, kind)
    assert isinstance(items, ById) and isinstance(items, tuple)
    assert items.ids() == tuple(item.id for item in items)
    assert [items[position] for position in range(len(items))] == list(items)
    for item in items:
        assert items[item.id] is item
        assert item.id in items and items.get(item.id) is item
    assert items.get("no such id") is None and "no such id" not in items
    assert items == tuple(items)  # still the tuple it was


def test_an_unknown_id_suggests_the_nearest(result: Any) -> None:
    with pytest.raises(KeyError, match=re.escape("did you mean 'VIII.7.monthly@2024-04'")):
        result.deadlines["VIII.7.monthly@2024-4"]


def test_lookup_survives_pickling(result: Any) -> None:
    again = pickle.loads(pickle.dumps(result))
    assert again == result
    assert again.targets["CT-1"] == result.targets["CT-1"]
    assert type(again.deadlines) is ById


# -- problems with codes -------------------------------------------------------------------


def _problems(data: dict[str, Any], q10: Any) -> list[Problem]:
    with pytest.raises(SubmissionError) as caught:
        submission_from_data(data, q10)
    return list(caught.value.problems)


def test_each_problem_has_a_code_beside_its_location_and_message(q10: Any) -> None:
    found = _problems(
        {
            "unit": {"id": "p12", "name": "P. 12", "level": "ward", "colour": "red"},
            "period": "2024-Q5",
            "inputs": {"I.9.nothing": 1, "I.2.meetings": "bốn"},
            "done": {"VIII.7.monthly": {"2024-04": "2024-04-31"}},
        },
        q10,
    )
    codes = {p.location.path: p.code for p in found}
    assert codes["unit.colour"] == "unknown_field"
    assert codes["period"] == "invalid_period"
    assert codes["inputs.I.9.nothing"] == "unknown_id"
    assert codes["inputs.I.2.meetings"] == "invalid_number"
    assert codes["done.VIII.7.monthly.2024-04"] == "invalid_date"
    assert all(p.code in PROBLEM_CODES for p in found)
    location, message = found[0]  # still the pair (location, message)
    assert (location, message) == (found[0].location, found[0].message)


def test_file_problems_have_codes(tmp_path: Path, q10: Any) -> None:
    with pytest.raises(SubmissionError) as missing:
        load_submission(tmp_path / "absent.json", q10)
    assert [p.code for p in missing.value.problems] == ["file_not_found"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"unit": ', encoding="utf-8")
    with pytest.raises(SubmissionError) as malformed:
        load_submission(bad, q10)
    assert [p.code for p in malformed.value.problems] == ["malformed_json"]


def test_to_dict_gives_the_error_as_data(q10: Any) -> None:
    with pytest.raises(SubmissionError) as caught:
        submission_from_data({"unit": {"id": "p12"}, "period": "2024"}, q10, source="p12.json")
    data = caught.value.to_dict()
    assert data["code"] == "invalid_submission"
    assert data["message"] == str(caught.value)
    assert data["problems"] and all(
        set(p) == {"code", "source", "path", "line", "message"} for p in data["problems"]
    )
    assert {p["source"] for p in data["problems"]} == {"p12.json"}
    json.dumps(data)  # plain data


def test_an_explicit_code_wins_over_the_message() -> None:
    err = RuleSetError([Location("x.yaml", "a")], ["something odd"], codes=["inconsistent"])
    assert err.problems[0].code == "inconsistent"
    assert RuleSetError([Location("x.yaml")], ["something odd"]).problems[0].code == (
        "invalid_value"
    )


@given(st.text())
def test_every_message_gets_a_known_code(message: str) -> None:
    assert problem_code(message) in PROBLEM_CODES


def test_errors_pickle_whole(q10: Any) -> None:
    with pytest.raises(SubmissionError) as caught:
        submission_from_data({"unit": {"id": "p12"}, "period": "2024-Q5"}, q10)
    errors: list[DtiRulesError] = [
        caught.value,
        BackendUnavailableError("durable", "cannot import it", available=("native",)),
        DeadlinePhraseError("Quý V/2024", "a quarter is I to IV, not V"),
        ArgumentError("as_of: expected a date YYYY-MM-DD, got 'x'"),
    ]
    for error in errors:
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and str(again) == str(error)
        assert again.to_dict() == error.to_dict()
