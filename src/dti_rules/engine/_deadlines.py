"""Deadlines in an evaluation: the facts both backends start from, the native decision, and
the Deadline results and violations built from a decision.

Every due day of the rule set's schedule becomes a ``dated`` fact with the day its work was
done, if the submission says so and that day is not after the evaluation date (work done
later is not known on that date). An obligation with no due day becomes one fact of state
``ongoing`` ("thường xuyên"), ``undetermined`` (a text that fixes no date) or ``waiting``
(a conditional deadline whose event the submission does not date).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from ..calendar import DeadlineKind, DeadlineStatus, judge
from ..compiled import CompiledRuleSet
from ..deadlines import Obligation, ObligationKind, ScheduledDue, schedule
from ..result import Deadline, Deferred, Explanation, Violation, ViolationCode
from ..submission import Submission

__all__ = [
    "DueFact",
    "deadline_facts",
    "deadline_results",
    "decide_deadlines",
    "violation_code",
]

DueState = Literal["dated", "ongoing", "waiting", "undetermined"]

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


def violation_code(kind: ObligationKind, status: DeadlineStatus) -> ViolationCode | None:
    """The violation a status gives for a task or a report, if any."""
    return _CODES.get((kind, status))


@attrs.frozen
class DueFact:
    """One due day of an obligation (or the obligation itself when it has none)."""

    id: str
    obligation: Obligation
    state: DueState
    scheduled: ScheduledDue | None = None
    done: dt.date | None = None

    @property
    def due(self) -> dt.date | None:
        return None if self.scheduled is None else self.scheduled.due


@functools.lru_cache(maxsize=64)
def _by_obligation(ruleset: CompiledRuleSet) -> Mapping[str, tuple[ScheduledDue, ...]]:
    grouped: dict[str, list[ScheduledDue]] = {}
    for due in ruleset.schedule:
        grouped.setdefault(due.obligation, []).append(due)
    return {key: tuple(value) for key, value in grouped.items()}


def _open_state(obligation: Obligation) -> DueState:
    rule = obligation.rule
    if rule is None or rule.kind is DeadlineKind.UNDETERMINED:
        return "undetermined"
    if rule.waits_for_event:
        return "waiting"
    return "ongoing"


def deadline_facts(
    ruleset: CompiledRuleSet, submission: Submission, as_of: dt.date
) -> tuple[DueFact, ...]:
    """The due facts of one evaluation, in the rule set's order of obligations."""
    grouped = _by_obligation(ruleset)
    done = submission.done_map
    events = submission.event_map
    spec = ruleset.spec
    facts: list[DueFact] = []
    level = submission.unit.level
    for ob in ruleset.obligations:
        if not ob.binds(level):
            continue  # a task or report of another administrative level
        dues = grouped.get(ob.id, ())
        event = events.get(ob.id)
        if event is not None:
            dues = schedule(
                ob,
                spec.effective.start,
                spec.effective.end,
                roll_forward=spec.calendar.roll_forward,
                event=event,
                not_before=spec.source.issued,
            )
        if not dues:
            # an event with a date but no time limit after it: no due day at all
            state: DueState = "undetermined" if event is not None else _open_state(ob)
            facts.append(DueFact(ob.id, ob, state))
            continue
        for due in dues:
            day = done.get(due.id)
            known = day if day is not None and day <= as_of else None
            facts.append(DueFact(due.id, ob, "dated", due, known))
    return tuple(facts)


def decide_deadlines(facts: Iterable[DueFact], as_of: dt.date) -> dict[str, DeadlineStatus]:
    """The native decision: each due fact's status on ``as_of``."""
    out: dict[str, DeadlineStatus] = {}
    for fact in facts:
        if fact.scheduled is None:
            out[fact.id] = OPEN_STATUS[fact.state]
        else:
            out[fact.id] = judge(fact.scheduled.due, fact.done, as_of).status
    return out


def _days(fact: DueFact, status: DeadlineStatus, as_of: dt.date) -> int | None:
    if fact.scheduled is None:
        return None
    if status is DeadlineStatus.LATE and fact.done is not None:
        return (fact.done - fact.scheduled.due).days
    if status is DeadlineStatus.OVERDUE:
        return (as_of - fact.scheduled.due).days
    return None


def _explain(fact: DueFact, status: DeadlineStatus, days: int | None, as_of: str) -> Explanation:
    ob = fact.obligation
    steps: list[str] = []
    if ob.text:
        steps.append(f"deadline as written: {ob.text!r}")
    if ob.rule is not None:
        steps.append(f"read as: {ob.rule.phrase()} ({ob.rule.kind.value})")
    steps.extend(ob.notes)
    inputs: list[tuple[str, str]] = [("as_of", as_of)]
    if fact.scheduled is not None:
        due = fact.scheduled
        steps.append(due.basis)
        if due.roll_reason:
            steps.append(due.roll_reason)
        if due.window is not None:
            steps.append(
                f"data cut-off {due.window.start.isoformat()} to {due.window.end.isoformat()}"
                " (Nghị định 09/2019/NĐ-CP, Điều 12)"
            )
        inputs.append(("done", fact.done.isoformat() if fact.done else "not reported"))
        formula = f"due {due.due.isoformat()}; {status.value}"
        if days is not None:
            formula += f" by {_n_days(days)}"
    elif fact.state == "waiting":
        formula = "waiting: the event this deadline follows has no date yet"
    elif fact.state == "ongoing":
        formula = "no due day: an ongoing duty"
    else:
        formula = "no due day: the text fixes no date"
    return Explanation(
        rule=f"{ob.kind.value} deadline",
        formula=formula,
        source_ref=ob.source_ref,
        inputs=tuple(inputs),
        assumption=ob.assumption,
        steps=tuple(steps),
    )


def _n_days(days: int | None) -> str:
    return "1 day" if days == 1 else f"{days} days"


def _message(fact: DueFact, status: DeadlineStatus, days: int | None) -> str:
    ob = fact.obligation
    what = "report" if ob.kind is ObligationKind.REPORT else "task"
    due = fact.scheduled.due.isoformat() if fact.scheduled else "?"
    if status is DeadlineStatus.LATE:
        done = fact.done.isoformat() if fact.done else "?"
        return f"{what} {fact.id} was done on {done}, {_n_days(days)} after its due day {due}"
    return f"{what} {fact.id} was due on {due} and is not reported done ({_n_days(days)} overdue)"


def deadline_results(
    facts: Iterable[DueFact], statuses: Mapping[str, DeadlineStatus], as_of: dt.date
) -> tuple[tuple[Deadline, ...], tuple[Violation, ...]]:
    """The Deadline results and the violations of missed ones, in the facts' order."""
    deadlines: list[Deadline] = []
    violations: list[Violation] = []
    stamp = as_of.isoformat()
    for fact in facts:
        status = statuses[fact.id]
        days = _days(fact, status, as_of)
        due = fact.scheduled
        ob = fact.obligation
        deadlines.append(
            Deadline(
                id=fact.id,
                due=None if due is None else due.due,
                status=status.value,
                source_ref=ob.source_ref,
                obligation=ob.id,
                kind=ob.kind.value,
                nominal=None if due is None else due.nominal,
                done=fact.done,
                days=days,
                period=None if due is None or due.period is None else str(due.period),
                explanation=Deferred(_explain, fact, status, days, stamp),
            )
        )
        code = violation_code(ob.kind, status)
        if code is not None:
            violations.append(
                Violation(code, fact.id, Deferred(_message, fact, status, days), ob.source_ref)
            )
    return tuple(deadlines), tuple(violations)
