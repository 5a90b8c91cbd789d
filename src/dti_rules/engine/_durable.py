"""The ``durable`` backend: a compiled rule set as a durable_rules ruleset.

Each compiled rule set becomes one durable_rules ruleset, built from its JSON definition
(not the decorator DSL) and named after the rule set's fingerprint, so two versions of a
rule set live side by side in one process. An evaluation asserts its facts in a fresh
session: one ``target`` fact per target, one ``measure`` fact per target (the sign of
``value - threshold``, computed exactly by dti-rules, since durable_rules compares numbers
as C doubles), and one ``input`` fact per input whose state calls for a decision. The rules
that fire join each target with its measurement and decide its status and violations
through named actions of a ``_Host``; the session's state is deleted afterwards.

durable_rules has no locks of its own, so every call into it holds :data:`_LOCK`.
"""

from __future__ import annotations

import copy
import itertools
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
from ._facts import STATUS_BY_SIGN, VIOLATION_BY_STATE, Decisions, Facts, canonical_violations

__all__ = [
    "ATTEMPTS",
    "DurableEngineError",
    "decide_durable",
    "definition",
    "import_error",
    "last_session_id",
    "ruleset_name",
    "session_state",
]

_LOCK = threading.RLock()
_engine: Any = None  # durable.engine, once imported
_import_error: str | None = None  # why it could not be, if so
_tried = False


def _load_engine() -> Any:
    """durable.engine, imported on first use (it takes longer to import than the rest of
    the evaluation code together), or None where it cannot be imported."""
    global _engine, _import_error, _tried  # noqa: PLW0603 - one import per process
    if not _tried:
        with _LOCK:
            if not _tried:
                try:
                    from durable import engine  # type: ignore[import-untyped]  # noqa: PLC0415
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
_NA = "na"


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

    The targets are facts, the logic is rules: each target is one ``measure`` fact holding
    its comparison and the sign of ``value - threshold``; for each comparison the rule set's
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
        cases.append((_NA, _NA, TargetStatus.NOT_EVALUATED))
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
    """Deadlines: one ``due`` fact per due day holds its due day (``day``), the day its work
    was done (``done``, 0 when not done by the evaluation date) and the evaluation date
    (``today``), all as day numbers; the rules compare them within the fact. An ``open``
    fact stands for an obligation with no due day: ongoing, undetermined or waiting."""
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


def _due_facts(dues: DueFacts, sid: str) -> list[dict[str, Any]]:
    """Deadline facts, with dates as day numbers (``date.toordinal()``): a ``due`` fact per
    due day (with the day its work was done, 0 when not done by the evaluation date, and
    the evaluation date), and an ``open`` fact per obligation without a due day."""
    out: list[dict[str, Any]] = []
    done = dues.done
    today = dues.as_of.toordinal()
    for fact in dues.facts:
        ident = fact.info.id
        if fact.scheduled is None:
            out.append({"sid": sid, "kind": "open", "state": fact.state, "did": ident})
            continue
        day = done.get(ident)
        out.append(
            {
                "sid": sid,
                "kind": "due",
                "did": ident,
                "day": fact.scheduled.due.toordinal(),
                "done": day.toordinal() if day else 0,
                "today": today,
            }
        )
    return out


def _comparisons(ruleset: CompiledRuleSet) -> Mapping[str, str]:
    """Each target's comparison, as its ``measure`` fact names it."""
    return {target.id: target.comparison.value for target in ruleset.targets}


def _facts(ruleset: CompiledRuleSet, facts: Facts, sid: str) -> list[dict[str, Any]]:
    """The facts of one session: a ``measure`` per target, an ``input`` per input whose
    state is a violation. Only facts some rule matches are asserted: durable_rules refuses
    a batch with an unmatched fact."""
    cmp = ruleset.derived("engine.durable.comparisons", _comparisons)
    out: list[dict[str, Any]] = [
        {
            "sid": sid,
            "kind": "measure",
            "tid": m.target,
            "cmp": cmp[m.target],
            "sign": _NA if m.sign is None else m.sign,
            "uncovered": int(m.uncovered_level),
        }
        for m in facts.measures
    ]
    out.extend(
        {"sid": sid, "kind": "input", "state": fact.state, "iid": fact.id}
        for fact in facts.inputs
        if fact.state != "ok"
    )
    return out


