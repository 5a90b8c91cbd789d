"""The built wheel carries what an installed dti-rules needs: rules, examples, types, licence."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("dti_rules-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_holds_every_rule_set_and_example(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for folder in ("rules", "examples"):
        for path in sorted((ROOT / folder).iterdir()):
            assert f"dti_rules/_data/{folder}/{path.name}" in names, path.name


def test_wheel_is_typed_and_licensed(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert "dti_rules/py.typed" in names
    licences = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert licences
    assert wheel.read(licences[0]) == (ROOT / "LICENSE").read_bytes()
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    text = wheel.read(metadata).decode("utf-8")
    assert "License-Expression: MIT" in text
    assert "Classifier: Typing :: Typed" in text
