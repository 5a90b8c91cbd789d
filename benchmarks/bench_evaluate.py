"""Evaluation speed on the Quận 10 rule set: both backends against their baselines.

Run on demand (it is not a test)::

    .venv/bin/python benchmarks/bench_evaluate.py              # 10,000 units, 3 rounds
    .venv/bin/python benchmarks/bench_evaluate.py 2000 5       # 2,000 units, 5 rounds

Contenders, all on the same synthetic submissions (each scores its own freshly built copies:
a Submission keeps what is computed from it, its fingerprint, so scoring the same objects
again would leave that work out):

- ``tuned hand-written`` (the BASELINE): :mod:`tuned_scorer`, plain Python with a plan per
  rule set and level built once and integer cross-multiplication: the same total, target
  statuses and deadline statuses as ``native``, and nothing more;
- ``simple hand-written``: the same rules written out with ``Fraction`` operators;
- ``native``: ``evaluate(..., backend="native")``;
- ``native, items read``: the same, then each Result's items read (``result.breakdown``);
- ``durable``: ``evaluate(..., backend="durable")``;
- ``bare durable_rules``: durable_rules' engine alone, given the durable backend's rule
  definitions and the facts of each session as it writes them (made before timing): what
  the backend cannot go below without fewer facts;
- ``durable_rules Host, a fact each``: the same rules through durable_rules' Python
  ``Host``, with one fact per target, input, due day and obligation and plain callables as
  actions, as the durable backend used it before (what the way it talks to durable_rules
  saves);
- ``zen-engine``: the scoring and targets as a decision graph (``bench_zen``), when
  zen-engine is installed (``pip install -e '.[bench]'``), otherwise skipped with a note.

The units are split in blocks of 500; each round runs every contender on each block in
turn (A B C … on block 1, then on block 2, …), starting the order one place further each
round, so that a slow spell of a shared machine falls on all of them. Each figure is the
best round's; ratios are to the tuned baseline. Before timing, every contender's answers are
checked against ``native`` on the first units.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import itertools
import json
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import Any

from durable import engine
from tuned_scorer import TunedScorer

from dti_rules import CompiledRuleSet, Submission, evaluate, load_ruleset, submission_from_data
from dti_rules.engine import _durable
from dti_rules.engine._deadlines import deadline_facts
from dti_rules.engine._durable_batch import batch
from dti_rules.engine._facts import gather
from dti_rules.model import Comparison, InputKind
from dti_rules.submission import Answer, DateValue, Rate

RULESET = "q10-dti-2024"


def synthetic(ruleset: CompiledRuleSet, count: int, seed: int = 2024) -> list[Submission]:
    """``count`` plausible submissions: most inputs near their targets, a few missing."""
    return [submission_from_data(data, ruleset) for data in synthetic_data(ruleset, count, seed)]


def synthetic_data(
    ruleset: CompiledRuleSet, count: int, seed: int = 2024
) -> Iterator[dict[str, Any]]:
    """The data of :func:`synthetic`'s submissions, made one at a time."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    for n in range(count):
        inputs: dict[str, Any] = {}
        for spec in ruleset.inputs:
            if rng.random() < 0.03:
                continue  # a blank now and then
            if spec.kind is InputKind.BOOLEAN:
                inputs[spec.id] = {"value": rng.random() < 0.85, "evidence": "QĐ 1/QĐ-UBND"}
            elif spec.kind is InputKind.RATE:
                den = rng.randint(1, 2000)
                num = min(den, round(den * rng.uniform(0.3, 1.05)))
                inputs[spec.id] = {"numerator": num, "denominator": den}
            elif spec.kind is InputKind.COUNT:
                inputs[spec.id] = rng.randint(0, 30)
            elif spec.kind is InputKind.NUMBER:
                low = spec.minimum if spec.minimum is not None else Fraction(0)
                high = spec.maximum if spec.maximum is not None else Fraction(100)
                inputs[spec.id] = int(rng.uniform(float(low), float(high)))
            else:
                inputs[spec.id] = "2024-06-30"
        level = rng.choice([level.value for level in ruleset.levels])
        done = {}
        for due in ruleset.schedule:  # most work on time, some late, some not reported
            roll = rng.random()
            if roll < 0.9:
                shift = rng.randint(-20, 0) if roll < 0.75 else rng.randint(1, 15)
                done[due.id] = (due.due + dt.timedelta(days=shift)).isoformat()
        data = {
            "unit": {"id": f"u{n}", "name": f"Đơn vị {n}", "level": level},
            "period": str(ruleset.spec.effective.start.year),
            "inputs": inputs,
            "done": done,
        }
        yield data


