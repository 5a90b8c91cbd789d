"""Hypothesis strategies: valid rule sets and submissions for them.

Every generated rule set loads without error and every generated submission binds to
its rule set; their shapes cover every scoring method and target kind of the model.

    >>> from hypothesis import given, settings
    >>> from dti_rules.testing import rulesets
    >>> @settings(max_examples=5)
    ... @given(rulesets(max_groups=2))
    ... def check(rs):
    ...     assert rs.max_points == sum(g.max_points for g in rs.groups)
    >>> check()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from ..compiled import CompiledRuleSet
from ..deadlines import due_days
from ..model import InputKind
from ..rulesets import ruleset_from_data
from ..submission import Submission, submission_from_data
from .calendar import deadline_rules
from .cases import envelope

__all__ = [
    "METHODS",
    "TARGET_KINDS",
    "ruleset_data",
    "rulesets",
    "rulesets_with_submissions",
    "submission_data",
    "submissions",
]

#: Scoring methods the generator can use.
METHODS = ("binary", "threshold", "proportional", "bands", "scaled", "items")
#: Ways a target's threshold can be set.
TARGET_KINDS = ("fixed", "tiers", "relative", "kinds")
_LEVELS = ("district", "ward")
_MEASURED = (InputKind.RATE.value, InputKind.COUNT.value, InputKind.NUMBER.value)
_NUMBER_MAX = 100


def _points() -> st.SearchStrategy[Decimal]:
    return st.integers(min_value=0, max_value=100).map(lambda n: Decimal(n) / 2)


def _threshold(kind: str, positive: bool) -> st.SearchStrategy[Decimal]:
    low = 1 if positive else 0
    if kind == InputKind.RATE.value:
        return st.integers(min_value=low, max_value=100).map(Decimal)
    if kind == InputKind.COUNT.value:
        return st.integers(min_value=low, max_value=50).map(Decimal)
    return st.integers(min_value=low * 2, max_value=2 * _NUMBER_MAX).map(lambda n: Decimal(n) / 2)


class _Builder:
    def __init__(self, draw: st.DrawFn, levels: list[str], target_kinds: Sequence[str]) -> None:
        self.draw = draw
        self.levels = levels
        self.target_kinds = target_kinds
        self.inputs: list[dict[str, Any]] = []
        self.targets: list[dict[str, Any]] = []

    def new_input(self, kind: str, ref: str, *, index: bool = False) -> str:
        ident = f"in{len(self.inputs)}"
        entry: dict[str, Any] = {
            "id": ident,
            "kind": kind,
            "name": f"Đầu vào {ident}",
            "source_ref": ref,
        }
        if kind == InputKind.NUMBER.value:
            entry["minimum"] = 0
            entry["maximum"] = 1 if index else _NUMBER_MAX
            if index and self.draw(st.booleans()):
                entry["points_of"] = self.draw(st.sampled_from([100, 300, 400]))
        if kind == InputKind.BOOLEAN.value:
            entry["evidence"] = self.draw(st.booleans())
        self.inputs.append(entry)
        return ident

    def new_target(self, ref: str, *, proportional: bool) -> str:
        draw = self.draw
        kind = draw(st.sampled_from(_MEASURED))
        measured = self.new_input(kind, ref)
        comparison = "ge" if proportional else draw(st.sampled_from(["ge", "gt", "eq", "le", "lt"]))
        ident = f"T{len(self.targets)}"
        target: dict[str, Any] = {
            "id": ident,
            "text": f"Chỉ tiêu {ident}",
            "source_ref": ref,
            "input": measured,
            "comparison": comparison,
        }
        how = draw(st.sampled_from(list(self.target_kinds)))
        if how == "kinds":
            del target["input"]
            count = draw(st.integers(min_value=2, max_value=3))
            target["kinds"] = [
                {
                    "kind": f"loại {n}",
                    "input": measured if n == 0 else self.new_input(kind, ref),
                    "threshold": draw(_threshold(kind, proportional)),
                }
                for n in range(count)
            ]
        elif how == "tiers":
            target["tiers"] = {level: draw(_threshold(kind, proportional)) for level in self.levels}
        elif how == "relative":
            previous = self.new_input(kind, ref)
            reading = draw(st.sampled_from(["percentage_points", "growth"]))
            delta = draw(st.integers(min_value=0, max_value=20))
            target["relative"] = {"previous_input": previous, "reading": reading, "delta": delta}
        else:
            target["threshold"] = draw(_threshold(kind, proportional))
            if draw(st.integers(0, 4)) == 0:
                target["by"] = "2025"  # runs past the rule set's year: not yet due
        self.targets.append(target)
        return ident

    def leaf(self, method: str, ref: str, points: Decimal) -> dict[str, Any]:
        if method == "binary":
            kind = self.draw(st.sampled_from([InputKind.BOOLEAN.value, InputKind.DATE.value]))
            return {"method": "binary", "input": self.new_input(kind, ref)}
        if method in {"threshold", "proportional"}:
            return {
                "method": method,
                "target": self.new_target(ref, proportional=method == "proportional"),
            }
        if method == "scaled":
            ident = self.new_input(InputKind.NUMBER.value, ref, index=True)
            return {"method": "scaled", "input": ident}
        kind = self.draw(st.sampled_from(_MEASURED))
        ident = self.new_input(kind, ref)
        lows = sorted(self.draw(st.sets(_threshold(kind, False), min_size=1, max_size=4)))
        ups = sorted(
            self.draw(
                st.lists(st.integers(0, int(points * 2)), min_size=len(lows), max_size=len(lows))
            )
        )
        bands = [
            {"at_least": low, "points": Decimal(up) / 2} for low, up in zip(lows, ups, strict=True)
        ]
        return {"method": "bands", "input": ident, "bands": bands}


@st.composite
def ruleset_data(
    draw: st.DrawFn,
    *,
    max_groups: int = 3,
    max_indicators: int = 4,
    methods: Sequence[str] = METHODS,
    target_kinds: Sequence[str] = TARGET_KINDS,
    max_tasks: int = 3,
    bindings: bool = False,
) -> dict[str, Any]:
    """Raw rule-set data (as a YAML file would hold it) that loads without error.

    Up to ``max_tasks`` tasks (their deadlines as phrases, the way documents word them) and
    as many reports (their deadlines as rule data) come with it. With ``bindings``, the rule
    set has every level the generator knows and each indicator, target, task and report
    binds a random part of them (``levels``), as consistent as the format requires.
    """
    if bindings:
        levels = list(_LEVELS)
    else:
        levels = draw(st.lists(st.sampled_from(_LEVELS), min_size=1, max_size=2, unique=True))
    builder = _Builder(draw, levels, target_kinds)
    leaf_methods = [m for m in methods if m != "items"] or ["binary"]
    groups: list[dict[str, Any]] = []
    for g in range(draw(st.integers(min_value=1, max_value=max_groups))):
        indicators: list[dict[str, Any]] = []
        for i in range(draw(st.integers(min_value=1, max_value=max_indicators))):
            ref = f"{g + 1}.{i + 1}"
            ident = f"G{g}.{i}"
            method = draw(st.sampled_from(list(methods)))
            if method == "items":
                items: list[dict[str, Any]] = []
                for k in range(draw(st.integers(min_value=1, max_value=3))):
                    pts = draw(_points())
                    sub_method = draw(st.sampled_from(leaf_methods))
                    items.append(
                        {
                            "id": f"{ident}.{k}",
                            "name": f"Mục {k}",
                            "source_ref": ref,
                            "points": pts,
                            "scoring": builder.leaf(sub_method, ref, pts),
                        }
                    )
                max_points = sum((item["points"] for item in items), Decimal(0))
                scoring: dict[str, Any] = {"method": "items", "items": items}
            else:
                max_points = draw(_points())
                scoring = builder.leaf(method, ref, max_points)
            indicators.append(
                {
                    "id": ident,
                    "name": f"Chỉ số {ident}",
                    "source_ref": ref,
                    "max_points": max_points,
                    "scoring": scoring,
                }
            )
        groups.append(
            {
                "id": f"G{g}",
                "name": f"Nhóm {g}",
                "source_ref": str(g + 1),
                "max_points": sum((i["max_points"] for i in indicators), Decimal(0)),
                "indicators": indicators,
            }
        )
    tasks = [
        {
            "id": f"task{n}",
            "name": f"Nhiệm vụ {n}",
            "source_ref": f"PL.{n}",
            "deadline": draw(deadline_rules(2023, 2025, weekly=False)).phrase(),
        }
        for n in range(draw(st.integers(0, max_tasks)))
    ]
    reports = [
        {
            "id": f"report{n}",
            "name": f"Báo cáo {n}",
            "source_ref": f"VIII.{n}",
            "deadline": "(dữ liệu)",
            "due": draw(deadline_rules(2023, 2025, several=False, weekly=False)).to_dict(),
            "cutoff": draw(st.booleans()),
        }
        for n in range(draw(st.integers(0, max_tasks)))
    ]
    if bindings:
        _bind(draw, levels, builder.targets, groups, tasks, reports)
    return {
        "schema": "dti-rules/ruleset/1",
        "id": "generated",
        "title": "Bộ chỉ số sinh tự động",
        "issuer": "hypothesis",
        "source": {"document": "KH 0/KH-TEST", "issued": "2024-01-15"},
        "effective": {"start": "2024-01-01", "end": "2024-12-31"},
        "levels": levels,
        "max_points": sum((grp["max_points"] for grp in groups), Decimal(0)),
        "rounding": {
            "points": draw(st.integers(0, 3)),
            "index": 4,
            "percent": 2,
            "mode": draw(st.sampled_from(["half_up", "half_even", "down"])),
        },
        "inputs": builder.inputs,
        "targets": builder.targets,
        "groups": groups,
        "tasks": tasks,
        "reports": reports,
        "calendar": {"roll_forward": draw(st.booleans())},
    }


def _some_levels(draw: st.DrawFn, levels: Sequence[str]) -> list[str]:
    chosen = draw(st.lists(st.sampled_from(list(levels)), min_size=1, unique=True))
    return [level for level in levels if level in chosen]


def _bind(
    draw: st.DrawFn,
    levels: Sequence[str],
    targets: list[dict[str, Any]],
    groups: list[dict[str, Any]],
    tasks: list[dict[str, Any]],
    reports: list[dict[str, Any]],
) -> None:
    """Give each item random ``levels``: an indicator's targets bind at least its levels."""
    needs: dict[str, set[str]] = {}
    for group in groups:
        for indicator in group["indicators"]:
            bound = _some_levels(draw, levels)
            indicator["levels"] = bound
            scoring = indicator["scoring"]
            leaves = [i["scoring"] for i in scoring["items"]] if "items" in scoring else [scoring]
            for leaf in leaves:
                if "target" in leaf:
                    needs.setdefault(leaf["target"], set()).update(bound)
    for target in targets:
        extra = set(_some_levels(draw, levels)) if draw(st.booleans()) else set()
        wanted = needs.get(target["id"], set()) | extra
        target["levels"] = [lvl for lvl in levels if lvl in wanted] or _some_levels(draw, levels)
    for item in (*tasks, *reports):
        item["levels"] = _some_levels(draw, levels)


