"""The ``dti-rules`` command line: a thin shell over the library.

Conventions shared by every command:

- exit status 0 success; 1 ``lint`` found something or ``audit`` found a figure that does
  not match; 2 the command line is wrong (unknown command or option, a missing argument, an
  option value it cannot use, such as a date that is not YYYY-MM-DD); 3 an input is
  invalid (a rule set, submission or reported file missing, unreadable or wrong), with a
  located message and no traceback;
- a file argument given as ``-`` is read from standard input (its format is recognised
  from its content: an Excel workbook, JSON, a CSV table, otherwise YAML);
- ``-o FILE`` writes what the command prints to FILE instead (atomically: a failure leaves
  no half-written file); ``-o -`` is standard output;
- colour only on a terminal, and never when the ``NO_COLOR`` environment variable is set;
  tables fit the terminal's width (``COLUMNS`` where it is set).

Each command imports what it needs when it runs, so ``dti-rules --version`` or reading a
deadline phrase does not load the evaluation engine, the table renderer or openpyxl.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from ._cli_io import (
    _color,
    _emit,
    _emit_workbook,
    _input,
    _json,
    _need_output,
    _ruleset,
    _shown,
    _submissions,
    _wrote,
)

if TYPE_CHECKING:
    from .errors import DtiRulesError

EXIT_FOUND = 1
EXIT_USAGE = 2
EXIT_INVALID = 3

_EPILOG = """\b
Exit status: 0 success; 1 lint found something or audit a figure that does not match;
2 a misuse of the command line (unknown option, missing argument, a date that is not
YYYY-MM-DD, a backend this Python cannot run); 3 invalid input (a rule set, submission or
reported file missing or wrong: a located message, no traceback).

\b
A file argument given as - is read from standard input. -o FILE writes what a command
prints to FILE. Colour only on a terminal and never when NO_COLOR is set."""


def _fail(exc: DtiRulesError) -> NoReturn:
    """Print ``exc`` in the language of the command (its ``--lang``, else the
    environment's) and exit 3, without a traceback."""
    from ._catalog import default_language
    from .errors import InputFileError, Msg, msg

    ctx = click.get_current_context(silent=True)
    lang = (ctx.meta.get("dti_rules.lang") if ctx is not None else None) or default_language()
    if isinstance(exc, InputFileError):
        kind = Msg.given(exc.kind, exc.kind, {}, "file kind")
        click.echo(msg("error: invalid {kind}:", kind=kind).in_language(lang), err=True)
        for problem in exc.problems:
            click.echo(_shown(f"  {problem.text(lang)}"), err=True)
    else:
        click.echo(
            _shown(msg("error: {message}", message=exc.text(lang)).in_language(lang)), err=True
        )
    sys.exit(EXIT_INVALID)


_COMMAND_EPILOG = (
    "Exit status: 0 success; 2 a misuse of the command line; 3 invalid input "
    "(see dti-rules --help). A file argument given as - is read from standard input."
)


class _Command(click.Command):
    """A command whose help ends with the exit statuses every command shares."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("epilog", _COMMAND_EPILOG)
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    """Every command's invalid input (a :class:`DtiRulesError`) exits 3 with its message."""

    command_class = _Command

    def invoke(self, ctx: click.Context) -> Any:
        from .errors import DtiRulesError

        try:
            return super().invoke(ctx)
        except DtiRulesError as exc:
            _fail(exc)


def _check_backend(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value == "durable":
        from .engine._durable import import_error

        reason = import_error()
        if reason is not None:
            raise click.BadParameter(
                f"the durable backend needs durable_rules, which cannot be imported here "
                f"({reason}); use --backend native",
                ctx=ctx,
                param=param,
            )
    return value


_BACKEND = click.option(
    "--backend",
    type=click.Choice(["durable", "native"]),
    default=None,
    callback=_check_backend,
    help="Evaluation engine [default: durable where durable_rules can be imported, "
    "otherwise native].",
)
_OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """The language of what the command prints (``--lang``, else the environment's),
    kept in the context for the error printer too."""
    from ._i18n import default_language

    lang = value or default_language()
    ctx.meta["dti_rules.lang"] = lang
    return lang


_LANG = click.option(
    "--lang",
    type=click.Choice(["en", "vi"]),
    default=None,
    is_eager=True,
    callback=_set_lang,
    help="Language of what is printed: labels, statuses, explanations, messages, numbers and "
    "dates (vi: vượt / đạt / chưa đạt, 640,78, 29/03/2024) [default: vi where LANGUAGE, "
    "LC_ALL, LC_MESSAGES or LANG says vi, otherwise en].",
)
_DATE = click.DateTime(formats=["%Y-%m-%d"])
_FILE = click.Path(allow_dash=True)


_Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _table_format(*more: str, default: str = "table") -> _Decorator:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([default, *more]),
        default=default,
        show_default=True,
    )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=_EPILOG)
