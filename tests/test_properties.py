"""Properties of scoring over generated rule sets and submissions (dti_rules.testing)."""

from __future__ import annotations

import pickle
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dti_rules import evaluate, ruleset_from_data, submission_from_data
from dti_rules.testing import (
    check_additivity,
    check_bounds,
    check_deadline_statuses,
    check_determinism,
    check_monotonicity,
    check_order_independence,
    monotone_inputs,
    ruleset_data,
    rulesets,
    submission_data,
)
from dti_rules.testing.strategies import METHODS, TARGET_KINDS


@st.composite
def _cases(draw: st.DrawFn, boundary: bool = False) -> tuple[Any, dict[str, Any]]:
    ruleset = draw(rulesets())
    return ruleset, draw(submission_data(ruleset, boundary=boundary))


@given(_cases(boundary=True))
def test_points_lie_within_bounds_and_add_up_exactly(case: tuple[Any, dict[str, Any]]) -> None:
    ruleset, data = case
    result = evaluate(ruleset, submission_from_data(data, ruleset))
    check_bounds(result)
    check_additivity(result)
    check_deadline_statuses(result)


@given(_cases())
def test_order_of_inputs_changes_nothing(case: tuple[Any, dict[str, Any]]) -> None:
    ruleset, data = case
    check_order_independence(ruleset, data)


@given(_cases(boundary=True), st.data())
def test_raising_a_monotone_input_never_lowers_points(
    case: tuple[Any, dict[str, Any]], data: st.DataObject
) -> None:
    ruleset, raw = case
    candidates = monotone_inputs(ruleset)
    if candidates:
        check_monotonicity(ruleset, raw, data.draw(st.sampled_from(candidates)))


@given(_cases())
def test_same_inputs_give_the_same_bytes(case: tuple[Any, dict[str, Any]]) -> None:
    ruleset, data = case
    check_determinism(ruleset, submission_from_data(data, ruleset))


@settings(max_examples=50)
@given(ruleset_data())
def test_fingerprint_depends_on_content_not_key_order(data: dict[str, Any]) -> None:
    first = ruleset_from_data(data)
    reordered = dict(reversed(list(data.items())))
    reordered["groups"] = [dict(reversed(list(g.items()))) for g in data["groups"]]
    assert ruleset_from_data(reordered).fingerprint == first.fingerprint
    renamed = {**data, "title": data["title"] + " (sửa)"}
    assert ruleset_from_data(renamed).fingerprint != first.fingerprint


@settings(max_examples=30)
@given(rulesets())
def test_compiled_rule_sets_survive_pickling(ruleset: Any) -> None:
    copy = pickle.loads(pickle.dumps(ruleset))
    assert copy == ruleset and copy.fingerprint == ruleset.fingerprint
    assert copy.spec == ruleset.spec


def test_generators_cover_every_method_and_target_kind() -> None:
    seen_methods: set[str] = set()
    seen_kinds: set[str] = set()

    @settings(max_examples=200, database=None)
    @given(ruleset_data())
    def collect(data: dict[str, Any]) -> None:
        for group in data["groups"]:
            for indicator in group["indicators"]:
                scoring = indicator["scoring"]
                seen_methods.add(scoring["method"])
                for item in scoring.get("items", []):
                    seen_methods.add(item["scoring"]["method"])
        for target in data["targets"]:
            seen_kinds.add(
                next((k for k in ("tiers", "relative", "kinds") if k in target), "fixed")
            )

    collect()
    assert seen_methods == set(METHODS)
    assert seen_kinds == set(TARGET_KINDS)
