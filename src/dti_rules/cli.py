"""The ``dti-rules`` command line: a thin shell over the library.

Exit status: 0 success, 2 usage error, 3 invalid input (a located message, no traceback).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from ._fileio import write_atomic
from ._table import (
    agenda_table,
    audit_table,
    deadline_report,
    findings_table,
    progress_table,
    ranking_table,
    result_table,
    ruleset_list_table,
    ruleset_table,
)
from .agenda import agenda
from .audit import audit, load_reported, progress
from .calendar import check_year, parse_deadline
from .engine import DEFAULT_BACKEND, evaluate
from .errors import DtiRulesError, InputFileError
from .html import ranking_html, result_html
from .lint import lint
from .markdown import result_markdown
from .ranking import rank
from .rulesets import bundled_rulesets, load_ruleset
from .schemas import json_schema
from .submission import load_submission
from .template import submission_template

EXIT_INVALID = 3


def _fail(exc: DtiRulesError) -> NoReturn:
    if isinstance(exc, InputFileError):
        click.echo(f"error: invalid {exc.kind}:", err=True)
        for location, message in exc.problems:
            click.echo(f"  {location}: {message}", err=True)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_INVALID)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, text.encode("utf-8"))


def _emit_workbook(data: bytes, output: Path | None) -> None:
    """Binary output (a workbook) goes to a file only: checked by ``_need_output`` first."""
    assert output is not None
    _write(output, data)


def _write(output: Path, data: bytes) -> None:
    """Write a file; a path that cannot be written is invalid input (exit 3)."""
    try:
        write_atomic(output, data)
    except DtiRulesError as exc:
        _fail(exc)
    click.echo(f"wrote {output}", err=True)


def _need_output(fmt: str, output: Path | None) -> None:
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx writes a workbook: give -o FILE.xlsx")


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _color() -> bool:
    return sys.stdout.isatty()


_BACKEND = click.option(
    "--backend",
    type=click.Choice(["durable", "native"]),
    default=None,
    help=f"Evaluation engine [default: {DEFAULT_BACKEND}].",
)
_OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dti-rules")
def main() -> None:
    """Score public bodies on Vietnam's Digital Transformation Index from declarative rule sets."""


@main.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def list_cmd(fmt: str) -> None:
    """List the bundled rule sets."""
    rows = []
    try:
        for ident in bundled_rulesets():
            spec = load_ruleset(ident).spec
            rows.append(
                {
                    "id": ident,
                    "title": spec.title,
                    "level": ", ".join(level.value for level in spec.levels),
                    "year": str(spec.effective.start.year),
                    "source": f"{spec.source.document} ({spec.source.issued.isoformat()})",
                }
            )
    except DtiRulesError as exc:
        _fail(exc)
    click.echo(_json(rows) if fmt == "json" else ruleset_list_table(rows, color=_color()), nl=False)


@main.command()
@click.argument("ruleset")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def show(ruleset: str, fmt: str) -> None:
    """Show a rule set's identity, groups and maximum points."""
    try:
        rs = load_ruleset(ruleset)
    except DtiRulesError as exc:
        _fail(exc)
    if fmt == "json":
        data = {
            "id": rs.id,
            "title": rs.title,
            "fingerprint": rs.fingerprint,
            "max_points": float(rs.max_points)
            if rs.max_points.denominator != 1
            else int(rs.max_points),
            "groups": [
                {
                    "id": g.id,
                    "name": g.name,
                    "source_ref": g.source_ref,
                    "max_points": int(g.max_points)
                    if g.max_points.denominator == 1
                    else float(g.max_points),
                    "indicators": [i.id for i in g.indicators],
                }
                for g in rs.groups
            ],
            "inputs": len(rs.inputs),
            "targets": len(rs.targets),
            "tasks": len(rs.spec.tasks),
            "reports": len(rs.spec.reports),
            "due_days": len(rs.schedule),
            "readings": len(rs.spec.readings),
        }
        click.echo(_json(data), nl=False)
    else:
        click.echo(ruleset_table(rs, color=_color()), nl=False)


@main.command()
@click.argument("ruleset")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json", show_default=True
)
@_OUTPUT
def template(ruleset: str, fmt: str, output: Path | None) -> None:
    """Write a submission skeleton naming every input a unit must supply.

    --format xlsx writes a protected Excel form to fill in (needs -o FILE.xlsx).
    """
    _need_output(fmt, output)
    try:
        rs = load_ruleset(ruleset)
    except DtiRulesError as exc:
        _fail(exc)
    if fmt == "xlsx":
        from .xlsx import template_workbook  # noqa: PLC0415 - openpyxl only when asked for

        _emit_workbook(template_workbook(rs), output)
    else:
        _emit(_json(submission_template(rs)), output)


