"""Ranking many units scored against one rule set, overall and by group (pillar).

Units are ranked by their index as published: rounded once, by the rule set's policy (4
decimals for the DTI). Units whose published indices are equal share a rank, and the next
rank skips as many places ("1, 2, 2, 4"); within a tie they are listed by unit id (in the
order Python gives ``str``). Each group (pillar) is ranked the same way by its own index,
group points / group maximum. The units are kept in a temporary file, not in memory, so a
ranking of 100,000 units takes the memory one of 10,000 does::

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
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, overload

import attrs

from .._numbers import _round_int, to_json_number
from ..compiled import CompiledRuleSet
from ..engine import Load, SubmissionSource, map_results
from ..errors import DtiRulesError, msg
from ..result import Result
from ._rank_store import DuplicateUnit, Ranked, RankStore

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
    """Units ranked by index; ``groups`` names the ranked groups (pillars) in order.

    ``entries`` is a sequence of :class:`RankEntry`, best first. A ranking made by
    :func:`rank` or :func:`rank_results` keeps its units in a private temporary file, not in
    memory (a database that goes with the ranking), and makes an entry when it is read:
    reading the entries in order, or writing them with :meth:`iter_json`, holds one unit
    at a time. A pickled ranking carries its entries themselves."""

    ruleset_id: str
    ruleset_fingerprint: str
    groups: tuple[str, ...]
    entries: Sequence[RankEntry]

    def to_dict(self) -> dict[str, Any]:
        return {**self._head(), "units": [self._unit(e) for e in self.entries]}

    def _head(self) -> dict[str, Any]:
        return {
            "schema": "dti-rules/ranking/1",
            "ruleset": {"id": self.ruleset_id, "fingerprint": self.ruleset_fingerprint},
            "tie_rule": "equal published indices share a rank; the next rank skips (1, 2, 2, 4)",
        }

    @staticmethod
    def _unit(e: RankEntry) -> dict[str, Any]:
        return {
            "unit": e.unit,
            "name": e.name,
            "index": to_json_number(e.index),
            "points": to_json_number(e.points),
            "rank": e.rank,
            "groups": [
                {"id": gid, "index": None if idx is None else to_json_number(idx), "rank": place}
                for gid, idx, place in e.groups
            ],
        }

    def to_json(self) -> str:
        return "".join(self.iter_json())

    def iter_json(self) -> Iterator[str]:
        """The text of :meth:`to_json` in pieces, one unit at a time, for writing a ranking
        of many units without holding its text:

        >>> from dti_rules import load_ruleset
        >>> from dti_rules.analysis.ranking import rank_results
        >>> ranking = rank_results(load_ruleset("q10-dti-2024"), [])
        >>> print("".join(ranking.iter_json()), end="")  # doctest: +ELLIPSIS
        {
          "schema": "dti-rules/ranking/1",
          "ruleset": {
            "id": "q10-dti-2024",
            "fingerprint": "..."
          },
          "tie_rule": "equal published indices share a rank; the next rank skips (1, 2, 2, 4)",
          "units": []
        }
        """
        head = json.dumps({**self._head(), "units": []}, ensure_ascii=False, indent=2)
        if not self.entries:
            yield head + "\n"
            return
        before, after = head.rsplit("[]", 1)
        yield before + "[\n"
        separator = ""
        for entry in self.entries:
            text = json.dumps(self._unit(entry), ensure_ascii=False, indent=2)
            yield separator + "    " + text.replace("\n", "\n    ")
            separator = ",\n"
        yield "\n  ]" + after + "\n"


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


#: A group's index where none of its indicators binds the unit (it has no index).
_NO_INDEX = -(2**63)

#: What a ranking keeps of one unit: its id, its name, and its published index, points
#: and group indices as whole numbers of their last decimal place (0.9709 → 9709 at 4
#: places; ``_NO_INDEX`` for a group without one).
_Row = tuple[str, str, int, int, tuple[int, ...]]


def _ranked_groups(ruleset: CompiledRuleSet) -> tuple[str, ...]:
    return tuple(g.id for g in ruleset.groups if g.max_points)


def _row(ruleset: CompiledRuleSet, result: Result) -> _Row:
    """What a ranking keeps of one Result: its published figures, nothing else."""
    if result.ruleset_fingerprint != ruleset.fingerprint:
        raise DtiRulesError(
            msg(
                "the result for {unit!r} comes from another rule set ({ruleset})",
                unit=result.unit.id,
                ruleset=result.ruleset_id,
            )
        )
    policy = ruleset.spec.rounding
    # the groups' sums come with the Result; its items are made only when it has none
    groups = result.group_totals or result.groups
    by_id = {g.id: (g.points, g.max_points) for g in groups}
    shares: list[int] = []
    for gid in _ranked_groups(ruleset):
        points, most = by_id[gid]
        if not most:  # none of the group's indicators binds this unit
            shares.append(_NO_INDEX)
            continue
        share: Fraction = points / most
        shares.append(_round_int(share.numerator, share.denominator, policy.index, policy.mode))
    index, total = result.index, result.points
    return (
        result.unit.id,
        result.unit.name,
        _round_int(index.numerator, index.denominator, policy.index, policy.mode),
        _round_int(total.numerator, total.denominator, policy.points, policy.mode),
        tuple(shares),
    )


def rank_results(ruleset: CompiledRuleSet, results: Iterable[Result]) -> Ranking:
    """Rank Results of ``ruleset``. They are read one at a time and not kept: a ranking
    writes each unit's published figures to a temporary file as they arrive, so ranking a
    stream of 100,000 Results takes the memory ranking 10,000 does."""
    return _ranking(ruleset, (_row(ruleset, result) for result in results))


class _Entries(Sequence[RankEntry]):
    """A ranking's entries, best first, read from its store when read."""

    def __init__(self, store: RankStore, groups: tuple[str, ...], places: tuple[int, int]) -> None:
        self._store, self._groups, self._places = store, groups, places

    def __len__(self) -> int:
        return len(self._store)

    @overload
    def __getitem__(self, item: int) -> RankEntry: ...
    @overload
    def __getitem__(self, item: slice) -> tuple[RankEntry, ...]: ...
    def __getitem__(self, item: int | slice) -> RankEntry | tuple[RankEntry, ...]:
        positions = range(len(self))
        if isinstance(item, slice):
            wanted = positions[item]
            if not wanted:
                return ()
            # read the span in order and keep every step-th row: memory for the slice only
            low, high, step = min(wanted), max(wanted), abs(wanted.step)
            rows = self._store.rows(low, high + 1)
            found = [self._entry(row) for row in rows if (row[0] - low) % step == 0]
            return tuple(found if wanted.step > 0 else reversed(found))
        at = positions[item]  # IndexError out of range, as a list
        [row] = self._store.rows(at, at + 1)
        return self._entry(row)

    def __iter__(self) -> Iterator[RankEntry]:
        return (self._entry(row) for row in self._store.rows(0, len(self)))

    def _entry(self, row: Ranked) -> RankEntry:
        _pos, unit, name, index, points, place, shares = row
        index_places, points_places = self._places
        return RankEntry(
            unit=unit,
            name=name,
            index=Decimal(index).scaleb(-index_places),
            rank=place,
            points=Decimal(points).scaleb(-points_places),
            groups=tuple(
                (gid, None, None)
                if share is None
                else (gid, Decimal(share).scaleb(-index_places), group_rank)
                for gid, (share, group_rank) in zip(self._groups, shares, strict=True)
            ),
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"<{len(self)} ranked units>"

    def __reduce__(self) -> tuple[Any, ...]:
        # a pickle carries the entries themselves: the store is a file of this process
        return (tuple, (tuple(self),))


def _ranking(ruleset: CompiledRuleSet, found: Iterable[_Row]) -> Ranking:
    group_ids = _ranked_groups(ruleset)
    store = RankStore(len(group_ids))
    try:
        store.add_all(
            (unit, name, index, points, tuple(None if s == _NO_INDEX else s for s in shares))
            for unit, name, index, points, shares in found
        )
        store.finish()
    except DuplicateUnit as twice:
        store.close()
        raise DtiRulesError(msg("unit {unit!r} is given twice", unit=twice.unit)) from None
    except BaseException:
        store.close()
        raise
    policy = ruleset.spec.rounding
    entries = _Entries(store, group_ids, (policy.index, policy.points))
    return Ranking(ruleset.id, ruleset.fingerprint, group_ids, entries)


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
