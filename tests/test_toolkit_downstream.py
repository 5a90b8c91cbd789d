"""The toolkit from outside: a fresh project with its own rule-set file and one test file,
run by pytest in a separate process with none of this test suite around it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dti_rules.testing import check_ruleset

from .conftest import MINI

PYPROJECT = """\
[tool.pytest.ini_options]
dti_rules_files = ["rules/*.yaml"]
dti_rules_max_examples = "15"
"""

TEST_FILE = """\
from hypothesis import given, settings

from dti_rules import load_ruleset
from dti_rules.testing import check_all, submissions

RULES = load_ruleset("rules/my-unit.yaml")


@settings(max_examples=15)
@given(submissions(RULES, boundary=True))
def test_my_rules_keep_every_invariant(submission):
    check_all(RULES, submission)


def test_with_the_fixture(dti_check_ruleset):
    dti_check_ruleset("rules/my-unit.yaml", max_examples=10)
"""


def _project(tmp_path: Path, rules: str) -> Path:
    root = tmp_path / "downstream"
    (root / "rules").mkdir(parents=True)
    (root / "rules" / "my-unit.yaml").write_text(rules, encoding="utf-8")
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (root / "test_my_rules.py").write_text(TEST_FILE, encoding="utf-8")
    return root


def _pytest(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "rules", "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_fresh_project_checks_its_rule_set_with_one_test_file(tmp_path: Path) -> None:
    root = _project(tmp_path, MINI.read_text(encoding="utf-8"))
    done = _pytest(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout  # the file's own item, and the two tests of the file


def test_a_broken_rule_set_fails_its_check(tmp_path: Path) -> None:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    # a target no value can meet: a count below zero
    data["targets"][0]["comparison"] = "lt"
    data["targets"][0]["threshold"] = 0
    data["targets"][0].pop("tiers", None)
    data["targets"][0].pop("relative", None)
    root = _project(tmp_path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    (root / "test_my_rules.py").unlink()
    done = _pytest(root)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "my-unit.yaml" in done.stdout


def test_check_ruleset_on_the_bundled_rule_sets() -> None:
    check_ruleset("q10-dti-2024", max_examples=10)
    check_ruleset(MINI, max_examples=10)


def test_check_ruleset_catches_a_rule_set_that_cannot_reach_its_maximum(
    tmp_path: Path,
) -> None:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["targets"][0]["comparison"] = "lt"
    data["targets"][0]["threshold"] = 0
    data["targets"][0].pop("tiers", None)
    data["targets"][0].pop("relative", None)
    path = tmp_path / "never.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises((AssertionError, ValueError)):
        check_ruleset(path, max_examples=5)


def test_the_toolkit_needs_nothing_from_this_suite() -> None:
    source = Path(__file__).resolve().parents[1] / "src" / "dti_rules" / "testing"
    for module in source.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "tests." not in text and "conftest" not in text, module.name
