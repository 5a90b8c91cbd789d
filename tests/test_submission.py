"""Submissions: the accepted forms, exact values, and located errors for bad input."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from dti_rules import (
    SubmissionError,
    load_submission,
    ruleset_from_data,
    submission_from_data,
    submission_template,
)
from dti_rules.submission import Answer, Count, DateValue, Number, Rate

from .conftest import MINI_SUBMISSION, fill_template


def _problems(exc: pytest.ExceptionInfo[SubmissionError]) -> list[str]:
    return [f"{loc}: {msg}" for loc, msg in exc.value.problems]


def _bad(mini: Any, data: dict[str, Any]) -> list[str]:
    with pytest.raises(SubmissionError) as exc:
        submission_from_data(data, mini, "sub.json")
    return _problems(exc)


def test_yaml_submission_binds_exact_values(mini: Any) -> None:
    sub = load_submission(MINI_SUBMISSION, mini)
    assert sub.unit.level.value == "district"
    assert sub.period == "2024"
    assert sub.value("plan") == Answer(True, "KH 5/KH-UBND")
    assert sub.value("pcs") == Rate(Fraction(90), Fraction(100))
    assert sub.value("news") == Count(15)
    assert sub.value("score") == Number(Fraction(76, 10))


def test_json_floats_are_read_by_their_decimal_text(
    mini: Any, mini_submission_data: dict[str, Any], write: Callable[[str, str], Path]
) -> None:
    mini_submission_data["inputs"]["score"] = 0.1
    path = write("s.json", json.dumps(mini_submission_data))
    assert load_submission(path, mini).value("score") == Number(Fraction(1, 10))


def test_unknown_input_suggests_the_close_id(
    mini: Any, mini_submission_data: dict[str, Any]
) -> None:
    mini_submission_data["inputs"]["onlin"] = {"numerator": 1, "denominator": 2}
    (problem,) = _bad(mini, mini_submission_data)
    assert "inputs.onlin" in problem
    assert "unknown input 'onlin'; did you mean 'online'?" in problem


def test_numerator_above_denominator(mini: Any, mini_submission_data: dict[str, Any]) -> None:
    mini_submission_data["inputs"]["pcs"] = {"numerator": 120, "denominator": 100}
    (problem,) = _bad(mini, mini_submission_data)
    assert "inputs.pcs" in problem and "numerator 120 is above denominator 100" in problem


def test_negative_count(mini: Any, mini_submission_data: dict[str, Any]) -> None:
    mini_submission_data["inputs"]["news"] = -3
    (problem,) = _bad(mini, mini_submission_data)
    assert "inputs.news" in problem and "expected a whole number ≥ 0, got -3" in problem


def test_string_where_a_number_belongs(mini: Any, mini_submission_data: dict[str, Any]) -> None:
    mini_submission_data["inputs"]["news"] = "mười lăm"
    mini_submission_data["inputs"]["pcs"] = {"numerator": "90", "denominator": 100}
    problems = _bad(mini, mini_submission_data)
    assert any("inputs.news" in p and "got str 'mười lăm'" in p for p in problems), problems
    assert any("inputs.pcs.numerator" in p and "expected a number" in p for p in problems)


def test_number_outside_declared_range(mini: Any, mini_submission_data: dict[str, Any]) -> None:
    mini_submission_data["inputs"]["score"] = 11
    (problem,) = _bad(mini, mini_submission_data)
    assert "expected at most 10, got 11" in problem


def test_all_problems_are_reported_at_once(mini: Any, mini_submission_data: dict[str, Any]) -> None:
    mini_submission_data["inputs"]["news"] = -1
    mini_submission_data["unit"]["level"] = "province"
    mini_submission_data["period"] = "2023"
    problems = _bad(mini, mini_submission_data)
    assert len(problems) == 3
    assert any("unit.level" in p and "scores district, ward, not 'province'" in p for p in problems)
    assert any("period" in p and "outside the rule set's effective period" in p for p in problems)


def test_located_line_in_a_yaml_file(mini: Any, write: Callable[[str, str], Path]) -> None:
    text = MINI_SUBMISSION.read_text(encoding="utf-8").replace("news: 15", "news: 1.5")
    path = write("s.yaml", text)
    with pytest.raises(SubmissionError) as exc:
        load_submission(path, mini)
    ((location, message),) = exc.value.problems
    assert location.source == str(path) and location.path == "inputs.news"
    assert location.line is not None
    assert text.splitlines()[location.line - 1].strip().startswith("news:")
    assert "whole number" in message


def test_malformed_json_is_located(mini: Any, write: Callable[[str, str], Path]) -> None:
    path = write("s.json", '{"unit": {"id": "q", }')
    with pytest.raises(SubmissionError) as exc:
        load_submission(path, mini)
    ((location, _),) = exc.value.problems
    assert location.source == str(path) and location.line == 1


def test_wrong_ruleset_is_named(mini: Any, mini_submission_data: dict[str, Any]) -> None:
    mini_submission_data["ruleset"] = "q10-dti-2024"
    (problem,) = _bad(mini, mini_submission_data)
    assert "for rule set 'q10-dti-2024', not 'mini'" in problem


def test_yes_no_words_and_evidence(mini: Any, mini_submission_data: dict[str, Any]) -> None:
    mini_submission_data["inputs"]["plan"] = "có"
    assert submission_from_data(mini_submission_data, mini).value("plan") == Answer(True)
    mini_submission_data["inputs"]["plan"] = "không"
    assert submission_from_data(mini_submission_data, mini).value("plan") == Answer(False)
    mini_submission_data["inputs"]["plan"] = "maybe"
    (problem,) = _bad(mini, mini_submission_data)
    assert "expected yes/no" in problem


def test_template_list_form_binds_like_the_mapping_form(
    mini: Any, mini_submission_data: dict[str, Any]
) -> None:
    skeleton = fill_template(submission_template(mini), mini_submission_data["inputs"])
    skeleton["unit"] = mini_submission_data["unit"]
    skeleton["period"] = mini_submission_data["period"]
    from_list = submission_from_data(skeleton, mini)
    from_mapping = submission_from_data(mini_submission_data, mini)
    assert from_list == from_mapping
    assert from_list.fingerprint == from_mapping.fingerprint


def test_template_names_every_input(mini: Any) -> None:
    skeleton = submission_template(mini)
    entries = skeleton["inputs"]
    assert [e["id"] for e in entries] == [i.id for i in mini.inputs]
    for entry in entries:
        assert {"id", "source_ref", "name", "kind", "value"} <= set(entry)
        empty = {"numerator": None, "denominator": None} if entry["kind"] == "rate" else None
        assert entry["value"] == empty


def test_fingerprint_depends_on_content_only(
    mini: Any, mini_submission_data: dict[str, Any]
) -> None:
    base = submission_from_data(mini_submission_data, mini)
    reordered = dict(mini_submission_data)
    reordered["inputs"] = dict(reversed(list(mini_submission_data["inputs"].items())))
    assert submission_from_data(reordered, mini).fingerprint == base.fingerprint
    same_value = dict(mini_submission_data)
    same_value["inputs"] = {**mini_submission_data["inputs"], "news": 15.0}
    assert submission_from_data(same_value, mini).fingerprint == base.fingerprint
    changed = dict(mini_submission_data)
    changed["inputs"] = {**mini_submission_data["inputs"], "news": 16}
    assert submission_from_data(changed, mini).fingerprint != base.fingerprint


def test_date_inputs_are_read_like_completion_dates(
    mini_data: dict[str, Any], mini_submission_data: dict[str, Any]
) -> None:
    """A date input takes a date or its ISO text (spaces around it ignored), as ``done``
    dates do; anything else is refused where it stands."""
    mini_data["inputs"].append(
        {"id": "launched", "kind": "date", "name": "Ngày khai trương", "source_ref": "I.1"}
    )
    rs = ruleset_from_data(mini_data)
    mini_submission_data["inputs"]["launched"] = " 2024-06-30 "
    sub = submission_from_data(mini_submission_data, rs)
    assert sub.value("launched") == DateValue(dt.date(2024, 6, 30))
    for wrong in (20240630, "30/6/2024", dt.datetime(2024, 6, 30, 8, 0)):
        mini_submission_data["inputs"]["launched"] = wrong
        problems = _bad(rs, mini_submission_data)
        assert problems == [f"sub.json: inputs.launched: expected a date YYYY-MM-DD, got {wrong!r}"]
