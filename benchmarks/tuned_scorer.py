"""A tuned hand-written scorer: the baseline the ``native`` backend is measured against.

It does the least plain Python can do to give the same total points, target statuses and
deadline statuses as ``evaluate``: a plan per rule set and unit level, built once, holds
every threshold as a pair of integers (numerator, denominator), every part's points the
same way, every due day's date; scoring a unit then compares by integer cross-multiplication
and sums over a common denominator, making one Fraction at the end. It makes no facts, no
explanations and no Result, and computes no fingerprint.

It is benchmark code, not part of the library: it covers what the benchmark's rule set
uses (fixed, tiered and relative thresholds; binary, threshold, proportional and banded
points; scheduled and undated deadlines) and refuses what it does not (targets with kinds
or not yet due, submissions dating events), so it never answers differently in silence.

>>> import datetime as dt
>>> from dti_rules import load_ruleset, evaluate, submission_from_data
>>> rs = load_ruleset("q10-dti-2024")
>>> sub = submission_from_data(
...     {"unit": {"id": "u", "name": "U", "level": "ward"}, "period": "2024", "inputs": {}}, rs
... )
>>> points, statuses, deadlines = TunedScorer(rs).score(sub, dt.date(2024, 12, 31))
>>> points == evaluate(rs, sub, backend="native").points
True
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from math import gcd
from typing import Any

from dti_rules import CompiledRuleSet, Submission
from dti_rules.engine._native import _pair as _number  # a value as (numerator, denominator)
from dti_rules.model import Comparison, Level
from dti_rules.submission import Answer, DateValue

# status by comparison, indexed by sign(value - threshold) + 1
_STATUS: dict[Comparison, tuple[str, str, str]] = {
    Comparison.GE: ("not_met", "met", "exceeded"),
    Comparison.GT: ("not_met", "not_met", "exceeded"),
    Comparison.EQ: ("not_met", "met", "not_met"),
    Comparison.LE: ("exceeded", "met", "not_met"),
    Comparison.LT: ("exceeded", "not_met", "not_met"),
}

_BINARY, _THRESHOLD, _PROPORTIONAL, _BANDS = range(4)


def _pair(value: Fraction) -> tuple[int, int]:
    return value.numerator, value.denominator


class _LevelPlan:
    """What scoring one unit of one level reads, in the order it reads it."""

    def __init__(self, ruleset: CompiledRuleSet, level: Level) -> None:
        rs = ruleset.for_level(level)
        self.targets: list[tuple[Any, ...]] = []
        for t in rs.targets:
            if t.kinds or t.not_due_before is not None:
                raise NotImplementedError(f"target {t.id}: kinds and not-yet-due targets")
            table = _STATUS[t.comparison]
            if t.threshold is not None:
                self.targets.append((t.id, t.input, table, _pair(t.threshold), None))
            elif t.tiers:
                tier = t.tier(level)
                self.targets.append((t.id, t.input, table, tier and _pair(tier), None))
            else:
                assert t.relative_delta is not None and t.previous_input
                dn, dd = _pair(t.relative_delta)
                if t.relative_reading == "percentage_points":  # previous + delta
                    rel = (t.previous_input, True, dn, dd)
                else:  # previous × (1 + delta / 100)
                    rel = (t.previous_input, False, 100 * dd + dn, 100 * dd)
                self.targets.append((t.id, t.input, table, None, rel))
        self.parts: list[tuple[Any, ...]] = []
        for indicator in rs.indicators:
            for part in indicator.parts:
                rule, (pn, pd) = part.rule, _pair(part.points)
                if rule.method == "binary":
                    self.parts.append((_BINARY, rule.input, pn, pd))
                elif rule.method in ("threshold", "proportional"):
                    kind = _THRESHOLD if rule.method == "threshold" else _PROPORTIONAL
                    self.parts.append((kind, rule.target, pn, pd))
                else:
                    bands = tuple((_pair(at), _pair(pts)) for at, pts in rule.bands)
                    self.parts.append((_BANDS, rule.input, bands, None))
        dated = {due.obligation for due in ruleset.schedule}
        self.dues = [
            (due.id, due.due)
            for due in ruleset.schedule
            if ruleset.obligation_map[due.obligation].binds(level)
        ]
        self.undated = {
            ob.id: "waiting" if ob.waits_for_event else "no_deadline"
            for ob in ruleset.obligations
            if ob.id not in dated and ob.binds(level)
        }


class TunedScorer:
    """Total points, target statuses and deadline statuses of a submission, with a plan
    per level built once for ``ruleset``."""

    def __init__(self, ruleset: CompiledRuleSet) -> None:
        self.plans = {level: _LevelPlan(ruleset, level) for level in ruleset.levels}

    def score(
        self, sub: Submission, as_of: dt.date
    ) -> tuple[Fraction, dict[str, str], dict[str, str]]:
        if sub.events:
            raise NotImplementedError("submissions that date events")
        p = self.plans[sub.unit.level]
        get = sub.values_by_id.get
        statuses: dict[str, str] = {}
        compared: dict[str, tuple[int, int, int, int]] = {}  # value and threshold
        for ident, input_id, table, fixed, rel in p.targets:
            threshold = fixed
            value = _number(get(input_id))
            if rel is not None:
                previous = _number(get(rel[0]))
                if previous is None:
                    threshold = None
                elif rel[1]:
                    pn, pd = previous
                    threshold = (pn * rel[3] + rel[2] * pd, pd * rel[3])
                else:
                    threshold = (previous[0] * rel[2], previous[1] * rel[3])
            if value is None or threshold is None:
                statuses[ident] = "not_evaluated"
                continue
            vn, vd = value
            tn, td = threshold
            cross = vn * td - tn * vd
            statuses[ident] = table[(cross > 0) - (cross < 0) + 1]
            compared[ident] = (vn, vd, tn, td)
        num, den = 0, 1  # the total is num / den
        for kind, ref, a, b in p.parts:
            if kind == _BINARY:
                v = get(ref)
                if not (type(v) is DateValue or (type(v) is Answer and v.value)):
                    continue
                n, d = a, b
            elif kind == _BANDS:
                number = _number(get(ref))
                if number is None:
                    continue
                n, d = 0, 1
                for (at_n, at_d), (bn, bd) in a:
                    if number[0] * at_d >= at_n * number[1]:
                        n, d = bn, bd
            else:
                status = statuses[ref]
                if status in {"met", "exceeded"}:
                    n, d = a, b
                elif status == "not_met" and kind == _PROPORTIONAL:
                    vn, vd, tn, td = compared[ref]
                    if tn == 0:
                        continue
                    rn, rd = vn * td, vd * tn  # value / threshold
                    if rd < 0:
                        rn, rd = -rn, -rd
                    if rn >= rd:
                        n, d = a, b
                    else:
                        n, d = a * rn, b * rd
                else:
                    continue
            if d == den:
                num += n
            else:
                g = gcd(den, d)
                num = num * (d // g) + n * (den // g)
                den = den // g * d
        done = sub.done_map
        deadlines: dict[str, str] = {}
        for ident, due in p.dues:
            day = done.get(ident)
            if day is not None and day <= as_of:
                deadlines[ident] = "on_time" if day <= due else "late"
            else:
                deadlines[ident] = "overdue" if as_of > due else "pending"
        deadlines.update(p.undated)
        return Fraction(num, den), statuses, deadlines
