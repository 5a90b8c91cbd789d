"""Loading rule sets: the safe loader, located errors and the load-time consistency checks."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from dti_rules import RuleSetError, UnknownRuleSetError, load_ruleset, ruleset_from_data
from dti_rules.errors import DtiRulesError, InputFileError

from .conftest import MINI


def _problems(exc: pytest.ExceptionInfo[RuleSetError]) -> list[str]:
    return [f"{loc}: {msg}" for loc, msg in exc.value.problems]


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_mini_loads_with_its_declared_totals(mini: Any) -> None:
    assert mini.id == "mini"
    assert [int(g.max_points) for g in mini.groups] == [40, 60]
    assert mini.max_points == 100
    assert [i.id for i in mini.indicators] == ["I.1", "I.2", "I.3", "II.1", "II.3"]


def test_errors_form_one_hierarchy() -> None:
    assert issubclass(RuleSetError, InputFileError)
    assert issubclass(InputFileError, DtiRulesError)
    assert issubclass(UnknownRuleSetError, DtiRulesError)


def test_declared_group_total_that_disagrees_is_located(
    mini_data: dict[str, Any], write: Callable[[str, str], Path]
) -> None:
    mini_data["groups"][1]["max_points"] = 70
    mini_data["max_points"] = 110
    path = write("bad-total.yaml", _dump(mini_data))
    with pytest.raises(RuleSetError) as exc:
        load_ruleset(path)
    text = _problems(exc)
    assert any(
        "groups[1].max_points" in t and "declared total 70" in t and "= 60" in t for t in text
    ), text
    assert all(str(path) in t for t in text)
    # the line of the offending key is named
    line = next(loc.line for loc, _ in exc.value.problems if loc.path == "groups[1].max_points")
    assert line is not None
    assert "max_points" in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_declared_indicator_total_against_items(mini_data: dict[str, Any]) -> None:
    mini_data["groups"][1]["indicators"][0]["max_points"] = 25
    with pytest.raises(RuleSetError) as exc:
        ruleset_from_data(mini_data, "x.yaml")
    text = _problems(exc)
    assert any(
        "groups[1].indicators[0].max_points" in t and "sum of its items" in t for t in text
    ), text


def test_unknown_reference_suggests_the_close_id(mini_data: dict[str, Any]) -> None:
    mini_data["groups"][0]["indicators"][1]["scoring"]["target"] = "T-pc"
    with pytest.raises(RuleSetError) as exc:
        ruleset_from_data(mini_data, "x.yaml")
    (problem,) = _problems(exc)
    assert "groups[0].indicators[1].scoring.target" in problem
    assert "unknown target 'T-pc'" in problem
    assert "did you mean 'T-pcs'?" in problem


def test_wrong_type_names_path_line_and_expectation(
    mini_data: dict[str, Any], write: Callable[[str, str], Path]
) -> None:
    mini_data["targets"][1]["threshold"] = "hai mươi"
    path = write("bad-type.yaml", _dump(mini_data))
    with pytest.raises(RuleSetError) as exc:
        load_ruleset(path)
    (problem,) = _problems(exc)
    assert problem.startswith(f"{path}: targets[1].threshold (line ")
    assert "expected a number, got 'hai mươi'" in problem


def test_unknown_field_and_missing_field(mini_data: dict[str, Any]) -> None:
    mini_data["groups"][0]["maxpoints"] = 40
    del mini_data["inputs"][0]["kind"]
    with pytest.raises(RuleSetError) as exc:
        ruleset_from_data(mini_data, "x.yaml")
    text = _problems(exc)
    assert any("groups[0].maxpoints" in t and "unknown field" in t for t in text), text
    assert any("inputs[0].kind" in t and "required field is missing" in t for t in text), text


def test_duplicate_ids_are_refused(mini_data: dict[str, Any]) -> None:
    mini_data["targets"][1]["id"] = "T-pcs"
    with pytest.raises(RuleSetError) as exc:
        ruleset_from_data(mini_data, "x.yaml")
    assert any("targets[1].id" in t and "already used at targets[0]" in t for t in _problems(exc))


def test_duplicate_yaml_keys_are_refused(write: Callable[[str, str], Path]) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "max_points: 100\n", "max_points: 100\nmax_points: 90\n", 1
    )
    path = write("dup.yaml", text)
    with pytest.raises(RuleSetError) as exc:
        load_ruleset(path)
    (problem,) = _problems(exc)
    assert "duplicate key 'max_points'" in problem
    assert "line" in problem


def test_malformed_yaml_is_located(write: Callable[[str, str], Path]) -> None:
    path = write("broken.yaml", "schema: dti-rules/ruleset/1\ngroups: [\n  {id: I\n")
    with pytest.raises(RuleSetError) as exc:
        load_ruleset(path)
    (problem,) = _problems(exc)
    assert problem.startswith(str(path))
    assert "line" in problem


def test_unsafe_yaml_tags_are_refused_not_run(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    path = write(
        "evil.yaml",
        f"schema: !!python/object/apply:os.system ['touch {marker}']\nid: x\n",
    )
    with pytest.raises(RuleSetError) as exc:
        load_ruleset(path)
    assert not marker.exists()
    assert "python/object" in " ".join(_problems(exc))


def test_top_level_must_be_a_mapping(write: Callable[[str, str], Path]) -> None:
    with pytest.raises(RuleSetError, match="expected a mapping"):
        load_ruleset(write("list.yaml", "- 1\n- 2\n"))


def test_unknown_ruleset_name_lists_the_bundled_ones() -> None:
    with pytest.raises(UnknownRuleSetError, match="q10-dti-2024"):
        load_ruleset("no-such-ruleset")


def test_proportional_needs_a_ge_target(mini_data: dict[str, Any]) -> None:
    mini_data["targets"][1]["comparison"] = "gt"
    with pytest.raises(RuleSetError) as exc:
        ruleset_from_data(mini_data, "x.yaml")
    assert any("proportional scoring needs a 'ge' target" in t for t in _problems(exc))


def test_bands_must_rise(mini_data: dict[str, Any]) -> None:
    bands = mini_data["groups"][1]["indicators"][1]["scoring"]["bands"]
    bands[1]["at_least"] = 4
    with pytest.raises(RuleSetError) as exc:
        ruleset_from_data(mini_data, "x.yaml")
    assert any("bands[1].at_least" in t and "must increase" in t for t in _problems(exc))


def test_target_needs_exactly_one_threshold(mini_data: dict[str, Any]) -> None:
    mini_data["targets"][0]["tiers"] = {"district": 80}
    with pytest.raises(RuleSetError) as exc:
        ruleset_from_data(mini_data, "x.yaml")
    assert any(
        "targets[0]" in t and "exactly one of threshold, tiers, relative or kinds" in t
        for t in _problems(exc)
    )


def test_floats_are_read_exactly(mini: Any) -> None:
    band = mini.indicator_map["II.3"].parts[0].rule.bands[1]
    assert band[0] == pytest.approx(7.5) and band[0].denominator == 2


def test_compiled_ruleset_is_frozen_and_picklable(mini: Any) -> None:
    copy = pickle.loads(pickle.dumps(mini))
    assert copy == mini
    assert copy.fingerprint == mini.fingerprint
    with pytest.raises(AttributeError):
        mini.id = "other"


def test_fingerprint_ignores_layout_but_not_content(
    mini_data: dict[str, Any], write: Callable[[str, str], Path], mini: Any
) -> None:
    reordered = dict(reversed(list(mini_data.items())))
    reordered["targets"][0] = dict(reversed(list(reordered["targets"][0].items())))
    path = write("reordered.yaml", "# a comment\n" + _dump(reordered))
    assert load_ruleset(path).fingerprint == mini.fingerprint
    mini_data["groups"][0]["indicators"][0]["name"] = "Ban hành kế hoạch năm"
    assert ruleset_from_data(mini_data).fingerprint != mini.fingerprint


def test_json_rule_sets_load_too(
    mini_data: dict[str, Any], write: Callable[[str, str], Path], mini: Any
) -> None:
    text = json.dumps(mini_data, default=str, ensure_ascii=False)
    assert load_ruleset(write("mini.json", text)).fingerprint == mini.fingerprint
