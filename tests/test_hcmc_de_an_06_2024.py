"""The city's Đề án 06 plan for 2024 (seed 004): its targets, its 47 listed tasks, its reports,
its due days and its example, with the document's own figures."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dti_rules import (
    BACKENDS,
    TargetStatus,
    ViolationCode,
    evaluate,
    load_ruleset,
    load_submission,
    submission_from_data,
    submission_template,
)
from dti_rules.calendar import VIETNAM
from dti_rules.rulesets import examples_dir
from dti_rules.testing import full_marks_data, zero_data

from .conftest import fill_template

D = dt.date
ID = "hcmc-de-an-06-2024"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "004_e4a8171a6a2b6f42.txt"
EXAMPLE = examples_dir() / f"{ID}.example.json"
UNIT = {"id": "q-test", "name": "Ủy ban nhân dân quận (kiểm thử)", "level": "district"}

# the annex: group numeral -> the row numbers it lists (02 and 10 are not in the document)
LISTED = {
    "I": [1, 3, 4, 5, 6, 7, 8, 9],
    "II": list(range(11, 20)),
    "III": list(range(20, 27)),
    "IV": list(range(27, 31)),
    "V": list(range(31, 44)),
    "VI": list(range(44, 49)),
    "VII": [49],
}
ANNOUNCED = {"I": 9, "II": 9, "III": 7, "IV": 4, "V": 13, "VI": 5, "VII": 1}


@pytest.fixture(scope="module")
def rs() -> Any:
    return load_ruleset(ID)


def _sub(rs: Any, **extra: Any) -> Any:
    return submission_from_data({"unit": UNIT, "period": "2024", "inputs": {}, **extra}, rs)


# -- identity -------------------------------------------------------------------------------


def test_identity_levels_and_no_points(rs: Any) -> None:
    spec = rs.spec
    assert spec.source.issued == D(2024, 3, 31)  # "ngày    tháng 3 năm 2024": last day
    assert spec.source.file == SEED.name
    assert [lvl.value for lvl in spec.levels] == ["department", "district", "ward"]
    assert rs.max_points == 0 and spec.groups == []
    ids = {r.id for r in spec.readings}
    assert {"R-1", "R-2", "R-12", "R-15"} <= ids
    assert any(r.assumption for r in spec.readings)


# -- the annex: 47 listed tasks in 7 groups -------------------------------------------------


def _annex(rs: Any) -> list[Any]:
    """The annex's tasks (the rule set also holds the standing duties of V.4-V.7, R-20)."""
    return [t for t in rs.spec.tasks if t.source_ref.startswith("Phụ lục")]


def test_tasks_per_group_as_listed(rs: Any) -> None:
    tasks = _annex(rs)
    assert len(tasks) == 47
    by_group = Counter(t.id.split(".")[1] for t in tasks)
    assert by_group == {g: len(rows) for g, rows in LISTED.items()}
    assert by_group["I"] == 8  # announced 09, listed 8
    groups = Counter(t.group for t in tasks)
    assert len(groups) == 7
    assert groups["I. Về công tác chỉ đạo, điều hành"] == 8
    data = "V. Hoàn thiện hệ sinh thái phục vụ kết nối, khai thác, bổ sung làm giàu dữ liệu dân cư"
    assert groups[data] == 13
    assert groups["VII. Về công tác tuyên truyền"] == 1


def test_task_ids_keep_the_documents_numbering(rs: Any) -> None:
    ids = [t.id for t in _annex(rs)]
    expected = [f"DA06.{g}.{n:02d}" for g, rows in LISTED.items() for n in rows]
    assert ids == expected
    numbers = {int(i.rsplit(".", 1)[1]) for i in ids}
    assert set(range(1, 50)) - numbers == {2, 10}
    for task in _annex(rs):
        group, number = task.id.split(".")[1:]
        assert task.source_ref == f"Phụ lục, {group}.{number}"
        assert task.group is not None and task.group.startswith(f"{group}. ")
        assert task.deadline


def test_announced_counts_against_listed_rows(rs: Any) -> None:
    # III.2 announces 49 tasks; its group counts add up to 48; the annex lists 47
    assert sum(ANNOUNCED.values()) == 48
    listed = Counter(t.id.split(".")[1] for t in _annex(rs))
    short = {g: ANNOUNCED[g] - listed[g] for g in ANNOUNCED if ANNOUNCED[g] != listed[g]}
    assert short == {"I": 1}


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not beside the checkout")
def test_the_seed_announces_what_the_tests_say() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert "Chi tiết 49 nhiệm vụ cụ thể thuộc 07 nhóm" in text
    headings = re.findall(r"^\t([IV]+)\. [^(]*\((\d\d) NHIỆM VỤ\)", text, flags=re.M)
    assert {g: int(n) for g, n in headings} == ANNOUNCED
    rows = [int(n) for n in re.findall(r"^\t(\d\d)\n", text, flags=re.M)]
    assert rows == [n for ns in LISTED.values() for n in ns]