@attrs.define
class _Session:
    statuses: dict[str, TargetStatus] = attrs.Factory(dict)
    violations: list[tuple[ViolationCode, str]] = attrs.Factory(list)
    deadlines: dict[str, DeadlineStatus] = attrs.Factory(dict)


def _target_action(status: TargetStatus) -> Callable[[Any], None]:
    def act(c: Any) -> None:
        session = _HOST_SESSIONS[c.s.sid]
        targets = [fact["tid"] for fact in c.m]
        session.statuses.update(dict.fromkeys(targets, status))
        if status is TargetStatus.NOT_MET:
            session.violations.extend((ViolationCode.TARGET_NOT_MET, t) for t in targets)

    act.__name__ = f"target_{status.value}"
    return act


def _input_action(code: ViolationCode) -> Callable[[Any], None]:
    def act(c: Any) -> None:
        _HOST_SESSIONS[c.s.sid].violations.extend((code, fact["iid"]) for fact in c.m)

    return act


def _level_action(c: Any) -> None:
    _HOST_SESSIONS[c.s.sid].violations.extend(
        (ViolationCode.LEVEL_NOT_COVERED, fact["tid"]) for fact in c.m
    )


def _due_action(status: DeadlineStatus) -> Callable[[Any], None]:
    def act(c: Any) -> None:
        _HOST_SESSIONS[c.s.sid].deadlines.update(dict.fromkeys((f["did"] for f in c.m), status))

    return act


def _open_action(status: DeadlineStatus) -> Callable[[Any], None]:
    def act(c: Any) -> None:
        _HOST_SESSIONS[c.s.sid].deadlines.update(dict.fromkeys((f["did"] for f in c.m), status))

    return act


_ACTIONS: dict[str, Callable[[Any], None]] = {
    **{f"target_{s.value}": _target_action(s) for s in TargetStatus},
    **{f"input_{state}": _input_action(code) for state, code in VIOLATION_BY_STATE.items()},
    "level_not_covered": _level_action,
    **{
        f"due_{s.value}": _due_action(s)
        for s in (
            DeadlineStatus.ON_TIME,
            DeadlineStatus.LATE,
            DeadlineStatus.OVERDUE,
            DeadlineStatus.PENDING,
        )
    },
    **{f"open_{state}": _open_action(status) for state, status in OPEN_STATUS.items()},
}
_ACTION_NAMES = frozenset(_ACTIONS)
_HOST_SESSIONS: dict[str, _Session] = {}


def _host_class(engine: Any) -> type[Any]:
    """The Host subclass of ``engine`` (durable.engine) with dti-rules' named actions."""

    class _Host(engine.Host):  # type: ignore[misc]
        """One long-lived host per process, with dti-rules' named actions.

        dti-rules uses neither timers nor queued messages, so the host starts none of the
        background dispatch threads durable_rules' Host would (they would also call into
        the engine outside :data:`_LOCK`).
        """

        def __init__(self) -> None:
            self.registered: set[str] = set()
            super().__init__()

        def _run(self) -> None:  # no timer threads
            return None

        def get_action(self, action_name: str) -> Callable[[Any], None]:
            """The named action, looked up in :data:`_ACTIONS` each time it runs."""
            if action_name not in _ACTIONS:
                raise DurableEngineError(f"no action named {action_name!r}")

            def run(c: Any) -> None:
                _ACTIONS[action_name](c)

            return run

        def load_ruleset(self, ruleset_name: str) -> Any:
            raise DurableEngineError(f"durable ruleset {ruleset_name!r} is not registered")

    return _Host


_host: Any = None
_sids = itertools.count(1)
_LAST_SID: list[str | None] = [None]


def _get_host() -> Any:
    global _host  # noqa: PLW0603 - one host per process, created on first use
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
    if _host is None:
        _host = _host_class(engine)()
    return _host


def _ensure_registered(host: Any, ruleset: CompiledRuleSet) -> str:
    name = ruleset_name(ruleset)
    if name not in host.registered:
        # set_rulesets mutates what it is given (it removes "run"): hand it a copy
        host.set_rulesets({name: copy.deepcopy(definition(ruleset))})
        host.registered.add(name)
    return name


#: Sessions an evaluation tries before it gives up (each with fresh fact ids).
ATTEMPTS = 3


class _Refused(Exception):
    """durable_rules refused a batch of facts (a fact it took for one already seen, or an
    engine error code); the session it started was deleted."""


