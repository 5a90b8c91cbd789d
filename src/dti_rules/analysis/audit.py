"""Auditing a report: recompute every figure it states from the raw inputs, at the precision
it printed, and check its assessments and summary counts.

The figures a report claims come in a *reported* file (``dti-rules/reported/1``): each
printed rate with the target and unit it is for (``district``, ``ward``, … or ``all`` for
the units together), each assessment (vượt / đạt / chưa đạt) and the summary counts. The
raw inputs come in one submission per unit. A printed figure matches when the recomputed
value lies within half a unit of its last printed digit (86.4% printed for 86.35% is a
match). For a figure over several units the audit says whether the report pooled them
(Σ numerators / Σ denominators), averaged their rates, or averaged the rates as printed::

    >>> from dti_rules import load_ruleset, load_submission
    >>> from dti_rules.analysis.audit import audit, load_reported
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("binh-tan-dti-2023")
    >>> subs = [load_submission(examples_dir() / f"binh-tan-dti-2023.{unit}.json", rs)
    ...         for unit in ("district", "wards")]
    >>> claims = load_reported(examples_dir() / "binh-tan-dti-2023.reported.json", rs)
    >>> report = audit(rs, subs, claims)
    >>> [(i.kind, i.target, i.unit) for i in report.mismatches][:2]
    [('figure', 'CT-2', 'all'), ('method', 'CT-2, CT-3', 'all')]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs

from .._i18n import N_
from .._numbers import round_fraction
from .._vnnumbers import parse_printed
from ..compiled import CompiledRuleSet
from ..engine import evaluate
from ..engine._facts import measure, target_status
from ..errors import DtiRulesError, msg
from ..result import Result, TargetStatus
from ..submission import Rate, Submission
from ._progress import ProgressItem, ProgressReport, progress
from ._reported import (
    _WORD_OF,
    _WORDS,
    SCHEMA,
    Reported,
    ReportedAssessment,
    ReportedError,
    ReportedFigure,
    ReportedSummary,
    ReportedTask,
    _is_ratio,
    load_reported,
    printed_value,
    reported_from_data,
)

__all__ = [
    "AuditItem",
    "AuditReport",
    "ProgressItem",
    "ProgressReport",
    "Reported",
    "ReportedAssessment",
    "ReportedError",
    "ReportedFigure",
    "ReportedSummary",
    "ReportedTask",
    "audit",
    "load_reported",
    "parse_printed",
    "printed_value",
    "progress",
    "reported_from",
    "reported_from_data",
]


def _matches(value: Fraction, printed: Decimal, places: int) -> bool:
    """Within half a unit of the last printed digit (either rounding direction)."""
    return abs(value - Fraction(printed)) <= Fraction(1, 2 * 10**places)


Method = Literal["pooled", "averaged", "averaged_printed"]
_METHOD_WORDS = {
    "pooled": N_("pooled (Σ numerators / Σ denominators)"),
    "averaged": N_("averaged (the mean of the units' rates)"),
    "averaged_printed": N_("averaged the rates as printed (the mean of the rounded unit rates)"),
}


@attrs.frozen
class AuditItem:
    """One claim of the report, recomputed."""

    kind: Literal["figure", "assessment", "summary", "method"]
    target: str
    unit: str
    reported: str
    recomputed: str
    match: bool
    note: str = ""
    line: int | None = None
    method: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "target": self.target,
            "unit": self.unit,
            "reported": self.reported,
            "recomputed": self.recomputed,
            "match": self.match,
            "method": self.method,
            "note": self.note,
            "line": self.line,
        }


@attrs.frozen
class AuditReport:
    ruleset_id: str
    ruleset_fingerprint: str
    submissions: tuple[tuple[str, str], ...]  # (unit id, fingerprint)
    items: tuple[AuditItem, ...]

    @property
    def mismatches(self) -> tuple[AuditItem, ...]:
        return tuple(item for item in self.items if not item.match)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "dti-rules/audit/1",
            "ruleset": {"id": self.ruleset_id, "fingerprint": self.ruleset_fingerprint},
            "submissions": [{"unit": u, "fingerprint": f} for u, f in self.submissions],
            "matches": sum(1 for i in self.items if i.match),
            "mismatches": len(self.mismatches),
            "items": [i.to_dict() for i in self.items],
            "findings": [
                {
                    "code": f"{i.kind.upper()}_MISMATCH",
                    "severity": "error",
                    "message": f"{i.target} ({i.unit}): reported {i.reported}, "
                    f"recomputed {i.recomputed}" + (f"; {i.note}" if i.note else ""),
                    "source_ref": f"line {i.line}" if i.line else "",
                }
                for i in self.mismatches
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _percent(value: Fraction | None, places: int) -> str:
    if value is None:
        return "—"
    return f"{round_fraction(value, places + 2, 'half_up').normalize():f}%"


class _Units:
    """The submissions of an audit, by the names a reported file uses for them."""

    def __init__(self, ruleset: CompiledRuleSet, submissions: Sequence[Submission]) -> None:
        self.ruleset = ruleset
        self.subs = list(submissions)
        self.results: dict[str, Result] = {}
        self.by_name: dict[str, Submission] = {}
        for sub in self.subs:
            self.by_name[sub.unit.id] = sub
            self.by_name.setdefault(sub.unit.level.value, sub)

    def result(self, sub: Submission) -> Result:
        key = sub.unit.id
        if key not in self.results:
            self.results[key] = evaluate(self.ruleset, sub, backend="native")
        return self.results[key]

    def rates(self, target: str) -> list[Rate]:
        input_id = self.ruleset.target_map[target].input
        found = [sub.value(input_id) for sub in self.subs]
        return [r for r in found if isinstance(r, Rate) and r.denominator]

    def value(self, target: str, unit: str) -> Fraction | None:
        sub = self.by_name.get(unit)
        if sub is None:
            raise DtiRulesError(
                msg(
                    "no submission for unit {unit!r} (of target {target})", unit=unit, target=target
                )
            )
        return measure(sub.value(self.ruleset.target_map[target].input))


def _figure_items(units: _Units, reported: Reported) -> tuple[list[AuditItem], dict[str, str]]:
    items: list[AuditItem] = []
    methods: dict[str, str] = {}
    printed_units: dict[tuple[str, str], tuple[Decimal, int]] = {}
    compared = [f for f in reported.figures if f.target is not None and not _is_ratio(f.value)]
    for figure in compared:
        if figure.unit != "all" and figure.target is not None:
            printed_units[(figure.target, figure.unit)] = parse_printed(figure.value)
    for figure in compared:
        assert figure.target is not None
        printed, places = parse_printed(figure.value)
        shown = str(figure.value)
        if figure.unit != "all":
            value = units.value(figure.target, figure.unit)
            ok = value is not None and _matches(value, printed, places)
            note = "" if value is not None else N_("the raw inputs give no figure")
            if value is not None and not ok and Fraction(printed) == _truncate(value, places):
                note = N_("the printed figure is truncated, not rounded")
            items.append(
                AuditItem(
                    "figure",
                    figure.target,
                    figure.unit,
                    shown,
                    _percent(value, places),
                    ok,
                    note,
                    figure.line,
                )
            )
            continue
        rates = units.rates(figure.target)
        candidates: dict[str, Fraction] = {}
        if rates:
            candidates["pooled"] = _pooled(rates)
            percents = [r.percent for r in rates if r.percent is not None]
            candidates["averaged"] = sum(percents, Fraction(0)) / len(percents)
            shown_rates = [
                Fraction(p) for (t, _u), (p, _pl) in printed_units.items() if t == figure.target
            ]
            if len(shown_rates) == len(rates) > 1:
                candidates["averaged_printed"] = sum(shown_rates, Fraction(0)) / len(shown_rates)
        hits = [m for m, v in candidates.items() if _matches(v, printed, places)]
        detail = "; ".join(f"{m} {_percent(v, places)}" for m, v in candidates.items()) or N_(
            "no unit gives a figure"
        )
        if hits:
            methods[figure.target] = hits[0]
            items.append(
                AuditItem(
                    "figure",
                    figure.target,
                    "all",
                    shown,
                    detail,
                    True,
                    N_("the report {method}").format(method=_METHOD_WORDS[hits[0]]),
                    figure.line,
                    hits[0],
                )
            )
        else:
            note = N_("matches no way of combining the units")
            pooled = candidates.get("pooled")
            if pooled is not None and Fraction(printed) == _truncate(pooled, places):
                note = N_("pooled, but the printed figure is truncated, not rounded")
                methods[figure.target] = "pooled"
            items.append(
                AuditItem("figure", figure.target, "all", shown, detail, False, note, figure.line)
            )
    return items, methods


def _pooled(rates: Sequence[Rate]) -> Fraction:
    """Several units' rate pooled: 100 × Σ numerators / Σ denominators."""
    return Fraction(100 * sum(r.numerator for r in rates), sum(r.denominator for r in rates))


