"""The exceptions dti-rules raises.

Every error the library raises on purpose is a :class:`DtiRulesError`, so a caller can
catch one type. Errors about files carry the file, the place inside it and what was
expected::

    >>> from dti_rules.errors import Location, RuleSetError
    >>> err = RuleSetError([Location("q10.yaml", "groups[0].max_points", line=12)],
    ...                    ["expected a number, got 'ten'"])
    >>> print(err)
    q10.yaml: groups[0].max_points (line 12): expected a number, got 'ten'
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = [
    "BackendUnavailableError",
    "DeadlinePhraseError",
    "DtiRulesError",
    "InputFileError",
    "Location",
    "RuleSetError",
    "SubmissionError",
    "UnknownRuleSetError",
]


@attrs.frozen
class Location:
    """A place in an input file: the file, a dotted path inside it, and a line if known."""

    source: str
    path: str = ""
    line: int | None = None

    def __str__(self) -> str:
        text = self.source
        if self.path:
            text += f": {self.path}"
        if self.line is not None:
            text += f" (line {self.line})"
        return text


class DtiRulesError(Exception):
    """Root of every error dti-rules raises on purpose."""


class InputFileError(DtiRulesError):
    """A file given to dti-rules cannot be used; ``problems`` lists each place and reason."""

    kind = "input"

    def __init__(self, locations: Sequence[Location], messages: Sequence[str]) -> None:
        self.problems: tuple[tuple[Location, str], ...] = tuple(
            zip(locations, messages, strict=True)
        )
        super().__init__(self._render())

    def _render(self) -> str:
        return "\n".join(f"{loc}: {msg}" for loc, msg in self.problems)

    def __str__(self) -> str:
        return self._render()


class RuleSetError(InputFileError):
    """A rule set file is malformed or inconsistent (e.g. a declared total disagrees)."""

    kind = "rule set"


class SubmissionError(InputFileError):
    """A submission file is malformed or does not fit its rule set."""

    kind = "submission"


class UnknownRuleSetError(DtiRulesError):
    """A rule set name is neither a bundled id nor an existing file."""


class BackendUnavailableError(DtiRulesError):
    """The requested evaluation backend cannot run in this Python environment.

    ``backend`` is the one asked for, ``reason`` why it cannot run and ``available`` the
    backends that can; the message says how to choose one from Python (the command line
    says ``--backend``)::

        >>> print(BackendUnavailableError("durable", "durable_rules cannot be imported",
        ...                               available=("native",)))
        durable_rules cannot be imported; use backend='native'
    """

    def __init__(self, backend: str, reason: str, *, available: Sequence[str]) -> None:
        self.backend = backend
        self.reason = reason
        self.available = tuple(available)
        choices = " or ".join(f"backend={name!r}" for name in self.available)
        super().__init__(f"{reason}; use {choices}")


class DeadlinePhraseError(DtiRulesError):
    """A deadline phrase cannot be read; the message quotes it and says what was expected.

    >>> print(DeadlinePhraseError("Quý V/2024", "a quarter is I to IV, not V"))
    cannot read the deadline 'Quý V/2024': a quarter is I to IV, not V
    """

    def __init__(self, phrase: str, reason: str) -> None:
        self.phrase = phrase
        self.reason = reason
        super().__init__(f"cannot read the deadline {phrase!r}: {reason}")
