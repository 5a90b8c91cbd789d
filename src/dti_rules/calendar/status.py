"""The status of a due day on an evaluation date, given when (if ever) the work was done.

Civil Code Art. 148: a day ends at 24:00, so work done on the due day is on time. Work
done after the evaluation date is not known on that date and does not count::

    >>> import datetime as dt
    >>> from dti_rules.calendar import judge
    >>> judge(dt.date(2024, 3, 31), done=dt.date(2024, 4, 3), as_of=dt.date(2024, 6, 30))
    Judgement(status=<DeadlineStatus.LATE: 'late'>, days=3)
    >>> judge(dt.date(2024, 3, 31), done=None, as_of=dt.date(2024, 3, 31)).status.value
    'pending'
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

__all__ = ["DeadlineStatus", "Judgement", "days_past", "judge", "status_on"]


class DeadlineStatus(StrEnum):
    ON_TIME = "on_time"  #: done on or before the due day
    LATE = "late"  #: done, ``days`` after the due day
    OVERDUE = "overdue"  #: not done, and the due day passed ``days`` ago
    PENDING = "pending"  #: not done, not yet due
    NO_DEADLINE = "no_deadline"  #: ongoing, or a text that fixes no date
    WAITING = "waiting"  #: due after an event whose date is not known


@attrs.frozen
class Judgement:
    status: DeadlineStatus
    days: int | None = None


def status_on(due: dt.date, done: dt.date | None, as_of: dt.date) -> DeadlineStatus:
    """The status alone (what :func:`judge` gives, without the days)."""
    if done is not None and done <= as_of:
        return DeadlineStatus.ON_TIME if done <= due else DeadlineStatus.LATE
    return DeadlineStatus.OVERDUE if as_of > due else DeadlineStatus.PENDING


def days_past(
    status: DeadlineStatus, due: dt.date, done: dt.date | None, as_of: dt.date
) -> int | None:
    """How many days late (done after ``due``) or overdue (not done by ``as_of``) a due
    day of ``status`` is; None for the other statuses."""
    if status is DeadlineStatus.LATE and done is not None:
        return (done - due).days
    if status is DeadlineStatus.OVERDUE:
        return (as_of - due).days
    return None


def judge(due: dt.date, done: dt.date | None, as_of: dt.date) -> Judgement:
    """The status of a due day ``due`` on ``as_of`` when the work was done on ``done``."""
    status = status_on(due, done, as_of)
    return Judgement(status, days_past(status, due, done, as_of))
