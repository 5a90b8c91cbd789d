"""The bundled Quận 10 2024 rule set (seed 000): its structure, its extremes and its example."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from dti_rules import (
    BACKENDS,
    TargetStatus,
    evaluate,
    load_ruleset,
    load_submission,
    submission_from_data,
    submission_template,
)
from dti_rules._numbers import round_fraction
from dti_rules.model import ItemsScoring
from dti_rules.rulesets import examples_dir
from dti_rules.testing import check_additivity, check_bounds, full_marks_data, zero_data

from .conftest import fill_template

ID = "q10-dti-2024"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_007c4e9e046d613a.txt"


@pytest.fixture(scope="module")
def q10() -> Any:
    return load_ruleset(ID)


def test_nine_groups_with_the_documents_maxima(q10: Any) -> None:
    assert [g.id for g in q10.groups] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    assert [int(g.max_points) for g in q10.groups] == [60, 50, 70, 60, 35, 185, 90, 90, 20]
    assert q10.max_points == 660


def test_section_iii_has_its_ten_targets(q10: Any) -> None:
    numbers = {re.match(r"CT-(\d+)", t.id).group(1) for t in q10.targets if t.id.startswith("CT-")}  # type: ignore[union-attr]
    assert numbers == {str(n) for n in range(1, 11)}
    ct7 = q10.target_map["CT-7"]
    assert dict(ct7.tiers) == {"district": 60, "ward": 70}


def test_targets_the_items_state(q10: Any) -> None:
    internet = q10.target_map["III.2.target"]
    assert internet.comparison.value == "gt" and internet.threshold == 80  # "Trên 80%"
    vi2 = q10.indicator_map["VI.2"]
    assert [(p.id, int(p.points)) for p in vi2.parts] == [
        ("VI.2.a", 10),
        ("VI.2.b", 20),
        ("VI.2.c", 10),
    ]
    growth = q10.target_map[vi2.parts[2].rule.target]
    assert growth.previous_input is not None and growth.relative_delta == 10
    assert [q10.target_map[f"VII.{n}.target"].threshold for n in (1, 2, 3)] == [50, 80, 100]
    assert [q10.target_map[f"VIII.{n}.target"].threshold for n in (1, 2, 3, 4)] == [
        100,
        60,
        50,
        70,
    ]


def test_every_item_cites_its_section_and_keeps_the_document_text(q10: Any) -> None:
    spec = q10.spec
    for group in spec.groups:
        assert group.source_ref.startswith("Phụ lục 2")
        for indicator in group.indicators:
            assert indicator.source_ref.startswith("Phụ lục 2")
            assert indicator.lead, indicator.id
            assert indicator.result, indicator.id
            if isinstance(indicator.scoring, ItemsScoring):
                assert all(item.source_ref for item in indicator.scoring.items)
    # Phụ lục I's tasks, and the standing duties of VIII.2-VIII.6
    assert spec.tasks and all(t.source_ref.startswith(("Phụ lục I", "VIII.")) for t in spec.tasks)
    assert spec.readings and any(r.assumption for r in spec.readings)


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not beside the checkout")
def test_verbatim_deadlines_occur_in_the_seed(q10: Any) -> None:
    text = " ".join(SEED.read_text(encoding="utf-8").split()).lower()
    deadlines = [i.deadline for g in q10.spec.groups for i in g.indicators if i.deadline]
    assert deadlines
    found = [d for d in deadlines if " ".join(d.split()).lower() in text]
    assert len(found) >= len(deadlines) * 0.8, set(deadlines) - set(found)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("level", "maximum"), [("district", 660), ("ward", 280)])
def test_meeting_every_target_scores_the_maximum(
    q10: Any, level: str, maximum: int, backend: str
) -> None:
    # the district answers for all 660 points; a ward for the 14 indicators that name the
    # wards (R-5, R-35; see test_bindings.py for the count against the document)
    result = evaluate(q10, submission_from_data(full_marks_data(q10, level), q10), backend=backend)
    assert result.points == maximum == result.max_points and result.index == 1
    assert all(t.status is not TargetStatus.NOT_MET for t in result.targets)
    assert result.violations == ()


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_and_zero_everywhere_scores_0(q10: Any, backend: str) -> None:
    result = evaluate(q10, submission_from_data(zero_data(q10, "ward"), q10), backend=backend)
    assert result.points == 0 and result.index == 0
    assert all(t.status is TargetStatus.NOT_MET for t in result.targets)


def test_the_example_submission_is_labelled_and_plausible(q10: Any) -> None:
    path = examples_dir() / f"{ID}.example.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["note"].startswith("EXAMPLE ONLY")
    result = evaluate(q10, load_submission(path, q10))
    check_bounds(result)
    check_additivity(result)
    summary = result.summary()
    assert summary["not_met"] >= 2 and summary["exceeded"] >= 1 and summary["met"] >= 1
    assert summary["not_evaluated"] == 0
    assert Fraction(600) < result.points < Fraction(660)
    data = result.to_dict()
    assert data["score"]["points"] == float(round_fraction(result.points, 2))


def test_template_filled_from_the_example_scores_the_same(q10: Any) -> None:
    path = examples_dir() / f"{ID}.example.json"
    example = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    skeleton = fill_template(
        submission_template(q10), example["inputs"], example["done"], example["events"]
    )
    skeleton["unit"], skeleton["period"] = example["unit"], example["period"]
    filled = evaluate(q10, submission_from_data(skeleton, q10)).to_dict()
    direct = evaluate(q10, load_submission(path, q10)).to_dict()
    assert filled == direct
