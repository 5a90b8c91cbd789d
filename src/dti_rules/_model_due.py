"""Due days as a rule set states them (``due:``): a date, the end or a part of a period, a
range, a recurring or weekly day, ongoing work, a day after an event, several of these."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ._model_base import Text, _Spec


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
