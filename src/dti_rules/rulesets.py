"""Loading, checking, compiling and finding rule sets.

>>> from dti_rules import load_ruleset, bundled_rulesets
>>> "q10-dti-2024" in bundled_rulesets()
True
>>> rs = load_ruleset("q10-dti-2024")
>>> [int(g.max_points) for g in rs.groups]
[60, 50, 70, 60, 35, 185, 90, 90, 20]
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ._bundled import bundled_rulesets, examples_dir, rules_dir
from ._cache import cached
from ._kinds import Level
from ._lazy import lazy_names
from .compiled import CompiledRuleSet, live_ruleset
from .errors import UnknownRuleSetError, msg

if TYPE_CHECKING:
    from ._ruleset_build import ruleset_from_data
    from ._ruleset_compile import canonical_json, compile_ruleset

__all__ = [
    "bundled_rulesets",
    "bundled_summary",
    "canonical_json",
    "compile_ruleset",
    "examples_dir",
    "load_ruleset",
    "resolve_ruleset_path",
    "rules_dir",
    "ruleset_from_data",
]


def bundled_summary() -> list[dict[str, str]]:
    """One row per bundled rule set: its id, title, levels, year and source document (what
    ``dti-rules list`` prints).

    >>> [row["id"] for row in bundled_summary()][:1]
    ['binh-tan-dti-2023']
    """
    rows = []
    for ident in bundled_rulesets():
        spec = load_ruleset(ident).spec
        rows.append(
            {
                "id": ident,
                "title": spec.title,
                "level": ", ".join(level.value for level in spec.levels),
                "year": str(spec.effective.start.year),
                "source": f"{spec.source.document} ({spec.source.issued.isoformat()})",
            }
        )
    return rows


def resolve_ruleset_path(name: str | os.PathLike[str]) -> Path:
    """A bundled id or a path to a rule set file."""
    text = os.fspath(name)
    bundled = bundled_rulesets()
    if text in bundled:
        return bundled[text]
    path = Path(text)
    if path.is_file():
        return path
    known = ", ".join(bundled) or msg("none")
    raise UnknownRuleSetError(
        msg(
            "{name!r} is neither a bundled rule set ({known}) nor an existing file",
            name=text,
            known=known,
        )
    )


def load_ruleset(name: str | os.PathLike[str]) -> CompiledRuleSet:
    """Load, check and compile a rule set by bundled id or file path.

    Raises :class:`~dti_rules.errors.RuleSetError` with located messages when the file
    is malformed or inconsistent.
    """
    path = resolve_ruleset_path(name)
    return _load_cached(str(path.resolve()), path.stat().st_mtime_ns, str(path))


@cache
def _load_cached(resolved: str, mtime_ns: int, shown: str) -> CompiledRuleSet:
    del mtime_ns  # a cache key only
    return cached(Path(resolved), shown, lambda: _build(shown))


def _build(shown: str) -> CompiledRuleSet:
    # reading, validating and compiling need the rule-set model: loaded only on a cache miss
    from ._ruleset_build import build  # noqa: PLC0415

    return build(shown)


class RuleSetRef:
    """A rule set held by reference: pickled as its id, fingerprint and origin only.

    A Result keeps the rule set its items are made from through one of these, so a Result
    sent to another process (a worker pool's answer, say) does not carry a copy of its rule
    set: the receiving process finds the rule set with the same fingerprint that it holds,
    or loads it again from where it came from, and refuses one whose content changed.

    >>> import pickle
    >>> rs = load_ruleset("q10-dti-2024")
    >>> ref = pickle.loads(pickle.dumps(RuleSetRef(rs)))
    >>> ref.get() is rs, len(pickle.dumps(RuleSetRef(rs))) < 400
    (True, True)
    """

    __slots__ = ("_ruleset", "fingerprint", "id", "level", "origin", "unit")

    def __init__(self, ruleset: CompiledRuleSet, unit: tuple[str, ...] = ()) -> None:
        self._ruleset: CompiledRuleSet | None = ruleset
        self.id = ruleset.id
        self.fingerprint = ruleset.fingerprint
        self.origin = ruleset.origin
        # a view of the rule set for one unit's level (CompiledRuleSet.for_level) is made
        # again from the whole rule set, for the same unit
        self.level = ruleset.restricted_to
        self.unit = unit if self.level is not None else ()

    def get(self) -> CompiledRuleSet:
        """The rule set: the one held, one this process holds, or the file loaded again."""
        found = self._ruleset
        if found is None:
            whole = live_ruleset(self.fingerprint) or self._load()
            found = whole if self.level is None else whole.for_level(self.level, self.unit)
        self._ruleset = found
        return found

    def _load(self) -> CompiledRuleSet:
        where = self.origin
        if where.startswith("<") or not Path(where).is_file():
            raise UnknownRuleSetError(
                msg(
                    "rule set {ident!r} (fingerprint {fingerprint}…) is not loaded in "
                    "this process and its origin {where!r} is not a file: load it first",
                    ident=self.id,
                    fingerprint=self.fingerprint[:12],
                    where=where,
                )
            )
        found = load_ruleset(where)
        if found.fingerprint != self.fingerprint:
            raise UnknownRuleSetError(
                msg(
                    "rule set {ident!r} at {where} has changed since the result was made "
                    "(fingerprint {found}…, expected {expected}…)",
                    ident=self.id,
                    where=where,
                    found=found.fingerprint[:12],
                    expected=self.fingerprint[:12],
                )
            )
        return found

    def __getstate__(self) -> tuple[str, str, str, Level | None, tuple[str, ...]]:
        return self.id, self.fingerprint, self.origin, self.level, self.unit

    def __setstate__(self, state: tuple[str, str, str, Level | None, tuple[str, ...]]) -> None:
        self.id, self.fingerprint, self.origin, self.level, self.unit = state
        self._ruleset = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleSetRef) and other.__getstate__() == self.__getstate__()

    def __hash__(self) -> int:
        return hash(self.__getstate__())

    def __repr__(self) -> str:
        return f"RuleSetRef({self.id!r}, {self.fingerprint[:12]!r})"


# Compiling a rule set needs the rule-set model (pydantic): these load it when first read.
_LAZY = lazy_names(
    __name__,
    {
        "canonical_json": "dti_rules._ruleset_compile",
        "compile_ruleset": "dti_rules._ruleset_compile",
        "ruleset_from_data": "dti_rules._ruleset_build",
    },
)


__getattr__ = _LAZY.getattr
__dir__ = _LAZY.dir
