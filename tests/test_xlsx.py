"""Excel: the fill-in form, reading it back (located errors), scorecard and ranking workbooks."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from dti_rules import (
    CompiledRuleSet,
    evaluate,
    load_ruleset,
    load_submission,
    submission_from_data,
)
from dti_rules._i18n import Language
from dti_rules.analysis.ranking import rank
from dti_rules.cli import main
from dti_rules.errors import SubmissionError
from dti_rules.formats.template import submission_template
from dti_rules.formats.xlsx import result_workbook, template_workbook
from dti_rules.model import InputKind
from dti_rules.rulesets import bundled_rulesets, examples_dir
from dti_rules.testing import rulesets, submission_data

from .conftest import MINI, MINI_SUBMISSION, as_index

AS_OF = dt.date(2024, 12, 31)


def run(*args: Any) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


def columns(ws: Worksheet) -> dict[str, str]:
    """Column letters by the English key of each header: 'Giá trị (value)' → 'value'."""
    return {
        str(cell.value).rsplit("(", 1)[-1].rstrip(")"): cell.column_letter
        for cell in ws[1]
        if cell.value
    }


def rows_by_id(ws: Worksheet) -> dict[str, int]:
    return {ws[f"A{r}"].value: r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value}


def number_cell(value: Any) -> Any:
    """A number as a cell holds it: a float when that is exact, else Vietnamese text."""
    if isinstance(value, Decimal):
        if Decimal(repr(float(value))) == value:
            return float(value)
        return str(value).replace(".", ",")
    return value


def fill_workbook(book: Workbook, ruleset: CompiledRuleSet, data: dict[str, Any]) -> None:
    """Fill a template workbook with mapping-form submission data, as a person would."""
    ws = book["Unit"]
    rows = rows_by_id(ws)
    for key, value in (
        ("ruleset", data.get("ruleset")),
        ("unit.id", data["unit"]["id"]),
        ("unit.name", data["unit"]["name"]),
        ("unit.level", data["unit"]["level"]),
        ("period", data["period"]),
    ):
        ws[f"C{rows[key]}"] = value
    ws = book["Inputs"]
    at, rows = columns(ws), rows_by_id(ws)
    for ident, value in (data.get("inputs") or {}).items():
        if value is None:
            continue
        row, kind = rows[ident], ruleset.input_map[ident].kind
        if kind is InputKind.RATE:
            ws[f"{at['numerator']}{row}"] = number_cell(value["numerator"])
            ws[f"{at['denominator']}{row}"] = number_cell(value["denominator"])
        elif kind is InputKind.BOOLEAN:
            flag = value
            if isinstance(value, dict):
                ws[f"{at['evidence']}{row}"] = value.get("evidence")
                flag = value["value"]
            ws[f"{at['value']}{row}"] = "Có" if flag else "Không"
        elif kind is InputKind.DATE:
            ws[f"{at['value']}{row}"] = dt.date.fromisoformat(str(value))
        else:
            ws[f"{at['value']}{row}"] = number_cell(as_index(ruleset, ident, value))
    ws = book["Done"]
    at, rows = columns(ws), rows_by_id(ws)
    spare = [r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value is None]
    for ident, day in (data.get("done") or {}).items():
        days = (
            {f"{ident}@{k}": d for k, d in day.items()} if isinstance(day, dict) else {ident: day}
        )
        for due_id, when in days.items():
            if when is None:
                continue
            row = rows.get(due_id)
            if row is None:
                row = spare.pop(0)
                ws[f"A{row}"] = due_id
            ws[f"{at['done']}{row}"] = dt.date.fromisoformat(str(when))
    ws = book["Events"]
    at, rows = columns(ws), rows_by_id(ws)
    for ident, day in (data.get("events") or {}).items():
        if day is not None:
            ws[f"{at['event date']}{rows[ident]}"] = dt.date.fromisoformat(str(day))


def filled(tmp_path: Path, ruleset: CompiledRuleSet, data: dict[str, Any]) -> Path:
    book = load_workbook(io.BytesIO(template_workbook(ruleset)))
    fill_workbook(book, ruleset, data)
    path = tmp_path / "filled.xlsx"
    book.save(path)
    return path


def example_data(ruleset_id: str) -> dict[str, Any]:
    text = (examples_dir() / f"{ruleset_id}.example.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return data


# -- the form ------------------------------------------------------------------------------


def test_template_form_layout_protection_and_validation(tmp_path: Path) -> None:
    rs = load_ruleset("q10-dti-2024")
    out = tmp_path / "form.xlsx"
    result = run("template", "q10-dti-2024", "--format", "xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["Unit", "Inputs", "Done", "Events"]
    ws = book["Inputs"]
    at = columns(ws)
    assert ws["A1"].value == "Mã (id)" and ws["B1"].value == "Nội dung (name)"
    assert "English" not in at  # q10 gives no English names
    assert ws.freeze_panes == "A2"
    assert ws.protection.sheet and not ws.protection.password
    rows = rows_by_id(ws)
    assert list(rows) == [item.id for item in rs.inputs]
    # every cell to fill is unlocked, every other cell locked; no formulas anywhere
    rate = rows["I.5.weekly_broadcast"]
    yes_no = rows["I.1.decision"]
    count = rows["I.2.meetings"]
    assert not ws[f"{at['numerator']}{rate}"].protection.locked
    assert not ws[f"{at['denominator']}{rate}"].protection.locked
    assert ws[f"{at['value']}{rate}"].protection.locked
    assert not ws[f"{at['value']}{yes_no}"].protection.locked
    assert not ws[f"{at['evidence']}{yes_no}"].protection.locked
    assert ws[f"{at['evidence']}{count}"].protection.locked
    assert ws[f"B{rate}"].protection.locked and ws[f"A{rate}"].protection.locked
    assert ws[f"{at['source']}{rate}"].value == rs.input_map["I.5.weekly_broadcast"].source_ref
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))
    # data validation: Có/Không, whole ≥ 0, numbers ≥ 0
    kinds: dict[str, set[str]] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            kinds.setdefault(str(rng.coord), set()).add(f"{dv.type}:{dv.formula1}")
    assert kinds[f"{at['value']}{yes_no}"] == {'list:"Có,Không"'}
    assert kinds[f"{at['value']}{count}"] == {"whole:0"}
    assert kinds[f"{at['numerator']}{rate}"] == {"decimal:0.0"}
    assert kinds[f"{at['denominator']}{rate}"] == {"decimal:0.0"}
    # the target text beside its input
    news = rows["I.4.1.news"]
    assert ws[f"{at['target']}{news}"].value is None or isinstance(
        ws[f"{at['target']}{news}"].value, str
    )
    targeted = {t.input for t in rs.targets}
    some = next(item.id for item in rs.inputs if item.id in targeted)
    assert ws[f"{at['target']}{rows[some]}"].value
    # completion dates: one row per due id of the template, with date cells
    done = book["Done"]
    due_ids = []
    for ob_id, slot in submission_template(rs)["done"].items():
        due_ids += [f"{ob_id}@{k}" for k in slot] if isinstance(slot, dict) else [ob_id]
    assert [i for i in rows_by_id(done) if not str(i).startswith("(")] == due_ids
    done_col = columns(done)["done"]
    assert done[f"{done_col}2"].number_format == "dd/mm/yyyy"
    assert not done[f"{done_col}2"].protection.locked
    assert book["Events"].freeze_panes == "A2"


def test_template_names_english_beside_where_the_rule_set_gives_it() -> None:
    rs = load_ruleset("binh-tan-dti-2023")
    ws = load_workbook(io.BytesIO(template_workbook(rs)))["Inputs"]
    assert ws["C1"].value == "Tiếng Anh (English)"
    first = rs.inputs[0]
    assert ws["A2"].value == first.id and ws["C2"].value == first.name_en


def test_template_xlsx_needs_an_output_file() -> None:
    result = run("template", "q10-dti-2024", "--format", "xlsx")
    assert result.exit_code == 2
    assert "-o FILE.xlsx" in result.output


def test_same_workbook_bytes_every_time() -> None:
    rs = load_ruleset("q10-dti-2024")
    assert template_workbook(rs) == template_workbook(rs)
    sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    result = evaluate(rs, sub, as_of=AS_OF, backend="native")
    assert result_workbook(result, rs) == result_workbook(result, rs)


def test_an_empty_form_names_the_cells_still_to_fill(tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    assert run("template", "q10-dti-2024", "--format", "xlsx", "-o", out).exit_code == 0
    result = run("score", "q10-dti-2024", out)
    assert result.exit_code == 3
    assert "form.xlsx: Unit!C3: expected a non-empty text" in result.output
    assert "form.xlsx: Unit!C4: expected a non-empty text" in result.output


# -- reading it back -----------------------------------------------------------------------


@pytest.mark.parametrize("ruleset_id", bundled_rulesets())
def test_filled_form_scores_like_the_json_example(tmp_path: Path, ruleset_id: str) -> None:
    rs = load_ruleset(ruleset_id)
    path = filled(tmp_path, rs, example_data(ruleset_id))
    from_xlsx = evaluate(rs, load_submission(path, rs), as_of=AS_OF, backend="native")
    json_path = examples_dir() / f"{ruleset_id}.example.json"
    from_json = evaluate(rs, load_submission(json_path, rs), as_of=AS_OF, backend="native")
    assert from_xlsx.to_dict() == from_json.to_dict()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_round_trip_of_generated_submissions(tmp_path: Path, data: st.DataObject) -> None:
    rs = data.draw(rulesets())
    raw = data.draw(submission_data(rs))
    path = filled(tmp_path, rs, raw)
    from_xlsx = evaluate(rs, load_submission(path, rs), as_of=AS_OF, backend="native")
    # the form has a row for every input: one left out is a blank row, read as blank (null)
    raw["inputs"] = {item.id: raw["inputs"].get(item.id) for item in rs.inputs}
    from_data = evaluate(rs, submission_from_data(raw, rs), as_of=AS_OF, backend="native")
    assert from_xlsx.to_dict() == from_data.to_dict()


def _mini_form(tmp_path: Path) -> tuple[CompiledRuleSet, Workbook]:
    rs = load_ruleset(MINI)
    data = yaml.safe_load(MINI_SUBMISSION.read_text(encoding="utf-8"))
    book = load_workbook(io.BytesIO(template_workbook(rs)))
    fill_workbook(book, rs, data)
    return rs, book


def test_vietnamese_numbers_typed_as_text_are_read(tmp_path: Path) -> None:
    rs, book = _mini_form(tmp_path)
    ws = book["Inputs"]
    at, rows = columns(ws), rows_by_id(ws)
    ws[f"{at['numerator']}{rows['pcs']}"] = "360.682"
    ws[f"{at['denominator']}{rows['pcs']}"] = "495.000"
    ws[f"{at['value']}{rows['score']}"] = "7,5"
    ws[f"{at['numerator']}{rows['digitised']}"] = "1.234,5"
    ws[f"{at['denominator']}{rows['digitised']}"] = "2.469"
    path = tmp_path / "vn.xlsx"
    book.save(path)
    sub = load_submission(path, rs)
    pcs = sub.value("pcs")
    assert (pcs.numerator, pcs.denominator) == (360682, 495000)  # type: ignore[union-attr]
    assert sub.value("score").value == Decimal("7.5")  # type: ignore[union-attr]
    assert sub.value("digitised").percent == 50  # type: ignore[union-attr]


def test_a_percentage_cell_is_read_as_the_percentage_it_shows(tmp_path: Path) -> None:
    rs = load_ruleset("q10-dti-2024")
    data = example_data("q10-dti-2024")
    book = load_workbook(io.BytesIO(template_workbook(rs)))
    fill_workbook(book, rs, data)
    ws = book["Inputs"]
    at, rows = columns(ws), rows_by_id(ws)
    cell = ws[f"{at['value']}{rows['IX.1.ioc_progress']}"]
    cell.value = 0.7272
    cell.number_format = "0.00%"
    path = tmp_path / "pct.xlsx"
    book.save(path)
    assert load_submission(path, rs).value("IX.1.ioc_progress").value == Decimal("72.72")  # type: ignore[union-attr]
    cell.value = "72,72%"
    cell.number_format = "General"
    book.save(path)
    assert load_submission(path, rs).value("IX.1.ioc_progress").value == Decimal("72.72")  # type: ignore[union-attr]


def _broken(tmp_path: Path, how: str) -> tuple[Path, str]:
    """A filled mini form broken in one way, and the cell the message must name."""
    _rs, book = _mini_form(tmp_path)
    ws = book["Inputs"]
    at, rows = columns(ws), rows_by_id(ws)
    if how == "text in a number cell":
        ref = f"{at['numerator']}{rows['pcs']}"
        ws[ref] = "nhiều"
        where = f"Inputs!{ref}"
    elif how == "text in a count cell":
        ref = f"{at['value']}{rows['news']}"
        ws[ref] = "hai mươi"
        where = f"Inputs!{ref}"
    elif how == "merged cell":
        first = f"{at['numerator']}{rows['online']}"
        ws.merge_cells(f"{first}:{at['denominator']}{rows['online']}")
        where = f"Inputs!{first}"
    elif how == "missing sheet":
        del book["Inputs"]
        where = "Inputs!A1"
    elif how == "renamed header":
        ref = f"{at['value']}1"
        ws[ref] = "Value"
        where = f"Inputs!{ref}"
    elif how == "not a date":
        done = book["Done"]
        ref = f"{columns(done)['done']}2"
        done[ref] = "sớm"
        where = f"Done!{ref}"
    elif how == "numerator above denominator":
        ws[f"{at['numerator']}{rows['pcs']}"] = 120
        ws[f"{at['denominator']}{rows['pcs']}"] = 100
        where = f"Inputs!{at['numerator']}{rows['pcs']}:{at['denominator']}{rows['pcs']}"
    elif how == "unknown input id":
        ws[f"A{rows['news']}"] = "newz"
        where = f"Inputs!A{rows['news']}"
    else:  # pragma: no cover
        raise AssertionError(how)
    path = tmp_path / "broken.xlsx"
    book.save(path)
    return path, where


BROKEN = [
    "text in a number cell",
    "text in a count cell",
    "merged cell",
    "missing sheet",
    "renamed header",
    "not a date",
    "numerator above denominator",
    "unknown input id",
]


@pytest.mark.parametrize("how", BROKEN)
def test_a_cell_that_cannot_be_read_is_located_by_sheet_and_cell(tmp_path: Path, how: str) -> None:
    path, where = _broken(tmp_path, how)
    with pytest.raises(SubmissionError) as caught:
        load_submission(path, load_ruleset(MINI))
    assert any(loc.path == where for loc, _msg in caught.value.problems), str(caught.value)
    assert f"{path}: {where}" in str(caught.value)


@pytest.mark.parametrize(
    "how", ["text in a number cell", "merged cell", "missing sheet", "renamed header"]
)
@pytest.mark.parametrize("fmt", ["json", "xlsx", "html"])
def test_cli_exits_3_and_writes_nothing(tmp_path: Path, how: str, fmt: str) -> None:
    path, where = _broken(tmp_path, how)
    out = tmp_path / f"scorecard.{fmt}"
    result = run("score", MINI, path, "--format", fmt, "-o", out)
    assert result.exit_code == 3, result.output
    assert where in result.output and "Traceback" not in result.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.xlsx"]


def test_messages_say_what_was_expected(tmp_path: Path) -> None:
    path, _ = _broken(tmp_path, "text in a count cell")
    with pytest.raises(
        SubmissionError, match=r"expected a whole number ≥ 0 \(count\), got the text 'hai mươi'"
    ):
        load_submission(path, load_ruleset(MINI))
    path, _ = _broken(tmp_path, "renamed header")
    with pytest.raises(
        SubmissionError, match=r"expected the header 'Giá trị \(value\)'.*found 'Value'"
    ):
        load_submission(path, load_ruleset(MINI))


def test_a_form_for_another_rule_set_says_so(tmp_path: Path) -> None:
    rs = load_ruleset("binh-tan-dti-2023")
    path = filled(tmp_path, rs, example_data("binh-tan-dti-2023"))
    with pytest.raises(SubmissionError, match="this form is for rule set 'binh-tan-dti-2023'"):
        load_submission(path, load_ruleset("q10-dti-2024"))


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_text("id,value\n", encoding="utf-8")
    with pytest.raises(SubmissionError, match="not an Excel workbook"):
        load_submission(path, load_ruleset(MINI))


# -- scorecards ----------------------------------------------------------------------------


def _sheet_rows(ws: Worksheet) -> list[list[Any]]:
    return [[cell.value for cell in row] for row in ws.iter_rows(min_row=2)]


def test_scorecard_workbook_numbers_are_the_results_rounded_numbers(tmp_path: Path) -> None:
    rs = load_ruleset("q10-dti-2024")
    sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    out = tmp_path / "scorecard.xlsx"
    result = run(
        "score", "q10-dti-2024", examples_dir() / "q10-dti-2024.example.json",
        "--format", "xlsx", "--as-of", "2024-12-31", "--backend", "native", "-o", out,
        "--lang", "vi",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    vi = Language.get("vi")
    data = evaluate(rs, sub, as_of=AS_OF, backend="native").to_dict("vi")
    book = load_workbook(out)
    assert book.sheetnames == [
        "Tổng hợp", "Nhóm tiêu chí", "Tiêu chí", "Mục tiêu", "Thời hạn", "Vi phạm",
    ]  # fmt: skip
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
    summary = {row[0]: row[1] for row in _sheet_rows(book["Tổng hợp"])}
    assert summary["Điểm"] == data["score"]["points"] == 640.78
    assert summary["Chỉ số"] == data["score"]["index"]
    assert summary["Ngày đánh giá"] == dt.datetime(2024, 12, 31)
    assert summary["Mục tiêu: chưa đạt"] == data["summary"]["not_met"]
    groups = _sheet_rows(book["Nhóm tiêu chí"])
    assert [(r[0], r[3], r[4]) for r in groups] == [
        (g["id"], g["points"], g["max_points"]) for g in data["groups"]
    ]
    assert all(isinstance(r[3], int | float) for r in groups)
    assert book["Nhóm tiêu chí"]["D2"].number_format == "#,##0.00"
    assert book["Nhóm tiêu chí"]["F2"].number_format == "#,##0.0000"
    indicators = _sheet_rows(book["Tiêu chí"])
    assert [(r[0], r[4], r[6], r[7]) for r in indicators] == [
        (i["id"], i["points"], vi.p("status", i["status"]), i["explanation"]["formula"])
        for i in data["indicators"]
    ]
    targets = _sheet_rows(book["Mục tiêu"])
    assert [(r[0], r[5], r[6], r[7]) for r in targets] == [
        (t["id"], t["threshold"], t["value"], vi.p("status", t["status"])) for t in data["targets"]
    ]
    deadlines = _sheet_rows(book["Thời hạn"])
    assert len(deadlines) == len(data["deadlines"])
    first = data["deadlines"][0]
    assert deadlines[0][0] == first["id"] and deadlines[0][8] == vi.p("status", first["status"])
    assert deadlines[0][6] == dt.datetime.fromisoformat(first["due"])
    assert book["Thời hạn"]["G2"].number_format == "dd/mm/yyyy"
    violations = _sheet_rows(book["Vi phạm"])
    assert [(r[0], r[1], r[2]) for r in violations] == [
        (v["code"], v["subject"], v["message"]) for v in data["violations"]
    ]


def test_scorecard_xlsx_needs_an_output_file() -> None:
    result = run("score", MINI, MINI_SUBMISSION, "--format", "xlsx")
    assert result.exit_code == 2


def test_ranking_workbook(tmp_path: Path) -> None:
    rs = load_ruleset("q10-dti-2024")
    data = example_data("q10-dti-2024")
    other = copy.deepcopy(data)
    other["unit"] = {"id": "p12", "name": "Ủy ban nhân dân Phường 12", "level": "ward"}
    other["inputs"]["I.2.meetings"] = 1
    first = examples_dir() / "q10-dti-2024.example.json"
    second = filled(tmp_path, rs, other)
    out = tmp_path / "ranking.xlsx"
    result = run(
        "rank", "q10-dti-2024", first, second, "--format", "xlsx", "--backend", "native", "-o", out,
        "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ranking = rank(
        rs, [load_submission(first, rs), load_submission(second, rs)], backend="native"
    ).to_dict()
    book = load_workbook(out)
    assert book.sheetnames == ["Summary", "Ranking"]
    ws = book["Ranking"]
    assert ws.freeze_panes == "A2"
    rows = _sheet_rows(ws)
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        (u["rank"], u["unit"], u["index"], u["points"]) for u in ranking["units"]
    ]
    assert rows[0][5] == ranking["units"][0]["groups"][0]["index"]
