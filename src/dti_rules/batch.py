"""Many submissions, files of any format among them: :func:`evaluate_many`.

The engine's :func:`dti_rules.engine.evaluate_many` streams loaded submissions; this one
also reads paths of submission files (JSON, YAML, Excel forms, CSV tables) with
:func:`dti_rules.load_submission`, in the worker that scores them.

>>> from dti_rules import load_ruleset
>>> from dti_rules.rulesets import examples_dir
>>> rs = load_ruleset("q10-dti-2024")
>>> example = examples_dir() / "q10-dti-2024.example.json"
>>> [r.unit.id for r in evaluate_many(rs, [example, example], backend="native")]
['q10', 'q10']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from .compiled import CompiledRuleSet
from .engine import SubmissionSource
from .engine import evaluate_many as _evaluate_many
from .formats.loading import load_submission
from .result import Result

__all__ = ["evaluate_many"]


def evaluate_many(
    ruleset: CompiledRuleSet,
    submissions: Iterable[SubmissionSource],
    *,
    as_of: dt.date | None = None,
    backend: str | None = None,
    workers: int | None = None,
    chunk_size: int = 16,
) -> Iterator[Result]:
    """Evaluate each submission (loaded, or a path of a file of any format) against
    ``ruleset``; yield the Results in input order. ``workers``: ``None`` or 1 in this
    process, ``0`` every core, N that many processes (see
    :func:`dti_rules.engine.evaluate_many`)."""
    return _evaluate_many(
        ruleset,
        submissions,
        as_of=as_of,
        backend=backend,
        workers=workers,
        chunk_size=chunk_size,
        load=load_submission,
    )
