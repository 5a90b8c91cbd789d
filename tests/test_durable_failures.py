"""The durable backend keeps no failed session and recovers from a refused batch.

durable_rules may refuse a batch of facts (it took one fact for another already seen); the
session it started must be deleted, the batch tried again in a new session, and after
``ATTEMPTS`` refusals the evaluation must fail with a clear error, memory staying flat.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest

from dti_rules import evaluate
from dti_rules.engine import BACKENDS

pytestmark = pytest.mark.skipif("durable" not in BACKENDS, reason="durable_rules not importable")

_BUILD = textwrap.dedent(
    """
    def build(n):
        from dti_rules import ruleset_from_data, submission_from_data
        data = {
            "schema": "dti-rules/ruleset/1", "id": f"wide{n}", "title": "Wide",
            "issuer": "UBND", "source": {"document": "KH 1", "issued": "2024-03-29"},
            "effective": {"start": "2024-01-01", "end": "2024-12-31"},
            "levels": ["district"], "max_points": n,
            "rounding": {"points": 2, "index": 4, "percent": 2, "mode": "half_up"},
            "inputs": [
                {"id": f"n{i}", "kind": "count", "name": f"N{i}", "source_ref": "I"}
                for i in range(n)
            ],
            "targets": [
                {"id": f"T{i}", "text": "ít nhất 5", "source_ref": "I", "input": f"n{i}",
                 "comparison": "ge", "threshold": 5}
                for i in range(n)
            ],
            "groups": [{"id": "G", "name": "G", "source_ref": "I", "max_points": n,
                "indicators": [
                    {"id": f"I{i}", "name": "x", "source_ref": "I", "max_points": 1,
                     "scoring": {"method": "threshold", "target": f"T{i}"}}
                    for i in range(n)]}],
        }
        rs = ruleset_from_data(data)
        sub = submission_from_data({"unit": {"id": "u", "name": "U", "level": "district"},
            "period": "2024", "inputs": {f"n{i}": i % 10 for i in range(n)}}, rs)
        return rs, sub
    """
)


def _build(n: int) -> tuple[Any, Any]:
    scope: dict[str, Any] = {}
    exec(_BUILD, scope)  # noqa: S102 - the same builder the subprocess runs
    return scope["build"](n)  # type: ignore[no-any-return]


_OBSERVED = 2  # durable_rules' result code for a fact it takes for one already seen


def _refusing(times: int) -> Any:
    """A stand-in for asserting a batch that lets durable_rules take the batch (so the
    session holds its facts) and then reports a refusal, ``times`` times."""
    from dti_rules.engine import _durable  # noqa: PLC0415

    real = _durable._assert_facts
    left = [times]

    def assert_facts(handle: int, text: str) -> tuple[int, int]:
        code, state = real(handle, text)
        if left[0] > 0:
            left[0] -= 1
            return _OBSERVED, state
        return code, state

    return assert_facts


def test_a_refused_batch_is_tried_again_and_scores_as_native(monkeypatch: Any) -> None:
    from dti_rules.engine import _durable  # noqa: PLC0415

    rs, sub = _build(30)
    monkeypatch.setattr(_durable, "_assert_facts", _refusing(_durable.ATTEMPTS - 1))
    durable = evaluate(rs, sub, backend="durable")
    native = evaluate(rs, sub, backend="native")
    assert durable.to_dict()["targets"] == native.to_dict()["targets"]
    assert durable.to_dict()["score"] == native.to_dict()["score"]


def test_a_real_fact_id_collision_is_recovered_from(monkeypatch: Any) -> None:
    """durable_rules itself refuses a batch in which two facts share an id (as it does two
    facts whose content hashes collide): the evaluation goes on in a new session."""
    from dti_rules.engine import _durable  # noqa: PLC0415

    rs, sub = _build(30)
    real = _durable._assert_facts
    tags: list[str] = []

    def colliding(handle: int, text: str) -> tuple[int, int]:
        tags.append(text.split('"id":"', 1)[1].split(".", 1)[0])
        if len(tags) == 1:  # the first attempt: its second fact takes the first one's id
            duplicated = text.replace('"id":"0.1"', '"id":"0.0"', 1)
            assert duplicated != text
            code, state = real(handle, duplicated)
            assert code == _OBSERVED  # refused by durable_rules itself
            return code, state
        return real(handle, text)

    monkeypatch.setattr(_durable, "_assert_facts", colliding)
    durable = evaluate(rs, sub, backend="durable")
    assert tags == ["0", "1"]  # refused once, then decided in a second session
    sid = _durable.last_session_id()
    assert sid is not None
    assert _durable.session_state(rs, f"e{int(sid[1:]) - 1}") is None
    native = evaluate(rs, sub, backend="native")
    assert durable.to_json() == native.to_json().replace('"native"', '"durable"', 1)


def test_after_every_attempt_is_refused_the_error_is_clear_and_no_session_is_kept(
    monkeypatch: Any,
) -> None:
    from dti_rules.engine import _durable  # noqa: PLC0415
    from dti_rules.engine._durable import (  # noqa: PLC0415
        DurableEngineError,
        last_session_id,
        session_state,
    )

    rs, sub = _build(30)
    monkeypatch.setattr(_durable, "_assert_facts", _refusing(10 * _durable.ATTEMPTS))
    with pytest.raises(DurableEngineError, match="native"):
        evaluate(rs, sub, backend="durable")
    sid = last_session_id()
    assert sid is not None
    first = int(sid[1:]) - _durable.ATTEMPTS + 1
    for number in range(first, first + _durable.ATTEMPTS):
        assert session_state(rs, f"e{number}") is None


def test_memory_stays_flat_over_a_hundred_refused_evaluations() -> None:
    """300 sessions refused after durable_rules took their facts (three an evaluation), each
    deleted once the actions it held were completed: the process does not grow with them."""
    script = _BUILD + textwrap.dedent(
        """
        import resource, sys
        from dti_rules import evaluate
        from dti_rules.engine import _durable
        real = _durable._assert_facts
        def refusing(handle, text):
            return 2, real(handle, text)[1]  # durable_rules' "already observed"
        _durable._assert_facts = refusing
        rs, sub = build(500)
        def rss():
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * resource.getpagesize() // 2**20
        def fail(times):
            for _ in range(times):
                try:
                    evaluate(rs, sub, backend="durable")
                except _durable.DurableEngineError:
                    pass
                else:
                    sys.exit("no refusal")
        fail(5)
        before = rss()
        fail(100)
        print(rss() - before)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr
    growth = int(done.stdout.split()[-1])
    assert growth < 60, f"memory grew by {growth} MB over 100 refused evaluations"


