"""Broken and crafted files give located errors (file, place, what was expected), and
output paths that are not a regular or new file are refused."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from dti_rules import CompiledRuleSet, evaluate, load_ruleset, load_submission
from dti_rules._fileio import parse_text, read_document, write_atomic
from dti_rules._limits import MAX_DEPTH, MAX_DIGITS, MAX_EXPONENT, MAX_SHEET_ROWS
from dti_rules.calendar import parse_deadline
from dti_rules.cli import main
from dti_rules.errors import DeadlinePhraseError, InputFileError, OutputFileError, SubmissionError

from .hostile_corpus import INPUTS_PART, MINI, MINI_SUBMISSION, patch_xlsx

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def mini_rs() -> CompiledRuleSet:
    return load_ruleset(MINI)


def _problem(text: str, source: str) -> tuple[str, str]:
    with pytest.raises(InputFileError) as caught:
        parse_text(text, source)
    location, message = caught.value.problems[0]
    return str(location), message


def test_yaml_aliases_are_refused_before_anything_is_expanded() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    started = time.monotonic()
    where, message = _problem("\n".join(lines), "laughs.yaml")
    assert time.monotonic() - started < 5
    assert where == "laughs.yaml (line 1)"
    assert "anchors and aliases" in message


@pytest.mark.parametrize(
    ("source", "text", "line", "expected"),
    [
        ("deep.yaml", "x: " + "[" * 500 + "]" * 500, 1, f"nested deeper than {MAX_DEPTH}"),
        ("inf.yaml", "x: 1\ny: .inf\n", 2, "expected a finite number"),
        ("nan.yaml", "y: .nan\n", 1, "expected a finite number"),
        ("big.yaml", "n: " + "9" * 5000, 1, f"more than {MAX_DIGITS}"),
        ("exp.yaml", "a: 1\nn: 1.0e-999999\n", 2, f"exponent beyond ±{MAX_EXPONENT}"),
        ("key.yaml", "a: 1\n? [x, y]\n: 2\n", 2, "a key must be a plain text"),
        ("date.yaml", "d: 0000-01-01\n", 1, "year 0 is out of range"),
        ("set.yaml", "s: !!set {a, b}\n", 1, "is not accepted"),
        ("dup.json", '{"a": 1,\n "b": 2,\n "a": 3}', 3, "duplicate key 'a'"),
        ("nan.json", '{"a":\n NaN}', 2, "expected a finite number, got NaN"),
        ("int.json", '{"a": ' + "9" * 4400 + "}", 1, "4400 digits"),
        ("exp.json", '{"a": 1e999999}', 1, f"exponent beyond ±{MAX_EXPONENT}"),
        ("neg.json", '{"a": 1e-999999}', 1, f"exponent beyond ±{MAX_EXPONENT}"),
    ],
)
def test_values_beyond_the_limits_are_located(
    source: str, text: str, line: int, expected: str
) -> None:
    where, message = _problem(text, source)
    assert where == f"{source} (line {line})"
    assert expected in message


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("[" * 1000 + "]" * 1000, "", f"nested deeper than {MAX_DEPTH}"),
        ('{"unit": {"name": "\\ud800"}}', ": unit.name", "lone surrogate"),
        ('{"unit": {"name": "a\\u0000b"}}', ": unit.name", "control character U+0000"),
    ],
)
def test_json_structure_and_text_problems_name_the_path(
    text: str, path: str, expected: str
) -> None:
    where, message = _problem(text, "sub.json")
    assert where == f"sub.json{path}"
    assert expected in message


def test_numbers_within_the_limits_stay_exact() -> None:
    doc = parse_text("a: 0.1\nb: 12345678901234567890.123456789\nc: 1.5e-40\n", "ok.yaml")
    assert doc.data == {
        "a": Decimal("0.1"),
        "b": Decimal("12345678901234567890.123456789"),
        "c": Decimal("1.5e-40"),
    }
    assert parse_text('{"a": 0.1, "b": 10}', "ok.json").data == {"a": Decimal("0.1"), "b": 10}


def test_a_yaml_file_is_composed_once_and_keeps_its_line_numbers(tmp_path: Path) -> None:
    doc = parse_text("unit:\n  id: q\n  name: Q\ninputs:\n  - 1\n  - 2\n", "s.yaml")
    assert str(doc.locate(["inputs", 1])) == "s.yaml: inputs[1] (line 6)"
    assert str(doc.locate(["unit", "name"])) == "s.yaml: unit.name (line 3)"


def test_files_that_cannot_be_read_are_located(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop.yaml")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (5 * 1024 * 1024))
    expected = {
        loop: "loop of symbolic links",
        folder: "found a directory",
        fifo: "found a named pipe",
        big: "more than the 4,194,304",
        tmp_path / "missing.yaml": "file not found",
    }
    for path, message in expected.items():
        with pytest.raises(InputFileError, match=message):
            read_document(path)
    if os.geteuid() != 0:  # pragma: no cover - root reads everything
        locked = tmp_path / "locked.yaml"
        locked.write_text("a: 1\n", encoding="utf-8")
        locked.chmod(0)
        with pytest.raises(InputFileError, match="permission denied"):
            read_document(locked)


def test_a_submission_loaded_against_another_rule_set_is_refused(mini_rs: CompiledRuleSet) -> None:
    sub = load_submission(MINI_SUBMISSION, mini_rs)
    other = load_ruleset("q10-dti-2024")
    with pytest.raises(SubmissionError, match="another rule set") as caught:
        evaluate(other, sub, backend="native")
    assert caught.value.problems[0][0].source == str(MINI_SUBMISSION)
    assert evaluate(mini_rs, sub, backend="native").ruleset_id == "mini"


def test_csv_problems_are_located_by_line(tmp_path: Path, mini_rs: CompiledRuleSet) -> None:
    head = "unit.id,qt\nunit.name,Q\nunit.level,district\nperiod,2024\n\n"
    head += "id,value,numerator,denominator,evidence\n"
    cases = {
        "huge.csv": (head + 'news,"' + "9" * 200_000 + '"\n', "(line 7)", "field limit"),
        "nul.csv": (head + "news,1\x00\n", "(line 7)", "U+0000"),
        "exp.csv": (head + "news,1e99999999\n", "B7 (line 7)", "exponent beyond"),
    }
    for name, (text, where, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(SubmissionError) as caught:
            load_submission(path, mini_rs)
        location, found = caught.value.problems[0]
        assert str(location).endswith(where), (name, location)
        assert message in found


def test_crafted_workbooks_are_refused_before_openpyxl_builds_them(
    tmp_path: Path, mini_rs: CompiledRuleSet
) -> None:
    from dti_rules.formats.xlsx import template_workbook  # noqa: PLC0415

    base = template_workbook(mini_rs)
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    formula = b'<row r="40"><c r="G40"><f>SUM(1,2)</f></c></row>'
    cases = {
        "far": (far, "Inputs!A1048576", f"{MAX_SHEET_ROWS:,} rows"),
        "formula": (formula, "Inputs!G40", "formula with no computed value"),
        "inflate": (b"<!--" + b" " * (40 * 1024 * 1024) + b"-->", INPUTS_PART, "unpacks to"),
    }
    for name, (xml, where, message) in cases.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(
            patch_xlsx(
                base, INPUTS_PART, lambda d, x=xml: d.replace(b"</sheetData>", x + b"</sheetData>")
            )
        )
        started = time.monotonic()
        with pytest.raises(SubmissionError) as caught:
            load_submission(path, mini_rs)
        assert time.monotonic() - started < 10
        location, found = caught.value.problems[0]
        assert location.path == where, name
        assert message in found
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(patch_xlsx(base, INPUTS_PART, lambda d: d[: len(d) // 2]))
    with pytest.raises(SubmissionError, match="not an Excel workbook"):
        load_submission(broken, mini_rs)


# -- output files ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["directory", "symlink", "fifo", "device", "missing", "long"])
def test_output_paths_that_are_not_a_regular_or_new_file_are_refused(
    kind: str, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    if kind == "directory":
        target.mkdir()
    elif kind == "symlink":
        victim = tmp_path / "victim.txt"
        victim.write_text("keep", encoding="utf-8")
        target.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target = Path(os.devnull)
    elif kind == "missing":
        target = tmp_path / "no-such-folder" / "out.json"
    else:
        target = tmp_path / ("a" * 300)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OutputFileError):
        write_atomic(target, b"{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if kind == "symlink":
        assert (tmp_path / "victim.txt").read_text(encoding="utf-8") == "keep"
        assert target.is_symlink()
    result = CliRunner().invoke(main, ["template", str(MINI), "-o", str(target)])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    assert "invalid output file" in result.output


def test_an_empty_output_name_is_invalid_input() -> None:
    result = CliRunner().invoke(main, ["template", str(MINI), "-o", ""])
    assert result.exit_code == 3
    assert "expected a file name" in result.output


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_output_files_follow_the_umask(umask: int, tmp_path: Path) -> None:
    previous = os.umask(umask)
    try:
        write_atomic(tmp_path / "out.json", b"{}")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o666 & ~umask


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_terminated_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """SIGTERM in the middle of writing: the child exits and leaves nothing behind."""
    script = textwrap.dedent(
        f"""
        import io, os, signal, sys
        sys.path.insert(0, {str(ROOT / "src")!r})
        import dti_rules._fileio as fileio
        real = os.fdopen
        def interrupted(fd, mode):
            handle = real(fd, mode)
            os.kill(os.getpid(), signal.SIGTERM)  # arrives while the temporary file is open
            return handle
        fileio.os.fdopen = interrupted
        fileio.write_atomic({str(tmp_path / "out.xlsx")!r}, b"x" * 1000)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_no_temporary_file_is_left_when_writing_fails(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_atomic(tmp_path / "out.json", "not bytes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("phrase", [":", ";;", "(ghi chú)", " , "])
def test_a_phrase_of_punctuation_only_is_a_deadline_error(phrase: str) -> None:
    with pytest.raises(DeadlinePhraseError):
        parse_deadline(phrase)


@pytest.mark.parametrize("period", [9999, "9999-12", "9999-Q4", "0000"])
def test_a_period_at_the_ends_of_the_calendar_is_located(
    period: object, mini_rs: CompiledRuleSet
) -> None:
    from dti_rules import submission_from_data  # noqa: PLC0415

    data = {"unit": {"id": "q", "name": "Q", "level": "district"}, "period": period}
    with pytest.raises(SubmissionError) as caught:
        submission_from_data(data, mini_rs)
    assert caught.value.problems[0][0].path == "period"