@main.command()
@click.argument("ruleset")
@click.argument("submission", type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Evaluation date (YYYY-MM-DD), recorded in the result.",
)
@_BACKEND
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "md", "xlsx", "html"]),
    default="table",
    show_default=True,
)
@_OUTPUT
def score(
    ruleset: str,
    submission: Path,
    as_of: dt.datetime | None,
    backend: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Score a unit's SUBMISSION (JSON, YAML, an .xlsx form or a .csv table) against RULESET.

    --format xlsx (needs -o FILE.xlsx) writes the scorecard workbook, --format html a
    self-contained page with a chart of each group's points.
    """
    _need_output(fmt, output)
    try:
        rs = load_ruleset(ruleset)
        sub = load_submission(submission, rs)
        result = evaluate(rs, sub, as_of=as_of.date() if as_of else None, backend=backend)
    except DtiRulesError as exc:
        _fail(exc)
    if fmt == "json":
        _emit(result.to_json(), output)
    elif fmt == "md":
        _emit(result_markdown(result, rs), output)
    elif fmt == "xlsx":
        from .xlsx import result_workbook  # noqa: PLC0415 - openpyxl only when asked for

        _emit_workbook(result_workbook(result, rs), output)
    elif fmt == "html":
        _emit(result_html(result, rs), output)
    else:
        _emit(result_table(result, color=_color() and output is None), output)


def _date_option(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option; an impossible date is invalid input (exit 3), not usage."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        click.echo(f"error: {option}: expected a date YYYY-MM-DD, got {value!r}", err=True)
        sys.exit(EXIT_INVALID)


@main.command()
@click.argument("phrase")
@click.option("--issued", help="Date the document was issued (YYYY-MM-DD).")
@click.option("--year", type=int, help="Year whose dates to list [default: the issue year].")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def deadline(phrase: str, issued: str | None, year: int | None, fmt: str) -> None:
    """Read a Vietnamese deadline PHRASE and print its rule and dates."""
    when = _date_option(issued, "--issued")
    try:
        if year is not None:
            check_year(year, "--year")
        found = parse_deadline(phrase, when)
        report = deadline_report(found, when, year, as_json=fmt == "json")
    except DtiRulesError as exc:
        _fail(exc)
    click.echo(report, nl=False)


@main.command("calendar")
@click.argument("ruleset")
@click.option("--year", type=int, required=True, help="The year to list.")
@click.option(
    "--ics",
    type=click.Path(path_type=Path),
    help="Also write the due days to this iCalendar file (atomically).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_OUTPUT
def calendar_cmd(ruleset: str, year: int, ics: Path | None, fmt: str, output: Path | None) -> None:
    """List every due day of RULESET's tasks and reports in a year, with cut-off windows."""
    try:
        rs = load_ruleset(ruleset)
        plan = agenda(rs, year)
    except DtiRulesError as exc:
        _fail(exc)
    if ics is not None:
        _write(ics, plan.to_ics())
    text = _json(plan.to_dict()) if fmt == "json" else agenda_table(plan, color=_color())
    _emit(text, output)


@main.command("rank")
@click.argument("ruleset")
@click.argument("submissions", nargs=-1, required=True, type=click.Path(path_type=Path))
@_BACKEND
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "xlsx", "html"]),
    default="table",
    show_default=True,
)
@_OUTPUT
def rank_cmd(
    ruleset: str,
    submissions: tuple[Path, ...],
    backend: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Score many units' SUBMISSIONS against RULESET and rank them by index.

    Equal published indices (rounded by the rule set) share a rank; the next rank skips.
    --format xlsx needs -o FILE.xlsx.
    """
    _need_output(fmt, output)
    try:
        rs = load_ruleset(ruleset)
        loaded = [load_submission(path, rs) for path in submissions]
        ranking = rank(rs, loaded, backend=backend)
    except DtiRulesError as exc:
        _fail(exc)
    if fmt == "json":
        _emit(ranking.to_json(), output)
    elif fmt == "csv":
        _emit(ranking.to_csv(), output)
    elif fmt == "xlsx":
        from .xlsx import ranking_workbook  # noqa: PLC0415 - openpyxl only when asked for

        _emit_workbook(ranking_workbook(ranking, rs), output)
    elif fmt == "html":
        _emit(ranking_html(ranking, rs), output)
    else:
        _emit(ranking_table(ranking, color=_color() and output is None), output)


@main.command("lint")
@click.argument("ruleset")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def lint_cmd(ruleset: str, fmt: str) -> None:
    """List what the document encoded in RULESET gets wrong or leaves unclear.

    Exit status 0 when nothing is found, 1 when there are findings, 3 for invalid input.
    """
    try:
        rs = load_ruleset(ruleset)
    except DtiRulesError as exc:
        _fail(exc)
    findings = lint(rs)
    if fmt == "json":
        data = {
            "ruleset": {"id": rs.id, "fingerprint": rs.fingerprint},
            "findings": [f.to_dict() for f in findings],
        }
        click.echo(_json(data), nl=False)
    else:
        click.echo(findings_table(rs.id, findings, color=_color()), nl=False)
    sys.exit(1 if findings else 0)


@main.command("audit")
@click.argument("ruleset")
@click.argument("submissions", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--reported",
    required=True,
    type=click.Path(path_type=Path),
    help="What the report claims (dti-rules/reported/1, JSON or YAML).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_OUTPUT
def audit_cmd(
    ruleset: str, submissions: tuple[Path, ...], reported: Path, fmt: str, output: Path | None
) -> None:
    """Recompute the figures a report states from its raw inputs (one SUBMISSION per unit).

    Without SUBMISSION, check each reported figure as printed against the target of the
    plan RULESET that it names: the target's threshold and whether the figure meets it.

    Exit status 0 when every figure matches (or, without SUBMISSION, always), 1 when some
    do not, 3 for invalid input.
    """
    try:
        rs = load_ruleset(ruleset)
        claims = load_reported(reported, rs)
        if not submissions:
            found = progress(rs, claims)
        else:
            loaded = [load_submission(path, rs) for path in submissions]
            report = audit(rs, loaded, claims)
    except DtiRulesError as exc:
        _fail(exc)
    if not submissions:
        if fmt == "json":
            _emit(found.to_json(), output)
        else:
            _emit(progress_table(found, color=_color() and output is None), output)
        sys.exit(0)
    if fmt == "json":
        _emit(report.to_json(), output)
    else:
        _emit(audit_table(report, color=_color() and output is None), output)
    sys.exit(1 if report.mismatches else 0)


@main.command()
@click.argument("name", type=click.Choice(["ruleset", "submission", "result"]))
def schema(name: str) -> None:
    """Print the JSON Schema of rule set, submission or result files."""
    click.echo(_json(json_schema(name)), nl=False)
