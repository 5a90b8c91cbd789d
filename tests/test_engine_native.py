"""The native engine on the mini rule set: exact figures, statuses, violations, explanations."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from typing import Any

import attrs
import pytest

from dti_rules import (
    BackendUnavailableError,
    TargetStatus,
    ViolationCode,
    evaluate,
    load_submission,
    ruleset_from_data,
    submission_from_data,
)
from dti_rules.result import Breakdown, Deferred, IndicatorStatus, Result
from dti_rules.schemas import ResultDocument

from .conftest import MINI_SUBMISSION


def _result(mini: Any, data: dict[str, Any]) -> Any:
    return evaluate(mini, submission_from_data(data, mini))


def test_exact_points_of_the_mini_submission(mini: Any) -> None:
    result = evaluate(mini, load_submission(MINI_SUBMISSION, mini))
    points = {i.id: i.points for i in result.indicators}
    assert points == {
        "I.1": 10,
        "I.2": 10,  # 90% > 80%
        "I.3": 15,  # 20 × 15 / 20
        "II.1": Fraction(25, 3),  # 0 (45% < 40% + 10 points) + 10 × 50% / 60%
        "II.3": 20,  # 7.6 is in the band from 7.5
    }
    assert [g.points for g in result.groups] == [35, Fraction(85, 3)]
    assert result.points == Fraction(190, 3)
    assert result.index == Fraction(19, 30)
    statuses = {t.id: t.status for t in result.targets}
    assert statuses == {
        "T-pcs": TargetStatus.EXCEEDED,
        "T-news": TargetStatus.NOT_MET,
        "T-online": TargetStatus.NOT_MET,
        "T-digitised": TargetStatus.NOT_MET,
    }
    assert {i.id: i.status for i in result.indicators}["I.3"] is IndicatorStatus.PARTIAL
    assert sorted((v.code, v.subject) for v in result.violations) == [
        (ViolationCode.TARGET_NOT_MET, "T-digitised"),
        (ViolationCode.TARGET_NOT_MET, "T-news"),
        (ViolationCode.TARGET_NOT_MET, "T-online"),
    ]


def test_json_numbers_are_rounded_once_by_policy(mini: Any) -> None:
    data = evaluate(mini, load_submission(MINI_SUBMISSION, mini)).to_dict()
    assert data["score"] == {**data["score"], "points": 63.33, "max_points": 100, "index": 0.6333}
    assert [g["points"] for g in data["groups"]] == [35, 28.33]
    by_id = {i["id"]: i for i in data["indicators"]}
    assert by_id["II.1"]["points"] == 8.33
    assert by_id["II.1"]["explanation"]["steps"] == [
        "II.1.a: target T-online not met → 0",
        "II.1.b: 10 × 50% / 60% = 25/3 (≈ 8.333333)",
    ]
    assert data["summary"] == {"exceeded": 1, "met": 0, "not_met": 3, "not_evaluated": 0}


def test_rounding_policy_of_the_rule_set_is_applied(mini_data: dict[str, Any], mini: Any) -> None:
    mini_data["rounding"] = {"points": 1, "index": 2, "percent": 0, "mode": "down"}
    coarse = ruleset_from_data(mini_data)
    data = evaluate(coarse, load_submission(MINI_SUBMISSION, coarse)).to_dict()
    assert data["score"]["points"] == 63.3
    assert data["score"]["index"] == 0.63
    assert data["rounding"]["mode"] == "down"


def test_tier_follows_the_unit_level(mini: Any, mini_submission_data: dict[str, Any]) -> None:
    mini_submission_data["unit"]["level"] = "ward"
    result = _result(mini, mini_submission_data)
    target = next(t for t in result.targets if t.id == "T-digitised")
    assert target.threshold == 70
    assert {i.id: i.points for i in result.indicators}["II.1"] == Fraction(50, 7)
    assert "tier for level ward" in target.explanation.formula


def test_met_exactly_at_threshold_and_exceeded_beyond(
    mini: Any, mini_submission_data: dict[str, Any]
) -> None:
    inputs = mini_submission_data["inputs"]
    inputs["news"] = 20
    inputs["pcs"] = {"numerator": 80, "denominator": 100}  # "trên 80%": 80% is not above
    inputs["online"] = {"numerator": 50, "denominator": 100}  # 40% + 10 points
    result = _result(mini, mini_submission_data)
    statuses = {t.id: t.status for t in result.targets}
    assert statuses["T-news"] is TargetStatus.MET
    assert statuses["T-pcs"] is TargetStatus.NOT_MET
    assert statuses["T-online"] is TargetStatus.MET
    inputs["news"] = 21
    assert {t.id: t.status for t in _result(mini, mini_submission_data).targets}[
        "T-news"
    ] is TargetStatus.EXCEEDED


def test_growth_reading_of_a_relative_target(
    mini_data: dict[str, Any], mini_submission_data: dict[str, Any]
) -> None:
    mini_data["targets"][2]["relative"]["reading"] = "growth"
    rs = ruleset_from_data(mini_data)
    mini_submission_data["inputs"]["online"] = {"numerator": 44, "denominator": 100}
    result = evaluate(rs, submission_from_data(mini_submission_data, rs))
    target = next(t for t in result.targets if t.id == "T-online")
    assert target.threshold == 44  # 40% × 1.1
    assert target.status is TargetStatus.MET


def test_missing_inputs_are_violations_and_leave_targets_unevaluated(
    mini: Any, mini_submission_data: dict[str, Any]
) -> None:
    del mini_submission_data["inputs"]["news"]
    mini_submission_data["inputs"]["plan"] = None
    result = _result(mini, mini_submission_data)
    missing = {v.subject for v in result.violations if v.code is ViolationCode.MISSING_INPUT}
    assert missing == {"news", "plan"}
    assert {t.id: t.status for t in result.targets}["T-news"] is TargetStatus.NOT_EVALUATED
    by_id = {i.id: i for i in result.indicators}
    assert by_id["I.3"].points == 0 and by_id["I.3"].status is IndicatorStatus.INCOMPLETE
    assert by_id["I.1"].status is IndicatorStatus.INCOMPLETE
    # each missing input is reported once even when several rules read it
    assert len([v for v in result.violations if v.subject == "news"]) == 1


def test_zero_denominator_is_an_invalid_input(
    mini: Any, mini_submission_data: dict[str, Any]
) -> None:
    mini_submission_data["inputs"]["pcs"] = {"numerator": 0, "denominator": 0}
    result = _result(mini, mini_submission_data)
    (violation,) = [v for v in result.violations if v.code is ViolationCode.INVALID_INPUT]
    assert violation.subject == "pcs" and "denominator 0" in violation.message
    assert {t.id: t.status for t in result.targets}["T-pcs"] is TargetStatus.NOT_EVALUATED


def test_yes_without_evidence_is_flagged(mini: Any, mini_submission_data: dict[str, Any]) -> None:
    mini_submission_data["inputs"]["plan"] = True
    result = _result(mini, mini_submission_data)
    assert {i.id: i.points for i in result.indicators}["I.1"] == 10
    assert [v.subject for v in result.violations if v.code is ViolationCode.MISSING_EVIDENCE] == [
        "plan"
    ]


def test_every_number_has_an_explanation(mini: Any) -> None:
    result = evaluate(mini, load_submission(MINI_SUBMISSION, mini))
    for item in (*result.indicators, *result.groups, *result.targets):
        assert item.explanation.formula
        assert item.explanation.source_ref == item.source_ref
    i3 = next(i for i in result.indicators if i.id == "I.3")
    assert i3.explanation.formula == "20 × 15 / 20 = 15"
    assert ("news", "15") in i3.explanation.inputs
    assert result.explanation is not None
    assert result.explanation.formula.endswith("/ 100 = 19/30 (≈ 0.633333)")


def test_result_json_follows_the_contract(mini: Any) -> None:
    result = evaluate(
        mini, load_submission(MINI_SUBMISSION, mini), as_of=dt.date(2024, 12, 31), backend="native"
    )
    data = json.loads(result.to_json())
    ResultDocument.model_validate(data)
    for key in (
        "schema",
        "ruleset",
        "unit",
        "period",
        "as_of",
        "backend",
        "score",
        "groups",
        "indicators",
        "targets",
        "summary",
        "deadlines",
        "violations",
    ):
        assert key in data
    assert data["schema"] == "dti-rules/result/1"
    assert data["ruleset"] == {"id": "mini", "fingerprint": mini.fingerprint}
    assert data["as_of"] == "2024-12-31"
    assert data["backend"] == "native"
    assert set(data["violations"][0]) >= {"code", "subject", "message", "source_ref"}


def test_same_inputs_same_bytes(mini: Any) -> None:
    first = evaluate(mini, load_submission(MINI_SUBMISSION, mini)).to_json()
    second = evaluate(mini, load_submission(MINI_SUBMISSION, mini)).to_json()
    assert first == second


def test_unknown_backend_is_refused(mini: Any) -> None:
    sub = load_submission(MINI_SUBMISSION, mini)
    with pytest.raises(BackendUnavailableError, match="native"):
        evaluate(mini, sub, backend="fortran")


def test_results_pickle_with_their_explanations(mini: Any) -> None:
    result = evaluate(mini, load_submission(MINI_SUBMISSION, mini), backend="native")
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    assert copy.to_json() == result.to_json()
    assert copy.indicators[2].explanation == result.indicators[2].explanation
    assert copy.violations[0].message == result.violations[0].message


def test_items_are_made_when_first_read_from_what_the_result_keeps(
    mini: Any, mini_submission_data: dict[str, Any]
) -> None:
    """A Result's items come from its kept decisions: one pickled before any item was read
    gives the same items, and equal Results compare equal without making them."""
    sub = load_submission(MINI_SUBMISSION, mini)
    unread = evaluate(mini, sub, backend="native")
    copy = pickle.loads(pickle.dumps(unread))
    read = evaluate(mini, sub, backend="native")
    expected = read.to_json()
    assert unread == read
    assert copy.to_json() == expected
    assert unread.to_json() == expected
    assert unread.points == sum(g.points for g in unread.groups)

    def news(count: int) -> Any:
        mini_submission_data["inputs"]["news"] = count
        return evaluate(mini, submission_from_data(mini_submission_data, mini), backend="native")

    at_cap, beyond = news(20), news(25)  # I.3 earns its full points for both
    assert at_cap.points == beyond.points
    same_fingerprint = attrs.evolve(beyond, submission_fingerprint=at_cap.submission_fingerprint)
    assert same_fingerprint != at_cap  # told apart by their items
    assert beyond.targets != at_cap.targets


def test_a_result_can_be_made_from_its_items(mini: Any) -> None:
    result = evaluate(mini, load_submission(MINI_SUBMISSION, mini), backend="native")
    rebuilt = Result(
        ruleset_id=result.ruleset_id,
        ruleset_fingerprint=result.ruleset_fingerprint,
        submission_fingerprint=result.submission_fingerprint,
        unit=result.unit,
        period=result.period,
        as_of=result.as_of,
        backend=result.backend,
        points=result.points,
        max_points=result.max_points,
        rounding=result.rounding,
        breakdown=Breakdown(
            result.groups, result.indicators, result.targets, result.violations, result.deadlines
        ),
        explanation=result.explanation,
    )
    assert rebuilt == result
    assert rebuilt.to_json() == result.to_json()


def test_threads_reading_a_result_first_get_the_same_items(mini: Any) -> None:
    """Two threads that make a deferred value at the same time both get the first one
    stored, so every reader of a Result sees the same item objects."""
    both_rendering = threading.Barrier(2)

    def render() -> object:
        both_rendering.wait(timeout=10)  # each thread has begun rendering its own
        return object()

    deferred = Deferred(render)
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(lambda _: deferred.get(), range(2))
    assert first is second is deferred.get()

    result = evaluate(mini, load_submission(MINI_SUBMISSION, mini), backend="native")
    with ThreadPoolExecutor(max_workers=4) as pool:
        seen = list(pool.map(lambda _: result.breakdown, range(8)))
    assert all(found is seen[0] for found in seen)
