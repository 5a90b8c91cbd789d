"""`rank` writes the same bytes in every format as the ranking that kept every unit in memory.

``tests/data/ranking_bytes.json`` holds the sha256 of every output of ``dti-rules rank`` for
units made from the bundled examples (each example, a unit with zero everywhere, one with full
marks, the example again under other ids so that indices tie, and for Quận 10 forty units
whose rates are the example's scaled down), as the ranking wrote them when it kept every
unit's figures in memory. A ranking that keeps its units in a temporary file must write
exactly those bytes.

Regenerate (only when a format is meant to change) with::

    .venv/bin/python tests/test_ranking_bytes.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dti_rules import load_ruleset
from dti_rules.cli import main
from dti_rules.rulesets import examples_dir
from dti_rules.testing import full_marks_data, zero_data

GOLDEN = Path(__file__).parent / "data" / "ranking_bytes.json"
RULESETS = ("q10-dti-2024", "dti-922-province", "hcmc-dx-2024", "binh-tan-dti-2023")
#: (name, command-line options, output file suffix)
OUTPUTS = (
    ("text-en", ["--lang", "en"], ".txt"),
    ("text-vi", ["--lang", "vi"], ".txt"),
    ("json", ["--format", "json"], ".json"),
    ("csv", ["--format", "csv"], ".csv"),
    ("xlsx-en", ["--format", "xlsx", "--lang", "en"], ".xlsx"),
    ("xlsx-vi", ["--format", "xlsx", "--lang", "vi"], ".xlsx"),
    ("html-vi", ["--format", "html", "--lang", "vi"], ".html"),
    ("html-en", ["--format", "html", "--lang", "en"], ".html"),
)


def _unit(data: dict[str, Any], ident: str, name: str) -> dict[str, Any]:
    return {**data, "unit": {**data["unit"], "id": ident, "name": name}}


def _scaled(data: dict[str, Any], percent: int) -> dict[str, Any]:
    """The example with every rate's numerator at ``percent`` of what it was."""
    inputs = {
        key: {**value, "numerator": value["numerator"] * percent // 100}
        if isinstance(value, dict) and "numerator" in value
        else value
        for key, value in data["inputs"].items()
    }
    return {**data, "inputs": inputs}


def _units(ruleset_id: str) -> list[dict[str, Any]]:
    rs = load_ruleset(ruleset_id)
    example = json.loads(
        (examples_dir() / f"{ruleset_id}.example.json").read_text(encoding="utf-8")
    )
    level = example["unit"]["level"]
    units = [
        example,
        _unit({**zero_data(rs, level), "unit": example["unit"]}, "zero", "Đơn vị Không"),
        _unit({**full_marks_data(rs, level), "unit": example["unit"]}, "full", "Đơn vị Đủ"),
        _unit(example, "a-copy", "Bản sao A"),  # ties with the example
        _unit(example, "z-copy", "Bản sao Z"),
    ]
    if ruleset_id == "q10-dti-2024":
        units += [
            _unit(_scaled(example, 60 + (k * 7) % 41), f"p{k:02}", f"Phường {k}") for k in range(40)
        ]
    return units


def _outputs(folder: Path) -> dict[str, str]:
    """The sha256 of every output of ``rank`` for every rule set's units."""
    runner = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"})
    found: dict[str, str] = {}
    for ruleset_id in RULESETS:
        paths = []
        for n, data in enumerate(_units(ruleset_id)):
            path = folder / f"{ruleset_id}.{n:02}.json"
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            paths.append(str(path))
        for name, options, suffix in OUTPUTS:
            out = folder / f"{ruleset_id}.{name}{suffix}"
            done = runner.invoke(main, ["rank", ruleset_id, *paths, *options, "-o", str(out)])
            assert done.exit_code == 0, done.output
            found[f"{ruleset_id} {name}"] = hashlib.sha256(out.read_bytes()).hexdigest()
    return found


def test_rank_writes_the_bytes_it_always_wrote(tmp_path: Path) -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert _outputs(tmp_path) == expected


@pytest.mark.parametrize("ruleset_id", RULESETS)
def test_the_units_rank_with_ties(ruleset_id: str, tmp_path: Path) -> None:
    """The units above do tie (else the bytes above would not test the order of ties)."""
    from dti_rules import submission_from_data  # noqa: PLC0415
    from dti_rules.analysis.ranking import rank  # noqa: PLC0415

    rs = load_ruleset(ruleset_id)
    subs = [submission_from_data(d, rs) for d in _units(ruleset_id)]
    ranks = [e.rank for e in rank(rs, subs, backend="native").entries]
    assert len(set(ranks)) < len(ranks)


if __name__ == "__main__":  # pragma: no cover - regenerates the file
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        GOLDEN.write_text(
            json.dumps(_outputs(Path(folder)), indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    sys.exit(0)
