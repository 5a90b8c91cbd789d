"""Terminal tables of findings: ``lint``'s, and ``audit``'s with or without submissions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ._grid import Col, _Markup, _render, _styled, grid, terminal_width

if TYPE_CHECKING:
    from ..analysis.audit import AuditReport, ProgressReport
    from ..analysis.lint import Finding


def findings_table(
    ruleset_id: str,
    findings: Iterable[Finding],
    *,
    color: bool = False,
    width: int | None = None,
) -> str:
    """What ``dti-rules lint`` prints."""
    w = width or terminal_width()
    found = list(findings)
    if not found:
        return _render([f"{ruleset_id}: no findings"], color, w)
    cols = [
        Col("severity"),
        Col("code"),
        Col("subject"),
        Col("message", flex=True, least=24),
        Col("source_ref", flex=True, least=10, drop=1),
    ]
    style = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    rows = [
        [
            _Markup(f"[{style[f.severity.value]}]{f.severity.value}[/]"),
            f.code,
            f.subject,
            f.message,
            f.source_ref,
        ]
        for f in found
    ]
    return _render([grid(f"{ruleset_id}: {len(found)} finding(s)", cols, rows, w)], color, w)


def audit_table(report: AuditReport, *, color: bool = False, width: int | None = None) -> str:
    """What ``dti-rules audit`` prints: each claim, recomputed, match or mismatch."""
    w = width or terminal_width()
    cols = [
        Col(""),
        Col("kind"),
        Col("target", flex=True, least=4, whole_words=True),
        Col("unit"),
        Col("reported", "right", flex=True, least=8),
        Col("recomputed", flex=True, least=12),
        Col("note", flex=True, least=12),
        Col("line", "right", drop=1),
    ]
    rows = [
        [
            _Markup("[green]✓[/]" if item.match else "[bold red]✗[/]"),
            item.kind,
            item.target,
            item.unit,
            item.reported,
            item.recomputed,
            item.note,
            "" if item.line is None else str(item.line),
        ]
        for item in report.items
    ]
    title = f"Audit against {report.ruleset_id} ({report.ruleset_fingerprint[:12]})"
    total = len(report.items)
    line = f"{total - len(report.mismatches)} of {total} claims reproduced"
    if report.mismatches:
        line += f"; {len(report.mismatches)} not"
    return _render([grid(title, cols, rows, w), line], color, w)


def progress_table(report: ProgressReport, *, color: bool = False, width: int | None = None) -> str:
    """What ``dti-rules audit`` prints without submissions: each reported figure against the
    plan's target it names."""
    w = width or terminal_width()
    period = f", {report.period}" if report.period else ""
    cols = [
        Col("target", flex=True, least=4, whole_words=True),
        Col("reported", "right", flex=True, least=8),
        Col("threshold", flex=True, least=8),
        Col("status"),
        Col("note", flex=True, least=12),
        Col("line", "right", drop=1),
    ]
    rows = [
        [
            item.target or "—",
            item.reported,
            item.threshold,
            _styled(item.status),
            item.note,
            "" if item.line is None else str(item.line),
        ]
        for item in report.items
    ]
    counts = report.counts()
    line = ", ".join(f"{counts[k]} {k}" for k in counts if counts[k])
    title = f"Reported figures against {report.ruleset_id}{period}"
    return _render([grid(title, cols, rows, w), line], color, w)
