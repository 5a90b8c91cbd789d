"""Public names a package re-exports, imported from their modules on first use.

``import dti_rules`` (or ``dti_rules.testing``) then costs next to nothing: pydantic,
holidays, durable_rules or hypothesis load only when a name that needs them is read.

>>> import sys
>>> ns = lazy_names("dti_rules", {"Location": ".errors"})
>>> ns.getattr("Location").__name__
'Location'
>>> "Location" in ns.dir()
True
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from typing import Any

__all__ = ["LazyNames", "lazy_names"]


class LazyNames:
    """A package's ``__getattr__`` and ``__dir__`` for the names of ``where``
    (public name → the module, relative to the package, that defines it)."""

    def __init__(self, package: str, where: Mapping[str, str]) -> None:
        self.package = package
        self.where = dict(where)

    def getattr(self, name: str) -> Any:
        module = self.where.get(name)
        if module is None:
            from .errors import msg  # noqa: PLC0415 - only on a misspelt name

            raise AttributeError(
                msg("module {package!r} has no attribute {name!r}", package=self.package, name=name)
            )
        value = getattr(importlib.import_module(module, self.package), name)
        # keep it on the package: the next read is a plain attribute read
        setattr(sys.modules[self.package], name, value)
        return value

    def dir(self) -> list[str]:
        return sorted(set(vars(sys.modules[self.package])) | set(self.where))


def lazy_names(package: str, where: Mapping[str, str]) -> LazyNames:
    """The lazy names of ``package``: see :class:`LazyNames`."""
    return LazyNames(package, where)
