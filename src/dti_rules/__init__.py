"""dti-rules: Vietnam's Digital Transformation Index (DTI) plans as checkable rule sets.

Load a bundled rule set, check a unit's submission against it and score it::

    >>> from dti_rules import evaluate, load_ruleset, submission_from_data
    >>> rs = load_ruleset("q10-dti-2024")
    >>> sub = submission_from_data(
    ...     {"unit": {"id": "q10", "name": "UBND Quận 10", "level": "district"},
    ...      "period": "2024",
    ...      "inputs": {"I.1.decision": {"value": True, "evidence": "QĐ 1/QĐ-UBND"}}},
    ...     rs)
    >>> result = evaluate(rs, sub)
    >>> result.to_dict()["groups"][0]["points"] >= 10
    True

``import dti_rules`` itself loads none of the library's dependencies: each public name is
imported from its module when it is first read, so a program (or the command line) pays
only for what it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_names

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .batch import evaluate_many
    from .compiled import CompiledRuleSet
    from .engine import BACKENDS, evaluate
    from .errors import (
        ArgumentError,
        BackendUnavailableError,
        DtiRulesError,
        InputFileError,
        Problem,
        RuleSetError,
        SubmissionError,
        UnknownRuleSetError,
    )
    from .formats.loading import load_submission
    from .formats.template import submission_template
    from .result import (
        ById,
        DeadlineStatus,
        IndicatorStatus,
        Result,
        TargetStatus,
        Violation,
        ViolationCode,
    )
    from .rulesets import bundled_rulesets, compile_ruleset, load_ruleset, ruleset_from_data
    from .submission import Submission, submission_from_data

_LAZY = lazy_names(
    __name__,
    {
        "ArgumentError": ".errors",
        "BACKENDS": ".engine",
        "BackendUnavailableError": ".errors",
        "ById": ".result",
        "CompiledRuleSet": ".compiled",
        "DeadlineStatus": ".result",
        "DtiRulesError": ".errors",
        "IndicatorStatus": ".result",
        "InputFileError": ".errors",
        "Problem": ".errors",
        "Result": ".result",
        "RuleSetError": ".errors",
        "Submission": ".submission",
        "SubmissionError": ".errors",
        "TargetStatus": ".result",
        "UnknownRuleSetError": ".errors",
        "Violation": ".result",
        "ViolationCode": ".result",
        "bundled_rulesets": ".rulesets",
        "compile_ruleset": ".rulesets",
        "evaluate": ".engine",
        "evaluate_many": ".batch",
        "load_ruleset": ".rulesets",
        "load_submission": ".formats.loading",
        "ruleset_from_data": ".rulesets",
        "submission_from_data": ".submission",
        "submission_template": ".formats.template",
    },
)


__getattr__ = _LAZY.getattr
__dir__ = _LAZY.dir


__all__ = [
    "BACKENDS",
    "ArgumentError",
    "BackendUnavailableError",
    "ById",
    "CompiledRuleSet",
    "DeadlineStatus",
    "DtiRulesError",
    "IndicatorStatus",
    "InputFileError",
    "Problem",
    "Result",
    "RuleSetError",
    "Submission",
    "SubmissionError",
    "TargetStatus",
    "UnknownRuleSetError",
    "Violation",
    "ViolationCode",
    "__version__",
    "bundled_rulesets",
    "compile_ruleset",
    "evaluate",
    "evaluate_many",
    "load_ruleset",
    "load_submission",
    "ruleset_from_data",
    "submission_from_data",
    "submission_template",
]
