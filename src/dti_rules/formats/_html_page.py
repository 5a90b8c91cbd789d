"""What the HTML pages are made of: the style sheet, the chart, tables and cells, and the
words, numbers and dates of a page's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from html import escape
from typing import Any

from .._i18n import Language
from .._numbers import round_fraction

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
    return "\n".join(_table_lines(table_id, headers, rows, empty))


def _table_lines(
    table_id: str,
    headers: Sequence[tuple[str, bool]],
    rows: Iterable[Sequence[str]],
    empty: str,
) -> Iterator[str]:
    """The lines of :func:`_table`, a row at a time."""
    body = ("".join(cells) for cells in rows)
    first = next(body, None)
    if first is None:
        yield f'<p class="empty" id="{table_id}-empty">{_text(empty)}</p>'
        return
    head = "".join(
        f'<th class="num">{_text(text)}</th>' if numeric else f"<th>{_text(text)}</th>"
        for text, numeric in headers
    )
    yield f'<div class="wide"><table id="{table_id}">'
    yield f"<thead><tr>{head}</tr></thead>"
    yield "<tbody>"
    yield f"<tr>{first}</tr>"
    for row in body:
        yield f"<tr>{row}</tr>"
    yield "</tbody>"
    yield "</table></div>"


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
    return "\n".join(_svg_lines(title, len(bars), bars, scale))


def _svg_lines(
    title: str,
    count: int,
    bars: Iterable[tuple[str, str, Fraction, Fraction, str]],
    scale: Fraction,
) -> Iterator[str]:
    """The lines of :func:`_svg` for ``count`` bars, a bar at a time."""
    height = _ROW * count + 8
    width = _CHART_LABEL + _CHART_BARS + _CHART_VALUE
    yield (
        f'<svg class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{_attr(title)}">'
    )
    yield f"<title>{_text(title)}</title>"
    for row, (label, data, value, maximum, shown) in enumerate(bars):
        y = 4 + row * _ROW
        text_y = y + _BAR - 4
        short = label if len(label) <= 40 else label[:39] + "…"
        yield '<g class="row">'
        yield (
            f'<text x="0" y="{text_y}" class="label">{_text(short)}<title>{_text(label)}'
            "</title></text>"
        )
        yield (
            f'<rect class="bar-max" x="{_CHART_LABEL}" y="{y}" width="{_width(maximum, scale)}" '
            f'height="{_BAR}"></rect>'
        )
        yield (
            f'<rect class="bar" {data} x="{_CHART_LABEL}" y="{y}" '
            f'width="{_width(value, scale)}" height="{_BAR}"><title>{_text(label)}: '
            f"{_text(shown)}</title></rect>"
        )
        yield (
            f'<text x="{_CHART_LABEL + _CHART_BARS + 8}" y="{text_y}" class="value">'
            f"{_text(shown)}</text>"
        )
        yield "</g>"
    yield "</svg>"


def _page(title: str, body: Sequence[str], lang: str = "vi") -> str:
    return "\n".join(_page_lines(title, body, lang))


def _page_lines(title: str, body: Iterable[str], lang: str = "vi") -> Iterator[str]:
    """The lines of :func:`_page` (a line may hold several), the body's as they come."""
    yield from (
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
    )
    yield from body
    yield from ("</body>", "</html>", "")


def _pieces(lines: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """The text of ``"\\n".join(lines)`` in pieces of about ``size`` characters.

    >>> list(_pieces(["ab", "c", "d"], size=3)), "".join(_pieces(iter([]))) == ""
    (['ab\\nc', '\\nd'], True)
    """
    held: list[str] = []
    length, separator = 0, ""
    for line in lines:
        held.append(separator + line)
        length += len(line) + len(separator)
        separator = "\n"
        if length >= size:
            yield "".join(held)
            held.clear()
            length = 0
    if held:
        yield "".join(held)


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
        # Vietnamese: the status's name, capitalised; English: its value, as the JSON has it
        label = self.t.p("status", value)
        shown = label[:1].upper() + label[1:] if self.t.code == "vi" else label
        return (
            f'<td class="status s-{_attr(value)}" data-status="{_attr(value)}">{_text(shown)}</td>'
        )

    def label(self, name: str, english: str | None) -> str:
        """A rule set's name, with the English it gives beside it on an English page."""
        return f"{name} ({english})" if english and self.t.code == "en" else name
