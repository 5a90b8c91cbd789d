"""Deadline rules that wait for an event, texts that fix no date, and several rules together."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from ..errors import msg
from ._rule_base import ART_147, DeadlineKind, DeadlineRule, Occurrence
from .workdays import VIETNAM, vn_date

_CONNECTORS = {
    "sau khi": "Sau khi",
    "trước khi": "Trước khi",
    "khi": "Khi",
    "theo": "Theo",
    "kể từ": "Kể từ",
}


def _check_connector(rule: Conditional, attribute: Any, value: str) -> None:
    if value not in _CONNECTORS:
        raise ValueError(
            msg(
                "connector must be one of {choices}, got {value!r}",
                choices=sorted(_CONNECTORS),
                value=value,
            )
        )


@attrs.frozen
class Conditional(DeadlineRule):
    """Due after an event ("Sau khi Thành phố triển khai", "Theo Kế hoạch của …").

    Undetermined until the event's date is known. With ``days``, the task is due that
    many days after the event (counted from the next day, Civil Code Art. 147). Without:
    "theo" (a plan or request that sets the date) is due on the event's date, "trước khi"
    by the day before it, and "sau khi" / "khi" stay without a due day even once the event
    is dated, since the document sets no time after it.
    """

    event: str
    connector: str = attrs.field(default="sau khi", validator=_check_connector)
    days: int | None = None
    working: bool = attrs.field(default=False)
    kind = DeadlineKind.CONDITIONAL

    @working.validator
    def _working_needs_days(self, attribute: Any, value: bool) -> None:
        if value and self.days is None:
            raise ValueError(msg("working days need a number of days"))
        if self.days is not None and self.days < 0:
            raise ValueError(msg("a number of days is 0 or more, got {days}", days=self.days))
        if self.connector == "kể từ" and self.days is None:
            raise ValueError(msg("'kể từ' (counted from) needs a number of days"))

    @property
    def waits_for_event(self) -> bool:
        return True

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        if event is None:
            return ()
        if self.days is None and self.connector in ("sau khi", "khi"):
            return ()  # no time limit after the event
        if self.days is None and self.connector == "trước khi":
            last = event - dt.timedelta(days=1)
            basis = msg(
                "before the event ({event}) of {date}: by {last}",
                event=self.event,
                date=vn_date(event),
                last=vn_date(last),
            )
            return (Occurrence(event.isoformat(), last, basis),)
        if self.days is None:
            basis = msg("on the event ({event}) of {date}", event=self.event, date=vn_date(event))
            return (Occurrence(event.isoformat(), event, basis),)
        if self.connector == "trước khi":
            last = event - dt.timedelta(days=self.days)
            basis = msg(
                "{days} days before the event ({event}) of {date}",
                days=self.days,
                event=self.event,
                date=vn_date(event),
            )
            return (Occurrence(event.isoformat(), last, basis),)
        if self.working:
            last = event
            for _ in range(self.days):
                last = VIETNAM.next_working_day(last + dt.timedelta(days=1))
            basis = msg(
                "{days} working days counted from the day after the event of "
                "{date} ({law}; days off skipped, Điều 148): {last}",
                days=self.days,
                date=vn_date(event),
                law=ART_147,
                last=vn_date(last),
            )
            return (Occurrence(event.isoformat(), last, basis),)
        last = event + dt.timedelta(days=self.days)
        basis = msg(
            "{days} days counted from the day after the event of {date} ({law}): {last}",
            days=self.days,
            date=vn_date(event),
            law=ART_147,
            last=vn_date(last),
        )
        return (Occurrence(event.isoformat(), last, basis),)

    def phrase(self) -> str:
        text = f"{_CONNECTORS[self.connector]} {self.event}"
        if self.days is not None:
            unit = "ngày làm việc" if self.working else "ngày"
            text = f"Trong vòng {self.days} {unit} {text[0].lower()}{text[1:]}"
        return text

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": "conditional",
            "event": self.event,
            "connector": self.connector,
            "days": self.days,
        }
        if self.working:
            data["working"] = True
        return data


@attrs.frozen
class Undetermined(DeadlineRule):
    """A text that fixes no date and names no event, kept verbatim with the reason."""

    text: str
    reason: str
    kind = DeadlineKind.UNDETERMINED

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        return ()

    def phrase(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "undetermined", "text": self.text, "reason": self.reason}


def _check_parts(rule: Several, attribute: Any, value: tuple[DeadlineRule, ...]) -> None:
    if len(value) < 2:
        raise ValueError(msg("several needs at least two rules"))
    if any(isinstance(part, Several) for part in value):
        raise ValueError(msg("several cannot nest"))


@attrs.frozen
class Several(DeadlineRule):
    """Several rules at once: "Tháng 06 và tháng 12/2024", "Trong năm 2024 và thường xuyên".

    >>> from dti_rules.calendar import EndOf, Period
    >>> Several((EndOf(Period.parse("2024-06")), EndOf(Period.parse("2024-12")))).phrase()
    'Tháng 06/2024; Tháng 12/2024'
    """

    parts: tuple[DeadlineRule, ...] = attrs.field(validator=_check_parts)
    kind = DeadlineKind.SEVERAL

    @property
    def waits_for_event(self) -> bool:
        return any(p.waits_for_event for p in self.parts)

    def occurrences(
        self, start: dt.date, end: dt.date, event: dt.date | None = None
    ) -> tuple[Occurrence, ...]:
        by_key: dict[str, list[Occurrence]] = {}
        for part in self.parts:
            for occ in part.occurrences(start, end, event):
                same = by_key.setdefault(occ.key, [])
                if all(o.nominal != occ.nominal for o in same):
                    same.append(occ)
        found: dict[str, Occurrence] = {}
        for key, occs in by_key.items():
            if len(occs) == 1:
                found.setdefault(key, occs[0])
                continue
            for occ in occs:  # two days of one period ("19/6 và 19/12 hằng năm"): by date
                found.setdefault(
                    occ.nominal.isoformat(), attrs.evolve(occ, key=occ.nominal.isoformat())
                )
        return tuple(sorted(found.values(), key=lambda o: (o.nominal, o.key)))

    def phrase(self) -> str:
        return "; ".join(p.phrase() for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "several", "parts": [p.to_dict() for p in self.parts]}
