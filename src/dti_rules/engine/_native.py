"""The native backend in one pass: decisions and points without building facts.

:func:`native_outcome` gives what :func:`~._facts.gather`, :func:`~._facts.decide`,
:func:`~._deadlines.decide_deadlines` and the scoring of the total give one after another
(the same statuses, violations, due-day statuses, points and group sums), reading each
input once and comparing exactly with integers: a target's value and threshold are kept as
numerator and denominator and compared by cross-multiplication, points are summed over a
common denominator. What every unit of a level reads is looked up once per rule set and
level (:class:`_LevelPlan`).

Targets that need more (a threshold by kind of thing counted, or set relative to the
previous period) and submissions that date events take the general path for that part,
so the outcome is the same in every case; the property tests compare both paths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from fractions import Fraction
from math import gcd
from typing import Any

from .._kinds import Level
from ..calendar import DeadlineStatus
from ..compiled import CompiledRuleSet, Part
from ..result import Deferred, GroupTotal, TargetStatus, ViolationCode
from ..submission import Answer, Count, DateValue, Number, Rate, Submission
from . import _facts
from ._deadlines import OPEN_STATUS, _static_facts, deadline_facts, decide_deadlines
from ._facts import Decisions, _worst_kind, canonical_violations
from ._parts import _input_points
from ._plan import plan

__all__ = ["native_outcome"]

_NOT_MET = TargetStatus.NOT_MET
_NOT_EVALUATED = TargetStatus.NOT_EVALUATED
_MISSING = ViolationCode.MISSING_INPUT
_INVALID = ViolationCode.INVALID_INPUT
_NO_EVIDENCE = ViolationCode.MISSING_EVIDENCE
_NOT_COVERED = ViolationCode.LEVEL_NOT_COVERED
_TARGET_NOT_MET = ViolationCode.TARGET_NOT_MET
_ON_TIME, _LATE = DeadlineStatus.ON_TIME, DeadlineStatus.LATE
_OVERDUE, _PENDING = DeadlineStatus.OVERDUE, DeadlineStatus.PENDING

# how a target's threshold is found
_FIXED, _RELATIVE, _KINDS = range(3)
# what a part scored from an input reads
_BINARY, _OTHER_INPUT = range(2)


def _pair(value: Any) -> tuple[int, int] | None:
    """What a target compares, as (numerator, denominator > 0); None when unavailable."""
    kind = type(value)
    if kind is Rate:
        num, den = value.numerator, value.denominator
        if not den.numerator:
            return None
        n, d = 100 * num.numerator * den.denominator, num.denominator * den.numerator
        return (n, d) if d > 0 else (-n, -d)
    if kind is Count:
        return value.value, 1
    if kind is Number:
        return value.value.numerator, value.value.denominator
    return None  # answers and dates are not compared


class _LevelPlan:
    """What evaluating a unit of one level against one (restricted) rule set reads.

    ``targets``: per target its id, how its threshold is found, its plan, its status by
    sign, its threshold as a pair (when fixed), whether the level has no tier, and the
    parts scored from it (group, proportional, points as a pair). ``input_parts``: the
    parts scored from an input (how, input, group, part, points as a pair)."""

    def __init__(self, ruleset: CompiledRuleSet, level: Level) -> None:
        p = plan(ruleset)
        # each input's violations (missing, invalid, no evidence), made once and shared
        self.inputs = tuple(
            (ident, evidence, (_MISSING, ident), (_INVALID, ident), (_NO_EVIDENCE, ident))
            for ident, evidence in p.inputs
        )
        self.unique_subjects = p.unique_subjects
        reading: dict[str, list[tuple[int, bool, int, int]]] = {tp.id: [] for tp in p.targets}
        self.input_parts: list[tuple[int, str, int, Part, int, int]] = []
        for index, group in enumerate(ruleset.groups):
            for indicator in group.indicators:
                for part in indicator.parts:
                    rule = part.rule
                    full = _ints(part.points)
                    if rule.target is not None:  # as the total is scored: by its target
                        proportional = rule.method != "threshold"
                        reading[rule.target].append((index, proportional, *full))
                    else:
                        assert rule.input is not None
                        how = _BINARY if rule.method == "binary" else _OTHER_INPUT
                        self.input_parts.append((how, rule.input, index, part, *full))
        self.targets: list[tuple[Any, ...]] = []
        for tp in p.targets:
            table = _facts.STATUS_BY_SIGN[tp.comparison]  # read when the plan is made
            by_sign = (table[-1], table[0], table[1])
            # its parts, and its violations (not met, no tier), made once and shared
            extra = (tuple(reading[tp.id]), (_TARGET_NOT_MET, tp.id), (_NOT_COVERED, tp.id))
            if tp.kinds:
                self.targets.append((tp.id, _KINDS, tp, by_sign, None, False, *extra))
            elif tp.fixed is not None or tp.by_level:
                threshold, _basis, uncovered = tp.fixed if tp.fixed else tp.by_level[level]
                pair = None if threshold is None else _ints(threshold)
                self.targets.append((tp.id, _FIXED, tp, by_sign, pair, uncovered, *extra))
            else:
                self.targets.append((tp.id, _RELATIVE, tp, by_sign, None, False, *extra))
        # each group's id and maximum (as numerator and denominator: plain data to pickle)
        self.groups = tuple(
            (group.id, group.max_points.numerator, group.max_points.denominator)
            for group in ruleset.groups
        )
        static = deadline_facts_static(ruleset, level)
        #: due days (id, day) and the statuses of obligations without one, by id
        self.dated = tuple((ident, due) for ident, due, _open in static if due is not None)
        self.undated = {ident: status for ident, due, status in static if status is not None}


def _ints(value: Fraction) -> tuple[int, int]:
    return value.numerator, value.denominator


def deadline_facts_static(
    ruleset: CompiledRuleSet, level: Level
) -> tuple[tuple[str, dt.date | None, DeadlineStatus | None], ...]:
    """Each due fact of a unit at ``level`` that dates no event: its id, its due day (None
    when it has none) and the status of one without a due day."""
    static = ruleset.derived("deadline_facts", _static_facts)[level.value]
    return tuple(
        (fact.info.id, fact.scheduled.due, None)
        if fact.scheduled is not None
        else (fact.info.id, None, OPEN_STATUS[fact.state])
        for _ob, found in static
        for fact in found
    )


def _level_plan(ruleset: CompiledRuleSet, level: Level) -> _LevelPlan:
    return ruleset.derived(f"engine.native.{level.value}", lambda rs: _LevelPlan(rs, level))


def _relative(tp: Any, get: Any) -> tuple[int, int] | None:
    """A threshold relative to the previous period's value, as a pair, or None."""
    previous = _pair(get(tp.previous)) if tp.previous else None
    if previous is None:
        return None
    delta: Fraction = tp.target.relative_delta
    pn, pd = previous
    dn, dd = delta.numerator, delta.denominator
    if tp.target.relative_reading == "percentage_points":  # previous + delta
        return pn * dd + dn * pd, pd * dd
    return pn * (100 * dd + dn), pd * 100 * dd  # previous × (1 + delta / 100)


