"""Reading, validating and compiling a rule-set file or data: what loading a rule set does
when the cache does not hold it (:func:`dti_rules.rulesets.load_ruleset`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic

from ._fileio import LoadedDocument, check_document, read_document
from ._ruleset_checks import _METHOD_TAGS
from ._ruleset_compile import _checked, _compile
from ._validation import describe
from .compiled import CompiledRuleSet
from .errors import InputFileError, Location, RuleSetError, msg
from .model import RuleSetSpec

__all__ = ["build", "ruleset_from_data"]


def build(shown: str) -> CompiledRuleSet:
    try:
        doc = read_document(shown)
    except InputFileError as exc:
        raise RuleSetError([p[0] for p in exc.problems], [p[1] for p in exc.problems]) from None
    return _from_document(doc)


def ruleset_from_data(data: Mapping[str, Any], source: str = "<data>") -> CompiledRuleSet:
    """Check and compile a rule set given as already-parsed data (e.g. a dict), held to
    the limits of :mod:`dti_rules._limits` as a file would be."""
    try:
        doc = check_document(LoadedDocument(data, source))
    except InputFileError as exc:
        raise RuleSetError([p[0] for p in exc.problems], [p[1] for p in exc.problems]) from None
    return _from_document(doc)


def _from_document(doc: LoadedDocument) -> CompiledRuleSet:
    if not isinstance(doc.data, Mapping):
        raise RuleSetError([doc.locate(())], [msg("expected a mapping at the top of the rule set")])
    try:
        spec = RuleSetSpec.model_validate(doc.data)
    except pydantic.ValidationError as exc:
        locs, msgs = _pydantic_problems(exc, doc)
        raise RuleSetError(locs, msgs) from None
    problems, obligations = _checked(spec)
    if problems:
        raise RuleSetError([doc.locate(p) for p, _ in problems], [m for _, m in problems])
    return _compile(spec, doc.source, obligations)


def _pydantic_problems(
    exc: pydantic.ValidationError, doc: LoadedDocument
) -> tuple[list[Location], list[str]]:
    locs: list[Location] = []
    msgs: list[str] = []
    for error in exc.errors(include_url=False):
        parts: list[str | int] = []
        for i, part in enumerate(error["loc"]):
            previous = error["loc"][i - 1] if i else None
            if previous in {"scoring"} and part in _METHOD_TAGS:
                continue  # the discriminated union's tag, not a place in the file
            parts.append(part)
        locs.append(doc.locate(parts))
        msgs.append(describe(error))
    return locs, msgs
