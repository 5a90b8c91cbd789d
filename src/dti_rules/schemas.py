"""JSON Schemas of the three file formats: rule set, submission and result.

>>> from dti_rules.schemas import json_schema
>>> json_schema("result")["title"]
'ResultDocument'
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import msg
from .model import Level, RuleSetSpec

__all__ = ["ResultDocument", "SubmissionDocument", "json_schema"]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _UnitDoc(_Doc):
    id: str
    name: str
    level: Level


class _RateValue(_Doc):
    numerator: float | None = Field(ge=0)
    denominator: float | None = Field(ge=0)


_Value = bool | int | float | str | _RateValue | None


class _ValueWithEvidence(_Doc):
    value: _Value
    evidence: str | None = None


class _InputEntry(_Doc):
    id: str
    value: _Value
    evidence: str | None = None
    name: str | None = None
    name_en: str | None = None
    source_ref: str | None = None
    kind: str | None = None
    hint: str | None = None
    unit: str | None = None
    note: str | None = None
    target: str | None = None


class SubmissionDocument(_Doc):
    """A submission file (the values are checked against the rule set when loaded)."""

    schema_: Literal["dti-rules/submission/1"] | None = Field(default=None, alias="schema")
    ruleset: str | None = None
    note: str | None = None
    unit: _UnitDoc
    period: str = Field(pattern=r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$")
    inputs: dict[str, _Value | _ValueWithEvidence] | list[_InputEntry]


class _Explanation(_Doc):
    rule: str
    formula: str
    source_ref: str
    inputs: list[dict[str, str]]
    steps: list[str] | None = None
    assumption: str | None = None


class _Fingerprint(_Doc):
    fingerprint: str


class _RuleSetRef(_Fingerprint):
    id: str


class _Score(_Doc):
    points: float
    max_points: float
    index: float = Field(ge=0, le=1)
    explanation: _Explanation | None


class _Group(_Doc):
    id: str
    name: str
    source_ref: str
    points: float
    max_points: float
    explanation: _Explanation


class _Indicator(_Group):
    group: str
    status: Literal["full", "partial", "zero", "incomplete"]


class _Target(_Doc):
    id: str
    source_ref: str
    text: str
    input: str
    comparison: Literal["ge", "gt", "eq", "le", "lt"]
    threshold: float | None
    value: float | None
    status: Literal["exceeded", "met", "not_met", "not_evaluated"]
    explanation: _Explanation


class _Summary(_Doc):
    exceeded: int
    met: int
    not_met: int
    not_evaluated: int


class _Deadline(_Doc):
    id: str
    due: str | None
    status: str
    source_ref: str


class _Violation(_Doc):
    code: str
    subject: str
    message: str
    source_ref: str


class _LeftOut(_Doc):
    kind: Literal["indicator", "target", "task", "report"]
    id: str
    source_ref: str
    levels: list[Level]
    binding_ref: str | None
    max_points: float | None
    units: list[str]
    reason: str


class _Rounding(_Doc):
    points: int
    index: int
    percent: int
    mode: str


class ResultDocument(_Doc):
    """The result JSON written by ``dti-rules score --format json``."""

    schema_: Literal["dti-rules/result/1"] = Field(alias="schema")
    ruleset: _RuleSetRef
    submission: _Fingerprint
    unit: _UnitDoc
    period: str
    as_of: str | None
    backend: str
    score: _Score
    groups: list[_Group]
    indicators: list[_Indicator]
    targets: list[_Target]
    summary: _Summary
    deadlines: list[_Deadline]
    violations: list[_Violation]
    left_out: list[_LeftOut] = Field(
        default_factory=list,
        description="The rule set's items that do not bind the unit's level: neither judged "
        "nor scored for it, nor counted in its maximum",
    )
    rounding: _Rounding


_MODELS: dict[str, type[BaseModel]] = {
    "ruleset": RuleSetSpec,
    "submission": SubmissionDocument,
    "result": ResultDocument,
}


def json_schema(name: Literal["ruleset", "submission", "result"] | str) -> dict[str, Any]:
    """The JSON Schema of ``ruleset``, ``submission`` or ``result`` files."""
    try:
        model = _MODELS[name]
    except KeyError:
        raise ValueError(
            msg(
                "unknown schema {name!r}; expected one of {names}",
                name=name,
                names=", ".join(_MODELS),
            )
        ) from None
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
