"""Properties of the deadline-phrase reader: canonical phrases read back, qualifying words are
never lost, words around a deadline are never silently dropped, long phrases are bounded,
and every output is the same whatever the locale."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dti_rules.calendar import (
    MAX_PHRASE_LENGTH,
    VIETNAM,
    Conditional,
    DeadlineRule,
    EndOf,
    OnDate,
    Part,
    PartOf,
    Period,
    PeriodKind,
    Recurring,
    Span,
    Weekly,
    parse_deadline,
    rule_from_dict,
)
from dti_rules.cli import main
from dti_rules.errors import DeadlinePhraseError
from dti_rules.testing import check_phrase_round_trip, check_working_day_deadlines, deadline_rules
from dti_rules.testing import periods as period_strategy

from .conftest import MINI

D = dt.date
ISSUED = D(2024, 1, 15)
YEAR = (D(2024, 1, 1), D(2024, 12, 31))


def _dates(rule: DeadlineRule) -> list[dt.date]:
    return [o.nominal for o in rule.occurrences(*YEAR, D(2024, 6, 3))]


# -- canonical phrases ----------------------------------------------------------------------


@settings(deadline=None)
@given(deadline_rules())
def test_every_rule_prints_a_phrase_that_reads_back_to_it(rule: Any) -> None:
    check_phrase_round_trip(rule)
    assert rule_from_dict(rule.to_dict()) == rule


@pytest.mark.parametrize(
    "rule",
    [
        PartOf(Period.parse("2024-06"), Part.MIDDLE),
        PartOf(Period.parse("2024-07"), Part.FIRST_DAYS, 10),
        PartOf(Period.parse("2024-Q3"), Part.START),
        PartOf(Period.parse("2024-10"), Part.LATE),
        Span(Period.parse("2024-07"), Period.parse("2024-08")),
        Span(Period.parse("2024"), Period.parse("2025")),
        Span(Period.parse("2024-Q4"), Period.parse("2025-Q1")),
        Weekly(4),
        Weekly(),
        Recurring(PeriodKind.QUARTER, 15, 4, before=True),
        Recurring(PeriodKind.MONTH, 5, 2, before=True),
        Recurring(PeriodKind.YEAR, 15, 13, before=True),
        Recurring(PeriodKind.YEAR, 31, 3),
        Conditional("ngày nhận văn bản", "kể từ", 5, working=True),
    ],
    ids=str,
)
def test_each_new_kind_reads_back_and_survives_its_data_form(rule: DeadlineRule) -> None:
    assert parse_deadline(rule.phrase()).rule == rule
    assert rule_from_dict(rule.to_dict()) == rule


@settings(deadline=None)
@given(deadline_rules())
def test_a_due_day_is_a_working_day_on_or_after_its_nominal_day(rule: Any) -> None:
    check_working_day_deadlines(rule)
    for occ in rule.occurrences(*YEAR, D(2024, 4, 26)):
        due = VIETNAM.roll_forward(occ.nominal).due
        assert due >= occ.nominal and VIETNAM.is_working_day(due)


# -- qualifying words -----------------------------------------------------------------------

QUALIFIERS = (
    "Đầu",
    "Giữa",
    "Cuối",
    "Nửa đầu",
    "Nửa cuối",
    "Thượng tuần",
    "Trung tuần",
    "Hạ tuần",
    "Tuần đầu",
    "Tuần cuối",
    "10 ngày đầu",
    "5 ngày cuối",
    "Đầu của",
)


@settings(deadline=None)
@given(
    period_strategy((PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)),
    st.sampled_from(QUALIFIERS),
)
def test_a_qualifier_never_leaves_the_dates_unchanged_without_a_note(
    period: Period, word: str
) -> None:
    base_phrase = EndOf(period).phrase()
    base = parse_deadline(base_phrase, ISSUED)
    phrase = f"{word} {base_phrase[0].lower()}{base_phrase[1:]}"
    try:
        found = parse_deadline(phrase, ISSUED)
    except DeadlinePhraseError as exc:
        assert repr(phrase) in str(exc)
        return
    if _dates(found.rule) == _dates(base.rule):
        new = set(found.notes) - set(base.notes)
        assert new, f"{phrase!r} reads as {found.rule.phrase()!r} with no note"


# -- words around a deadline ----------------------------------------------------------------

DATE_WORDS = (
    "đầu tháng",
    "giữa năm",
    "cuối quý",
    "tháng 5",
    "quý III",
    "năm 2025",
    "ngày 10",
    "trước ngày 3",
    "hằng tuần",
    "10 ngày",
    "thượng tuần",
    "6 tháng",
    "đầu kỳ",
)
OTHER_WORDS = ("báo cáo", "kết quả", "Sở", "hệ thống", "đơn vị", "dự án", "hoặc", "và")
BASES = (
    EndOf(Period.parse("2024-Q2")),
    EndOf(Period.parse("2024-06")),
    EndOf(Period.parse("2024")),
    OnDate(D(2024, 4, 10), before=True),
    PartOf(Period.parse("2024-06"), Part.MIDDLE),
    Recurring(PeriodKind.MONTH, 20, before=True),
)


@settings(deadline=None)
@given(
    st.sampled_from(BASES),
    st.lists(st.sampled_from(DATE_WORDS + OTHER_WORDS), min_size=1, max_size=3),
    st.lists(st.sampled_from(DATE_WORDS + OTHER_WORDS), max_size=3),
)
def test_date_words_around_a_phrase_are_refused_or_noted(
    base_rule: DeadlineRule, before: list[str], after: list[str]
) -> None:
    extra = before + after
    assume(any(w in DATE_WORDS for w in extra))
    phrase = " ".join([*before, base_rule.phrase(), *after])
    base = parse_deadline(base_rule.phrase(), ISSUED)
    try:
        found = parse_deadline(phrase, ISSUED)
    except DeadlinePhraseError as exc:
        assert repr(phrase) in str(exc)
        return
    if found.rule == base.rule:
        new = " ".join(set(found.notes) - set(base.notes))
        assert any(w in new for w in extra if w in DATE_WORDS), (phrase, found.notes)


# -- bounds ---------------------------------------------------------------------------------


def test_a_phrase_over_the_length_limit_is_refused_naming_the_limit() -> None:
    with pytest.raises(DeadlinePhraseError, match=f"at most {MAX_PHRASE_LENGTH}"):
        parse_deadline("Quý II/2024 " * 10_000)


def test_long_phrases_are_read_or_refused_well_under_a_second() -> None:
    """Linear reading: in a fresh process, 100 kB and hostile phrases near the limit each
    take well under a second (the budget is generous: the reader takes milliseconds)."""
    code = """
