"""The entry point of evaluation: :func:`evaluate` one submission with a chosen backend."""

from __future__ import annotations

import datetime as dt

from ..calendar import Period
from ..compiled import CompiledRuleSet
from ..errors import BackendUnavailableError, Location, SubmissionError
from ..result import Result
from ..submission import Submission
from ._deadlines import deadline_facts, decide_deadlines
from ._durable import IMPORT_ERROR, decide_durable
from ._facts import decide, gather
from ._score import build_result

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "evaluate"]

#: Backends this installation can run.
BACKENDS: tuple[str, ...] = ("durable", "native") if IMPORT_ERROR is None else ("native",)
#: The backend :func:`evaluate` uses when none is named: durable where durable_rules imports.
DEFAULT_BACKEND: str = BACKENDS[0]
_KNOWN = ("durable", "native")


def evaluate(
    ruleset: CompiledRuleSet,
    submission: Submission,
    *,
    as_of: dt.date | None = None,
    backend: str | None = None,
) -> Result:
    """Score ``submission`` against ``ruleset``: points, target statuses, violations.

    ``as_of`` is the evaluation date: deadlines are judged on it (pending, overdue, done
    on time or late), and work reported done after it does not count yet. It defaults to
    the last day of the submission's period, so the same inputs always give the same Result.
    Only the indicators, targets, tasks and reports that bind the unit's level count (see
    :meth:`~dti_rules.compiled.CompiledRuleSet.for_level`); the Result lists the others in
    ``left_out``, with the reason.
    ``backend`` selects the engine that decides statuses and violations: ``"durable"``
    (durable_rules, the default where it can be imported) or ``"native"`` (plain Python).
    Raises
    :class:`~dti_rules.errors.BackendUnavailableError` for a backend this installation
    cannot run, and :class:`~dti_rules.errors.SubmissionError` for a submission loaded
    against another rule set (compared by fingerprint).
    """
    chosen = DEFAULT_BACKEND if backend is None else backend
    if chosen not in _KNOWN:
        raise BackendUnavailableError(
            f"unknown backend {chosen!r}; this installation provides: {', '.join(BACKENDS)}"
        )
    checked = submission.ruleset_fingerprint
    if checked is not None and checked != ruleset.fingerprint:
        raise SubmissionError(
            [Location(submission.source)],
            [
                f"this submission was checked against another rule set (fingerprint "
                f"{checked[:12]}), not {ruleset.id!r} ({ruleset.fingerprint[:12]}): "
                "load it again with this rule set"
            ],
        )
    when = as_of if as_of is not None else Period.parse(submission.period).end
    # a unit is judged, scored and given a maximum only on what binds its level
    unit = submission.unit
    left_out = ruleset.left_out(unit.level, (unit.id, unit.name))
    ruleset = ruleset.for_level(unit.level, (unit.id, unit.name))
    facts = gather(ruleset, submission)
    dues = deadline_facts(ruleset, submission, when)
    if chosen == "native":
        decisions = decide(ruleset, facts, decide_deadlines(dues))
    else:
        decisions = decide_durable(ruleset, facts, dues)
    return build_result(
        ruleset, submission, facts, decisions, backend=chosen, as_of=when, left_out=left_out
    )
