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

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING, Any

from .._numbers import round_fraction, to_json_number
from ..compiled import CompiledRuleSet

if TYPE_CHECKING:
    from ..analysis.ranking import Ranking
    from ..result import Result

__all__ = ["format_vn", "ranking_html", "result_html"]

TARGET_LABELS = {
    "exceeded": "Vượt",
    "met": "Đạt",
    "not_met": "Chưa đạt",
    "not_evaluated": "Chưa đánh giá",
}
DEADLINE_LABELS = {
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "overdue": "Quá hạn",
    "pending": "Chưa đến hạn",
    "no_deadline": "Không có hạn",
    "waiting": "Chờ sự kiện",
}
INDICATOR_LABELS = {
    "full": "Đủ điểm",
    "partial": "Một phần",
    "zero": "Không điểm",
    "incomplete": "Thiếu dữ liệu",
}

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


def _status(value: str, labels: dict[str, str]) -> str:
    label = labels.get(value, value)
    return (
        f'<td class="status s-{_attr(value)}" data-status="{_attr(value)}">'
        f"{_text(label)} <small>({_text(value)})</small></td>"
    )


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


def _num(value: int | float | Decimal | None) -> str:
    return f'<td class="num">{format_vn(value)}</td>'


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


def _page(title: str, body: Sequence[str]) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="vi">',
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


def _label(name: str, english: str | None) -> str:
    return f"{name} ({english})" if english else name


def result_html(result: Result, ruleset: CompiledRuleSet) -> str:
    """The scorecard of ``result`` as one self-contained HTML page."""
    data = result.to_dict()
    spec = ruleset.spec
    score = data["score"]
    summary = data["summary"]
    unit = result.unit
    names_en = {g.id: g.name_en for g in ruleset.groups}
    body: list[str] = [
        "<header>",
        f'<h1 id="unit" data-unit="{_attr(unit.id)}">{_text(unit.name)}</h1>',
        f'<p class="meta">{_text(_label(spec.title, spec.title_en))} · '
        f"{_text(spec.source.document)} ({spec.source.issued:%d/%m/%Y}) · "
        f"mã đơn vị (unit) <code>{_text(unit.id)}</code>, cấp (level) {_text(unit.level)}</p>",
        f'<dl class="score" id="score" data-points="{score["points"]}" '
        f'data-max="{score["max_points"]}" data-index="{score["index"]}">',
        f'<div><dt>Kỳ (period)</dt><dd id="period">{_text(result.period)}</dd></div>',
        f'<div><dt>Tổng điểm (total)</dt><dd id="total">{format_vn(score["points"])} / '
        f"{format_vn(score['max_points'])}</dd></div>",
        f'<div><dt>Chỉ số (index)</dt><dd id="index">{format_vn(score["index"])}</dd></div>',
        "<div><dt>Chỉ tiêu đạt (targets met)</dt>"
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
                _label(f"{g['id']} {g['name']}", names_en.get(g["id"])),
                f'data-group="{_attr(g["id"])}" data-points="{g["points"]}" '
                f'data-max="{g["max_points"]}"',
                group.points,
                group.max_points,
                f"{format_vn(g['points'])} / {format_vn(g['max_points'])}",
            )
            for g, group in zip(data["groups"], result.groups, strict=True)
        ]
        body += [
            '<section id="chart">',
            "<h2>Điểm theo nhóm (points by group, against the maximum)</h2>",
            _svg("Điểm theo nhóm (points by group)", bars, scale),
            "</section>",
        ]
    else:
        body += [
            '<section id="target-summary">',
            "<h2>Tổng hợp chỉ tiêu (targets by status)</h2>",
            _table(
                "summary",
                [("Trạng thái (status)", False), ("Số chỉ tiêu (targets)", True)],
                (
                    [_status(status, TARGET_LABELS), _num(summary[status])]
                    for status in ("exceeded", "met", "not_met", "not_evaluated")
                ),
                "",
            ),
            "</section>",
        ]
    if data["groups"]:
        body += [
            '<section id="groups-section">',
            "<h2>Nhóm (groups)</h2>",
            _table(
                "groups",
                [
                    ("Mã (id)", False),
                    ("Nhóm (group)", False),
                    ("Căn cứ (source)", False),
                    ("Điểm (points)", True),
                    ("Tối đa (max)", True),
                ],
                (
                    [
                        _td(g["id"]),
                        _td(_label(g["name"], names_en.get(g["id"]))),
                        _td(g["source_ref"]),
                        _num(g["points"]),
                        _num(g["max_points"]),
                    ]
                    for g in data["groups"]
                ),
                "",
            ),
            "</section>",
            '<section id="indicators-section">',
            "<h2>Chỉ số (indicators)</h2>",
            _table(
                "indicators",
                [
                    ("Mã (id)", False),
                    ("Chỉ số (indicator)", False),
                    ("Căn cứ (source)", False),
                    ("Điểm (points)", True),
                    ("Tối đa (max)", True),
                    ("Trạng thái (status)", False),
                ],
                (
                    [
                        _td(i["id"]),
                        _td(i["name"]),
                        _td(i["source_ref"]),
                        _num(i["points"]),
                        _num(i["max_points"]),
                        _status(i["status"], INDICATOR_LABELS),
                    ]
                    for i in data["indicators"]
                ),
                "",
            ),
            "</section>",
        ]
    body += [
        '<section id="targets-section">',
        "<h2>Chỉ tiêu (targets)</h2>",
        _table(
            "targets",
            [
                ("Mã (id)", False),
                ("Chỉ tiêu (target)", False),
                ("Căn cứ (source)", False),
                ("Ngưỡng (threshold)", True),
                ("Kết quả (value)", True),
                ("Trạng thái (status)", False),
            ],
            (
                [
                    _td(t["id"]),
                    _td(t["text"]),
                    _td(t["source_ref"]),
                    _num(t["threshold"]),
                    _num(t["value"]),
                    _status(t["status"], TARGET_LABELS),
                ]
                for t in data["targets"]
            ),
            "Bộ quy tắc không có chỉ tiêu (no targets).",
        ),
        "</section>",
        '<section id="deadlines-section">',
        "<h2>Thời hạn (deadlines)</h2>",
        _table(
            "deadlines",
            [
                ("Mã (id)", False),
                ("Căn cứ (source)", False),
                ("Hạn (due)", False),
                ("Hoàn thành (done)", False),
                ("Trạng thái (status)", False),
                ("Số ngày (days)", True),
            ],
            (
                [
                    _td(d["id"]),
                    _td(d["source_ref"]),
                    _td(_day(d["due"])),
                    _td(_day(d["done"])),
                    _status(d["status"], DEADLINE_LABELS),
                    _num(d["days"]),
                ]
                for d in data["deadlines"]
            ),
            "Không có thời hạn nào (no deadlines).",
        ),
        "</section>",
        '<section id="violations-section">',
        "<h2>Vi phạm (violations)</h2>",
        _table(
            "violations",
            [
                ("Mã lỗi (code)", False),
                ("Đối tượng (subject)", False),
                ("Nội dung (message)", False),
                ("Căn cứ (source)", False),
            ],
            (
                [_td(v["code"]), _td(v["subject"]), _td(v["message"]), _td(v["source_ref"])]
                for v in data["violations"]
            ),
            "Không có vi phạm (no violations).",
        ),
        "</section>",
        "</main>",
        "<footer>",
        f"Bộ quy tắc (rule set) {_text(result.ruleset_id)} · {_text(result.ruleset_fingerprint)}"
        f" · số liệu (submission) {_text(result.submission_fingerprint)} · ngày đánh giá "
        f"(as of) {_text(_day(data['as_of']))} · {_text(result.backend)} · dti-rules",
        "</footer>",
    ]
    return _page(f"{unit.name} — {result.ruleset_id}, {result.period}", body)