@click.version_option(__version__, prog_name="dti-rules")
def main() -> None:
    """Score public bodies on Vietnam's Digital Transformation Index from declarative rule sets.

    RULESET is a bundled id (as `dti-rules list` prints) or the path of a rule-set file.
    """


@main.command("list")
@_table_format("json")
@_LANG
@_OUTPUT
def list_cmd(fmt: str, lang: str, output: Path | None) -> None:
    """List the bundled rule sets."""
    from .rulesets import bundled_summary

    rows = bundled_summary()
    if fmt == "json":
        _emit(_json(rows), output)
    else:
        from .formats.terminal import ruleset_list_table

        _emit(ruleset_list_table(rows, color=_color(output), lang=lang), output)


def _number(value: Any) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


@main.command()
@click.argument("ruleset")
@_table_format("json")
@_LANG
@_OUTPUT
def show(ruleset: str, fmt: str, lang: str, output: Path | None) -> None:
    """Show a rule set's identity, groups, maximum points and the readings it took
    where its document is silent or unclear."""
    rs = _ruleset(ruleset)
    if fmt == "json":
        data = {
            "id": rs.id,
            "title": rs.title,
            "fingerprint": rs.fingerprint,
            "max_points": _number(rs.max_points),
            "groups": [
                {
                    "id": g.id,
                    "name": g.name,
                    "source_ref": g.source_ref,
                    "max_points": _number(g.max_points),
                    "indicators": [i.id for i in g.indicators],
                }
                for g in rs.groups
            ],
            "inputs": len(rs.inputs),
            "targets": len(rs.targets),
            "tasks": len(rs.spec.tasks),
            "reports": len(rs.spec.reports),
            "due_days": len(rs.schedule),
            "readings": [
                {
                    "id": r.id,
                    "source_ref": r.source_ref,
                    "assumption": r.assumption,
                    "text": r.text,
                }
                for r in rs.spec.readings
            ],
        }
        _emit(_json(data), output)
    else:
        from .formats.terminal import ruleset_table

        _emit(ruleset_table(rs, color=_color(output), lang=lang), output)


@main.command()
@click.argument("ruleset")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json", show_default=True
)
@_LANG
@_OUTPUT
def template(ruleset: str, fmt: str, lang: str, output: Path | None) -> None:
    """Write a submission skeleton naming every input a unit must supply.

    --format xlsx writes a protected Excel form to fill in (needs -o FILE.xlsx).
    """
    _need_output(fmt, output)
    rs = _ruleset(ruleset)
    if fmt == "xlsx":
        from .formats.xlsx import template_workbook

        _emit_workbook(template_workbook(rs), output)
    else:
        from .formats.template import submission_template

        _emit(_json(submission_template(rs)), output)