def test_lead_partner_deadline_and_product_of_some_rows(rs: Any) -> None:
    tasks = {t.id: t for t in _annex(rs)}
    t03 = tasks["DA06.I.03"]
    assert t03.lead == ["Công an Thành phố", "UBND quận, huyện, thành phố Thủ Đức"]
    assert t03.partners == ["UBND phường, xã, thị trấn"]
    assert (t03.deadline, t03.product) == ("Tháng 3/2024", "Kế hoạch")
    t08 = tasks["DA06.I.08"]
    assert (t08.deadline, t08.product) == ("Tháng 06 và tháng 12/2024", "Báo cáo")
    assert tasks["DA06.II.19"].partners == [] and tasks["DA06.II.19"].product == "Ứng dụng"
    # empty lead cells
    assert tasks["DA06.III.21"].lead == [] and tasks["DA06.III.23"].lead == []
    assert tasks["DA06.III.21"].partners == ["Các sở, ngành", "UBND quận, huyện"]
    # empty product cells
    no_product = {i for i, t in tasks.items() if t.product is None}
    assert {int(i[-2:]) for i in no_product} == {9, 13, 18, 21, 22, 23, 25, 29}
    assert tasks["DA06.III.24"].deadline == "Quý II/2023"
    assert tasks["DA06.V.41"].deadline == "Trong tháng 02 năm 2024"
    assert tasks["DA06.VII.49"].lead == [
        "Sở Thông tin và Truyền thông",
        "Sở Văn hóa và Thể thao",
        "Cơ quan Báo, Đài truyền hình",
    ]


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not beside the checkout")
def test_verbatim_deadlines_occur_in_the_seed(rs: Any) -> None:
    text = " ".join(SEED.read_text(encoding="utf-8").split())
    deadlines = [t.deadline for t in _annex(rs)] + [r.deadline for r in rs.spec.reports]
    missing = {d for d in deadlines if " ".join(d.split()) not in text}
    assert missing == set()


# -- section II: targets --------------------------------------------------------------------


def test_section_ii_targets_and_thresholds(rs: Any) -> None:
    thresholds = {t.id: t.threshold for t in rs.targets}
    assert thresholds == {
        "II.1.1": 100,
        "II.1.2": 100,
        "II.1.3": 100,
        "II.1.4": 80,
        "II.1.5a": 80,
        "II.1.5b": 30,
        "II.1.6": 50,
        "II.1.7": 90,
        "II.1.8": 100,
        "II.2a": 100,
        "II.2b": 100,
        "II.3": 80,
        "II.4": 50,
        "II.5": None,  # a threshold per kind
        "II.5c": 10,
    }
    assert all(t.comparison.value == "ge" for t in rs.targets)
    assert all(t.source_ref.startswith("II.") for t in rs.targets)
    measured = [t.input for t in rs.targets if not t.kinds]
    measured += [ident for t in rs.targets for _kind, ident, _t in t.kinds]
    assert len(set(measured)) == len(measured) == 16  # one measured input per threshold
    assert all(i.kind.value == "rate" for i in rs.spec.inputs)


def test_ii5_inspection_coverage_is_by_kind_of_unit_not_tiers(rs: Any) -> None:
    # "tối thiểu 40% các cơ quan đơn vị, 20% xã, phường, thị trấn; kiểm tra đột xuất tối
    # thiểu 10% …" (seed lines 59-61, R-12): one target per clause, the first by kind
    ii5 = [t for t in rs.targets if t.id.startswith("II.5")]
    assert [t.id for t in ii5] == ["II.5", "II.5c"]
    assert [(kind, threshold) for kind, _i, threshold in ii5[0].kinds] == [
        ("cơ quan, đơn vị", 40),
        ("xã, phường, thị trấn", 20),
    ]
    assert ii5[1].threshold == 10 and all(t.tiers == () for t in ii5)
    inputs = {i.id: i for i in rs.spec.inputs}
    assert "xã, phường, thị trấn" in (inputs[ii5[0].kinds[1][1]].denominator or "")
    assert "đột xuất" in (inputs[ii5[1].input].numerator or "")


@pytest.mark.parametrize(
    ("agencies", "wards", "status"),
    [
        (40, 20, TargetStatus.MET),  # both at their threshold
        (39, 50, TargetStatus.NOT_MET),  # the agencies fall short: the worse kind decides
        (45, 19, TargetStatus.NOT_MET),
        (45, 21, TargetStatus.EXCEEDED),
        (40, 30, TargetStatus.MET),  # one met, one exceeded: met
    ],
)
def test_ii5_holds_when_every_kind_holds(
    rs: Any, agencies: int, wards: int, status: TargetStatus
) -> None:
    inputs = {
        "II.5.inspected_agencies": {"numerator": agencies, "denominator": 100},
        "II.5.inspected_wards": {"numerator": wards, "denominator": 100},
    }
    sub = _sub(rs, inputs=inputs)
    for backend in BACKENDS:
        found = {t.id: t for t in evaluate(rs, sub, backend=backend).targets}["II.5"]
        assert found.status is status, backend
        assert len(found.explanation.steps) == 2


