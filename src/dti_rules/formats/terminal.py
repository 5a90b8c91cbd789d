"""Readable terminal tables (rich) for the commands that print them.

Every table fits the width it is given (the terminal's, or ``COLUMNS``): the columns that
hold an id, a number, a date or a status are printed whole, and the columns of names,
texts and messages share what is left, wrapping their words. Where even that does not fit,
the least needed columns (a source reference, group indices) are left out or moved to a
table of their own, never cut::

    >>> from dti_rules import load_ruleset
    >>> text = ruleset_table(load_ruleset("q10-dti-2024"), width=80)
    >>> max(len(line) for line in text.splitlines()) <= 80
    True

rich is imported when a table is first drawn, so reading a deadline phrase does not pay
for it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .._numbers import fraction_text
from ..calendar import VIETNAM, ParsedDeadline

if TYPE_CHECKING:
    from rich.table import Table

    from ..analysis.agenda import Agenda
    from ..analysis.audit import AuditReport, ProgressReport
    from ..analysis.lint import Finding
    from ..analysis.ranking import Ranking
    from ..compiled import CompiledRuleSet
    from ..result import Result

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
#: Width used when standard output is not a terminal and COLUMNS is not set.
FALLBACK_WIDTH = 100
_NARROWEST = 20


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


def terminal_width() -> int:
    """The width to draw tables at: the terminal's, ``COLUMNS``, else 100."""
    return max(_NARROWEST, shutil.get_terminal_size((FALLBACK_WIDTH, 24)).columns)


class _Markup(str):
    """A text written in rich's markup by this module. Every other text (a unit's name, a
    target's wording, a message) is shown as it is: a ``[`` in it is never a style tag."""


def _e(text: object) -> _Markup:
    """``text`` (from a rule set or a submission) as markup that shows it as it is."""
    from rich.markup import escape

    return _Markup(escape(str(text)))


def _styled(status: str, shown: str | None = None) -> _Markup:
    """``shown`` (the status itself by default) in the colour of ``status``."""
    text = _e(status if shown is None else shown)
    style = _STATUS_STYLE.get(status)
    return _Markup(f"[{style}]{text}[/]") if style else text


def _plain_len(text: str) -> int:
    """How many terminal cells ``text`` takes (the widest line); markup left out."""
    from rich.text import Text

    make = Text.from_markup if isinstance(text, _Markup) else Text
    return max((make(line).cell_len for line in text.split("\n")), default=0)


@attrs.frozen
class Col:
    """A column of a table that fits its width.

    ``flex`` columns (names, texts, messages) wrap their words to share the width the
    others leave; the others are printed whole. ``drop`` orders the columns left out when
    the table cannot fit otherwise (the highest first; 0 never)."""

    header: str
    justify: Literal["left", "right"] = "left"
    flex: bool = False
    drop: int = 0
    least: int = 10  #: the narrowest a flex column is made before columns are left out
    #: a flex column of ids or numbers, wrapped between them: never narrower than the
    #: longest of its words
    whole_words: bool = False


@attrs.frozen
class Layout:
    """Which columns of a table are shown, and each one's width (without padding)."""

    shown: tuple[int, ...]
    widths: tuple[int, ...]
    fits: bool  #: False when even the narrowest layout is wider than asked


def _overhead(columns: int) -> int:
    """Cells a table adds to its columns' text: a divider between two columns, and one
    space of padding on each side of a cell except at the table's outer edges."""
    return (columns - 1) + 2 * columns - 2


