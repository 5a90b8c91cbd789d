"""Readable terminal tables (rich) for ``list``, ``show`` and ``score``."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.table import Table

from ._numbers import fraction_text
from .compiled import CompiledRuleSet
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
}


def _console(buffer: io.StringIO, color: bool) -> Console:
    width = max(100, shutil.get_terminal_size((120, 40)).columns)
    return Console(
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
