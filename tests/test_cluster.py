"""evaluate_on_dask: a local cluster of two worker processes gives the Results of one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest

from dti_rules import evaluate, load_ruleset, submission_from_data
from dti_rules.cluster import evaluate_on_dask
from dti_rules.engine import BACKENDS
from dti_rules.rulesets import examples_dir

Q10 = load_ruleset("q10-dti-2024")
EXAMPLE = examples_dir() / "q10-dti-2024.example.json"


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def _data(n: int) -> dict[str, object]:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["unit"]["id"] = f"u{n}"
    inputs = data["inputs"]
    for k, key in enumerate(sorted(inputs)):
        if (k * 7 + n) % 4 == 0:
            del inputs[key]
    return data


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_workers_give_the_results_of_one_process(
    client: object, tmp_path: Path, backend: str
) -> None:
    sources: list[object] = []
    for n in range(20):
        if n % 2:
            sources.append(submission_from_data(_data(n), Q10))
        else:
            path = tmp_path / f"u{n}.json"
            path.write_text(json.dumps(_data(n), ensure_ascii=False), encoding="utf-8")
            sources.append(path)
    expected = [
        evaluate(Q10, submission_from_data(_data(n), Q10), backend=backend).to_json()
        for n in range(20)
    ]
    got = evaluate_on_dask(client, Q10, sources, backend=backend, chunk_size=3, in_flight=2)  # type: ignore[arg-type]
    assert [r.to_json() for r in got] == expected
    workers = client.run(lambda: __import__("os").getpid())  # type: ignore[attr-defined]
    assert len(set(workers.values())) == 2