# -- the hand-written baseline --------------------------------------------------------------


def _percent_or_number(value: Any) -> Fraction | None:
    if isinstance(value, Rate):
        return None if value.denominator == 0 else 100 * value.numerator / value.denominator
    if value is None or isinstance(value, (Answer, DateValue)):
        return None
    return Fraction(value.value)


def _deadlines_by_hand(ruleset: CompiledRuleSet, sub: Submission, as_of: dt.date) -> dict[str, str]:
    """Each due day's status on ``as_of``, and "waiting"/"no_deadline" for the others."""
    out: dict[str, str] = {}
    done = dict(sub.done)
    dated = {due.obligation for due in ruleset.schedule}
    for due in ruleset.schedule:
        if not ruleset.obligation_map[due.obligation].binds(sub.unit.level):
            continue
        day = done.get(due.id)
        if day is not None and day <= as_of:
            out[due.id] = "on_time" if day <= due.due else "late"
        else:
            out[due.id] = "overdue" if as_of > due.due else "pending"
    for ob in ruleset.obligations:
        if ob.id not in dated and ob.binds(sub.unit.level):
            out[ob.id] = "waiting" if ob.waits_for_event else "no_deadline"
    return out


def simple_hand_written(
    ruleset: CompiledRuleSet, sub: Submission
) -> tuple[Fraction, dict[str, str], dict[str, str]]:
    """Total points, target statuses and deadline statuses, written out directly with
    Fraction operators."""
    statuses: dict[str, str] = {}
    ratios: dict[str, Fraction] = {}
    level = sub.unit.level
    ruleset = ruleset.for_level(level)
    for target in ruleset.targets:
        value = _percent_or_number(sub.value(target.input))
        if target.threshold is not None:
            threshold: Fraction | None = target.threshold
        elif target.tiers:
            threshold = dict(target.tiers).get(level)
        else:
            previous = _percent_or_number(sub.value(target.previous_input or ""))
            delta = target.relative_delta or Fraction(0)
            if previous is None:
                threshold = None
            elif target.relative_reading == "percentage_points":
                threshold = previous + delta
            else:
                threshold = previous * (1 + delta / 100)
        if value is None or threshold is None:
            statuses[target.id] = "not_evaluated"
            continue
        c = target.comparison
        if c is Comparison.GE:
            ok, beyond = value >= threshold, value > threshold
        elif c is Comparison.GT:
            ok = beyond = value > threshold
        elif c is Comparison.EQ:
            ok, beyond = value == threshold, False
        elif c is Comparison.LE:
            ok, beyond = value <= threshold, value < threshold
        else:
            ok = beyond = value < threshold
        statuses[target.id] = "exceeded" if beyond else "met" if ok else "not_met"
        ratios[target.id] = value / threshold if threshold else Fraction(0)
    total = Fraction(0)
    for indicator in ruleset.indicators:
        for part in indicator.parts:
            rule = part.rule
            if rule.method == "binary":
                v = sub.value(rule.input or "")
                if isinstance(v, DateValue) or (isinstance(v, Answer) and v.value):
                    total += part.points
            elif rule.method in ("threshold", "proportional"):
                status = statuses[rule.target or ""]
                if status in ("met", "exceeded"):
                    total += part.points
                elif status == "not_met" and rule.method == "proportional":
                    total += part.points * min(Fraction(1), ratios[rule.target or ""])
            else:
                number = _percent_or_number(sub.value(rule.input or ""))
                if number is not None:
                    earned = Fraction(0)
                    for at_least, points in rule.bands:
                        if number >= at_least:
                            earned = points
                    total += earned
    return total, statuses, _deadlines_by_hand(ruleset, sub, ruleset.spec.effective.end)


# -- the bare durable_rules baselines ---------------------------------------------------------


