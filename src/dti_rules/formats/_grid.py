"""Tables that fit the terminal: the layout of columns, and drawing them with rich.

The columns that hold an id, a number, a date or a status are printed whole, and the
columns of names, texts and messages share what is left, wrapping their words. rich is
imported when a table is first drawn.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    from rich.table import Table


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
