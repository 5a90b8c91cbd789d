"""The durable backend's evaluation: measure in Python, decide in durable_rules, score.

:func:`durable_outcome` gives what the general path gives (:func:`~._facts.gather`,
:func:`~._durable.decide_durable` and the scoring of the total), reading each input once
as the native backend does, with its per-level plan (:func:`~._native._level_plan`):

1. measuring: each target's value and threshold as integer pairs and the sign of their
   difference (exactly, since durable_rules compares numbers as C doubles), each input's
   state, each due day with the day its work was done, written straight into the session's
   facts (:class:`~._durable_batch.Writer`);
2. deciding: durable_rules matches the facts with the rule set's rules and their actions
   record each target's status, each violation and each due day's status
   (:func:`~._durable.run_session`);
3. scoring: each part's points from the status durable_rules decided for its target (or
   from its input), summed exactly over a common denominator, as the native backend sums.

Targets that need more (a threshold by kind of thing counted) and submissions that date
events take the general path's functions for that part, so the outcome is the same in
every case; the property tests compare it with the native backend and the general path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .._kinds import Level
from ..compiled import CompiledRuleSet
from ..result import Deferred, GroupTotal, TargetStatus
from ..submission import Answer, Rate, Submission
from ._deadlines import _static_facts, deadline_facts
from ._durable import run_session
from ._durable_batch import Writer, add_dues, comparisons
from ._facts import Decisions, _worst_kind
from ._native import (
    _FIXED,
    _KINDS,
    _ints,
    _level_plan,
    _pair,
    _relative,
    group_totals,
    score_inputs,
    score_parts,
    total,
)

__all__ = ["durable_outcome"]

_NOT_MET = TargetStatus.NOT_MET
_NOT_EVALUATED = TargetStatus.NOT_EVALUATED

#: The due facts of every unit of a level that dates no event: each due day's id and day
#: number, and the ids of the obligations without a due day by their state.
_Dues = tuple[tuple[tuple[str, int], ...], tuple[tuple[str, list[str]], ...], tuple[str, ...]]


def _static_dues(ruleset: CompiledRuleSet, level: Level) -> _Dues:
    """The due facts of every unit at ``level`` that dates no event (kept per rule set):
    the due days (id, day number), the obligations without one by state, and every id in
    the rule set's order."""

    def build(rs: CompiledRuleSet) -> _Dues:
        static = rs.derived("deadline_facts", _static_facts)[level.value]
        facts = [fact for _ob, found in static for fact in found]
        by_state: dict[str, list[str]] = {}
        for fact in facts:
            if fact.scheduled is None:
                by_state.setdefault(fact.state, []).append(fact.info.id)
        dated = tuple(
            (fact.info.id, fact.scheduled.due.toordinal())
            for fact in facts
            if fact.scheduled is not None
        )
        return dated, tuple(by_state.items()), tuple(fact.info.id for fact in facts)

    return ruleset.derived(f"engine.durable.dues.{level.value}", build)


def durable_outcome(
    ruleset: CompiledRuleSet, submission: Submission, as_of: dt.date
) -> tuple[Decisions, Fraction, Deferred[tuple[GroupTotal, ...]]]:
    """durable_rules' decisions on ``submission`` (evaluated on ``as_of``), its points and
    each group's sum, for ``ruleset`` already restricted to the unit's level."""
    level = submission.unit.level
    lp = _level_plan(ruleset, level)
    cmp = ruleset.derived("engine.durable.comparisons", comparisons)
    values: Mapping[str, Any] = submission.values_by_id
    get = values.get
    writer = Writer()
    add = writer.add
    # 1. measuring: inputs whose state is a violation, targets, due days
    for ident, evidence_required, _missing, _invalid, _no_evidence in lp.inputs:
        value = get(ident)
        if value is None:
            add(("input", "missing"), ident)
            continue
        kind = type(value)
        if kind is Rate:
            if not value.denominator:
                add(("input", "invalid"), ident)
        elif evidence_required and kind is Answer and value.value and not value.evidence:
            add(("input", "no_evidence"), ident)
    pairs: list[tuple[int, int, int, int] | None] = []
    for ident, how, tp, by_sign, fixed, no_tier, _parts, _not_met, _not_covered in lp.targets:
        sign: int | None = None
        measured: tuple[int, int, int, int] | None = None
        uncovered = no_tier
        if how == _KINDS:
            m = _worst_kind(tp, get)
            uncovered = m.uncovered_level
            if m.sign is not None:
                assert m.value is not None and m.threshold is not None
                sign, measured = m.sign, (*_ints(m.value), *_ints(m.threshold))
        else:
            threshold = fixed if how == _FIXED else _relative(tp, get)
            pair = _pair(get(tp.input))
            if pair is not None and threshold is not None:
                vn, vd = pair
                tn, td = threshold
                cross = vn * td - tn * vd
                sign = (cross > 0) - (cross < 0)
                if tp.not_due and by_sign[sign + 1] is _NOT_MET:  # not yet due: progress
                    sign = None
                else:
                    measured = (vn, vd, tn, td)
        add(("measure", cmp[ident], sign, uncovered), ident)
        pairs.append(measured)
    if submission.events:  # due days follow the dates given: the general path
        dues = deadline_facts(ruleset, submission, as_of)
        add_dues(writer, dues)
        due_ids = [fact.info.id for fact in dues.facts]
    else:
        dated, undated, ids = _static_dues(ruleset, level)
        due_ids = list(ids)
        for state, obligations in undated:  # the same facts in every evaluation
            writer.add_all(("open", state), obligations)
        # the hot loop of the evaluation: Writer.add, inlined
        done = submission.done_map
        today = as_of.toordinal()
        seen: dict[tuple[int, int], list[str]] = {}
        bodies, subjects = writer.bodies, writer.subjects
        for ident, day in dated:
            finished = done.get(ident)
            on = finished.toordinal() if finished is not None and finished <= as_of else 0
            found = seen.get((day, on))
            if found is None:
                seen[day, on] = found = []
                subjects.append(found)
                bodies.append(f'"kind":"due","day":{day},"done":{on},"today":{today}}}')
            found.append(ident)
    # 2. deciding
    decisions = run_session(ruleset, writer.batch()).decisions(ruleset, due_ids)
    # 3. scoring, from the statuses durable_rules decided
    statuses = decisions.statuses
    nums = [0] * len(lp.groups)
    dens = [1] * len(lp.groups)
    for (ident, _how, _tp, _by, _fixed, _unc, parts, _nm, _nc), measured in zip(
        lp.targets, pairs, strict=True
    ):
        status = statuses[ident]
        if measured is not None and status is not _NOT_EVALUATED:
            score_parts(parts, status, *measured, nums, dens)
    score_inputs(lp, get, nums, dens)
    sums = Deferred(group_totals, lp.groups, tuple(nums), tuple(dens))
    return decisions, total(nums, dens), sums
