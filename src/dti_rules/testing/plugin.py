"""A pytest plugin: check a project's own rule-set files against every invariant.

Installed with dti-rules (entry point ``pytest11``), it does nothing until asked. Either
name the files in the project's pytest configuration::

    [tool.pytest.ini_options]
    dti_rules_files = ["rules/*.yaml"]

and ``pytest`` collects one test per file (the files must lie under the paths pytest
collects, e.g. ``testpaths``), or use the fixture in a test of your own::

    def test_my_rules(dti_check_ruleset):
        dti_check_ruleset("rules/my-unit.yaml")

Loading the plugin imports pytest alone: every pytest run of an environment where dti-rules
is installed loads it, with or without hypothesis (the ``test`` extra). The checks
themselves need hypothesis and import it when one runs; without it they fail with a message
saying what to install.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

__all__ = ["RuleSetFile", "RuleSetItem", "dti_check_ruleset"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "dti_rules_files",
        type="args",
        default=[],
        help="glob patterns (relative to the rootdir) of rule-set files to check with "
        "dti_rules.testing.check_ruleset",
    )
    parser.addini(
        "dti_rules_max_examples",
        default="50",
        help="hypothesis examples per rule-set file (default 50)",
    )


def _patterns(config: pytest.Config) -> list[str]:
    found: list[str] = config.getini("dti_rules_files")
    return found


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    config = parent.config
    for pattern in _patterns(config):
        if file_path.match(str(config.rootpath / pattern)) or file_path.match(pattern):
            collected: pytest.Collector = RuleSetFile.from_parent(parent, path=file_path)
            return collected
    return None


class RuleSetFile(pytest.File):
    """A rule-set file: one test checking it against every invariant."""

    def collect(self) -> Iterator[pytest.Item]:
        yield RuleSetItem.from_parent(self, name="dti_rules_invariants")


def _check_ruleset() -> Callable[..., None]:
    """``dti_rules.testing.check_ruleset``, imported (with hypothesis) only when a check runs."""
    try:
        from .suite import check_ruleset  # noqa: PLC0415 - hypothesis only when a check runs
    except ModuleNotFoundError as exc:
        if exc.name != "hypothesis":
            raise
        raise pytest.UsageError(
            "dti-rules: checking rule sets needs hypothesis; install dti-rules[test]"
        ) from exc
    return check_ruleset


class RuleSetItem(pytest.Item):
    def runtest(self) -> None:
        check_ruleset = _check_ruleset()
        examples = int(self.config.getini("dti_rules_max_examples"))
        check_ruleset(self.path, max_examples=examples)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"dti-rules invariants: {self.path.name}"

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return f"{self.path}: {excinfo.value}"


@pytest.fixture
def dti_check_ruleset() -> Callable[..., None]:
    """``dti_check_ruleset(path_or_id, max_examples=50)`` checks a rule set."""
    return _check_ruleset()