def rulesets(
    *,
    max_groups: int = 3,
    max_indicators: int = 4,
    methods: Sequence[str] = METHODS,
    target_kinds: Sequence[str] = TARGET_KINDS,
    max_tasks: int = 3,
    bindings: bool = False,
) -> st.SearchStrategy[CompiledRuleSet]:
    """Compiled rule sets, bounded in size, using the given scoring methods and target kinds,
    with up to ``max_tasks`` tasks and reports with deadlines (and, with ``bindings``, items
    that bind only some of the rule set's levels)."""
    return ruleset_data(
        max_groups=max_groups,
        max_indicators=max_indicators,
        methods=methods,
        target_kinds=target_kinds,
        max_tasks=max_tasks,
        bindings=bindings,
    ).map(ruleset_from_data)


def _thresholds_of(ruleset: CompiledRuleSet, input_id: str) -> list[Any]:
    found: list[Any] = []
    for target in ruleset.targets:
        found.extend(t for _kind, ident, t in target.kinds if ident == input_id)
        if target.input == input_id and not target.kinds:
            if target.threshold is not None:
                found.append(target.threshold)
            found.extend(value for _, value in target.tiers)
    for indicator in ruleset.indicators:
        for part in indicator.parts:
            if part.rule.input == input_id:
                found.extend(low for low, _ in part.rule.bands)
    return found


