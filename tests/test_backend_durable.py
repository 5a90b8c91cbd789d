"""The durable backend: equal to the native one, no state left behind, safe across threads."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given

from dti_rules import (
    BackendUnavailableError,
    bundled_rulesets,
    evaluate,
    load_ruleset,
    load_submission,
    ruleset_from_data,
    submission_from_data,
)
from dti_rules.engine import _durable
from dti_rules.rulesets import examples_dir
from dti_rules.testing import check_backends_agree, rulesets_with_submissions

from .conftest import MINI_SUBMISSION

pytestmark = pytest.mark.skipif(
    _durable.import_error() is not None, reason="durable_rules cannot be imported here"
)


def _without_backend(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "backend"}


@given(rulesets_with_submissions(boundary=True))
def test_backends_agree_on_generated_cases(case: tuple[Any, Any]) -> None:
    check_backends_agree(*case)


@pytest.mark.parametrize("ident", sorted(bundled_rulesets()))
def test_backends_agree_on_every_bundled_example(ident: str) -> None:
    rs = load_ruleset(ident)
    example = examples_dir() / f"{ident}.example.json"
    check_backends_agree(rs, load_submission(example, rs))


def test_durable_is_the_default_and_names_itself(mini: Any) -> None:
    result = evaluate(mini, load_submission(MINI_SUBMISSION, mini))
    assert result.backend == "durable"


def test_ruleset_definition_is_data_named_by_fingerprint(mini: Any) -> None:
    definition = _durable.definition(mini)
    assert _durable.ruleset_name(mini) == f"dti_{mini.fingerprint[:32]}"
    # per comparison in use (ge and gt here): a rule per sign, and one for "not evaluated"
    assert sorted(n for n in definition if n.startswith(("ge_", "gt_"))) == [
        "ge_above",
        "ge_at",
        "ge_below",
        "ge_na",
        "gt_above",
        "gt_at",
        "gt_below",
        "gt_na",
    ]
    assert definition["gt_at"]["run"] == "target_not_met"  # "trên 80%": 80% is not above
    # every rule matches single facts and fires once for all it matches (cap)
    assert all(set(rule) == {"all", "cap", "run"} for rule in definition.values())
    assert all(len(rule["all"]) == 1 for rule in definition.values())
    assert definition == _durable.definition(mini)  # built afresh, never mutated


def test_two_versions_of_a_rule_set_live_side_by_side(
    mini: Any, mini_data: dict[str, Any], mini_submission_data: dict[str, Any]
) -> None:
    stricter_data = copy.deepcopy(mini_data)
    stricter_data["targets"][0]["threshold"] = 95
    stricter = ruleset_from_data(stricter_data)
    assert _durable.ruleset_name(stricter) != _durable.ruleset_name(mini)
    a = evaluate(mini, submission_from_data(mini_submission_data, mini))
    b = evaluate(stricter, submission_from_data(mini_submission_data, stricter))
    assert {t.id: t.status.value for t in a.targets}["T-pcs"] == "exceeded"
    assert {t.id: t.status.value for t in b.targets}["T-pcs"] == "not_met"


def test_ten_thousand_evaluations_leave_no_state(mini: Any) -> None:
    sub = load_submission(MINI_SUBMISSION, mini)
    first = evaluate(mini, sub, backend="durable").to_json()
    sessions = []
    for _ in range(10_000):
        assert evaluate(mini, sub, backend="durable").to_json() == first
        sessions.append(_durable.last_session_id())
    assert len(set(sessions)) == 10_000  # each evaluation had a session of its own ...
    # ... and durable_rules holds none of them any more (it allows 1,024 live sessions)
    assert all(_durable.session_state(mini, sid) is None for sid in sessions)


def test_concurrent_evaluations_equal_serial_ones(
    mini: Any, mini_submission_data: dict[str, Any]
) -> None:
    subs = []
    for news in range(40):
        data = copy.deepcopy(mini_submission_data)
        data["inputs"]["news"] = news
        data["inputs"]["pcs"] = {"numerator": 70 + news % 20, "denominator": 100}
        subs.append(submission_from_data(data, mini))
    serial = [evaluate(mini, s, backend="durable").to_json() for s in subs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            parallel = list(
                pool.map(lambda s: evaluate(mini, s, backend="durable").to_json(), subs)
            )
            assert parallel == serial


def test_an_action_that_fails_is_reported_not_swallowed(
    mini: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(session: Any, targets: list[str]) -> None:
        raise RuntimeError("action broke")

    monkeypatch.setitem(_durable._ACTIONS, "target_exceeded", broken)
    with pytest.raises(_durable.DurableEngineError, match="action broke"):
        evaluate(mini, load_submission(MINI_SUBMISSION, mini), backend="durable")
    monkeypatch.undo()
    # the failed session was deleted all the same
    assert _durable.session_state(mini, _durable.last_session_id() or "") is None
    assert evaluate(mini, load_submission(MINI_SUBMISSION, mini)).points > 0


def test_without_durable_rules_the_backend_fails_clearly(
    mini: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_durable, "_tried", True)
    monkeypatch.setattr(_durable, "_engine", None)
    monkeypatch.setattr(_durable, "_registered", {})
    monkeypatch.setattr(_durable, "_import_error", "ImportError: undefined symbol")
    sub = load_submission(MINI_SUBMISSION, mini)
    with pytest.raises(BackendUnavailableError, match="backend='native'"):
        evaluate(mini, sub, backend="durable")
    assert evaluate(mini, sub, backend="native").points > 0


def test_rule_definitions_are_validated_before_durable_rules_sees_them() -> None:
    with pytest.raises(_durable.DurableEngineError, match="unknown field"):
        _durable._validate(
            {"r": {"all": [{"m": {"colour": "red"}}], "cap": 9, "run": "target_met"}}
        )
    with pytest.raises(_durable.DurableEngineError, match="unknown action"):
        _durable._validate({"r": {"all": [{"m": {"kind": "x"}}], "cap": 9, "run": "print"}})
    with pytest.raises(_durable.DurableEngineError, match="exactly 'all', 'cap' and 'run'"):
        _durable._validate({"r": {"all": [{"m": {"kind": "x"}}], "run": "target_met"}})
    with pytest.raises(_durable.DurableEngineError, match="same fact only"):
        joined = {"$gt": {"day": {"d": "day"}}}  # a join with another fact's field
        _durable._validate({"r": {"all": [{"m": joined}], "cap": 9, "run": "due_late"}})
