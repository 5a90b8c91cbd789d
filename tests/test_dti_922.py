"""The provincial DTI of Quyết định 922/QĐ-BTTTT: pillars, indices to 4 decimals, ranking."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from dti_rules import (
    BACKENDS,
    RuleSetError,
    SubmissionError,
    evaluate,
    load_ruleset,
    ruleset_from_data,
    submission_from_data,
)
from dti_rules.analysis.ranking import rank
from dti_rules.testing import check_ruleset

ID = "dti-922-province"


@pytest.fixture(scope="module")
def dti() -> Any:
    return load_ruleset(ID)


def _province(ident: str, cqs: Any, kts: Any, xhs: Any) -> dict[str, Any]:
    return {
        "unit": {"id": ident, "name": ident, "level": "province"},
        "period": "2023",
        "inputs": {"CQS.index": cqs, "KTS.index": kts, "XHS.index": xhs},
    }


def test_three_pillars_of_1000_points(dti: Any) -> None:
    assert dti.max_points == 1000
    assert [(g.id, g.max_points) for g in dti.groups] == [("CQS", 400), ("KTS", 300), ("XHS", 300)]
    assert dti.levels == (dti.levels[0],) and dti.levels[0].value == "province"


@pytest.mark.parametrize("backend", BACKENDS)
def test_points_follow_the_pillar_indices(dti: Any, backend: str) -> None:
    data = _province("p", Decimal("0.6512"), {"points": Decimal("144.6")}, Decimal("0.5533"))
    result = evaluate(dti, submission_from_data(data, dti), backend=backend)
    assert [g.points for g in result.groups] == [
        Fraction("260.48"),
        Fraction("144.6"),
        Fraction("165.99"),
    ]
    assert result.points == Fraction("571.07")
    assert result.to_dict()["score"]["index"] == 0.5711  # to 4 decimals, as published
    assert result.violations == ()


def test_a_pillar_given_as_points_is_its_index(dti: Any) -> None:
    as_index = _province("p", Decimal("0.5"), Decimal("0.482"), Decimal("0.25"))
    as_points = _province("p", {"points": 200}, {"points": Decimal("144.6")}, {"points": 75})
    a = evaluate(dti, submission_from_data(as_index, dti), backend="native")
    b = evaluate(dti, submission_from_data(as_points, dti), backend="native")
    assert a.points == b.points and [g.points for g in a.groups] == [g.points for g in b.groups]


def test_points_beyond_the_pillar_maximum_are_refused(dti: Any) -> None:
    with pytest.raises(SubmissionError) as caught:
        submission_from_data(_province("p", {"points": 401}, Decimal("1.2"), "cao"), dti)
    problems = {loc.path: msg for loc, msg in caught.value.problems}
    assert "expected points from 0 to 400" in problems["inputs.CQS.index"]
    assert "at most 1" in problems["inputs.KTS.index"]
    assert "XHS.index" in " ".join(problems)


def test_scaled_scoring_reads_an_index(mini_data: dict[str, Any]) -> None:
    group = mini_data["groups"][0]
    indicator = group["indicators"][0]
    indicator["scoring"] = {"method": "scaled", "input": "news"}  # a count, not an index
    with pytest.raises(RuleSetError, match="scaled scoring reads an index"):
        ruleset_from_data(mini_data)


def test_provinces_rank_by_published_index_with_pillar_ranks(dti: Any) -> None:
    subs = [
        submission_from_data(_province(*row), dti)
        for row in (
            ("a", Decimal("0.70"), Decimal("0.50"), Decimal("0.60")),  # 610 → 0.6100
            ("b", Decimal("0.60"), Decimal("0.60"), Decimal("0.60")),  # 600 → 0.6000
            ("c", Decimal("0.55"), Decimal("0.70"), Decimal("0.60")),  # 610 → 0.6100
            ("d", Decimal("0.10"), Decimal("0.10"), Decimal("0.10")),  # 100 → 0.1000
        )
    ]
    ranking = rank(dti, subs)
    assert [(e.unit, e.rank, str(e.index)) for e in ranking.entries] == [
        ("a", 1, "0.6100"),
        ("c", 1, "0.6100"),
        ("b", 3, "0.6000"),
        ("d", 4, "0.1000"),
    ]
    pillars = {e.unit: {g: place for g, _idx, place in e.groups} for e in ranking.entries}
    assert pillars["a"]["CQS"] == 1 and pillars["c"]["KTS"] == 1
    assert pillars["a"]["XHS"] == pillars["b"]["XHS"] == pillars["c"]["XHS"] == 1
    assert pillars["d"]["XHS"] == 4


def test_the_rule_set_keeps_every_invariant() -> None:
    check_ruleset(ID, max_examples=20)
