"""The rule-set file format: pydantic specifications of what a ``rules/*.yaml`` file holds.

A rule set encodes one source document: its identity, a tree of groups (pillars) and
indicators with maximum points, the inputs a unit supplies, the targets those inputs are
checked against, how points follow from inputs, and the tasks with their deadlines. Every
item carries the ``source_ref`` of the section it comes from.

Load one with :func:`dti_rules.load_ruleset`; this module only describes the shape::

    >>> from dti_rules.model import RuleSetSpec
    >>> spec = RuleSetSpec.model_validate({
    ...     "schema": "dti-rules/ruleset/1", "id": "demo", "title": "Demo",
    ...     "issuer": "UBND", "source": {"document": "KH 1", "issued": "2024-03-29"},
    ...     "effective": {"start": "2024-01-01", "end": "2024-12-31"},
    ...     "levels": ["district"], "max_points": 10,
    ...     "inputs": [{"id": "plan", "kind": "boolean", "name": "Kế hoạch", "source_ref": "I.1"}],
    ...     "groups": [{"id": "I", "name": "Nhận thức số", "max_points": 10, "source_ref": "I",
    ...                 "indicators": [{"id": "I.1", "name": "Kế hoạch", "max_points": 10,
    ...                                 "source_ref": "I.1",
    ...                                 "scoring": {"method": "binary", "input": "plan"}}]}],
    ... })
    >>> spec.groups[0].indicators[0].scoring.method
    'binary'
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from ._kinds import Comparison, InputKind, Level
from ._model_base import (
    _BINDING_DOC,
    _LEVELS_DOC,
    _UNITS_DOC,
    Effective,
    Id,
    InputSpec,
    LevelList,
    Points,
    Reading,
    Relative,
    Rounding,
    SourceDocument,
    Text,
    UnitList,
    _Spec,
)
from ._model_due import (
    ConditionalDue,
    DateDue,
    Due,
    EndOfDue,
    OngoingDue,
    PartOfDue,
    RecurringDue,
    SeveralDue,
    SpanDue,
    UndeterminedDue,
    WeeklyDue,
)
from ._model_scoring import (
    Band,
    BandsScoring,
    BinaryScoring,
    GroupSpec,
    IndicatorSpec,
    ItemSpec,
    ItemsScoring,
    KindThreshold,
    ProportionalScoring,
    ScaledScoring,
    Scoring,
    TargetSpec,
    ThresholdScoring,
)

__all__ = [
    "Band",
    "BandsScoring",
    "BinaryScoring",
    "CalendarPolicy",
    "Comparison",
    "ConditionalDue",
    "DateDue",
    "DeclaredCount",
    "Due",
    "Effective",
    "EndOfDue",
    "GroupSpec",
    "IndicatorSpec",
    "InputKind",
    "InputSpec",
    "ItemSpec",
    "ItemsScoring",
    "KindThreshold",
    "Level",
    "OngoingDue",
    "PartOfDue",
    "ProportionalScoring",
    "Reading",
    "RecurringDue",
    "Relative",
    "ReportSpec",
    "Rounding",
    "RuleSetSpec",
    "ScaledScoring",
    "Scoring",
    "SeveralDue",
    "SourceDocument",
    "SpanDue",
    "TargetSpec",
    "TaskSpec",
    "ThresholdScoring",
    "UndeterminedDue",
    "WeeklyDue",
]


class CalendarPolicy(_Spec):
    """How due days meet the work calendar."""

    roll_forward: bool = Field(
        default=True,
        description="Move a due day on a weekend or holiday to the next working day "
        "(Bộ luật Dân sự 2015, Điều 148)",
    )
    country: Literal["VN"] = "VN"


class TaskSpec(_Spec):
    """A task of the document: what, who leads, who partners, the product and the deadline."""

    id: Id
    group: str | None = None
    name: Text
    source_ref: Text
    lead: list[Text] = Field(default_factory=list)
    partners: list[Text] = Field(default_factory=list)
    product: str | None = None
    levels: LevelList | None = Field(default=None, description=_LEVELS_DOC)
    binding_ref: str | None = Field(default=None, description=_BINDING_DOC)
    units: dict[Level, UnitList] | None = Field(default=None, description=_UNITS_DOC)
    deadline: str | None = Field(default=None, description="Thời gian hoàn thành, verbatim")
    due: Due | None = Field(
        default=None, description="The deadline rule, when the encoder reads the text otherwise"
    )
    assumption: str | None = Field(default=None, description="The reading taken for the deadline")


class ReportSpec(_Spec):
    """A reporting obligation: a report due once or every period, and its data cut-off."""

    id: Id
    name: Text
    name_en: str | None = None
    source_ref: Text
    lead: list[Text] = Field(default_factory=list)
    partners: list[Text] = Field(default_factory=list, description="Đơn vị phối hợp")
    recipient: str | None = Field(default=None, description="Who receives the report")
    levels: LevelList | None = Field(default=None, description=_LEVELS_DOC)
    binding_ref: str | None = Field(default=None, description=_BINDING_DOC)
    units: dict[Level, UnitList] | None = Field(default=None, description=_UNITS_DOC)
    deadline: Text = Field(description="The deadline as the document words it, verbatim")
    due: Due | None = Field(
        default=None, description="The deadline rule, when the encoder reads the text otherwise"
    )
    cutoff: bool = Field(
        default=True,
        description="A periodic report covers the data cut-off window of "
        "Nghị định 09/2019/NĐ-CP, Điều 12",
    )
    assumption: str | None = None


class DeclaredCount(_Spec):
    """A count or total the document states ("gồm 06 chỉ tiêu", "(09 NHIỆM VỤ)", "49 nhiệm
    vụ", "Tổng cộng 660 điểm"), which lint compares with what the rule set lists: a total of
    points (``of: points``) with the sum of the indicators' maximum points. (The rule set's
    own ``max_points`` must equal the sum of its parts; a document whose total disagrees
    states it here.)"""

    source_ref: Text
    text: Text = Field(description="The document's words, verbatim")
    count: Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
    of: Literal["targets", "tasks", "indicators", "points"]
    group: str | None = Field(
        default=None, description="A task group (its `group` text) or an indicator group id"
    )
    within: str | None = Field(
        default=None,
        description="Count only the items whose source_ref starts with this (e.g. 'Phụ lục' "
        "when the document counts its annex's tasks and the rule set also holds duties of "
        "its body)",
    )


class RuleSetSpec(_Spec):
    """A whole rule set file."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True
    )

    schema_: Literal["dti-rules/ruleset/1"] = Field(alias="schema")
    id: Id
    title: Text
    title_en: str | None = None
    issuer: Text
    source: SourceDocument
    reports_on: Id | None = Field(
        default=None,
        description="For a report on a plan: the id of the bundled rule set of that plan "
        "(checked when the file loads)",
    )
    effective: Effective
    levels: list[Level] = Field(min_length=1)
    max_points: Points
    rounding: Rounding = Field(default_factory=Rounding)
    readings: list[Reading] = Field(default_factory=list)
    inputs: list[InputSpec] = Field(default_factory=list)
    targets: list[TargetSpec] = Field(default_factory=list)
    groups: list[GroupSpec] = Field(
        default_factory=list,
        description="Scored groups; a plan that sets targets and tasks but no points has none",
    )
    tasks: list[TaskSpec] = Field(default_factory=list)
    reports: list[ReportSpec] = Field(default_factory=list)
    calendar: CalendarPolicy = Field(default_factory=CalendarPolicy)
    declared_counts: list[DeclaredCount] = Field(default_factory=list)
