"""dti-rules as a project that depends on it meets it: the built wheel installed in a fresh
virtual environment.

Installing dti-rules registers its pytest plugin (entry point ``pytest11``) in every pytest
run of that environment, so the plugin must load where the ``test`` extra (hypothesis) is not
installed. The wheel goes in without its dependencies: the plugin's import path needs none of
them, and a fresh environment holding only pytest shows that it imports nothing else.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _pip(*args: str | Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with pytest and the dti-rules wheel, and nothing else."""
    base = tmp_path_factory.mktemp("install")
    _pip("wheel", "--no-deps", "--quiet", "--wheel-dir", base / "dist", ROOT)
    wheel = next((base / "dist").glob("dti_rules-*.whl"))
    env = base / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    _pip("--python", python, "install", "--quiet", "pytest")
    _pip("--python", python, "install", "--quiet", "--no-deps", wheel)
    return python


def _run(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_environment_has_no_hypothesis(fresh_env: Path, tmp_path: Path) -> None:
    done = _run(fresh_env, tmp_path, "-c", "import hypothesis")
    assert "No module named 'hypothesis'" in done.stderr


def test_pytest_runs_an_empty_project_where_dti_rules_is_installed(
    fresh_env: Path, tmp_path: Path
) -> None:
    done = _run(fresh_env, tmp_path, "-m", "pytest", "-p", "no:cacheprovider")
    assert done.returncode == 5, done.stdout + done.stderr  # 5: no tests collected, no error
    assert "no tests ran" in done.stdout


def test_a_project_s_own_tests_pass_with_the_plugin_loaded(fresh_env: Path, tmp_path: Path) -> None:
    (tmp_path / "test_app.py").write_text(
        "import sys\n\n\n"
        "def test_plugin_is_registered(pytestconfig):\n"
        '    assert pytestconfig.pluginmanager.has_plugin("dti_rules")\n\n\n'
        "def test_nothing_heavy_was_imported():\n"
        '    heavy = {"hypothesis", "pydantic", "rich", "holidays", "durable", "openpyxl"}\n'
        "    assert not heavy & {name.partition('.')[0] for name in sys.modules}\n",
        encoding="utf-8",
    )
    done = _run(fresh_env, tmp_path, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_the_wheel_ships_the_vietnamese_catalog(fresh_env: Path, tmp_path: Path) -> None:
    code = "from dti_rules._i18n import Language; print(Language.get('vi').p('status', 'met'))"
    done = _run(fresh_env, tmp_path, "-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "đạt"


def test_a_check_without_hypothesis_says_what_to_install(fresh_env: Path, tmp_path: Path) -> None:
    (tmp_path / "test_rules.py").write_text(
        'def test_rules(dti_check_ruleset):\n    dti_check_ruleset("rules/mine.yaml")\n',
        encoding="utf-8",
    )
    done = _run(fresh_env, tmp_path, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    assert done.returncode != 0
    assert "checking rule sets needs hypothesis; install dti-rules[test]" in done.stdout
