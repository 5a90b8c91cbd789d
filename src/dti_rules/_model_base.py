"""The building blocks of the rule-set format: ids, texts and points, levels, kinds of input
and comparisons, the source document, readings and inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ._kinds import InputKind, Level
from .errors import msg

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]
Points = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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
