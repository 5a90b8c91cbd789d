"""Ranking many units scored against one rule set, overall and by group (pillar).

Units are ranked by their index as published: rounded once, by the rule set's policy (4
decimals for the DTI). Units whose published indices are equal share a rank, and the next
rank skips as many places ("1, 2, 2, 4"); within a tie they are listed by unit id. Each group
(pillar) is ranked the same way by its own index, group points / group maximum::

    >>> from dti_rules import load_ruleset, load_submission
    >>> from dti_rules.ranking import rank
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    >>> ranking = rank(rs, [sub], backend="native")
    >>> (ranking.entries[0].unit, ranking.entries[0].rank, str(ranking.entries[0].index))
    ('q10', 1, '0.9709')
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ._numbers import round_fraction, to_json_number
from .compiled import CompiledRuleSet
from .engine import evaluate
from .errors import DtiRulesError
from .result import Result
from .submission import Submission

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
    result: Result = attrs.field(eq=False, repr=False)


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

    def to_csv(self) -> str:
        """One row per unit: rank, unit, name, index, points, then index and rank per group."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        header = ["rank", "unit", "name", "index", "points"]
        for gid in self.groups:
            header += [f"{gid} index", f"{gid} rank"]
        writer.writerow(header)
        for e in self.entries:
            row: list[Any] = [e.rank, e.unit, e.name, str(e.index), str(e.points)]
            for _gid, idx, place in e.groups:
                row += ["" if idx is None else str(idx), "" if place is None else place]
            writer.writerow(row)
        return out.getvalue()


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


def rank_results(ruleset: CompiledRuleSet, results: Iterable[Result]) -> Ranking:
    """Rank already computed Results of ``ruleset``."""
    found = list(results)
    seen: set[str] = set()
    for result in found:
        if result.ruleset_fingerprint != ruleset.fingerprint:
            raise DtiRulesError(
                f"the result for {result.unit.id!r} comes from another rule set "
                f"({result.ruleset_id})"
            )
        if result.unit.id in seen:
            raise DtiRulesError(f"unit {result.unit.id!r} is given twice")
        seen.add(result.unit.id)
    policy = ruleset.spec.rounding
    indices = [round_fraction(r.index, policy.index, policy.mode) for r in found]
    overall = competition_ranks(indices)
    group_ids = tuple(g.id for g in ruleset.groups if g.max_points)
    per_group: dict[str, list[Decimal | None]] = {gid: [] for gid in group_ids}
    for result in found:
        by_id = {g.id: g for g in result.groups}
        for gid in group_ids:
            group = by_id[gid]
            if not group.max_points:  # none of the group's indicators binds this unit
                per_group[gid].append(None)
                continue
            share: Fraction = group.points / group.max_points
            per_group[gid].append(round_fraction(share, policy.index, policy.mode))
    group_ranks = {gid: competition_ranks(values) for gid, values in per_group.items()}
    entries = [
        RankEntry(
            unit=result.unit.id,
            name=result.unit.name,
            index=indices[i],
            rank=overall[i] or 0,
            points=round_fraction(result.points, policy.points, policy.mode),
            groups=tuple((gid, per_group[gid][i], group_ranks[gid][i]) for gid in group_ids),
            result=result,
        )
        for i, result in enumerate(found)
    ]
    entries.sort(key=lambda e: (e.rank, e.unit))
    return Ranking(ruleset.id, ruleset.fingerprint, group_ids, tuple(entries))


def rank(
    ruleset: CompiledRuleSet,
    submissions: Iterable[Submission],
    *,
    backend: str | None = None,
) -> Ranking:
    """Score every submission against ``ruleset`` and rank the units by index."""
    return rank_results(ruleset, (evaluate(ruleset, s, backend=backend) for s in submissions))
