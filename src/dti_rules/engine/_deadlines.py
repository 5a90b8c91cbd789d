"""Deadlines in an evaluation: the facts both backends start from, the native decision, and
the Deadline results and violations made from a decision.

Every due day of the rule set's schedule becomes a ``dated`` fact with the day its work was
done, if the submission says so and that day is not after the evaluation date (work done
later is not known on that date). An obligation with no due day becomes one fact of state
``ongoing`` ("thường xuyên"), ``undetermined`` (a text that fixes no date) or ``waiting``
(a conditional deadline whose event the submission does not date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal

import attrs

from .._i18n import Language
from ..calendar import DeadlineStatus, days_past, status_on
from ..compiled import CompiledRuleSet
from ..deadlines import Obligation, ObligationKind, ScheduledDue, due_days, open_state
from ..errors import render
from ..result import Deadline, DueInfo, Explanation, Violation, ViolationCode
from ..submission import Submission

EN = Language.get("en")

__all__ = [
    "DueFact",
    "deadline_facts",
    "deadline_tuple",
    "deadline_violations",
    "decide_deadlines",
]

DueState = Literal["dated", "ongoing", "waiting", "undetermined"]  # dated, or an OpenState

#: The status of a due fact that has no due day, by its state.
OPEN_STATUS: Mapping[str, DeadlineStatus] = {
    "ongoing": DeadlineStatus.NO_DEADLINE,
    "undetermined": DeadlineStatus.NO_DEADLINE,
    "waiting": DeadlineStatus.WAITING,
}

_CODES: Mapping[tuple[ObligationKind, DeadlineStatus], ViolationCode] = {
    (ObligationKind.TASK, DeadlineStatus.OVERDUE): ViolationCode.TASK_OVERDUE,
    (ObligationKind.TASK, DeadlineStatus.LATE): ViolationCode.TASK_LATE,
    (ObligationKind.REPORT, DeadlineStatus.OVERDUE): ViolationCode.REPORT_OVERDUE,
    (ObligationKind.REPORT, DeadlineStatus.LATE): ViolationCode.REPORT_LATE,
}


_CODES_BY_VALUE = {(kind.value, status.value): code for (kind, status), code in _CODES.items()}


@attrs.frozen(repr=False)
class DueFact:
    """One due day of an obligation (or the obligation itself when it has none), the same
    for every submission: what the engine joins with completion facts and the date.

    It also renders the explanation of the Deadline results made from it."""

    info: DueInfo
    obligation: Obligation
    state: DueState
    scheduled: ScheduledDue | None = None

    @property
    def id(self) -> str:
        return self.info.id

    def render(self, item: Deadline, t: Language = EN) -> Explanation:
        stamp = t.date(item.as_of) if item.as_of else ""
        return _explain(self, DeadlineStatus(item.status), item.days, item.done, stamp, t)

    def __repr__(self) -> str:
        return f"<due fact {self.info.id} ({self.state})>"


@attrs.frozen
class DueFacts:
    """The due facts of one evaluation and the days work was done, as known on ``as_of``."""

    facts: tuple[DueFact, ...]
    done: Mapping[str, dt.date]
    as_of: dt.date

    def __iter__(self) -> Iterator[DueFact]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)


def _dated(ob: Obligation, dues: Iterable[ScheduledDue]) -> list[DueFact]:
    return [
        DueFact(
            DueInfo(
                due.id,
                ob.id,
                ob.kind.value,
                ob.source_ref,
                due.nominal,
                due.due,
                None if due.period is None else str(due.period),
            ),
            ob,
            "dated",
            due,
        )
        for due in dues
    ]


def _undated(ob: Obligation, state: DueState) -> DueFact:
    return DueFact(DueInfo(ob.id, ob.id, ob.kind.value, ob.source_ref), ob, state)


def _static_facts(
    ruleset: CompiledRuleSet,
) -> Mapping[str, tuple[tuple[str, tuple[DueFact, ...]], ...]]:
    """Per level: each obligation's id and its due facts when no event has a date."""
    grouped: dict[str, list[ScheduledDue]] = {}
    for due in ruleset.schedule:
        grouped.setdefault(due.obligation, []).append(due)
    out: dict[str, tuple[tuple[str, tuple[DueFact, ...]], ...]] = {}
    built = {
        ob.id: tuple(_dated(ob, grouped[ob.id]))
        if ob.id in grouped
        else (_undated(ob, open_state(ob)),)
        for ob in ruleset.obligations
    }
    for level in ruleset.levels:
        out[level.value] = tuple(
            (ob.id, built[ob.id]) for ob in ruleset.obligations if ob.binds(level)
        )
    return out


def deadline_facts(ruleset: CompiledRuleSet, submission: Submission, as_of: dt.date) -> DueFacts:
    """The due facts of one evaluation, in the rule set's order of obligations."""
    static = ruleset.derived("deadline_facts", _static_facts)[submission.unit.level.value]
    events = submission.event_map
    if events:
        terms = ruleset.terms
        facts: list[DueFact] = []
        for ob_id, found in static:
            event = events.get(ob_id)
            if event is None:
                facts.extend(found)
                continue
            ob = found[0].obligation
            dues = due_days(terms, ob, event=event)
            # an event with a date but no time limit after it: no due day at all
            facts.extend(_dated(ob, dues) if dues else [_undated(ob, "undetermined")])
        chosen = tuple(facts)
    else:
        chosen = tuple(fact for _ob, found in static for fact in found)
    done = {key: day for key, day in submission.done if day <= as_of}
    return DueFacts(chosen, done, as_of)


