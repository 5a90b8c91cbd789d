"""Results of an evaluation: exact points, statuses, violations and explanations.

Every number is kept exact (a :class:`~fractions.Fraction`) and rounded once, by the rule
set's policy, when the Result is turned into data with :meth:`Result.to_dict` or
:meth:`Result.to_json`::

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    >>> result = evaluate(rs, sub, backend="native")
    >>> result.to_dict()["score"]["max_points"]
    660
    >>> result.points == sum(g.points for g in result.groups)
    True

Items are listed in the rule set's order and looked up by id as well::

    >>> result.targets["CT-1"].status
    <TargetStatus.MET: 'met'>
    >>> result.deadlines["I.4"]  # doctest: +ELLIPSIS
    Deadline(id='I.4', status=<DeadlineStatus.LATE: 'late'>, due=..., days=1)
    >>> result  # doctest: +ELLIPSIS
    Result(ruleset='q10-dti-2024', unit='q10', ..., points=640.78, ..., index=0.9709, ...)

Explanations and messages are English; ``explanation_in(lang)`` and ``message_in(lang)``
give them in Vietnamese (``to_dict(lang=...)`` and ``to_json(lang=...)`` too; keys, ids,
codes and statuses are the same in both, and the default is English)::

    >>> result.targets["CT-1"].explanation.formula
    '100% ≥ 100% (fixed threshold) → met'
    >>> result.targets["CT-1"].explanation_in("vi").formula
    '100% ≥ 100% (ngưỡng cố định) → đạt'
    >>> result.violations[0].message_in("vi")  # doctest: +ELLIPSIS
    '≈33% không thỏa ≥ 100%: Đảm bảo mỗi người dân có … một chữ ký số cá nhân ...'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import (
    Any,
)

import attrs

from ._i18n import Language
from ._items import (
    ById,
    Deadline,
    DueInfo,
    GroupResult,
    IndicatorResult,
    IndicatorStatus,
    LeftOut,
    TargetResult,
    TargetStatus,
    Violation,
    ViolationCode,
    _by_id,
    left_out_items,
    packed_left_out,
)
from ._json_text import dumps_indented
from ._numbers import round_fraction, to_json_number
from ._rendered import Deferred, Explanation, Renderer, _lang, _made
from ._terms import RoundingPolicy
from .calendar.status import DeadlineStatus

__all__ = [
    "Breakdown",
    "ById",
    "Deadline",
    "DeadlineStatus",
    "Deferred",
    "DueInfo",
    "Explanation",
    "GroupResult",
    "GroupTotal",
    "IndicatorResult",
    "IndicatorStatus",
    "LeftOut",
    "Renderer",
    "Result",
    "RoundingPolicy",
    "TargetResult",
    "TargetStatus",
    "Violation",
    "ViolationCode",
]

RESULT_SCHEMA = "dti-rules/result/1"
_DEADLINE_STATUSES = tuple(DeadlineStatus)


@attrs.frozen
class GroupTotal:
    """A group's points and maximum for one unit, known as soon as the Result is made
    (without making its items): what a ranking of many units reads.

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> result = evaluate(rs, load_submission(examples_dir() / "q10-dti-2024.example.json", rs))
    >>> [(g.id, g.points, g.max_points) for g in result.groups][:2] == [
    ...     (g.id, g.points, g.max_points) for g in result.group_totals][:2]
    True
    """

    id: str
    points: Fraction
    max_points: Fraction


@attrs.frozen
class UnitRef:
    id: str
    name: str
    level: str


@attrs.frozen
class Breakdown:
    """A Result's items: its groups, indicators, targets, violations and deadlines.

    An engine may give a Result its breakdown as a :class:`Deferred`: the items are then
    made, from the decisions the Result keeps, when one of them is first read. Scoring many
    units pays for their totals; the items of a Result nobody reads are never made.

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    >>> result = evaluate(rs, sub, backend="native")
    >>> items = result.breakdown  # made now, kept from now on
    >>> items.targets is result.targets and len(items.targets) == len(rs.targets)
    True
    >>> sum(g.points for g in items.groups) == result.points
    True
    """

    groups: ById[GroupResult] = attrs.field(default=ById(), converter=_by_id)
    indicators: ById[IndicatorResult] = attrs.field(default=ById(), converter=_by_id)
    targets: ById[TargetResult] = attrs.field(default=ById(), converter=_by_id)
    violations: tuple[Violation, ...] = ()
    deadlines: ById[Deadline] = attrs.field(default=ById(), converter=_by_id)


@attrs.frozen
class Result:
    """The outcome of evaluating one submission against one rule set.

    ``points`` is known at once; the items (``groups``, ``indicators``, ``targets``,
    ``violations``, ``deadlines``) come from the Result's :class:`Breakdown`, which an
    engine makes when one of them is first read (until then the Result keeps the rule set,
    the submission and the backend's decisions they are made from). Two Results are equal
    when every field and every item is."""

    ruleset_id: str
    ruleset_fingerprint: str
    # the submission's fingerprint, or what computes it when first read
    _submission_fingerprint: str | Deferred[str]
    unit: UnitRef
    period: str
    as_of: dt.date | None
    backend: str
    points: Fraction
    max_points: Fraction
    rounding: RoundingPolicy = attrs.field(eq=False)
    _breakdown: Breakdown | Deferred[Breakdown] = Breakdown()
    # the rule set's items that do not bind this unit's level (or what makes them)
    _left_out: tuple[LeftOut, ...] | Deferred[tuple[LeftOut, ...]] = ()
    #: Each group's points and maximum, in the rule set's order (the groups' sums, known
    #: without making the items; compared through the groups).
    _group_totals: tuple[GroupTotal, ...] | Deferred[tuple[GroupTotal, ...]] = attrs.field(
        default=(), eq=False
    )
    # made from the groups, the totals and the rule set's document, all compared already
    _explanation: Explanation | Deferred[Explanation] | Renderer[Explanation] | None = attrs.field(
        default=None, eq=False
    )

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as plain data where it can be: numbers as integers, the group totals as
        integers (made into GroupTotals again when first read), the submission as its
        plain data (see ``Submission.__reduce__``), the rule set by reference; the items
        are not sent, only the decisions they are made from (unless they were read).

        >>> import pickle
        >>> from dti_rules import evaluate, load_ruleset, load_submission
        >>> from dti_rules.rulesets import examples_dir
        >>> rs = load_ruleset("q10-dti-2024")
        >>> sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
        >>> result = evaluate(rs, sub, backend="native")
        >>> data = pickle.dumps(result)
        >>> len(data) < 11_000, pickle.loads(data).to_json() == result.to_json()
        (True, True)
        """
        unit, points, maximum = self.unit, self.points, self.max_points
        made = self._group_totals
        totals: tuple[tuple[str, ...], tuple[int, ...]] | Deferred[tuple[GroupTotal, ...]]
        if isinstance(made, tuple):  # made already: as integers
            totals = (
                tuple(t.id for t in made),
                tuple(n for t in made for n in _ints(t.points, t.max_points)),
            )
        else:
            totals = made
        return _unpickled, (
            self.ruleset_id,
            self.ruleset_fingerprint,
            self._submission_fingerprint,
            unit.id,
            unit.name,
            unit.level,
            self.period,
            self.as_of,
            self.backend,
            points.numerator,
            points.denominator,
            maximum.numerator,
            maximum.denominator,
            self.rounding,
            self._breakdown,
            packed_left_out(self.left_out),
            totals,
            self._explanation,
        )

    def __repr__(self) -> str:
        return (
            f"Result(ruleset={self.ruleset_id!r}, unit={self.unit.id!r}, "
            f"period={self.period!r}, points={self._num(self.points)}, "
            f"max_points={self._num(self.max_points)}, "
            f"index={self._num(self.index, 'index')}, backend={self.backend!r})"
        )

    @property
    def left_out(self) -> tuple[LeftOut, ...]:
        """The rule set's items that do not bind this unit's level, in the rule set's order."""
        found = self._left_out
        return found if isinstance(found, tuple) else found.get()

    @property
    def group_totals(self) -> tuple[GroupTotal, ...]:
        """Each group's points and maximum, in the rule set's order (made when first
        read, from the sums the evaluation kept)."""
        found = self._group_totals
        return found if isinstance(found, tuple) else found.get()

    @property
    def submission_fingerprint(self) -> str:
        """sha256 of the submission scored (see ``Submission.fingerprint``), computed when
        first read."""
        found = self._submission_fingerprint
        return found if isinstance(found, str) else found.get()

    @property
    def breakdown(self) -> Breakdown:
        """The items, made on first use."""
        return _made(self._breakdown, Breakdown, self)

    @property
    def groups(self) -> ById[GroupResult]:
        """Each group's points, in the rule set's order (``groups["I"]`` by id)."""
        return self.breakdown.groups

    @property
    def indicators(self) -> ById[IndicatorResult]:
        """Each indicator's points, group by group (``indicators["I.1"]`` by id)."""
        return self.breakdown.indicators

    @property
    def targets(self) -> ById[TargetResult]:
        """Each target's status, in the rule set's order (``targets[id]`` by id)."""
        return self.breakdown.targets

    @property
    def violations(self) -> tuple[Violation, ...]:
        """The rules broken: inputs and targets in the rule set's order, then deadlines."""
        return self.breakdown.violations

    @property
    def deadlines(self) -> ById[Deadline]:
        """Every due day's status on the evaluation date
        (``deadlines["VIII.7.monthly@2024-04"]`` by id)."""
        return self.breakdown.deadlines

    @property
    def explanation(self) -> Explanation | None:
        """How the total and the index came about."""
        return self.explanation_in(None)

    def explanation_in(self, lang: str | Language | None) -> Explanation | None:
        """:attr:`explanation` in ``lang`` (``"en"`` or ``"vi"``; None: English)."""
        found = self._explanation
        return None if found is None else _made(found, Explanation, self, _lang(lang))

    @property
    def index(self) -> Fraction:
        """points / max_points, exact."""
        return self.points / self.max_points if self.max_points else Fraction(0)

    def deadline_summary(self) -> dict[str, int]:
        """How many due days have each deadline status (keyed by the status's value)."""
        counts = {status.value: 0 for status in _DEADLINE_STATUSES}
        for deadline in self.deadlines:
            counts[deadline.status.value] += 1
        return counts

    def summary(self) -> dict[str, int]:
        counts = {status.value: 0 for status in TargetStatus}
        for target in self.targets:
            counts[target.status.value] += 1
        return counts

    # -- presentation: the one place numbers are rounded --------------------------------

    def round_points(self, value: Fraction) -> Decimal:
        return round_fraction(value, self.rounding.points, self.rounding.mode)

    def round_index(self, value: Fraction) -> Decimal:
        return round_fraction(value, self.rounding.index, self.rounding.mode)

    def round_percent(self, value: Fraction) -> Decimal:
        return round_fraction(value, self.rounding.percent, self.rounding.mode)

    def _num(self, value: Fraction, kind: str = "points") -> int | float:
        rounder = {
            "points": self.round_points,
            "index": self.round_index,
            "percent": self.round_percent,
        }[kind]
        return to_json_number(rounder(value))

    def to_dict(self, lang: str | Language | None = None) -> dict[str, Any]:
        """The result JSON contract (``dti-rules/result/1``) as plain data. ``lang``
        (``"en"`` or ``"vi"``; None: English) is the language of its texts (explanations,
        messages, reasons); keys, ids, codes and statuses are the same in every language."""
        summary = self.summary()
        explanation = self.explanation_in(lang)
        return {
            "schema": RESULT_SCHEMA,
            "ruleset": {"id": self.ruleset_id, "fingerprint": self.ruleset_fingerprint},
            "submission": {"fingerprint": self.submission_fingerprint},
            "unit": attrs.asdict(self.unit),
            "period": self.period,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "backend": self.backend,
            "score": {
                "points": self._num(self.points),
                "max_points": self._num(self.max_points),
                "index": self._num(self.index, "index"),
                "explanation": explanation.to_dict() if explanation else None,
            },
            "groups": [
                {
                    "id": g.id,
                    "name": g.name,
                    "source_ref": g.source_ref,
                    "points": self._num(g.points),
                    "max_points": self._num(g.max_points),
                    "explanation": g.explanation_in(lang).to_dict(),
                }
                for g in self.groups
            ],
            "indicators": [
                {
                    "id": i.id,
                    "group": i.group,
                    "name": i.name,
                    "source_ref": i.source_ref,
                    "points": self._num(i.points),
                    "max_points": self._num(i.max_points),
                    "status": i.status.value,
                    "explanation": i.explanation_in(lang).to_dict(),
                }
                for i in self.indicators
            ],
            "targets": [
                {
                    "id": t.id,
                    "source_ref": t.source_ref,
                    "text": t.text,
                    "input": t.input,
                    "comparison": t.comparison.value,
                    "threshold": None if t.threshold is None else self._num(t.threshold, "percent"),
                    "value": None if t.value is None else self._num(t.value, "percent"),
                    "status": t.status.value,
                    "explanation": t.explanation_in(lang).to_dict(),
                }
                for t in self.targets
            ],
            "summary": {
                "exceeded": summary["exceeded"],
                "met": summary["met"],
                "not_met": summary["not_met"],
                "not_evaluated": summary["not_evaluated"],
            },
            "deadlines": [d.to_dict(lang) for d in self.deadlines],
            "violations": [v.to_dict(lang) for v in self.violations],
            "left_out": [
                {
                    "kind": item.kind,
                    "id": item.id,
                    "source_ref": item.source_ref,
                    "levels": list(item.levels),
                    "binding_ref": item.binding_ref,
                    "max_points": None if item.max_points is None else self._num(item.max_points),
                    "units": list(item.units),
                    "reason": item.reason(self.unit.level, lang),
                }
                for item in self.left_out
            ],
            "rounding": {
                "points": self.rounding.points,
                "index": self.rounding.index,
                "percent": self.rounding.percent,
                "mode": self.rounding.mode,
            },
        }

    def to_json(self, lang: str | Language | None = None) -> str:
        """Deterministic JSON text: the same Result always gives the same bytes. ``lang``
        as in :meth:`to_dict` (its default, English, is the contract's text).

        The text is ``json.dumps(self.to_dict(lang), ensure_ascii=False, indent=2)`` and a
        line break, to the byte, written without the pure-Python encoder that ``indent``
        would bring in."""
        return dumps_indented(self.to_dict(lang), ensure_ascii=False) + "\n"


def _ints(points: Fraction, maximum: Fraction) -> tuple[int, int, int, int]:
    return points.numerator, points.denominator, maximum.numerator, maximum.denominator


def _group_totals(ids: tuple[str, ...], ints: tuple[int, ...]) -> tuple[GroupTotal, ...]:
    """Group totals unpickled: each group's id, and its points and maximum as integers."""
    return tuple(
        GroupTotal(ident, Fraction(ints[i], ints[i + 1]), Fraction(ints[i + 2], ints[i + 3]))
        for ident, i in zip(ids, range(0, len(ints), 4), strict=True)
    )


def _unpickled(
    ruleset_id: str,
    ruleset_fingerprint: str,
    submission_fingerprint: str | Deferred[str],
    unit_id: str,
    unit_name: str,
    unit_level: str,
    period: str,
    as_of: dt.date | None,
    backend: str,
    points_num: int,
    points_den: int,
    max_num: int,
    max_den: int,
    rounding: RoundingPolicy,
    breakdown: Breakdown | Deferred[Breakdown],
    left_out: tuple[tuple[Any, ...], ...],
    totals: tuple[tuple[str, ...], tuple[int, ...]] | Deferred[tuple[GroupTotal, ...]],
    explanation: Explanation | Deferred[Explanation] | Renderer[Explanation] | None,
) -> Result:
    """A Result unpickled (see ``Result.__reduce__``)."""
    return Result(
        ruleset_id,
        ruleset_fingerprint,
        submission_fingerprint,
        UnitRef(unit_id, unit_name, unit_level),
        period,
        as_of,
        backend,
        Fraction(points_num, points_den),
        Fraction(max_num, max_den),
        rounding,
        breakdown,
        Deferred(left_out_items, left_out) if left_out else (),
        Deferred(_group_totals, *totals) if isinstance(totals, tuple) else totals,
        explanation,
    )
