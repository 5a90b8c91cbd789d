"""Obligations of a rule set (tasks and reports) and their schedule of due days.

Each task, each indicator with a deadline and each report of a rule set becomes an
:class:`Obligation`: its deadline text read into a rule (or the encoder's own rule). Its
schedule lists every due day within the rule set's effective period, moved off weekends and
holidays when the rule set's calendar policy says so, with the data cut-off window of a
periodic report::

    >>> from dti_rules import load_ruleset
    >>> rs = load_ruleset("q10-dti-2024")
    >>> monthly = rs.obligation_map["VIII.7.monthly"]
    >>> monthly.rule.phrase()
    'Trước ngày 20 hàng tháng'
    >>> due = [d for d in rs.schedule if d.obligation == "VIII.7.monthly"]
    >>> (len(due), due[0].id, due[0].due.isoformat())  # due from the issue date, 29/3/2024
    (9, 'VIII.7.monthly@2024-04', '2024-04-19')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

import attrs

from ._kinds import Level
from ._terms import RuleSetTerms
from .calendar import (
    VIETNAM,
    CutOff,
    DeadlineKind,
    DeadlineRule,
    Gap,
    Period,
    Several,
    WorkCalendar,
    YearOutOfRangeError,
    check_year,
    cutoff_window,
    rule_from_dict,
    submission_gap,
)
from .errors import DeadlinePhraseError, message_of, msg

if TYPE_CHECKING:
    from .model import Due, RuleSetSpec

__all__ = [
    "NamedUnits",
    "Obligation",
    "ObligationKind",
    "OpenState",
    "ScheduledDue",
    "compile_obligations",
    "due_days",
    "named_units",
    "open_state",
    "schedule",
]


#: Per level, the named bodies an item binds there (see ``TaskSpec.units``).
NamedUnits = tuple[tuple[Level, tuple[str, ...]], ...]


class ObligationKind(StrEnum):
    TASK = "task"
    REPORT = "report"


@attrs.frozen
class Obligation:
    """A task or report with its deadline rule."""

    id: str
    kind: ObligationKind
    name: str
    source_ref: str
    text: str | None
    rule: DeadlineRule | None
    notes: tuple[str, ...] = ()
    past: bool = False
    cutoff: bool = False
    lead: tuple[str, ...] = ()
    assumption: str | None = None
    levels: tuple[Level, ...] | None = None  #: the levels it binds; None: every level
    units: NamedUnits | None = None  #: per level, the named bodies it binds there
    #: the part of the document that says whom it binds (a task's or report's ``binding_ref``)
    binding_ref: str | None = None

    def binds(self, level: Level) -> bool:
        """Whether a unit at ``level`` owes this task or report."""
        return self.levels is None or level in self.levels

    @property
    def waits_for_event(self) -> bool:
        return self.rule is not None and self.rule.waits_for_event


OpenState = Literal["ongoing", "waiting", "undetermined"]


def open_state(obligation: Obligation) -> OpenState:
    """Why an obligation yields no due day (before any event has a date): it waits for an
    event, it is an ongoing duty, or its text fixes no date (or there is none)."""
    rule = obligation.rule
    if rule is None or rule.kind is DeadlineKind.UNDETERMINED:
        return "undetermined"
    if rule.waits_for_event:
        return "waiting"
    return "ongoing"


@attrs.frozen
class ScheduledDue:
    """One due day of an obligation: the day the text states and the day it falls due."""

    id: str
    obligation: str
    key: str
    nominal: dt.date
    due: dt.date
    basis: str
    roll_reason: str | None = None
    period: Period | None = None
    window: CutOff | None = None
    gap: Gap | None = None


_PathParts = tuple[str | int, ...]


def _rule(
    text: str | None, due: Due | None, issued: dt.date
) -> tuple[DeadlineRule | None, tuple[str, ...], bool]:
    if due is not None:
        rule = rule_from_dict(due.model_dump(mode="json"))
        notes: tuple[str, ...] = (
            msg("the rule set states this rule (its own reading of the text)"),
        )
        past = False
        if rule.kind is DeadlineKind.ONE_OFF:
            dates = [o.nominal for o in rule.occurrences(issued, issued)]
            past = bool(dates) and max(dates) < issued
        return rule, notes, past
    if text is None:
        return None, (), False
    from .calendar.phrases import parse_deadline  # noqa: PLC0415 - compiling reads phrases

    parsed = parse_deadline(text, issued)
    return parsed.rule, parsed.notes, parsed.past


@attrs.frozen
class _Source:
    path: _PathParts
    id: str
    kind: ObligationKind
    name: str
    source_ref: str
    text: str | None
    due: Due | None
    cutoff: bool = False
    lead: tuple[str, ...] = ()
    assumption: str | None = None
    levels: tuple[Level, ...] | None = None
    units: NamedUnits | None = None
    binding_ref: str | None = None


def named_units(units: Mapping[Level, list[str]]) -> NamedUnits:
    """A spec's ``units`` as the compiled items keep them."""
    return tuple((level, tuple(names)) for level, names in units.items())


