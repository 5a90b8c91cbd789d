"""Evaluation backends. :func:`evaluate` is the entry point; :func:`evaluate_many` streams
many submissions, on one core or several.

Two backends give the same Result (apart from the ``backend`` field that names them):
``"durable"`` decides target statuses and violations with durable_rules, ``"native"`` in
plain Python. Both share the exact arithmetic of points and the explanations.

>>> from dti_rules.engine import BACKENDS, DEFAULT_BACKEND
>>> "native" in BACKENDS
True
>>> DEFAULT_BACKEND in BACKENDS
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._durable import DurableEngineError
from ._evaluate import backends, evaluate
from ._facts import passes, target_status

if TYPE_CHECKING:
    from ._many import Load, SubmissionSource, available_cores, evaluate_many, map_results

# many units at once (multiprocessing, futures): imported when one of these is first read
_MANY = ("Load", "SubmissionSource", "available_cores", "evaluate_many", "map_results")

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DurableEngineError",
    "Load",
    "SubmissionSource",
    "available_cores",
    "evaluate",
    "evaluate_many",
    "map_results",
    "passes",
    "target_status",
]

if TYPE_CHECKING:
    #: Backends this installation can run (reading it imports durable_rules, to try).
    BACKENDS: tuple[str, ...]
    #: The backend :func:`evaluate` uses when none is named: durable where durable_rules
    #: can be imported, otherwise native.
    DEFAULT_BACKEND: str


def __getattr__(name: str) -> Any:
    # durable_rules is imported when these are first read, not with the package
    if name == "BACKENDS":
        return backends()
    if name == "DEFAULT_BACKEND":
        return backends()[0]
    if name in _MANY:
        from . import _many  # noqa: PLC0415

        value = getattr(_many, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
