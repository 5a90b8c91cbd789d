"""The ``durable`` backend: a compiled rule set as a durable_rules ruleset.

Each compiled rule set becomes one durable_rules ruleset, built from its JSON definition
(not the decorator DSL) and named after the rule set's fingerprint, so two versions of a
rule set live side by side in one process. An evaluation asserts its facts in a fresh
session, in one batch (:mod:`._durable_batch`): a ``measure`` fact per comparison and sign
of ``value - threshold`` (computed exactly by dti-rules, since durable_rules compares
numbers as C doubles) among the targets, an ``input`` fact per input state that is a
violation, a ``due`` fact per due day and day of completion, an ``open`` fact per state of
the obligations without a due day. The rules decide each fact's status or violation;
their named actions record it for the subjects the fact stands for. The session's state
is deleted afterwards.

dti-rules talks to durable_rules' engine (``durable_rules_engine``, the compiled part of
durable_rules) directly, not through its Python ``Host``: the Host runs each action through
a JSON round trip of the session state and wraps every matched fact in an object, which
cost more than the engine's own matching (see docs/performance.md), and starts timer
threads dti-rules has no use for.

durable_rules has no locks of its own, so every call into it holds :data:`_LOCK`.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .._kinds import Comparison
from ..calendar import DeadlineStatus
from ..compiled import CompiledRuleSet
from ..errors import BackendUnavailableError, DtiRulesError, msg
from ..result import TargetStatus, ViolationCode
from ._deadlines import OPEN_STATUS, DueFacts
from ._durable_batch import NA, Batch, batch
from ._facts import STATUS_BY_SIGN, VIOLATION_BY_STATE, Decisions, Facts, canonical_violations

__all__ = [
    "ATTEMPTS",
    "DurableEngineError",
    "Session",
    "decide_durable",
    "definition",
    "import_error",
    "last_session_id",
    "ruleset_name",
    "run_session",
    "session_state",
]

_LOCK = threading.RLock()
_engine: Any = None  # durable_rules_engine, once imported
_import_error: str | None = None  # why it could not be, if so
_tried = False


def _load_engine() -> Any:
    """durable_rules' engine, imported on first use (it takes longer to import than the rest
    of the evaluation code together), or None where it cannot be imported."""
    global _engine, _import_error, _tried  # noqa: PLW0603 - one import per process
    if not _tried:
        with _LOCK:
            if not _tried:
                try:
                    import durable_rules_engine as engine  # type: ignore[import-not-found]  # noqa: PLC0415
                except Exception as exc:  # depends on the Python version
                    _import_error = f"{type(exc).__name__}: {exc}"
                else:
                    _engine = engine
                _tried = True
    return _engine


def import_error() -> str | None:
    """None when durable_rules can be imported here, otherwise why not (imports it)."""
    _load_engine()
    return _import_error


_SIGNS: Mapping[int, str] = {1: "above", 0: "at", -1: "below"}


class DurableEngineError(DtiRulesError):
    """durable_rules reported a failure while evaluating (an action raised, a definition
    was refused)."""


def ruleset_name(ruleset: CompiledRuleSet) -> str:
    """The durable_rules ruleset name of a compiled rule set: derived from its fingerprint.

    A rule set restricted to what binds one unit (see
    :meth:`~dti_rules.compiled.CompiledRuleSet.for_level`) has its own name, made of the
    level and the comparisons its targets use: its definition depends on nothing else, so
    the restrictions for different units of a level share it when they use the same ones."""
    name = f"dti_{ruleset.fingerprint[:32]}"
    level = ruleset.restricted_to
    if level is None:
        return name
    used = sorted({t.comparison.value for t in ruleset.targets})
    return f"{name}_{level.value}_{'_'.join(used) or 'none'}"


#: The most facts one firing of a rule hands its action: a rule fires once for all the
#: facts of a session it matches (up to this many), not once per fact.
CAP = 10_000


def definition(ruleset: CompiledRuleSet) -> dict[str, Any]:
    """The durable_rules JSON definition of ``ruleset``'s decisions.

    The measurements are facts, the logic is rules: a ``measure`` fact holds a comparison
    and the sign of ``value - threshold`` (for every target that has both, see
    :mod:`._durable_batch`); for each comparison the rule set's
    targets use, one rule per sign runs the named action of its status by
    :data:`STATUS_BY_SIGN` (``target_exceeded``, ``target_met``, ``target_not_met``), and
    one more runs ``target_not_evaluated`` for an unavailable measurement. Per input state
    that is a violation there is one rule, and one for a measurement whose threshold has no
    tier for the unit's level. Deadlines: see :func:`_deadline_rules`.

    Every rule matches single facts (no joins between facts, which durable_rules would
    evaluate fact by fact) and fires once per session for all the facts it matches
    (``cap``), so an evaluation runs one action per rule that applies, not one per fact.
    """
    rules: dict[str, Any] = {}
    used = sorted({t.comparison for t in ruleset.targets}, key=list(Comparison).index)
    for comparison in used:
        cases: list[tuple[int | str, str, TargetStatus]] = [
            (value, word, STATUS_BY_SIGN[comparison][value]) for value, word in _SIGNS.items()
        ]
        cases.append((NA, NA, TargetStatus.NOT_EVALUATED))
        for value, word, status in cases:
            rules[f"{comparison.value}_{word}"] = _rule(
                f"target_{status.value}",
                {"kind": "measure"},
                {"cmp": comparison.value},
                {"sign": value},
            )
    for state in VIOLATION_BY_STATE:
        rules[f"input_{state}"] = _rule(f"input_{state}", {"kind": "input"}, {"state": state})
    rules["level_not_covered"] = _rule("level_not_covered", {"kind": "measure"}, {"uncovered": 1})
    rules.update(_deadline_rules())
    _validate(rules)
    return rules


def _rule(action: str, *terms: dict[str, Any]) -> dict[str, Any]:
    """A rule over single facts matching every one of ``terms``, run once for all of them."""
    return {"all": [{"m": {"$and": list(terms)}}], "cap": CAP, "run": action}


def _deadline_rules() -> dict[str, Any]:
    """Deadlines: a ``due`` fact holds a due day (``day``), the day its work was done
    (``done``, 0 when not done by the evaluation date) and the evaluation date (``today``),
    all as day numbers; the rules compare them within the fact. An ``open`` fact stands for
    obligations with no due day: ongoing, undetermined or waiting."""
    due = {"kind": "due"}
    rules: dict[str, Any] = {
        "due_on_time": _rule(
            "due_on_time", due, {"$gt": {"done": 0}}, {"$lte": {"done": {"$m": "day"}}}
        ),
        "due_late": _rule("due_late", due, {"$gt": {"done": {"$m": "day"}}}),
        "due_overdue": _rule("due_overdue", due, {"done": 0}, {"$gt": {"today": {"$m": "day"}}}),
        "due_pending": _rule("due_pending", due, {"done": 0}, {"$lte": {"today": {"$m": "day"}}}),
    }
    for state in OPEN_STATUS:
        rules[f"open_{state}"] = _rule(f"open_{state}", {"kind": "open"}, {"state": state})
    return rules


_PATTERN_KEYS = {"kind", "cmp", "sign", "state", "uncovered", "day", "done", "today"}
_OPERATORS = {"$gt", "$lte"}


def _validate(rules: Mapping[str, Any]) -> None:
    """Refuse a definition durable_rules would reject with a bare error code."""
    for name, rule in rules.items():
        if set(rule) != {"all", "cap", "run"} or not isinstance(rule["run"], str):
            raise DurableEngineError(
                f"durable rule {name!r}: expected exactly 'all', 'cap' and 'run'"
            )
        if rule["run"] not in _ACTION_NAMES:
            raise DurableEngineError(f"durable rule {name!r}: unknown action {rule['run']!r}")
        for element in rule["all"]:
            ((_alias, pattern),) = element.items()
            terms = pattern.get("$and", [pattern])
            for term in terms:
                ((key, value),) = term.items()
                if key in _OPERATORS:
                    ((key, value),) = value.items()
                if key not in _PATTERN_KEYS:
                    raise DurableEngineError(f"durable rule {name!r}: unknown field {key!r}")
                if isinstance(value, dict) and (
                    list(value) != ["$m"] or value["$m"] not in _PATTERN_KEYS
                ):
                    raise DurableEngineError(
                        f"durable rule {name!r}: {key!r} may be compared with another field "
                        f"of the same fact only, not {value!r}"
                    )
                if not isinstance(value, (str, int, dict)) or isinstance(value, bool):
                    raise DurableEngineError(
                        f"durable rule {name!r}: {key!r} must compare with a string, an "
                        f"integer or a field of the same fact, not {value!r}"
                    )


@attrs.define
class Session:
    """What the rules fired in one session decided: target statuses, violations (code and
    subject) and due-day statuses, as the actions recorded them."""

    statuses: dict[str, TargetStatus] = attrs.Factory(dict)
    violations: list[tuple[ViolationCode, str]] = attrs.Factory(list)
    deadlines: dict[str, DeadlineStatus] = attrs.Factory(dict)

    def decisions(self, ruleset: CompiledRuleSet, dues: list[str]) -> Decisions:
        """The decisions, in the rule set's order: a status for each of its targets and
        each due fact of ``dues`` (or a :class:`DurableEngineError` naming those the rules
        left without one), the violations in their canonical order."""
        statuses, deadlines = self.statuses, self.deadlines
        try:
            return Decisions(
                {t.id: statuses[t.id] for t in ruleset.targets},
                canonical_violations(ruleset, self.violations),
                {ident: deadlines[ident] for ident in dues},
            )
        except KeyError:
            missing = [t.id for t in ruleset.targets if t.id not in statuses]
            missing += [ident for ident in dues if ident not in deadlines]
            raise DurableEngineError(
                f"durable_rules decided no status for {', '.join(missing)}"
            ) from None


#: A named action: given the session's decisions so far and the subjects (targets, inputs,
#: due days) of the facts a rule fired for, records what the rule decided about them.
Action = Callable[[Session, list[str]], None]


def _target_action(status: TargetStatus) -> Action:
    def act(session: Session, targets: list[str]) -> None:
        session.statuses.update(dict.fromkeys(targets, status))
        if status is TargetStatus.NOT_MET:
            session.violations.extend((ViolationCode.TARGET_NOT_MET, t) for t in targets)

    act.__name__ = f"target_{status.value}"
    return act


def _violation_action(code: ViolationCode) -> Action:
    def act(session: Session, subjects: list[str]) -> None:
        session.violations.extend((code, subject) for subject in subjects)

    return act


def _deadline_action(status: DeadlineStatus) -> Action:
    def act(session: Session, dues: list[str]) -> None:
        session.deadlines.update(dict.fromkeys(dues, status))

    return act


_ACTIONS: dict[str, Action] = {
    **{f"target_{s.value}": _target_action(s) for s in TargetStatus},
    **{f"input_{state}": _violation_action(code) for state, code in VIOLATION_BY_STATE.items()},
    "level_not_covered": _violation_action(ViolationCode.LEVEL_NOT_COVERED),
    **{
        f"due_{s.value}": _deadline_action(s)
        for s in (
            DeadlineStatus.ON_TIME,
            DeadlineStatus.LATE,
            DeadlineStatus.OVERDUE,
            DeadlineStatus.PENDING,
        )
    },
    **{f"open_{state}": _deadline_action(status) for state, status in OPEN_STATUS.items()},
}
_ACTION_NAMES = frozenset(_ACTIONS)


@attrs.frozen
class _Registered:
    """A rule set's ruleset inside durable_rules: its handle, and each rule's action."""

    handle: int
    actions: Mapping[str, str]


_registered: dict[str, _Registered] = {}
_sids = itertools.count(1)
_LAST_SID: list[str | None] = [None]


def _engine_or_fail() -> Any:
    engine = _load_engine()
    if engine is None:
        raise BackendUnavailableError(
            "durable",
            msg(
                "the durable backend needs durable_rules, which cannot be imported here ({reason})",
                reason=str(_import_error),
            ),
            available=("native",),
        )
    return engine


def _register(ruleset: CompiledRuleSet) -> _Registered:
    """The ruleset of ``ruleset`` in durable_rules, created on first use (durable_rules
    cannot change or remove a ruleset it holds: a new version of a rule set has a new name).
    """
    engine = _engine_or_fail()
    name = ruleset_name(ruleset)
    found = _registered.get(name)
    if found is None:
        rules = definition(ruleset)
        actions = {rule_name: rule.pop("run") for rule_name, rule in rules.items()}
        handle = engine.create_ruleset(name, json.dumps(rules))
        _registered[name] = found = _Registered(handle, actions)
    return found


#: Sessions an evaluation tries before it gives up (each with fresh fact ids).
ATTEMPTS = 3


class _Refused(Exception):
    """durable_rules refused a batch of facts (a fact it took for one already seen, or an
    engine error code); the session it started was deleted."""


#: A fact's number in the message of a firing, as durable_rules writes the fact back
#: (``"id": "0.12"``): its only text values are words of a fixed vocabulary (see
#: :mod:`._durable_batch`), so nothing else in a message has this shape.
_FACT_NUMBER = re.compile(r'"id": ?"\d+\.(\d+)"')


def _assert_facts(handle: int, text: str) -> tuple[int, int]:
    """durable_rules' answer to asserting the facts ``text``: its result code and the state
    it holds them in (a seam of its own, so tests can stand in for durable_rules)."""
    code, state = _engine.assert_facts(handle, text)
    return code, state


def _fired(message: str) -> tuple[str, list[int]]:
    """The rule a firing's message names and the numbers of the facts it fired for.

    durable_rules writes each matched fact back in full; reading only the numbers with
    :data:`_FACT_NUMBER` costs a third of what decoding the whole message as JSON does. A
    message whose facts it does not read one by one is refused, never half read."""
    rule = message[2 : message.index('"', 2)]
    numbers = [int(n) for n in _FACT_NUMBER.findall(message)]
    if not numbers or len(numbers) != message.count('{"m":'):
        raise DurableEngineError(f"durable_rules fired {rule!r} with facts dti-rules cannot read")
    return rule, numbers


def _run(rules: _Registered, sid: str, text: str, subjects: list[list[str]]) -> Session:
    """Assert one session's facts, run the actions of the rules they fire and delete the
    session, whatever happened, with one exception.

    Actions run here, in the caller's thread, as durable_rules hands them out one by one
    (``start_action_for_state``, ``complete_and_start_action``): dti-rules keeps no state
    inside durable_rules, so no session state travels as JSON between firings.

    Every fact asserted matches some rule by construction (see :mod:`._durable_batch`), so
    an unhandled batch means the definition and the facts disagree: that is reported as an
    error of dti-rules, and its session is the one not deleted: durable_rules 2.0.28
    crashes the process when deleting the state of a session whose facts went unhandled.
    """
    engine = _engine
    handle = rules.handle
    try:
        code, state = _assert_facts(handle, text)
    except Exception as exc:  # an engine error code
        _delete(handle, sid)
        raise _Refused(type(exc).__name__) from None
    if code == _NOT_HANDLED:
        raise DurableEngineError(
            "durable_rules matched no rule for this evaluation's facts; "
            "the ruleset definition and the facts disagree"
        )
    session = Session()
    try:
        if code != 0:  # a fact taken for one already seen, or queued
            raise _Refused(f"result code {code}")
        started = engine.start_action_for_state(handle, state)
        message = started[1] if started else None
        while message is not None:
            rule, numbers = _fired(message)
            try:
                _ACTIONS[rules.actions[rule]](session, [s for n in numbers for s in subjects[n]])
            except Exception as exc:
                engine.abandon_action(handle, state)
                raise DurableEngineError(f"a durable_rules action failed: {exc}") from exc
            message = engine.complete_and_start_action(handle, state)
    finally:
        try:
            _drain(handle, state)
        finally:
            _delete(handle, sid)
    return session


def _drain(handle: int, state: int) -> None:
    """Let durable_rules complete, without running them, the actions it still holds for a
    session: deleting a session with actions pending aborts the process."""
    engine = _engine
    try:
        pending = engine.start_action_for_state(handle, state)
        while pending is not None:
            pending = engine.complete_and_start_action(handle, state)
    except Exception as exc:  # an engine error code
        raise DurableEngineError(f"durable_rules could not finish a session: {exc}") from None


_NOT_HANDLED = 1  # durable_rules' result code for facts no rule matches


def _delete(handle: int, sid: str) -> None:
    try:
        _engine.delete_state(handle, sid)
    except Exception as exc:  # an engine error code: report it, never keep going silently
        raise DurableEngineError(
            f"durable_rules could not delete the state of session {sid}: {exc}"
        ) from None


def run_session(ruleset: CompiledRuleSet, facts: Batch) -> Session:
    """What durable_rules decides on ``facts`` for ``ruleset``: asserted in a fresh session,
    deleted afterwards, also when an action failed or durable_rules refused the batch.

    A refused batch is asserted again in a new session with fresh fact ids, up to
    :data:`ATTEMPTS` sessions in all; after that the evaluation fails with a
    :class:`DurableEngineError` that says so and points to the native backend, which
    decides the same statuses."""
    if not facts.size:
        return Session()
    with _LOCK:
        rules = _register(ruleset)
        refusals: list[str] = []
        for attempt in range(ATTEMPTS):
            sid = f"e{next(_sids)}"
            _LAST_SID[0] = sid
            try:
                return _run(rules, sid, facts.text(sid, str(attempt)), facts.subjects)
            except _Refused as exc:
                refusals.append(str(exc))
    raise DurableEngineError(
        f"durable_rules refused this evaluation's {facts.size:,} facts in "
        f"{ATTEMPTS} sessions ({', '.join(refusals)}); every session was deleted. "
        "The native backend decides the same statuses: use backend='native' "
        "(--backend native)"
    )


def decide_durable(ruleset: CompiledRuleSet, facts: Facts, dues: DueFacts) -> Decisions:
    """Decide statuses and violations by asserting ``facts`` (and the deadline facts
    ``dues`` with their evaluation date) in a durable_rules session (:func:`run_session`):
    the general path, from the facts every backend starts from (the durable backend's
    evaluations take :func:`~._durable_path.durable_outcome`, which reads the submission
    once, as the native backend does)."""
    session = run_session(ruleset, batch(ruleset, facts, dues))
    return session.decisions(ruleset, [d.id for d in dues.facts])


def last_session_id() -> str | None:
    """The durable_rules session id of the latest evaluation (for state checks)."""
    return _LAST_SID[0]


def session_state(ruleset: CompiledRuleSet, sid: str) -> dict[str, Any] | None:
    """durable_rules' own state of session ``sid`` of ``ruleset``, or None when the engine
    holds none (as after every evaluation)."""
    with _LOCK:
        rules = _register(ruleset)
        try:
            text = _engine.get_state(rules.handle, sid)
        except Exception as exc:  # durable_rules_engine.error carries a numeric code
            if "309" in str(exc):  # the engine's "no such session"
                return None
            raise
        state: dict[str, Any] = json.loads(text)
        return state
