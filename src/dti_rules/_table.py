"""Readable terminal tables (rich) for ``list``, ``show`` and ``score``."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ._numbers import fraction_text
from .agenda import Agenda, undated_reason
from .audit import AuditReport, ProgressReport
from .calendar import VIETNAM, ParsedDeadline
from .compiled import CompiledRuleSet
from .lint import Finding
from .ranking import Ranking
from .result import Result, TargetStatus

_STATUS_STYLE = {
    "exceeded": "bold green",
    "met": "green",
    "not_met": "bold red",
    "not_evaluated": "yellow",
    "full": "green",
    "partial": "yellow",
    "zero": "red",
    "incomplete": "magenta",
    "on_time": "green",
    "late": "yellow",
    "overdue": "bold red",
}


#: Characters a terminal acts on rather than shows: C0 controls but the line break, DEL,
#: C1 controls, and the bidirectional overrides that reorder what is shown.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on (escape sequences, bells,
    carriage returns, bidirectional overrides) shown as its code instead.

    >>> printable("UBND\\x1b[2J\\x1b]0;title\\x07")
    'UBND\\\\x1b[2J\\\\x1b]0;title\\\\x07'
    """
    return _CONTROL.sub(
        lambda found: (
            f"\\x{ord(found.group()):02x}"
            if ord(found.group()) < 0x100
            else f"\\u{ord(found.group()):04x}"
        ),
        text,
    )


class _SafeConsole(Console):
    """A console that shows control characters of the texts it is given as codes: a unit
    name from a submission cannot clear the screen or retitle the window."""

    def render_str(self, text: str, *args: Any, **kwargs: Any) -> Text:
        return super().render_str(printable(text), *args, **kwargs)


def _console(buffer: io.StringIO, color: bool) -> Console:
    width = max(100, shutil.get_terminal_size((120, 40)).columns)
    return _SafeConsole(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        soft_wrap=False,
    )


def _styled(status: str) -> str:
    style = _STATUS_STYLE.get(status)
    return f"[{style}]{status}[/]" if style else status


def _render(tables: Iterable[object], color: bool) -> str:
    buffer = io.StringIO()
    console = _console(buffer, color)
    for table in tables:
        console.print(table)
    return buffer.getvalue()


def ruleset_list_table(rows: list[dict[str, str]], *, color: bool = False) -> str:
    table = Table(title="Bundled rule sets", box=box.SIMPLE_HEAVY)
    for name in ("id", "title", "level", "year", "source"):
        table.add_column(name)
    for row in rows:
        table.add_row(row["id"], row["title"], row["level"], row["year"], row["source"])
    return _render([table], color)


def ruleset_table(rs: CompiledRuleSet, *, color: bool = False) -> str:
    spec = rs.spec
    head = (
        f"[bold]{spec.title}[/]\n"
        f"id {rs.id} · {spec.issuer} · {spec.source.document} ({spec.source.issued.isoformat()})\n"
        f"effective {spec.effective.start.isoformat()} to {spec.effective.end.isoformat()} · "
        f"levels {', '.join(level.value for level in rs.levels)} · "
        f"fingerprint {rs.fingerprint[:12]}"
    )
    table = Table(box=box.SIMPLE_HEAVY, title="Groups")
    table.add_column("group")
    table.add_column("name")
    table.add_column("indicators", justify="right")
    table.add_column("max points", justify="right")
    table.add_column("source_ref")
    for group in rs.groups:
        table.add_row(
            group.id,
            group.name,
            str(len(group.indicators)),
            fraction_text(group.max_points),
            group.source_ref,
        )
    table.add_section()
    table.add_row(
        "",
        "[bold]total[/]",
        str(len(rs.indicators)),
        f"[bold]{fraction_text(rs.max_points)}[/]",
        "",
    )
    counts = (
        f"{len(rs.groups)} groups · {len(rs.indicators)} indicators · "
        f"{len(rs.inputs)} inputs · {len(rs.targets)} targets · {len(spec.tasks)} tasks · "
        f"{len(spec.reports)} reports · {len(rs.schedule)} due days · "
        f"{len(spec.readings)} readings"
    )
    return _render([head, table, counts], color)


