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
"""

from .compiled import CompiledRuleSet
from .engine import BACKENDS, evaluate, evaluate_many
from .errors import (
    BackendUnavailableError,
    DtiRulesError,
    InputFileError,
    RuleSetError,
    SubmissionError,
    UnknownRuleSetError,
)
from .result import Result, TargetStatus, Violation, ViolationCode
from .rulesets import bundled_rulesets, compile_ruleset, load_ruleset, ruleset_from_data
from .submission import Submission, load_submission, submission_from_data
from .template import submission_template

__version__ = "0.1.0"

__all__ = [
    "BACKENDS",
    "BackendUnavailableError",
    "CompiledRuleSet",
    "DtiRulesError",
    "InputFileError",
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
