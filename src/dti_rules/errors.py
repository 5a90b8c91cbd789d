"""The exceptions dti-rules raises.

Every error the library raises on purpose is a :class:`DtiRulesError`, so a caller can
catch one type. Errors about files carry the file, the place inside it and what was
expected::

    >>> from dti_rules.errors import Location, RuleSetError
    >>> err = RuleSetError([Location("q10.yaml", "groups[0].max_points", line=12)],
    ...                    ["expected a number, got 'ten'"])
    >>> print(err)
    q10.yaml: groups[0].max_points (line 12): expected a number, got 'ten'

Each problem also carries a stable code, for programs that react to a kind of problem
rather than to its wording (the codes are listed in :data:`PROBLEM_CODES`; a message may be
reworded, a code stays), and every error gives itself as data::

    >>> err.problems[0].code
    'invalid_number'
    >>> data = err.to_dict()
    >>> data["code"], data["problems"][0]["code"], data["problems"][0]["line"]
    ('invalid_rule_set', 'invalid_number', 12)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

__all__ = [
    "PROBLEM_CODES",
    "ArgumentError",
    "BackendUnavailableError",
    "DeadlinePhraseError",
    "DtiRulesError",
    "InputFileError",
    "Location",
    "OutputFileError",
    "Problem",
    "RuleSetError",
    "SubmissionError",
    "UnknownRuleSetError",
]

#: The codes a problem in an input file can have, and what each means.
PROBLEM_CODES: dict[str, str] = {
    "file_not_found": "the file does not exist",
    "not_a_file": "the path names a directory, not a file",
    "not_utf8": "the file is not UTF-8 text",
    "malformed_json": "the text is not valid JSON",
    "malformed_yaml": "the text is not valid YAML",
    "duplicate_key": "a mapping gives the same key twice",
    "not_a_workbook": "the file is not an Excel workbook that can be read",
    "unknown_field": "a field (key, column) the format does not have",
    "unknown_id": "an id the rule set does not have (an input, target, task, report, unit)",
    "given_twice": "an item or field given more than once",
    "missing": "something required is not there",
    "wrong_rule_set": "the file is for another rule set",
    "invalid_date": "a date that cannot be read or does not exist",
    "invalid_period": "a period that cannot be read",
    "invalid_number": "a number that cannot be read, or out of its range",
    "no_due_day": "a date done or an event for a due day or obligation that has none",
    "inconsistent": "values that contradict each other (a declared total, a level, a unit)",
    "invalid_value": "any other value that cannot be used",
}

# What a message says, in order, to the code of its problem: the library's own messages
# and pydantic's (rule sets, reported figures), so that every raise site gets a code.
_CODE_BY_MESSAGE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), code)
    for pattern, code in (
        (r"^file not found", "file_not_found"),
        (r"^expected a file, found a directory", "not_a_file"),
        (r"^expected UTF-8", "not_utf8"),
        (r"^malformed JSON", "malformed_json"),
        (r"duplicate key", "duplicate_key"),
        (r"^malformed YAML", "malformed_yaml"),
        (r"^not an Excel workbook", "not_a_workbook"),
        (r"unknown field|^unknown column|extra inputs are not permitted", "unknown_field"),
        (r"^unknown |^no submission for unit", "unknown_id"),
        (r"given twice", "given_twice"),
        (r"missing|field required|^no row for|has no '.*' column|no table header", "missing"),
        (r"for rule set .*, not|these figures are for|^expected 'dti-rules/", "wrong_rule_set"),
        (r"date", "invalid_date"),
        (r"period", "invalid_period"),
        (
            r"number|integer|decimal|float|points|index|at least|at most|greater|less",
            "invalid_number",
        ),
        (r"no due day|wait for an event", "no_due_day"),
        (r"disagree|declared|scores .*, not|cannot exceed|must", "inconsistent"),
    )
)


def problem_code(message: str) -> str:
    """The code of a problem described by ``message``, for raise sites that give none.

    >>> problem_code("expected a date YYYY-MM-DD, got '2024-02-30'")
    'invalid_date'
    >>> problem_code("unknown input 'I.9'; did you mean 'I.1'?")
    'unknown_id'
    """
    for pattern, code in _CODE_BY_MESSAGE:
        if pattern.search(message):
            return code
    return "invalid_value"


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

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "path": self.path, "line": self.line}


class Problem(tuple[Location, str]):
    """One problem of an input file: where (``location``), what (``message``) and its
    stable ``code`` (one of :data:`PROBLEM_CODES`).

    It is the pair ``(location, message)``, so ``for location, message in exc.problems``
    reads it; ``code`` comes with it."""

    code: str

    def __new__(cls, location: Location, message: str, code: str | None = None) -> Problem:
        self = super().__new__(cls, (location, message))
        self.code = code or problem_code(message)
        return self

    def __getnewargs__(self) -> tuple[Location, str, str]:
        return (self.location, self.message, self.code)

    @property
    def location(self) -> Location:
        return self[0]

    @property
    def message(self) -> str:
        return self[1]

    def __repr__(self) -> str:
        where = str(self.location)
        return f"Problem(code={self.code!r}, location={where!r}, message={self.message!r})"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, **self.location.to_dict(), "message": self.message}


class DtiRulesError(Exception):
    """Root of every error dti-rules raises on purpose.

    ``code`` names the kind of error; :meth:`to_dict` gives it, the message and (for a
    file) every problem as plain data."""

    code: ClassVar[str] = "error"

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Each problem of an input file (none for other errors)."""
        return ()

    def to_dict(self) -> dict[str, Any]:
        """The error as data: ``code``, ``message`` and ``problems`` (each with its
        ``code``, ``source``, ``path``, ``line`` and ``message``)."""
        return {
            "code": self.code,
            "message": str(self),
            "problems": [p.to_dict() for p in self.problems],
        }


