"""The entry point of evaluation: :func:`evaluate` one submission with a chosen backend."""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..calendar import Period
from ..compiled import CompiledRuleSet
from ..errors import ArgumentError, BackendUnavailableError, Location, SubmissionError, msg
from ..result import Deferred, GroupTotal, Result
from ..submission import Submission
from ._durable import import_error
from ._durable_path import durable_outcome
from ._native import native_outcome
from ._score import build_result

__all__ = ["backends", "evaluate"]

_KNOWN = ("durable", "native")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def backends() -> tuple[str, ...]:
    """The backends this installation can run, the default first (trying durable_rules'
    import the first time)."""
    return _KNOWN if import_error() is None else ("native",)


@functools.lru_cache(maxsize=256)
def _period_end(period: str) -> dt.date:
    """The last day of ``period`` (a submission's period, checked when it was read)."""
    return Period.parse(period).end


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
        raise ArgumentError(
            msg("{name}: expected a date YYYY-MM-DD, got {got!r}", name=name, got=value)
        )
    raise ArgumentError(
        msg(
            "{name}: expected a date or a text YYYY-MM-DD, got {type} {got!r}",
            name=name,
            type=type(value).__name__,
            got=value,
        )
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
    # durable_rules is imported only when it is asked for, or chosen as the default
    chosen = backends()[0] if backend is None else backend
    if chosen not in _KNOWN:
        raise BackendUnavailableError(
            chosen, msg("unknown backend {name!r}", name=chosen), available=backends()
        )
    checked = submission.ruleset_fingerprint
    if checked is not None and checked != ruleset.fingerprint:
        raise SubmissionError(
            [Location(submission.source)],
            [
                msg(
                    "this submission was checked against another rule set (fingerprint "
                    "{checked}), not {ident!r} ({fingerprint}): load it again with this rule set",
                    checked=checked[:12],
                    ident=ruleset.id,
                    fingerprint=ruleset.fingerprint[:12],
                )
            ],
        )
    given = _as_date(as_of, "as_of")
    when = given if given is not None else _period_end(submission.period)
    # a unit is judged, scored and given a maximum only on what binds its level
    unit = submission.unit
    ruleset, left_out = ruleset.bound(unit.level, (unit.id, unit.name))
    group_totals: tuple[GroupTotal, ...] | Deferred[tuple[GroupTotal, ...]]
    outcome = native_outcome if chosen == "native" else durable_outcome
    decisions, points, group_totals = outcome(ruleset, submission, when)
    return build_result(
        ruleset,
        submission,
        decisions,
        points=points,
        group_totals=group_totals,
        backend=chosen,
        as_of=when,
        left_out=left_out,
    )
