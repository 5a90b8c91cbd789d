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
for a ranking). Numbers shown to people are written the Vietnamese way (``640,78``)::

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

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING, Any

from .._i18n import Language
from .._numbers import round_fraction, to_json_number
from ..compiled import CompiledRuleSet

if TYPE_CHECKING:
    from ..analysis.ranking import Ranking
    from ..result import Result

__all__ = ["format_vn", "ranking_html", "result_html"]

_CSS = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --bar: #2f6fb2; --max: #e4ebf3; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 24px; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 8px; border-bottom: 2px solid var(--line); }
.meta { color: var(--muted); margin: 0 0 16px; }
.score { display: flex; flex-wrap: wrap; gap: 12px; margin: 0; }
.score div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 16px; }
.score dt { color: var(--muted); font-size: .85rem; }
.score dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
.wide { overflow-x: auto; }
#ranking td:nth-child(3) { min-width: 14em; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
         vertical-align: top; }
th { background: #f0f4f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.status { white-space: nowrap; font-weight: 600; }
.status small { font-weight: 400; color: var(--muted); }
.s-exceeded, .s-met, .s-on_time, .s-full { color: #1e7b34; }
.s-not_met, .s-overdue, .s-late, .s-zero { color: #b42318; }
.s-not_evaluated, .s-pending, .s-waiting, .s-no_deadline, .s-partial, .s-incomplete
  { color: #8a5a00; }
svg.chart { max-width: 100%; height: auto; }
svg text { font-size: 13px; fill: var(--ink); }
svg .bar { fill: var(--bar); }
svg .bar-max { fill: var(--max); }
svg .value { fill: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: .8rem; margin-top: 32px; word-break: break-all; }
@media print { body { padding: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""

_CHART_LABEL = 280  # width of the label column
_CHART_BARS = 440  # width of the longest bar
_CHART_VALUE = 120  # width of the value column
_ROW = 28
_BAR = 18


def format_vn(value: int | float | Decimal | None) -> str:
    """A published number written the Vietnamese way: dots group thousands, a decimal comma.

    >>> format_vn(640.78), format_vn(1234.5), format_vn(660), format_vn(None)
    ('640,78', '1.234,5', '660', '—')
    """
    if value is None:
        return "—"
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{groups},{frac}" if frac else f"{sign}{groups}"


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def _text(value: Any) -> str:
    return "—" if value is None else escape(str(value), quote=False)


def _table(
    table_id: str,
    headers: Sequence[tuple[str, bool]],
    rows: Iterable[Sequence[str]],
    empty: str,
) -> str:
    """A table whose cells are given as HTML (``<td>…</td>``); headers (text, numeric)."""
    body = ["".join(cells) for cells in rows]
    if not body:
        return f'<p class="empty" id="{table_id}-empty">{_text(empty)}</p>'
    head = "".join(
        f'<th class="num">{_text(text)}</th>' if numeric else f"<th>{_text(text)}</th>"
        for text, numeric in headers
    )
    rows_html = "\n".join(f"<tr>{row}</tr>" for row in body)
    return (
        f'<div class="wide"><table id="{table_id}">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows_html}\n</tbody>\n</table></div>"
    )


def _td(value: Any) -> str:
    return f"<td>{_text(value)}</td>"


def _width(value: Fraction, scale: Fraction) -> str:
    """A bar's width in the chart, to 1/100 px."""
    if scale == 0:
        return "0"
    return str(round_fraction(value / scale * _CHART_BARS, 2))


def _svg(
    title: str, bars: Sequence[tuple[str, str, Fraction, Fraction, str]], scale: Fraction
) -> str:
    """Horizontal bars: (label, data attributes, value, maximum, value text) each."""
    height = _ROW * len(bars) + 8
    width = _CHART_LABEL + _CHART_BARS + _CHART_VALUE
    parts = [
        f'<svg class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{_attr(title)}">',
        f"<title>{_text(title)}</title>",
    ]
    for row, (label, data, value, maximum, shown) in enumerate(bars):
        y = 4 + row * _ROW
        text_y = y + _BAR - 4
        short = label if len(label) <= 40 else label[:39] + "…"
        parts += [
            '<g class="row">',
            f'<text x="0" y="{text_y}" class="label">{_text(short)}<title>{_text(label)}'
            "</title></text>",
            f'<rect class="bar-max" x="{_CHART_LABEL}" y="{y}" width="{_width(maximum, scale)}" '
            f'height="{_BAR}"></rect>',
            f'<rect class="bar" {data} x="{_CHART_LABEL}" y="{y}" '
            f'width="{_width(value, scale)}" height="{_BAR}"><title>{_text(label)}: '
            f"{_text(shown)}</title></rect>",
            f'<text x="{_CHART_LABEL + _CHART_BARS + 8}" y="{text_y}" class="value">'
            f"{_text(shown)}</text>",
            "</g>",
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def _page(title: str, body: Sequence[str], lang: str = "vi") -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="dti-rules">',
            f"<title>{_text(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


class _Words:
    """What a page writes in its language: labels, statuses, numbers and dates."""

    def __init__(self, lang: str | None) -> None:
        self.t = Language.get(lang)

    def number(self, value: int | float | Decimal | None) -> str:
        if self.t.code == "vi":
            return format_vn(value)
        return "—" if value is None else str(value)

    def num(self, value: int | float | Decimal | None) -> str:
        return f'<td class="num">{self.number(value)}</td>'

    def day(self, text: str | None) -> str | None:
        """An ISO date as the language writes it."""
        return None if text is None else self.t.date(dt.date.fromisoformat(text))

    def status(self, value: str) -> str:
        label = self.t.p("status", value)
        return (
            f'<td class="status s-{_attr(value)}" data-status="{_attr(value)}">'
            f"{_text(label[:1].upper() + label[1:])}</td>"
        )

    def label(self, name: str, english: str | None) -> str:
        """A rule set's name, with the English it gives beside it on an English page."""
        return f"{name} ({english})" if english and self.t.code == "en" else name


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
    w = _Words(lang)
    t = w.t
    spec = ruleset.spec
    policy = spec.rounding
    names = {g.id: g.name for g in ruleset.groups}
    body: list[str] = [
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
    ]
    if ranking.entries:
        bars = [
            (
                f"{e.rank}. {e.name}",
                f'data-unit="{_attr(e.unit)}" data-index="{to_json_number(e.index)}" '
                f'data-rank="{e.rank}"',
                Fraction(e.index),
                Fraction(1),
                w.number(to_json_number(e.index)),
            )
            for e in ranking.entries
        ]
        body += [
            '<section id="chart">',
            "<h2>" + _text(t("Index by unit")) + "</h2>",
            _svg(t("Index by unit"), bars, Fraction(1)),
            "</section>",
        ]
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
    rows = []
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
        rows.append(cells)
    body += [
        '<section id="ranking-section">',
        "<h2>" + _text(t("Ranking")) + "</h2>",
        _table("ranking", headers, rows, t("No units.")),
        *(
            [
                '<p class="meta" id="group-names">'
                + " · ".join(
                    f"{_text(gid)}: {_text(names.get(gid, gid))}" for gid in ranking.groups
                )
                + "</p>"
            ]
            if ranking.groups
            else []
        ),
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
    ]
    return _page(
        t("Ranking: {ruleset}").format(ruleset=ranking.ruleset_id).replace(": ", " — "),
        body,
        t.code,
    )
