"""A Result pickles as plain data, small and quick to read back, and comes back the same:
equal, the same JSON to the byte in both languages, every item and text readable."""

from __future__ import annotations

import io
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dti_rules import evaluate, load_ruleset, load_submission, submission_from_data
from dti_rules.engine import BACKENDS
from dti_rules.model import Level
from dti_rules.rulesets import examples_dir
from dti_rules.testing import rulesets, submission_data

EXAMPLES = sorted(p.name for p in examples_dir().glob("*.json") if ".reported." not in p.name)


def _texts(result: Any, lang: str) -> list[object]:
    """Every item of ``result`` with its explanation or message in ``lang``."""
    return [
        result.explanation_in(lang),
        result.group_totals,
        result.left_out,
        [(g, g.explanation_in(lang)) for g in result.groups],
        [(i, i.explanation_in(lang)) for i in result.indicators],
        [(t, t.explanation_in(lang)) for t in result.targets],
        [(v, v.message_in(lang)) for v in result.violations],
        [(d, d.to_dict(lang)) for d in result.deadlines],
        [item.reason(result.unit.level, lang) for item in result.left_out],
    ]


def _check_round_trip(result: Any) -> None:
    data = pickle.dumps(result)
    back = pickle.loads(data)
    assert back == result
    assert repr(back) == repr(result)
    assert back.submission_fingerprint == result.submission_fingerprint
    for lang in ("en", "vi"):
        assert back.to_json(lang) == result.to_json(lang)
        assert _texts(back, lang) == _texts(result, lang)
    # a Result read back pickles again to the same Result
    again = pickle.loads(pickle.dumps(pickle.loads(data)))
    assert again == result and again.to_json() == result.to_json()


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Any, dict[str, Any]]:
    ruleset = draw(rulesets())
    return ruleset, draw(submission_data(ruleset, boundary=draw(st.booleans())))


@settings(max_examples=60, deadline=None)
@given(_cases(), st.sampled_from(BACKENDS), st.booleans())
def test_generated_results_come_back_the_same(
    case: tuple[Any, dict[str, Any]], backend: str, read_first: bool
) -> None:
    ruleset, data = case
    result = evaluate(ruleset, submission_from_data(data, ruleset), backend=backend)
    if read_first:  # items made before pickling travel as they are
        assert result.breakdown is not None
    _check_round_trip(result)


@settings(max_examples=60, deadline=None)
@given(_cases())
def test_generated_submissions_come_back_the_same(case: tuple[Any, dict[str, Any]]) -> None:
    ruleset, data = case
    submission = submission_from_data(data, ruleset)
    data_once = pickle.dumps(submission)
    back = pickle.loads(data_once)
    # pickled again before it is read: the plain data it came from, as it was
    assert pickle.dumps(back) == data_once
    assert back == submission and repr(back) == repr(submission)
    assert back.values_by_id == submission.values_by_id
    assert (back.done, back.events, back.source) == (
        submission.done,
        submission.events,
        submission.source,
    )
    assert back.ruleset_fingerprint == submission.ruleset_fingerprint
    assert back.fingerprint == submission.fingerprint
    assert evaluate(ruleset, back).to_json() == evaluate(ruleset, submission).to_json()


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_bundled_examples_come_back_the_same(name: str, backend: str) -> None:
    ruleset = load_ruleset(name.split(".", maxsplit=1)[0])
    result = evaluate(ruleset, load_submission(examples_dir() / name, ruleset), backend=backend)
    _check_round_trip(result)


def test_a_ward_keeps_what_was_left_out() -> None:
    ruleset = load_ruleset("q10-dti-2024")
    data = load_submission(examples_dir() / "q10-dti-2024.example.json", ruleset)
    ward = submission_from_data(
        {
            "unit": {"id": "p1", "name": "Phường 1", "level": Level.WARD.value},
            "period": data.period,
            "inputs": {},
        },
        ruleset,
    )
    result = evaluate(ruleset, ward, backend="native")
    assert result.left_out, "a ward is not bound by the district's items"
    _check_round_trip(result)


class _Names(pickle.Unpickler):
    """Reads a pickle back, noting the classes and functions it refers to."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.names: set[str] = set()

    def find_class(self, module: str, name: str) -> Any:
        self.names.add(f"{module}.{name}")
        return super().find_class(module, name)


def _globals(data: bytes) -> set[str]:
    """The names of the classes and functions a pickle refers to."""
    reader = _Names(data)
    reader.load()
    return reader.names


def test_a_pickled_result_is_plain_data() -> None:
    """Neither the submission's values nor the decisions travel as objects (an object per
    value or status is what made a Result slow to read back), and the bundled example's
    Result is a few kB (its rule set is about 200 kB)."""
    ruleset = load_ruleset("q10-dti-2024")
    sub = load_submission(examples_dir() / "q10-dti-2024.example.json", ruleset)
    data = pickle.dumps(evaluate(ruleset, sub, backend="native"))
    names = " ".join(_globals(data))
    for kind in (
        "Rate",
        "Answer",
        "Count",
        "Fraction",
        "TargetStatus",
        "DeadlineStatus",
        "LeftOut",
    ):
        assert kind not in names, f"{kind} objects were pickled one by one"
    assert len(data) < 11_000
    assert len(data) * 20 < len(pickle.dumps(ruleset))


def test_a_submission_read_back_is_made_when_first_read() -> None:
    ruleset = load_ruleset("q10-dti-2024")
    sub = load_submission(examples_dir() / "q10-dti-2024.example.json", ruleset)
    back = pickle.loads(pickle.dumps(sub))
    with pytest.raises(AttributeError):
        object.__getattribute__(back, "values")  # nothing made yet
    assert back.unit == sub.unit  # reading one field makes them all
    assert object.__getattribute__(back, "values") == sub.values
    assert not hasattr(back, "no_such_field")
