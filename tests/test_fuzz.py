"""Hostile and broken inputs: only DtiRulesError escapes the API, the command line exits 0,
1 or 3 with no traceback, and every case keeps to a time and memory budget.

The crafted cases are made by ``tests/hostile_corpus.py``; hypothesis adds random bytes,
random texts and random mutations of a valid submission to every reader.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dti_rules import (
    CompiledRuleSet,
    evaluate,
    load_ruleset,
    load_submission,
    ruleset_from_data,
    submission_from_data,
)
from dti_rules.analysis.audit import load_reported, reported_from_data
from dti_rules.calendar import parse_deadline
from dti_rules.errors import DtiRulesError

from .hostile_corpus import MINI, MINI_SUBMISSION, cases

ROOT = Path(__file__).resolve().parents[1]
_FILES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _only_dti_errors(call: Any) -> None:
    with contextlib.suppress(DtiRulesError):
        call()


@pytest.fixture(scope="module")
def mini_rs() -> CompiledRuleSet:
    return load_ruleset(MINI)


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".csv", ".xlsx"])
@given(content=st.binary(max_size=2000))
@_FILES
def test_random_bytes_in_any_submission_format(
    suffix: str, content: bytes, tmp_path: Path, mini_rs: CompiledRuleSet
) -> None:
    path = tmp_path / f"sub{suffix}"
    path.write_bytes(content)
    _only_dti_errors(lambda: load_submission(path, mini_rs))


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
@_FILES
def test_random_text_as_rule_set_and_reported_figures(
    suffix: str, text: str, tmp_path: Path, mini_rs: CompiledRuleSet
) -> None:
    path = tmp_path / f"file{suffix}"
    path.write_text(text, encoding="utf-8")
    _only_dti_errors(lambda: load_ruleset(path))
    _only_dti_errors(lambda: load_reported(path, mini_rs))


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _base_submission() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINI_SUBMISSION.read_text(encoding="utf-8"))
    return data


@given(
    section=st.sampled_from(["unit", "period", "inputs", "done", "events", "ruleset", "note"]),
    key=st.one_of(st.none(), st.sampled_from(["plan", "pcs", "news", "score", "name", "id"])),
    value=_VALUES,
)
@settings(max_examples=150, deadline=None)
def test_mutated_submissions_score_or_fail_with_a_dti_error(
    section: str, key: str | None, value: Any
) -> None:
    ruleset = load_ruleset(MINI)
    data = _base_submission()
    if key is not None and isinstance(data.get(section), dict):
        data[section][key] = value
    else:
        data[section] = value

    def score() -> None:
        evaluate(ruleset, submission_from_data(data, ruleset), backend="native")

    _only_dti_errors(score)


@given(
    path=st.lists(
        st.sampled_from(
            ["groups", "targets", "inputs", 0, 1, "threshold", "max_points", "id", "scoring"]
        ),
        min_size=1,
        max_size=4,
    ),
    value=_VALUES,
)
@settings(max_examples=100, deadline=None)
def test_mutated_rule_sets_compile_or_fail_with_a_dti_error(path: list[Any], value: Any) -> None:
    data: Any = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    at = data
    for step in path[:-1]:
        try:
            at = at[step]
        except (KeyError, IndexError, TypeError):
            break
    try:
        at[path[-1]] = value
    except (TypeError, IndexError):
        return
    _only_dti_errors(lambda: ruleset_from_data(data))


@given(value=_VALUES)
@settings(max_examples=60, deadline=None)
def test_mutated_reported_figures_fail_only_with_a_dti_error(value: Any) -> None:
    ruleset = load_ruleset(MINI)
    data = {
        "schema": "dti-rules/reported/1",
        "ruleset": "mini",
        "figures": [{"target": "T-pcs", "unit": "qt", "value": value}],
    }
    _only_dti_errors(lambda: reported_from_data(data, ruleset))


@given(phrase=st.text(max_size=120))
@settings(max_examples=60, deadline=None)
def test_deadline_phrases_parse_or_fail_with_a_dti_error(phrase: str) -> None:
    _only_dti_errors(lambda: parse_deadline(phrase))


def test_the_corpus_covers_every_reader() -> None:
    kinds = {(case.kind, case.suffix) for case in cases()}
    assert {
        ("submission", ".json"),
        ("submission", ".yaml"),
        ("submission", ".csv"),
        ("submission", ".xlsx"),
        ("ruleset", ".yaml"),
        ("reported", ".json"),
        ("reported", ".yaml"),
        ("phrase", ""),
    } <= kinds


BUDGET_SECONDS = 20.0
BUDGET_MB = 1536


def test_every_crafted_input_exits_cleanly_within_the_budget(tmp_path: Path) -> None:
    """The corpus runs through the command line in one child process whose address space
    is capped at BUDGET_MB; each case has BUDGET_SECONDS."""
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from tests.hostile_corpus import limit_memory, run_all
        limit_memory({BUDGET_MB})
        outcomes, peak = run_all(Path({str(tmp_path)!r}), {BUDGET_SECONDS})
        print(json.dumps({{"peak": peak, "cases": [
            {{"name": o.name, "exit": o.exit_code, "seconds": o.seconds,
              "traceback": o.traceback, "timed_out": o.timed_out}} for o in outcomes]}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    failures = [
        case
        for case in report["cases"]
        if case["traceback"] or case["timed_out"] or case["exit"] not in (0, 1, 3)
    ]
    assert not failures, failures
    assert len(report["cases"]) == len(cases())
    assert report["peak"] < BUDGET_MB
    exits = {case["name"]: case["exit"] for case in report["cases"]}
    assert exits["yaml-billion-laughs"] == exits["xlsx-cell-bomb"] == exits["json-deep"] == 3


_CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30),
    st.sampled_from(["1e99999999", "9" * 300, "72,72%", "1.234,5", "=1+1", "Có", "31/02/2024"]),
    st.dates(),
)


@given(cells=st.lists(st.tuples(st.integers(1, 9), st.integers(1, 12), _CELL_VALUES), max_size=12))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_forms_filled_with_anything_read_or_fail_with_a_dti_error(
    cells: list[tuple[int, int, Any]],
) -> None:
    import io  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    from openpyxl import load_workbook  # noqa: PLC0415

    from dti_rules.formats.xlsx import template_workbook  # noqa: PLC0415

    ruleset = load_ruleset(MINI)
    book = load_workbook(io.BytesIO(template_workbook(ruleset)))
    for row, column, value in cells:
        book["Inputs"].cell(row=row, column=column, value=value)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.xlsx"
        book.save(path)
        _only_dti_errors(
            lambda: evaluate(ruleset, load_submission(path, ruleset), backend="native")
        )


@given(
    rows=st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(["news", "pcs", "plan", "score", "done:x", "event:y", "", "id"]),
                st.text(
                    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20
                ),
                st.sampled_from(["1e99999999", "9" * 300, "72,72%", "Có", "25/04/2024"]),
            ),
            max_size=6,
        ),
        max_size=8,
    )
)
@settings(max_examples=60, deadline=None)
def test_csv_tables_with_anything_read_or_fail_with_a_dti_error(rows: list[list[str]]) -> None:
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    ruleset = load_ruleset(MINI)
    out = io.StringIO()
    writer = csv.writer(out)
    for line in (
        ["unit.id", "qt"],
        ["unit.name", "Q"],
        ["unit.level", "district"],
        ["period", "2024"],
        [],
        ["id", "value", "numerator", "denominator", "evidence"],
    ):
        writer.writerow(line)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sub.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        _only_dti_errors(
            lambda: evaluate(ruleset, load_submission(path, ruleset), backend="native")
        )
