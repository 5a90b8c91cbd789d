"""Scorecards as one self-contained HTML page: inline CSS, an inline SVG chart, no scripts.

:func:`result_html` (``dti-rules score … --format html``) shows the unit, the period, the
total and the index, a bar chart of each group's points against its maximum, and tables of
groups, indicators, targets, deadlines and violations with their statuses. A rule set with
no points (targets only) shows the count of targets by status instead of the chart.
:func:`ranking_html` (``dti-rules rank … --format html``) shows the units ranked by index,
with a bar per unit and each group's index and rank.

The page loads nothing: no scripts, fonts, images or style sheets from anywhere, so it can
be mailed, archived or opened offline. Each bar of a chart is an SVG ``rect`` of class
``bar`` whose data attributes carry its numbers as the Result publishes them (rounded by the
rule set): ``data-group``, ``data-points``, ``data-max`` (or ``data-unit``, ``data-index``
for a ranking). The page is in one language, Vietnamese by default (numbers written
``640,78``, dates ``29/03/2024``) or English with ``lang="en"``; the scorecard lists what
does not bind the unit, and why, in a section ``left-out-section``::

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.formats.html import result_html
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    >>> page = result_html(evaluate(rs, sub, backend="native"), rs)
    >>> page.count('class="bar"'), 'data-group="I" data-points="60" data-max="60"' in page
    (9, True)
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING

from .._numbers import to_json_number
from ..compiled import CompiledRuleSet
from ._html_page import (
    _attr,
    _page,
    _page_lines,
    _pieces,
    _svg,
    _svg_lines,
    _table,
    _table_lines,
    _td,
    _text,
    _Words,
    format_vn,
)

if TYPE_CHECKING:
    from ..analysis.ranking import Ranking
    from ..result import Result

__all__ = ["format_vn", "iter_ranking_html", "ranking_html", "result_html"]


def result_html(result: Result, ruleset: CompiledRuleSet, *, lang: str | None = "vi") -> str:
    """The scorecard of ``result`` as one self-contained HTML page, in ``lang`` (``"vi"``,
    the default, or ``"en"``; None: the environment's): labels, statuses, explanations'
    words, numbers and dates.

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> result = evaluate(rs, load_submission(examples_dir() / "q10-dti-2024.example.json", rs))
    >>> '<dt>Tổng điểm</dt><dd id="total">640,78 / 660</dd>' in result_html(result, rs)
    True
    >>> '<dt>Total</dt><dd id="total">640.78 / 660</dd>' in result_html(result, rs, lang="en")
    True
    """
    w = _Words(lang)
    t = w.t
    data = result.to_dict(t)
    spec = ruleset.spec
    score = data["score"]
    summary = data["summary"]
    unit = result.unit
    names_en = {g.id: g.name_en for g in ruleset.groups}
    body: list[str] = [
        "<header>",
        f'<h1 id="unit" data-unit="{_attr(unit.id)}">{_text(unit.name)}</h1>',
        f'<p class="meta">{_text(w.label(spec.title, spec.title_en))} · '
        f"{_text(spec.source.document)} ({t.date(spec.source.issued)}) · "
        + t("unit {id}, {level}").format(
            id=f"<code>{_text(unit.id)}</code>", level=_text(t.p("level", unit.level))
        )
        + "</p>",
        f'<dl class="score" id="score" data-points="{score["points"]}" '
        f'data-max="{score["max_points"]}" data-index="{score["index"]}">',
        "<div><dt>"
        + _text(t("Period"))
        + f'</dt><dd id="period">{_text(result.period)}</dd></div>',
        "<div><dt>" + _text(t("Total")) + f'</dt><dd id="total">{w.number(score["points"])} / '
        f"{w.number(score['max_points'])}</dd></div>",
        "<div><dt>"
        + _text(t("Index"))
        + f'</dt><dd id="index">{w.number(score["index"])}</dd></div>',
        "<div><dt>" + _text(t("Targets met")) + "</dt>"
        f'<dd id="targets-met">{summary["exceeded"] + summary["met"]} / '
        f"{len(data['targets'])}</dd></div>",
        "</dl>",
        "</header>",
        "<main>",
    ]
    if result.max_points and result.groups:
        scale = max(g.max_points for g in result.groups)
        bars = [
            (
                w.label(f"{g['id']} {g['name']}", names_en.get(g["id"])),
                f'data-group="{_attr(g["id"])}" data-points="{g["points"]}" '
                f'data-max="{g["max_points"]}"',
                group.points,
                group.max_points,
                f"{w.number(g['points'])} / {w.number(g['max_points'])}",
            )
            for g, group in zip(data["groups"], result.groups, strict=True)
        ]
        body += [
            '<section id="chart">',
            "<h2>" + _text(t("Points by group, against the maximum")) + "</h2>",
            _svg(t("Points by group"), bars, scale),
            "</section>",
        ]
    else:
        body += [
            '<section id="target-summary">',
            "<h2>" + _text(t("Targets by status")) + "</h2>",
            _table(
                "summary",
                [(t("Status"), False), (t("Targets"), True)],
                (
                    [w.status(status), w.num(summary[status])]
                    for status in ("exceeded", "met", "not_met", "not_evaluated")
                ),
                "",
            ),
            "</section>",
        ]
    if data["groups"]:
        body += [
            '<section id="groups-section">',
            "<h2>" + _text(t("Groups")) + "</h2>",
            _table(
                "groups",
                [
                    (t("Id"), False),
                    (t("Group"), False),
                    (t("Source"), False),
                    (t("Points"), True),
                    (t("Max"), True),
                ],
                (
                    [
                        _td(g["id"]),
                        _td(w.label(g["name"], names_en.get(g["id"]))),
                        _td(g["source_ref"]),
                        w.num(g["points"]),
                        w.num(g["max_points"]),
                    ]
                    for g in data["groups"]
                ),
                "",
            ),
            "</section>",
            '<section id="indicators-section">',
            "<h2>" + _text(t("Indicators")) + "</h2>",
            _table(
                "indicators",
                [
                    (t("Id"), False),
                    (t("Indicator"), False),
                    (t("Source"), False),
                    (t("Points"), True),
                    (t("Max"), True),
                    (t("Status"), False),
                    (t("How"), False),
                ],
                (
                    [
                        _td(i["id"]),
                        _td(i["name"]),
                        _td(i["source_ref"]),
                        w.num(i["points"]),
                        w.num(i["max_points"]),
                        w.status(i["status"]),
                        _td(i["explanation"]["formula"]),
                    ]
                    for i in data["indicators"]
                ),
                "",
            ),
            "</section>",
        ]
    body += [
        '<section id="targets-section">',
        "<h2>" + _text(t("Targets")) + "</h2>",
        _table(
            "targets",
            [
                (t("Id"), False),
                (t("Target"), False),
                (t("Source"), False),
                (t("Threshold"), True),
                (t("Value"), True),
                (t("Status"), False),
                (t("How"), False),
            ],
            (
                [
                    _td(tg["id"]),
                    _td(tg["text"]),
                    _td(tg["source_ref"]),
                    w.num(tg["threshold"]),
                    w.num(tg["value"]),
                    w.status(tg["status"]),
                    _td(tg["explanation"]["formula"]),
                ]
                for tg in data["targets"]
            ),
            t("The rule set has no targets."),
        ),
        "</section>",
        '<section id="deadlines-section">',
        "<h2>" + _text(t("Deadlines")) + "</h2>",
        _table(
            "deadlines",
            [
                (t("Id"), False),
                (t("Source"), False),
                (t("Due"), False),
                (t("Done"), False),
                (t("Status"), False),
                (t("Days"), True),
            ],
            (
                [
                    _td(d["id"]),
                    _td(d["source_ref"]),
                    _td(w.day(d["due"])),
                    _td(w.day(d["done"])),
                    w.status(d["status"]),
                    w.num(d["days"]),
                ]
                for d in data["deadlines"]
            ),
            t("No deadlines."),
        ),
        "</section>",
        '<section id="violations-section">',
        "<h2>" + _text(t("Violations")) + "</h2>",
        _table(
            "violations",
            [
                (t("Code"), False),
                (t("Subject"), False),
                (t("Message"), False),
                (t("Source"), False),
            ],
            (
                [_td(v["code"]), _td(v["subject"]), _td(v["message"]), _td(v["source_ref"])]
                for v in data["violations"]
            ),
            t("No violations."),
        ),
        "</section>",
    ]
    if data["left_out"]:
        body += [
            '<section id="left-out-section">',
            "<h2>" + _text(t("Left out: what does not bind this unit")) + "</h2>",
            _table(
                "left-out",
                [(t("Id"), False), (t("Kind"), False), (t("Source"), False), (t("Why"), False)],
                (
                    [
                        _td(item["id"]),
                        _td(t.p("kind", item["kind"])),
                        _td(item["source_ref"]),
                        _td(item["reason"]),
                    ]
                    for item in data["left_out"]
                ),
                "",
            ),
            "</section>",
        ]
    body += [
        "</main>",
        "<footer>",
        _text(
            t("rule set {ruleset} · {fingerprint} · submission {submission} · as of {date}").format(
                ruleset=result.ruleset_id,
                fingerprint=result.ruleset_fingerprint,
                submission=result.submission_fingerprint,
                date=w.day(data["as_of"]) or "—",
            )
        )
        + f" · {_text(result.backend)} · dti-rules",
        "</footer>",
    ]
    return _page(f"{unit.name} — {result.ruleset_id}, {result.period}", body, t.code)


def ranking_html(ranking: Ranking, ruleset: CompiledRuleSet, *, lang: str | None = "vi") -> str:
    """Units ranked by index as one self-contained HTML page, with a bar per unit, in
    ``lang`` (``"vi"``, the default, or ``"en"``; None: the environment's)."""
    return "".join(iter_ranking_html(ranking, ruleset, lang=lang))


def iter_ranking_html(
    ranking: Ranking, ruleset: CompiledRuleSet, *, lang: str | None = "vi"
) -> Iterator[str]:
    """The text of :func:`ranking_html` in pieces of about 64 kB, for writing a
    ranking of many units without holding its page (its entries are read twice, for the
    chart and for the table):

    >>> from dti_rules import load_ruleset
    >>> from dti_rules.analysis.ranking import rank_results
    >>> rs = load_ruleset("q10-dti-2024")
    >>> pieces = list(iter_ranking_html(rank_results(rs, []), rs, lang="en"))
    >>> pieces[0].startswith("<!DOCTYPE html>"), 'id="ranking-empty"' in "".join(pieces)
    (True, True)
    """
    w = _Words(lang)
    t = w.t
    title = t("Ranking: {ruleset}").format(ruleset=ranking.ruleset_id).replace(": ", " — ")
    yield from _pieces(_page_lines(title, _ranking_body(ranking, ruleset, w), t.code))


def _ranking_body(ranking: Ranking, ruleset: CompiledRuleSet, w: _Words) -> Iterator[str]:
    t = w.t
    spec = ruleset.spec
    policy = spec.rounding
    names = {g.id: g.name for g in ruleset.groups}
    yield from (
        "<header>",
        f'<h1 id="ruleset" data-ruleset="{_attr(ranking.ruleset_id)}">'
        + _text(t("Ranking: {ruleset}").format(ruleset=ranking.ruleset_id))
        + "</h1>",
        f'<p class="meta">{_text(w.label(spec.title, spec.title_en))} · '
        f"{_text(spec.source.document)} · "
        + _text(t("{count} units").format(count=len(ranking.entries)))
        + " · "
        + _text(t("equal published indices share a rank; the next rank skips: 1, 2, 2, 4"))
        + "</p>",
        "</header>",
        "<main>",
    )
    if ranking.entries:
        bars = (
            (
                f"{e.rank}. {e.name}",
                f'data-unit="{_attr(e.unit)}" data-index="{to_json_number(e.index)}" '
                f'data-rank="{e.rank}"',
                Fraction(e.index),
                Fraction(1),
                w.number(to_json_number(e.index)),
            )
            for e in ranking.entries
        )
        yield from (
            '<section id="chart">',
            "<h2>" + _text(t("Index by unit")) + "</h2>",
        )
        yield from _svg_lines(t("Index by unit"), len(ranking.entries), bars, Fraction(1))
        yield "</section>"
    headers: list[tuple[str, bool]] = [
        (t("Rank"), True),
        (t("Unit"), False),
        (t("Name"), False),
        (t("Index"), True),
        (t("Points"), True),
    ]
    for gid in ranking.groups:
        headers += [
            (t("{group}: index").format(group=gid), True),
            (t("{group}: rank").format(group=gid), True),
        ]
    yield from (
        '<section id="ranking-section">',
        "<h2>" + _text(t("Ranking")) + "</h2>",
    )
    yield from _table_lines("ranking", headers, _ranking_rows(ranking, w), t("No units."))
    if ranking.groups:
        yield (
            '<p class="meta" id="group-names">'
            + " · ".join(f"{_text(gid)}: {_text(names.get(gid, gid))}" for gid in ranking.groups)
            + "</p>"
        )
    yield from (
        "</section>",
        "</main>",
        "<footer>",
        _text(
            t("rule set {ruleset} · {fingerprint} · index rounded to {places} places").format(
                ruleset=ranking.ruleset_id,
                fingerprint=ranking.ruleset_fingerprint,
                places=policy.index,
            )
        )
        + " · dti-rules",
        "</footer>",
    )


def _ranking_rows(ranking: Ranking, w: _Words) -> Iterator[list[str]]:
    for e in ranking.entries:
        cells = [
            w.num(e.rank),
            _td(e.unit),
            _td(e.name),
            w.num(to_json_number(e.index)),
            w.num(to_json_number(e.points)),
        ]
        for _gid, idx, place in e.groups:
            cells += [w.num(None if idx is None else to_json_number(idx)), w.num(place)]
        yield cells
