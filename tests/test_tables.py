"""Terminal tables fit the width they are drawn at, and print every id, number, date and
status whole (names and messages wrap instead), at 80 and at 120 columns."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dti_rules import evaluate, load_ruleset, load_submission, submission_from_data
from dti_rules.analysis.agenda import agenda
from dti_rules.analysis.audit import audit, load_reported
from dti_rules.analysis.lint import lint
from dti_rules.analysis.ranking import rank
from dti_rules.formats.terminal import (
    Col,
    _render,
    agenda_table,
    audit_table,
    findings_table,
    grid,
    layout,
    ranking_table,
    result_table,
    ruleset_list_table,
    ruleset_table,
)
from dti_rules.rulesets import bundled_summary, examples_dir

WIDTHS = [80, 120]


def _check(text: str, width: int, whole: Iterable[str]) -> None:
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    for value in whole:
        if value:
            found = re.search(rf"(?<!\S){re.escape(value)}(?!\S)", text)
            assert found, f"{value!r} is not printed whole at {width} columns:\n{text}"


def _q10() -> tuple[Any, Any]:
    rs = load_ruleset("q10-dti-2024")
    return rs, load_submission(examples_dir() / "q10-dti-2024.example.json", rs)


@pytest.mark.parametrize("width", WIDTHS)
def test_scorecard(width: int) -> None:
    rs, sub = _q10()
    result = evaluate(rs, sub, backend="native")
    data = result.to_dict()
    whole = [f"index {data['score']['index']}", str(data["score"]["points"])]
    for ind in data["indicators"]:
        whole += [ind["id"], str(ind["points"]), str(ind["max_points"]), ind["status"]]
    for group in data["groups"]:
        whole += [group["id"], str(group["points"]), str(group["max_points"])]
    for target in data["targets"]:
        whole += [target["id"], target["status"]]
        if target["value"] is not None:
            whole.append(str(target["value"]))
    for item in data["violations"]:
        whole += [item["code"], item["subject"]]
    assert data["violations"]  # the example breaks some rules: their table is drawn too
    _check(result_table(result, width=width), width, whole)


@pytest.mark.parametrize("width", WIDTHS)
def test_show_lists_groups_and_every_reading(width: int) -> None:
    rs = load_ruleset("q10-dti-2024")
    text = ruleset_table(rs, width=width)
    whole = [g.id for g in rs.groups] + [r.id for r in rs.spec.readings]
    _check(text, width, whole)
    assert f"Readings ({len(rs.spec.readings)})" in text
    first_words = " ".join(rs.spec.readings[0].text.split()[:2])
    assert first_words in text  # the text itself, not only a count


@pytest.mark.parametrize("width", WIDTHS)
def test_rule_set_list(width: int) -> None:
    rows = bundled_summary()
    _check(ruleset_list_table(rows, width=width), width, [r["id"] for r in rows])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("ident", ["q10-dti-2024", "dti-922-province"])
def test_ranking(width: int, ident: str) -> None:
    rs = load_ruleset(ident)
    example = json.loads((examples_dir() / f"{ident}.example.json").read_text("utf-8"))
    subs = []
    for n, unit_id in enumerate(["a-unit-with-a-long-identifier", "b", "c"]):
        data = json.loads(json.dumps(example))
        data["unit"]["id"] = unit_id
        data["unit"]["name"] = f"Ủy ban nhân dân đơn vị số {n} có tên rất dài để xuống dòng"
        subs.append(submission_from_data(data, rs))
    ranking = rank(rs, subs, backend="native")
    whole = []
    for e in ranking.entries:
        whole += [e.unit, str(e.index), str(e.points)]
        whole += [f"{idx} (#{place})" for _gid, idx, place in e.groups if idx is not None]
    whole += list(ranking.groups)
    _check(ranking_table(ranking, width=width), width, whole)


@pytest.mark.parametrize("width", WIDTHS)
def test_lint_findings(width: int) -> None:
    rs = load_ruleset("q10-dti-2024")
    findings = lint(rs)
    assert findings
    text = findings_table(rs.id, findings, width=width)
    whole = [w for f in findings for w in (f.severity.value, f.code, f.subject)]
    _check(text, width, whole)
    # messages wrap at words: no column so narrow that words are split
    assert "message" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_calendar(width: int) -> None:
    plan = agenda(load_ruleset("q10-dti-2024"), 2024)
    whole = [w for e in plan.entries for w in (e.id, e.scheduled.due.isoformat())]
    _check(agenda_table(plan, width=width), width, whole)


@pytest.mark.parametrize("width", WIDTHS)
def test_audit(width: int) -> None:
    bt = "binh-tan-dti-2023"
    rs = load_ruleset(bt)
    subs = [
        load_submission(examples_dir() / f"{bt}.{name}.json", rs) for name in ("district", "wards")
    ]
    report = audit(rs, subs, load_reported(examples_dir() / f"{bt}.reported.json", rs))
    # a claim about several targets lists them, and may wrap between them; every figure is
    # whole (a claim about methods names them, and a long name may break)
    whole = [
        w
        for i in report.items
        for w in (i.kind, i.unit, *i.target.split(), *i.reported.split())
        if not w.startswith("averaged_")
    ]
    assert "97,43%" in whole
    _check(audit_table(report, width=width), width, whole)


def test_at_80_columns_the_name_column_gives_way_to_the_numbers() -> None:
    rs, sub = _q10()
    text = result_table(evaluate(rs, sub, backend="native"), width=80)
    head = next(line for line in text.splitlines() if " indicator " in line)
    assert head.rstrip().endswith("status")  # the status column is there, at the right


_WORD = st.text(alphabet="abcđêơưạờ0123456789.-%", min_size=1, max_size=12)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[Col], list[list[str]], int]:
    flags = draw(st.lists(st.booleans(), min_size=1, max_size=7))
    cols = [
        Col(f"c{i}", flex=flex, drop=draw(st.integers(0, 2)) if flex else 0)
        for i, flex in enumerate(flags)
    ]
    rows = [
        [" ".join(draw(st.lists(_WORD, min_size=1, max_size=8 if flex else 1))) for flex in flags]
        for _ in range(draw(st.integers(1, 5)))
    ]
    return cols, rows, draw(st.integers(30, 160))


@given(_tables())
def test_a_table_that_fits_prints_every_fixed_cell_whole(case: Any) -> None:
    cols, rows, width = case
    fit = layout(cols, rows, width)
    assume(fit.fits)
    text = _render([grid(None, cols, rows, width)], False, width)
    assert max(len(line) for line in text.splitlines()) <= width
    for i in fit.shown:
        if not cols[i].flex:
            for row in rows:
                assert row[i] in text
    assert [i for i in range(len(cols)) if not cols[i].flex] == [
        i for i in fit.shown if not cols[i].flex
    ]  # only flex columns are ever left out
