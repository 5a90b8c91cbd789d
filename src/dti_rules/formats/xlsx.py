"""Excel workbooks: the form a unit fills in, reading it back, and the scorecards sent out.

**The form** (``dti-rules template RULESET --format xlsx -o FORM.xlsx``) has four sheets:

- ``Unit``: one row per field (column A names it: ``ruleset``, ``unit.id``, ``unit.name``,
  ``unit.level``, ``period``) with its value in column C;
- ``Inputs``: one row per input of the rule set, with its id, its Vietnamese name (and the
  English one beside it where the rule set gives ``name_en``), its section of the document,
  the text of the targets that read it, its kind, then the cells to fill: ``value`` (yes/no
  as Có/Không, a count, a number or a date), ``numerator`` and ``denominator`` (a rate's two
  figures, each in its own cell) and ``evidence`` (the document a "Có" rests on);
- ``Done``: one row per due day of a task or report (its due id, as ``submission_template``
  names it, and the day it falls due) with the date the work was done; blank rows at the
  end take due days that only exist once an awaited event has a date;
- ``Events``: one row per deadline that waits for an event, with the event's date.

Headers are Vietnamese with the English in brackets, the header row is frozen, every cell
to fill has data validation (Có/Không, whole numbers ≥ 0, numbers ≥ 0, dates), and the
sheets are protected without a password so that only those cells can be edited. There are
no formulas. The cells to fill are yellow::

    >>> import io
    >>> from openpyxl import load_workbook
    >>> from dti_rules import load_ruleset
    >>> from dti_rules.formats.xlsx import template_workbook
    >>> book = load_workbook(io.BytesIO(template_workbook(load_ruleset("q10-dti-2024"))))
    >>> book.sheetnames
    ['Unit', 'Inputs', 'Done', 'Events']
    >>> [book["Inputs"][f"{c}1"].value for c in "FGHI"]
    ['Giá trị (value)', 'Tử số (numerator)', 'Mẫu số (denominator)', 'Minh chứng (evidence)']

**Reading a filled form** (``dti-rules score RULESET FORM.xlsx``) gives the same data as the
JSON submission would, checked the same way. Numbers may be typed as numbers or as text
written the Vietnamese way (``72,72%``, ``360.682``, ``1.234,5``; see
:mod:`dti_rules._vnnumbers`); a number cell formatted as a percentage is read as the
percentage it shows (a cell holding 0.7272 shown as 72.72% gives 72.72). Dates may be date
cells or text (``2024-04-25`` or ``25/04/2024``). Every problem is reported with its sheet
and cell (``Inputs!H7``) and what was expected, as a :class:`~dti_rules.errors.SubmissionError`.

**Scorecards**: :func:`result_workbook` (``score --format xlsx``) has the sheets
``Summary``, ``Groups``, ``Indicators``, ``Targets``, ``Deadlines`` and ``Violations`` (and
``Left out``, what does not bind the unit, when something does not); :func:`ranking_workbook`
(``rank --format xlsx``) the sheets ``Summary`` and ``Ranking``. With ``lang="vi"`` the
sheets, headers, statuses and texts are in Vietnamese (``Tổng hợp``, ``Nhóm``, …).
Numbers are numbers, rounded by the rule set's policy, with matching number formats; dates
are dates. The same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .._i18n import Language
from .._numbers import to_json_number
from ..compiled import CompiledRuleSet

if TYPE_CHECKING:
    from ..analysis.ranking import Ranking
    from ..result import Result
from ._xlsx_common import (
    _DATE_FORMAT,
    _WRAP,
    _header,
    _layout,
    _text,
    _workbook_bytes,
)
from .xlsx_form import (
    DONE_SHEET,
    EVENTS_SHEET,
    INPUTS_SHEET,
    UNIT_SHEET,
    read_submission_workbook,
    template_workbook,
)

__all__ = [
    "DONE_SHEET",
    "EVENTS_SHEET",
    "INPUTS_SHEET",
    "UNIT_SHEET",
    "ranking_workbook",
    "read_submission_workbook",
    "result_workbook",
    "template_workbook",
]


# -- scorecards ------------------------------------------------------------------------------


def _places_format(places: int) -> str:
    return "#,##0" if places <= 0 else "#,##0." + "0" * places


def _table(
    book: Workbook,
    title: str,
    cols: Sequence[tuple[str, float, str | None]],
    rows: Iterable[Sequence[Any]],
) -> Worksheet:
    """A sheet with a frozen header, a filter, and a number format per column."""
    ws: Worksheet = book.create_sheet(title)
    _header(ws, _layout(*((header, header, width) for header, width, _fmt in cols)))
    count = 1
    for count, values in enumerate(rows, start=2):
        for column, (value, (_h, _w, fmt)) in enumerate(zip(values, cols, strict=True), start=1):
            cell = ws.cell(row=count, column=column, value=_text(value))
            if fmt is not None:
                cell.number_format = fmt
            elif isinstance(value, str):
                cell.alignment = _WRAP
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(count, 1)}"
    return ws


def _summary(book: Workbook, t: Language, rows: Sequence[tuple[str, Any, str | None]]) -> None:
    ws = book.active
    assert ws is not None
    ws.title = t("Summary")
    _header(ws, _layout(("what", t("Item"), 36), ("value", t("Value"), 60)))
    for row, (label, value, fmt) in enumerate(rows, start=2):
        ws.cell(row=row, column=1, value=_text(label))
        cell = ws.cell(row=row, column=2, value=_text(value))
        cell.alignment = Alignment(horizontal="left", wrap_text=True)
        if fmt is not None:
            cell.number_format = fmt


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def result_workbook(result: Result, ruleset: CompiledRuleSet, *, lang: str | None = "en") -> bytes:
    """The scorecard of ``result`` as .xlsx bytes: a summary and one sheet per table, with
    sheet names, headers, statuses, explanations and messages in ``lang`` (``"en"`` or
    ``"vi"``; None: the environment's). Numbers and dates are cells of their own type, which
    Excel shows as the reader's settings write them.

    >>> import io
    >>> from openpyxl import load_workbook
    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> result = evaluate(rs, load_submission(examples_dir() / "q10-dti-2024.example.json", rs))
    >>> book = load_workbook(io.BytesIO(result_workbook(result, rs, lang="vi")))
    >>> book.sheetnames
    ['Tổng hợp', 'Nhóm tiêu chí', 'Tiêu chí', 'Mục tiêu', 'Thời hạn', 'Vi phạm']
    >>> [cell.value for cell in book["Mục tiêu"][2]][-1]
    'đạt'
    """
    t = Language.get(lang)
    data = result.to_dict(t)
    points = _places_format(result.rounding.points)
    index = _places_format(result.rounding.index)
    percent = _places_format(result.rounding.percent)
    book = Workbook()
    score = data["score"]
    summary = result.summary()
    deadlines = result.deadline_summary()
    spec = ruleset.spec
    _summary(
        book,
        t,
        [
            (t("Unit"), result.unit.name, None),
            (t("Unit id"), result.unit.id, None),
            (t("Level"), t.p("level", result.unit.level), None),
            (t("Period"), result.period, None),
            (t("Rule set"), f"{result.ruleset_id}: {spec.title}", None),
            (t("Document"), f"{spec.source.document} ({t.date(spec.source.issued)})", None),
            (t("As of"), _day(data["as_of"]), _DATE_FORMAT),
            (t("Points"), score["points"], points),
            (t("Max points"), score["max_points"], points),
            (t("Index"), score["index"], index),
            *(
                (t("Targets: {status}").format(status=t.p("status", k)), v, "0")
                for k, v in summary.items()
            ),
            *(
                (t("Deadlines: {status}").format(status=t.p("status", k)), v, "0")
                for k, v in deadlines.items()
            ),
            (t("Violations"), len(result.violations), "0"),
            (t("Left out"), len(result.left_out), "0"),
            (t("Rule set fingerprint"), result.ruleset_fingerprint, None),
            (t("Submission fingerprint"), result.submission_fingerprint, None),
            (t("Backend"), result.backend, None),
        ],
    )
    _table(
        book,
        t("Groups"),
        [
            (t("Id"), 10, None),
            (t("Group"), 50, None),
            (t("Source"), 14, None),
            (t("Points"), 12, points),
            (t("Max"), 12, points),
            (t("Index"), 12, index),
        ],
        [
            [
                g["id"],
                g["name"],
                g["source_ref"],
                g["points"],
                g["max_points"],
                to_json_number(result.round_index(group.points / group.max_points))
                if group.max_points
                else None,
            ]
            for g, group in zip(data["groups"], result.groups, strict=True)
        ],
    )
    _table(
        book,
        t("Indicators"),
        [
            (t("Id"), 12, None),
            (t("Group"), 10, None),
            (t("Indicator"), 50, None),
            (t("Source"), 14, None),
            (t("Points"), 12, points),
            (t("Max"), 12, points),
            (t("Status"), 14, None),
            (t("Formula"), 60, None),
        ],
        [
            [
                i["id"],
                i["group"],
                i["name"],
                i["source_ref"],
                i["points"],
                i["max_points"],
                t.p("status", i["status"]),
                i["explanation"]["formula"],
            ]
            for i in data["indicators"]
        ],
    )
    _table(
        book,
        t("Targets"),
        [
            (t("Id"), 12, None),
            (t("Source"), 14, None),
            (t("Target"), 60, None),
            (t("Input"), 24, None),
            (t("Comparison"), 10, None),
            (t("Threshold"), 12, percent),
            (t("Value"), 12, percent),
            (t("Status"), 14, None),
        ],
        [
            [
                tg["id"],
                tg["source_ref"],
                tg["text"],
                tg["input"],
                tg["comparison"] if t.code == "en" else t.p("comparison", tg["comparison"]),
                tg["threshold"],
                tg["value"],
                t.p("status", tg["status"]),
            ]
            for tg in data["targets"]
        ],
    )
    _table(
        book,
        t("Deadlines"),
        [
            (t("Id"), 30, None),
            (t("Obligation"), 24, None),
            (t("Kind"), 9, None),
            (t("Source"), 14, None),
            (t("Period"), 10, None),
            (t("Nominal"), 13, _DATE_FORMAT),
            (t("Due"), 13, _DATE_FORMAT),
            (t("Done"), 13, _DATE_FORMAT),
            (t("Status"), 13, None),
            (t("Days"), 9, "0"),
        ],
        [
            [
                d["id"],
                d["obligation"],
                t.p("kind", d["kind"]),
                d["source_ref"],
                d["period"],
                _day(d["nominal"]),
                _day(d["due"]),
                _day(d["done"]),
                t.p("status", d["status"]),
                d["days"],
            ]
            for d in data["deadlines"]
        ],
    )
    _table(
        book,
        t("Violations"),
        [
            (t("Code"), 20, None),
            (t("Subject"), 28, None),
            (t("Message"), 80, None),
            (t("Source"), 14, None),
        ],
        [[v["code"], v["subject"], v["message"], v["source_ref"]] for v in data["violations"]],
    )
    if data["left_out"]:
        _table(
            book,
            t("Left out"),
            [
                (t("Id"), 12, None),
                (t("Kind"), 12, None),
                (t("Source"), 14, None),
                (t("Max points"), 12, points),
                (t("Why"), 80, None),
            ],
            [
                [
                    item["id"],
                    t.p("kind", item["kind"]),
                    item["source_ref"],
                    item["max_points"],
                    item["reason"],
                ]
                for item in data["left_out"]
            ],
        )
    return _workbook_bytes(book)


def ranking_workbook(
    ranking: Ranking, ruleset: CompiledRuleSet, *, lang: str | None = "en"
) -> bytes:
    """Units ranked by index as .xlsx bytes: a summary and the ranking with each group's,
    in ``lang`` (``"en"`` or ``"vi"``; None: the environment's)."""
    t = Language.get(lang)
    policy = ruleset.spec.rounding
    index = _places_format(policy.index)
    points = _places_format(policy.points)
    names = {g.id: g.name for g in ruleset.groups}
    book = Workbook()
    _summary(
        book,
        t,
        [
            (t("Rule set"), f"{ranking.ruleset_id}: {ruleset.spec.title}", None),
            (t("Rule set fingerprint"), ranking.ruleset_fingerprint, None),
            (t("Units"), len(ranking.entries), "0"),
            (
                t("How units are ranked"),
                t("equal published indices share a rank; the next rank skips: 1, 2, 2, 4"),
                None,
            ),
            *(
                (t("Group {id}").format(id=gid), names.get(gid, gid), None)
                for gid in ranking.groups
            ),
        ],
    )
    cols: list[tuple[str, float, str | None]] = [
        (t("Rank"), 8, "0"),
        (t("Unit"), 14, None),
        (t("Name"), 40, None),
        (t("Index"), 12, index),
        (t("Points"), 12, points),
    ]
    for gid in ranking.groups:
        cols += [
            (t("{group}: index").format(group=gid), 12, index),
            (t("{group}: rank").format(group=gid), 10, "0"),
        ]
    rows: list[list[Any]] = []
    for e in ranking.entries:
        row: list[Any] = [
            e.rank,
            e.unit,
            e.name,
            to_json_number(e.index),
            to_json_number(e.points),
        ]
        for _gid, idx, place in e.groups:
            row += [None if idx is None else to_json_number(idx), place]
        rows.append(row)
    _table(book, t("Ranking"), cols, rows)
    return _workbook_bytes(book)
