"""Terminal tables of results: the scorecard of ``score`` and the ranking of ``rank``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._grid import Col, _chunks, _e, _Markup, _render, _styled, grid, layout, terminal_width

if TYPE_CHECKING:
    from ..analysis.ranking import Ranking
    from ..result import Result


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
    data = result.to_dict(t)
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
    if data["left_out"]:
        left_cols = [
            Col(t("id")),
            Col(t("kind")),
            Col(t("why"), flex=True, least=16),
            Col(t("source_ref"), flex=True, drop=1),
        ]
        left_rows = [
            [item["id"], t.p("kind", item["kind"]), item["reason"], item["source_ref"]]
            for item in data["left_out"]
        ]
        title = t("Left out: what does not bind this unit ({count})").format(
            count=len(data["left_out"])
        )
        parts.append(grid(title, left_cols, left_rows, w))
    return _render(parts, color, w)


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