def result_table(result: Result, *, color: bool = False) -> str:
    data = result.to_dict()
    score = data["score"]
    head = (
        f"[bold]{result.unit.name}[/] ({result.unit.id}, {result.unit.level}) · period "
        f"{result.period} · rule set {result.ruleset_id} ({result.ruleset_fingerprint[:12]}) · "
        f"backend {result.backend}"
    )
    table = Table(box=box.SIMPLE_HEAVY, title="Scorecard", show_lines=False)
    table.add_column("id")
    table.add_column("indicator", overflow="ellipsis", no_wrap=True, max_width=70)
    table.add_column("points", justify="right")
    table.add_column("max", justify="right")
    table.add_column("status")
    indicators = data["indicators"]
    for group in data["groups"]:
        table.add_row(
            f"[bold]{group['id']}[/]",
            f"[bold]{group['name']}[/]",
            f"[bold]{group['points']}[/]",
            f"[bold]{group['max_points']}[/]",
            "",
        )
        for ind in indicators:
            if ind["group"] == group["id"]:
                table.add_row(
                    f"  {ind['id']}",
                    ind["name"],
                    str(ind["points"]),
                    str(ind["max_points"]),
                    _styled(ind["status"]),
                )
    table.add_section()
    table.add_row(
        "",
        "[bold]TOTAL[/]",
        f"[bold]{score['points']}[/]",
        f"[bold]{score['max_points']}[/]",
        f"index {score['index']}",
    )

    targets = Table(box=box.SIMPLE_HEAVY, title="Targets")
    targets.add_column("id")
    targets.add_column("target", overflow="ellipsis", no_wrap=True, max_width=60)
    targets.add_column("value", justify="right")
    targets.add_column("threshold", justify="right")
    targets.add_column("status")
    for target in data["targets"]:
        value = "—" if target["value"] is None else str(target["value"])
        threshold = "—" if target["threshold"] is None else str(target["threshold"])
        rel = {"ge": "≥", "gt": ">", "eq": "=", "le": "≤", "lt": "<"}[target["comparison"]]
        targets.add_row(
            target["id"], target["text"], value, f"{rel} {threshold}", _styled(target["status"])
        )
    summary = data["summary"]
    summary_line = " · ".join(f"{_styled(s.value)} {summary[s.value]}" for s in TargetStatus)

    parts: list[object] = [head, table, targets, f"Targets: {summary_line}"]
    if result.deadlines:
        counts = result.deadline_summary()
        when = result.as_of.isoformat() if result.as_of else "?"
        parts.append(
            f"Deadlines as of {when}: " + " · ".join(f"{_styled(k)} {n}" for k, n in counts.items())
        )
    if data["violations"]:
        violations = Table(box=box.SIMPLE_HEAVY, title=f"Violations ({len(data['violations'])})")
        violations.add_column("code")
        violations.add_column("subject")
        violations.add_column("message", overflow="fold")
        violations.add_column("source_ref")
        for item in data["violations"]:
            violations.add_row(item["code"], item["subject"], item["message"], item["source_ref"])
        parts.append(violations)
    return _render(parts, color)