@pytest.mark.parametrize(
    ("target", "numerator", "denominator", "status"),
    [
        ("II.5c", 10, 100, TargetStatus.MET),  # "tối thiểu 10%": 10% itself meets it
        ("II.5c", 9, 100, TargetStatus.NOT_MET),
        ("II.1.5b", 30, 100, TargetStatus.MET),  # "đạt từ 30% trở lên"
        ("II.1.1", 99, 100, TargetStatus.NOT_MET),  # "100% …"
        ("II.1.1", 100, 100, TargetStatus.MET),
    ],
)
def test_thresholds_at_their_edges(
    rs: Any, target: str, numerator: int, denominator: int, status: TargetStatus
) -> None:
    spec = rs.target_map[target]
    sub = _sub(rs, inputs={spec.input: {"numerator": numerator, "denominator": denominator}})
    for backend in BACKENDS:
        result = evaluate(rs, sub, backend=backend)
        found = next(t for t in result.targets if t.id == target)
        assert found.status is status, backend


@pytest.mark.parametrize("level", ["department", "district", "ward"])
def test_every_level_can_meet_every_target(rs: Any, level: str) -> None:
    for backend in BACKENDS:
        result = evaluate(rs, submission_from_data(full_marks_data(rs, level), rs), backend=backend)
        assert all(t.status in (TargetStatus.MET, TargetStatus.EXCEEDED) for t in result.targets)
        assert not any(v.code is ViolationCode.TARGET_NOT_MET for v in result.violations)
        assert result.points == 0


def test_zero_everywhere_misses_every_target(rs: Any) -> None:
    # a district is judged on all 15 targets of section II; a ward on the 13 of II.1-II.4,
    # not on the two inspection targets of II.5 (R-12: the wards are inspected)
    for level, judged in (("district", 15), ("ward", 13)):
        result = evaluate(rs, submission_from_data(zero_data(rs, level), rs), backend="native")
        assert all(t.status is TargetStatus.NOT_MET for t in result.targets)
        assert sum(v.code is ViolationCode.TARGET_NOT_MET for v in result.violations) == judged


# -- reports and due days -------------------------------------------------------------------


def test_monthly_report_is_due_on_the_15th(rs: Any) -> None:
    monthly = [d for d in rs.schedule if d.obligation == "V.1.monthly"]
    # from the issue date (31/3/2024) on: April to December
    assert [d.key for d in monthly] == [f"2024-{m:02d}" for m in range(4, 13)]
    assert all(d.nominal == D(2024, int(d.key[5:]), 15) for d in monthly)
    due = {d.key: d.due for d in monthly}
    assert due["2024-06"] == D(2024, 6, 17)  # 15/6/2024 is a Saturday
    assert due["2024-09"] == D(2024, 9, 16)  # Sunday
    assert due["2024-12"] == D(2024, 12, 16)  # Sunday
    moved = {k for k, v in due.items() if v.day != 15}
    assert moved == {"2024-06", "2024-09", "2024-12"}
    assert all(VIETNAM.is_working_day(v) for v in due.values())
    for d in monthly:  # the cut-off window ends on the 14th: one working day before the 15th
        assert d.window is not None and d.window.end == D(2024, int(d.key[5:]), 14)
        assert d.gap is not None and d.gap.ok
    (spec,) = [r for r in rs.spec.reports if r.id == "V.1.monthly"]
    assert spec.cutoff is True and "ngày 15 hàng tháng" in spec.deadline


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_15th_itself_is_on_time_the_16th_is_late(rs: Any, backend: str) -> None:
    sub = _sub(
        rs,
        done={
            "V.1.monthly": {
                "2024-04": "2024-04-15",
                "2024-05": "2024-05-16",
                "2024-06": "2024-06-17",
            }
        },
    )
    result = evaluate(rs, sub, as_of=D(2024, 7, 31), backend=backend)
    found = {d.id: d for d in result.deadlines}
    assert found["V.1.monthly@2024-04"].status == "on_time"
    may = found["V.1.monthly@2024-05"]
    assert (may.status, may.days) == ("late", 1)
    assert found["V.1.monthly@2024-06"].status == "on_time"  # moved to Monday 17/6
    july = found["V.1.monthly@2024-07"]
    assert (july.status, july.days) == ("overdue", 16)
    codes = {(v.code, v.subject) for v in result.violations}
    assert (ViolationCode.REPORT_LATE, "V.1.monthly@2024-05") in codes
    assert (ViolationCode.REPORT_OVERDUE, "V.1.monthly@2024-07") in codes