def native_outcome(
    ruleset: CompiledRuleSet, submission: Submission, as_of: dt.date
) -> tuple[Decisions, Fraction, Deferred[tuple[GroupTotal, ...]]]:
    """The native decisions on ``submission`` (evaluated on ``as_of``), its points and each
    group's sum, for ``ruleset`` already restricted to the unit's level."""
    level = submission.unit.level
    lp = _level_plan(ruleset, level)
    values: Mapping[str, Any] = submission.values_by_id
    get = values.get
    # inputs whose state is a violation: missing, a rate over 0, a 'yes' without evidence
    found: list[tuple[ViolationCode, str]] = []
    for ident, evidence_required, missing, invalid, no_evidence in lp.inputs:
        value = get(ident)
        if value is None:
            found.append(missing)
            continue
        kind = type(value)
        if kind is Rate:
            if not value.denominator:
                found.append(invalid)
        elif evidence_required and kind is Answer and value.value and not value.evidence:
            found.append(no_evidence)
    # each group's points, summed exactly: nums[g] / dens[g]
    nums = [0] * len(lp.groups)
    dens = [1] * len(lp.groups)
    statuses: dict[str, TargetStatus] = {}
    for ident, how, tp, by_sign, fixed, uncovered, parts, not_met, not_covered in lp.targets:
        if how == _KINDS:
            m = _worst_kind(tp, get)
            if m.sign is None:
                statuses[ident] = _NOT_EVALUATED
                continue
            assert m.value is not None and m.threshold is not None
            vn, vd = _ints(m.value)
            tn, td = _ints(m.threshold)
            status = by_sign[m.sign + 1]
        else:
            threshold = fixed if how == _FIXED else _relative(tp, get)
            raw = get(tp.input)
            if type(raw) is Rate:  # the common case, as _pair computes it
                num, den = raw.numerator, raw.denominator
                vd = num.denominator * den.numerator
                measured = vd != 0
                vn = 100 * num.numerator * den.denominator
                if vd < 0:
                    vn, vd = -vn, -vd
            else:
                pair = _pair(raw)
                measured = pair is not None
                if pair is not None:
                    vn, vd = pair
            if not measured or threshold is None:
                statuses[ident] = _NOT_EVALUATED
                if uncovered:
                    found.append(not_covered)
                continue
            tn, td = threshold
            cross = vn * td - tn * vd
            status = by_sign[(cross > 0) - (cross < 0) + 1]
            if status is _NOT_MET and tp.not_due:  # not yet due: progress, not judged
                statuses[ident] = _NOT_EVALUATED
                continue
        statuses[ident] = status
        if status is _NOT_MET:
            found.append(not_met)
        score_parts(parts, status, vn, vd, tn, td, nums, dens)
    score_inputs(lp, get, nums, dens)
    violations = tuple(found) if lp.unique_subjects else canonical_violations(ruleset, found)
    decisions = Decisions(statuses, violations, _deadlines(ruleset, lp, submission, as_of))
    sums = Deferred(group_totals, lp.groups, tuple(nums), tuple(dens))
    return decisions, total(nums, dens), sums


