"""The progress a report states against its plan: each reported figure beside the plan's
target it names, taken as printed (no raw inputs)."""

from __future__ import annotations

import json
from typing import Any

import attrs

from .._i18n import N_
from .._numbers import round_fraction
from ..compiled import CompiledRuleSet
from ..engine._facts import target_status
from ..result import TargetStatus
from ._reported import Reported, ReportedTask, printed_value


@attrs.frozen
class ProgressItem:
    """One reported figure against the plan's target it names."""

    target: str | None
    reported: str
    status: str  #: a TargetStatus value, or "no_target"
    threshold: str = ""
    text: str = ""
    note: str = ""
    line: int | None = None
    source_ref: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "source_ref": self.source_ref,
            "text": self.text,
            "threshold": self.threshold,
            "reported": self.reported,
            "status": self.status,
            "note": self.note,
            "line": self.line,
        }


@attrs.frozen
class ProgressReport:
    """A report's figures checked against the targets of the plan it reports on."""

    ruleset_id: str
    ruleset_fingerprint: str
    period: str | None
    items: tuple[ProgressItem, ...]
    tasks: tuple[ReportedTask, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many figures have each status."""
        found = {status.value: 0 for status in TargetStatus}
        found["no_target"] = 0
        for item in self.items:
            found[item.status] += 1
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "dti-rules/audit/1",
            "mode": "progress",
            "ruleset": {"id": self.ruleset_id, "fingerprint": self.ruleset_fingerprint},
            "period": self.period,
            "counts": self.counts(),
            "items": [item.to_dict() for item in self.items],
            "tasks": [task.model_dump() for task in self.tasks],
            "findings": [
                {
                    "code": "TARGET_NOT_MET",
                    "severity": "info",
                    "message": f"{item.target}: reported {item.reported}, target "
                    f"{item.threshold}: {item.text}",
                    "source_ref": item.source_ref,
                }
                for item in self.items
                if item.status == TargetStatus.NOT_MET.value
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


_SYMBOLS = {"ge": "≥", "gt": ">", "eq": "=", "le": "≤", "lt": "<"}


def progress(ruleset: CompiledRuleSet, reported: Reported) -> ProgressReport:
    """Each figure of ``reported`` (a report on the plan ``ruleset``) against the plan's
    target it names: the target's threshold and whether the printed figure meets it. No
    raw inputs are needed: the figures are taken as printed.

    >>> from dti_rules import load_ruleset
    >>> from dti_rules.analysis.audit import load_reported, progress
    >>> from dti_rules.rulesets import examples_dir
    >>> plan = load_ruleset("hcmc-dx-2024")
    >>> slides = load_reported(examples_dir() / "hcmc-dx-2024.q1.reported.yaml", plan)
    >>> report = progress(plan, slides)
    >>> [(i.target, i.reported, i.status) for i in report.items if i.target == "III.3.9"]
    [('III.3.9', '100%', 'exceeded')]
    """
    items: list[ProgressItem] = []
    for figure in reported.figures:
        shown = str(figure.value)
        if figure.target is None:
            items.append(
                ProgressItem(
                    None,
                    shown,
                    "no_target",
                    "",
                    figure.measure or "",
                    figure.note or "the plan sets no target for this figure",
                    figure.line,
                )
            )
            continue
        target = ruleset.target_map[figure.target]
        value, _places, kind = printed_value(figure.value)
        threshold = target.threshold
        if threshold is None and figure.unit != "all":
            level = next((lvl for lvl in ruleset.levels if lvl.value == figure.unit), None)
            threshold = None if level is None else target.tier(level)
        rate = ruleset.input_map[target.input].kind.value == "rate"
        unit = "%" if rate else ""
        shown_threshold = ""
        if threshold is not None:
            limit = round_fraction(threshold, 2).normalize()
            shown_threshold = f"{_SYMBOLS[target.comparison.value]} {limit:f}{unit}"
        note = figure.note or ""
        if threshold is None:
            status = TargetStatus.NOT_EVALUATED
            note = note or N_("the target has no single threshold for this figure")
        elif rate and kind == "number":
            status = TargetStatus.NOT_EVALUATED
            note = note or N_(
                "the report gives a count, the target a rate: without the count it is "
                "taken over, the figure cannot be compared"
            )
        else:
            status = target_status(value, target.comparison, threshold)
        items.append(
            ProgressItem(
                figure.target,
                shown,
                status.value,
                shown_threshold,
                target.text,
                note,
                figure.line,
                target.source_ref,
            )
        )
    return ProgressReport(
        ruleset.id,
        ruleset.fingerprint,
        reported.period,
        tuple(items),
        tuple(reported.tasks),
    )
