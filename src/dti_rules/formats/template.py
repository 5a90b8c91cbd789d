"""Submission skeletons: every input a unit must supply, with an empty value.

>>> from dti_rules import load_ruleset, submission_template
>>> skeleton = submission_template(load_ruleset("q10-dti-2024"))
>>> sorted(skeleton["inputs"][0])
['evidence', 'hint', 'id', 'kind', 'name', 'source_ref', 'value']
"""

from __future__ import annotations

from typing import Any

from ..compiled import CompiledInput, CompiledRuleSet
from ..deadlines import ScheduledDue, keyed
from ..model import InputKind
from ..submission import SCHEMA

__all__ = ["submission_template"]

_HINTS = {
    InputKind.BOOLEAN: "true or false; for true, cite the evidence (document number) in 'evidence'",
    InputKind.COUNT: "a whole number ≥ 0",
    InputKind.RATE: "numerator and denominator, each a number ≥ 0",
    InputKind.NUMBER: "a number",
    InputKind.DATE: "a date, YYYY-MM-DD",
}


def _entry(item: CompiledInput) -> dict[str, Any]:
    hint = _HINTS[item.kind]
    if item.kind is InputKind.RATE and item.numerator and item.denominator:
        hint = f"numerator: {item.numerator}; denominator: {item.denominator}"
    if item.points_of is not None:
        hint = f'an index from 0 to 1, or {{"points": x}} with x out of {item.points_of}'
    entry: dict[str, Any] = {
        "id": item.id,
        "source_ref": item.source_ref,
        "name": item.name,
    }
    if item.name_en:
        entry["name_en"] = item.name_en
    entry["kind"] = item.kind.value
    entry["hint"] = hint
    entry["value"] = (
        {"numerator": None, "denominator": None} if item.kind is InputKind.RATE else None
    )
    if item.kind is InputKind.BOOLEAN:
        entry["evidence"] = None
    return entry


def _done(ruleset: CompiledRuleSet) -> dict[str, Any]:
    """Every due day, by obligation: a date for one, a mapping of periods for several."""
    grouped: dict[str, list[ScheduledDue]] = {}
    for due in ruleset.schedule:
        grouped.setdefault(due.obligation, []).append(due)
    out: dict[str, Any] = {}
    for ob in ruleset.obligations:
        dues = grouped.get(ob.id, [])
        if ob.rule is not None and keyed(ob.rule):
            out[ob.id] = dict.fromkeys(due.key for due in dues)
        elif dues or ob.waits_for_event:
            out[ob.id] = None  # one due day (for an event: its date once the event has one)
    return out


def submission_template(ruleset: CompiledRuleSet) -> dict[str, Any]:
    """A submission skeleton for ``ruleset``; fill the values and pass it to ``score``.

    Besides the inputs, ``done`` names every task and report with a due day (a date each,
    YYYY-MM-DD, when the work was done; periods for recurring ones) and ``events`` every
    deadline that waits for an event (the event's date once known). Blank entries stay
    blank: not done, or no date yet.
    """
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "ruleset": ruleset.id,
        "unit": {"id": "", "name": "", "level": ruleset.levels[0].value},
        "period": str(ruleset.spec.effective.start.year),
        "inputs": [_entry(item) for item in ruleset.inputs],
    }
    if ruleset.obligations:
        data["done"] = _done(ruleset)
        data["events"] = {ob.id: None for ob in ruleset.obligations if ob.waits_for_event}
    return data
