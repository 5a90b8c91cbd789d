"""Evaluating many submissions: a stream of Results, in input order, on one or more cores.

:func:`evaluate_many` takes submissions one at a time and yields their Results in the order
given. With ``workers`` it spreads them over that many processes; at most a few chunks per
worker are in flight at once, so memory does not grow with the number of units, and each
Result crosses back without its rule set (it refers to it by fingerprint and finds the
caller's: see :class:`~dti_rules.rulesets.RuleSetRef`). Sources that are not loaded
submissions (paths of files) are read by ``load``, in the worker;
:func:`dti_rules.evaluate_many` passes :func:`dti_rules.load_submission`, which reads every
file format. Any error a submission raises (an unreadable file, say) is raised where that
submission stands in the stream.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import multiprocessing.context
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar, Union

import attrs

from ..compiled import CompiledRuleSet
from ..errors import ArgumentError, msg
from ..result import Result
from ..submission import Submission
from ._evaluate import evaluate

__all__ = ["Load", "SubmissionSource", "available_cores", "evaluate_many", "map_results"]

#: A submission, or the path of a submission file (JSON, YAML, xlsx or CSV) to load.
SubmissionSource = Union[Submission, str, "os.PathLike[str]"]
#: How a source that is not a loaded submission becomes one (a module-level function, so
#: that workers can be sent it by name), e.g. :func:`dti_rules.load_submission`.
Load = Callable[[str, CompiledRuleSet], Submission]

_IN_FLIGHT_PER_WORKER = 4
T = TypeVar("T")
#: What :func:`map_results` does with each Result where it is made.
Then = Callable[[CompiledRuleSet, Result], T]


def available_cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@attrs.frozen
class _Job:
    """What each submission of a stream goes through, sent once with every chunk."""

    then: Then[Any]
    load: Load | None
    as_of: dt.date | None
    backend: str | None

    def run(self, ruleset: CompiledRuleSet, source: SubmissionSource) -> Any:
        if isinstance(source, Submission):
            submission = source
        elif self.load is None:
            raise ArgumentError(
                msg(
                    "{source!r} is not a loaded submission: pass load= to read files "
                    "(dti_rules.evaluate_many reads every format)",
                    source=os.fspath(source),
                )
            )
        else:
            submission = self.load(os.fspath(source), ruleset)
        result = evaluate(ruleset, submission, as_of=self.as_of, backend=self.backend)
        return self.then(ruleset, result)


# -- worker processes --------------------------------------------------------------------

_WORKER_RULESET: CompiledRuleSet | None = None


def _start_worker(ruleset: CompiledRuleSet) -> None:
    global _WORKER_RULESET  # noqa: PLW0603 - one rule set per worker process, set once
    _WORKER_RULESET = ruleset


def _chunk_in_worker(job: _Job, sources: Sequence[SubmissionSource]) -> list[Any]:
    ruleset = _WORKER_RULESET
    assert ruleset is not None
    return [job.run(ruleset, source) for source in sources]


def _itself(ruleset: CompiledRuleSet, result: Result) -> Result:
    return result


def _context() -> multiprocessing.context.BaseContext:
    """How workers start: forked from this process while it runs one thread (quick, and the
    caller's script is not run again), else from a clean server process (a fork taken while
    another thread holds a lock can hang; durable_rules keeps timer threads, and so may the
    caller). A clean start imports the caller's main module again, so a script that uses
    workers then needs the usual ``if __name__ == "__main__":`` guard."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def portable(source: SubmissionSource) -> SubmissionSource:
    """Paths travel to a worker as text; submissions as they are (a few kB each)."""
    if isinstance(source, Submission):
        return source
    return os.fspath(Path(source).resolve())


def evaluate_many(
    ruleset: CompiledRuleSet,
    submissions: Iterable[SubmissionSource],
    *,
    as_of: dt.date | None = None,
    backend: str | None = None,
    workers: int | None = None,
    chunk_size: int = 16,
    load: Load | None = None,
) -> Iterator[Result]:
    """Evaluate each submission against ``ruleset``; yield the Results in input order.

    ``submissions`` may be loaded :class:`~dti_rules.submission.Submission` values, or
    other sources that ``load`` reads (paths of files), and may be a generator: it is read
    as the Results are consumed. ``workers`` is the number of processes to use: ``None``
    or 1 evaluates in this process; ``0`` uses every available core. ``as_of`` and
    ``backend`` are those of :func:`~dti_rules.engine.evaluate`.

    >>> from dti_rules import load_ruleset, load_submission
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> example = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    >>> results = list(evaluate_many(rs, [example, example], backend="native"))
    >>> [r.unit.id for r in results], results[0] == results[1]
    (['q10', 'q10'], True)
    """
    return map_results(
        ruleset,
        submissions,
        _itself,
        as_of=as_of,
        backend=backend,
        workers=workers,
        chunk_size=chunk_size,
        load=load,
    )


def map_results(
    ruleset: CompiledRuleSet,
    submissions: Iterable[SubmissionSource],
    then: Then[T],
    *,
    as_of: dt.date | None = None,
    backend: str | None = None,
    workers: int | None = None,
    chunk_size: int = 16,
    load: Load | None = None,
) -> Iterator[T]:
    """:func:`evaluate_many`, yielding ``then(ruleset, result)`` for each Result instead.

    ``then`` runs where the Result is made (in the worker), so a caller that needs a few
    figures of each Result (a ranking, say) receives only those. With workers, ``then`` must
    be a module-level function (it is pickled by name).
    """
    if chunk_size < 1:
        raise ValueError(msg("chunk_size must be at least 1, got {got}", got=chunk_size))
    count = available_cores() if workers == 0 else (workers or 1)
    if count < 0:
        raise ValueError(msg("workers must be 0 (every core) or more, got {got}", got=workers))
    job = _Job(then, load, as_of, backend)
    if count == 1:
        return (job.run(ruleset, source) for source in submissions)
    return _pooled(ruleset, submissions, job, count, chunk_size)


def _pooled(
    ruleset: CompiledRuleSet,
    submissions: Iterable[SubmissionSource],
    job: _Job,
    workers: int,
    chunk_size: int,
) -> Iterator[Any]:
    sources = (portable(s) for s in submissions)
    chunks = iter(lambda: list(itertools.islice(sources, chunk_size)), [])
    pending: deque[Future[list[Any]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(ruleset,),
    ) as pool:
        try:
            for chunk in itertools.islice(chunks, workers * _IN_FLIGHT_PER_WORKER):
                pending.append(pool.submit(_chunk_in_worker, job, chunk))
            while pending:
                done = pending.popleft().result()
                following = next(chunks, None)
                if following is not None:
                    pending.append(pool.submit(_chunk_in_worker, job, following))
                yield from done
        finally:
            for future in pending:
                future.cancel()