@main.command()
@click.argument("ruleset")
@click.argument("submission", type=_FILE)
@click.option(
    "--as-of", "as_of", type=_DATE, help="Evaluation date (YYYY-MM-DD), recorded in the result."
)
@_BACKEND
@_table_format("json", "md", "xlsx", "html")
@_LANG
@_OUTPUT
def score(
    ruleset: str,
    submission: str,
    as_of: dt.datetime | None,
    backend: str | None,
    fmt: str,
    lang: str,
    output: Path | None,
) -> None:
    """Score a unit's SUBMISSION (JSON, YAML, an .xlsx form or a .csv table) against RULESET.

    --format xlsx (needs -o FILE.xlsx) writes the scorecard workbook, --format html a
    self-contained page with a chart of each group's points; --lang vi writes every format
    in Vietnamese (the JSON's explanations and messages too; its keys and codes are the same).
    """
    _need_output(fmt, output)
    from .engine import evaluate

    rs = _ruleset(ruleset)
    (sub,) = _submissions((submission,), rs)
    result = evaluate(rs, sub, as_of=as_of.date() if as_of else None, backend=backend)
    if fmt == "json":
        # JSON is data: its texts follow --lang when it is given, never the environment
        source = click.get_current_context().get_parameter_source("lang")
        explicit = source is click.core.ParameterSource.COMMANDLINE
        _emit(result.to_json(lang if explicit else None), output)
    elif fmt == "md":
        from .formats.markdown import result_markdown

        _emit(result_markdown(result, rs, lang=lang), output)
    elif fmt == "xlsx":
        from .formats.xlsx import result_workbook

        _emit_workbook(result_workbook(result, rs, lang=lang), output)
    elif fmt == "html":
        from .formats.html import result_html

        _emit(result_html(result, rs, lang=lang), output)
    else:
        from .formats.terminal import result_table

        _emit(result_table(result, color=_color(output), lang=lang), output)


@main.command()
@click.argument("phrase")
@click.option("--issued", type=_DATE, help="Date the document was issued (YYYY-MM-DD).")
@click.option("--year", type=int, help="Year whose dates to list [default: the issue year].")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_LANG
@_OUTPUT
def deadline(
    phrase: str,
    issued: dt.datetime | None,
    year: int | None,
    fmt: str,
    lang: str,
    output: Path | None,
) -> None:
    """Read a Vietnamese deadline PHRASE and print its rule and dates."""
    from .calendar import check_year, parse_deadline
    from .formats.terminal import deadline_report

    when = issued.date() if issued else None
    if year is not None:
        check_year(year, "--year")
    found = parse_deadline(phrase, when)
    _emit(deadline_report(found, when, year, as_json=fmt == "json", lang=lang), output)


@main.command("calendar")
@click.argument("ruleset")
@click.option("--year", type=int, required=True, help="The year to list.")
@click.option(
    "--ics",
    type=click.Path(path_type=Path),
    help="Also write the due days to this iCalendar file (atomically).",
)
@_table_format("json")
@_LANG
@_OUTPUT
def calendar_cmd(
    ruleset: str, year: int, ics: Path | None, fmt: str, lang: str, output: Path | None
) -> None:
    """List every due day of RULESET's tasks and reports in a year, with cut-off windows."""
    from .analysis.agenda import agenda

    rs = _ruleset(ruleset)
    plan = agenda(rs, year)
    if ics is not None:
        from ._fileio import write_atomic

        write_atomic(ics, plan.to_ics())
        _wrote(ics)
    if fmt == "json":
        _emit(_json(plan.to_dict()), output)
    else:
        from .formats.terminal import agenda_table

        _emit(agenda_table(plan, color=_color(output), lang=lang), output)


#: Fewer files than this are scored in this process: starting workers costs more than it saves.
POOL_FROM = 64


