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
from math import gcd
from typing import Any

from .._kinds import Level
from ..compiled import CompiledRuleSet
from ..result import Deferred, GroupTotal, TargetStatus
from ..submission import Answer, DateValue, Rate, Submission
from ._deadlines import _static_facts, deadline_facts
from ._durable import run_session
from ._durable_batch import Writer, add_dues, comparisons
from ._facts import Decisions, _worst_kind
from ._native import _BINARY, _FIXED, _KINDS, _ints, _level_plan, _pair, _relative, group_totals
from ._parts import _input_points

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
        if measured is None or status is _NOT_EVALUATED:
            continue
        vn, vd, tn, td = measured
        for group, proportional, fn, fd in parts:
            if status is not _NOT_MET:
                n, d = fn, fd
            elif not proportional:
                continue
            else:
                top, bottom = vn * td, vd * tn  # value / threshold
                if bottom <= 0:  # a threshold of 0 or below: as written, with Fractions
                    ratio = Fraction(vn, vd) / Fraction(tn, td)
                    full = Fraction(fn, fd)
                    n, d = _ints(full * ratio if ratio < 1 else full)
                elif top < bottom:
                    n, d = fn * top, fd * bottom
                else:
                    n, d = fn, fd
            _add(nums, dens, group, n, d)
    for how, ident, group, part, fn, fd in lp.input_parts:
        value = get(ident)
        if value is None:
            continue
        if how == _BINARY:
            kind = type(value)
            if not (kind is DateValue or (kind is Answer and value.value)):
                continue
            n, d = fn, fd
        else:
            pts = _input_points(part, value)[0]
            if pts is None or not pts:
                continue
            n, d = _ints(pts)
        _add(nums, dens, group, n, d)
    top, bottom = 0, 1  # the total is top / bottom
    for n, d in zip(nums, dens, strict=True):
        if n:
            g = gcd(bottom, d)
            top, bottom = top * (d // g) + n * (bottom // g), bottom // g * d
    sums = Deferred(group_totals, lp.groups, tuple(nums), tuple(dens))
    return decisions, Fraction(top, bottom), sums


def _add(nums: list[int], dens: list[int], group: int, n: int, d: int) -> None:
    """Add ``n / d`` to group ``group``'s sum ``nums[group] / dens[group]``, exactly."""
    if not n:
        return
    if d == dens[group]:
        nums[group] += n
    else:
        g = gcd(dens[group], d)
        nums[group] = nums[group] * (d // g) + n * (dens[group] // g)
        dens[group] = dens[group] // g * d
