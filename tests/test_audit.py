"""Auditing a report's own figures against its raw inputs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dti_rules import load_ruleset, load_submission, submission_from_data
from dti_rules.analysis.audit import (
    ReportedError,
    audit,
    load_reported,
    parse_printed,
    reported_from,
    reported_from_data,
)
from dti_rules.cli import main
from dti_rules.model import InputKind
from dti_rules.rulesets import examples_dir
from dti_rules.testing import rulesets, submission_data

BT = "binh-tan-dti-2023"


def _bt() -> tuple[Any, list[Any], Any]:
    rs = load_ruleset(BT)
    subs = [load_submission(examples_dir() / f"{BT}.{u}.json", rs) for u in ("district", "wards")]
    return rs, subs, load_reported(examples_dir() / f"{BT}.reported.json", rs)


def test_binh_tan_figures_that_reproduce() -> None:
    rs, subs, claims = _bt()
    report = audit(rs, subs, claims)
    matched = {(i.target, i.unit) for i in report.items if i.kind == "figure" and i.match}
    # 95%, 100%, 86,4%, 79,9%, 100% recompute from the report's raw numerators/denominators
    assert matched >= {
        ("CT-2", "district"),
        ("CT-2", "ward"),
        ("CT-3", "district"),
        ("CT-3", "ward"),
        ("CT-6", "district"),
    }
    combined = next(
        i for i in report.items if (i.kind, i.target, i.unit) == ("figure", "CT-3", "all")
    )
    # 83,15% is neither the pooled 82,13% nor the mean 83,11%: the mean of 86,4 and 79,9
    assert combined.match and combined.method == "averaged_printed"
    assert "82.1328%" in combined.recomputed and "83.105%" in combined.recomputed


def test_binh_tan_figures_that_do_not_reproduce_name_both_values() -> None:
    rs, subs, claims = _bt()
    report = audit(rs, subs, claims)
    wrong = {(i.kind, i.target, i.unit): i for i in report.mismatches}
    ct2 = wrong[("figure", "CT-2", "all")]
    assert ct2.reported == "97,43%" and "pooled 97.4359%" in ct2.recomputed
    assert "truncated" in ct2.note  # 38/39 = 97.4359…% rounds to 97,44%
    method = wrong[("method", "CT-2, CT-3", "all")]
    assert "pooled" in method.note and "averaged" in method.note
    ct1 = wrong[("assessment", "CT-1", "all")]
    assert (ct1.reported, ct1.recomputed) == ("đạt", "chưa đạt")
    assert (
        wrong[("summary", "đạt", "all")].reported,
        wrong[("summary", "đạt", "all")].recomputed,
    ) == ("3", "2")
    assert (
        wrong[("summary", "chưa đạt", "all")].reported,
        wrong[("summary", "chưa đạt", "all")].recomputed,
    ) == ("1", "2")
    assert len(report.mismatches) == 5
    data = report.to_dict()
    assert data["ruleset"]["fingerprint"] == rs.fingerprint  # the rule set version checked
    assert [s["fingerprint"] for s in data["submissions"]] == [s.fingerprint for s in subs]


def test_printed_precision() -> None:
    assert parse_printed("86,4%") == (Decimal("86.4"), 1)
    assert parse_printed("360.682") == (Decimal("360682"), 0)
    with pytest.raises(ValueError, match="printed number"):
        parse_printed("chín mươi")


@st.composite
def _audited(draw: st.DrawFn) -> tuple[Any, list[Any]]:
    ruleset = draw(rulesets(max_tasks=0, target_kinds=("fixed", "tiers")))
    rate_targets = [t for t in ruleset.targets if ruleset.input_map[t.input].kind is InputKind.RATE]
    assume(rate_targets)
    subs = []
    for n in range(2):
        data = draw(submission_data(ruleset))
        data["unit"] = {**data["unit"], "id": f"u{n}"}
        subs.append(submission_from_data(data, ruleset))
    return ruleset, subs


@settings(max_examples=40, deadline=None)
@given(_audited())
def test_an_audit_of_a_report_that_gets_everything_right_finds_nothing(
    case: tuple[Any, list[Any]],
) -> None:
    ruleset, subs = case
    claims = reported_from_data(reported_from(ruleset, subs), ruleset)
    assert audit(ruleset, subs, claims).mismatches == ()


@settings(max_examples=40, deadline=None)
@given(_audited(), st.data())
def test_one_figure_changed_beyond_its_precision_is_the_one_mismatch(
    case: tuple[Any, list[Any]], data: st.DataObject
) -> None:
    ruleset, subs = case
    raw = reported_from(ruleset, subs)
    per_unit = [i for i, f in enumerate(raw["figures"]) if f["unit"] != "all"]
    assume(per_unit)
    index = data.draw(st.sampled_from(per_unit))
    figure = raw["figures"][index]
    value, places = parse_printed(figure["value"])
    shift = data.draw(st.sampled_from([-1, 1])) * Decimal(1).scaleb(-places)
    changed = value + shift * data.draw(st.integers(1, 50))
    assume(changed >= 0)
    figure["value"] = f"{changed:f}".replace(".", ",") + "%"
    report = audit(ruleset, subs, reported_from_data(raw, ruleset))
    assert [(i.kind, i.target, i.unit) for i in report.mismatches] == [
        ("figure", figure["target"], figure["unit"])
    ]


def test_a_bad_reported_file_is_located(tmp_path: Path) -> None:
    rs = load_ruleset(BT)
    data = json.loads((examples_dir() / f"{BT}.reported.json").read_text(encoding="utf-8"))
    data["figures"][0]["target"] = "CT-9"
    data["figures"][1]["value"] = "một trăm"
    path = tmp_path / "claims.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReportedError) as caught:
        load_reported(path, rs)
    problems = {loc.path: msg for loc, msg in caught.value.problems}
    assert "unknown target 'CT-9'" in problems["figures[0].target"]
    assert "printed number" in problems["figures[1].value"]
    out = CliRunner().invoke(
        main, ["audit", BT, str(examples_dir() / f"{BT}.district.json"), "--reported", str(path)]
    )
    assert out.exit_code == 3 and "Traceback" not in out.output


def test_audit_command_exit_codes(tmp_path: Path) -> None:
    district = str(examples_dir() / f"{BT}.district.json")
    wards = str(examples_dir() / f"{BT}.wards.json")
    claims = str(examples_dir() / f"{BT}.reported.json")
    found = CliRunner().invoke(
        main, ["audit", BT, district, wards, "--reported", claims, "--format", "json"]
    )
    assert found.exit_code == 1
    data = json.loads(found.output)
    assert data["mismatches"] == 5 and data["findings"][0]["code"] == "FIGURE_MISMATCH"
    rs = load_ruleset(BT)
    subs = [load_submission(p, rs) for p in (district, wards)]
    right = tmp_path / "right.json"
    right.write_text(json.dumps(reported_from(rs, subs), ensure_ascii=False), encoding="utf-8")
    clean = CliRunner().invoke(main, ["audit", BT, district, wards, "--reported", str(right)])
    assert clean.exit_code == 0, clean.output
