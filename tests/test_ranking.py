"""Ranking many units: overall and per group, ties, output formats, the CLI."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dti_rules import DtiRulesError, evaluate, load_ruleset, load_submission, submission_from_data
from dti_rules.analysis.ranking import competition_ranks, rank, rank_results
from dti_rules.cli import main
from dti_rules.rulesets import examples_dir
from dti_rules.testing import full_marks_data, zero_data

Q10 = "q10-dti-2024"


@pytest.fixture(scope="module")
def q10() -> Any:
    return load_ruleset(Q10)


def _unit(data: dict[str, Any], ident: str, name: str) -> dict[str, Any]:
    return {**data, "unit": {"id": ident, "name": name, "level": "district"}}


def _example_data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (examples_dir() / f"{Q10}.example.json").read_text(encoding="utf-8")
    )
    return loaded


@pytest.fixture(scope="module")
def units(q10: Any) -> list[Any]:
    example = _example_data()
    return [
        submission_from_data(_unit(zero_data(q10, "district"), "q-zero", "Quận Không"), q10),
        submission_from_data(_unit(example, "q10", "Quận 10"), q10),
        submission_from_data(_unit(full_marks_data(q10, "district"), "q-full", "Quận Đủ"), q10),
        submission_from_data(_unit(example, "q05", "Quận 5"), q10),  # the same figures as q10
    ]


def test_units_are_ranked_by_index_with_shared_ranks_for_ties(q10: Any, units: list[Any]) -> None:
    ranking = rank(q10, units, backend="native")
    assert [(e.unit, e.rank) for e in ranking.entries] == [
        ("q-full", 1),
        ("q05", 2),  # tied with q10: same rank, listed by unit id
        ("q10", 2),
        ("q-zero", 4),  # the rank after a tie of two skips one place
    ]
    assert ranking.entries[0].index == Decimal("1.0000")
    assert ranking.entries[1].index == Decimal("0.9709")  # 640.78 / 660, to 4 decimals
    assert ranking.entries[-1].index == Decimal("0.0000")


def test_groups_are_ranked_beside_the_total(q10: Any, units: list[Any]) -> None:
    ranking = rank(q10, units, backend="native")
    assert ranking.groups == tuple(g.id for g in q10.groups)
    full = ranking.entries[0]
    assert all(idx == Decimal("1.0000") and place == 1 for _g, idx, place in full.groups)
    zero = ranking.entries[-1]
    assert all(place == 4 for _g, _idx, place in zero.groups)


def test_both_backends_rank_alike(q10: Any, units: list[Any]) -> None:
    native = rank(q10, units, backend="native").to_dict()
    durable = rank(q10, units).to_dict()
    assert native == durable


def test_results_from_another_rule_set_or_twice_the_same_unit_are_refused(
    q10: Any, units: list[Any], mini: Any, mini_submission_data: dict[str, Any]
) -> None:
    other = evaluate(mini, submission_from_data(mini_submission_data, mini))
    with pytest.raises(DtiRulesError, match="another rule set"):
        rank_results(q10, [other])
    twice = evaluate(q10, units[1], backend="native")
    with pytest.raises(DtiRulesError, match="given twice"):
        rank_results(q10, [twice, twice])


@given(st.lists(st.one_of(st.none(), st.integers(0, 5).map(Decimal)), max_size=12))
@settings(max_examples=200)
def test_competition_ranks(values: list[Decimal | None]) -> None:
    ranks = competition_ranks(values)
    for value, place in zip(values, ranks, strict=True):
        if value is None:
            assert place is None
            continue
        higher = sum(1 for v in values if v is not None and v > value)
        assert place == higher + 1  # one more than the number of units strictly ahead


def test_rank_command_formats(tmp_path: Path, q10: Any) -> None:
    paths = []
    for ident, data in (
        ("q10", _example_data()),
        ("q-full", full_marks_data(q10, "district")),
    ):
        path = tmp_path / f"{ident}.json"
        path.write_text(json.dumps(_unit(data, ident, ident), ensure_ascii=False), "utf-8")
        paths.append(path)
    runner = CliRunner()
    table = runner.invoke(main, ["rank", Q10, *map(str, paths)])
    assert table.exit_code == 0, table.output
    assert "q-full" in table.output and "0.9709" in table.output
    as_json = runner.invoke(main, ["rank", Q10, *map(str, paths), "--format", "json"])
    data = json.loads(as_json.output)
    assert [(u["unit"], u["index"], u["rank"]) for u in data["units"]] == [
        ("q-full", 1, 1),
        ("q10", 0.9709, 2),
    ]
    out = tmp_path / "rank.csv"
    as_csv = runner.invoke(main, ["rank", Q10, *map(str, paths), "--format", "csv", "-o", out])
    assert as_csv.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[1]["unit"] == "q10" and rows[1]["rank"] == "2" and rows[1]["index"] == "0.9709"
    assert "I index" in rows[0] and "IX rank" in rows[0]


def test_rank_command_with_a_bad_submission_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"unit": {"id": "x"}}', encoding="utf-8")
    out = tmp_path / "rank.json"
    result = CliRunner().invoke(main, ["rank", Q10, str(bad), "--format", "json", "-o", str(out)])
    assert result.exit_code == 3
    assert "Traceback" not in result.output and "bad.json" in result.output
    assert not out.exists()


def test_a_ranking_reads_group_totals_without_making_items() -> None:
    import attrs  # noqa: PLC0415

    from dti_rules.result import Deferred, GroupTotal  # noqa: PLC0415
    from dti_rules.testing import check_additivity  # noqa: PLC0415

    rs = load_ruleset("q10-dti-2024")
    result = evaluate(
        rs, load_submission(examples_dir() / "q10-dti-2024.example.json", rs), backend="native"
    )
    ranking = rank_results(rs, [result])
    items = result._breakdown
    assert isinstance(items, Deferred) and items._value is None, "the items were made"
    shares = dict((gid, idx) for gid, idx, _ in ranking.entries[0].groups)
    for group in result.groups:  # made now, to compare
        share = group.points / group.max_points
        assert shares[group.id] == round(Decimal(share.numerator) / share.denominator, 4)
    check_additivity(result)
    first = result.group_totals[0]
    wrong = attrs.evolve(
        result,
        group_totals=(
            GroupTotal(first.id, first.points + 1, first.max_points),
            *result.group_totals[1:],
        ),
    )
    with pytest.raises(AssertionError, match="group totals"):
        check_additivity(wrong)
