"""Calendar support: reporting periods (month, quarter, half-year, year).

>>> from dti_rules.calendar import Period
>>> p = Period.parse("2024-Q3")
>>> (p.start.isoformat(), p.end.isoformat(), str(p.next()))
('2024-07-01', '2024-09-30', '2024-Q4')
"""

from .periods import Period, PeriodKind

__all__ = ["Period", "PeriodKind"]