def _day(text: str | None) -> str | None:
    """ISO date → dd/mm/yyyy."""
    if text is None:
        return None
    year, month, day = text.split("-")
    return f"{day}/{month}/{year}"


def ranking_html(ranking: Ranking, ruleset: CompiledRuleSet) -> str:
    """Units ranked by index as one self-contained HTML page, with a bar per unit."""
    spec = ruleset.spec
    policy = spec.rounding
    names = {g.id: g.name for g in ruleset.groups}
    body: list[str] = [
        "<header>",
        f'<h1 id="ruleset" data-ruleset="{_attr(ranking.ruleset_id)}">Xếp hạng (ranking): '
        f"{_text(ranking.ruleset_id)}</h1>",
        f'<p class="meta">{_text(_label(spec.title, spec.title_en))} · '
        f"{_text(spec.source.document)} · {len(ranking.entries)} đơn vị (units)"
        " · bằng chỉ số công bố thì đồng hạng, hạng sau bỏ qua (equal published indices "
        "share a rank; the next rank skips: 1, 2, 2, 4)</p>",
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
                format_vn(to_json_number(e.index)),
            )
            for e in ranking.entries
        ]
        body += [
            '<section id="chart">',
            "<h2>Chỉ số theo đơn vị (index by unit)</h2>",
            _svg("Chỉ số theo đơn vị (index by unit)", bars, Fraction(1)),
            "</section>",
        ]
    headers: list[tuple[str, bool]] = [
        ("Hạng (rank)", True),
        ("Mã (unit)", False),
        ("Đơn vị (name)", False),
        ("Chỉ số (index)", True),
        ("Điểm (points)", True),
    ]
    for gid in ranking.groups:
        headers += [(f"{gid}: chỉ số (index)", True), (f"{gid}: hạng (rank)", True)]
    rows = []
    for e in ranking.entries:
        cells = [
            _num(e.rank),
            _td(e.unit),
            _td(e.name),
            _num(to_json_number(e.index)),
            _num(to_json_number(e.points)),
        ]
        for _gid, idx, place in e.groups:
            cells += [_num(None if idx is None else to_json_number(idx)), _num(place)]
        rows.append(cells)
    body += [
        '<section id="ranking-section">',
        "<h2>Bảng xếp hạng (ranking)</h2>",
        _table("ranking", headers, rows, "Không có đơn vị (no units)."),
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
        f"Bộ quy tắc (rule set) {_text(ranking.ruleset_id)} · "
        f"{_text(ranking.ruleset_fingerprint)} · chỉ số làm tròn {policy.index} chữ số "
        f"(index rounded to {policy.index} places) · dti-rules",
        "</footer>",
    ]
    return _page(f"Xếp hạng — {ranking.ruleset_id}", body)