def test_other_reports_of_section_v(rs: Any) -> None:
    kinds = {ob.id: ob for ob in rs.obligations if ob.kind.value == "report"}
    assert set(kinds) == {"V.1.monthly", "V.1.unit-plan", "V.2.periodic", "V.issues"}
    (plan,) = [d for d in rs.schedule if d.obligation == "V.1.unit-plan"]
    assert (plan.nominal, plan.due, plan.window) == (D(2024, 3, 31), D(2024, 4, 1), None)
    assert not any(d.obligation == "V.2.periodic" for d in rs.schedule)  # no period given
    assert kinds["V.issues"].waits_for_event


def test_tasks_due_before_issue_are_flagged_past(rs: Any) -> None:
    past = {ob.id for ob in rs.obligations if ob.past}
    assert past == {"DA06.III.24", "DA06.V.41"}
    due = {d.obligation: d.due for d in rs.schedule if d.obligation in past}
    assert due == {"DA06.III.24": D(2023, 6, 30), "DA06.V.41": D(2024, 2, 29)}


def test_specific_due_days(rs: Any) -> None:
    due: dict[str, list[dt.date]] = {}
    for d in rs.schedule:
        due.setdefault(d.obligation, []).append(d.due)
    assert due["DA06.I.03"] == [D(2024, 4, 1)]  # "Tháng 3/2024": 31/3 is a Sunday
    assert due["DA06.I.04"] == [D(2024, 7, 1)]  # "Quý II/2024": 30/6 is a Sunday
    assert due["DA06.I.05"] == [D(2024, 9, 30)]  # "Quý III/2024"
    assert due["DA06.I.08"] == [D(2024, 7, 1), D(2024, 12, 31)]  # June and December
    assert due["DA06.V.40"] == [D(2024, 5, 2)]  # 30/4 and 1/5 are holidays
    assert due["DA06.VI.45"] == [D(2024, 12, 31)]  # one delivery in 2024
    kinds = {ob.id: ob for ob in rs.obligations}
    assert kinds["DA06.II.19"].waits_for_event  # QĐ 766/QĐ-TTg schedule
    no_due = {ob.id for ob in rs.obligations if ob.id not in due and not ob.waits_for_event}
    assert {"DA06.I.01", "DA06.III.21", "DA06.III.22", "DA06.VII.49"} <= no_due


# -- the example ----------------------------------------------------------------------------


def test_the_example_is_labelled_and_scores_identically_on_both_backends(rs: Any) -> None:
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert raw["note"].startswith("EXAMPLE ONLY.") and "invented" in raw["note"]
    assert set(raw["inputs"]) == {i.id for i in rs.spec.inputs}
    sub = load_submission(EXAMPLE, rs)
    results = [evaluate(rs, sub, backend=b).to_dict() for b in BACKENDS]
    assert len(results) >= 2
    for data in results:
        data.pop("backend")
    assert all(r == results[0] for r in results)
    first = results[0]
    assert first["score"]["points"] == 0 and first["score"]["max_points"] == 0
    statuses = Counter(t["status"] for t in first["targets"])
    # II.5's agencies (exceeded) and wards (not met) make one target, not met (R-12)
    assert statuses == {"exceeded": 6, "met": 3, "not_met": 6}
    deadlines = Counter(d["status"] for d in first["deadlines"])
    # the district owes 12 tasks and 3 reports: 9 monthly reports (7 on time, June
    # late, October overdue), the unit plan (on time), and 10 tasks with a due day (task 03
    # late; 31, 32, 34-39 and 43 on time); 21 and 23 are ongoing, V.issues has no due day
    assert deadlines["late"] == 2 and deadlines["overdue"] == 1 and deadlines["on_time"] == 17
    missed = {v["subject"] for v in first["violations"] if v["code"] != "TARGET_NOT_MET"}
    assert missed == {"V.1.monthly@2024-06", "V.1.monthly@2024-10", "DA06.I.03"}
    left_out = {item["id"]: item for item in first["left_out"]}
    assert left_out["DA06.I.04"]["levels"] == ["department"]
    assert {"DA06.III.24", "DA06.V.41", "DA06.I.05"} <= set(left_out)


def test_template_filled_from_the_example_scores_the_same(rs: Any) -> None:
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)
    skeleton = fill_template(
        submission_template(rs), example["inputs"], example["done"], example["events"]
    )
    skeleton["unit"], skeleton["period"] = example["unit"], example["period"]
    filled = evaluate(rs, submission_from_data(skeleton, rs)).to_dict()
    direct = evaluate(rs, load_submission(EXAMPLE, rs)).to_dict()
    assert filled == direct
