"""Data cut-off windows of periodic reports (Nghị định 09/2019/NĐ-CP, Điều 12).

A report for a period covers the figures of its cut-off window, not of the calendar period:
a monthly report from the 15th of the previous month to the 14th of the month; a quarterly
one from the 15th of the month before the quarter to the 14th of the quarter's last month;
half-yearly 15 Dec – 14 Jun and 15 Jun – 14 Dec; annual 15 Dec of the previous year – 14 Dec.
Article 8(5)(b) asks for at least one working day between the end of the cut-off and the
deadline::

    >>> import datetime as dt
    >>> from dti_rules.calendar import Period, cutoff_window, submission_gap
    >>> window = cutoff_window(Period.parse("2024-Q2"))
    >>> (window.start.isoformat(), window.end.isoformat())
    ('2024-03-15', '2024-06-14')
    >>> submission_gap(window, dt.date(2024, 6, 9)).ok    # "before the 10th of the last month"
    False
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..errors import Msg, msg
from .periods import Period
from .workdays import VIETNAM, WorkCalendar, vn_date

__all__ = ["ND_09_ART_8", "ND_09_ART_12", "CutOff", "Gap", "cutoff_window", "submission_gap"]

ND_09_ART_12 = "Nghị định 09/2019/NĐ-CP, Điều 12"
ND_09_ART_8 = "Nghị định 09/2019/NĐ-CP, Điều 8 khoản 5 điểm b"
CUTOFF_DAY = 14  # the window ends on the 14th and the next one starts on the 15th


@attrs.frozen
class CutOff:
    """The data window a periodic report covers."""

    period: Period
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def cutoff_window(period: Period) -> CutOff:
    """The cut-off window of the report for ``period`` (Art. 12).

    >>> w = cutoff_window(Period.parse("2024-01"))
    >>> (w.start.isoformat(), w.end.isoformat())
    ('2023-12-15', '2024-01-14')
    """
    last_month = dt.date(period.end.year, period.end.month, CUTOFF_DAY)
    before = period.start - dt.timedelta(days=1)  # a day of the month before the period
    first = dt.date(before.year, before.month, CUTOFF_DAY + 1)
    return CutOff(period, first, last_month)


@attrs.frozen
class Gap:
    """Working days from the end of a cut-off window to the report's deadline."""

    window: CutOff
    due: dt.date
    working_days: int

    @property
    def ok(self) -> bool:
        """At least one working day after the cut-off, up to and including the deadline."""
        return self.working_days >= 1

    def message(self) -> Msg:
        """The gap in words, in English and (:meth:`Msg.in_language`) Vietnamese."""
        if self.ok:
            return msg(
                "{count} working day(s) from the cut-off ({end}) to the deadline ({due})",
                count=self.working_days,
                end=vn_date(self.window.end),
                due=vn_date(self.due),
            )
        if self.due <= self.window.end:
            where = msg("falls before the data cut-off ends")
        else:
            where = msg("leaves no working day after the data cut-off")
        return msg(
            "the deadline {due} for {period} {where} ({end}); {law} asks for at least one "
            "working day",
            due=vn_date(self.due),
            period=str(self.window.period),
            where=where,
            end=vn_date(self.window.end),
            law=ND_09_ART_8,
        )


def submission_gap(window: CutOff, due: dt.date, calendar: WorkCalendar = VIETNAM) -> Gap:
    """How many working days the deadline ``due`` leaves after the window (Art. 8(5)(b))."""
    return Gap(window, due, calendar.working_days_after(window.end, due))
