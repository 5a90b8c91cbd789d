"""The deadline-phrase corpus: every phrase read as worked out by hand, or, where the reader
disagrees, never with a wrong date given silently."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dti_rules.calendar import VIETNAM, parse_deadline
from dti_rules.errors import DeadlinePhraseError

from .phrase_corpus import judge, judge_all, load

KINDS = {
    "one_off",
    "several",
    "recurring",
    "ongoing",
    "conditional",
    "undetermined",
    "not_read",
}
ENTRIES = load()


def test_the_corpus_is_large_sourced_and_well_formed() -> None:
    assert len(ENTRIES) >= 200
    for entry in ENTRIES:
        assert entry["kind"] in KINDS, entry
        assert entry["source"].strip(), entry
        assert isinstance(entry["issued"], dt.date), entry
        assert len(entry["nominal"]) == len(entry["due"]), entry
        for nominal, due in zip(entry["nominal"], entry["due"], strict=True):
            # the hand-worked due day is a working day on or after the stated day
            assert due >= nominal, entry
            assert VIETNAM.is_working_day(due), entry
    sources = [e["source"] for e in ENTRIES]
    assert sum(s.startswith("seed ") for s in sources) >= 80  # the five seed documents
    assert sum(s.startswith("http") for s in sources) >= 20  # other plans and decisions
    assert {s.split(".txt")[0][5:8] for s in sources if s.startswith("seed 0")} >= {
        "000",
        "001",
        "002",
        "003",
        "004",
    }
    assert sum(e["kind"] == "not_read" for e in ENTRIES) >= 10  # refusals expected too


@pytest.mark.parametrize(
    "entry", ENTRIES, ids=[f"{i}:{e['phrase'][:40]}" for i, e in enumerate(ENTRIES)]
)
def test_no_phrase_is_read_wrongly_without_a_note(entry: dict[str, Any]) -> None:
    verdict = judge(entry)
    assert verdict.outcome != "wrong_without_note", verdict.found


def test_at_least_95_percent_are_read_as_expected() -> None:
    verdicts = judge_all()
    wrong = [(v.entry["phrase"], v.outcome, v.found) for v in verdicts if not v.ok]
    assert len(wrong) <= len(verdicts) * 5 // 100, wrong


def test_the_issue_table_reads_as_a_careful_reader_would() -> None:
    def dates(phrase: str, event: dt.date | None = None) -> list[str]:
        rule = parse_deadline(phrase, dt.date(2024, 1, 15)).rule
        occurrences = rule.occurrences(dt.date(2024, 1, 1), dt.date(2024, 12, 31), event)
        return [VIETNAM.roll_forward(o.nominal).due.isoformat() for o in occurrences]

    assert dates("Giữa tháng 6/2024") == ["2024-06-17"]  # 15/6 is a Saturday
    assert dates("Đầu tháng 7/2024") == ["2024-07-01"]
    assert dates("10 ngày đầu tháng 7/2024") == ["2024-07-10"]
    assert dates("Sáu tháng đầu năm 2024") == ["2024-07-01"]
    assert dates("Quý II và Quý III/2024") == ["2024-07-01", "2024-09-30"]
    assert dates("Tháng 7-8/2024") == ["2024-09-04"]  # 2-3/9 are holidays
    assert dates("Năm 2024-2025") == ["2025-12-31"]
    assert dates("Ngày 19/6 và 19/12 hằng năm") == ["2024-06-19", "2024-12-19"]
    assert dates("Quý I hằng năm") == ["2024-04-01"]
    assert dates("Trong 05 ngày làm việc kể từ ngày nhận văn bản", dt.date(2024, 4, 26)) == [
        "2024-05-07"
    ]  # 29/4-1/5 off, Saturday 4/5 a working day
    assert dates("Hằng tuần (thứ Sáu)")[:2] == ["2024-01-05", "2024-01-12"]


def test_the_corpus_script_prints_the_share_and_the_silent_errors() -> None:
    script = Path(__file__).parent.parent / "benchmarks" / "deadline_corpus.py"
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert f"phrases: {len(ENTRIES)}" in out
    assert "read wrongly without a note: 0" in out
    share = float(out.split("read as expected: ")[1].split("(")[1].split("%")[0])
    assert share >= 95.0


def test_a_refusal_names_the_words_and_the_nearest_phrase() -> None:
    with pytest.raises(DeadlinePhraseError) as caught:
        parse_deadline("Quý II/2024 hoặc đầu kỳ sau", dt.date(2024, 1, 15))
    assert "the words 'hoặc đầu kỳ sau' around the deadline 'Quý II/2024'" in str(caught.value)
    with pytest.raises(DeadlinePhraseError) as caught:
        parse_deadline("Giưa thang sau 2024", dt.date(2024, 1, 15))
    assert "'Giưa tháng sau'" in str(caught.value)
    assert "the nearest phrase that reads is 'Giữa tháng 06/2024'" in str(caught.value)
    with pytest.raises(DeadlinePhraseError, match="nearest phrase that reads is 'Quý II/2024'"):
        parse_deadline("Quy II/2024 cuoi ky", dt.date(2024, 1, 15))