class InputFileError(DtiRulesError):
    """A file given to dti-rules cannot be used; ``problems`` lists each place, reason and
    code. ``codes`` may give each problem's code; otherwise it follows from the message."""

    kind = "input"
    code: ClassVar[str] = "invalid_input"

    def __init__(
        self,
        locations: Sequence[Location],
        messages: Sequence[str],
        codes: Sequence[str | None] | None = None,
    ) -> None:
        given = list(codes) if codes is not None else [None] * len(messages)
        found = tuple(
            Problem(loc, msg, code)
            for loc, msg, code in zip(locations, messages, given, strict=True)
        )
        self._problems = found
        super().__init__(self._render())

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as what it was made from (it crosses process pools whole)
        found = self._problems
        return (
            type(self),
            ([p.location for p in found], [p.message for p in found], [p.code for p in found]),
        )

    def _render(self) -> str:
        return "\n".join(f"{loc}: {msg}" for loc, msg in self.problems)

    def __str__(self) -> str:
        return self._render()


class RuleSetError(InputFileError):
    """A rule set file is malformed or inconsistent (e.g. a declared total disagrees)."""

    kind = "rule set"
    code: ClassVar[str] = "invalid_rule_set"


class SubmissionError(InputFileError):
    """A submission file is malformed or does not fit its rule set."""

    kind = "submission"
    code: ClassVar[str] = "invalid_submission"


class UnknownRuleSetError(DtiRulesError):
    """A rule set name is neither a bundled id nor an existing file."""

    code: ClassVar[str] = "unknown_rule_set"


class ArgumentError(DtiRulesError, ValueError):
    """A value given to a function of dti-rules cannot be used (e.g. ``as_of`` that is
    neither a date nor a date written YYYY-MM-DD)."""

    code: ClassVar[str] = "invalid_argument"


class BackendUnavailableError(DtiRulesError):
    """The requested evaluation backend cannot run in this Python environment.

    ``backend`` is the one asked for, ``reason`` why it cannot run and ``available`` the
    backends that can; the message says how to choose one from Python (the command line
    says ``--backend``)::

        >>> print(BackendUnavailableError("durable", "durable_rules cannot be imported",
        ...                               available=("native",)))
        durable_rules cannot be imported; use backend='native'
    """

    code: ClassVar[str] = "backend_unavailable"

    def __init__(self, backend: str, reason: str, *, available: Sequence[str]) -> None:
        self.backend = backend
        self.reason = reason
        self.available = tuple(available)
        choices = " or ".join(f"backend={name!r}" for name in self.available)
        super().__init__(f"{reason}; use {choices}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_backend_error, (self.backend, self.reason, self.available))


class DeadlinePhraseError(DtiRulesError):
    """A deadline phrase cannot be read; the message quotes it and says what was expected.

    >>> print(DeadlinePhraseError("Quý V/2024", "a quarter is I to IV, not V"))
    cannot read the deadline 'Quý V/2024': a quarter is I to IV, not V
    """

    code: ClassVar[str] = "invalid_deadline_phrase"

    def __init__(self, phrase: str, reason: str) -> None:
        self.phrase = phrase
        self.reason = reason
        super().__init__(f"cannot read the deadline {phrase!r}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.phrase, self.reason))


class OutputFileError(InputFileError):
    """An output path cannot be written: a directory, a symbolic link, a device, a missing
    folder, an empty or over-long name, or the system refused the write.

    >>> print(OutputFileError([Location("out/")], ["expected a file name"]))
    out/: expected a file name
    """

    kind = "output file"
    code: ClassVar[str] = "invalid_output_file"


def _backend_error(backend: str, reason: str, available: Sequence[str]) -> BackendUnavailableError:
    return BackendUnavailableError(backend, reason, available=available)
