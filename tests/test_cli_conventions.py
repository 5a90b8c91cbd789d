"""Conventions every command of the command line shares: colour only for a terminal and
never with NO_COLOR, ``-`` for standard input, ``-o`` everywhere, one rule for exit codes."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dti_rules import load_ruleset
from dti_rules.cli import main
from dti_rules.engine import _durable
from dti_rules.rulesets import examples_dir

from .conftest import MINI, MINI_SUBMISSION

Q10 = "q10-dti-2024"
EXAMPLE = examples_dir() / "q10-dti-2024.example.json"
BT = "binh-tan-dti-2023"


def run(*args: Any, stdin: str | bytes | None = None) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin)


# -- colour ------------------------------------------------------------------------------


def _through_a_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """What the command prints when standard output is a terminal (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "dti_rules", *args],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "COLUMNS": "100", **env},
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed: all was read
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)


def test_a_terminal_gets_colour_and_no_color_turns_it_off() -> None:
    args = ["score", str(MINI), str(MINI_SUBMISSION), "--backend", "native"]
    env = {k: "" for k in ("NO_COLOR", "FORCE_COLOR")}
    coloured = _through_a_terminal(args, env)
    assert b"\x1b[" in coloured
    plain = _through_a_terminal(args, {**env, "NO_COLOR": "1"})
    assert b"\x1b[" not in plain
    assert b"TOTAL" in plain


def test_output_that_is_not_a_terminal_is_plain_text() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dti_rules", "score", str(MINI), str(MINI_SUBMISSION)],
        capture_output=True,
        env={**os.environ, "NO_COLOR": ""},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0
    assert b"TOTAL" in proc.stdout and b"\x1b[" not in proc.stdout


# -- standard input ------------------------------------------------------------------------


def test_a_submission_from_standard_input_scores_as_from_its_file() -> None:
    from_file = run("score", Q10, EXAMPLE, "--format", "json")
    from_stdin = run("score", Q10, "-", "--format", "json", stdin=EXAMPLE.read_bytes())
    assert from_stdin.exit_code == 0, from_stdin.output
    assert json.loads(from_stdin.output) == json.loads(from_file.output)


def test_yaml_and_csv_submissions_are_recognised_on_standard_input() -> None:
    yaml_text = MINI_SUBMISSION.read_text(encoding="utf-8")
    out = run("score", MINI, "-", "--format", "json", stdin=yaml_text)
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["unit"]["id"] == "qt"
    csv_text = (
        "ruleset,mini\nunit.id,qt\nunit.name,UBND Quận Thử\nunit.level,district\nperiod,2024\n\n"
        "id,value,numerator,denominator,evidence\nnews,15,,,\n"
    )
    out = run("score", MINI, "-", "--format", "json", stdin=csv_text)
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["unit"]["name"] == "UBND Quận Thử"


def test_an_excel_form_is_recognised_on_standard_input(tmp_path: Path) -> None:
    form = tmp_path / "form.xlsx"
    assert run("template", MINI, "--format", "xlsx", "-o", form).exit_code == 0
    out = run("score", MINI, "-", "--format", "json", stdin=form.read_bytes())
    # an empty form: read as a workbook, refused for its empty unit, located by cell
    assert out.exit_code == 3
    assert "<stdin>" in out.output and "malformed YAML" not in out.output


def test_a_rule_set_from_standard_input() -> None:
    out = run("show", "-", "--format", "json", stdin=MINI.read_bytes())
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["id"] == load_ruleset(MINI).id
    scored = run("score", "-", MINI_SUBMISSION, "--format", "json", stdin=MINI.read_bytes())
    assert scored.exit_code == 0, scored.output


def test_reported_figures_from_standard_input() -> None:
    reported = (examples_dir() / f"{BT}.reported.json").read_bytes()
    subs = [examples_dir() / f"{BT}.{u}.json" for u in ("district", "wards")]
    from_file = run("audit", BT, *subs, "--reported", examples_dir() / f"{BT}.reported.json")
    from_stdin = run("audit", BT, *subs, "--reported", "-", stdin=reported)
    assert from_stdin.exit_code == from_file.exit_code == 1  # the report has mismatches
    assert from_stdin.output == from_file.output


def test_bad_input_on_standard_input_is_located_at_stdin() -> None:
    out = run("score", Q10, "-", stdin='{"unit": ')
    assert out.exit_code == 3
    assert "<stdin>" in out.output and "malformed JSON" in out.output
    assert "dti-rules-" not in out.output  # not the temporary copy's name


def test_standard_input_is_read_for_one_argument_only() -> None:
    out = run("rank", Q10, "-", "-", stdin=EXAMPLE.read_bytes())
    assert out.exit_code == 2
    assert "standard input" in out.output


# -- -o ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", Q10],
        ["show", Q10, "--format", "json"],
        ["deadline", "trước ngày 15 hằng tháng", "--issued", "2024-03-29"],
        ["deadline", "Quý III/2024", "--format", "json"],
        ["calendar", Q10, "--year", "2024"],
        ["lint", Q10, "--format", "json"],
        ["schema", "result"],
        ["score", Q10, str(EXAMPLE), "--format", "md"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_every_command_that_prints_writes_the_same_to_o(args: list[str], tmp_path: Path) -> None:
    printed = run(*args)
    target = tmp_path / "out.txt"
    written = run(*args, "-o", target)
    assert written.exit_code == printed.exit_code, written.output
    assert printed.exit_code in (0, 1)  # lint exits 1 for findings
    assert target.read_text(encoding="utf-8") == printed.output
    assert f"wrote {target}" in written.output


def test_o_dash_is_standard_output() -> None:
    assert run("schema", "result", "-o", "-").output == run("schema", "result").output


# -- exit codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["score", Q10, str(EXAMPLE), "--as-of", "2024-02-30"],
        ["score", Q10, str(EXAMPLE), "--as-of", "30/06/2024"],
        ["deadline", "Quý III/2024", "--issued", "2024-13-01"],
        ["deadline", "Quý III/2024", "--issued", "yesterday"],
        ["score", Q10, str(EXAMPLE), "--format", "xlsx"],  # a workbook needs -o
        ["lint"],
    ],
)
def test_a_misuse_of_the_command_line_exits_2(args: list[str]) -> None:
    out = run(*args)
    assert out.exit_code == 2, out.output
    assert "Traceback" not in out.output


def test_the_exit_codes_are_in_the_help() -> None:
    text = run("--help").output
    assert "Exit status" in text
    assert "2 a misuse of the command line" in " ".join(text.split())
    assert "3 invalid input" in " ".join(text.split())


def test_the_durable_backend_where_it_cannot_run_says_how_to_choose_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_durable, "_tried", True)
    monkeypatch.setattr(_durable, "_engine", None)
    monkeypatch.setattr(_durable, "_import_error", "ImportError: undefined symbol")
    out = run("score", MINI, MINI_SUBMISSION, "--backend", "durable")
    assert out.exit_code == 2
    assert "--backend native" in out.output
    assert "backend='native'" not in out.output
    # without --backend, this installation's default (native) is used
    assert run("score", MINI, MINI_SUBMISSION).exit_code == 0


# -- show ----------------------------------------------------------------------------------


def test_show_lists_the_readings_with_whether_each_is_an_assumption() -> None:
    rs = load_ruleset(Q10)
    data = json.loads(run("show", Q10, "--format", "json").output)
    assert [r["id"] for r in data["readings"]] == [r.id for r in rs.spec.readings]
    assert {r["assumption"] for r in data["readings"]} == {True, False}
    assert all(r["text"] and r["source_ref"] for r in data["readings"])