def _with_ids(batch: list[dict[str, Any]], attempt: int) -> list[dict[str, Any]]:
    """The batch with an explicit, unique ``id`` on every fact.

    Without one, durable_rules identifies a fact by a 32-bit hash of its content, and two
    facts of one batch whose hashes collide make it refuse the batch (more often the larger
    the batch: about one evaluation in four with 40,000 facts). Each attempt numbers the
    facts afresh."""
    return [{**fact, "id": f"{attempt}.{index}"} for index, fact in enumerate(batch)]


def _assert(host: Any, name: str, sid: str, batch: list[dict[str, Any]]) -> Mapping[str, Any]:
    """Assert one session's facts; the session state durable_rules returns. The session
    is deleted before this returns or raises, whatever happened, with one exception.

    Every fact asserted matches some rule by construction (see :func:`_facts`), so an
    unhandled batch means the definition and the facts disagree: that is reported as an
    error of dti-rules, and its session is the one not deleted: durable_rules 2.0.28 crashes
    the process when deleting the state of a session whose facts went unhandled.
    """
    try:
        state: Mapping[str, Any] = host.assert_facts(name, batch)
    except _load_engine().MessageNotHandledException:
        raise DurableEngineError(
            "durable_rules matched no rule for this evaluation's facts; "
            "the ruleset definition and the facts disagree"
        ) from None
    except Exception as exc:  # MessageObservedException, or an engine error code
        _delete(host, name, sid)
        raise _Refused(type(exc).__name__) from None
    _delete(host, name, sid)
    return state


def _delete(host: Any, name: str, sid: str) -> None:
    try:
        host.delete_state(name, sid)
    except Exception as exc:  # an engine error code: report it, never keep going silently
        raise DurableEngineError(
            f"durable_rules could not delete the state of session {sid}: {exc}"
        ) from None


def decide_durable(ruleset: CompiledRuleSet, facts: Facts, dues: DueFacts) -> Decisions:
    """Decide statuses and violations by asserting ``facts`` (and the deadline facts
    ``dues`` with their evaluation date) in a fresh durable_rules session; the session is
    deleted afterwards, also when an action failed or durable_rules refused the batch.

    A refused batch is asserted again in a new session with fresh fact ids, up to
    :data:`ATTEMPTS` sessions in all; after that the evaluation fails with a
    :class:`DurableEngineError` that says so and points to the native backend, which
    decides the same statuses."""
    with _LOCK:
        host = _get_host()
        name = _ensure_registered(host, ruleset)
        refusals: list[str] = []
        for attempt in range(ATTEMPTS):
            sid = f"e{next(_sids)}"
            _LAST_SID[0] = sid
            session = _Session()
            batch = _facts(ruleset, facts, sid)
            if dues.facts:
                batch += _due_facts(dues, sid)
            _HOST_SESSIONS[sid] = session
            try:
                state = _assert(host, name, sid, _with_ids(batch, attempt)) if batch else None
            except _Refused as exc:
                refusals.append(str(exc))
                continue
            finally:
                del _HOST_SESSIONS[sid]
            if state is not None and "exception" in state:
                raise DurableEngineError(f"a durable_rules action failed: {state['exception']}")
            break
        else:
            raise DurableEngineError(
                f"durable_rules refused this evaluation's {len(batch):,} facts in "
                f"{ATTEMPTS} sessions ({', '.join(refusals)}); every session was deleted. "
                "The native backend decides the same statuses: use backend='native' "
                "(--backend native)"
            )
    missing = [t.id for t in ruleset.targets if t.id not in session.statuses]
    missing += [d.id for d in dues.facts if d.id not in session.deadlines]
    if missing:
        raise DurableEngineError(f"durable_rules decided no status for {', '.join(missing)}")
    return Decisions(
        session.statuses,
        canonical_violations(ruleset, session.violations),
        session.deadlines,
    )


def last_session_id() -> str | None:
    """The durable_rules session id of the latest evaluation (for state checks)."""
    return _LAST_SID[0]


def session_state(ruleset: CompiledRuleSet, sid: str) -> dict[str, Any] | None:
    """durable_rules' own state of session ``sid`` of ``ruleset``, or None when the engine
    holds none (as after every evaluation)."""
    with _LOCK:
        host = _get_host()
        name = _ensure_registered(host, ruleset)
        try:
            state: dict[str, Any] = host.get_state(name, sid)
        except Exception as exc:  # durable_rules_engine.error carries a numeric code
            if "309" in str(exc):  # the engine's "no such session"
                return None
            raise
        return state
