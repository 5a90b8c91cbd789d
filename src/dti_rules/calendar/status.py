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

__all__ = ["DeadlineStatus", "Judgement", "judge"]


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


def judge(due: dt.date, done: dt.date | None, as_of: dt.date) -> Judgement:
    """The status of a due day ``due`` on ``as_of`` when the work was done on ``done``."""
    if done is not None and done <= as_of:
        if done <= due:
            return Judgement(DeadlineStatus.ON_TIME)
        return Judgement(DeadlineStatus.LATE, (done - due).days)
    if as_of > due:
        return Judgement(DeadlineStatus.OVERDUE, (as_of - due).days)
    return Judgement(DeadlineStatus.PENDING)
