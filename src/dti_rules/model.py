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

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .errors import msg

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

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]
Points = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Level(StrEnum):
    """Administrative levels a rule set can score."""

    NATION = "nation"
    MINISTRY = "ministry"
    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    WARD = "ward"


class InputKind(StrEnum):
    """What a unit supplies for an input."""

    BOOLEAN = "boolean"  #: yes/no, optionally with evidence text
    COUNT = "count"  #: a non-negative whole number
    RATE = "rate"  #: numerator and denominator; compared as a percentage
    NUMBER = "number"  #: a plain decimal number
    DATE = "date"  #: an ISO date


class Comparison(StrEnum):
    """How a measured value is compared with a threshold."""

    GE = "ge"  #: "đạt X", "tối thiểu X", "từ X trở lên", "ít nhất X", "phấn đấu X"
    GT = "gt"  #: "trên X" (strict)
    EQ = "eq"  #: "100% …": every item
    LE = "le"  #: "không quá X", "tối đa X"
    LT = "lt"  #: "dưới X" (strict)


class SourceDocument(_Spec):
    """The official document a rule set encodes."""

    document: Text = Field(description="Number and kind, e.g. 'Kế hoạch số 74/KH-UBND'")
    issued: dt.date = Field(description="Date the document was issued")
    file: str | None = Field(default=None, description="Source text the encoding was made from")
    language: str = "vi"
    kind: Literal["plan", "report", "decision"] = Field(
        default="plan",
        description="A plan sets future work; a report accounts for past work, so its "
        "deadlines may precede its date",
    )