def decide_deadlines(dues: DueFacts) -> dict[str, DeadlineStatus]:
    """The native decision: each due fact's status on the evaluation date."""
    out: dict[str, DeadlineStatus] = {}
    done, as_of = dues.done, dues.as_of
    for fact in dues.facts:
        scheduled = fact.scheduled
        if scheduled is None:
            out[fact.info.id] = OPEN_STATUS[fact.state]
        else:
            out[fact.info.id] = status_on(scheduled.due, done.get(fact.info.id), as_of)
    return out


def _n_days(days: int | None, t: Language = EN) -> str:
    return t("1 day") if days == 1 else t("{count} days").format(count=days)


def _explain(
    fact: DueFact,
    status: DeadlineStatus,
    days: int | None,
    done: dt.date | None,
    as_of: str,
    t: Language = EN,
) -> Explanation:
    ob = fact.obligation
    steps: list[str] = []
    if ob.text:
        steps.append(t("deadline as written: {text}").format(text=repr(ob.text)))
    if ob.rule is not None:
        steps.append(
            t("read as: {phrase} ({kind})").format(
                phrase=ob.rule.phrase(), kind=t.p("due", ob.rule.kind.value)
            )
        )
    steps.extend(render(note, t.code) for note in ob.notes)
    inputs: list[tuple[str, str]] = []
    if fact.scheduled is not None:
        due = fact.scheduled
        steps.append(render(due.basis, t.code))
        if due.roll_reason:
            steps.append(render(due.roll_reason, t.code))
        if due.window is not None:
            steps.append(
                t("data cut-off {start} to {end}").format(
                    start=t.date(due.window.start), end=t.date(due.window.end)
                )
                + " (Nghị định 09/2019/NĐ-CP, Điều 12)"
            )
        inputs = [("as_of", as_of), ("done", t.date(done) if done else t("not reported"))]
        formula = t("due {date}; {status}").format(
            date=t.date(due.due), status=t.p("status", status.value)
        )
        if days is not None:
            formula += t(" by {days}").format(days=_n_days(days, t))
    elif fact.state == "waiting":
        formula = t("waiting: the event this deadline follows has no date yet")
    elif fact.state == "ongoing":
        formula = t("no due day: an ongoing duty")
    else:
        formula = t("no due day: the text fixes no date, or sets no time after its event")
    return Explanation(
        rule=t("{kind} deadline").format(kind=t.p("kind", ob.kind.value)),
        formula=formula,
        source_ref=ob.source_ref,
        inputs=tuple(inputs),
        assumption=ob.assumption,
        steps=tuple(steps),
    )


@attrs.frozen(repr=False)
class _MissedMessage:
    """The message of a missed due day's violation. Records: its Deadline result."""

    def render(self, item: Violation, t: Language = EN) -> str:
        deadline: Deadline = item._recorded
        what = "report" if deadline.kind == ObligationKind.REPORT.value else "task"
        due = t.date(deadline.due) if deadline.due else "?"
        days = _n_days(deadline.days, t)
        if deadline.status == DeadlineStatus.LATE.value:
            shown = t.date(deadline.done) if deadline.done else "?"
            return t("{kind} {id} was done on {done}, {days} after its due day {due}").format(
                kind=t.p("kind", what), id=deadline.id, done=shown, days=days, due=due
            )
        return t("{kind} {id} was due on {due} and is not reported done ({days} overdue)").format(
            kind=t.p("kind", what), id=deadline.id, due=due, days=days
        )

    def __repr__(self) -> str:
        return "<message of a missed due day>"


_MISSED = _MissedMessage()


def _shared_undated(
    ruleset: CompiledRuleSet,
) -> dict[tuple[str, str, DeadlineStatus], Deadline]:
    return {}


def deadline_tuple(
    dues: DueFacts, statuses: Mapping[str, DeadlineStatus], ruleset: CompiledRuleSet
) -> tuple[Deadline, ...]:
    """The Deadline results, in the facts' order. A due fact without a due day gives the
    same Deadline in every evaluation of the rule set: it is made once and shared."""
    deadlines: list[Deadline] = []
    done_map, as_of = dues.done, dues.as_of
    shared = ruleset.derived("shared_undated_deadlines", _shared_undated)
    for fact in dues.facts:
        status = statuses[fact.info.id]
        scheduled = fact.scheduled
        if scheduled is None:
            key = (fact.info.id, fact.state, status)
            found = shared.get(key)
            if found is None:
                found = shared[key] = Deadline(fact.info, status.value, None, None, fact)
            deadlines.append(found)
            continue
        done = done_map.get(fact.info.id)
        days = days_past(status, scheduled.due, done, as_of)
        deadlines.append(Deadline(fact.info, status.value, done, days, fact, as_of))
    return tuple(deadlines)


def deadline_violations(deadlines: Iterable[Deadline]) -> Iterator[Violation]:
    """The violations of the missed due days among ``deadlines``, in their order."""
    for deadline in deadlines:
        code = _CODES_BY_VALUE.get((deadline.kind, deadline.status))
        if code is not None:
            yield Violation(code, deadline.id, _MISSED, deadline.source_ref, deadline)
