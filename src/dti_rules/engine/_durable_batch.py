"""The facts of one durable_rules session, written as the JSON text durable_rules reads.

durable_rules' cost grows with every fact it is given: it parses each one, matches it,
stores it, and writes it out again in the message of the rule it fires. What its rules read
of a fact is small (a target's comparison and sign, an input's state, a due day, the day
its work was done and the evaluation date), and many subjects of one evaluation read the
same: the 49 targets of Quận 10 fall into about four (comparison, sign) pairs. So a session
holds one fact per distinct combination of the fields the rules read, and dti-rules keeps,
beside the text, the subjects each fact stands for (its targets, inputs or due days). The
rules match and fire exactly as they would on one fact per subject: a subject's status is
the one its fact's rule gives, and every subject of a fact has the same fields.

The facts hold no text of the rule set or the submission: their values are integers and
words of a fixed vocabulary (comparisons, signs, states, kinds), and their ``id`` is the
fact's number in the session, so the JSON is written without escaping anything.
"""

from __future__ import annotations

from typing import NamedTuple

from .._kinds import Comparison
from ..compiled import CompiledRuleSet
from ._deadlines import OPEN_STATUS, DueFacts
from ._facts import VIOLATION_BY_STATE, Facts

__all__ = ["NA", "Batch", "Writer", "add_dues", "batch", "comparisons"]

#: The ``sign`` of a measurement that cannot be compared (no value, no threshold).
NA = "na"

_SIGN_TEXT = {1: "1", 0: "0", -1: "-1", None: f'"{NA}"'}
_WORDS = frozenset(VIOLATION_BY_STATE) | frozenset(OPEN_STATUS)


class Batch(NamedTuple):
    """One session's facts, without the session: ``bodies``, each fact's JSON after its
    ``sid`` and ``id``; ``subjects``, for each fact by its number, the ids of the targets,
    inputs or due days it stands for."""

    bodies: list[str]
    subjects: list[list[str]]

    @property
    def size(self) -> int:
        """How many facts the session holds."""
        return len(self.subjects)

    def text(self, sid: str, tag: str) -> str:
        """The JSON array durable_rules is given for session ``sid``: each fact's ``id`` is
        ``tag``, a dot and its number. durable_rules then identifies facts by their ids,
        not by a hash of their content (:func:`~dti_rules.engine._durable.run_session`
        retries with another tag)."""
        head = f'{{"sid":"{sid}","id":"{tag}.'
        facts = [f'{head}{n}",{body}' for n, body in enumerate(self.bodies)]
        return f"[{','.join(facts)}]"


class Writer:
    """Gathers the facts of a session: :meth:`add` a subject with what the rules read of
    it; subjects that read the same share a fact."""

    __slots__ = ("_index", "bodies", "subjects")

    def __init__(self) -> None:
        self._index: dict[tuple[object, ...], list[str]] = {}
        self.bodies: list[str] = []
        self.subjects: list[list[str]] = []

    def add(self, key: tuple[object, ...], subject: str) -> None:
        """Add ``subject`` under ``key``: ``("measure", comparison, sign or None, level
        not covered)``, ``("input", state)``, ``("open", state)`` or ``("due", due day,
        day done or 0, evaluation date)``, days as day numbers (``date.toordinal()``)."""
        found = self._index.get(key)
        if found is None:
            self._index[key] = found = []
            self.subjects.append(found)
            self.bodies.append(_BODIES[key[0]](key))  # type: ignore[index]
        found.append(subject)

    def add_all(self, key: tuple[object, ...], subjects: list[str]) -> None:
        """Add each of ``subjects`` under ``key`` (see :meth:`add`)."""
        if subjects:
            self.add(key, subjects[0])
            self._index[key].extend(subjects[1:])

    def batch(self) -> Batch:
        return Batch(self.bodies, self.subjects)


def _measure(key: tuple[object, ...]) -> str:
    _kind, cmp, sign, uncovered = key
    return (
        f'"kind":"measure","cmp":"{_COMPARISONS[cmp]}","sign":{_SIGN_TEXT[sign]},'  # type: ignore[index]
        f'"uncovered":{int(bool(uncovered))}}}'
    )


def _state(key: tuple[object, ...]) -> str:
    kind, state = key
    return f'"kind":"{kind}","state":"{_word(state)}"}}'


def _due(key: tuple[object, ...]) -> str:
    _kind, day, done, today = key
    return f'"kind":"due","day":{int(day)},"done":{int(done)},"today":{int(today)}}}'  # type: ignore[call-overload]


_BODIES = {"measure": _measure, "input": _state, "open": _state, "due": _due}
_COMPARISONS = {c.value: c.value for c in Comparison}


def comparisons(ruleset: CompiledRuleSet) -> dict[str, str]:
    """Each target's comparison, as its ``measure`` fact names it."""
    return {target.id: target.comparison.value for target in ruleset.targets}


def batch(ruleset: CompiledRuleSet, facts: Facts, dues: DueFacts) -> Batch:
    """The facts of a session deciding ``facts`` and ``dues``: a ``measure`` fact per
    (comparison, sign, level not covered), an ``input`` fact per input state that is a
    violation, a ``due`` fact per (due day, day the work was done) with the evaluation
    date, an ``open`` fact per state of the obligations without a due day.

    >>> from dti_rules.engine._facts import InputFact, Measure
    >>> import datetime as dt
    >>> class Rules:  # what batch reads of a compiled rule set
    ...     def derived(self, key, build):
    ...         return {"T1": "ge", "T2": "ge", "T3": "lt"}
    >>> m = [Measure("T1", None, None, "", 1), Measure("T2", None, None, "", 1),
    ...      Measure("T3", None, None, "", None)]
    >>> facts = Facts((InputFact("a", "missing"),), tuple(m), {})
    >>> b = batch(Rules(), facts, DueFacts((), {}, dt.date(2024, 1, 1)))
    >>> print(b.text("e7", "0").replace("},{", "},\\n{"))
    [{"sid":"e7","id":"0.0","kind":"measure","cmp":"ge","sign":1,"uncovered":0},
    {"sid":"e7","id":"0.1","kind":"measure","cmp":"lt","sign":"na","uncovered":0},
    {"sid":"e7","id":"0.2","kind":"input","state":"missing"}]
    >>> b.subjects
    [['T1', 'T2'], ['T3'], ['a']]
    """
    cmp = ruleset.derived("engine.durable.comparisons", comparisons)
    writer = Writer()
    add = writer.add
    for m in facts.measures:
        add(("measure", cmp[m.target], m.sign, m.uncovered_level), m.target)
    for fact in facts.inputs:
        if fact.state != "ok":
            add(("input", fact.state), fact.id)
    add_dues(writer, dues)
    return writer.batch()


def add_dues(writer: Writer, dues: DueFacts) -> None:
    """Add the due facts ``dues`` (with the days their work was done) to ``writer``."""
    done = dues.done
    today = dues.as_of.toordinal()
    for due in dues.facts:
        ident = due.info.id
        scheduled = due.scheduled
        if scheduled is None:
            writer.add(("open", due.state), ident)
        else:
            day = done.get(ident)
            writer.add(
                ("due", scheduled.due.toordinal(), day.toordinal() if day else 0, today), ident
            )


def _word(state: object) -> str:
    """``state``, one of the fixed words a fact may hold (so the JSON needs no escaping)."""
    if state not in _WORDS:
        raise ValueError(f"not a state a durable fact holds: {state!r}")
    return str(state)