def score_parts(
    parts: tuple[tuple[int, bool, int, int], ...],
    status: TargetStatus,
    vn: int,
    vd: int,
    tn: int,
    td: int,
    nums: list[int],
    dens: list[int],
) -> None:
    """Add to each group's sum ``nums[g] / dens[g]`` the points of the ``parts`` scored from
    a target with ``status``, its value ``vn / vd`` and threshold ``tn / td``: all of a
    part's points unless not met, then none, or the value's share of the threshold for a
    proportional part."""
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
        if not n:
            continue
        if d == dens[group]:
            nums[group] += n
        else:
            g = gcd(dens[group], d)
            nums[group] = nums[group] * (d // g) + n * (dens[group] // g)
            dens[group] = dens[group] // g * d


def score_inputs(
    lp: _LevelPlan, get: Callable[[str], Any], nums: list[int], dens: list[int]
) -> None:
    """Add to each group's sum the points of the parts scored from an input alone."""
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
        if d == dens[group]:
            nums[group] += n
        else:
            g = gcd(dens[group], d)
            nums[group] = nums[group] * (d // g) + n * (dens[group] // g)
            dens[group] = dens[group] // g * d


def total(nums: list[int], dens: list[int]) -> Fraction:
    """The sum of every group's ``nums[g] / dens[g]``, exactly."""
    top, bottom = 0, 1  # the total is top / bottom
    for n, d in zip(nums, dens, strict=True):
        if not n:
            continue
        if d == bottom:
            top += n
        else:
            g = gcd(bottom, d)
            top, bottom = top * (d // g) + n * (bottom // g), bottom // g * d
    return Fraction(top, bottom)


def group_totals(
    groups: tuple[tuple[str, int, int], ...], nums: tuple[int, ...], dens: tuple[int, ...]
) -> tuple[GroupTotal, ...]:
    """Each group's GroupTotal (id, points, maximum) from its points as num / den and its
    ``groups`` entry (id, maximum's numerator and denominator)."""
    return tuple(
        GroupTotal(ident, Fraction(num, den), Fraction(top, bottom))
        for (ident, top, bottom), num, den in zip(groups, nums, dens, strict=True)
    )


def _deadlines(
    ruleset: CompiledRuleSet, lp: _LevelPlan, submission: Submission, as_of: dt.date
) -> Mapping[str, DeadlineStatus]:
    """Each due day's status on ``as_of`` (and each obligation's without one)."""
    if submission.events:  # due days follow the dates given: the general path
        return decide_deadlines(deadline_facts(ruleset, submission, as_of))
    done = submission.done_map
    out = dict(lp.undated)  # the same statuses in every evaluation
    for ident, due in lp.dated:
        day = done.get(ident)
        if day is not None and day <= as_of:
            out[ident] = _ON_TIME if day <= due else _LATE
        else:
            out[ident] = _OVERDUE if as_of > due else _PENDING
    return out
