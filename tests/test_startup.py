"""Start-up stays light: the library's dependencies load when first needed.

Each check runs in a fresh interpreter and reads ``sys.modules`` afterwards. How long start-up
takes is measured by ``benchmarks/bench_startup.py`` (see docs/performance.md), not here.
"""

from __future__ import annotations

import pytest

import dti_rules

from ._modules import loaded_after

HEAVY = ("durable", "rich", "icalendar", "holidays", "openpyxl", "pydantic", "hypothesis")


def _loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages loaded after ``code`` ran in a new interpreter."""
    return {name.partition(".")[0] for name in loaded_after(code, env)}


def _cli(*args: str) -> str:
    return (
        "from dti_rules.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
    )


def test_import_dti_rules_loads_none_of_the_heavy_modules() -> None:
    assert not _loaded_after("import dti_rules") & set(HEAVY)


def test_import_dti_rules_testing_loads_neither_hypothesis_nor_the_engine() -> None:
    assert not _loaded_after("import dti_rules.testing, dti_rules.testing.plugin") & set(HEAVY)


def test_version_loads_none_of_the_heavy_modules() -> None:
    assert not _loaded_after(_cli("--version")) & set(HEAVY)


def test_a_deadline_phrase_needs_only_the_calendar() -> None:
    loaded = _loaded_after(_cli("deadline", "trước ngày 15 hằng tháng", "--issued", "2024-03-29"))
    assert "holidays" in loaded  # the work calendar
    assert not loaded & {"durable", "rich", "icalendar", "openpyxl", "pydantic", "hypothesis"}


def test_evaluating_natively_does_not_import_durable_rules() -> None:
    loaded = _loaded_after(
        "from dti_rules import evaluate, load_ruleset, load_submission\n"
        "from dti_rules.rulesets import examples_dir\n"
        "rs = load_ruleset('q10-dti-2024')\n"
        "sub = load_submission(examples_dir() / 'q10-dti-2024.example.json', rs)\n"
        "evaluate(rs, sub, backend='native').to_json()",
        env={"DTI_RULES_NO_CACHE": "1"},
    )
    assert "pydantic" in loaded  # rule sets are checked at the boundary (no cache here)
    assert not loaded & {"durable", "rich", "icalendar", "openpyxl", "hypothesis"}


@pytest.mark.parametrize("name", ["evaluate", "load_ruleset", "Result", "DtiRulesError"])
def test_public_names_are_there_when_read(name: str) -> None:
    assert name in dir(dti_rules)
    assert getattr(dti_rules, name).__name__ == name


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        dti_rules.no_such_name  # type: ignore[attr-defined]  # noqa: B018