def _value(draw: st.DrawFn, ruleset: CompiledRuleSet, input_id: str, boundary: bool) -> Any:
    spec = ruleset.input_map[input_id]
    kind = spec.kind
    at = _thresholds_of(ruleset, input_id) if boundary else []
    use_at: bool = bool(at) and draw(st.booleans())
    if kind is InputKind.BOOLEAN:
        flag = draw(st.booleans())
        evidence = draw(st.one_of(st.none(), st.just("QĐ 1/QĐ-UBND")))
        return {"value": flag, "evidence": evidence} if evidence else flag
    if kind is InputKind.DATE:
        return draw(
            st.dates(min_value=ruleset.spec.effective.start, max_value=ruleset.spec.effective.end)
        ).isoformat()
    if kind is InputKind.COUNT:
        if use_at:
            return int(draw(st.sampled_from(at)))
        return draw(st.integers(min_value=0, max_value=60))
    if kind is InputKind.NUMBER:
        low = spec.minimum if spec.minimum is not None else Fraction(0)
        high = spec.maximum if spec.maximum is not None else Fraction(_NUMBER_MAX)
        edges = [Fraction(e) for e in at if low <= Fraction(e) <= high]
        if edges and use_at:
            edge = draw(st.sampled_from(edges))
            return Decimal(edge.numerator) / Decimal(edge.denominator)
        # steps of (high - low) / 200 between the input's bounds, ends included
        step = draw(st.integers(min_value=0, max_value=200))
        value = low + (high - low) * step / 200
        if spec.points_of is not None and draw(st.booleans()):  # an index given as points
            points = value * spec.points_of
            return {"points": Decimal(points.numerator) / Decimal(points.denominator)}
        return Decimal(value.numerator) / Decimal(value.denominator)
    if use_at:  # a rate exactly at a threshold: threshold/100
        return {"numerator": int(draw(st.sampled_from(at))), "denominator": 100}
    denominator = draw(st.integers(min_value=0 if boundary else 1, max_value=400))
    numerator = draw(st.integers(min_value=0, max_value=denominator))
    return {"numerator": numerator, "denominator": denominator}


