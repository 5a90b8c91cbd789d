"""Deadline rules as data: one-off, several dates, recurring, ongoing, conditional.

A rule says which days a task or report is due; it knows nothing of holidays (the work
calendar moves a due day afterwards) nor of completions (statuses come later). Every rule
prints as a canonical Vietnamese phrase that the phrase parser reads back to the same rule::

    >>> import datetime as dt
    >>> from dti_rules.calendar import EndOf, Period, Recurring, PeriodKind
    >>> rule = Recurring(PeriodKind.QUARTER, day=10, month=3, before=True)
    >>> rule.phrase()
    'Trước ngày 10 của tháng cuối quý'
    >>> [o.nominal.isoformat() for o in rule.occurrences(dt.date(2024, 1, 1), dt.date(2024, 6, 30))]
    ['2024-03-09', '2024-06-09']
    >>> EndOf(Period.parse("2024-Q2")).phrase()
    'Quý II/2024'
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import msg
from ._rule_base import DeadlineKind, DeadlineRule, EndOf, Occurrence, OnDate
from ._rule_events import Conditional, Several, Undetermined
from ._rule_parts import Part, PartOf, Span
from ._rule_recurring import Ongoing, Recurring, Weekly
from .periods import Period, PeriodKind

__all__ = [
    "Conditional",
    "DeadlineKind",
    "DeadlineRule",
    "EndOf",
    "Occurrence",
    "OnDate",
    "Ongoing",
    "Part",
    "PartOf",
    "Recurring",
    "Several",
    "Span",
    "Undetermined",
    "Weekly",
    "rule_from_dict",
]


def rule_from_dict(data: dict[str, Any]) -> DeadlineRule:
    """The rule a :meth:`DeadlineRule.to_dict` value describes.

    >>> rule_from_dict({"kind": "end_of", "period": "2024-Q2"})
    EndOf(period=Period(year=2024, kind=<PeriodKind.QUARTER: 'quarter'>, index=2))
    """
    kind = data.get("kind")
    if kind == "date":
        return OnDate(dt.date.fromisoformat(data["date"]), bool(data.get("before", False)))
    if kind == "end_of":
        return EndOf(Period.parse(data["period"]))
    if kind == "recurring":
        return Recurring(
            PeriodKind(data["every"]),
            data.get("day"),
            int(data.get("month", 1)),
            bool(data.get("before", False)),
        )
    if kind == "ongoing":
        return Ongoing()
    if kind == "conditional":
        return Conditional(
            data["event"],
            data.get("connector", "sau khi"),
            data.get("days"),
            bool(data.get("working", False)),
        )
    if kind == "part_of":
        return PartOf(Period.parse(data["period"]), Part(data["part"]), data.get("days"))
    if kind == "span":
        return Span(Period.parse(data["first"]), Period.parse(data["last"]))
    if kind == "weekly":
        return Weekly(data.get("weekday"))
    if kind == "undetermined":
        return Undetermined(data["text"], data["reason"])
    if kind == "several":
        return Several(tuple(rule_from_dict(p) for p in data["parts"]))
    raise ValueError(msg("unknown deadline rule kind {kind!r}", kind=kind))