import sys, time
from dti_rules.calendar import parse_deadline
from dti_rules.errors import DeadlinePhraseError
cases = ["Quý II/2024 " * 9000, "x" * 120_000, ("trước " * 200)[:999],
         ("từ tháng 1 đến " * 80)[:999], ("ngày 1/2 và " * 100)[:999], "(" * 500 + ")" * 499,
         ("báo cáo tháng trước ngày 20 của tháng " * 30)[:999], ("1/2/3 " * 200)[:999]]
worst = 0.0
for text in cases:
    start = time.perf_counter()
    try:
        parse_deadline(text)
    except DeadlinePhraseError:
        pass
    worst = max(worst, time.perf_counter() - start)
print(worst)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert float(out.stdout) < 1.0


@pytest.mark.parametrize("year", ["0", "-1", "9999", "10000"])
def test_years_outside_the_work_calendar_exit_3_without_a_traceback(year: str) -> None:
    for args in (
        ["deadline", "Quý II", "--year", year],
        ["deadline", f"Quý II/{year}"],
        ["deadline", f"Năm {year}"],
        ["deadline", "Trước 31/12", "--issued", f"{year}-12-01"],
        ["calendar", "q10-dti-2024", "--year", year],
    ):
        run = CliRunner().invoke(main, args)
        assert run.exit_code in (2, 3), (args, run.output)  # 2: --issued is not a date
        assert isinstance(run.exception, SystemExit), (args, run.exception)
        assert "error" in run.output.lower(), (args, run.output)


@pytest.mark.parametrize(
    ("task", "place"),
    [
        ({"deadline": "Năm 9999"}, ".deadline"),
        ({"deadline": "x", "due": {"kind": "date", "date": "9999-12-31"}}, ".due"),
        ({"deadline": "x", "due": {"kind": "end_of", "period": "1900-Q4"}}, ".due"),
    ],
)
def test_a_rule_set_whose_deadlines_fall_outside_the_calendar_is_a_located_error(
    tmp_path: Any, task: dict[str, Any], place: str
) -> None:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data.setdefault("tasks", []).append({"id": "far", "name": "Far", "source_ref": "X", **task})
    path = tmp_path / "far.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for command in ("calendar", "show"):
        args = [command, str(path)] + (["--year", "2024"] if command == "calendar" else [])
        run = CliRunner().invoke(main, args)
        assert run.exit_code == 3, run.output
        assert isinstance(run.exception, SystemExit)
        assert "far.yaml" in run.output and place in run.output, run.output
        assert "outside 1901-2099" in run.output, run.output


