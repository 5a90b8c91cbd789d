"""Terminal text of the rule sets themselves: ``list``, ``show``, ``deadline`` and
``calendar``."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from .._i18n import Language
from .._numbers import fraction_text
from ..calendar import VIETNAM
from ..errors import render
from ._grid import Col, _e, _Markup, _render, grid, terminal_width

if TYPE_CHECKING:
    from ..analysis.agenda import Agenda
    from ..calendar.phrases import ParsedDeadline
    from ..compiled import CompiledRuleSet


def _levels(t: Language, levels: str) -> str:
    """Levels written ``district, ward`` in ``t``."""
    return "; ".join(t.p("level", level.strip()) for level in levels.split(","))


def _source(t: Language, text: str) -> str:
    """``Quyết định số 922/QĐ-BTTTT (2022-05-20)`` with its date as ``t`` writes dates."""
    head, _, day = text.rpartition(" (")
    try:
        return f"{head} ({t.date(dt.date.fromisoformat(day.removesuffix(')')))})"
    except ValueError:  # no date in brackets at its end: as it is
        return text


def ruleset_list_table(
    rows: list[dict[str, str]],
    *,
    color: bool = False,
    width: int | None = None,
    lang: str | None = "en",
) -> str:
    """What ``dti-rules list`` prints, in ``lang`` (``"en"`` or ``"vi"``; None: the
    environment's)."""
    w = width or terminal_width()
    t = Language.get(lang)
    cols = [
        Col(t("id")),
        Col(t("title"), flex=True),
        Col(t("level"), flex=True, least=8),
        Col(t("year")),
        Col(t("source"), flex=True, drop=1),
    ]
    cells = [
        [
            r["id"],
            r["title"],
            r["level"] if t.code == "en" else _levels(t, r["level"]),
            r["year"],
            r["source"] if t.code == "en" else _source(t, r["source"]),
        ]
        for r in rows
    ]
    return _render([grid(t("Bundled rule sets"), cols, cells, w)], color, w)


def ruleset_table(
    rs: CompiledRuleSet, *, color: bool = False, width: int | None = None, lang: str | None = "en"
) -> str:
    """What ``dti-rules show`` prints: identity, groups with their points, and every
    reading the rule set took (whether it is an assumption or what the text says), in
    ``lang`` (``"en"`` or ``"vi"``; None: the environment's)."""
    w = width or terminal_width()
    t = Language.get(lang)
    n = t.number
    spec = rs.spec
    head = _Markup(
        f"[bold]{_e(spec.title)}[/]\n"
        + _e(
            t("id {id} · {issuer} · {document} ({issued})").format(
                id=rs.id,
                issuer=spec.issuer,
                document=spec.source.document,
                issued=t.date(spec.source.issued),
            )
            + "\n"
            + t("effective {start} to {end} · levels {levels} · fingerprint {fingerprint}").format(
                start=t.date(spec.effective.start),
                end=t.date(spec.effective.end),
                levels=", ".join(level.value for level in rs.levels)
                if t.code == "en"
                else "; ".join(t.p("level", level.value) for level in rs.levels),
                fingerprint=rs.fingerprint[:12],
            )
        )
    )
    cols = [
        Col(t("group")),
        Col(t("name"), flex=True),
        Col(t.p("column", "indicators"), "right"),
        Col(t("max points"), "right"),
        Col(t("source_ref"), flex=True, drop=1),
    ]
    rows: list[list[str] | None] = [
        [
            group.id,
            group.name,
            str(len(group.indicators)),
            n(fraction_text(group.max_points)),
            group.source_ref,
        ]
        for group in rs.groups
    ]
    rows.append(None)
    rows.append(
        [
            "",
            _Markup("[bold]" + _e(t("total")) + "[/]"),
            str(len(rs.indicators)),
            _Markup(f"[bold]{n(fraction_text(rs.max_points))}[/]"),
            "",
        ]
    )
    counts = t(
        "{groups} groups · {indicators} indicators · {inputs} inputs · {targets} targets · "
        "{tasks} tasks · {reports} reports · {due} due days · {readings} readings"
    ).format(
        groups=len(rs.groups),
        indicators=len(rs.indicators),
        inputs=len(rs.inputs),
        targets=len(rs.targets),
        tasks=len(spec.tasks),
        reports=len(spec.reports),
        due=len(rs.schedule),
        readings=len(spec.readings),
    )
    parts: list[object] = [head, grid(t("Groups"), cols, rows, w), counts]
    if spec.readings:
        reading_cols = [
            Col(t("id")),
            Col(t("assumption")),
            Col(t("source_ref"), flex=True, least=12, drop=1),
            Col(t("text"), flex=True, least=20),
        ]
        reading_rows = [
            [r.id, t("yes") if r.assumption else t("no"), r.source_ref, r.text]
            for r in spec.readings
        ]
        title = t("Readings ({count})").format(count=len(spec.readings))
        parts.append(grid(title, reading_cols, reading_rows, w))
    return _render(parts, color, w)


def deadline_report(
    found: ParsedDeadline,
    issued: dt.date | None,
    year: int | None,
    *,
    as_json: bool,
    lang: str | None = "en",
) -> str:
    """What ``dti-rules deadline`` prints: the rule read from a phrase and its dates, with
    labels and dates in ``lang`` (``"en"`` or ``"vi"``; None: the environment's; the JSON
    is the same in both, in English)."""
    t = Language.get(lang)
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
        notes.append(t("give --year or --issued to list its dates"))
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
    labels = [t("phrase:"), t("kind:"), t("rule:"), t("issued:")]
    pad = max(len(label) for label in labels) + 2
    lines = [
        f"{labels[0]:<{pad}}{found.phrase}",
        f"{labels[1]:<{pad}}{t.p('due', rule.kind.value)}",
        f"{labels[2]:<{pad}}{rule.phrase()}",
    ]
    if issued:
        past = "  " + t("(already past)") if found.past else ""
        lines.append(f"{labels[3]:<{pad}}{t.date(issued)}{past}")
    if occurrences:
        lines.append(t("dates:"))
        for occ, moved in zip(occurrences, rolled, strict=True):
            shift = " → " + t("due {date}").format(date=t.date(moved.due)) if moved.moved else ""
            basis = render(occ.basis, t.code)
            lines.append(f"  {occ.key:<11} {t.date(occ.nominal)}{shift}  ({basis})")
    if notes:
        lines.append(t("notes:"))
        lines.extend(f"  - {render(note, t.code)}" for note in notes)
    return "\n".join(lines) + "\n"


def agenda_table(
    plan: Agenda, *, color: bool = False, width: int | None = None, lang: str | None = "en"
) -> str:
    """What ``dti-rules calendar`` prints: due days in date order, then undated ones, in
    ``lang`` (``"en"`` or ``"vi"``; None: the environment's)."""
    from ..analysis.agenda import undated_reason

    w = width or terminal_width()
    t = Language.get(lang)
    cols = [
        Col(t("due")),
        Col(t("id")),
        Col(t("kind")),
        Col(t("name"), flex=True, least=12),
        Col(t("cut-off")),
        Col(t("source_ref"), flex=True, drop=1),
    ]
    rows = []
    for entry in plan.entries:
        due = entry.scheduled
        when = t.date(due.due) + (" *" if due.roll_reason else "")
        cutoff = ""
        if due.window is not None:
            cutoff = f"{due.window.start:%d/%m}–{due.window.end:%d/%m}"
            if due.gap is not None and not due.gap.ok:
                cutoff = _Markup(_e(cutoff) + " [bold red]![/]")
        rows.append(
            [
                when,
                entry.id,
                t.p("kind", entry.obligation.kind.value),
                entry.obligation.name,
                cutoff,
                entry.obligation.source_ref,
            ]
        )
    title = t("{ruleset}: due days in {year}").format(ruleset=plan.ruleset.id, year=plan.year)
    parts: list[object] = [grid(title, cols, rows, w)]
    if any(e.scheduled.roll_reason for e in plan.entries):
        parts.append(
            "* " + t("moved off a weekend or holiday") + " (Bộ luật Dân sự 2015, Điều 148)"
        )
    if any(e.scheduled.gap is not None and not e.scheduled.gap.ok for e in plan.entries):
        parts.append(
            "! "
            + t("the deadline leaves no working day after the data cut-off")
            + " (Nghị định 09/2019/NĐ-CP, Điều 8 khoản 5 điểm b)"
        )
    if plan.undated:
        kinds: dict[str, int] = {}
        for ob in plan.undated:
            key = undated_reason(ob)
            kinds[key] = kinds.get(key, 0) + 1
        parts.append(
            t("{count} tasks and reports have no due day: {reasons}").format(
                count=len(plan.undated),
                reasons=", ".join(f"{n} {t.p('undated', k)}" for k, n in sorted(kinds.items())),
            )
        )
    return _render(parts, color, w)