class Effective(_Spec):
    """First and last day the rule set applies to."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Effective:
        if self.end < self.start:
            raise ValueError(
                msg("end {end} is before start {start}", end=self.end, start=self.start)
            )
        return self


class Rounding(_Spec):
    """When and how numbers are rounded: once, at presentation, to these places."""

    points: Annotated[int, Field(ge=0, le=6)] = 2
    index: Annotated[int, Field(ge=0, le=8)] = 4
    percent: Annotated[int, Field(ge=0, le=6)] = 2
    mode: Literal["half_up", "half_even", "down"] = "half_up"


class Reading(_Spec):
    """A reading the encoder took where the document is silent, ambiguous or garbled."""

    id: Id
    source_ref: Text
    text: Text
    assumption: bool = Field(
        default=True, description="True when the reading is a choice, not the text"
    )


class InputSpec(_Spec):
    """Something a unit supplies: a yes/no, a count, a rate, a number or a date."""

    id: Id
    kind: InputKind
    name: Text
    name_en: str | None = None
    source_ref: Text
    unit: str | None = Field(default=None, description="What is counted, e.g. 'máy tính'")
    numerator: str | None = Field(default=None, description="Rate: what the numerator counts")
    denominator: str | None = Field(default=None, description="Rate: what the denominator counts")
    evidence: bool = Field(default=False, description="Boolean: a 'yes' should cite its evidence")
    may_exceed: bool = Field(default=False, description="Rate: numerator may exceed denominator")
    minimum: Decimal | None = Field(default=None, description="Number: smallest valid value")
    maximum: Decimal | None = Field(default=None, description="Number: largest valid value")
    points_of: Decimal | None = Field(
        default=None,
        gt=0,
        description="Number: an index in [0, 1] that may also be given as points out of this "
        "maximum ({points: x} in a submission, read as x / points_of)",
    )

    @model_validator(mode="after")
    def _kind_fields(self) -> InputSpec:
        if self.kind is not InputKind.RATE and (
            self.numerator or self.denominator or self.may_exceed
        ):
            raise ValueError(msg("numerator, denominator and may_exceed apply to rate inputs only"))
        if self.kind is not InputKind.BOOLEAN and self.evidence:
            raise ValueError(msg("evidence applies to boolean inputs only"))
        if self.kind is not InputKind.NUMBER and (
            self.minimum is not None or self.maximum is not None
        ):
            raise ValueError(msg("minimum and maximum apply to number inputs only"))
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(
                msg(
                    "minimum {minimum} is above maximum {maximum}",
                    minimum=self.minimum,
                    maximum=self.maximum,
                )
            )
        if self.points_of is not None and (
            self.kind is not InputKind.NUMBER or self.minimum != 0 or self.maximum != 1
        ):
            raise ValueError(
                msg("points_of applies to a number input with minimum 0 and maximum 1")
            )
        return self


class Relative(_Spec):
    """A threshold set relative to the previous period ("hàng năm tăng 10%").

    ``reading`` states how the phrase is read, because documents do not say:
    ``percentage_points`` (previous + delta) or ``growth`` (previous × (1 + delta/100)).
    """

    previous_input: Id
    reading: Literal["percentage_points", "growth"]
    delta: Decimal = Field(allow_inf_nan=False)


LevelList = Annotated[list[Level], Field(min_length=1)]
UnitList = Annotated[list[Text], Field(min_length=1)]
_LEVELS_DOC = (
    "The levels it binds: a unit of another level is neither judged nor scored on it, and "
    "its result lists the item as left out; all the rule set's levels when absent"
)
_UNITS_DOC = (
    "Per level, the named bodies it binds there, where the document gives the work to named "
    "bodies (its lead, đơn vị chủ trì): a unit of that level whose name or id is not among "
    "them owes nothing; a level without an entry binds every unit of it"
)
_BINDING_DOC = (
    "Where the binding comes from: the section that names whom it binds, or the id of the "
    "reading that states what was assumed where the document is silent"
)


class KindThreshold(_Spec):
    """One kind of thing a target counts, with its own measure and threshold ("tối thiểu 40%
    các cơ quan đơn vị, 20% xã, phường, thị trấn")."""

    kind: Text = Field(description="The kind, as the document names it")
    input: Id
    threshold: Decimal = Field(allow_inf_nan=False)


class TargetSpec(_Spec):
    """A target: a measured input compared with a threshold (fixed, tiered by level,
    relative to the previous period, or one per kind of thing counted)."""

    id: Id
    text: Text = Field(description="The target as the document words it")
    text_en: str | None = None
    source_ref: Text
    group: str | None = Field(default=None, description="The document's group of targets")
    levels: LevelList | None = Field(default=None, description=_LEVELS_DOC)
    binding_ref: str | None = Field(default=None, description=_BINDING_DOC)
    units: dict[Level, UnitList] | None = Field(default=None, description=_UNITS_DOC)
    lead: list[Text] = Field(default_factory=list, description="Đơn vị chủ trì")
    partners: list[Text] = Field(default_factory=list, description="Đơn vị phối hợp")
    input: Id | None = Field(
        default=None, description="The measured input (each kind has its own with `kinds`)"
    )
    comparison: Comparison
    threshold: Decimal | None = Field(default=None, allow_inf_nan=False)
    tiers: dict[Level, Decimal] | None = None
    relative: Relative | None = None
    kinds: list[KindThreshold] | None = Field(
        default=None,
        description="A threshold per kind of thing counted, each on its own input: the target "
        "holds when it holds for every kind, and its status is the worst kind's",
    )
    assumption: str | None = None
    by: (
        Annotated[str, StringConstraints(pattern=r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$")] | None
    ) = Field(
        default=None,
        description="The period by whose end the target must be reached ('đến năm 2025': "
        "'2025'), when it runs over several years: before then a value short of the "
        "threshold is progress, not a failure (status not_evaluated, no violation)",
    )

    @model_validator(mode="after")
    def _one_threshold(self) -> TargetSpec:
        given = [
            n for n in ("threshold", "tiers", "relative", "kinds") if getattr(self, n) is not None
        ]
        if len(given) != 1:
            found = msg(" (found {given})", given=", ".join(given)) if given else ""
            raise ValueError(
                msg("give exactly one of threshold, tiers, relative or kinds{found}", found=found)
            )
        if self.tiers is not None and not self.tiers:
            raise ValueError(msg("tiers must name at least one level"))
        if self.kinds is not None:
            if len(self.kinds) < 2:
                raise ValueError(msg("kinds must name at least two kinds"))
            if self.input is not None:
                raise ValueError(msg("with kinds, each kind names its input: give no input"))
        elif self.input is None:
            raise ValueError(msg("input is required (unless the target has kinds)"))
        return self

    @property
    def measured(self) -> list[str]:
        """The inputs the target measures."""
        if self.kinds is not None:
            return [k.input for k in self.kinds]
        return [self.input] if self.input is not None else []


class BinaryScoring(_Spec):
    """Full points for a "yes" (or a completion date), none otherwise."""

    method: Literal["binary"]
    input: Id


class ThresholdScoring(_Spec):
    """Full points when the target is met or exceeded, none otherwise."""

    method: Literal["threshold"]
    target: Id


class ProportionalScoring(_Spec):
    """Points in proportion to progress toward a ``ge`` target, capped at the maximum."""

    method: Literal["proportional"]
    target: Id


class Band(_Spec):
    """From ``at_least`` upward (until the next band) the indicator earns ``points``."""

    at_least: Decimal = Field(allow_inf_nan=False)
    points: Points


class BandsScoring(_Spec):
    """Points by bands of the input's value; below the first band, none."""

    method: Literal["bands"]
    input: Id
    bands: list[Band] = Field(min_length=1)


class ScaledScoring(_Spec):
    """Points = maximum × an index in [0, 1] the unit supplies (a pillar index of the DTI,
    given as the index or as points, see ``points_of``)."""

    method: Literal["scaled"]
    input: Id


LeafScoring = Annotated[
    BinaryScoring | ThresholdScoring | ProportionalScoring | BandsScoring | ScaledScoring,
    Field(discriminator="method"),
]


class ItemSpec(_Spec):
    """One scored part of an indicator whose points are a per-item sum."""

    id: Id
    name: Text
    name_en: str | None = None
    source_ref: Text
    points: Points
    scoring: LeafScoring


class ItemsScoring(_Spec):
    """Points are the sum of the items' points; the items' points add up to the maximum."""

    method: Literal["items"]
    items: list[ItemSpec] = Field(min_length=1)


Scoring = Annotated[
    BinaryScoring
    | ThresholdScoring
    | ProportionalScoring
    | BandsScoring
    | ScaledScoring
    | ItemsScoring,
    Field(discriminator="method"),
]


class IndicatorSpec(_Spec):
    """A scored item of the document, with its maximum points and how they are earned."""

    id: Id
    name: Text
    name_en: str | None = None
    source_ref: Text
    max_points: Points
    scoring: Scoring
    targets: list[Id] = Field(default_factory=list, description="Targets reported with this item")
    lead: list[Text] = Field(default_factory=list, description="Đơn vị chủ trì")
    partners: list[Text] = Field(default_factory=list, description="Đơn vị phối hợp")
    deadline: str | None = Field(default=None, description="Thời gian hoàn thành, verbatim")
    due: Due | None = Field(
        default=None, description="The deadline rule, when the encoder reads the text otherwise"
    )
    result: str | None = Field(default=None, description="Kết quả / sản phẩm expected, verbatim")
    assumption: str | None = Field(default=None, description="The reading taken for partial points")
    levels: LevelList | None = Field(default=None, description=_LEVELS_DOC)
    binding_ref: str | None = Field(default=None, description=_BINDING_DOC)
    units: dict[Level, UnitList] | None = Field(default=None, description=_UNITS_DOC)


class GroupSpec(_Spec):
    """A group (pillar) of indicators with its declared maximum."""

    id: Id
    name: Text
    name_en: str | None = None
    source_ref: Text
    max_points: Points
    indicators: list[IndicatorSpec] = Field(min_length=1)


class DateDue(_Spec):
    """Due on a stated date, or (``before``) by the day before it."""

    kind: Literal["date"]
    date: dt.date
    before: bool = False


class EndOfDue(_Spec):
    """Due at the end of a period ("2024", "2024-H1", "2024-Q2", "2024-06")."""

    kind: Literal["end_of"]
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$")]


class RecurringDue(_Spec):
    """Due every period, on day ``day`` of the ``month``-th month of the period (a month
    past the period's length is in the period after it: 2 of a month is "tháng sau")."""

    kind: Literal["recurring"]
    every: Literal["month", "quarter", "half", "year"]
    day: Annotated[int, Field(ge=1, le=31)] | None = None
    month: Annotated[int, Field(ge=1, le=24)] = 1
    before: bool = Field(default=False, description="'trước ngày N': last on-time day N-1")


class PartOfDue(_Spec):
    """Due by a part of a period: "Giữa tháng 6/2024" is period 2024-06, part middle."""

    kind: Literal["part_of"]
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$")]
    part: Literal[
        "start",
        "middle",
        "end",
        "first_half",
        "second_half",
        "early",
        "mid",
        "late",
        "first_week",
        "last_week",
        "first_days",
        "last_days",
    ]
    days: Annotated[int, Field(ge=1)] | None = None


class SpanDue(_Spec):
    """Due by the end of the last of a range of periods ("Tháng 7-8/2024")."""

    kind: Literal["span"]
    first: Annotated[str, StringConstraints(pattern=r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$")]
    last: Annotated[str, StringConstraints(pattern=r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$")]


class WeeklyDue(_Spec):
    """Due every week, on ``weekday`` (0 Monday … 6 Sunday) or by its Sunday."""

    kind: Literal["weekly"]
    weekday: Annotated[int, Field(ge=0, le=6)] | None = None


class OngoingDue(_Spec):
    """ "Thường xuyên": no due day."""

    kind: Literal["ongoing"]


class ConditionalDue(_Spec):
    """Due after an event whose date a submission supplies."""

    kind: Literal["conditional"]
    event: Text
    connector: Literal["sau khi", "trước khi", "khi", "theo", "kể từ"] = "sau khi"
    days: Annotated[int, Field(ge=0)] | None = None
    working: bool = Field(default=False, description="count working days (Điều 147-148)")


class UndeterminedDue(_Spec):
    """A text that fixes no date and names no event."""

    kind: Literal["undetermined"]
    text: Text
    reason: Text


_SIMPLE_DUE = (
    DateDue
    | EndOfDue
    | PartOfDue
    | SpanDue
    | RecurringDue
    | WeeklyDue
    | OngoingDue
    | ConditionalDue
    | UndeterminedDue
)
SimpleDue = Annotated[_SIMPLE_DUE, Field(discriminator="kind")]


class SeveralDue(_Spec):
    """Several rules at once."""

    kind: Literal["several"]
    parts: list[SimpleDue] = Field(min_length=2)


Due = Annotated[_SIMPLE_DUE | SeveralDue, Field(discriminator="kind")]


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
