"""Shared fixtures: the test rule set ``tests/data/mini.yaml`` and helpers to write files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from dti_rules import CompiledRuleSet, load_ruleset

# The suite keeps compiled rule sets in a cache of its own, never in the user's.
os.environ["DTI_RULES_CACHE_DIR"] = tempfile.mkdtemp(prefix="dti-rules-test-cache-")
os.environ.pop("DTI_RULES_NO_CACHE", None)

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"
MINI_SUBMISSION = DATA / "mini-submission.yaml"


def fill_template(
    skeleton: dict[str, Any],
    values: dict[str, Any],
    done: dict[str, Any] | None = None,
    events: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Fill a template's entries from a mapping-form submission's ``inputs``, ``done`` and
    ``events``."""
    for key, value in (done or {}).items():
        slot = skeleton["done"][key]
        if isinstance(slot, dict):
            assert set(value) <= set(slot), f"{key}: {set(value) - set(slot)} not in template"
            slot.update(value)
        else:
            skeleton["done"][key] = value
    for key, value in (events or {}).items():
        assert key in skeleton["events"]
        skeleton["events"][key] = value
    for entry in skeleton["inputs"]:
        raw = values.get(entry["id"])
        if isinstance(raw, dict) and "value" in raw:
            entry["value"], entry["evidence"] = raw["value"], raw.get("evidence")
        else:
            entry["value"] = raw
    return skeleton


def as_index(ruleset: CompiledRuleSet, ident: str, value: Any) -> Any:
    """An index given as points ({"points": x}) as the index itself: the form takes indices."""
    points_of = ruleset.input_map[ident].points_of
    if isinstance(value, dict) and "points" in value and points_of is not None:
        index = Fraction(value["points"]) / points_of
        return Decimal(index.numerator) / Decimal(index.denominator)
    return value


@pytest.fixture(scope="session")
def mini() -> CompiledRuleSet:
    return load_ruleset(MINI)


@pytest.fixture
def mini_data() -> dict[str, Any]:
    """The mini rule set as a fresh, mutable dict."""
    loaded: dict[str, Any] = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture
def mini_submission_data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MINI_SUBMISSION.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write text to a file in a temporary folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks the environment's language: tests read English unless they
    ask for Vietnamese (``--lang vi``, or an environment of their own)."""
    monkeypatch.setenv("LANGUAGE", "en")
