"""Where the bundled rule sets and example submissions are: inside the wheel, or rules/ and
examples/ of a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _data_dir(name: str) -> Path:
    packaged = resources.files("dti_rules") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / name


def rules_dir() -> Path:
    """Folder of the bundled rule sets (inside the wheel, or ``rules/`` of a checkout)."""
    return _data_dir("rules")


def examples_dir() -> Path:
    """Folder of the bundled example submissions."""
    return _data_dir("examples")


def bundled_rulesets() -> dict[str, Path]:
    """Bundled rule set ids and their files, sorted by id."""
    found: dict[str, Path] = {}
    folder = rules_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            found[path.stem] = path
    return found
