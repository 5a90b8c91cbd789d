"""The dti-rules command line: exit codes 0/2/3, located messages, atomic output files."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from dti_rules.cli import main
from dti_rules.schemas import ResultDocument

from .conftest import MINI, MINI_SUBMISSION, fill_template


def run(*args: str) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_score_table_shows_subtotals_and_statuses() -> None:
    out = run("score", MINI, MINI_SUBMISSION)
    assert out.exit_code == 0, out.output
    assert "63.33" in out.output and "index 0.6333" in out.output
    assert "28.33" in out.output  # group II subtotal
    assert "exceeded" in out.output and "not_met" in out.output
    assert "TARGET_NOT_MET" in out.output


def test_score_json_validates_against_the_contract() -> None:
    out = run("score", MINI, MINI_SUBMISSION, "--format", "json", "--as-of", "2024-12-31")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    ResultDocument.model_validate(data)
    assert data["score"]["points"] == 63.33
    assert data["as_of"] == "2024-12-31"


def test_score_writes_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    out = run("score", MINI, MINI_SUBMISSION, "--format", "json", "-o", target)
    assert out.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["ruleset"]["id"] == "mini"


@pytest.mark.parametrize(
    ("inputs_patch", "expected"),
    [
        ({"onlin": 3}, "did you mean 'online'?"),
        ({"pcs": {"numerator": 101, "denominator": 100}}, "numerator 101 is above denominator"),
        ({"news": -1}, "expected a whole number ≥ 0, got -1"),
        ({"news": "nhiều"}, "expected a whole number ≥ 0, got str 'nhiều'"),
    ],
)
def test_bad_submission_exits_3_with_a_located_message_and_writes_nothing(
    tmp_path: Path,
    mini_submission_data: dict[str, Any],
    inputs_patch: dict[str, Any],
    expected: str,
) -> None:
    mini_submission_data["inputs"].update(inputs_patch)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(mini_submission_data, allow_unicode=True), encoding="utf-8")
    target = tmp_path / "out.json"
    out = run("score", MINI, bad, "--format", "json", "-o", target)
    assert out.exit_code == 3
    assert "error: invalid submission:" in out.output
    assert str(bad) in out.output and expected in out.output
    assert "Traceback" not in out.output
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_malformed_json_submission(write: Callable[[str, str], Path]) -> None:
    bad = write("bad.json", '{"unit": ')
    out = run("score", MINI, bad)
    assert out.exit_code == 3
    assert f"{bad}" in out.output and "line 1" in out.output


def test_ruleset_whose_total_disagrees_exits_3(write: Callable[[str, str], Path]) -> None:
    text = MINI.read_text(encoding="utf-8").replace("max_points: 100", "max_points: 120", 1)
    bad = write("bad-rules.yaml", text)
    out = run("show", bad)
    assert out.exit_code == 3
    assert "error: invalid rule set:" in out.output
    assert "max_points" in out.output and "declared total 120" in out.output


def test_unknown_ruleset_exits_3() -> None:
    out = run("show", "no-such-thing")
    assert out.exit_code == 3
    assert "neither a bundled rule set" in out.output


def test_usage_errors_exit_2() -> None:
    assert run("score", MINI).exit_code == 2
    assert run("schema", "nonsense").exit_code == 2
    assert run("score", MINI, MINI_SUBMISSION, "--format", "pdf").exit_code == 2
    assert run("frobnicate").exit_code == 2


@pytest.mark.parametrize("name", ["ruleset", "submission", "result"])
def test_schema_prints_json_schema(name: str) -> None:
    out = run("schema", name)
    assert out.exit_code == 0
    schema = json.loads(out.output)
    assert schema.get("type") == "object" or "properties" in schema or "$defs" in schema
    assert "properties" in schema


def test_template_round_trip_through_score(tmp_path: Path) -> None:
    skeleton_path = tmp_path / "t.json"
    assert run("template", MINI, "--format", "json", "-o", skeleton_path).exit_code == 0
    skeleton = json.loads(skeleton_path.read_text(encoding="utf-8"))
    skeleton["unit"] = {"id": "qt", "name": "UBND Quận Thử", "level": "district"}
    skeleton["period"] = "2024"
    fill_template(skeleton, yaml.safe_load(MINI_SUBMISSION.read_text(encoding="utf-8"))["inputs"])
    filled = tmp_path / "filled.json"
    filled.write_text(json.dumps(skeleton, ensure_ascii=False), encoding="utf-8")
    a = run("score", MINI, filled, "--format", "json")
    b = run("score", MINI, MINI_SUBMISSION, "--format", "json")
    assert a.exit_code == b.exit_code == 0
    assert json.loads(a.output)["score"] == json.loads(b.output)["score"]


def test_real_process_exit_code_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit: [\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "dti_rules", "score", str(MINI), str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert str(bad) in proc.stderr
    assert proc.stdout == ""
