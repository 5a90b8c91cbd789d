"""Evaluation backends. :func:`evaluate` is the entry point.

>>> from dti_rules.engine import BACKENDS
>>> "native" in BACKENDS
True
"""

from __future__ import annotations

import datetime as dt

from ..compiled import CompiledRuleSet
from ..errors import BackendUnavailableError
from ..result import Result
from ..submission import Submission
from ._facts import passes, target_status
from ._native import evaluate_native

__all__ = ["BACKENDS", "evaluate", "passes", "target_status"]

#: Backends this installation can run.
BACKENDS: tuple[str, ...] = ("native",)


def evaluate(
    ruleset: CompiledRuleSet,
    submission: Submission,
    *,
    as_of: dt.date | None = None,
    backend: str = "native",
) -> Result:
    """Score ``submission`` against ``ruleset``: points, target statuses, violations.

    ``as_of`` is the evaluation date recorded in the Result. ``backend`` selects the
    evaluation engine; ``"native"`` is plain compiled Python with exact arithmetic.
    """
    if backend == "native":
        return evaluate_native(ruleset, submission, as_of=as_of)
    raise BackendUnavailableError(
        f"unknown backend {backend!r}; this installation provides: {', '.join(BACKENDS)}"
    )
