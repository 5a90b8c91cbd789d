"""A ranking keeps each unit's figures as integers, in a temporary database, and gives the
entries, in the order, that ranking Decimals in memory would."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dti_rules import load_ruleset
from dti_rules.analysis.ranking import (
    _NO_INDEX,
    RankEntry,
    Ranking,
    _ranking,
    competition_ranks,
)

RS = load_ruleset("q10-dti-2024")
GROUPS = tuple(g.id for g in RS.groups if g.max_points)
PLACES = RS.spec.rounding.index
POINT_PLACES = RS.spec.rounding.points

_figure = st.integers(min_value=0, max_value=10**PLACES)
_rows = st.lists(
    st.tuples(
        _figure,
        st.integers(min_value=0, max_value=10**6),
        st.lists(st.one_of(st.none(), _figure), min_size=len(GROUPS), max_size=len(GROUPS)),
    ),
    max_size=40,
)
#: unit ids and names: any text, lone surrogates and NUL included (ties are listed by id in
#: Python's order of str, code point by code point)
_ids = st.lists(st.text(max_size=6), unique=True, min_size=40, max_size=40)
_names = st.lists(st.text(max_size=8), min_size=40, max_size=40)
#: few distinct figures, so that many units tie
_tied_rows = st.lists(
    st.tuples(
        st.sampled_from([0, 5000, 7500, 10**PLACES]),
        st.integers(min_value=0, max_value=3),
        st.lists(
            st.sampled_from([None, 0, 5000, 10**PLACES]),
            min_size=len(GROUPS),
            max_size=len(GROUPS),
        ),
    ),
    max_size=40,
)


def _decimal(whole: int, places: int) -> Decimal:
    return Decimal(whole).scaleb(-places)


def _expected(
    rows: list[tuple[int, int, list[int | None]]],
    ids: list[str] | None = None,
    names: list[str] | None = None,
) -> list[RankEntry]:
    """The entries as ranked from Decimals, by competition_ranks."""
    indices = [_decimal(index, PLACES) for index, _, _ in rows]
    overall = competition_ranks(indices)
    shares = [
        [None if s is None else _decimal(s, PLACES) for s in figures] for _, _, figures in rows
    ]
    by_group = [competition_ranks([row[k] for row in shares]) for k in range(len(GROUPS))]
    entries = [
        RankEntry(
            unit=f"u{i:03}" if ids is None else ids[i],
            name=f"Đơn vị {i}" if names is None else names[i],
            index=indices[i],
            rank=overall[i] or 0,
            points=_decimal(points, POINT_PLACES),
            groups=tuple((gid, shares[i][k], by_group[k][i]) for k, gid in enumerate(GROUPS)),
        )
        for i, (_, points, _) in enumerate(rows)
    ]
    return sorted(entries, key=lambda e: (e.rank, e.unit))


@given(_rows)
def test_entries_are_those_ranked_from_decimals(rows: list[Any]) -> None:
    found = _ranking(
        RS,
        (
            (
                f"u{i:03}",
                f"Đơn vị {i}",
                index,
                points,
                tuple(_NO_INDEX if s is None else s for s in figures),
            )
            for i, (index, points, figures) in enumerate(rows)
        ),
    )
    expected = _expected(rows)
    assert list(found.entries) == expected
    assert len(found.entries) == len(expected)
    if expected:
        assert found.entries[0] == expected[0]
        assert found.entries[-1] == expected[-1]
        assert list(found.entries[1:]) == expected[1:]
    # every published figure keeps its decimal places (0.5000 stays 0.5000)
    assert all(str(e.index).count(".") == (1 if PLACES else 0) for e in found.entries)


@given(_tied_rows | _rows, _ids, _names)
def test_any_ids_and_ties_come_in_the_order_of_a_plain_sort(
    rows: list[Any], ids: list[str], names: list[str]
) -> None:
    found = _ranking(
        RS,
        (
            (ids[i], names[i], index, points, tuple(_NO_INDEX if s is None else s for s in figs))
            for i, (index, points, figs) in enumerate(rows)
        ),
    ).entries
    expected = _expected(rows, ids, names)
    assert list(found) == expected
    # read at any place, from either end, and by any slice, as a list would be
    assert [found[i] for i in range(len(expected))] == expected
    assert [found[-i] for i in range(1, len(expected) + 1)] == expected[::-1]
    for cut in (slice(None, None, -1), slice(1, None, 3), slice(-3, 2, -2), slice(5, 2)):
        assert list(found[cut]) == expected[cut]
    with pytest.raises(IndexError):
        found[len(expected)]
    # the JSON written a unit at a time is the JSON of the whole
    ranking = Ranking(RS.id, RS.fingerprint, GROUPS, found)
    whole = json.dumps(ranking.to_dict(), ensure_ascii=False, indent=2) + "\n"
    assert "".join(ranking.iter_json()) == whole
