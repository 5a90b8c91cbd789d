"""Deadlines in rule sets, submissions, evaluations and the command line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from click.testing import CliRunner

from dti_rules import (
    BACKENDS,
    RuleSetError,
    SubmissionError,
    ViolationCode,
    evaluate,
    load_ruleset,
    load_submission,
    ruleset_from_data,
    submission_from_data,
)
from dti_rules.analysis.agenda import agenda
from dti_rules.cli import main
from dti_rules.engine._durable import definition
from dti_rules.rulesets import examples_dir
from dti_rules.testing import full_marks_data

D = dt.date
Q10 = "q10-dti-2024"
UNIT = {"id": "q10", "name": "Ủy ban nhân dân Quận 10", "level": "district"}


def run(*args: Any) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def q10() -> Any:
    return load_ruleset(Q10)


def _sub(rs: Any, **extra: Any) -> Any:
    return submission_from_data({"unit": UNIT, "period": "2024", "inputs": {}, **extra}, rs)


# -- the Quận 10 schedule --------------------------------------------------------------------


def test_q10_reports_of_section_viii_7(q10: Any) -> None:
    by_ob: dict[str, list[Any]] = {}
    for due in q10.schedule:
        by_ob.setdefault(due.obligation, []).append(due)
    # the plan is dated 29/3/2024: monthly reports from April, quarterly from Q2
    monthly = by_ob["VIII.7.monthly"]
    assert [d.key for d in monthly] == [f"2024-{m:02d}" for m in range(4, 13)]
    assert all(d.nominal.day == 19 for d in monthly)  # "trước ngày 20"
    quarterly = by_ob["VIII.7.quarterly"]
    assert [(d.key, d.nominal) for d in quarterly] == [
        ("2024-Q2", D(2024, 6, 9)),
        ("2024-Q3", D(2024, 9, 9)),
        ("2024-Q4", D(2024, 12, 9)),
    ]
    # 9 June 2024 is a Sunday: due on Monday 10 June
    assert quarterly[0].due == D(2024, 6, 10) and quarterly[0].roll_reason
    # the quarterly deadline falls before the quarterly cut-off ends on the 14th
    assert all(d.gap is not None and not d.gap.ok for d in quarterly)
    assert all(d.gap is not None and d.gap.ok for d in monthly)
    (plan,) = by_ob["VIII.7.unit-plan"]
    assert (plan.nominal, plan.due, plan.window) == (D(2024, 4, 9), D(2024, 4, 9), None)


def test_q10_obligations_cover_both_annexes(q10: Any) -> None:
    kinds = {ob.id: ob.kind.value for ob in q10.obligations}
    assert sum(1 for key in kinds if key.startswith("PL1.")) == 47
    assert kinds["VIII.7.monthly"] == "report"
    past = {ob.id for ob in q10.obligations if ob.past}
    assert past == {"I.1", "II.3"}  # the 2023 quarters of Phụ lục 2
    waiting = {ob.id for ob in q10.obligations if ob.waits_for_event}
    assert "PL1.I.2" in waiting  # "Theo Kế hoạch của Ủy ban nhân dân Thành phố"


def test_full_marks_means_every_deadline_kept(q10: Any) -> None:
    for backend in BACKENDS:
        result = evaluate(
            q10, submission_from_data(full_marks_data(q10, "district"), q10), backend=backend
        )
        statuses = {d.status for d in result.deadlines}
        assert statuses <= {"on_time", "pending", "no_deadline", "waiting"}
        assert result.violations == ()


# -- evaluation -----------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_statuses_and_violations_from_completion_dates(q10: Any, backend: str) -> None:
    sub = _sub(
        q10,
        done={
            "PL1.I.1": "2024-03-20",  # due 31/3 (Sunday) → 1/4: on time
            "VIII.7.monthly": {"2024-04": "2024-04-25", "2024-05": "2024-05-20"},
            "VIII.7.unit-plan": "2024-04-09",
        },
        events={"PL1.I.2": "2024-05-15"},
    )
    result = evaluate(q10, sub, as_of=D(2024, 6, 30), backend=backend)
    found = {d.id: d for d in result.deadlines}
    assert found["PL1.I.1"].status == "on_time"
    april = found["VIII.7.monthly@2024-04"]
    assert (april.status, april.days, april.due) == ("late", 6, D(2024, 4, 19))
    # 19 May 2024 is a Sunday: due Monday 20 May, and sent that day
    assert found["VIII.7.monthly@2024-05"].status == "on_time"
    june = found["VIII.7.monthly@2024-06"]
    assert (june.status, june.days) == ("overdue", 11)
    assert found["VIII.7.monthly@2024-07"].status == "pending"
    assert found["VIII.7.unit-plan"].status == "on_time"
    assert found["PL1.I.2"].status == "overdue"  # its event came, it was not done
    assert found["PL1.I.4"].status == "waiting"
    assert found["II.5"].status == "no_deadline"  # "Nhiệm vụ thường xuyên"
    assert found["I.5@2024-W13"].status == "overdue"  # weekly (R-21), not dated
    codes = {(v.code, v.subject) for v in result.violations}
    assert (ViolationCode.REPORT_LATE, "VIII.7.monthly@2024-04") in codes
    assert (ViolationCode.REPORT_OVERDUE, "VIII.7.monthly@2024-06") in codes
    assert (ViolationCode.TASK_OVERDUE, "PL1.I.2") in codes
    assert not any(v.subject.startswith("VIII.7.monthly@2024-07") for v in result.violations)
    messages = {v.subject: (v.message, v.source_ref) for v in result.violations}
    april_message, april_source = messages["VIII.7.monthly@2024-04"]
    assert april_source == "VIII.7"
    assert april_message == (
        "report VIII.7.monthly@2024-04 was done on 2024-04-25, 6 days after its due day 2024-04-19"
    )
    assert messages["VIII.7.monthly@2024-06"][0] == (
        "report VIII.7.monthly@2024-06 was due on 2024-06-19 and is not reported done "
        "(11 days overdue)"
    )
    assert messages["PL1.I.2"][0].startswith("task PL1.I.2 was due on ")


def test_work_done_after_the_evaluation_date_does_not_count(q10: Any) -> None:
    sub = _sub(q10, done={"VIII.7.monthly": {"2024-04": "2024-05-02"}})
    early = evaluate(q10, sub, as_of=D(2024, 4, 30), backend="native")
    later = evaluate(q10, sub, as_of=D(2024, 5, 31), backend="native")
    first = next(d for d in early.deadlines if d.id == "VIII.7.monthly@2024-04")
    second = next(d for d in later.deadlines if d.id == "VIII.7.monthly@2024-04")
    assert (first.status, first.done) == ("overdue", None)
    assert (second.status, second.done) == ("late", D(2024, 5, 2))


def test_as_of_defaults_to_the_end_of_the_period(q10: Any) -> None:
    result = evaluate(q10, _sub(q10), backend="native")
    assert result.as_of == D(2024, 12, 31)
    assert result.to_dict()["as_of"] == "2024-12-31"


def test_deadline_explanations_cite_the_text_and_the_move(q10: Any) -> None:
    result = evaluate(q10, _sub(q10), backend="native")
    item = next(d for d in result.to_dict()["deadlines"] if d["id"] == "VIII.7.quarterly@2024-Q2")
    steps = " ".join(item["explanation"]["steps"])
    assert "trước ngày 10 tháng cuối cùng của quý" in steps
    assert "Điều 148" in steps and "Điều 12" in steps
    assert item["nominal"] == "2024-06-09" and item["due"] == "2024-06-10"


def test_the_example_keeps_its_deadlines_on_both_backends(q10: Any) -> None:
    sub = load_submission(examples_dir() / f"{Q10}.example.json", q10)
    results = [evaluate(q10, sub, backend=b).to_dict() for b in BACKENDS]
    for data in results:
        data.pop("backend")
    assert all(r == results[0] for r in results)
    summary = {s: 0 for s in ("on_time", "late", "overdue", "pending")}
    for item in results[0]["deadlines"]:
        summary[item["status"]] = summary.get(item["status"], 0) + 1
    assert summary["late"] > 0 and summary["overdue"] > 0 and summary["on_time"] > 40


def test_durable_judges_due_days_in_the_engine(q10: Any) -> None:
    rules = definition(q10)
    # one fact per due day: the engine compares the day the work was done, and the
    # evaluation date, with the fact's own due day
    (on_time,) = rules["due_on_time"]["all"]
    assert {"$lte": {"done": {"$m": "day"}}} in on_time["m"]["$and"]
    (overdue,) = rules["due_overdue"]["all"]
    assert {"done": 0} in overdue["m"]["$and"]
    assert {"$gt": {"today": {"$m": "day"}}} in overdue["m"]["$and"]


# -- rule sets and submissions: located errors ----------------------------------------------


def _mini_with(mini_data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**mini_data, **extra}


def test_an_unreadable_deadline_in_a_rule_set_is_located(
    mini_data: dict[str, Any], write: Callable[[str, str], Path]
) -> None:
    data = _mini_with(
        mini_data,
        tasks=[{"id": "t1", "name": "Việc", "source_ref": "PL.1", "deadline": "Quý V/2024"}],
    )
    path = write("bad-deadline.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(path)
    ((location, message),) = caught.value.problems
    assert location.path == "tasks[0].deadline" and location.line is not None
    assert "'Quý V/2024'" in message and "a quarter is I to IV" in message
    assert "Quý V/2024" in path.read_text(encoding="utf-8").splitlines()[location.line - 1]


def test_a_rule_set_states_its_own_reading_of_a_deadline(mini_data: dict[str, Any]) -> None:
    data = _mini_with(
        mini_data,
        reports=[
            {
                "id": "r1",
                "name": "Báo cáo",
                "source_ref": "VIII",
                "deadline": "định kỳ",
                "due": {"kind": "recurring", "every": "month", "day": 20, "before": True},
                "assumption": "read as the city's quarterly rule",
            }
        ],
        calendar={"roll_forward": False},
    )
    rs = ruleset_from_data(data)
    (ob,) = rs.obligations
    assert ob.rule.phrase() == "Trước ngày 20 hàng tháng"
    assert ob.notes == ("the rule set states this rule (its own reading of the text)",)
    # roll-forward off: 19 Oct 2024 is a Saturday and stays
    assert any(d.due == D(2024, 10, 19) and d.roll_reason is None for d in rs.schedule)


def test_a_report_binds_only_its_levels(mini_data: dict[str, Any]) -> None:
    report = {
        "id": "r1",
        "name": "Báo cáo quý",
        "source_ref": "VIII",
        "levels": ["district"],
        "deadline": "Trước ngày 20 của tháng cuối quý",
    }
    rs = ruleset_from_data(_mini_with(mini_data, levels=["district", "ward"], reports=[report]))
    assert len(rs.schedule) >= 3  # the quarters from the issue date on
    for level, expected in (("district", len(rs.schedule)), ("ward", 0)):
        sub = submission_from_data(
            {"unit": {"id": "u", "name": "U", "level": level}, "period": "2024", "inputs": {}},
            rs,
        )
        for backend in BACKENDS:
            result = evaluate(rs, sub, backend=backend)
            assert len(result.deadlines) == expected, (level, backend)


def test_bad_due_data_is_located(mini_data: dict[str, Any]) -> None:
    data = _mini_with(
        mini_data,
        reports=[
            {
                "id": "r1",
                "name": "B",
                "source_ref": "VIII",
                "deadline": "x",
                "due": {"kind": "recurring", "every": "quarter", "day": 20, "month": 7},
            }
        ],
    )
    with pytest.raises(RuleSetError) as caught:
        ruleset_from_data(data)
    assert any(
        loc.path == "reports[0].due" and "month 7" in msg for loc, msg in caught.value.problems
    )


def test_submission_deadline_errors_are_located(q10: Any) -> None:
    with pytest.raises(SubmissionError) as caught:
        _sub(
            q10,
            done={
                "PL1.I.9": "2024-03-20",
                "VIII.7.monthly": {"2024-02": "2024-02-10", "2024-05": "20/05/2024"},
                "VIII.7.quarterly": "2024-06-01",
                "PL1.I.2": "2024-02-02",
            },
            events={"PL1.I.1": "2024-06-01"},
        )
    problems = {loc.path: msg for loc, msg in caught.value.problems}
    assert "did you mean 'PL1.I.1'" in problems["done.PL1.I.9"]
    assert "no due day 2024-02" in problems["done.VIII.7.monthly.2024-02"]
    assert "expected a date YYYY-MM-DD" in problems["done.VIII.7.monthly.2024-05"]
    assert "due several times" in problems["done.VIII.7.quarterly"]
    assert "waits for an event" in problems["done.PL1.I.2"]
    assert "does not wait for an event" in problems["events.PL1.I.1"]


def test_the_template_names_every_due_day(q10: Any) -> None:
    out = run("template", Q10)
    assert out.exit_code == 0
    data = json.loads(out.output)
    assert list(data["done"]["VIII.7.quarterly"]) == ["2024-Q2", "2024-Q3", "2024-Q4"]
    assert data["done"]["PL1.I.1"] is None and "PL1.I.2" in data["events"]
    assert "II.5" not in data["done"]  # ongoing: nothing to date
    # weekly (I.5, R-21): one entry per week from the issue week, W13, to W52
    assert list(data["done"]["I.5"]) == [f"2024-W{week:02d}" for week in range(13, 53)]
    assert submission_from_data(data | {"unit": UNIT}, q10).done == ()


def test_completion_dates_change_the_submission_fingerprint(q10: Any) -> None:
    plain = _sub(q10)
    dated = _sub(q10, done={"PL1.I.1": "2024-03-20"})
    assert plain.fingerprint != dated.fingerprint


# -- the command line -----------------------------------------------------------------------


def test_deadline_command_prints_rule_and_dates() -> None:
    out = run("deadline", "Trước ngày 10 của tháng cuối quý", "--issued", "2024-03-29")
    assert out.exit_code == 0, out.output
    assert "recurring" in out.output and "2024-06-09 → due 2024-06-10" in out.output


def test_deadline_command_json_contract() -> None:
    out = run("deadline", "Ngày 10/02/2024", "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert {"phrase", "kind", "nominal", "due", "notes"} <= set(data)
    assert data["kind"] == "one_off"
    assert data["nominal"] == ["2024-02-10"] and data["due"] == ["2024-02-15"]
    assert any("Điều 148" in note for note in data["notes"])


@pytest.mark.parametrize(
    "args",
    [
        ("Ngày 30/02/2024",),
        ("Quý V/2024",),
        ("Tháng 13/2024",),
        ("lúc nào cũng được",),
    ],
)
def test_deadline_command_refuses_impossible_input_with_exit_3(args: tuple[str, ...]) -> None:
    out = run("deadline", *args)
    assert out.exit_code == 3
    assert "Traceback" not in out.output
    assert "error:" in out.output


def test_deadline_command_refuses_an_impossible_issue_date_as_a_usage_error() -> None:
    out = run("deadline", "Tháng 3", "--issued", "2024-02-30")
    assert out.exit_code == 2  # a bad option value, as for score --as-of
    assert "Traceback" not in out.output
    assert "--issued" in out.output


def test_calendar_command_json_and_ics(tmp_path: Path, q10: Any) -> None:
    ics = tmp_path / "q10.ics"
    out = run("calendar", Q10, "--year", "2024", "--format", "json", "--ics", ics)
    assert out.exit_code == 0, out.output
    data = json.loads(out.output[out.output.index("{") :])
    entries = data["entries"]
    assert all({"id", "source_ref", "period", "due", "cutoff"} <= set(e) for e in entries)
    assert [e["due"] for e in entries] == sorted(e["due"] for e in entries)
    quarterly = [e for e in entries if e["obligation"] == "VIII.7.quarterly"]
    assert quarterly[0]["cutoff"] == {"start": "2024-03-15", "end": "2024-06-14"}
    assert quarterly[0]["cutoff_gap_ok"] is False
    # the iCalendar file reads back with the same events
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = {str(e["uid"]): e.decoded("dtstart") for e in cal.walk("VEVENT")}
    assert events == {f"{Q10}/{e['id']}@dti-rules": D.fromisoformat(e["due"]) for e in entries}
    assert ics.read_bytes() == agenda(q10, 2024).to_ics()  # same bytes every time


def test_calendar_table_flags_moved_days_and_short_gaps() -> None:
    out = run("calendar", Q10, "--year", "2024")
    assert out.exit_code == 0
    assert "VIII.7.monthly@2024-04" in out.output
    assert "* moved off a weekend or holiday" in out.output
    assert "Điều 8" in out.output


def test_score_as_of_changes_deadline_statuses() -> None:
    example = examples_dir() / f"{Q10}.example.json"
    early = run("score", Q10, example, "--format", "json", "--as-of", "2024-04-01")
    assert early.exit_code == 0
    statuses = {d["id"]: d["status"] for d in json.loads(early.output)["deadlines"]}
    assert statuses["VIII.7.monthly@2024-12"] == "pending"


def test_agenda_keeps_due_days_moved_into_the_next_year() -> None:
    moved = agenda(load_ruleset("binh-tan-dti-2023"), 2024)
    ids = {e.id: e for e in moved.entries}
    # the Q4/2023 report falls due on Sunday 31/12/2023 and moves to Tuesday 2/1/2024
    assert ids["PL2.X.1@2023-Q4"].due == D(2024, 1, 2)
    assert not any(e.id.endswith("@2024-Q1") for e in moved.entries)  # 2024 is not covered
    assert "PL2.X.1@2023-Q4" not in {
        e.id for e in agenda(load_ruleset("binh-tan-dti-2023"), 2023).entries
    }
    assert agenda(load_ruleset(Q10), 2025).entries == ()


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_event_without_a_time_limit_gives_no_due_day(backend: str) -> None:
    rs = load_ruleset("binh-tan-dti-2023")
    after = rs.obligation_map["PL2.II.2"]
    assert after.rule is not None and after.rule.phrase().startswith("Sau khi Thành phố")
    unit = {"id": "bt", "name": "Bình Tân", "level": "district"}
    for events, status in (({}, "waiting"), ({"PL2.II.2": "2023-08-01"}, "no_deadline")):
        sub = submission_from_data(
            {"unit": unit, "period": "2023-Q3", "inputs": {}, "events": events}, rs
        )
        found = {d.id: d for d in evaluate(rs, sub, backend=backend).deadlines}
        assert found["PL2.II.2"].status == status and found["PL2.II.2"].due is None
