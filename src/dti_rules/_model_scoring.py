"""Targets, scoring methods, indicators and groups of the rule-set format."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from ._kinds import Comparison, Level
from ._model_base import (
    _BINDING_DOC,
    _LEVELS_DOC,
    _UNITS_DOC,
    Id,
    LevelList,
    Points,
    Relative,
    Text,
    UnitList,
    _Spec,
)
from ._model_due import Due
from .errors import msg


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
