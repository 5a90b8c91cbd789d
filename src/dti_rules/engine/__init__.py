"""Evaluation backends. :func:`evaluate` is the entry point.

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

from ._durable import DurableEngineError
from ._evaluate import BACKENDS, DEFAULT_BACKEND, evaluate
from ._facts import passes, target_status
from ._many import SubmissionSource, available_cores, evaluate_many, map_results

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DurableEngineError",
    "SubmissionSource",
    "available_cores",
    "evaluate",
    "evaluate_many",
    "map_results",
    "passes",
    "target_status",
]