def test_facts_carry_unique_ids_so_content_hashes_cannot_collide() -> None:
    import datetime as dt  # noqa: PLC0415
    import json  # noqa: PLC0415

    from dti_rules.engine._deadlines import DueFacts  # noqa: PLC0415
    from dti_rules.engine._durable_batch import batch  # noqa: PLC0415
    from dti_rules.engine._facts import Facts, InputFact, Measure  # noqa: PLC0415

    rs, _sub = _build(6)
    measures = tuple(Measure(f"T{i}", None, None, "", i % 3 - 1) for i in range(6))
    inputs = (InputFact("n0", "missing"), InputFact("n1", "invalid"))
    facts = Facts(inputs, measures, {})
    dues = DueFacts((), {}, dt.date(2024, 12, 31))
    found = batch(rs, facts, dues)
    first, second = json.loads(found.text("e1", "0")), json.loads(found.text("e2", "1"))
    ids = [fact["id"] for fact in first]
    assert len(set(ids)) == len(ids) == found.size == 5  # 3 signs, 2 input states
    assert set(ids).isdisjoint(fact["id"] for fact in second)
    # no two facts of a session have the same content, ids aside
    contents = [tuple(sorted((k, v) for k, v in f.items() if k != "id")) for f in first]
    assert len(set(contents)) == len(contents)


def test_a_firing_is_read_fact_by_fact_or_refused() -> None:
    from dti_rules.engine._durable import DurableEngineError, _fired  # noqa: PLC0415

    fact = '{{"m":{{"sid":"e1","id":"0.{n}","kind":"measure","cmp":"ge","sign":1}}}}'
    message = '{"ge_above":[' + ",".join(fact.format(n=n) for n in (3, 0, 12)) + "]}"
    assert _fired(message) == ("ge_above", [3, 0, 12])
    # as durable_rules writes back facts given with spaces after the colons
    assert _fired(message.replace('"id":', '"id": ')) == ("ge_above", [3, 0, 12])
    unread = message.replace('"id":"0.12"', '"ident":"0.12"')  # a fact whose number is lost
    with pytest.raises(DurableEngineError, match="cannot read"):
        _fired(unread)