def bare_durable(ruleset: CompiledRuleSet, subs: Sequence[Submission]) -> Callable[[], None]:
    """durable_rules' engine alone: the durable backend's rule definitions and the facts of
    each session as it writes them (made before timing), asserted; each firing's message
    kept (the least an action can do) and the session deleted."""
    import durable_rules_engine  # noqa: PLC0415 - with durable_rules

    definition = _durable.definition(ruleset)
    for rule in definition.values():
        del rule["run"]
    name = f"bare_{ruleset.fingerprint[:16]}_{len(subs)}_{next(_NAMES)}"
    handle = durable_rules_engine.create_ruleset(name, json.dumps(definition))
    as_of = ruleset.spec.effective.end
    sessions = []
    for i, sub in enumerate(subs):
        bound = ruleset.for_level(sub.unit.level)
        facts, dues = gather(bound, sub), deadline_facts(bound, sub, as_of)
        sessions.append((f"b{i}", batch(bound, facts, dues).text(f"b{i}", "0")))
    fired: list[str] = []

    def run() -> None:
        start = durable_rules_engine.start_action_for_state
        complete = durable_rules_engine.complete_and_start_action
        for sid, text in sessions:
            _code, state = durable_rules_engine.assert_facts(handle, text)
            started = start(handle, state)
            message = started[1] if started else None
            while message is not None:
                fired.append(message)
                message = complete(handle, state)
            durable_rules_engine.delete_state(handle, sid)
            fired.clear()

    return run


def host_durable(ruleset: CompiledRuleSet, subs: Sequence[Submission]) -> Callable[[], None]:
    """durable_rules through its Python ``Host``, as the durable backend used it before: the
    same rules, one fact per target, input, due day and obligation (each with an ``id``),
    plain callables as actions."""
    decided: list[str] = []

    def record(c: Any) -> None:
        # what fired, for the session: the least an action can do with a decision (keeping
        # ``c`` itself would keep durable_rules' whole context of every firing alive)
        decided.append(c.s.sid)

    definition = copy.deepcopy(_durable.definition(ruleset))
    for rule in definition.values():
        rule["run"] = record

    class QuietHost(engine.Host):  # type: ignore[misc]
        # durable_rules' Host starts timer threads that call into the engine while the
        # main thread asserts and deletes (error 307 when they meet): any user turns them off
        def _run(self) -> None:
            return None

    host = QuietHost()
    name = f"host_{ruleset.fingerprint[:16]}_{len(subs)}_{next(_NAMES)}"
    host.set_rulesets({name: definition})
    as_of = ruleset.spec.effective.end
    batches = []
    for i, sub in enumerate(subs):
        bound = ruleset.for_level(sub.unit.level)
        found = batch(bound, gather(bound, sub), deadline_facts(bound, sub, as_of))
        batches.append(
            [
                {**fact, "id": f"{n}.{k}", "subject": subject}
                for n, (fact, subjects) in enumerate(
                    zip(json.loads(found.text(f"h{i}", "0")), found.subjects, strict=True)
                )
                for k, subject in enumerate(subjects)
            ]
        )

    def run() -> None:
        for i, facts in enumerate(batches):
            host.assert_facts(name, facts)
            host.delete_state(name, f"h{i}")
            decided.clear()

    return run


_NAMES = itertools.count()


BLOCK = 500


def contenders(ruleset: CompiledRuleSet) -> dict[str, Callable[[list[Submission]], Any]]:
    """Each contender: given a block of fresh submissions, what scores them (untimed
    preparation happens in the call, the returned callable is what is timed)."""
    as_of = ruleset.spec.effective.end
    tuned = TunedScorer(ruleset)

    def with_each(score: Callable[[Submission], object]) -> Callable[[list[Submission]], Any]:
        return lambda subs: lambda: [score(s) for s in subs]

    def native_read(subs: list[Submission]) -> Callable[[], object]:
        def run() -> object:
            results = [evaluate(ruleset, s, backend="native") for s in subs]
            for result in results:
                _ = result.breakdown
            return results

        return run

    out: dict[str, Callable[[list[Submission]], Any]] = {
        "tuned hand-written": with_each(lambda s: tuned.score(s, as_of)),
        "simple hand-written": with_each(lambda s: simple_hand_written(ruleset, s)),
        "native": with_each(lambda s: evaluate(ruleset, s, backend="native")),
        "native, items read": native_read,
        "durable": with_each(lambda s: evaluate(ruleset, s, backend="durable")),
        "bare durable_rules": lambda subs: bare_durable(ruleset, subs),
        "durable_rules Host, a fact each": lambda subs: host_durable(ruleset, subs),
    }
    zen = zen_scorer(ruleset)
    if zen is not None:
        out["zen-engine"] = with_each(zen)
    return out


