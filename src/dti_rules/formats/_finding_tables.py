"""Terminal tables of findings: ``lint``'s, and ``audit``'s with or without submissions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._i18n import Language
from ._grid import Col, _e, _Markup, _render, _styled, grid, terminal_width

if TYPE_CHECKING:
    from ..analysis.audit import AuditItem, AuditReport, ProgressReport
    from ..analysis.lint import Finding


def findings_table(
    ruleset_id: str,
    findings: Iterable[Finding],
    *,
    color: bool = False,
    width: int | None = None,
    lang: str | None = "en",
) -> str:
    """What ``dti-rules lint`` prints, with labels and severities in ``lang`` (``"en"`` or
    ``"vi"``; None: the environment's)."""
    w = width or terminal_width()
    t = Language.get(lang)
    found = list(findings)
    if not found:
        return _render([t("{ruleset}: no findings").format(ruleset=ruleset_id)], color, w)
    cols = [
        Col(t("severity")),
        Col(t("code")),
        Col(t("subject")),
        Col(t("message"), flex=True, least=24),
        Col(t("source_ref"), flex=True, least=10, drop=1),
    ]
    style = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    rows = [
        [
            _Markup(f"[{style[f.severity.value]}]{_e(t.p('severity', f.severity.value))}[/]"),
            f.code,
            f.subject,
            f.message_in(t),
            f.source_ref,
        ]
        for f in found
    ]
    title = t("{ruleset}: {count} finding(s)").format(ruleset=ruleset_id, count=len(found))
    return _render([grid(title, cols, rows, w)], color, w)


def audit_table(
    report: AuditReport, *, color: bool = False, width: int | None = None, lang: str | None = "en"
) -> str:
    """What ``dti-rules audit`` prints: each claim, recomputed, match or mismatch, with
    labels in ``lang`` (``"en"`` or ``"vi"``; None: the environment's). The notes and the
    recomputed figures are worded in English."""
    w = width or terminal_width()
    t = Language.get(lang)
    cols = [
        Col(""),
        Col(t("kind")),
        Col(t("target"), flex=True, least=4, whole_words=True),
        Col(t("unit")),
        Col(t("reported"), "right", flex=True, least=8),
        Col(t("recomputed"), flex=True, least=12),
        Col(t("note"), flex=True, least=12),
        Col(t("line"), "right", drop=1),
    ]
    rows = [
        [
            _Markup("[green]✓[/]" if item.match else "[bold red]✗[/]"),
            t.p("claim", item.kind),
            item.target,
            _audit_unit(t, item.unit),
            _audit_figure(t, item.reported) if item.kind == "method" else item.reported,
            _audit_figure(t, item.recomputed),
            _audit_note(t, item),
            "" if item.line is None else str(item.line),
        ]
        for item in report.items
    ]
    title = t("Audit against {ruleset} ({fingerprint})").format(
        ruleset=report.ruleset_id, fingerprint=report.ruleset_fingerprint[:12]
    )
    total = len(report.items)
    line = t("{count} of {total} claims reproduced").format(
        count=total - len(report.mismatches), total=total
    )
    if report.mismatches:
        line += t("; {count} not").format(count=len(report.mismatches))
    return _render([grid(title, cols, rows, w), line], color, w)


_COMBINED = re.compile(r"\b(averaged_printed|averaged|pooled)\b")
_DECIMAL = re.compile(r"\d+\.\d+")
_MIXED = "comparable figures are combined in different ways: "


def _audit_note(t: Language, item: AuditItem) -> str:
    """An audit item's note in ``t``: the way the report combined the units, or one of the
    notes the audit writes (a note it does not know is shown as it is)."""
    if t.code == "en" or not item.note:
        return item.note
    from ..analysis.audit import _METHOD_WORDS  # the audit loads the engine: only here

    if item.method is not None:
        return t("the report {method}").format(method=t(_METHOD_WORDS[item.method]))
    if item.kind == "method" and item.note.startswith(_MIXED):
        words = {text: t(text) for text in _METHOD_WORDS.values()}
        each = []
        for part in item.note.removeprefix(_MIXED).split("; "):
            target, _, how = part.partition(" ")
            each.append(f"{target} {words.get(how, how)}")
        return t("comparable figures are combined in different ways: {each}").format(
            each="; ".join(each)
        )
    return t(item.note)


def _audit_figure(t: Language, text: str) -> str:
    """A recomputed figure or an audit's word for one (``pooled 97.4359%``) in ``t``."""
    if t.code == "en":
        return text
    if text in ("one method", "no unit gives a figure"):
        return t(text)  # marked in the audit
    text = _COMBINED.sub(lambda found: t.p("combined", found[0]), text)
    return _DECIMAL.sub(lambda found: t.number(found[0]), text)


def _audit_unit(t: Language, unit: str) -> str:
    """A claim's unit: a unit's name, a level, or ``all``."""
    if t.code == "en":
        return unit
    return t("all units") if unit == "all" else t.p("level", unit)


def progress_table(
    report: ProgressReport,
    *,
    color: bool = False,
    width: int | None = None,
    lang: str | None = "en",
) -> str:
    """What ``dti-rules audit`` prints without submissions: each reported figure against the
    plan's target it names, with labels and statuses in ``lang`` (``"en"`` or ``"vi"``;
    None: the environment's). The notes are worded in English."""
    w = width or terminal_width()
    t = Language.get(lang)
    period = f", {report.period}" if report.period else ""
    cols = [
        Col(t("target"), flex=True, least=4, whole_words=True),
        Col(t("reported"), "right", flex=True, least=8),
        Col(t("threshold"), flex=True, least=8),
        Col(t("status")),
        Col(t("note"), flex=True, least=12),
        Col(t("line"), "right", drop=1),
    ]
    rows = [
        [
            item.target or "—",
            item.reported,
            item.threshold,
            _styled(item.status, t.p("status", item.status)),
            t(item.note) if item.note else "",
            "" if item.line is None else str(item.line),
        ]
        for item in report.items
    ]
    counts = report.counts()
    line = ", ".join(f"{counts[k]} {t.p('status', k)}" for k in counts if counts[k])
    title = t("Reported figures against {ruleset}").format(ruleset=report.ruleset_id) + period
    return _render([grid(title, cols, rows, w), line], color, w)