def _truncate(value: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(int(value * scale), scale)


def _combined_status(units: _Units, target_id: str) -> TargetStatus:
    """A target's status over every unit: from the pooled rate for a single threshold, the
    worst unit's status for thresholds tiered by level."""
    target = units.ruleset.target_map[target_id]
    if target.threshold is not None and not target.tiers:
        rates = units.rates(target_id)
        if not rates:
            return TargetStatus.NOT_EVALUATED
        pooled = _pooled(rates)
        return target_status(pooled, target.comparison, target.threshold)
    order = [TargetStatus.NOT_MET, TargetStatus.MET, TargetStatus.EXCEEDED]
    # the units the target binds (a unit it does not bind has no status for it)
    found = [t.status for sub in units.subs for t in units.result(sub).targets if t.id == target_id]
    rated = [s for s in found if s is not TargetStatus.NOT_EVALUATED]
    return min(rated, key=order.index) if rated else TargetStatus.NOT_EVALUATED


def audit(
    ruleset: CompiledRuleSet, submissions: Sequence[Submission], reported: Reported
) -> AuditReport:
    """Recompute every figure, assessment and summary count ``reported`` claims from the raw
    inputs of ``submissions`` (one per unit), and list each as a match or a mismatch."""
    if not submissions:
        raise DtiRulesError(msg("an audit needs at least one submission"))
    units = _Units(ruleset, submissions)
    items, methods = _figure_items(units, reported)
    used = sorted(set(methods.values()))
    if len(used) > 1:
        items.append(
            AuditItem(
                "method",
                ", ".join(sorted(methods)),
                "all",
                ", ".join(used),
                N_("one method"),
                False,
                N_("comparable figures are combined in different ways: {each}").format(
                    each="; ".join(f"{t} {_METHOD_WORDS[m]}" for t, m in sorted(methods.items()))
                ),
            )
        )
    counts = {TargetStatus.EXCEEDED: 0, TargetStatus.MET: 0, TargetStatus.NOT_MET: 0}
    for claim in reported.assessments:
        if claim.unit == "all":
            status = _combined_status(units, claim.target)
        else:
            sub = units.by_name.get(claim.unit)
            if sub is None:
                raise DtiRulesError(msg("no submission for unit {unit!r}", unit=claim.unit))
            status = next(
                (t.status for t in units.result(sub).targets if t.id == claim.target),
                TargetStatus.NOT_EVALUATED,  # the target does not bind this unit
            )
        claimed = _WORDS[claim.assessment]
        note = ""
        if status is TargetStatus.NOT_EVALUATED:
            note = N_("the raw inputs cannot measure it")
            if claimed is TargetStatus.NOT_MET:
                note = N_(
                    "the raw inputs cannot measure it; a target that cannot be measured is "
                    "'chưa đạt'"
                )
            counted = TargetStatus.NOT_MET
        else:
            counted = status
        counts[counted] += 1
        recomputed = _WORD_OF.get(counted, counted.value)
        items.append(
            AuditItem(
                "assessment",
                claim.target,
                claim.unit,
                claim.assessment,
                recomputed,
                claimed is counted,
                note,
                claim.line,
            )
        )
    if reported.summary is not None:
        summary = reported.summary
        for word, status in _WORDS.items():
            claimed_count = {
                TargetStatus.EXCEEDED: summary.exceeded,
                TargetStatus.MET: summary.met,
                TargetStatus.NOT_MET: summary.not_met,
            }[status]
            items.append(
                AuditItem(
                    "summary",
                    word,
                    "all",
                    str(claimed_count),
                    str(counts[status]),
                    claimed_count == counts[status],
                    "",
                    summary.line,
                )
            )
    return AuditReport(
        ruleset.id,
        ruleset.fingerprint,
        tuple((s.unit.id, s.fingerprint) for s in submissions),
        tuple(items),
    )


def reported_from(
    ruleset: CompiledRuleSet, submissions: Sequence[Submission], places: int = 2
) -> dict[str, Any]:
    """What a report that gets everything right would claim: every measurable target's rate
    per unit (printed to ``places`` decimals, the Vietnamese way), pooled over the units,
    its assessments and the summary counts. The audit of it finds no mismatch."""
    units = _Units(ruleset, submissions)
    figures: list[dict[str, Any]] = []
    assessments: list[dict[str, Any]] = []
    counts = {"exceeded": 0, "met": 0, "not_met": 0}

    def printed(value: Fraction) -> str:
        return f"{round_fraction(value, places, 'half_up'):f}".replace(".", ",") + "%"

    for target in ruleset.targets:
        for sub in submissions:
            value = measure(sub.value(target.input))
            if value is not None:
                figures.append({"target": target.id, "unit": sub.unit.id, "value": printed(value)})
        rates = units.rates(target.id)
        if len(submissions) > 1 and rates:
            pooled = _pooled(rates)
            figures.append({"target": target.id, "unit": "all", "value": printed(pooled)})
        status = _combined_status(units, target.id)
        counted = TargetStatus.NOT_MET if status is TargetStatus.NOT_EVALUATED else status
        counts[counted.value] += 1
        assessments.append({"target": target.id, "assessment": _WORD_OF[counted]})
    return {
        "schema": SCHEMA,
        "ruleset": ruleset.id,
        "figures": figures,
        "assessments": assessments,
        "summary": counts,
    }
