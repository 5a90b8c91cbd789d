"""Evaluating many submissions: a stream of Results, in input order, on one or more cores.

:func:`evaluate_many` takes submissions one at a time and yields their Results in the order
given. With ``workers`` it spreads them over that many processes; at most a few chunks per
worker are in flight at once, so memory does not grow with the number of units, and each
Result crosses back without its rule set (it refers to it by fingerprint and finds the
caller's: see :class:`~dti_rules.rulesets.RuleSetRef`) and without the submission the
caller gave (it refers to the caller's), its decisions as plain data. Where workers are
forked (Linux), a list of submissions is not sent at all: the workers start with it and
are sent the positions of each chunk. Sources that are not loaded
submissions (paths of files) are read by ``load``, in the worker;
:func:`dti_rules.evaluate_many` passes :func:`dti_rules.load_submission`, which reads every
file format. Any error a submission raises (an unreadable file, say) is raised where that
submission stands in the stream.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import itertools
import multiprocessing
import multiprocessing.context
import os
import pickle
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
# the caller's sources, when the worker was forked with them (sent positions, not sources)
_WORKER_SOURCES: Sequence[SubmissionSource] | None = None


def _start_worker(ruleset: CompiledRuleSet, sources: Sequence[SubmissionSource] | None) -> None:
    global _WORKER_RULESET, _WORKER_SOURCES  # one of each per worker, set once
    _WORKER_RULESET, _WORKER_SOURCES = ruleset, sources
    # what the worker starts with (in a forked worker, the caller's whole heap) lives as long
    # as it does: the collector need not walk it again and again, nor copy the caller's
    # memory page by page by touching it
    gc.freeze()


def _chunk_in_worker(job: _Job, sources: Sequence[SubmissionSource]) -> bytes:
    ruleset = _WORKER_RULESET
    assert ruleset is not None
    return _sent([job.run(ruleset, source) for source in sources], sources)


def _positions_in_worker(job: _Job, start: int, stop: int) -> bytes:
    ruleset, sources = _WORKER_RULESET, _WORKER_SOURCES
    assert ruleset is not None and sources is not None
    chunk = sources[start:stop]
    return _sent([job.run(ruleset, portable(source)) for source in chunk], chunk)


class _Sender(pickle.Pickler):
    """Pickles what a worker sends back, with each submission of the chunk it was given as
    its place in the chunk: the caller holds it already (see :class:`_Receiver`)."""

    def __init__(self, file: io.BytesIO, chunk: Sequence[SubmissionSource]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.places = {id(s): n for n, s in enumerate(chunk) if isinstance(s, Submission)}

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Submission:
            place = self.places.get(id(obj))
            if place is not None:
                return _in_chunk, (place,)
        return NotImplemented


def _in_chunk(place: int) -> Submission:  # pragma: no cover - replaced by _Receiver
    raise AssertionError("a chunk's submission is read back by _Receiver only")


class _Receiver(pickle.Unpickler):
    """Reads what a worker sent back, giving each submission of the chunk as the caller's."""

    def __init__(self, data: bytes, chunk: Sequence[SubmissionSource]) -> None:
        super().__init__(io.BytesIO(data))
        self.chunk = chunk

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_in_chunk":
            return self.chunk.__getitem__
        return super().find_class(module, name)


def _sent(answers: list[Any], chunk: Sequence[SubmissionSource]) -> bytes:
    out = io.BytesIO()
    _Sender(out, chunk).dump(answers)
    return out.getvalue()


def _received(data: bytes, chunk: Sequence[SubmissionSource]) -> list[Any]:
    answers: list[Any] = _Receiver(data, chunk).load()
    return answers


def _itself(ruleset: CompiledRuleSet, result: Result) -> Result:
    return result


def _context() -> multiprocessing.context.BaseContext:
    """How workers start: forked from this process while it runs one thread (quick, and the
    caller's script is not run again), else from a clean server process (a fork taken while
    another thread holds a lock can hang, and the caller may run threads of its own). A
    clean start imports the caller's main module again, so a script that uses workers then
    needs the usual ``if __name__ == "__main__":`` guard."""
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
    """The answers of ``workers`` processes, in input order.

    A list (or other sequence) of sources is not sent to forked workers at all: they start
    with it and are sent the positions of each chunk. Other sources are sent in chunks
    (a submission as its plain data, a path as text). Either way each Result comes back
    without the submission the caller gave, and refers to the caller's own."""
    context = _context()
    inherited: Sequence[SubmissionSource] | None = None
    if isinstance(submissions, Sequence) and context.get_start_method() == "fork":
        inherited = tuple(submissions)  # as the workers see it, whatever becomes of the list
    chunks: Iterator[tuple[Sequence[SubmissionSource], Callable[..., bytes], tuple[Any, ...]]]
    if inherited is not None:
        known = inherited
        chunks = (
            (known[start : start + chunk_size], _positions_in_worker, (start, start + chunk_size))
            for start in range(0, len(known), chunk_size)
        )
    else:
        stream = (portable(s) for s in submissions)
        parts = iter(lambda: list(itertools.islice(stream, chunk_size)), [])
        chunks = ((part, _chunk_in_worker, (part,)) for part in parts)
    pending: deque[tuple[Sequence[SubmissionSource], Future[bytes]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(ruleset, inherited),
    ) as pool:

        def send(chunk: Sequence[SubmissionSource], run: Callable[..., bytes], args: Any) -> None:
            pending.append((chunk, pool.submit(run, job, *args)))

        try:
            for first in itertools.islice(chunks, workers * _IN_FLIGHT_PER_WORKER):
                send(*first)
            while pending:
                sources, future = pending.popleft()
                done = _received(future.result(), sources)
                following = next(chunks, None)
                if following is not None:
                    send(*following)
                yield from done
        finally:
            for _chunk, future in pending:
                future.cancel()
