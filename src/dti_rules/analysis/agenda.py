"""A rule set's agenda for a year: every due day of its tasks and reports, as data, as a
table and as an iCalendar file that calendar programs import::

    >>> from dti_rules import load_ruleset
    >>> from dti_rules.analysis.agenda import agenda
    >>> plan = agenda(load_ruleset("q10-dti-2024"), 2024)
    >>> [(e.id, e.due.isoformat()) for e in plan.entries[:2]]
    [('I.5@2024-W13', '2024-04-01'), ('VI.3@2024-Q1', '2024-04-01')]
    >>> b"BEGIN:VEVENT" in plan.to_ics()
    True
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import icalendar

from ..calendar import check_year
from ..compiled import CompiledRuleSet
from ..deadlines import Obligation, ScheduledDue, due_days, open_state

__all__ = ["Agenda", "AgendaEntry", "agenda", "undated_reason"]


def undated_reason(obligation: Obligation) -> str:
    """Why an obligation has no due day: waiting for an event, ongoing or undetermined."""
    state = open_state(obligation)
    if state == "undetermined" and obligation.rule is None:
        return "no deadline stated"
    return {"waiting": "waiting for an event"}.get(state, state)


@attrs.frozen
class AgendaEntry:
    """One due day of a task or report in the year."""

    id: str
    obligation: Obligation
    scheduled: ScheduledDue

    @property
    def due(self) -> dt.date:
        return self.scheduled.due

    def to_dict(self) -> dict[str, Any]:
        due = self.scheduled
        ob = self.obligation
        return {
            "id": self.id,
            "obligation": ob.id,
            "kind": ob.kind.value,
            "name": ob.name,
            "source_ref": ob.source_ref,
            "deadline": ob.text,
            "period": None if due.period is None else str(due.period),
            "nominal": due.nominal.isoformat(),
            "due": due.due.isoformat(),
            "moved": due.roll_reason,
            "cutoff": None if due.window is None else due.window.to_dict(),
            "cutoff_gap_ok": None if due.gap is None else due.gap.ok,
        }


@attrs.frozen
class Agenda:
    """The due days of a rule set in one year, and the obligations that have none."""

    ruleset: CompiledRuleSet
    year: int
    entries: tuple[AgendaEntry, ...]
    undated: tuple[Obligation, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleset": {"id": self.ruleset.id, "fingerprint": self.ruleset.fingerprint},
            "year": self.year,
            "entries": [e.to_dict() for e in self.entries],
            "undated": [
                {
                    "id": ob.id,
                    "kind": ob.kind.value,
                    "source_ref": ob.source_ref,
                    "deadline": ob.text,
                    "rule": None if ob.rule is None else ob.rule.phrase(),
                    "why": undated_reason(ob),
                }
                for ob in self.undated
            ],
        }

    def to_ics(self) -> bytes:
        """An iCalendar file with one all-day event per due day. The same agenda always
        gives the same bytes (the stamp is the rule set's issue date)."""
        cal = icalendar.Calendar()
        cal.add("prodid", "-//dti-rules//agenda//VI")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", f"{self.ruleset.id} {self.year}")
        stamp = dt.datetime.combine(self.ruleset.spec.source.issued, dt.time(0, 0), tzinfo=dt.UTC)
        for entry in self.entries:
            ob, due = entry.obligation, entry.scheduled
            event = icalendar.Event()
            event.add("uid", f"{self.ruleset.id}/{entry.id}@dti-rules")
            event.add("dtstamp", stamp)
            event.add("dtstart", due.due)
            event.add("dtend", due.due + dt.timedelta(days=1))
            event.add("summary", f"[{ob.kind.value}] {entry.id}: {ob.name}")
            lines = [f"{ob.source_ref}: {ob.text or ''}".strip(), due.basis]
            if due.roll_reason:
                lines.append(due.roll_reason)
            if due.window is not None:
                lines.append(
                    f"data cut-off {due.window.start.isoformat()} to "
                    f"{due.window.end.isoformat()} (Nghị định 09/2019/NĐ-CP, Điều 12)"
                )
            event.add("description", "\n".join(lines))
            event.add("categories", [ob.kind.value])
            cal.add_component(event)
        return bytes(cal.to_ical())


def agenda(ruleset: CompiledRuleSet, year: int) -> Agenda:
    """Every due day of ``ruleset``'s tasks and reports in ``year``, in date order.

    A due day is listed in the year it falls in, whichever that is: a 2024 plan's task set
    for a 2023 quarter shows in 2023. ``undated`` holds the obligations that have no due
    day in any year (ongoing, waiting for an event, or undetermined). A year outside the
    years the work calendar knows is refused::

        >>> from dti_rules import load_ruleset
        >>> [e.id for e in agenda(load_ruleset("q10-dti-2024"), 2023).entries]
        ['II.3', 'I.1']
        >>> agenda(load_ruleset("q10-dti-2024"), 10000)
        Traceback (most recent call last):
        ...
        dti_rules.calendar.workdays.YearOutOfRangeError: year: year 10000 is outside \
1901-2099, the years whose public holidays dti-rules knows
    """
    check_year(year, "year")
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    terms = ruleset.terms
    # the whole effective period: one-off days fall in any year, and a due day of last
    # December's period can move into January
    entries: list[AgendaEntry] = []
    undated: list[Obligation] = []
    for ob in ruleset.obligations:
        dues = due_days(terms, ob)
        if not dues:
            undated.append(ob)
        entries.extend(AgendaEntry(d.id, ob, d) for d in dues if start <= d.due <= end)
    order = {ob.id: i for i, ob in enumerate(ruleset.obligations)}
    entries.sort(key=lambda e: (e.due, order[e.obligation.id], e.id))
    return Agenda(ruleset, year, tuple(entries), tuple(undated))