@main.command("rank")
@click.argument("ruleset")
@click.argument("submissions", nargs=-1, required=True, type=_FILE)
@_BACKEND
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help=f"Worker processes: 0 every core, 1 this process only. Fewer than {POOL_FROM} files "
    "are scored in this process, where starting workers would cost more than it saves.",
)
@_table_format("json", "csv", "xlsx", "html")
@_LANG
@_OUTPUT
def rank_cmd(
    ruleset: str,
    submissions: tuple[str, ...],
    backend: str | None,
    jobs: int,
    fmt: str,
    lang: str,
    output: Path | None,
) -> None:
    """Score many units' SUBMISSIONS against RULESET and rank them by index.

    Equal published indices (rounded by the rule set) share a rank; the next rank skips.
    The files are read and scored as a stream, on every core by default, and only each
    unit's published figures are kept. --format xlsx needs -o FILE.xlsx.
    """
    _need_output(fmt, output)
    from .analysis.ranking import rank
    from .formats.loading import load_submission

    rs = _ruleset(ruleset)
    paths = [_input(path) for path in submissions]
    workers = 1 if len(paths) < POOL_FROM else jobs
    ranking = rank(rs, paths, backend=backend, workers=workers, load=load_submission)
    from ._cli_io import _emit_pieces  # the machine formats are written a unit at a time

    if fmt == "json":
        _emit_pieces(ranking.iter_json(), output)
    elif fmt == "csv":
        from .formats.csvio import iter_ranking_csv

        _emit_pieces(iter_ranking_csv(ranking), output)
    elif fmt == "xlsx":
        from .formats.xlsx import ranking_workbook

        _emit_workbook(ranking_workbook(ranking, rs, lang=lang), output)
    elif fmt == "html":
        from .formats.html import iter_ranking_html

        _emit_pieces(iter_ranking_html(ranking, rs, lang=lang), output)
    else:
        from .formats.terminal import ranking_table

        _emit(ranking_table(ranking, color=_color(output), lang=lang), output)


@main.command("lint")
@click.argument("ruleset")
@_table_format("json")
@_LANG
@_OUTPUT
def lint_cmd(ruleset: str, fmt: str, lang: str, output: Path | None) -> None:
    """List what the document encoded in RULESET gets wrong or leaves unclear.

    Exit status 0 when nothing is found, 1 when there are findings, 3 for invalid input.
    """
    from .analysis.lint import lint

    rs = _ruleset(ruleset)
    findings = lint(rs)
    if fmt == "json":
        data = {
            "ruleset": {"id": rs.id, "fingerprint": rs.fingerprint},
            "findings": [f.to_dict() for f in findings],
        }
        _emit(_json(data), output)
    else:
        from .formats.terminal import findings_table

        _emit(findings_table(rs.id, findings, color=_color(output), lang=lang), output)
    sys.exit(EXIT_FOUND if findings else 0)


@main.command("audit")
@click.argument("ruleset")
@click.argument("submissions", nargs=-1, type=_FILE)
@click.option(
    "--reported",
    required=True,
    type=_FILE,
    help="What the report claims (dti-rules/reported/1, JSON or YAML; - for standard input).",
)
@_table_format("json")
@_LANG
@_OUTPUT
def audit_cmd(
    ruleset: str,
    submissions: tuple[str, ...],
    reported: str,
    fmt: str,
    lang: str,
    output: Path | None,
) -> None:
    """Recompute the figures a report states from its raw inputs (one SUBMISSION per unit).

    Without SUBMISSION, check each reported figure as printed against the target of the
    plan RULESET that it names: the target's threshold and whether the figure meets it.

    Exit status 0 when every figure matches (or, without SUBMISSION, always), 1 when some
    do not, 3 for invalid input.
    """
    from .analysis.audit import audit, load_reported, progress

    rs = _ruleset(ruleset)
    claims = load_reported(_input(reported), rs)
    if not submissions:
        found = progress(rs, claims)
        if fmt == "json":
            _emit(found.to_json(), output)
        else:
            from .formats.terminal import progress_table

            _emit(progress_table(found, color=_color(output), lang=lang), output)
        sys.exit(0)
    loaded = _submissions(submissions, rs)
    report = audit(rs, loaded, claims)
    if fmt == "json":
        _emit(report.to_json(), output)
    else:
        from .formats.terminal import audit_table

        _emit(audit_table(report, color=_color(output), lang=lang), output)
    sys.exit(EXIT_FOUND if report.mismatches else 0)


@main.command()
@click.argument("name", type=click.Choice(["ruleset", "submission", "result"]))
@_LANG
@_OUTPUT
def schema(name: str, lang: str, output: Path | None) -> None:
    """Print the JSON Schema of rule set, submission or result files."""
    from .schemas import json_schema

    _emit(_json(json_schema(name)), output)
