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

from ..compiled import CompiledRuleSet
from ._deadlines import OPEN_STATUS, DueFacts
from ._facts import VIOLATION_BY_STATE, Facts

__all__ = ["NA", "Batch", "batch", "comparisons"]

#: The ``sign`` of a measurement that cannot be compared (no value, no threshold).
NA = "na"

_SIGN_TEXT = {1: "1", 0: "0", -1: "-1", None: f'"{NA}"'}
_WORDS = frozenset(VIOLATION_BY_STATE) | frozenset(OPEN_STATUS)


class Batch(NamedTuple):
    """One session's facts: ``text``, the JSON array durable_rules is given; ``subjects``,
    for each fact by its number, the ids of the targets, inputs or due days it stands for."""

    text: str
    subjects: list[list[str]]

    @property
    def size(self) -> int:
        """How many facts the session holds."""
        return len(self.subjects)


def comparisons(ruleset: CompiledRuleSet) -> dict[str, str]:
    """Each target's comparison, as its ``measure`` fact names it."""
    return {target.id: target.comparison.value for target in ruleset.targets}


def batch(ruleset: CompiledRuleSet, facts: Facts, dues: DueFacts, sid: str, tag: str) -> Batch:
    """The facts of session ``sid``: a ``measure`` fact per (comparison, sign, level not
    covered), an ``input`` fact per input state that is a violation, a ``due`` fact per (due
    day, day the work was done) with the evaluation date, an ``open`` fact per state of the
    obligations without a due day. Each fact's ``id`` is ``tag``, a dot and its number:
    durable_rules then identifies facts by their ids, not by a hash of their content
    (:func:`~dti_rules.engine._durable.decide_durable` retries with another tag).

    >>> from dti_rules.engine._facts import InputFact, Measure
    >>> import datetime as dt
    >>> class Rules:  # what batch reads of a compiled rule set
    ...     def derived(self, key, build):
    ...         return {"T1": "ge", "T2": "ge", "T3": "lt"}
    >>> m = [Measure("T1", None, None, "", 1), Measure("T2", None, None, "", 1),
    ...      Measure("T3", None, None, "", None)]
    >>> facts = Facts((InputFact("a", "missing"),), tuple(m), {})
    >>> b = batch(Rules(), facts, DueFacts((), {}, dt.date(2024, 1, 1)), "e7", "0")
    >>> print(b.text.replace("},{", "},\\n{"))
    [{"sid":"e7","id":"0.0","kind":"measure","cmp":"ge","sign":1,"uncovered":0},
    {"sid":"e7","id":"0.1","kind":"measure","cmp":"lt","sign":"na","uncovered":0},
    {"sid":"e7","id":"0.2","kind":"input","state":"missing"}]
    >>> b.subjects
    [['T1', 'T2'], ['T3'], ['a']]
    """
    cmp = ruleset.derived("engine.durable.comparisons", comparisons)
    head = f'{{"sid":"{sid}","id":"{tag}.'
    parts: list[str] = []
    subjects: list[list[str]] = []
    index: dict[object, list[str]] = {}
    for m in facts.measures:
        key = (cmp[m.target], m.sign, m.uncovered_level)
        found = index.get(key)
        if found is None:
            index[key] = found = []
            subjects.append(found)
            parts.append(
                f'{head}{len(parts)}","kind":"measure","cmp":"{key[0]}",'
                f'"sign":{_SIGN_TEXT[m.sign]},"uncovered":{int(m.uncovered_level)}}}'
            )
        found.append(m.target)
    for fact in facts.inputs:
        state = fact.state
        if state == "ok":
            continue
        found = index.get(state)
        if found is None:
            index[state] = found = []
            subjects.append(found)
            parts.append(f'{head}{len(parts)}","kind":"input","state":"{_word(state)}"}}')
        found.append(fact.id)
    done = dues.done
    today = dues.as_of.toordinal()
    for due in dues.facts:
        ident = due.info.id
        scheduled = due.scheduled
        if scheduled is None:
            open_key = ("open", due.state)
            found = index.get(open_key)
            if found is None:
                index[open_key] = found = []
                subjects.append(found)
                parts.append(f'{head}{len(parts)}","kind":"open","state":"{_word(due.state)}"}}')
        else:
            day = done.get(ident)
            days = (scheduled.due.toordinal(), day.toordinal() if day else 0)
            found = index.get(days)
            if found is None:
                index[days] = found = []
                subjects.append(found)
                parts.append(
                    f'{head}{len(parts)}","kind":"due","day":{days[0]},'
                    f'"done":{days[1]},"today":{today}}}'
                )
        found.append(ident)
    return Batch(f"[{','.join(parts)}]", subjects)


def _word(state: str) -> str:
    """``state``, one of the fixed words a fact may hold (so the JSON needs no escaping)."""
    if state not in _WORDS:
        raise ValueError(f"not a state a durable fact holds: {state!r}")
    return state
