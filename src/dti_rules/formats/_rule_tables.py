"""Terminal text of the rule sets themselves: ``list``, ``show``, ``deadline`` and
``calendar``."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from .._numbers import fraction_text
from ..calendar import VIETNAM, ParsedDeadline
from ._grid import Col, _e, _Markup, _render, grid, terminal_width

if TYPE_CHECKING:
    from ..analysis.agenda import Agenda
    from ..compiled import CompiledRuleSet


def ruleset_list_table(
    rows: list[dict[str, str]], *, color: bool = False, width: int | None = None
) -> str:
    """What ``dti-rules list`` prints."""
    w = width or terminal_width()
    cols = [
        Col("id"),
        Col("title", flex=True),
        Col("level", flex=True, least=8),
        Col("year"),
        Col("source", flex=True, drop=1),
    ]
    cells = [[r["id"], r["title"], r["level"], r["year"], r["source"]] for r in rows]
    return _render([grid("Bundled rule sets", cols, cells, w)], color, w)


def ruleset_table(rs: CompiledRuleSet, *, color: bool = False, width: int | None = None) -> str:
    """What ``dti-rules show`` prints: identity, groups with their points, and every
    reading the rule set took (whether it is an assumption or what the text says)."""
    w = width or terminal_width()
    spec = rs.spec
    head = _Markup(
        f"[bold]{_e(spec.title)}[/]\n"
        + _e(
            f"id {rs.id} · {spec.issuer} · {spec.source.document} "
            f"({spec.source.issued.isoformat()})\n"
            f"effective {spec.effective.start.isoformat()} to {spec.effective.end.isoformat()} · "
            f"levels {', '.join(level.value for level in rs.levels)} · "
            f"fingerprint {rs.fingerprint[:12]}"
        )
    )
    cols = [
        Col("group"),
        Col("name", flex=True),
        Col("indicators", "right"),
        Col("max points", "right"),
        Col("source_ref", flex=True, drop=1),
    ]
    rows: list[list[str] | None] = [
        [
            group.id,
            group.name,
            str(len(group.indicators)),
            fraction_text(group.max_points),
            group.source_ref,
        ]
        for group in rs.groups
    ]
    rows.append(None)
    rows.append(
        [
            "",
            _Markup("[bold]total[/]"),
            str(len(rs.indicators)),
            _Markup(f"[bold]{fraction_text(rs.max_points)}[/]"),
            "",
        ]
    )
    counts = (
        f"{len(rs.groups)} groups · {len(rs.indicators)} indicators · "
        f"{len(rs.inputs)} inputs · {len(rs.targets)} targets · {len(spec.tasks)} tasks · "
        f"{len(spec.reports)} reports · {len(rs.schedule)} due days · "
        f"{len(spec.readings)} readings"
    )
    parts: list[object] = [head, grid("Groups", cols, rows, w), counts]
    if spec.readings:
        reading_cols = [
            Col("id"),
            Col("assumption"),
            Col("source_ref", flex=True, least=12, drop=1),
            Col("text", flex=True, least=20),
        ]
        reading_rows = [
            [r.id, "yes" if r.assumption else "no", r.source_ref, r.text] for r in spec.readings
        ]
        parts.append(grid(f"Readings ({len(spec.readings)})", reading_cols, reading_rows, w))
    return _render(parts, color, w)


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


def agenda_table(plan: Agenda, *, color: bool = False, width: int | None = None) -> str:
    """What ``dti-rules calendar`` prints: due days in date order, then undated ones."""
    from ..analysis.agenda import undated_reason

    w = width or terminal_width()
    cols = [
        Col("due"),
        Col("id"),
        Col("kind"),
        Col("name", flex=True, least=12),
        Col("cut-off"),
        Col("source_ref", flex=True, drop=1),
    ]
    rows = []
    for entry in plan.entries:
        due = entry.scheduled
        when = due.due.isoformat() + (" *" if due.roll_reason else "")
        cutoff = ""
        if due.window is not None:
            cutoff = f"{due.window.start:%d/%m}–{due.window.end:%d/%m}"
            if due.gap is not None and not due.gap.ok:
                cutoff = _Markup(_e(cutoff) + " [bold red]![/]")
        rows.append(
            [
                when,
                entry.id,
                entry.obligation.kind.value,
                entry.obligation.name,
                cutoff,
                entry.obligation.source_ref,
            ]
        )
    parts: list[object] = [grid(f"{plan.ruleset.id}: due days in {plan.year}", cols, rows, w)]
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
    return _render(parts, color, w)
