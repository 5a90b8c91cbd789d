"""The deadline-phrase corpus (tests/data/deadline_phrases.yaml) and how a reading is judged.

Each entry states what a careful reader finds in a phrase, worked out by hand: its kind and
the nominal and due days in a window. :func:`judge` reads the phrase and says whether the
reading is the expected one, and when it is not, whether the reader said something about it
(a note) or gave a wrong date silently.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import attrs
import yaml

from dti_rules.calendar import VIETNAM, DeadlineKind, parse_deadline
from dti_rules.errors import DeadlinePhraseError

CORPUS = Path(__file__).parent / "data" / "deadline_phrases.yaml"

Outcome = Literal["expected", "wrong_with_note", "wrong_without_note", "refused"]


def load() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return entries


@attrs.frozen
class Verdict:
    entry: dict[str, Any]
    outcome: Outcome
    found: str  # what the reader gave, for the report

    @property
    def ok(self) -> bool:
        return self.outcome == "expected"


def _window(entry: dict[str, Any]) -> tuple[dt.date, dt.date]:
    if "window" in entry:
        start, end = entry["window"]
        return start, end
    year = entry["issued"].year
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def judge(entry: dict[str, Any]) -> Verdict:
    """Read one corpus entry's phrase and compare the reading with the expectation."""
    expected_kind = entry["kind"]
    try:
        found = parse_deadline(entry["phrase"], entry["issued"])
    except DeadlinePhraseError as exc:
        if expected_kind == "not_read":
            return Verdict(entry, "expected", f"refused: {exc.reason}")
        return Verdict(entry, "refused", f"refused: {exc.reason}")
    rule = found.rule
    start, end = _window(entry)
    occurrences = rule.occurrences(start, end, entry.get("event"))
    nominal = [o.nominal for o in occurrences]
    due = [VIETNAM.roll_forward(day).due for day in nominal]
    shown = f"{rule.phrase()} [{rule.kind.value}] {[d.isoformat() for d in nominal]}"
    if expected_kind == "not_read":
        ok = rule.kind is DeadlineKind.UNDETERMINED
    else:
        ok = (
            rule.kind.value == expected_kind
            and nominal == list(entry["nominal"])
            and due == list(entry["due"])
        )
    if ok:
        return Verdict(entry, "expected", shown)
    return Verdict(entry, "wrong_with_note" if found.notes else "wrong_without_note", shown)


def judge_all() -> list[Verdict]:
    return [judge(entry) for entry in load()]
