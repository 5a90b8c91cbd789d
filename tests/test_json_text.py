"""Result.to_json writes its indented text without the pure-Python JSON encoder, and the
text stays what ``json.dumps(to_dict(), ensure_ascii=False, indent=2)`` gives, to the byte."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dti_rules import evaluate, load_ruleset, load_submission, submission_from_data
from dti_rules._json_text import dumps_indented
from dti_rules.rulesets import examples_dir
from dti_rules.testing import rulesets, submission_data


def _old_text(result: Any, lang: str | None) -> str:
    """What Result.to_json gave before: the pure-Python encoder."""
    return json.dumps(result.to_dict(lang), ensure_ascii=False, indent=2) + "\n"


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Any, dict[str, Any]]:
    ruleset = draw(rulesets())
    return ruleset, draw(submission_data(ruleset, boundary=draw(st.booleans())))


@settings(max_examples=60, deadline=None)
@given(_cases(), st.sampled_from([None, "en", "vi"]), st.sampled_from(["native", "durable"]))
def test_to_json_is_the_text_json_dumps_gives(
    case: tuple[Any, dict[str, Any]], lang: str | None, backend: str
) -> None:
    ruleset, data = case
    result = evaluate(ruleset, submission_from_data(data, ruleset), backend=backend)
    assert result.to_json(lang) == _old_text(result, lang)


# every bundled example submission (the rule set's id is the file name's first part)
EXAMPLES = sorted(p.name for p in examples_dir().glob("*.json") if ".reported." not in p.name)


def test_the_examples_are_found() -> None:
    assert "q10-dti-2024.example.json" in EXAMPLES and len(EXAMPLES) >= 6


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_bundled_examples_keep_their_bytes(name: str, lang: str) -> None:
    ruleset = load_ruleset(name.split(".", maxsplit=1)[0])
    result = evaluate(ruleset, load_submission(examples_dir() / name, ruleset), backend="native")
    text = result.to_json(lang)
    assert text == _old_text(result, lang)
    assert json.loads(text) == json.loads(json.dumps(result.to_dict(lang)))


# -- the writer on any JSON data ------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)  # any character, controls too
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | _TEXT
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(_TEXT, inner, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=300)
@given(_JSON, st.booleans())
def test_any_json_data_gives_the_bytes_of_json_dumps(data: Any, ensure_ascii: bool) -> None:
    assert dumps_indented(data, ensure_ascii=ensure_ascii) == json.dumps(
        data, indent=2, ensure_ascii=ensure_ascii
    )


class _Level(enum.IntEnum):
    WARD = 3


class _Code(enum.StrEnum):
    LATE = "late"


@pytest.mark.parametrize(
    "data",
    [
        {"level": _Level.WARD, "code": _Code.LATE, "ratio": math.inf},
        {1: "a number as key", "b": [1]},  # json writes the key as text: left to it
        {"deep": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},
        [list(range(3)) for _ in range(70)],
        "just text",
        7,
        -0.0,
        None,
    ],
)
def test_uncommon_values_are_written_as_json_writes_them(data: Any) -> None:
    assert dumps_indented(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_what_json_cannot_write_raises_what_json_raises() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"when": object()})
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(loop)
