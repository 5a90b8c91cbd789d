"""The new deadline kinds in a rule set: read from its text or stated under ``due``, they are
scheduled, listed by the calendar, and judged alike by both engines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dti_rules import (
    BACKENDS,
    RuleSetError,
    evaluate,
    ruleset_from_data,
    submission_from_data,
)
from dti_rules.analysis.agenda import agenda

D = dt.date
TASKS = [
    {"id": "mid", "name": "Giữa tháng", "source_ref": "A", "deadline": "Giữa tháng 6/2024"},
    {"id": "range", "name": "Khoảng", "source_ref": "B", "deadline": "Tháng 7-8/2024"},
    {"id": "weekly", "name": "Tuần", "source_ref": "C", "deadline": "thứ Sáu hằng tuần"},
    {
        "id": "count",
        "name": "Làm việc",
        "source_ref": "D",
        "deadline": "Trong 05 ngày làm việc kể từ ngày nhận văn bản",
    },
    {
        "id": "stated",
        "name": "Tự nêu",
        "source_ref": "E",
        "deadline": "giữa tháng 10",
        "due": {"kind": "part_of", "period": "2024-10", "part": "mid"},
        "assumption": "'giữa tháng' read as trung tuần: by the 20th",
    },
    {
        "id": "next",
        "name": "Quý sau",
        "source_ref": "F",
        "deadline": "x",
        "due": {"kind": "recurring", "every": "quarter", "day": 15, "month": 4, "before": True},
    },
]


@pytest.fixture
def rs(mini_data: dict[str, Any]) -> Any:
    return ruleset_from_data({**mini_data, "tasks": TASKS})


def test_new_kinds_are_scheduled_with_their_reading(rs: Any) -> None:
    by_ob: dict[str, list[Any]] = {}
    for due in rs.schedule:
        by_ob.setdefault(due.obligation, []).append(due)
    (mid,) = by_ob["mid"]
    assert (mid.nominal, mid.due) == (D(2024, 6, 15), D(2024, 6, 17))  # a Saturday
    assert "Điều 146" in mid.basis
    (span,) = by_ob["range"]
    assert (span.nominal, span.due) == (D(2024, 8, 31), D(2024, 9, 4))
    fridays = by_ob["weekly"]
    assert all(d.nominal.weekday() == 4 for d in fridays)
    assert fridays[0].nominal == D(2024, 3, 29)  # from the issue date on
    assert "count" not in by_ob  # waits for its event
    (stated,) = by_ob["stated"]
    assert stated.nominal == D(2024, 10, 20)
    # Q1's report is due 14/4, after the plan was issued (29/3): it is owed
    assert [d.key for d in by_ob["next"]] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert by_ob["next"][0].nominal == D(2024, 4, 14)
    assert by_ob["next"][-1].nominal == D(2025, 1, 14)  # Q4's report, in January


def test_the_calendar_lists_them_and_the_engines_agree(rs: Any) -> None:
    plan = agenda(rs, 2024)
    ids = {e.obligation.id for e in plan.entries}
    assert {"mid", "range", "weekly", "stated", "next"} <= ids
    assert [ob.id for ob in plan.undated] == ["count"]
    assert any(e.id == "next@2024-Q4" for e in agenda(rs, 2025).entries)
    sub = submission_from_data(
        {
            "unit": {"id": "u", "name": "U", "level": "district"},
            "period": "2024",
            "inputs": {},
            "events": {"count": "2024-04-26"},
            "done": {"count": "2024-05-07", "mid": "2024-06-18"},
        },
        rs,
    )
    results = {
        backend: evaluate(rs, sub, as_of=D(2024, 12, 31), backend=backend) for backend in BACKENDS
    }
    tables = {
        backend: [(d.id, str(d.due), d.status) for d in result.deadlines]
        for backend, result in results.items()
    }
    assert len({tuple(t) for t in tables.values()}) == 1, tables
    table = {row[0]: row for row in next(iter(tables.values()))}
    assert table["count"][1:] == ("2024-05-07", "on_time")  # 5 working days after 26/4
    assert table["mid"][1:] == ("2024-06-17", "late")


def test_a_stated_part_that_does_not_fit_its_period_is_located(mini_data: dict[str, Any]) -> None:
    task = {
        "id": "bad",
        "name": "Sai",
        "source_ref": "X",
        "deadline": "x",
        "due": {"kind": "part_of", "period": "2024-Q3", "part": "late"},
    }
    with pytest.raises(RuleSetError) as caught:
        ruleset_from_data({**mini_data, "tasks": [task]})
    ((location, message),) = caught.value.problems
    assert location.path == "tasks[0].due" and "part of a month only" in message
