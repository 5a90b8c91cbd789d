"""The scoring and targets of a rule set as a zen-engine decision graph (GoRules JDM).

Benchmark code, not part of the library: ``bench_evaluate.py`` times it beside the
backends. Install zen-engine with the optional extra ``bench``
(``pip install -e '.[bench]'``).

One graph per unit level (tiers differ by level), built once: an input node, one expression
node and an output node. For each target the expression node compares the unit's value
with its threshold by integer cross-multiplication (``value_num × threshold_den −
threshold_num × value_den``) and names the status by the sign, as the library's table of
statuses by sign does; each part's points follow from its target's status (or its input's
yes), and the total is their sum. zen-engine computes with decimals, so proportional points
(``points × value / threshold``) are rounded at its precision: the benchmark checks that
its total is within 1e-9 of the exact one, and that every status is the same.

What Python does around the engine is counted too: turning a submission into the
engine's input (each target's value as a numerator and a denominator) and its answer into
points and statuses.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import zen  # type: ignore[import-untyped]
from tuned_scorer import _STATUS, _number

from dti_rules import CompiledRuleSet, Submission
from dti_rules.model import Comparison, Level
from dti_rules.submission import Answer, DateValue

# status by comparison for a difference > 0, = 0 and < 0: the tuned scorer's, reversed
_BY_SIGN: dict[Comparison, tuple[str, str, str]] = {
    comparison: (above, equal, below) for comparison, (below, equal, above) in _STATUS.items()
}


def _graph(expressions: list[tuple[str, str]]) -> str:
    node = {"x": 0, "y": 0}
    return json.dumps(
        {
            "nodes": [
                {"id": "in", "type": "inputNode", "name": "request", "position": node},
                {
                    "id": "score",
                    "type": "expressionNode",
                    "name": "score",
                    "position": node,
                    "content": {
                        "expressions": [
                            {"id": str(i), "key": key, "value": value}
                            for i, (key, value) in enumerate(expressions)
                        ]
                    },
                },
                {"id": "out", "type": "outputNode", "name": "response", "position": node},
            ],
            "edges": [
                {"id": "a", "sourceId": "in", "targetId": "score", "type": "edge"},
                {"id": "b", "sourceId": "score", "targetId": "out", "type": "edge"},
            ],
        }
    )


class _LevelGraph:
    def __init__(self, engine: Any, ruleset: CompiledRuleSet, level: Level) -> None:
        rs = ruleset.for_level(level)
        expressions: list[tuple[str, str]] = []
        self.targets: list[tuple[str, str, str | None]] = []  # id, input, previous input
        threshold_of: dict[str, tuple[str, str, str]] = {}  # target: (num, den, null test)
        for k, t in enumerate(rs.targets):
            if t.kinds or t.not_due_before is not None:
                raise NotImplementedError(f"target {t.id}: kinds and not-yet-due targets")
            self.targets.append((t.id, t.input, t.previous_input or None))
            threshold = t.threshold if t.threshold is not None else None
            if t.tiers:
                threshold = t.tier(level)
            value_null = f"t{k}d == null"
            if t.threshold is None and not t.tiers:  # relative to the previous period
                assert t.relative_delta is not None
                dn, dd = t.relative_delta.numerator, t.relative_delta.denominator
                if t.relative_reading == "percentage_points":
                    num, den = f"(r{k}n * {dd} + {dn} * r{k}d)", f"(r{k}d * {dd})"
                else:
                    num, den = f"(r{k}n * {100 * dd + dn})", f"(r{k}d * {100 * dd})"
                null = f"{value_null} or r{k}d == null"
            elif threshold is None:  # no tier for this level
                num, den, null = "0", "1", "true"
            else:
                num, den, null = str(threshold.numerator), str(threshold.denominator), value_null
            threshold_of[t.id] = (num, den, null)
            up, same, down = _BY_SIGN[t.comparison]
            expressions.append((f"x{k}", f"{null} ? null : t{k}n * {den} - {num} * t{k}d"))
            expressions.append(
                (
                    f"s{k}",
                    f"$.x{k} == null ? 'not_evaluated' : "
                    f"($.x{k} > 0 ? '{up}' : ($.x{k} == 0 ? '{same}' : '{down}'))",
                )
            )
        positions = {t.id: k for k, t in enumerate(rs.targets)}
        self.binary: list[str] = []
        terms: list[str] = []
        for j, part in enumerate(p for i in rs.indicators for p in i.parts):
            rule = part.rule
            points = f"({part.points.numerator} / {part.points.denominator})"
            if rule.method == "binary":
                expressions.append((f"p{j}", f"b{len(self.binary)} ? {points} : 0"))
                self.binary.append(rule.input or "")
            elif rule.method in ("threshold", "proportional"):
                k = positions[rule.target or ""]
                done = f"$.s{k} == 'met' or $.s{k} == 'exceeded'"
                short = "0"
                if rule.method == "proportional":
                    num, den, _null = threshold_of[rule.target or ""]
                    short = (
                        f"($.s{k} == 'not_met' and {num} > 0 ? {points} * "
                        f"min([1, (t{k}n * {den}) / (t{k}d * {num})]) : 0)"
                    )
                expressions.append((f"p{j}", f"{done} ? {points} : {short}"))
            else:
                raise NotImplementedError(f"scoring method {rule.method}")
            terms.append(f"$.p{j}")
        expressions.append(("total", " + ".join(terms) or "0"))
        self.decision = engine.create_decision(_graph(expressions))

    def score(self, sub: Submission) -> tuple[Fraction, dict[str, str]]:
        get = sub.values_by_id.get
        context: dict[str, Any] = {}
        for k, (_ident, input_id, previous) in enumerate(self.targets):
            value = _number(get(input_id))
            context[f"t{k}n"], context[f"t{k}d"] = value if value is not None else (None, None)
            if previous is not None:
                before = _number(get(previous))
                context[f"r{k}n"], context[f"r{k}d"] = before or (None, None)
        for i, input_id in enumerate(self.binary):
            v = get(input_id)
            context[f"b{i}"] = type(v) is DateValue or (type(v) is Answer and v.value)
        out = self.decision.evaluate(context)["result"]
        statuses = {ident: out[f"s{k}"] for k, (ident, _i, _p) in enumerate(self.targets)}
        return Fraction(str(out["total"])), statuses


class ZenScorer:
    """Total points and target statuses of a submission by zen-engine."""

    def __init__(self, ruleset: CompiledRuleSet) -> None:
        self.engine = zen.ZenEngine()
        self.graphs = {level: _LevelGraph(self.engine, ruleset, level) for level in ruleset.levels}

    def score(self, sub: Submission) -> tuple[Fraction, dict[str, str]]:
        return self.graphs[sub.unit.level].score(sub)