@st.composite
def submission_data(
    draw: st.DrawFn,
    ruleset: CompiledRuleSet,
    *,
    boundary: bool = False,
    missing: bool = True,
) -> dict[str, Any]:
    """Raw submission data for ``ruleset`` that binds without error.

    ``boundary`` adds values exactly at thresholds and band edges, and zero denominators;
    ``missing`` lets some inputs be left out.
    """
    level = draw(st.sampled_from([level.value for level in ruleset.levels]))
    inputs: dict[str, Any] = {}
    for item in ruleset.inputs:
        if missing and draw(st.integers(0, 9)) == 0:
            continue
        inputs[item.id] = _value(draw, ruleset, item.id, boundary)
    data = envelope(ruleset, {"id": "u1", "name": "Đơn vị thử", "level": level}, inputs)
    events = {
        ob.id: draw(st.dates(ruleset.terms.start, ruleset.terms.end))
        for ob in ruleset.obligations
        if ob.waits_for_event and draw(st.booleans())
    }
    dues = list(ruleset.schedule)
    for ob_id, day in events.items():
        dues.extend(due_days(ruleset.terms, ruleset.obligation_map[ob_id], event=day))
    done: dict[str, str] = {}
    for due in dues:
        if draw(st.integers(0, 3)) == 0:
            continue  # not done
        shift = draw(st.sampled_from([-1, 0, 1]) if boundary else st.integers(-40, 40))
        done[due.id] = (due.due + dt.timedelta(days=shift)).isoformat()
    if events:
        data["events"] = {key: day.isoformat() for key, day in events.items()}
    if done:
        data["done"] = done
    return data


def submissions(
    ruleset: CompiledRuleSet, *, boundary: bool = False, missing: bool = True
) -> st.SearchStrategy[Submission]:
    """Submissions bound to ``ruleset``."""
    return submission_data(ruleset, boundary=boundary, missing=missing).map(
        lambda data: submission_from_data(data, ruleset)
    )


@st.composite
def rulesets_with_submissions(
    draw: st.DrawFn, /, *, boundary: bool = False, **ruleset_options: Any
) -> tuple[CompiledRuleSet, Submission]:
    """A generated rule set with a submission for it."""
    ruleset = draw(rulesets(**ruleset_options))
    return ruleset, draw(submissions(ruleset, boundary=boundary))
