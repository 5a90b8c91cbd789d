"""Ranking many units scored against one rule set, overall and by group (pillar).

Units are ranked by their index as published: rounded once, by the rule set's policy (4
decimals for the DTI). Units whose published indices are equal share a rank, and the next
rank skips as many places ("1, 2, 2, 4"); within a tie they are listed by unit id. Each group
(pillar) is ranked the same way by its own index, group points / group maximum::

    >>> from dti_rules import load_ruleset, load_submission
    >>> from dti_rules.analysis.ranking import rank
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    >>> ranking = rank(rs, [sub], backend="native")
    >>> (ranking.entries[0].unit, ranking.entries[0].rank, str(ranking.entries[0].index))
    ('q10', 1, '0.9709')
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from .._numbers import round_fraction, to_json_number
from ..compiled import CompiledRuleSet
from ..engine import Load, SubmissionSource, map_results
from ..errors import DtiRulesError
from ..result import Result

__all__ = ["RankEntry", "Ranking", "competition_ranks", "rank", "rank_results"]


@attrs.frozen
class RankEntry:
    """One unit's place: its index and rank overall, and per group."""

    unit: str
    name: str
    index: Decimal
    rank: int
    points: Decimal
    groups: tuple[tuple[str, Decimal | None, int | None], ...]  # (group id, index, rank)


@attrs.frozen
class Ranking:
    """Units ranked by index; ``groups`` names the ranked groups (pillars) in order."""

    ruleset_id: str
    ruleset_fingerprint: str
    groups: tuple[str, ...]
    entries: tuple[RankEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "dti-rules/ranking/1",
            "ruleset": {"id": self.ruleset_id, "fingerprint": self.ruleset_fingerprint},
            "tie_rule": "equal published indices share a rank; the next rank skips (1, 2, 2, 4)",
            "units": [
                {
                    "unit": e.unit,
                    "name": e.name,
                    "index": to_json_number(e.index),
                    "points": to_json_number(e.points),
                    "rank": e.rank,
                    "groups": [
                        {
                            "id": gid,
                            "index": None if idx is None else to_json_number(idx),
                            "rank": place,
                        }
                        for gid, idx, place in e.groups
                    ],
                }
                for e in self.entries
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def competition_ranks(values: Sequence[Decimal | None]) -> list[int | None]:
    """Ranks of ``values``, highest first; equal values share a rank ("1, 2, 2, 4");
    None (no index) gets no rank.

    >>> competition_ranks([Decimal("0.5"), Decimal("0.7"), Decimal("0.5"), None])
    [2, 1, 2, None]
    """
    present = sorted((v for v in values if v is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for place, value in enumerate(present, start=1):
        first.setdefault(value, place)
    return [None if v is None else first[v] for v in values]


@attrs.frozen
class _Row:
    unit: str
    name: str
    index: Decimal
    points: Decimal
    shares: tuple[Decimal | None, ...]


def _ranked_groups(ruleset: CompiledRuleSet) -> tuple[str, ...]:
    return tuple(g.id for g in ruleset.groups if g.max_points)


def _row(ruleset: CompiledRuleSet, result: Result) -> _Row:
    """What a ranking keeps of one Result: its published figures, nothing else."""
    if result.ruleset_fingerprint != ruleset.fingerprint:
        raise DtiRulesError(
            f"the result for {result.unit.id!r} comes from another rule set ({result.ruleset_id})"
        )
    policy = ruleset.spec.rounding
    # the groups' sums come with the Result; its items are made only when it has none
    groups = result.group_totals or result.groups
    by_id = {g.id: (g.points, g.max_points) for g in groups}
    shares: list[Decimal | None] = []
    for gid in _ranked_groups(ruleset):
        points, most = by_id[gid]
        if not most:  # none of the group's indicators binds this unit
            shares.append(None)
            continue
        share: Fraction = points / most
        shares.append(round_fraction(share, policy.index, policy.mode))
    return _Row(
        unit=result.unit.id,
        name=result.unit.name,
        index=round_fraction(result.index, policy.index, policy.mode),
        points=round_fraction(result.points, policy.points, policy.mode),
        shares=tuple(shares),
    )


def rank_results(ruleset: CompiledRuleSet, results: Iterable[Result]) -> Ranking:
    """Rank Results of ``ruleset``. They are read one at a time and not kept: a ranking
    holds each unit's published figures only, so ranking a stream of Results takes memory
    for the ranking, not for the Results."""
    return _ranking(ruleset, (_row(ruleset, result) for result in results))


def _ranking(ruleset: CompiledRuleSet, found: Iterable[_Row]) -> Ranking:
    group_ids = _ranked_groups(ruleset)
    rows: list[_Row] = []
    seen: set[str] = set()
    for row in found:
        if row.unit in seen:
            raise DtiRulesError(f"unit {row.unit!r} is given twice")
        seen.add(row.unit)
        rows.append(row)
    overall = competition_ranks([row.index for row in rows])
    group_ranks = [
        competition_ranks([row.shares[k] for row in rows]) for k in range(len(group_ids))
    ]
    entries = [
        RankEntry(
            unit=row.unit,
            name=row.name,
            index=row.index,
            rank=overall[i] or 0,
            points=row.points,
            groups=tuple(
                (gid, row.shares[k], group_ranks[k][i]) for k, gid in enumerate(group_ids)
            ),
        )
        for i, row in enumerate(rows)
    ]
    entries.sort(key=lambda e: (e.rank, e.unit))
    return Ranking(ruleset.id, ruleset.fingerprint, group_ids, tuple(entries))


def rank(
    ruleset: CompiledRuleSet,
    submissions: Iterable[SubmissionSource],
    *,
    backend: str | None = None,
    workers: int | None = None,
    load: Load | None = None,
) -> Ranking:
    """Score every submission against ``ruleset`` and rank the units by index.

    ``submissions`` are loaded submissions, or sources ``load`` reads (paths of files, with
    :func:`dti_rules.load_submission`); ``workers`` is that of
    :func:`~dti_rules.engine.evaluate_many` (``0``: every core).
    """
    # Each unit's figures are taken where its Result is made: in a worker, only they return.
    rows = map_results(ruleset, submissions, _row, backend=backend, workers=workers, load=load)
    return _ranking(ruleset, rows)