# -- locale ---------------------------------------------------------------------------------


def test_outputs_are_the_same_bytes_whatever_the_locale(tmp_path: Any) -> None:
    def run(locale: str, *args: str) -> bytes:
        env = {
            **os.environ,
            "LC_ALL": locale,
            "LANG": locale,
            "LANGUAGE": locale.split(".", maxsplit=1)[0],
        }
        return subprocess.run(
            [sys.executable, "-m", "dti_rules", *args], capture_output=True, env=env, check=True
        ).stdout

    # the language of the labels follows the locale unless --lang is given; the dates and
    # the holidays' names do not depend on it
    for args in (
        ("deadline", "Ngày 02/09/2024", "--format", "json"),
        ("deadline", "Trước Tết Nguyên đán", "--issued", "2024-03-29", "--lang", "en"),
        ("deadline", "Trước Tết Nguyên đán", "--issued", "2024-03-29", "--lang", "vi"),
        ("calendar", "q10-dti-2024", "--year", "2024", "--format", "json"),
    ):
        outputs = {run(loc, *args) for loc in ("C", "th_TH.UTF-8", "vi_VN.UTF-8")}
        assert len(outputs) == 1, args
    by_locale = run("vi_VN.UTF-8", "deadline", "Trước Tết Nguyên đán", "--issued", "2024-03-29")
    assert by_locale.startswith("cụm từ:".encode())
    assert b"National Day" in run("th_TH.UTF-8", "deadline", "Ngày 02/09/2024")
    ics = [tmp_path / f"{n}.ics" for n in range(2)]
    for path, loc in zip(ics, ("C", "th_TH.UTF-8"), strict=True):
        run(loc, "calendar", "q10-dti-2024", "--year", "2024", "--ics", str(path))
    assert ics[0].read_bytes() == ics[1].read_bytes()


@pytest.mark.parametrize(
    ("phrase", "quoted"),
    [
        ("Trước ngày 15/12/2025 hoặc sớm hơn", "'hoặc sớm hơn'"),
        ("Tháng 6/2025 hoặc sớm hơn nếu được", "'hoặc sớm hơn nếu được'"),
    ],
)
def test_words_that_change_a_deadline_are_quoted_in_the_refusal(phrase: str, quoted: str) -> None:
    with pytest.raises(DeadlinePhraseError) as raised:
        parse_deadline(phrase, dt.date(2025, 1, 10))
    assert f"the words {quoted} " in str(raised.value)


_PER = {"tuần": None, "tháng": "month", "quý": "quarter", "năm": "year"}


@given(
    times=st.integers(min_value=1, max_value=12),
    per=st.sampled_from(sorted(_PER)),
    form=st.sampled_from(["{n} lần/{p}", "{n} lần/1 {p}", "{n} lần / 01 {p}", "mỗi {p} {n} lần"]),
    lead=st.sampled_from(["", "từ ", "tối thiểu ", "ít nhất ", "không quá ", "tối đa "]),
)
def test_a_count_in_each_period_is_due_once_a_period_or_refused(
    times: int, per: str, form: str, lead: str
) -> None:
    # "từ 1 lần/1 tuần" (seed 000 line 1891): once in each period is due by its last day;
    # more than once gives no day for each time, and "không quá / tối đa" is a cap: refused
    text = form.format(n=f"{times:02d}" if times < 10 else times, p=per)
    text = lead + text if form.startswith("{n}") else text.replace(f"{per} ", f"{per} {lead}", 1)
    if times != 1 or lead in {"không quá ", "tối đa "}:
        with pytest.raises(DeadlinePhraseError):
            parse_deadline(text, issued=dt.date(2024, 3, 29))
        return
    rule = parse_deadline(text, issued=dt.date(2024, 3, 29)).rule
    if _PER[per] is None:
        assert rule == Weekly()
    else:
        assert isinstance(rule, Recurring) and rule.every.value == _PER[per]
        assert rule.day is None