def _sources(spec: RuleSetSpec) -> Iterator[_Source]:
    for gi, group in enumerate(spec.groups):
        for ii, ind in enumerate(group.indicators):
            if ind.deadline is not None or ind.due is not None:
                yield _Source(
                    ("groups", gi, "indicators", ii),
                    ind.id,
                    ObligationKind.TASK,
                    ind.name,
                    ind.source_ref,
                    ind.deadline,
                    ind.due,
                    lead=tuple(ind.lead),
                    levels=None if ind.levels is None else tuple(ind.levels),
                    units=None if ind.units is None else named_units(ind.units),
                )
    for i, task in enumerate(spec.tasks):
        yield _Source(
            ("tasks", i),
            task.id,
            ObligationKind.TASK,
            task.name,
            task.source_ref,
            task.deadline,
            task.due,
            lead=tuple(task.lead),
            assumption=task.assumption,
            levels=None if task.levels is None else tuple(task.levels),
            units=None if task.units is None else named_units(task.units),
            binding_ref=task.binding_ref,
        )
    for i, report in enumerate(spec.reports):
        yield _Source(
            ("reports", i),
            report.id,
            ObligationKind.REPORT,
            report.name,
            report.source_ref,
            report.deadline,
            report.due,
            report.cutoff,
            tuple(report.lead),
            report.assumption,
            None if report.levels is None else tuple(report.levels),
            None if report.units is None else named_units(report.units),
            report.binding_ref,
        )


def compile_obligations(
    spec: RuleSetSpec,
) -> tuple[tuple[Obligation, ...], list[tuple[_PathParts, str]]]:
    """Every obligation of the rule set, and the deadline texts that cannot be read."""
    found: list[Obligation] = []
    problems: list[tuple[_PathParts, str]] = []
    for src in _sources(spec):
        try:
            rule, notes, past = _rule(src.text, src.due, spec.source.issued)
            if rule is not None:  # a stated day the work calendar does not know
                for occ in rule.occurrences(spec.source.issued, spec.source.issued):
                    check_year(occ.nominal.year, msg("due day {day}", day=occ.nominal.isoformat()))
        except DeadlinePhraseError as exc:
            problems.append(((*src.path, "deadline"), message_of(exc)))
            continue
        except (ValueError, YearOutOfRangeError) as exc:
            problems.append(((*src.path, "due"), message_of(exc)))
            continue
        found.append(
            Obligation(
                src.id,
                src.kind,
                src.name,
                src.source_ref,
                src.text,
                rule,
                notes,
                past,
                src.cutoff,
                src.lead,
                src.assumption,
                src.levels,
                src.units,
                src.binding_ref,
            )
        )
    return tuple(found), problems


_DATED = (DeadlineKind.ONE_OFF, DeadlineKind.RECURRING, DeadlineKind.CONDITIONAL)


def keyed(rule: DeadlineRule) -> bool:
    """Whether the due days of ``rule`` are told apart by a key (``id@2024-04``): a rule
    that can fall due more than once, whether or not its event has a date yet. The ids of
    due days therefore never change when an event is dated."""
    if rule.kind is DeadlineKind.RECURRING:
        return True
    if isinstance(rule, Several):
        dated = [p for p in rule.parts if p.kind in _DATED]
        return len(dated) > 1 or any(p.kind is DeadlineKind.RECURRING for p in dated)
    return False


def schedule(
    obligation: Obligation,
    start: dt.date,
    end: dt.date,
    *,
    roll_forward: bool = True,
    calendar: WorkCalendar = VIETNAM,
    event: dt.date | None = None,
    not_before: dt.date | None = None,
) -> tuple[ScheduledDue, ...]:
    """The due days of ``obligation`` within [start, end] (recurring rules) or at all.

    A recurring rule yields no due day before ``not_before`` (the document's issue date:
    a plan cannot ask for a report before it exists); a one-off date stays, flagged past.
    """
    if obligation.rule is None:
        return ()
    occurrences = tuple(
        occ
        for occ in obligation.rule.occurrences(start, end, event)
        if not (occ.recurring and not_before is not None and occ.nominal < not_before)
    )
    single = not keyed(obligation.rule)
    out = []
    for occ in occurrences:
        if roll_forward:
            rolled = calendar.roll_forward(occ.nominal)
            due, reason = rolled.due, rolled.reason
        else:
            due, reason = occ.nominal, None
        window = gap = None
        if (
            obligation.cutoff
            and occ.period is not None
            and (obligation.rule.kind in (DeadlineKind.RECURRING, DeadlineKind.SEVERAL))
        ):
            window = cutoff_window(occ.period)
            gap = submission_gap(window, due, calendar)
        ident = obligation.id if single else f"{obligation.id}@{occ.key}"
        out.append(
            ScheduledDue(
                ident,
                obligation.id,
                occ.key,
                occ.nominal,
                due,
                occ.basis,
                reason,
                occ.period,
                window,
                gap,
            )
        )
    return tuple(out)


def due_days(
    spec: RuleSetSpec | RuleSetTerms,
    obligation: Obligation,
    *,
    event: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[ScheduledDue, ...]:
    """The due days of ``obligation`` under its rule set's own terms (``spec``, or a
    compiled rule set's :attr:`~dti_rules.compiled.CompiledRuleSet.terms`): within its
    effective period (or [start, end]), moved by its calendar policy, recurring ones from
    its issue date on; ``event`` is the date of the event a conditional deadline waits for."""
    terms = spec if isinstance(spec, RuleSetTerms) else RuleSetTerms.of(spec)
    return schedule(
        obligation,
        terms.start if start is None else start,
        terms.end if end is None else end,
        roll_forward=terms.roll_forward,
        event=event,
        not_before=terms.issued,
    )