def deadline_report(
    found: ParsedDeadline, issued: dt.date | None, year: int | None, *, as_json: bool
) -> str:
    """What ``dti-rules deadline`` prints: the rule read from a phrase and its dates."""
    rule = found.rule
    window = year or (issued.year if issued else None)
    needs_year = False
    if window is not None:
        occurrences = list(rule.occurrences(dt.date(window, 1, 1), dt.date(window, 12, 31)))
    else:  # dates the phrase states itself; recurring ones need a year
        first = dt.date(1, 1, 1)
        stated = rule.occurrences(first, first)
        occurrences = [o for o in stated if not o.recurring]
        needs_year = len(occurrences) < len(stated)
    rolled = [VIETNAM.roll_forward(o.nominal) for o in occurrences]
    notes = list(found.notes)
    notes.extend(r.reason for r in rolled if r.reason)
    if needs_year:
        notes.append("give --year or --issued to list its dates")
    if as_json:
        data = {
            "phrase": found.phrase,
            "kind": rule.kind.value,
            "rule": rule.phrase(),
            "data": rule.to_dict(),
            "issued": issued.isoformat() if issued else None,
            "past": found.past,
            "nominal": [o.nominal.isoformat() for o in occurrences],
            "due": [r.due.isoformat() for r in rolled],
            "notes": notes,
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines = [
        f"phrase:  {found.phrase}",
        f"kind:    {rule.kind.value}",
        f"rule:    {rule.phrase()}",
    ]
    if issued:
        lines.append(f"issued:  {issued.isoformat()}" + ("  (already past)" if found.past else ""))
    if occurrences:
        lines.append("dates:")
        for occ, moved in zip(occurrences, rolled, strict=True):
            shift = f" → due {moved.due.isoformat()}" if moved.moved else ""
            lines.append(f"  {occ.key:<11} {occ.nominal.isoformat()}{shift}  ({occ.basis})")
    if notes:
        lines.append("notes:")
        lines.extend(f"  - {note}" for note in notes)
    return "\n".join(lines) + "\n"


def agenda_table(plan: Agenda, *, color: bool = False) -> str:
    """What ``dti-rules calendar`` prints: due days in date order, then undated ones."""
    table = Table(box=box.SIMPLE_HEAVY, title=f"{plan.ruleset.id}: due days in {plan.year}")
    table.add_column("due", no_wrap=True, min_width=12)
    table.add_column("id", no_wrap=True, min_width=24)
    table.add_column("kind", no_wrap=True, min_width=6)
    table.add_column("name", overflow="ellipsis", no_wrap=True, max_width=40)
    table.add_column("cut-off", no_wrap=True)
    table.add_column("source_ref", overflow="ellipsis", no_wrap=True, max_width=24)
    for entry in plan.entries:
        due = entry.scheduled
        when = due.due.isoformat() + (" *" if due.roll_reason else "")
        cutoff = ""
        if due.window is not None:
            cutoff = f"{due.window.start:%d/%m}–{due.window.end:%d/%m}"
            if due.gap is not None and not due.gap.ok:
                cutoff += " [bold red]![/]"
        table.add_row(
            when,
            entry.id,
            entry.obligation.kind.value,
            entry.obligation.name,
            cutoff,
            entry.obligation.source_ref,
        )
    parts: list[object] = [table]
    if any(e.scheduled.roll_reason for e in plan.entries):
        parts.append("* moved off a weekend or holiday (Bộ luật Dân sự 2015, Điều 148)")
    if any(e.scheduled.gap is not None and not e.scheduled.gap.ok for e in plan.entries):
        parts.append(
            "! the deadline leaves no working day after the data cut-off "
            "(Nghị định 09/2019/NĐ-CP, Điều 8 khoản 5 điểm b)"
        )
    if plan.undated:
        kinds: dict[str, int] = {}
        for ob in plan.undated:
            key = undated_reason(ob)
            kinds[key] = kinds.get(key, 0) + 1
        parts.append(
            f"{len(plan.undated)} tasks and reports have no due day: "
            + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        )
    return _render(parts, color)


def ranking_table(ranking: Ranking, *, color: bool = False) -> str:
    """What ``dti-rules rank`` prints: units by rank, with each group's index and rank."""
    table = Table(box=box.SIMPLE_HEAVY, title=f"Ranking: {ranking.ruleset_id}")
    table.add_column("rank", justify="right")
    table.add_column("unit")
    table.add_column("name", overflow="ellipsis", no_wrap=True, max_width=40)
    table.add_column("index", justify="right")
    table.add_column("points", justify="right")
    for gid in ranking.groups:
        table.add_column(gid, justify="right")
    for e in ranking.entries:
        cells = ["—" if idx is None else f"{idx} (#{place})" for _gid, idx, place in e.groups]
        table.add_row(str(e.rank), e.unit, e.name, str(e.index), str(e.points), *cells)
    note = "Equal published indices share a rank; the next rank skips (1, 2, 2, 4)."
    return _render([table, note], color)


def findings_table(ruleset_id: str, findings: Iterable[Finding], *, color: bool = False) -> str:
    """What ``dti-rules lint`` prints."""
    found = list(findings)
    if not found:
        return _render([f"{ruleset_id}: no findings"], color)
    table = Table(box=box.SIMPLE_HEAVY, title=f"{ruleset_id}: {len(found)} finding(s)")
    table.add_column("severity", no_wrap=True)
    table.add_column("code", no_wrap=True)
    table.add_column("subject", no_wrap=True)
    table.add_column("message", overflow="fold")
    table.add_column("source_ref", no_wrap=True)
    style = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    for f in found:
        level = f.severity.value
        table.add_row(f"[{style[level]}]{level}[/]", f.code, f.subject, f.message, f.source_ref)
    return _render([table], color)


def progress_table(report: ProgressReport, *, color: bool = False) -> str:
    """What ``dti-rules audit`` prints without submissions: each reported figure against the
    plan's target it names."""
    period = f", {report.period}" if report.period else ""
    table = Table(
        box=box.SIMPLE_HEAVY,
        title=f"Reported figures against {report.ruleset_id}{period}",
    )
    for name in ("target", "reported", "threshold", "status", "note", "line"):
        table.add_column(name, overflow="fold")
    marks = {"exceeded": "[green]", "met": "[green]", "not_met": "[bold red]"}
    for item in report.items:
        style = marks.get(item.status, "")
        status = f"{style}{item.status}[/]" if style else item.status
        table.add_row(
            item.target or "—",
            item.reported,
            item.threshold,
            status,
            item.note,
            "" if item.line is None else str(item.line),
        )
    counts = report.counts()
    line = ", ".join(f"{counts[k]} {k}" for k in counts if counts[k])
    return _render([table, line], color)


def audit_table(report: AuditReport, *, color: bool = False) -> str:
    """What ``dti-rules audit`` prints: each claim, recomputed, match or mismatch."""
    table = Table(
        box=box.SIMPLE_HEAVY,
        title=f"Audit against {report.ruleset_id} ({report.ruleset_fingerprint[:12]})",
    )
    for name in ("", "kind", "target", "unit", "reported", "recomputed", "note", "line"):
        table.add_column(name, overflow="fold")
    for item in report.items:
        mark = "[green]✓[/]" if item.match else "[bold red]✗[/]"
        table.add_row(
            mark,
            item.kind,
            item.target,
            item.unit,
            item.reported,
            item.recomputed,
            item.note,
            "" if item.line is None else str(item.line),
        )
    total = len(report.items)
    line = f"{total - len(report.mismatches)} of {total} claims reproduced"
    if report.mismatches:
        line += f"; {len(report.mismatches)} not"
    return _render([table, line], color)