def zen_scorer(ruleset: CompiledRuleSet) -> Callable[[Submission], object] | None:
    """zen-engine's scorer of ``ruleset``, or None (with a note) when it is not installed."""
    try:
        from bench_zen import ZenScorer  # noqa: PLC0415 - only when zen-engine is there
    except ImportError as exc:
        print(f"zen-engine: skipped ({exc}); install it with: pip install -e '.[bench]'")
        return None
    return ZenScorer(ruleset).score


def check(ruleset: CompiledRuleSet, count: int = 60) -> None:
    """Every baseline gives native's points and statuses on the first ``count`` units."""
    tuned = TunedScorer(ruleset)
    zen = zen_scorer(ruleset)
    for sub in synthetic(ruleset, count):
        native = evaluate(ruleset, sub, backend="native")
        expected = (
            native.points,
            {t.id: t.status.value for t in native.targets},
            {d.id: d.status.value for d in native.deadlines},
        )
        assert tuned.score(sub, ruleset.spec.effective.end) == expected
        assert simple_hand_written(ruleset, sub) == expected
        durable = evaluate(ruleset, sub, backend="durable").to_json()
        assert durable == native.to_json().replace('"native"', '"durable"', 1)
        if zen is not None:  # zen-engine rounds proportional points at its precision
            points, statuses = zen(sub)  # type: ignore[misc]
            assert statuses == expected[1], sub.unit.id
            assert abs(points - native.points) < Fraction(1, 10**9), (points, native.points)


def measure(ruleset: CompiledRuleSet, size: int, rounds: int) -> dict[str, float]:
    """The best round's seconds for ``size`` units, per contender."""
    runs = contenders(ruleset)
    data = list(synthetic_data(ruleset, size))
    blocks = [data[i : i + BLOCK] for i in range(0, size, BLOCK)]
    labels = list(runs)
    best = dict.fromkeys(labels, float("inf"))
    for round_ in range(rounds):
        spent = dict.fromkeys(labels, 0.0)
        order = labels[round_ % len(labels) :] + labels[: round_ % len(labels)]
        for block in blocks:
            for label in order:
                subs = [submission_from_data(d, ruleset) for d in block]
                run = runs[label](subs)
                gc.collect()  # what the previous run left is not charged here
                start = time.perf_counter()
                run()
                spent[label] += time.perf_counter() - start
                del run, subs
        for label in labels:
            best[label] = min(best[label], spent[label])
    return best


def main(size: int, rounds: int) -> None:
    ruleset = load_ruleset(RULESET)
    print(f"rule set {RULESET}: {len(ruleset.inputs)} inputs, {len(ruleset.targets)} targets")
    check(ruleset)
    seconds = measure(ruleset, size, rounds)
    base = seconds["tuned hand-written"]
    print(f"\n{size:,} submissions, blocks of {BLOCK}, best of {rounds} rounds")
    print(f"  {'':<32} {'units/s':>10} {'µs/unit':>9} {'× tuned':>9}")
    for label, spent in seconds.items():
        print(
            f"  {label:<32} {size / spent:>10,.0f} {spent / size * 1e6:>9,.0f}"
            f" {spent / base:>8.2f}×"
        )
    bare = seconds["durable"] / seconds["bare durable_rules"]
    print(f"  durable / bare durable_rules {bare:.2f}×")
    print(f"  durable / native             {seconds['durable'] / seconds['native']:.2f}×")
    if "zen-engine" in seconds:
        print(f"  durable / zen-engine         {seconds['durable'] / seconds['zen-engine']:.2f}×")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(args[0] if args else 10_000, args[1] if len(args) > 1 else 3)