def layout(cols: Sequence[Col], rows: Sequence[Sequence[str]], width: int) -> Layout:
    """Fit ``cols`` holding ``rows`` (rich markup) into ``width`` cells.

    >>> cols = [Col("id"), Col("name", flex=True), Col("points", "right")]
    >>> rows = [["IX.1", "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình " * 3, "12.5"]]
    >>> fit = layout(cols, rows, 40)
    >>> fit.widths[0], fit.widths[2]  # the id and the number whole
    (4, 6)
    >>> sum(fit.widths) + 2 + 2 * 3 - 2 <= 40
    True
    """
    natural = [
        max([_plain_len(col.header), *(_plain_len(row[i]) for row in rows if i < len(row))])
        for i, col in enumerate(cols)
    ]
    longest = [
        max(
            (_plain_len(word) for row in rows if i < len(row) for word in row[i].split()),
            default=0,
        )
        if col.whole_words
        else 0
        for i, col in enumerate(cols)
    ]
    shown = list(range(len(cols)))
    while True:
        fixed = sum(natural[i] for i in shown if not cols[i].flex)
        flexible = [i for i in shown if cols[i].flex]
        room = width - _overhead(len(shown)) - fixed
        least = {
            i: min(natural[i], max(cols[i].least, longest[i], _plain_len(cols[i].header)))
            for i in flexible
        }
        droppable = [i for i in shown if cols[i].drop]
        if room >= sum(least.values()) or not droppable:
            break
        shown.remove(max(droppable, key=lambda i: (cols[i].drop, i)))
    widths = {i: natural[i] for i in shown if not cols[i].flex}
    given = dict(least)
    spare = max(0, room - sum(given.values()))
    # share the spare cells among the flex columns still narrower than their text
    while spare > 0:
        wanting = [i for i in flexible if given[i] < natural[i]]
        if not wanting:
            break
        share = max(1, spare // len(wanting))
        for i in sorted(wanting, key=lambda i: natural[i] - given[i]):
            more = min(share, natural[i] - given[i], spare)
            given[i] += more
            spare -= more
    widths.update(given)
    fits = room >= sum(least.values())
    return Layout(tuple(shown), tuple(max(1, widths[i]) for i in shown), fits)


def grid(
    title: str | None,
    cols: Sequence[Col],
    rows: Sequence[Sequence[str] | None],
    width: int,
) -> Table:
    """A rich table of ``rows`` (``None`` separates a section) laid out by :func:`layout`."""
    from rich import box
    from rich.table import Table

    rows = [
        None if row is None else [c if isinstance(c, _Markup) else _e(c) for c in row]
        for row in rows
    ]
    real = [row for row in rows if row is not None]
    fit = layout(cols, real, width)
    shown_title = None if title is None else title if isinstance(title, _Markup) else _e(title)
    table = Table(title=shown_title, box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    for i, w in zip(fit.shown, fit.widths, strict=True):
        col = cols[i]
        table.add_column(
            col.header,
            justify=col.justify,
            width=w,
            no_wrap=not col.flex,
            overflow="fold",
        )
    for row in rows:
        if row is None:
            table.add_section()
        else:
            table.add_row(*(row[i] for i in fit.shown))
    return table


def _render(parts: Iterable[object], color: bool, width: int | None) -> str:
    from rich.console import Console
    from rich.text import Text

    class SafeConsole(Console):
        """A console that shows control characters of the texts it is given as codes: a
        unit name from a submission cannot clear the screen or retitle the window."""

        def render_str(self, text: str, *args: Any, **kwargs: Any) -> Text:
            return super().render_str(printable(text), *args, **kwargs)

    buffer = io.StringIO()
    console = SafeConsole(
        file=buffer,
        width=width or terminal_width(),
        force_terminal=color,
        no_color=not color,
        highlight=False,
        soft_wrap=False,
    )
    for part in parts:
        # texts not written as markup here are shown as they are (see _Markup)
        console.print(part, markup=isinstance(part, _Markup) or not isinstance(part, str))
    return buffer.getvalue()


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


def result_table(
    result: Result,
    *,
    color: bool = False,
    width: int | None = None,
    lang: str | None = "en",
) -> str:
    """What ``dti-rules score`` prints: the scorecard, targets, deadlines and violations,
    with labels and statuses in ``lang`` (``"en"`` or ``"vi"``; None: the environment's).
    """
    from .._i18n import Language
    from ..result import TargetStatus

    w = width or terminal_width()
    t = Language.get(lang)
    data = result.to_dict()
    score = data["score"]

    def status(value: str) -> str:
        return _styled(value, t.p("status", value) if value else "")

    head = _Markup(
        _e(
            t(
                "{name} ({id}, {level}) · period {period} · rule set {ruleset} "
                "({fingerprint}) · backend {backend}"
            )
        ).format(
            name=f"[bold]{_e(result.unit.name)}[/]",
            id=_e(result.unit.id),
            level=_e(t.p("level", result.unit.level)),
            period=_e(result.period),
            ruleset=_e(result.ruleset_id),
            fingerprint=result.ruleset_fingerprint[:12],
            backend=_e(result.backend),
        )
    )
    cols = [
        Col(t("id")),
        Col(t("indicator"), flex=True, least=12),
        Col(t("points"), "right"),
        Col(t("max"), "right"),
        Col(t("status")),
    ]
    rows: list[list[str] | None] = []
    indicators = data["indicators"]
    for group in data["groups"]:
        rows.append(
            [
                _Markup(f"[bold]{_e(group['id'])}[/]"),
                _Markup(f"[bold]{_e(group['name'])}[/]"),
                _Markup(f"[bold]{t.number(group['points'])}[/]"),
                _Markup(f"[bold]{t.number(group['max_points'])}[/]"),
                "",
            ]
        )
        rows.extend(
            [
                f"  {ind['id']}",
                ind["name"],
                t.number(ind["points"]),
                t.number(ind["max_points"]),
                status(ind["status"]),
            ]
            for ind in indicators
            if ind["group"] == group["id"]
        )
    rows.append(None)
    rows.append(
        [
            "",
            _Markup("[bold]" + _e(t("TOTAL")) + "[/]"),
            _Markup(f"[bold]{t.number(score['points'])}[/]"),
            _Markup(f"[bold]{t.number(score['max_points'])}[/]"),
            t("index {index}").format(index=t.number(score["index"])),
        ]
    )

    target_cols = [
        Col(t("id")),
        Col(t("target"), flex=True, least=12),
        Col(t("value"), "right"),
        Col(t("threshold"), "right"),
        Col(t("status")),
    ]
    target_rows = []
    for target in data["targets"]:
        value = "—" if target["value"] is None else t.number(target["value"])
        threshold = "—" if target["threshold"] is None else t.number(target["threshold"])
        rel = {"ge": "≥", "gt": ">", "eq": "=", "le": "≤", "lt": "<"}[target["comparison"]]
        target_rows.append(
            [target["id"], target["text"], value, f"{rel} {threshold}", status(target["status"])]
        )
    summary = data["summary"]
    summary_line = " · ".join(f"{status(s.value)} {summary[s.value]}" for s in TargetStatus)

    parts: list[object] = [
        head,
        grid(t("Scorecard"), cols, rows, w),
        grid(t("Targets"), target_cols, target_rows, w),
        _Markup(_e(t("Targets: {summary}")).format(summary=summary_line)),
    ]
    if result.deadlines:
        counts = result.deadline_summary()
        line = " · ".join(f"{status(k)} {n}" for k, n in counts.items())
        heading = _e(t("Deadlines as of {date}: {counts}"))
        parts.append(_Markup(heading.format(date=t.date(result.as_of), counts=line)))
    if data["violations"]:
        violation_cols = [
            Col(t("code")),
            Col(t("subject")),
            Col(t("message"), flex=True, least=16),
            Col(t("source_ref"), flex=True, drop=1),
        ]
        violation_rows = [
            [item["code"], item["subject"], item["message"], item["source_ref"]]
            for item in data["violations"]
        ]
        title = t("Violations ({count})").format(count=len(data["violations"]))
        parts.append(grid(title, violation_cols, violation_rows, w))
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


def _chunks(
    lead: Sequence[Col], more: Sequence[Col], cells: Sequence[list[str]], width: int
) -> list[list[int]]:
    """Split the columns ``more`` into runs that fit ``width`` beside the columns ``lead``."""
    runs: list[list[int]] = [[]]
    for i in range(len(more)):
        trial = runs[-1] + [i]
        cols = [*lead, *(more[j] for j in trial)]
        rows = [[*row[: len(lead)], *(row[len(lead) + j] for j in trial)] for row in cells]
        fit = layout(cols, rows, width)
        if runs[-1] and (len(fit.shown) < len(cols) or not fit.fits):
            runs.append([i])
        else:
            runs[-1] = trial
    return runs


def ranking_table(
    ranking: Ranking,
    *,
    color: bool = False,
    width: int | None = None,
    lang: str | None = "en",
) -> str:
    """What ``dti-rules rank`` prints: units by rank with index and points, then each
    group's index and rank (in further tables when they do not fit beside the first), in
    ``lang`` (``"en"`` or ``"vi"``; None: the environment's)."""
    from .._i18n import Language

    w = width or terminal_width()
    t = Language.get(lang)
    cols = [
        Col(t("rank"), "right"),
        Col(t("unit")),
        Col(t("name"), flex=True, least=12),
        Col(t("index"), "right"),
        Col(t("points"), "right"),
    ]
    groups = [Col(gid, "right") for gid in ranking.groups]
    group_cells = [
        ["—" if idx is None else f"{t.number(idx)} (#{place})" for _gid, idx, place in e.groups]
        for e in ranking.entries
    ]
    main = [
        [str(e.rank), e.unit, e.name, t.number(e.index), t.number(e.points)]
        for e in ranking.entries
    ]
    everything = [[*row, *more] for row, more in zip(main, group_cells, strict=True)]
    title = t("Ranking: {ruleset}").format(ruleset=ranking.ruleset_id)
    fit = layout([*cols, *groups], everything, w)
    fits = fit.fits and len(fit.shown) == len(cols) + len(groups)
    parts: list[object] = []
    if fits:
        parts.append(grid(title, [*cols, *groups], everything, w))
    else:
        parts.append(grid(title, cols, main, w))
        lead = cols[:2]
        lead_cells = [[*row[:2], *more] for row, more in zip(main, group_cells, strict=True)]
        for run in _chunks(lead, groups, lead_cells, w):
            run_cols = [*lead, *(groups[j] for j in run)]
            run_rows = [[*row[:2], *(row[2 + j] for j in run)] for row in lead_cells]
            parts.append(grid(t("Groups: index (rank)"), run_cols, run_rows, w))
    parts.append(t("Equal published indices share a rank; the next rank skips (1, 2, 2, 4)."))
    return _render(parts, color, w)


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
