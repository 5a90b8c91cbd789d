"""Evaluating many submissions on a Dask cluster, for more units than one machine holds.

:func:`evaluate_on_dask` is :func:`~dti_rules.engine.evaluate_many` with a
``dask.distributed`` client in place of local worker processes: the rule set is sent to
every worker once, submissions go out in chunks (a bounded number in flight, so the
caller's memory does not grow with the number of units), and the Results come back in input
order, each without its rule set (they refer to it by fingerprint: the caller holds it).

It needs the optional extra ``dti-rules[dask]``. Paths of submission files are read by the
workers, so they must name files the workers can see (a shared folder); loaded
:class:`~dti_rules.submission.Submission` values travel with their chunk.

>>> from dti_rules import load_ruleset
>>> from dti_rules.rulesets import examples_dir
>>> from distributed import Client, LocalCluster
>>> rs = load_ruleset("q10-dti-2024")
>>> example = examples_dir() / "q10-dti-2024.example.json"
>>> with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
...     with Client(cluster) as client:
...         results = list(evaluate_on_dask(client, rs, [example] * 3, backend="native"))
>>> [r.unit.id for r in results]
['q10', 'q10', 'q10']
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .batch import evaluate_many
from .compiled import CompiledRuleSet
from .engine import SubmissionSource
from .engine._many import portable
from .errors import DtiRulesError, msg
from .result import Result

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["evaluate_on_dask"]


def _chunk(
    ruleset: CompiledRuleSet,
    sources: Sequence[SubmissionSource],
    as_of: dt.date | None,
    backend: str | None,
) -> list[Result]:
    return list(evaluate_many(ruleset, sources, as_of=as_of, backend=backend))


def evaluate_on_dask(
    client: Client,
    ruleset: CompiledRuleSet,
    submissions: Iterable[SubmissionSource],
    *,
    as_of: dt.date | None = None,
    backend: str | None = None,
    chunk_size: int = 64,
    in_flight: int | None = None,
) -> Iterator[Result]:
    """Evaluate ``submissions`` on the workers of ``client``; yield Results in input order.

    ``in_flight`` bounds the chunks sent and not yet taken back (default: four per worker
    thread of the cluster). ``as_of`` and ``backend`` are those of
    :func:`~dti_rules.engine.evaluate`.
    """
    try:
        import distributed  # noqa: F401, PLC0415 - the optional extra, checked where it is used
    except ImportError as exc:
        raise DtiRulesError(
            msg("evaluating on Dask needs the optional extra: pip install 'dti-rules[dask]'")
        ) from exc
    if chunk_size < 1:
        raise ValueError(msg("chunk_size must be at least 1, got {got}", got=chunk_size))
    threads: dict[str, int] = client.nthreads()  # type: ignore[no-untyped-call]
    limit = in_flight if in_flight is not None else 4 * max(1, sum(threads.values()))
    if limit < 1:
        raise ValueError(msg("in_flight must be at least 1, got {got}", got=limit))
    shared = client.scatter(ruleset, broadcast=True, hash=False)  # type: ignore[no-untyped-call]
    sources = (portable(s) for s in submissions)
    chunks = iter(lambda: list(itertools.islice(sources, chunk_size)), [])
    pending: deque[Any] = deque()

    def send(chunk: list[SubmissionSource]) -> None:
        pending.append(client.submit(_chunk, shared, chunk, as_of, backend, pure=False))

    try:
        for chunk in itertools.islice(chunks, limit):
            send(chunk)
        while pending:
            done: list[Result] = pending.popleft().result()
            following = next(chunks, None)
            if following is not None:
                send(following)
            yield from done
    finally:
        for future in pending:
            future.cancel()
