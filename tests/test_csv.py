"""CSV submissions: round trip, Vietnamese numbers, located errors, delimiters and layouts."""

from __future__ import annotations

import csv
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

from dti_rules import CompiledRuleSet, evaluate, load_ruleset, load_submission, submission_from_data
from dti_rules._vnnumbers import parse_printed
from dti_rules.cli import main
from dti_rules.errors import SubmissionError
from dti_rules.formats.csvio import cell_number
from dti_rules.model import InputKind
from dti_rules.rulesets import bundled_rulesets, examples_dir
from dti_rules.submission import Rate
from dti_rules.testing import rulesets, submission_data

from .conftest import MINI, MINI_SUBMISSION, as_index

AS_OF = dt.date(2024, 12, 31)


def vn(value: Any) -> str:
    """A number written the Vietnamese way: a decimal comma."""
    return str(value).replace(".", ",")


def csv_text(
    ruleset: CompiledRuleSet,
    data: dict[str, Any],
    *,
    delimiter: str = ",",
    vietnamese_dates: bool = True,
) -> str:
    """Mapping-form submission data as a CSV submission."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    if data.get("ruleset"):
        writer.writerow(["ruleset", data["ruleset"]])
    for key in ("id", "name", "level"):
        writer.writerow([f"unit.{key}", data["unit"][key]])
    writer.writerow(["period", data["period"]])
    writer.writerow([])
    writer.writerow(["id", "value", "numerator", "denominator", "evidence"])

    def day(text: Any) -> str:
        when = dt.date.fromisoformat(str(text))
        return f"{when:%d/%m/%Y}" if vietnamese_dates else when.isoformat()

    for ident, value in (data.get("inputs") or {}).items():
        kind = ruleset.input_map[ident].kind
        if value is None:
            writer.writerow([ident, "", "", "", ""])
        elif kind is InputKind.RATE:
            writer.writerow([ident, "", vn(value["numerator"]), vn(value["denominator"]), ""])
        elif kind is InputKind.BOOLEAN:
            flag, evidence = (
                (value["value"], value.get("evidence"))
                if isinstance(value, dict)
                else (value, None)
            )
            writer.writerow([ident, "Có" if flag else "Không", "", "", evidence or ""])
        elif kind is InputKind.DATE:
            writer.writerow([ident, day(value), "", "", ""])
        else:
            writer.writerow([ident, vn(as_index(ruleset, ident, value)), "", "", ""])
    for ident, when in (data.get("done") or {}).items():
        whens = (
            {f"{ident}@{k}": d for k, d in when.items()}
            if isinstance(when, dict)
            else {ident: when}
        )
        for due_id, date in whens.items():
            if date is not None:
                writer.writerow([f"done:{due_id}", day(date), "", "", ""])
    for ident, when in (data.get("events") or {}).items():
        if when is not None:
            writer.writerow([f"event:{ident}", day(when), "", "", ""])
    return out.getvalue()


def write(tmp_path: Path, text: str, name: str = "unit.csv", *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def mini_data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MINI_SUBMISSION.read_text(encoding="utf-8"))
    return loaded


# -- Vietnamese numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("72,72%", Decimal("72.72")),
        ("360.682", Decimal(360682)),
        ("1.234,5", Decimal("1234.5")),
        ("0,5", Decimal("0.5")),
        ("1.234.567", Decimal(1234567)),
        ("12.5", Decimal("12.5")),
        ("0.125", Decimal("0.125")),
        ("360 682", Decimal(360682)),
        ("-2,5", Decimal("-2.5")),
        ("100%", Decimal(100)),
    ],
)
def test_vietnamese_numbers(text: str, value: Decimal) -> None:
    assert cell_number(text) == value
    assert parse_printed(text)[0] == value


@pytest.mark.parametrize("text", ["nhiều", "1,2,3", "", "   "])
def test_what_is_not_a_number(text: str) -> None:
    if text.strip():
        with pytest.raises(ValueError, match="got the text"):
            cell_number(text)
    else:
        assert cell_number(text) is None


def test_a_csv_with_vietnamese_numbers_scores(tmp_path: Path) -> None:
    rs = load_ruleset(MINI)
    text = (
        "unit.id,p12\nunit.name,Phường 12\nunit.level,ward\nperiod,2024\n"
        "id,value,numerator,denominator,evidence\n"
        'pcs,,"360.682","495.000",\n'
        'score,"7,5",,,\n'
        'digitised,,"1.234,5","2.469",\n'
        'online,,"72,72%",100,\n'
        "news,21,,,\n"
        "plan,Có,,,QĐ 1/QĐ-UBND\n"
    )
    sub = load_submission(write(tmp_path, text), rs)
    assert sub.value("pcs") == Rate(360682, 495000)  # type: ignore[arg-type]
    assert sub.value("score").value == Decimal("7.5")  # type: ignore[union-attr]
    assert sub.value("digitised").percent == 50  # type: ignore[union-attr]
    assert sub.value("online").percent == Decimal("72.72")  # type: ignore[union-attr]
    assert sub.value("plan").evidence == "QĐ 1/QĐ-UBND"  # type: ignore[union-attr]


# -- round trip ----------------------------------------------------------------------------


@pytest.mark.parametrize("ruleset_id", bundled_rulesets())
def test_csv_scores_like_the_json_example(tmp_path: Path, ruleset_id: str) -> None:
    rs = load_ruleset(ruleset_id)
    json_path = examples_dir() / f"{ruleset_id}.example.json"
    data = json.loads(json_path.read_text(encoding="utf-8"), parse_float=Decimal)
    path = write(tmp_path, csv_text(rs, data))
    from_csv = evaluate(rs, load_submission(path, rs), as_of=AS_OF, backend="native")
    from_json = evaluate(rs, load_submission(json_path, rs), as_of=AS_OF, backend="native")
    assert from_csv.to_dict() == from_json.to_dict()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_round_trip_of_generated_submissions(tmp_path: Path, data: st.DataObject) -> None:
    rs = data.draw(rulesets())
    raw = data.draw(submission_data(rs))
    delimiter = data.draw(st.sampled_from([",", ";"]))
    text = csv_text(rs, raw, delimiter=delimiter, vietnamese_dates=data.draw(st.booleans()))
    path = write(tmp_path, text, bom=data.draw(st.booleans()))
    from_csv = evaluate(rs, load_submission(path, rs), as_of=AS_OF, backend="native")
    from_data = evaluate(rs, submission_from_data(raw, rs), as_of=AS_OF, backend="native")
    assert from_csv.to_dict() == from_data.to_dict()


def test_unit_and_period_as_columns_of_a_flat_export(tmp_path: Path) -> None:
    rs = load_ruleset(MINI)
    reference = load_submission(MINI_SUBMISSION, rs)
    data = mini_data()
    lines = csv_text(rs, data).splitlines()
    table = lines[lines.index("id,value,numerator,denominator,evidence") :]
    unit = data["unit"]
    flat = [table[0] + ",unit.id,unit.name,unit.level,period,ruleset"]
    flat += [
        f"{row},{unit['id']},{unit['name']},{unit['level']},{data['period']},mini"
        for row in table[1:]
    ]
    sub = load_submission(write(tmp_path, "\n".join(flat) + "\n"), rs)
    assert sub.fingerprint == reference.fingerprint
    flat[2] = flat[2].replace(f",{unit['id']},", ",khac,")
    with pytest.raises(SubmissionError, match=r"unit\.id 'khac' disagrees with") as caught:
        load_submission(write(tmp_path, "\n".join(flat) + "\n"), rs)
    assert caught.value.problems[0][0].path == "F3"


# -- located errors ------------------------------------------------------------------------


def _mini_csv(tmp_path: Path, replace: tuple[str, str] | None = None) -> Path:
    text = csv_text(load_ruleset(MINI), mini_data())
    if replace is not None:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1], 1)
    return write(tmp_path, text)


def _row_of(path: Path, start: str) -> int:
    return next(
        i
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith(start)
    )


@pytest.mark.parametrize(
    ("replace", "row_start", "column", "message"),
    [
        (
            ("news,15,", "news,nhiều,"),
            "news,",
            "B",
            "expected a whole number ≥ 0 (count), got the text 'nhiều'",
        ),
        (
            ("pcs,,", "pcs,,abc"),
            "pcs,",
            "C",
            "expected a number ≥ 0 (the rate's numerator), got the text",
        ),
        (
            ("plan,Có,", "plan,Chắc,"),
            "plan,",
            "B",
            "expected Có or Không (yes/no), got the text 'Chắc'",
        ),
        (("id,value,numerator", "id,valeur,numerator"), "id,", "B", "unknown column 'valeur'"),
        (("news,", "newz,"), "newz,", "A", "unknown input 'newz'; did you mean 'news'?"),
    ],
)
def test_a_cell_that_cannot_be_read_is_located(
    tmp_path: Path, replace: tuple[str, str], row_start: str, column: str, message: str
) -> None:
    path = _mini_csv(tmp_path, replace)
    row = _row_of(path, row_start)
    with pytest.raises(SubmissionError) as caught:
        load_submission(path, load_ruleset(MINI))
    found = {(loc.path, loc.line): msg for loc, msg in caught.value.problems}
    assert (f"{column}{row}", row) in found, found
    assert message in found[(f"{column}{row}", row)]
    assert f"{path}: {column}{row} (line {row}): " in str(caught.value)


def test_missing_header_fields_are_named(tmp_path: Path) -> None:
    path = _mini_csv(tmp_path, ("unit.level,district\n", ""))
    with pytest.raises(SubmissionError, match=r"no unit.level: give a line 'unit.level,…'"):
        load_submission(path, load_ruleset(MINI))


def test_a_file_without_a_table(tmp_path: Path) -> None:
    with pytest.raises(SubmissionError, match="no table header line"):
        load_submission(write(tmp_path, "unit.id,p1\n"), load_ruleset(MINI))


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "unit.csv"
    path.write_bytes("id,value\nplan,Có\n".encode("cp1258"))
    with pytest.raises(SubmissionError, match="CSV UTF-8"):
        load_submission(path, load_ruleset(MINI))


def test_cli_scores_a_csv_and_exits_3_on_a_bad_one(tmp_path: Path) -> None:
    runner = CliRunner()
    good = _mini_csv(tmp_path)
    out = tmp_path / "result.json"
    result = runner.invoke(
        main, ["score", str(MINI), str(good), "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    reference = runner.invoke(main, ["score", str(MINI), str(MINI_SUBMISSION), "--format", "json"])
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(reference.output)
    out.unlink()
    bad = write(
        tmp_path,
        good.read_text(encoding="utf-8").replace("news,15,", "news,hai mươi,", 1),
        "bad.csv",
    )
    result = runner.invoke(main, ["score", str(MINI), str(bad), "--format", "html", "-o", str(out)])
    assert result.exit_code == 3
    assert "bad.csv: B" in result.output and "Traceback" not in result.output
    assert not out.exists()
