"""Submissions: what a unit supplies for one period, checked against a rule set.

A submission file (JSON or YAML) names the unit, the period and a value for each input,
either as a mapping ``{input id: value}`` or as the list a template writes::

    >>> from dti_rules import load_ruleset, submission_from_data
    >>> rs = load_ruleset("q10-dti-2024")
    >>> sub = submission_from_data({
    ...     "unit": {"id": "q10", "name": "UBND Quận 10", "level": "district"},
    ...     "period": "2024",
    ...     "inputs": {"I.1.decision": {"value": True, "evidence": "QĐ 123/QĐ-UBND"}},
    ... }, rs)
    >>> sub.value("I.1.decision")
    Answer(value=True, evidence='QĐ 123/QĐ-UBND')

Values by input kind: boolean ``true``/``false`` (or ``{"value": true, "evidence": "…"}``);
count, a whole number ≥ 0; rate, ``{"numerator": n, "denominator": d}``; number; date
(``"2024-05-17"``). ``null`` leaves an input blank, which the engine reports as missing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ._fileio import LoadedDocument, check_document, read_document
from ._submission_checks import _bind
from ._submission_data import (
    SCHEMA,
    Answer,
    Count,
    DateValue,
    InputValue,
    Number,
    Rate,
    Submission,
    Unit,
    rate_percent,
)
from .compiled import CompiledRuleSet
from .errors import InputFileError, SubmissionError

__all__ = [
    "SCHEMA",
    "Answer",
    "Count",
    "DateValue",
    "InputValue",
    "Number",
    "Rate",
    "Submission",
    "Unit",
    "rate_percent",
    "read_submission",
    "submission_from_data",
    "submission_from_document",
]


def read_submission(path: str | os.PathLike[str], ruleset: CompiledRuleSet) -> Submission:
    """Read a JSON or YAML submission file and check it against ``ruleset``.

    :func:`dti_rules.load_submission` reads Excel forms and CSV tables as well."""
    try:
        doc = read_document(path)
    except InputFileError as exc:
        raise SubmissionError([p[0] for p in exc.problems], [p[1] for p in exc.problems]) from None
    return _bind(doc, ruleset)


def submission_from_document(doc: LoadedDocument, ruleset: CompiledRuleSet) -> Submission:
    """Check a document already read (by a reader of :mod:`dti_rules.formats`, which keeps
    where each value stands) against ``ruleset``."""
    return _bind(doc, ruleset)


def submission_from_data(
    data: Mapping[str, Any], ruleset: CompiledRuleSet, source: str = "<data>"
) -> Submission:
    """Check already-parsed submission data against ``ruleset`` (and against the limits
    of :mod:`dti_rules._limits`, as a file would be)."""
    try:
        doc = check_document(LoadedDocument(data, source))
    except InputFileError as exc:
        raise SubmissionError([p[0] for p in exc.problems], [p[1] for p in exc.problems]) from None
    return _bind(doc, ruleset)
