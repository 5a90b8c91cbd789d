"""Linting rule sets: each finding is real, and shows the place in the source text."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dti_rules import bundled_rulesets, load_ruleset, ruleset_from_data
from dti_rules.analysis.lint import Severity, lint, unit_key
from dti_rules.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _flat(text: str) -> str:
    """Text without diacritics, case or line breaks: OCR damage spares the letters."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w/]+", " ", bare.casefold()).split())


def _seed_text(ruleset: Any) -> str:
    name = ruleset.spec.source.file
    path = SEEDS / name if name else None
    if path is None or not path.exists():
        pytest.skip("the seed documents are not beside this checkout")
    return _flat(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("ident", bundled_rulesets())
def test_lint_finishes_on_every_bundled_rule_set(ident: str) -> None:
    for finding in lint(load_ruleset(ident)):
        assert finding.code and finding.message and finding.source_ref
        assert finding.severity in set(Severity)


def test_q10_findings_are_in_its_source_text() -> None:
    q10 = load_ruleset("q10-dti-2024")
    seed = _seed_text(q10)
    findings = lint(q10)
    codes = {(f.code, f.subject) for f in findings}
    assert ("DEADLINE_BEFORE_ISSUE", "I.1") in codes
    assert ("DEADLINE_BEFORE_ISSUE", "II.3") in codes
    assert ("CUTOFF_GAP", "VIII.7.quarterly") in codes
    for finding in findings:
        assert finding.text, finding
        assert _flat(finding.text) in seed, (finding.code, finding.text)
    gap = next(f for f in findings if f.code == "CUTOFF_GAP")
    assert gap.text == "trước ngày 10 tháng cuối cùng của quý"  # VIII.7, before the 14th
    assert gap.severity is Severity.ERROR


@pytest.mark.parametrize("ident", bundled_rulesets())
def test_every_finding_quotes_its_source_text(ident: str) -> None:
    rs = load_ruleset(ident)
    findings = lint(rs)
    if not findings:
        pytest.skip(f"{ident} has no findings")
    seed = _seed_text(rs)
    for finding in findings:
        if finding.text:
            assert _flat(finding.text) in seed, (finding.code, finding.text)
        for name in re.findall(r"'([^']+)' in", finding.message):  # UNIT_SPELLING
            assert _flat(name) in seed, (finding.code, name)


def test_de_an_06_announces_more_tasks_than_it_lists() -> None:
    rs = load_ruleset("hcmc-de-an-06-2024")
    found = {(f.code, f.subject): f for f in lint(rs)}
    assert "says 49 tasks" in found[("DECLARED_COUNT", "tasks")].message
    assert "add up to 47" in found[("DECLARED_COUNT", "tasks")].message
    group_one = found[("DECLARED_COUNT", "I. Về công tác chỉ đạo, điều hành")]
    assert "says 9" in group_one.message and "add up to 8" in group_one.message
    assert "skip number(s) 2" in found[("NUMBERING_GAP", "DA06.I")].message
    assert "skip number(s) 10 between groups" in found[("NUMBERING_GAP", "tasks")].message


def test_unit_key_merges_spellings_not_units() -> None:
    assert unit_key("Công an Quận 10") == unit_key("Công an quận")
    assert unit_key("Các cơ quan chuyên môn thuộc quận") == unit_key("Các cơ quan chuyên môn")
    assert unit_key("Phòng Nội vụ") != unit_key("Phòng Kinh tế")


def _with(mini_data: dict[str, Any], **extra: Any) -> Any:
    return ruleset_from_data({**mini_data, **extra})


def test_declared_counts_against_the_items(mini_data: dict[str, Any]) -> None:
    tasks = [
        {"id": f"DA.I.0{n}", "group": "I", "name": f"Việc {n}", "source_ref": f"I.{n}"}
        for n in (1, 3, 4)
    ]
    rs = _with(
        mini_data,
        tasks=tasks,
        declared_counts=[
            {"source_ref": "I", "text": "(04 NHIỆM VỤ)", "count": 4, "of": "tasks", "group": "I"},
            {"source_ref": "III", "text": "gồm 04 chỉ tiêu", "count": 4, "of": "targets"},
        ],
    )
    found = {f.code: f for f in lint(rs)}
    assert "add up to 3" in found["DECLARED_COUNT"].message
    assert found["DECLARED_COUNT"].text == "(04 NHIỆM VỤ)"
    assert "skip number(s) 2" in found["NUMBERING_GAP"].message
    # the targets' declared count is right: a single finding
    assert sum(1 for f in lint(rs) if f.code == "DECLARED_COUNT") == 1


def test_repeated_numbers_and_unmeasurable_targets(mini_data: dict[str, Any]) -> None:
    tasks = [
        {"id": "t1", "name": "Một", "source_ref": "PL.1"},
        {"id": "t2", "name": "Hai", "source_ref": "PL.1"},
    ]
    targets = [dict(t) for t in mini_data["targets"]]
    targets[0] = {**targets[0], "tiers": {"province": 80}}
    targets[0].pop("threshold")
    rs = _with(mini_data, tasks=tasks, targets=targets)
    found = {f.code: f for f in lint(rs)}
    assert "t1, t2" in found["NUMBERING_REPEATED"].message
    assert found["TARGET_UNMEASURABLE"].subject == targets[0]["id"]


def test_an_input_nothing_reads(mini_data: dict[str, Any]) -> None:
    inputs = [
        *mini_data["inputs"],
        {"id": "spare", "kind": "count", "name": "Dư", "source_ref": "IX"},
    ]
    found = [f for f in lint(_with(mini_data, inputs=inputs)) if f.code == "INPUT_UNUSED"]
    assert [f.subject for f in found] == ["spare"]


def test_lint_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    clean = runner.invoke(main, ["lint", "tests/data/mini.yaml"])
    assert clean.exit_code == 0 and "no findings" in clean.output
    found = runner.invoke(main, ["lint", "q10-dti-2024", "--format", "json"])
    assert found.exit_code == 1
    data = json.loads(found.output)
    assert {"code", "severity", "message", "source_ref"} <= set(data["findings"][0])
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: [", encoding="utf-8")
    invalid = runner.invoke(main, ["lint", str(bad)])
    assert invalid.exit_code == 3 and "Traceback" not in invalid.output


def test_a_report_may_account_for_deadlines_before_its_date() -> None:
    report = load_ruleset("binh-tan-dti-2023")
    assert report.spec.source.kind == "report"
    assert any(ob.past for ob in report.obligations)  # due before the report's date
    assert not any(f.code == "DEADLINE_BEFORE_ISSUE" for f in lint(report))
    counted = [f for f in lint(report) if f.code == "DECLARED_COUNT"]
    assert counted == []  # "gồm 06 chỉ tiêu": six targets, six encoded


def test_a_declared_total_of_points_against_the_parts(mini_data: dict[str, Any]) -> None:
    group = mini_data["groups"][1]
    stated = {
        "source_ref": group["source_ref"],
        "text": f"{group['id']} (70 điểm)",
        "count": 70,
        "of": "points",
        "group": group["id"],
    }
    found = [
        f for f in lint(_with(mini_data, declared_counts=[stated])) if f.code == "DECLARED_TOTAL"
    ]
    assert len(found) == 1
    assert "says 70 points" in found[0].message
    assert f"add up to {group['max_points']}" in found[0].message
    right = {**stated, "count": group["max_points"]}
    assert not [
        f for f in lint(_with(mini_data, declared_counts=[right])) if f.code == "DECLARED_TOTAL"
    ]
