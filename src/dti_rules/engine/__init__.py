"""Evaluation backends. :func:`evaluate` is the entry point.

Two backends give the same Result (apart from the ``backend`` field that names them):
``"durable"`` decides target statuses and violations with durable_rules, ``"native"`` in
plain Python. Both share the exact arithmetic of points and the explanations.

>>> from dti_rules.engine import BACKENDS, DEFAULT_BACKEND
>>> "native" in BACKENDS
True
>>> DEFAULT_BACKEND in BACKENDS
True
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ..calendar import Period
from ..compiled import CompiledRuleSet
from ..errors import ArgumentError, BackendUnavailableError
from ..result import Result
from ..submission import Submission
from ._deadlines import deadline_facts, decide_deadlines
from ._durable import DurableEngineError, decide_durable, import_error
from ._facts import decide, gather, passes, target_status
from ._score import build_result

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DurableEngineError",
    "evaluate",
    "passes",
    "target_status",
]

_KNOWN = ("durable", "native")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

if TYPE_CHECKING:
    #: Backends this installation can run (reading it imports durable_rules, to try).
    BACKENDS: tuple[str, ...]
    #: The backend :func:`evaluate` uses when none is named: durable where durable_rules
    #: can be imported, otherwise native.
    DEFAULT_BACKEND: str


def _backends() -> tuple[str, ...]:
    return _KNOWN if import_error() is None else ("native",)


def __getattr__(name: str) -> Any:
    # durable_rules is imported when these are first read, not with the package
    if name == "BACKENDS":
        return _backends()
    if name == "DEFAULT_BACKEND":
        return _backends()[0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _as_date(value: object, name: str) -> dt.date | None:
    """``value`` as a date: a date (a datetime's day), ISO text YYYY-MM-DD, or None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            if _ISO_DATE.fullmatch(value):  # YYYY-MM-DD only: not 20240630, not week dates
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        raise ArgumentError(f"{name}: expected a date YYYY-MM-DD, got {value!r}")
    raise ArgumentError(
        f"{name}: expected a date or a text YYYY-MM-DD, got {type(value).__name__} {value!r}"
    )


def evaluate(
    ruleset: CompiledRuleSet,
    submission: Submission,
    *,
    as_of: dt.date | str | None = None,
    backend: str | None = None,
) -> Result:
    """Score ``submission`` against ``ruleset``: points, target statuses, violations.

    ``as_of`` is the evaluation date (a date, or text ``"2024-06-30"``): deadlines are
    judged on it (pending, overdue, done on time or late), and work reported done after it
    does not count yet. It defaults to the last day of the submission's period, so the same
    inputs always give the same Result. Anything else raises
    :class:`~dti_rules.errors.ArgumentError`.
    ``backend`` selects the engine that decides statuses and violations: ``"durable"``
    (durable_rules, the default where it can be imported) or ``"native"`` (plain Python).
    Raises
    :class:`~dti_rules.errors.BackendUnavailableError` for a backend this installation
    cannot run.
    """
    chosen = _backends()[0] if backend is None else backend
    if chosen not in _KNOWN:
        raise BackendUnavailableError(chosen, f"unknown backend {chosen!r}", available=_backends())
    given = _as_date(as_of, "as_of")
    when = given if given is not None else Period.parse(submission.period).end
    facts = gather(ruleset, submission)
    dues = deadline_facts(ruleset, submission, when)
    if chosen == "native":
        decisions = decide(ruleset, facts, decide_deadlines(dues))
    else:
        decisions = decide_durable(ruleset, facts, dues)
    return build_result(ruleset, submission, facts, decisions, backend=chosen, as_of=when)
