"""The city's Q1/2024 results slides (seed 003) as a report on the plan hcmc-dx-2024: each
printed figure against the plan's target it names (dti-rules audit without submissions)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from dti_rules import evaluate, load_ruleset, ruleset_from_data, submission_from_data
from dti_rules.analysis.audit import ReportedError, load_reported, progress, reported_from_data
from dti_rules.cli import main
from dti_rules.errors import RuleSetError
from dti_rules.model import Level
from dti_rules.rulesets import examples_dir, rules_dir

SLIDES = examples_dir() / "hcmc-dx-2024.q1.reported.yaml"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_5977643d7034502b.txt"


@pytest.fixture(scope="module")
def plan() -> Any:
    return load_ruleset("hcmc-dx-2024")


@pytest.fixture(scope="module")
def report(plan: Any) -> Any:
    return progress(plan, load_reported(SLIDES, plan))


def _item(report: Any, target: str) -> Any:
    return next(i for i in report.items if i.target == target)


def test_three_figures_against_the_plans_targets(report: Any) -> None:
    # line 180: "Tỷ lệ Dân số trưởng thành có chữ ký số cá nhân TP.HCM đạt tỷ lệ 32.10%";
    # the plan (III.3, gạch đầu dòng 13) wants every adult to have one: ≥ 100%, not met
    signature = _item(report, "III.3.13b")
    assert (signature.reported, signature.threshold, signature.status) == (
        "32.10%",
        "≥ 100%",
        "not_met",
    )
    # line 182: "Tỷ lệ hộ gia đình có đường Internet cáp quang băng rộng đạt 100%" against
    # III.3.9 "… đạt 90%": exceeded
    fibre = _item(report, "III.3.9")
    assert (fibre.reported, fibre.threshold, fibre.status) == ("100%", "≥ 90%", "exceeded")
    # line 176: 4.588.105 e-ID accounts activated: a count, while III.3.13a is a rate over
    # the population, so the figure cannot be judged against it
    accounts = _item(report, "III.3.13a")
    assert (accounts.reported, accounts.status) == ("4.588.105", "not_evaluated")
    assert "count" in accounts.note
    # figures the plan sets no target for are listed, not judged: 1.626/1.830 internal
    # procedures (line 149), 28,9% and 17% of procedures online (151, 154), 11 systems (94)
    assert [i.reported for i in report.items if i.target is None] == [
        "1.626/1.830",
        "28,9%",
        "17%",
        "11",
    ]
    assert report.counts() == {
        "exceeded": 1,
        "met": 2,
        "not_met": 1,
        "not_evaluated": 1,
        "no_target": 4,
    }


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not beside the checkout")
def test_every_figure_is_printed_on_its_line() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    raw = load_reported(SLIDES, load_ruleset("hcmc-dx-2024"))
    for figure in raw.figures:
        assert figure.line is not None and str(figure.value) in lines[figure.line - 1]
    # and the one task of the plan it reports done: VIII.5(a), the units' own plans (line 23)
    assert [t.task for t in raw.tasks] == ["VIII.5.a.plan"]
    assert "100% Sở, quận, huyện, TP. Thủ đức đã ban" in lines[22]


def test_the_proposed_tasks_of_the_second_quarter_are_obligations() -> None:
    rs = load_ruleset("hcmc-dx-2024-q2-proposed")
    assert rs.spec.reports_on == "hcmc-dx-2024" and rs.spec.source.kind == "report"
    # section III (lines 199-281): 6 for Sở Thông tin và Truyền thông (203-215), 5 for Văn
    # phòng UBND Thành phố (221-237), 3 for Trung tâm Chuyển đổi số (243-259), 4 for every
    # department and district (265-279); each due at the end of Q2: 30/6/2024, a Sunday
    assert len(rs.spec.tasks) == 18
    assert {d.due for d in rs.schedule} == {dt.date(2024, 7, 1)}

    def owed(level: Level, name: str) -> int:
        return len(rs.for_level(level, (name, name)).obligations)

    assert owed(Level.DEPARTMENT, "Sở Thông tin và Truyền thông") == 6 + 4
    assert owed(Level.DEPARTMENT, "Văn phòng Ủy ban nhân dân Thành phố") == 5 + 4
    assert owed(Level.DEPARTMENT, "Trung tâm Chuyển đổi số Thành phố") == 3 + 4
    assert owed(Level.DEPARTMENT, "Sở Y tế") == 4
    assert owed(Level.DISTRICT, "Ủy ban nhân dân Quận 1") == 4
    data = {
        "unit": {"id": "stttt", "name": "Sở Thông tin và Truyền thông", "level": "department"},
        "period": "2024-Q2",
        "inputs": {},
    }
    result = evaluate(rs, submission_from_data(data, rs), as_of=dt.date(2024, 7, 2))
    assert sum(v.code.value == "TASK_OVERDUE" for v in result.violations) == 10
    if SEED.exists():
        text = " ".join(SEED.read_text(encoding="utf-8").split())
        for task in rs.spec.tasks:
            assert " ".join(task.name.split())[:40] in text, task.id


def test_a_report_links_to_a_bundled_plan() -> None:
    raw = yaml.safe_load((rules_dir() / "hcmc-dx-2024-q2-proposed.yaml").read_text("utf-8"))
    raw["reports_on"] = "hcmc-dx-2042"
    with pytest.raises(RuleSetError, match="unknown bundled rule set 'hcmc-dx-2042'"):
        ruleset_from_data(raw)
    raw["reports_on"] = raw["id"]
    with pytest.raises(RuleSetError, match="cannot report on itself"):
        ruleset_from_data(raw)


def test_the_link_to_the_plan_is_validated(plan: Any) -> None:
    raw: dict[str, Any] = {
        "schema": "dti-rules/reported/1",
        "ruleset": "hcmc-dx-2024",
        "figures": [{"target": "III.3.99", "value": "10%", "line": 3}],
        "tasks": [{"task": "VIII.9"}],
    }
    with pytest.raises(ReportedError) as caught:
        reported_from_data(raw, plan)
    text = str(caught.value)
    assert "figures[0].target" in text and "unknown target 'III.3.99' of hcmc-dx-2024" in text
    assert "tasks[0].task" in text and "unknown task 'VIII.9'" in text
    with pytest.raises(ReportedError, match="for 'hcmc-dx-2024', not 'q10-dti-2024'"):
        load_reported(SLIDES, load_ruleset("q10-dti-2024"))
    unnamed = {**raw, "figures": [{"target": None, "value": 11}], "tasks": []}
    with pytest.raises(ReportedError, match="must say what it counts"):
        reported_from_data(unnamed, plan)


def test_the_cli_reports_each_figure() -> None:
    runner = CliRunner()
    args = ["audit", "hcmc-dx-2024", "--reported", str(SLIDES)]
    table = runner.invoke(main, args)
    assert table.exit_code == 0, table.output
    assert "III.3.13b" in table.output and "not_met" in table.output
    found = runner.invoke(main, [*args, "--format", "json"])
    data = json.loads(found.output)
    assert data["mode"] == "progress" and data["ruleset"]["id"] == "hcmc-dx-2024"
    assert [f["code"] for f in data["findings"]] == ["TARGET_NOT_MET"]
    wrong = runner.invoke(main, ["audit", "q10-dti-2024", "--reported", str(SLIDES)])
    assert wrong.exit_code == 3 and "Traceback" not in wrong.output
