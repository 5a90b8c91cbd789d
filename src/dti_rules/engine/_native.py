"""The ``native`` backend: facts decided in plain Python, exactly; the fast path and the
oracle the other backend is tested against."""

from __future__ import annotations

import datetime as dt

from ..compiled import CompiledRuleSet
from ..result import Result
from ..submission import Submission
from ._facts import decide, gather
from ._score import build_result

__all__ = ["evaluate_native"]


def evaluate_native(
    ruleset: CompiledRuleSet, submission: Submission, *, as_of: dt.date | None = None
) -> Result:
    """Evaluate ``submission`` against ``ruleset`` with exact arithmetic."""
    facts = gather(ruleset, submission)
    return build_result(
        ruleset, submission, facts, decide(ruleset, facts), backend="native", as_of=as_of
    )
