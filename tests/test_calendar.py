"""The calendar: periods, the work calendar, deadline rules, the phrase parser, cut-off
windows and statuses."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from dti_rules.calendar import (
    VIETNAM,
    Conditional,
    DeadlineKind,
    DeadlineStatus,
    EndOf,
    OnDate,
    Ongoing,
    Period,
    PeriodKind,
    Recurring,
    Several,
    Undetermined,
    WorkCalendar,
    cutoff_window,
    judge,
    parse_deadline,
    rule_from_dict,
    submission_gap,
)
from dti_rules.errors import DeadlinePhraseError
from dti_rules.testing import (
    check_cutoffs_tile,
    check_deadline_rule,
    check_judgement,
    check_working_day_deadlines,
    dates_around,
    deadline_rules,
    periods,
)

D = dt.date
SEED_PHRASES = Path(__file__).parent / "data" / "seed_deadlines.yaml"
# The date each seed was issued (or, where the text leaves the day blank, the first day of
# the month or year it names): phrases are read relative to it.
SEED_ISSUED = {
    "000": D(2024, 3, 29),  # Quận 10 plan, 29/3/2024
    "001": D(2024, 1, 1),  # city plan 2024, "ngày tháng năm 2024"
    "002": D(2023, 10, 1),  # Bình Tân report for Q3/2023
    "003": D(2024, 4, 1),  # city results, Q1/2024
    "004": D(2024, 3, 1),  # Đề án 06 plan, "ngày tháng 3 năm 2024"
}

# -- periods --------------------------------------------------------------------------------


def test_periods_parse_and_step() -> None:
    assert str(Period.parse("2024-03").next()) == "2024-04"
    assert str(Period.parse("2024-Q1").previous()) == "2023-Q4"
    assert str(Period.parse("2024-H2").next()) == "2025-H1"
    assert str(Period.parse("2024").previous()) == "2023"
    assert Period.parse("2024-Q3").end == D(2024, 9, 30)
    assert Period.parse("2024-02").end == D(2024, 2, 29)
    assert Period.parse("2024").contains(D(2024, 12, 31))
    assert not Period.parse("2024-Q1").contains(D(2024, 4, 1))
    assert [str(p) for p in Period.parse("2024-Q2").subperiods(PeriodKind.MONTH)] == [
        "2024-04",
        "2024-05",
        "2024-06",
    ]


@pytest.mark.parametrize("text", ["2024-Q5", "2024-13", "2024-H3", "24", "2024-Q0", ""])
def test_impossible_periods_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="expected a period"):
        Period.parse(text)


def test_a_period_index_outside_its_year_is_refused() -> None:
    with pytest.raises(ValueError, match="4 quarters"):
        Period(2024, PeriodKind.QUARTER, 5)


@given(periods())
def test_period_steps_are_inverse_and_adjacent(period: Period) -> None:
    assert period.next().previous() == period
    assert period.next().start == period.end + dt.timedelta(days=1)
    assert Period.parse(str(period)) == period
    assert Period.of(period.start, period.kind) == period
    assert Period.of(period.end, period.kind) == period
    days = list(period.days())
    assert days[0] == period.start and days[-1] == period.end and len(set(days)) == len(days)


@given(periods(), st.integers(0, 30))
def test_span_iterates_every_period_in_order(first: Period, extra: int) -> None:
    last = first
    for _ in range(extra):
        last = last.next()
    found = list(Period.span(first, last))
    assert len(found) == extra + 1
    assert all(a.next() == b for a, b in itertools.pairwise(found))


# -- the work calendar ----------------------------------------------------------------------


def test_lunar_new_year_deadline_rolls_to_thursday_15_february_2024() -> None:
    moved = VIETNAM.roll_forward(D(2024, 2, 10))
    assert moved.due == D(2024, 2, 15)
    assert moved.due.weekday() == 3  # Thursday
    assert moved.reason is not None
    assert "10/02/2024" in moved.reason and "15/02/2024" in moved.reason
    assert "Điều 148" in moved.reason


def test_saturday_4_may_2024_is_a_working_day() -> None:
    assert D(2024, 5, 4).weekday() == 5
    assert VIETNAM.is_working_day(D(2024, 5, 4))
    assert not VIETNAM.roll_forward(D(2024, 5, 4)).moved
    assert not VIETNAM.is_working_day(D(2024, 5, 11))  # an ordinary Saturday


def test_holidays_and_weekends_are_days_off() -> None:
    assert not VIETNAM.is_working_day(D(2024, 9, 2))  # National Day
    assert not VIETNAM.is_working_day(D(2024, 4, 30))
    assert VIETNAM.holiday_name(D(2024, 9, 2))
    assert VIETNAM.next_working_day(D(2024, 4, 27)) == D(2024, 5, 2)
    assert VIETNAM.working_days_after(D(2024, 4, 26), D(2024, 5, 2)) == 1


@given(st.dates(D(2015, 1, 1), D(2030, 12, 31)))
def test_roll_forward_gives_a_working_day_never_earlier(day: dt.date) -> None:
    moved = VIETNAM.roll_forward(day)
    assert VIETNAM.is_working_day(moved.due)
    assert moved.due >= day
    assert (moved.due - day).days <= 10
    skipped = [day + dt.timedelta(days=n) for n in range((moved.due - day).days)]
    assert not any(VIETNAM.is_working_day(d) for d in skipped)


# -- deadline rules -------------------------------------------------------------------------


@given(deadline_rules())
def test_every_generated_rule_keeps_the_calendar_invariants(rule: Any) -> None:
    check_deadline_rule(rule)


@given(deadline_rules())
def test_rules_survive_their_data_form(rule: Any) -> None:
    assert rule_from_dict(rule.to_dict()) == rule


@given(deadline_rules(several=False).flatmap(lambda r: st.tuples(st.just(r), dates_around(r))))
def test_dates_around_a_rule_are_near_its_due_days(case: tuple[Any, dt.date]) -> None:
    rule, day = case
    dues = rule.occurrences(D(2024, 1, 1), D(2024, 12, 31))
    if dues:
        near = [VIETNAM.roll_forward(o.nominal).due for o in dues] + [o.nominal for o in dues]
        assert min(abs((day - d).days) for d in near) <= 1


@pytest.mark.parametrize(
    ("day", "month", "expected"),
    [(31, 2, D(2024, 2, 29)), (31, 4, D(2024, 4, 30)), (30, 2, D(2024, 2, 29)), (15, 2, None)],
)
def test_a_day_the_month_lacks_clamps_to_its_last_day(
    day: int, month: int, expected: dt.date | None
) -> None:
    rule = Recurring(PeriodKind.MONTH, day=day)
    (occ,) = rule.occurrences(D(2024, month, 1), D(2024, month, 28))
    assert occ.nominal == (expected or D(2024, month, day))


def test_before_day_n_and_on_day_n_differ_by_one_day() -> None:
    before = parse_deadline("Trước ngày 20 hàng tháng").rule
    on = parse_deadline("Ngày 15 hàng tháng").rule
    jan = (D(2024, 1, 1), D(2024, 1, 31))
    assert before.occurrences(*jan)[0].nominal == D(2024, 1, 19)
    assert on.occurrences(*jan)[0].nominal == D(2024, 1, 15)


def test_recurring_rules_by_frequency() -> None:
    year = (D(2024, 1, 1), D(2024, 12, 31))
    quarterly = parse_deadline("Trước ngày 20 của tháng cuối quý").rule
    assert [o.nominal for o in quarterly.occurrences(*year)] == [
        D(2024, 3, 19),
        D(2024, 6, 19),
        D(2024, 9, 19),
        D(2024, 12, 19),
    ]
    half = Recurring(PeriodKind.HALF, day=15, month=6, before=True)
    assert [o.nominal for o in half.occurrences(*year)] == [D(2024, 6, 14), D(2024, 12, 14)]
    assert parse_deadline(half.phrase()).rule == half
    yearly = parse_deadline("Ngày 15 tháng 12 hàng năm").rule
    assert [o.key for o in yearly.occurrences(*year)] == ["2024"]
    assert [o.nominal for o in parse_deadline("Hàng quý").rule.occurrences(*year)][-1] == D(
        2024, 12, 31
    )


def test_conditional_rules_wait_for_their_event() -> None:
    rule = parse_deadline("Sau khi Thành phố triển khai").rule
    assert isinstance(rule, Conditional) and rule.waits_for_event
    assert rule.occurrences(D(2024, 1, 1), D(2024, 12, 31)) == ()
    # "after the city deploys" sets no time after the event: still no due day
    assert rule.occurrences(D(2024, 1, 1), D(2024, 12, 31), event=D(2024, 6, 3)) == ()
    by_plan = parse_deadline("Theo Kế hoạch của Ủy ban nhân dân Thành phố").rule
    (occ,) = by_plan.occurrences(D(2024, 1, 1), D(2024, 12, 31), event=D(2024, 6, 3))
    assert occ.nominal == D(2024, 6, 3)  # the date the city's plan sets
    within = Conditional("Thành phố triển khai", "sau khi", days=30)
    assert within.occurrences(D.min, D.max, event=D(2024, 6, 3))[0].nominal == D(2024, 7, 3)
    before = parse_deadline("trước khi đưa vào sử dụng").rule
    assert before.occurrences(D.min, D.max, event=D(2024, 6, 3))[0].nominal == D(2024, 6, 2)


# -- the phrase parser ----------------------------------------------------------------------

DOMAIN_PHRASES = {
    "Quý II năm 2024": EndOf(Period.parse("2024-Q2")),
    "Quý III/2024": EndOf(Period.parse("2024-Q3")),
    "Quý 1/2024": EndOf(Period.parse("2024-Q1")),
    "Trong quý I năm 2024": EndOf(Period.parse("2024-Q1")),
    "Tháng 3/2024": EndOf(Period.parse("2024-03")),
    "Trong tháng 02 năm 2024": EndOf(Period.parse("2024-02")),
    "Tháng 06 và tháng 12/2024": Several(
        (EndOf(Period.parse("2024-06")), EndOf(Period.parse("2024-12")))
    ),
    "Trong năm 2024": EndOf(Period.parse("2024")),
    "Năm 2024": EndOf(Period.parse("2024")),
    "Cả năm 2024": EndOf(Period.parse("2024")),
    "Trước ngày 20 của tháng cuối quý": Recurring(PeriodKind.QUARTER, 20, 3, before=True),
    "Trước ngày 10 của tháng cuối quý": Recurring(PeriodKind.QUARTER, 10, 3, before=True),
    "Hàng quý": Recurring(PeriodKind.QUARTER),
    "hàng tháng, 6 tháng, năm": Several(
        (Recurring(PeriodKind.MONTH), Recurring(PeriodKind.HALF), Recurring(PeriodKind.YEAR))
    ),
    "Nhiệm vụ thường xuyên": Ongoing(),
    "Thực hiện thường xuyên": Ongoing(),
    "Thường xuyên": Ongoing(),
    "Trong năm 2024 và thực hiện thường xuyên": Several((EndOf(Period.parse("2024")), Ongoing())),
    "Trong năm 2024 (sau khi sắp xếp khu phố)": EndOf(Period.parse("2024")),
    "Theo Kế hoạch của Ủy ban nhân dân Thành phố": Conditional(
        "Kế hoạch của Ủy ban nhân dân Thành phố", "theo"
    ),
    "Theo yêu cầu của Sở Thông tin và Truyền thông": Conditional(
        "yêu cầu của Sở Thông tin và Truyền thông", "theo"
    ),
    "Sau khi Thành phố triển khai": Conditional("Thành phố triển khai", "sau khi"),
    "Khi Thành phố tổ chức": Conditional("Thành phố tổ chức", "khi"),
    "Trong năm 2024 và theo tiến độ triển khai của Trung ương": Several(
        (EndOf(Period.parse("2024")), Conditional("tiến độ triển khai của Trung ương", "theo"))
    ),
    "Quý 11/2024": EndOf(Period.parse("2024-Q2")),
    "Theo Ke hoạch của Thành phố": Conditional("Kế hoạch của Thành phố", "theo"),
    "trước ngày 10 tháng 4 năm 2024": OnDate(D(2024, 4, 10), before=True),
    "Ngày 15 hàng tháng": Recurring(PeriodKind.MONTH, 15),
    "báo cáo tháng trước ngày 20 của tháng": Recurring(PeriodKind.MONTH, 20, before=True),
}


@pytest.mark.parametrize("phrase", sorted(DOMAIN_PHRASES))
def test_every_domain_phrase_reads_as_its_rule(phrase: str) -> None:
    found = parse_deadline(phrase, issued=D(2024, 3, 29))
    assert found.rule == DOMAIN_PHRASES[phrase]
    assert parse_deadline(found.rule.phrase()).rule == found.rule


def test_ocr_variants_are_repaired_and_noted() -> None:
    found = parse_deadline("Quý 11/2024")
    assert any("Quý 11" in note and "Quý II" in note for note in found.notes)
    found = parse_deadline("Theo Ke hoạch của Thành phố")
    assert any('"Ke"' in note for note in found.notes)
    assert parse_deadline("quy II nam 2024").rule == EndOf(Period.parse("2024-Q2"))


def test_undetermined_phrases_keep_their_reason() -> None:
    rule = parse_deadline("Theo tiến độ quy định").rule
    assert isinstance(rule, Undetermined)
    assert rule.kind is DeadlineKind.UNDETERMINED and "schedule" in rule.reason


def test_a_2023_quarter_in_a_plan_of_march_2024_is_flagged_past() -> None:
    found = parse_deadline("Quý III năm 2023", issued=D(2024, 3, 29))
    assert found.past
    assert any("already past" in note for note in found.notes)
    assert not parse_deadline("Quý III năm 2024", issued=D(2024, 3, 29)).past


def test_a_phrase_without_a_year_takes_the_issue_year() -> None:
    found = parse_deadline("Tháng 3", issued=D(2024, 1, 5))
    assert found.rule == EndOf(Period.parse("2024-03"))
    with pytest.raises(DeadlinePhraseError, match="names no year"):
        parse_deadline("Tháng 3")


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("Ngày 30/02/2024", "30/02/2024 is not a date"),
        ("Quý V/2024", "a quarter is I to IV, not V"),
        ("Tháng 13/2024", "a month is 1 to 12, not 13"),
        ("Trước ngày 32 hàng tháng", "a day of the month is 1 to 31, not 32"),
        ("không có hạn nào cả", "expected a date"),
        ("", "it is empty"),
    ],
)
def test_impossible_phrases_are_errors_that_quote_them(phrase: str, reason: str) -> None:
    with pytest.raises(DeadlinePhraseError, match=reason) as caught:
        parse_deadline(phrase)
    assert repr(phrase) in str(caught.value)


def _seed_entries() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = yaml.safe_load(SEED_PHRASES.read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize(
    "entry", _seed_entries(), ids=lambda e: f"{e['seed']}:{e['line']}:{e['text'][:30]}"
)
def test_every_deadline_text_of_the_seeds_parses(entry: dict[str, Any]) -> None:
    found = parse_deadline(entry["text"], SEED_ISSUED[entry["seed"]])
    assert parse_deadline(found.rule.phrase(), SEED_ISSUED[entry["seed"]]).rule == found.rule
    if isinstance(found.rule, Undetermined):
        assert found.rule.reason  # an undetermined reading always says why
    if entry["kind"] == "one_off" and not isinstance(found.rule, Undetermined):
        # a text the encoder read as one date yields that date
        assert found.rule.occurrences(D(2000, 1, 1), D(2000, 1, 1))


def test_the_seed_phrase_list_is_whole() -> None:
    entries = _seed_entries()
    assert len(entries) >= 200
    assert {e["seed"] for e in entries} == set(SEED_ISSUED)


# -- cut-off windows ------------------------------------------------------------------------


def test_cutoff_windows_of_nghi_dinh_09() -> None:
    def window(text: str) -> tuple[dt.date, dt.date]:
        found = cutoff_window(Period.parse(text))
        return found.start, found.end

    assert window("2024-03") == (D(2024, 2, 15), D(2024, 3, 14))
    assert window("2024-Q1") == (D(2023, 12, 15), D(2024, 3, 14))
    assert window("2024-H1") == (D(2023, 12, 15), D(2024, 6, 14))
    assert window("2024-H2") == (D(2024, 6, 15), D(2024, 12, 14))
    assert window("2024") == (D(2023, 12, 15), D(2024, 12, 14))


@given(st.sampled_from(list(PeriodKind)), st.integers(1990, 2100))
def test_cutoff_windows_tile_the_year(kind: PeriodKind, year: int) -> None:
    check_cutoffs_tile(kind, year)


def test_article_8_gap_before_a_deadline() -> None:
    quarter = cutoff_window(Period.parse("2024-Q2"))
    assert not submission_gap(quarter, D(2024, 6, 9)).ok  # before the 10th: too early
    assert submission_gap(quarter, D(2024, 6, 19)).ok  # before the 20th
    month = cutoff_window(Period.parse("2024-06"))
    gap = submission_gap(month, D(2024, 6, 17))  # 15 and 16 June 2024 are a weekend
    assert gap.ok and gap.working_days == 1
    assert not submission_gap(month, D(2024, 6, 16)).ok
    assert "Điều 8" in submission_gap(quarter, D(2024, 6, 9)).message()


# -- statuses -------------------------------------------------------------------------------


def test_statuses_with_real_dates() -> None:
    due = D(2024, 3, 31)
    assert judge(due, D(2024, 3, 31), D(2024, 6, 30)).status is DeadlineStatus.ON_TIME
    late = judge(due, D(2024, 4, 3), D(2024, 6, 30))
    assert (late.status, late.days) == (DeadlineStatus.LATE, 3)
    overdue = judge(due, None, D(2024, 4, 10))
    assert (overdue.status, overdue.days) == (DeadlineStatus.OVERDUE, 10)
    assert judge(due, None, due).status is DeadlineStatus.PENDING
    # work done after the evaluation date is not known on it
    assert judge(due, D(2024, 4, 20), D(2024, 4, 10)).status is DeadlineStatus.OVERDUE


@given(
    st.dates(D(2024, 1, 1), D(2024, 12, 31)),
    st.one_of(st.none(), st.dates(D(2024, 1, 1), D(2024, 12, 31))),
    st.dates(D(2024, 1, 1), D(2024, 12, 31)),
)
def test_statuses_agree_with_their_dates(due: dt.date, done: dt.date | None, on: dt.date) -> None:
    check_judgement(due, done, on)


def test_working_day_invariant_holds_for_the_q10_reports() -> None:
    for phrase in ("Trước ngày 20 hàng tháng", "Trước ngày 10 của tháng cuối quý"):
        check_working_day_deadlines(parse_deadline(phrase).rule)


def test_a_calendar_takes_the_years_computed_elsewhere_as_they_are() -> None:
    computed = VIETNAM.years(2024, 2025)
    taker = WorkCalendar("VN")
    taker.learn(computed)
    assert taker.years(2024, 2025) == computed
    assert all(a is b for a, b in zip(taker.years(2024, 2025), computed, strict=True))
    assert not taker.is_working_day(dt.date(2024, 9, 2))  # Quốc khánh, from the learned year
    # the same years computed afresh are the same days off
    assert WorkCalendar("VN").years(2024, 2025) == computed
    # another country's calendar does not take Vietnam's years
    other = WorkCalendar("TH")
    other.learn(computed)
    assert 2024 not in other._years
