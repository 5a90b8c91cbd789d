"""The calendar: periods, deadline rules, the Vietnamese work calendar and statuses.

>>> import datetime as dt
>>> from dti_rules.calendar import Period, VIETNAM, parse_deadline
>>> p = Period.parse("2024-Q3")
>>> (p.start.isoformat(), p.end.isoformat(), str(p.next()))
('2024-07-01', '2024-09-30', '2024-Q4')
>>> rule = parse_deadline("Trước ngày 20 hàng tháng").rule
>>> due = rule.occurrences(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
>>> [(o.key, o.nominal.isoformat()) for o in due[:2]]
[('2024-01', '2024-01-19'), ('2024-02', '2024-02-19')]
>>> VIETNAM.roll_forward(due[1].nominal).due.isoformat()   # 19/02/2024 is a Monday
'2024-02-19'
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from .cutoff import ND_09_ART_8, ND_09_ART_12, CutOff, Gap, cutoff_window, submission_gap
from .periods import Period, PeriodKind
from .rules import (
    Conditional,
    DeadlineKind,
    DeadlineRule,
    EndOf,
    Occurrence,
    OnDate,
    Ongoing,
    Part,
    PartOf,
    Recurring,
    Several,
    Span,
    Undetermined,
    Weekly,
    rule_from_dict,
)
from .status import DeadlineStatus, Judgement, days_past, judge, status_on
from .workdays import (
    FIRST_YEAR,
    LAST_YEAR,
    VIETNAM,
    Rolled,
    WorkCalendar,
    YearOutOfRangeError,
    check_year,
)

if TYPE_CHECKING:
    from .phrases import MAX_PHRASE_LENGTH, ParsedDeadline, parse_deadline

# The phrase reader compiles its grammar when imported: only when a phrase is first read.
_LAZY = lazy_names(
    __name__,
    {
        "MAX_PHRASE_LENGTH": "dti_rules.calendar.phrases",
        "ParsedDeadline": "dti_rules.calendar.phrases",
        "parse_deadline": "dti_rules.calendar.phrases",
    },
)


__getattr__ = _LAZY.getattr
__dir__ = _LAZY.dir


__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_PHRASE_LENGTH",
    "ND_09_ART_8",
    "ND_09_ART_12",
    "VIETNAM",
    "Conditional",
    "CutOff",
    "DeadlineKind",
    "DeadlineRule",
    "DeadlineStatus",
    "EndOf",
    "Gap",
    "Judgement",
    "Occurrence",
    "OnDate",
    "Ongoing",
    "ParsedDeadline",
    "Part",
    "PartOf",
    "Period",
    "PeriodKind",
    "Recurring",
    "Rolled",
    "Several",
    "Span",
    "Undetermined",
    "Weekly",
    "WorkCalendar",
    "YearOutOfRangeError",
    "check_year",
    "cutoff_window",
    "days_past",
    "judge",
    "parse_deadline",
    "rule_from_dict",
    "status_on",
    "submission_gap",
]
