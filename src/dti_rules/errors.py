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

Messages are written with :func:`msg`: the message *is* its English text, and it keeps its
gettext msgid and named values, so that :meth:`DtiRulesError.text` gives the whole error in
Vietnamese from the package's catalog (values are quoted as they were given)::

    >>> err = RuleSetError([Location("q10.yaml", "source.issued", line=4)],
    ...                    [msg("expected a date YYYY-MM-DD, got {got!r}", got="2024-02-30")])
    >>> print(err.text("en"))
    q10.yaml: source.issued (line 4): expected a date YYYY-MM-DD, got '2024-02-30'
    >>> print(err.text("vi"))
    q10.yaml: source.issued (dòng 4): cần một ngày dạng YYYY-MM-DD, nhận được '2024-02-30'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs

from ._catalog import LANGUAGES, default_language, translations

__all__ = [
    "PROBLEM_CODES",
    "ArgumentError",
    "BackendUnavailableError",
    "DeadlinePhraseError",
    "DtiRulesError",
    "InputFileError",
    "Location",
    "Msg",
    "OutputFileError",
    "Problem",
    "RuleSetError",
    "SubmissionError",
    "UnknownRuleSetError",
    "message_of",
    "msg",
    "render",
]


class Msg(str):
    """A message of dti-rules: its English text (it *is* that ``str``), with the gettext
    ``msgid`` it was made from and the named ``params`` put into it, so that it can be
    rendered in another language (:meth:`in_language`).

    Values that are messages themselves are rendered in the same language; every other
    value is put in as given (``{got!r}`` quotes it the same way in every language).
    """

    msgid: str
    params: Mapping[str, Any]
    context: str | None

    def __new__(cls, msgid: str, /, **params: Any) -> Msg:
        self = super().__new__(cls, msgid.format(**params))
        self.msgid = msgid
        self.params = params
        self.context = None
        return self

    @classmethod
    def given(
        cls, english: str, msgid: str, params: Mapping[str, Any], context: str | None = None
    ) -> Msg:
        """A message whose English is ``english`` as another library wrote it (pydantic),
        translated from ``msgid`` of ``context`` with ``params``."""
        self = super().__new__(cls, english)
        self.msgid = msgid
        self.params = dict(params)
        self.context = context
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Msg.given, (str(self), self.msgid, dict(self.params), self.context))

    def in_language(self, lang: str) -> str:
        """This message in ``lang`` (``"en"`` or ``"vi"``); English is the text itself."""
        if lang == "en":
            return str(self)
        catalog = translations(lang)
        if self.context is None:
            template = catalog.gettext(self.msgid)
        else:
            template = catalog.pgettext(self.context, self.msgid)
            if template == self.msgid and "type" in self.params:  # a type not in the catalog
                template = catalog.pgettext(self.context, "*")
        if self.context is not None and not self.params:
            return template  # another library's words: no braces to unescape
        return template.format(
            **{k: _localised(render(v, lang), lang) for k, v in self.params.items()}
        )


class _Grouped(int):
    """A whole number whose ``{:,}`` groups thousands with dots, as Vietnamese writes them."""

    def __format__(self, spec: str) -> str:
        text = super().__format__(spec)
        return text.replace(",", ".") if "," in spec else text


def _localised(value: Any, lang: str) -> Any:
    if lang == "vi" and isinstance(value, int) and not isinstance(value, bool):
        return _Grouped(value)
    return value


def msg(msgid: str, /, **params: Any) -> Msg:
    """The message ``msgid`` (an English ``str.format`` template, the key of its
    translation in the catalog) with ``params`` put in::

        >>> m = msg("a month is 1 to 12, not {month}", month=13)
        >>> m, m.in_language("vi")
        ('a month is 1 to 12, not 13', 'tháng chỉ từ 1 đến 12, không phải 13')
    """
    return Msg(msgid, **params)


def render(value: Any, lang: str) -> Any:
    """``value`` in ``lang`` if it is a message (also inside a list or tuple); any other
    value as it is."""
    if isinstance(value, Msg):
        return value.in_language(lang)
    if isinstance(value, list | tuple) and any(isinstance(v, Msg) for v in value):
        return type(value)(render(v, lang) for v in value)
    return value


def message_of(exc: BaseException) -> str:
    """The message an exception was raised with: the :class:`Msg` itself when it was
    given one (so it can still be translated), else its text."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Msg) else str(exc)


def _language(lang: str | None) -> str:
    code = lang or default_language()
    if code not in LANGUAGES:
        raise ArgumentError(
            msg(
                "lang: expected one of {choices}, got {got!r}",
                choices=", ".join(LANGUAGES),
                got=code,
            )
        )
    return code


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
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """The place as it is written in ``lang``: ``q10.yaml: groups[0] (dòng 12)``."""
        text = self.source
        if self.path:
            text += f": {self.path}"
        if self.line is not None:
            text += " (" + msg("line {line}", line=self.line).in_language(lang) + ")"
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

    def message_in(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``"en"``, ``"vi"``; ``None``: the environment's)."""
        return str(render(self.message, _language(lang)))

    def text(self, lang: str | None = None) -> str:
        """``location: message`` in ``lang``."""
        code = _language(lang)
        return f"{self.location.text(code)}: {self.message_in(code)}"


class DtiRulesError(Exception):
    """Root of every error dti-rules raises on purpose.

    ``code`` names the kind of error; :meth:`to_dict` gives it, the message and (for a
    file) every problem as plain data."""

    code: ClassVar[str] = "error"

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Each problem of an input file (none for other errors)."""
        return ()

    def text(self, lang: str | None = None) -> str:
        """The whole error in ``lang`` (``"en"`` or ``"vi"``; ``None``: the language of
        the environment, as gettext reads it). ``text("en")`` is ``str(error)``."""
        code = _language(lang)
        if code == "en":
            return str(self)
        return self._text(code)

    def _text(self, lang: str) -> str:
        if len(self.args) == 1:
            return str(render(self.args[0], lang))
        return str(self)

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
        return "\n".join(f"{loc}: {text}" for loc, text in self.problems)

    def _text(self, lang: str) -> str:
        return "\n".join(problem.text(lang) for problem in self.problems)

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
        choices = [f"backend={name!r}" for name in self.available]
        super().__init__(msg("{reason}; use {choices}", reason=reason, choices=_either(choices)))

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
        super().__init__(
            msg("cannot read the deadline {phrase!r}: {reason}", phrase=phrase, reason=reason)
        )

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


def _either(choices: Sequence[str]) -> str:
    """``a or b or c``, in each language."""
    if len(choices) <= 1:
        return "".join(choices)
    return msg("{first} or {last}", first=_either(choices[:-1]), last=choices[-1])


def _backend_error(backend: str, reason: str, available: Sequence[str]) -> BackendUnavailableError:
    return BackendUnavailableError(backend, reason, available=available)
