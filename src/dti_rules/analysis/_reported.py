"""A reported file (``dti-rules/reported/1``): the figures, assessments, summary counts and
tasks a report states, read and checked against the rule set it reports on."""

from __future__ import annotations

import os
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from .._fileio import LoadedDocument, check_document, read_document
from .._validation import pydantic_message
from .._vnnumbers import parse_printed
from ..compiled import CompiledRuleSet
from ..errors import InputFileError, Location, message_of, msg
from ..result import TargetStatus

SCHEMA = "dti-rules/reported/1"
_WORDS: Mapping[str, TargetStatus] = {
    "vượt": TargetStatus.EXCEEDED,
    "đạt": TargetStatus.MET,
    "chưa đạt": TargetStatus.NOT_MET,
}
_WORD_OF = {status: word for word, status in _WORDS.items()}


class ReportedError(InputFileError):
    """A reported-figures file is malformed or does not fit its rule set."""

    kind = "reported figures"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReportedFigure(_Spec):
    target: str | None = Field(
        description="The id of the plan's target the figure measures; null for a figure the "
        "plan sets no target for (its `measure` then says what it counts)"
    )
    unit: str = Field(default="all", description="A level (district, ward…), a unit id, or 'all'")
    value: str | int | float = Field(
        description="As printed: '97,43%', '86.4', 100, a count '4.588.105' or a ratio "
        "'1.626/1.830'"
    )
    line: int | None = None
    measure: str | None = Field(default=None, description="What the figure counts, verbatim")
    note: str | None = None


class ReportedAssessment(_Spec):
    target: str
    assessment: Literal["vượt", "đạt", "chưa đạt"]
    unit: str = "all"
    line: int | None = None
    text: str | None = None


class ReportedSummary(_Spec):
    exceeded: int
    met: int
    not_met: int
    line: int | None = None
    text: str | None = None


class ReportedTask(_Spec):
    task: str
    assessment: str | None = None
    line: int | None = None
    text: str | None = None


class Reported(_Spec):
    """What a report claims about itself."""

    schema_: Literal["dti-rules/reported/1"] = Field(alias="schema")
    ruleset: str
    source: dict[str, Any] = Field(default_factory=dict)
    figures: list[ReportedFigure] = Field(default_factory=list)
    assessments: list[ReportedAssessment] = Field(default_factory=list)
    summary: ReportedSummary | None = None
    tasks: list[ReportedTask] = Field(default_factory=list)
    period: str | None = Field(
        default=None,
        pattern=r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$",
        description="The period the reported figures are for",
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def load_reported(path: str | os.PathLike[str], ruleset: CompiledRuleSet) -> Reported:
    """Read a reported-figures file (JSON or YAML) and check it against ``ruleset``."""
    try:
        doc = read_document(path)
    except InputFileError as exc:
        raise ReportedError([p[0] for p in exc.problems], [p[1] for p in exc.problems]) from None
    return reported_from_data(doc.data, ruleset, doc)


def reported_from_data(
    data: Any, ruleset: CompiledRuleSet, doc: LoadedDocument | None = None
) -> Reported:
    """Check already-parsed reported figures against ``ruleset``."""
    if doc is None:
        try:
            doc = check_document(LoadedDocument(data, "<data>"))
        except InputFileError as exc:
            places, reasons = zip(*exc.problems, strict=True)
            raise ReportedError(list(places), list(reasons)) from None
    try:
        reported = Reported.model_validate(data)
    except pydantic.ValidationError as exc:
        locs = [doc.locate(list(e["loc"])) for e in exc.errors(include_url=False)]
        msgs = [pydantic_message(e, keep_prefix=True) for e in exc.errors(include_url=False)]
        raise ReportedError(locs, msgs) from None
    locations: list[Location] = []
    messages: list[str] = []
    if reported.ruleset != ruleset.id:
        locations.append(doc.locate(["ruleset"]))
        messages.append(
            msg(
                "these figures are for {given!r}, not {ident!r}",
                given=reported.ruleset,
                ident=ruleset.id,
            )
        )
    named = [("figures", i, f.target) for i, f in enumerate(reported.figures)]
    named += [("assessments", i, a.target) for i, a in enumerate(reported.assessments)]
    for kind, i, target in named:
        if target is None:
            if not reported.figures[i].measure:
                locations.append(doc.locate([kind, i]))
                messages.append(msg("a figure with no target of the plan must say what it counts"))
        elif target not in ruleset.target_map:
            locations.append(doc.locate([kind, i, "target"]))
            messages.append(
                msg("unknown target {target!r} of {ident}", target=target, ident=ruleset.id)
            )
    for i, task in enumerate(reported.tasks):
        if task.task not in ruleset.obligation_map:
            locations.append(doc.locate(["tasks", i, "task"]))
            messages.append(
                msg("unknown task {task!r} of {ident}", task=task.task, ident=ruleset.id)
            )
    for i, figure in enumerate(reported.figures):
        try:
            printed_value(figure.value)
        except ValueError as exc:
            locations.append(doc.locate(["figures", i, "value"]))
            messages.append(message_of(exc))
    if messages:
        raise ReportedError(locations, messages)
    return reported


def _is_ratio(value: str | int | float) -> bool:
    return isinstance(value, str) and "/" in value


def printed_value(value: str | int | float) -> tuple[Fraction, int, str]:
    """A printed figure: its value, its decimal places and its kind (``percent``, ``ratio``
    as a percentage, or ``number``).

    >>> printed_value("32.10%")
    (Fraction(321, 10), 2, 'percent')
    >>> printed_value("1.626/1.830")[2], float(printed_value("1.626/1.830")[0])
    ('ratio', 88.85245901639344)
    >>> printed_value("4.588.105")
    (Fraction(4588105, 1), 0, 'number')
    """
    if _is_ratio(value):
        assert isinstance(value, str)
        top, _, bottom = value.partition("/")
        numerator, _ = parse_printed(top.strip())
        denominator, _ = parse_printed(bottom.strip())
        if not denominator:
            raise ValueError(msg("ratio {value!r} has denominator 0", value=value))
        return 100 * Fraction(numerator) / Fraction(denominator), 2, "ratio"
    number, places = parse_printed(value)
    kind = "percent" if isinstance(value, str) and value.strip().endswith("%") else "number"
    return Fraction(number), places, kind
