"""Crafted and broken input files, made by code (no committed binaries), and a runner that
feeds each to the ``dti-rules`` command line under a time and memory budget.

Used by ``tests/test_fuzz.py`` and ``benchmarks/bench_hostile.py``. Every case is a file a
reader gets (a submission as JSON, YAML, CSV or an Excel form, a rule set, reported
figures) or a deadline phrase; each is run as the command a user would type, and what must
hold is the same for all: exit status 0, 1 or 3, no traceback, within the budget.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import yaml

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"
MINI_SUBMISSION = DATA / "mini-submission.yaml"


@attrs.frozen
class Case:
    """One hostile input: its name, what reads it, and the file's bytes (or the phrase)."""

    name: str
    kind: str  # submission, ruleset, reported, phrase
    suffix: str
    content: bytes


def _submission() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINI_SUBMISSION.read_text(encoding="utf-8"))
    return data


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _with(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data = _submission()
    at = data
    for key in path[:-1]:
        at = at[key]
    at[path[-1]] = value
    return data


def _laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + f"\nunit: *a{levels - 1}\n"


def _csv(rows: list[str]) -> bytes:
    head = ["unit.id,qt", "unit.name,UBND Quận Thử", "unit.level,district", "period,2024", ""]
    return "\n".join([*head, "id,value,numerator,denominator,evidence", *rows, ""]).encode()


def _form() -> bytes:
    from dti_rules import load_ruleset  # noqa: PLC0415 - only for the xlsx cases
    from dti_rules.formats.xlsx import template_workbook  # noqa: PLC0415

    return template_workbook(load_ruleset(MINI))


def patch_xlsx(
    base: bytes,
    part: str,
    change: Callable[[bytes], bytes],
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """``base`` with the zip part ``part`` changed (and ``extra`` parts added)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == part else data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


INPUTS_PART = "xl/worksheets/sheet2.xml"


def _cells(xml: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data.replace(b"</sheetData>", xml + b"</sheetData>", 1)


def _xlsx_cases() -> Iterator[Case]:
    base = _form()
    yield Case(
        "xlsx-far-cell",
        "submission",
        ".xlsx",
        patch_xlsx(
            base,
            INPUTS_PART,
            _cells(b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'),
        ),
    )
    many = b"".join(
        b'<row r="%d">' % r
        + b"".join(
            b'<c r="%s%d"><v>1</v></c>' % (col, r)
            for col in (b"J", b"K", b"L", b"M", b"N", b"O", b"P", b"Q")
        )
        + b"</row>"
        for r in range(20, 30_020)
    )
    yield Case("xlsx-cell-bomb", "submission", ".xlsx", patch_xlsx(base, INPUTS_PART, _cells(many)))
    yield Case(
        "xlsx-inflates",
        "submission",
        ".xlsx",
        patch_xlsx(base, INPUTS_PART, _cells(b"<!-- " + b" " * (40 * 1024 * 1024) + b" -->")),
    )
    yield Case(
        "xlsx-formula-no-value",
        "submission",
        ".xlsx",
        patch_xlsx(base, INPUTS_PART, _cells(b'<row r="40"><c r="G40"><f>1+1</f></c></row>')),
    )
    yield Case(
        "xlsx-malformed-xml",
        "submission",
        ".xlsx",
        patch_xlsx(base, INPUTS_PART, lambda data: data[: len(data) // 2]),
    )
    yield Case(
        "xlsx-entities",
        "submission",
        ".xlsx",
        patch_xlsx(
            base,
            INPUTS_PART,
            lambda data: data.replace(
                b"<worksheet",
                b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet',
                1,
            ),
        ),
    )
    yield Case(
        "xlsx-merged-sheet",
        "submission",
        ".xlsx",
        patch_xlsx(
            base,
            INPUTS_PART,
            lambda data: data.replace(
                b"</sheetData>",
                b'</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>',
                1,
            ),
        ),
    )
    yield Case(
        "xlsx-huge-number",
        "submission",
        ".xlsx",
        patch_xlsx(
            base,
            INPUTS_PART,
            _cells(b'<row r="41"><c r="G41"><v>' + b"9" * 5000 + b"</v></c></row>"),
        ),
    )
    yield Case(
        "xlsx-exponent-text",
        "submission",
        ".xlsx",
        patch_xlsx(
            base,
            INPUTS_PART,
            _cells(
                b'<row r="42"><c r="A42" t="inlineStr"><is><t>news</t></is></c>'
                b'<c r="G42" t="inlineStr"><is><t>1e99999999</t></is></c></row>'
            ),
        ),
    )
    yield Case("xlsx-not-a-zip", "submission", ".xlsx", b"PK\x03\x04 not really")
    yield Case("xlsx-empty", "submission", ".xlsx", b"")


def cases() -> list[Case]:
    """The corpus: every class of hostile input named in the issue, for every reader."""
    out: list[Case] = []
    add = out.append
    for name, text in {
        "yaml-billion-laughs": _laughs(),
        "yaml-deep-flow": "unit: " + "[" * 500 + "]" * 500,
        "yaml-deep-block": "unit:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(500)),
        "yaml-exponent": "unit: {id: q, name: n, level: district}\nperiod: '2024'\n"
        "inputs: {score: 1.0e99999999}\n",
        "yaml-negative-exponent": "inputs: {score: 1.0e-999999}\n",
        "yaml-long-int": "inputs: {news: " + "9" * 5000 + "}\n",
        "yaml-inf": "inputs: {score: .inf}\n",
        "yaml-nan": "inputs: {score: .nan}\n",
        "yaml-complex-key": "? [a, b]\n: 1\n",
        "yaml-year-zero": "period: 2024\ndone: {x: 0000-01-01}\n",
        "yaml-python-tag": "unit: !!python/object/apply:os.system ['true']\n",
        "yaml-set": "unit: !!set {a, b}\n",
        "yaml-binary": "unit: !!binary aGVsbG8=\n",
        "yaml-duplicate-key": "unit: 1\nunit: 2\n",
        "yaml-not-mapping": "- 1\n- 2\n",
        "yaml-tab-indent": "unit:\n\t- x\n",
        "yaml-many-values": "inputs: [" + ",".join(["0"] * 120_000) + "]\n",
        "yaml-long-text": "unit: {id: q, name: '" + "x" * 20_000 + "', level: district}\n",
    }.items():
        add(Case(name, "submission", ".yaml", text.encode()))
    for name, text in {
        "json-deep": '{"unit": ' + "[" * 1000 + "]" * 1000 + "}",
        "json-very-deep": "[" * 200_000 + "]" * 200_000,
        "json-nan": '{"inputs": {"score": NaN}}',
        "json-infinity": '{"inputs": {"score": -Infinity}}',
        "json-long-int": '{"inputs": {"news": ' + "9" * 5000 + "}}",
        "json-exponent": '{"inputs": {"score": 1e999999}}',
        "json-negative-exponent": '{"inputs": {"score": 1e-999999}}',
        "json-lone-surrogate": '{"unit": {"id": "q", "name": "\\ud800", "level": "district"}}',
        "json-duplicate-key": '{"period": "2024", "period": "2023"}',
        "json-nul": '{"unit": {"id": "q", "name": "a\\u0000b", "level": "district"}}',
        "json-truncated": '{"unit": {"id": ',
        "json-empty": "",
    }.items():
        add(Case(name, "submission", ".json", text.encode()))
    add(Case("json-latin1", "submission", ".json", '{"unit": "Quán"}'.encode("latin-1")))
    add(
        Case(
            "json-escape-name",
            "submission",
            ".json",
            _json(_with(("unit", "name"), "\x1b[2J\x1b]0;pwned\x07UBND")),
        )
    )
    add(
        Case(
            "json-formula-name",
            "submission",
            ".json",
            _json(_with(("unit", "name"), '=HYPERLINK("http://x","UBND")')),
        )
    )
    add(
        Case(
            "json-score-huge-digits",
            "submission",
            ".json",
            _json(_with(("inputs", "score"), 1)).replace(
                b'"score": 1', b'"score": 1' + b"0" * 4400
            ),
        )
    )
    for name, rows in {
        "csv-exponent": ["news,1e99999999,,,"],
        "csv-long-digits": ["news," + "9" * 5000 + ",,,"],
        "csv-huge-field": ['news,"' + "x" * 200_000 + '",,,'],
        "csv-nul": ["news,1\x00,,,"],
        "csv-unclosed-quote": ['news,"1,,,'],
        "csv-rate-exponent": ['pcs,,"1e-999999","1",'],
        "csv-formula": ["news,=1+1,,,"],
    }.items():
        add(Case(name, "submission", ".csv", _csv(rows)))
    add(Case("csv-not-utf8", "submission", ".csv", "id,value\nnews,Quán".encode("latin-1")))
    out.extend(_xlsx_cases())
    mini = MINI.read_text(encoding="utf-8")
    for name, text in {
        "ruleset-laughs": _laughs() + mini.replace("schema:", "schema_:", 1),
        "ruleset-deep": mini + "\nx: " + "[" * 500 + "]" * 500 + "\n",
        "ruleset-exponent": mini.replace("max_points: 100", "max_points: 1.0e99999999", 1),
        "ruleset-long-int": mini.replace("max_points: 100", "max_points: " + "9" * 5000, 1),
        "ruleset-year-zero": mini.replace("issued: 2024-03-29", "issued: 0000-03-29", 1),
        "ruleset-year-10000": mini.replace("end: 2024-12-31", "end: '10000-12-31'", 1),
        "ruleset-complex-key": mini + "\n? [a]\n: b\n",
    }.items():
        add(Case(name, "ruleset", ".yaml", text.encode()))
    reported = {
        "schema": "dti-rules/reported/1",
        "ruleset": "mini",
        "figures": [{"target": "T-pcs", "unit": "qt", "value": "90,00%"}],
    }
    for name, value in {
        "reported-exponent": "1e99999999%",
        "reported-digits": "9" * 5000,
        "reported-nul": "9\x00",
    }.items():
        data = json.loads(json.dumps(reported))
        data["figures"][0]["value"] = value
        add(Case(name, "reported", ".json", _json(data)))
    add(Case("reported-laughs", "reported", ".yaml", _laughs().encode()))
    for name, phrase in {
        "phrase-long": "Trước ngày 15 tháng 12 hằng năm " * 200,
        "phrase-digits": "Trước ngày " + "9" * 5000,
        "phrase-control": "Quý \x1b[2J IV/2024",
    }.items():
        add(Case(name, "phrase", "", phrase.encode()))
    return out


# -- running ----------------------------------------------------------------------------------


@attrs.define
class Outcome:
    name: str
    exit_code: int | None
    seconds: float
    traceback: str | None = None
    timed_out: bool = False
    output: str = ""


class _Timeout(BaseException):
    pass


def _command(case: Case, path: Path) -> list[str]:
    if case.kind == "submission":
        return ["score", str(MINI), str(path), "--backend", "native", "--format", "json"]
    if case.kind == "ruleset":
        return ["show", str(path), "--format", "json"]
    if case.kind == "reported":
        return ["audit", str(MINI), str(MINI_SUBMISSION), "--reported", str(path)]
    return ["deadline", case.content.decode("utf-8")]


def run_case(case: Case, folder: Path, timeout: float) -> Outcome:
    """Run one case through the command line in this process (click's runner), with an
    alarm at ``timeout`` seconds; a traceback is anything but ``SystemExit`` escaping."""
    from click.testing import CliRunner  # noqa: PLC0415

    from dti_rules.cli import main  # noqa: PLC0415

    path = folder / f"{case.name}{case.suffix}"
    if case.kind != "phrase":
        path.write_bytes(case.content)

    def alarm(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    start = time.monotonic()
    try:
        result = CliRunner().invoke(main, _command(case, path), catch_exceptions=True)
    except _Timeout:
        return Outcome(case.name, None, time.monotonic() - start, timed_out=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    seconds = time.monotonic() - start
    trace = None
    escaped = result.exc_info[1] if result.exc_info is not None else None
    if escaped is not None and not isinstance(escaped, SystemExit):
        if isinstance(escaped, _Timeout):
            return Outcome(case.name, None, seconds, timed_out=True)
        trace = "".join(traceback.format_exception(*result.exc_info))
    output = result.output
    if "Traceback (most recent call last)" in output:
        trace = output
    return Outcome(case.name, result.exit_code, seconds, trace, output=output[-2000:])


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space (a case that needs more fails with MemoryError)."""
    cap = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def run_all(folder: Path, timeout: float) -> tuple[list[Outcome], float]:
    """Every case of :func:`cases` run in turn; the outcomes and the peak memory (MB)."""
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("COLUMNS", "120")
    outcomes = [run_case(case, folder, timeout) for case in cases()]
    return outcomes, peak_rss_mb()
