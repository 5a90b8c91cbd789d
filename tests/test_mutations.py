"""Engines that are wrong in known ways: the toolkit's invariants catch each one within
hypothesis' default example budget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from dti_rules import evaluate
from dti_rules.calendar import Recurring, WorkCalendar
from dti_rules.engine import _facts, _parts, _score
from dti_rules.model import Comparison
from dti_rules.result import TargetStatus
from dti_rules.testing import (
    check_additivity,
    check_bounds,
    check_deadline_rule,
    check_target_statuses,
    deadline_rules,
    rulesets_with_submissions,
)


@contextmanager
def _ge_read_as_gt(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A threshold compared with > instead of ≥: a value at the threshold fails."""
    table = dict(_facts.STATUS_BY_SIGN)
    table[Comparison.GE] = {**table[Comparison.GE], 0: TargetStatus.NOT_MET}
    monkeypatch.setattr(_facts, "STATUS_BY_SIGN", table)
    yield


@contextmanager
def _no_cap(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Proportional points without their cap: a value beyond the target earns more."""
    original = _parts._target_points

    def target_points(
        method: str, full: Fraction, status: TargetStatus, value: Any, threshold: Any
    ) -> Fraction | None:
        pts = original(method, full, status, value, threshold)
        beyond = status in (TargetStatus.MET, TargetStatus.EXCEEDED)
        if method == "proportional" and beyond and value is not None and threshold:
            pts = full * value / threshold
        return pts

    for module in (_parts, _score):  # where it is defined, and where it is imported
        monkeypatch.setattr(module, "_target_points", target_points)
    yield


@contextmanager
def _summed_twice(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Items summed twice: an indicator with items reports double its points."""
    original = _score._Scoring.indicator

    def indicator(self: Any, indicator: Any) -> Any:
        result = original(self, indicator)
        if indicator.summed:
            result = attrs.evolve(result, points=result.points * 2)
        return result

    monkeypatch.setattr(_score._Scoring, "indicator", indicator)
    yield


def _caught(check: Callable[[Any], None]) -> Callable[[tuple[Any, Any]], None]:
    @settings(database=None, derandomize=True)
    @given(rulesets_with_submissions(boundary=True))
    def run(case: tuple[Any, Any]) -> None:
        ruleset, submission = case
        check(evaluate(ruleset, submission, backend="native"))

    return run  # type: ignore[return-value]


def _invariants(result: Any) -> None:
    check_bounds(result)
    check_additivity(result)
    check_target_statuses(result)


MUTANTS = {
    "ge read as gt": _ge_read_as_gt,
    "cap missing": _no_cap,
    "items summed twice": _summed_twice,
}


def _assert_caught(run: Callable[[], None]) -> None:
    """``run`` fails an invariant: hypothesis raises the AssertionError, or a group of
    them when it finds several distinct failures."""
    try:
        run()
    except AssertionError:
        return
    except ExceptionGroup as group:
        assert group.subgroup(AssertionError) is not None
        assert group.split(AssertionError)[1] is None, "only invariants may fail"
        return
    pytest.fail("the mutant passed every invariant")


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_each_mutant_is_caught(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    mutate = MUTANTS[name]
    run = _caught(_invariants)
    run()  # the real engine passes
    with mutate(monkeypatch):
        _assert_caught(run)


@contextmanager
def _before_read_as_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A deadline off by one day: "trước ngày N" read as due on day N."""
    original = Recurring.due_in

    def due_in(self: Recurring, period: Any) -> Any:
        found = original(self, period)
        if self.before:
            found = attrs.evolve(found, nominal=found.nominal + dt.timedelta(days=1))
        return found

    monkeypatch.setattr(Recurring, "due_in", due_in)
    yield


@contextmanager
def _holidays_ignored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A holiday ignored: only weekends are days off."""

    def is_working_day(self: WorkCalendar, day: dt.date) -> bool:
        return day.weekday() < 5

    monkeypatch.setattr(WorkCalendar, "is_working_day", is_working_day)
    yield


CALENDAR_MUTANTS = {
    "deadline off by one day": _before_read_as_on,
    "holiday ignored": _holidays_ignored,
}


@pytest.mark.parametrize("name", sorted(CALENDAR_MUTANTS))
def test_each_calendar_mutant_is_caught(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    @settings(database=None, derandomize=True)
    @given(deadline_rules())
    def run(rule: Any) -> None:
        check_deadline_rule(rule)

    run()  # the real calendar passes
    with CALENDAR_MUTANTS[name](monkeypatch):
        _assert_caught(run)


def test_points_exactly_at_a_ge_threshold_are_full() -> None:
    assert _facts.target_status(Fraction(80), Comparison.GE, Fraction(80)) is TargetStatus.MET
