"""Reading a submission file of any format: :func:`load_submission`."""

from __future__ import annotations

import os

from ..compiled import CompiledRuleSet
from ..submission import Submission, read_submission, submission_from_document

__all__ = ["load_submission"]


def load_submission(path: str | os.PathLike[str], ruleset: CompiledRuleSet) -> Submission:
    """Read a submission file and check it against ``ruleset``: JSON or YAML, an Excel form
    (``.xlsx``, see :mod:`dti_rules.formats.xlsx`) or a CSV table (``.csv``, see
    :mod:`dti_rules.formats.csvio`); problems in the last two are located by cell.

    >>> from dti_rules import load_ruleset
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> load_submission(examples_dir() / "q10-dti-2024.example.json", rs).unit.id
    'q10'
    """
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix == ".xlsx":
        from .xlsx_form import read_submission_workbook  # noqa: PLC0415 - openpyxl when needed

        return submission_from_document(read_submission_workbook(path, ruleset), ruleset)
    if suffix == ".csv":
        from .csvio import read_submission_csv  # noqa: PLC0415 - read only when needed

        return submission_from_document(read_submission_csv(path, ruleset), ruleset)
    return read_submission(path, ruleset)
