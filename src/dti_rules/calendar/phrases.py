"""Reading Vietnamese deadline phrases into deadline rules.

A phrase is read relative to the issue date of the document it comes from: a year left out
is the issue year, and a deadline already past on the issue date is flagged. OCR damage
common in the source texts ("Quý 11/2024" for "Quý II/2024", "Ke hoạch" for "Kế hoạch",
letters without their diacritics) is repaired and noted::

    >>> import datetime as dt
    >>> from dti_rules.calendar import parse_deadline
    >>> found = parse_deadline("Quý 11/2024")
    >>> found.rule.phrase(), found.notes
    ('Quý II/2024', ('read the OCR text "Quý 11" as "Quý II"',))
    >>> parse_deadline("Trước ngày 20 của tháng cuối quý").rule
    Recurring(every=<PeriodKind.QUARTER: 'quarter'>, day=20, month=3, before=True)
    >>> parse_deadline("Quý III năm 2023", issued=dt.date(2024, 3, 29)).past
    True

Every word is accounted for: it belongs to the deadline, or it is part of the name of the
work ("Hoàn thành …", "báo cáo tháng …") and holds no date word, which a note then quotes.
Words that qualify a period are read, with the reading and its basis in the notes::

    >>> found = parse_deadline("Giữa tháng 6/2024")
    >>> found.rule.phrase()
    'Giữa tháng 06/2024'
    >>> print(found.notes[0])
    'giữa tháng' is the 15th of the month (Bộ luật Dân sự 2015, Điều 146)

A phrase that cannot be read, or that holds date words the reader does not understand,
raises :class:`~dti_rules.errors.DeadlinePhraseError` quoting those words and, where there
is one, the nearest phrase that would be read. Phrases longer than
:data:`MAX_PHRASE_LENGTH` characters are refused before any reading; the reading itself is
linear in the phrase's length.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

import attrs

from ..errors import DeadlinePhraseError, Msg, message_of, msg
from ._fold import fold, touches_dates
from ._phrase_context import _Context, _normalise
from ._phrase_grammar import (
    _CHANGES_MEANING,
    _FOLDED_EXAMPLES,
    _FREQ,
    _INSIDE,
    _MAX_OPENERS,
    _NEAREST_MAX,
    _OPENERS,
    _PERIOD_INSIDE,
    _QUALIFIER_END,
    _WORK_NAMES,
    _match_whole,
)
from ._phrase_recurring import _FREQ_KINDS
from .rules import (
    DeadlineKind,
    DeadlineRule,
    Recurring,
    Several,
    Undetermined,
)
from .workdays import FIRST_YEAR, LAST_YEAR, YearOutOfRangeError, vn_date

__all__ = ["MAX_PHRASE_LENGTH", "ParsedDeadline", "parse_deadline"]

MAX_PHRASE_LENGTH = 1000
"""The longest phrase read, in characters (the longest deadline cell of the seeds is 146)."""


@attrs.frozen
class ParsedDeadline:
    """A phrase, the rule read from it, and what the reader noticed on the way."""

    phrase: str
    rule: DeadlineRule
    notes: tuple[str, ...] = ()
    past: bool = False

    @property
    def kind(self) -> DeadlineKind:
        return self.rule.kind


def _unknown_date_words(prefix: str, following: DeadlineRule) -> bool:
    """Whether words left before a deadline hold a date word the reading did not use."""
    rest = _WORK_NAMES.sub(" ", fold(prefix))
    if isinstance(following, Recurring | Several):
        # "Định kỳ hàng quý … trước ngày 20 tháng cuối quý": a frequency the day agrees with
        kinds = {
            p.every
            for p in (following.parts if isinstance(following, Several) else (following,))
            if isinstance(p, Recurring)
        }
        for word, kind in _FREQ_KINDS.items():
            if kind in kinds:
                rest = re.sub(rf"\b(?:dinh ky\s+)?(?:hang|moi)\s+{word}\b", " ", rest)
        rest = re.sub(r"\bdinh ky\b", " ", rest)
    return touches_dates(rest)


def _read_one(text: str, ctx: _Context) -> DeadlineRule:
    found = _match_whole(text, ctx)
    if found is not None:
        return found
    folded = fold(text)
    # Prose: the deadline closes the sentence ("báo cáo tháng trước ngày 20 của tháng").
    # Only a bounded number of places where a deadline can open are tried: linear time.
    starts = [m.start() for m in _OPENERS.finditer(folded) if m.start() > 0]
    for start in starts[:_MAX_OPENERS]:
        if folded[start - 1] != " ":
            continue
        tail, prefix = text[start:], text[:start].strip()
        try:
            found = _match_whole(tail, ctx)
        except DeadlinePhraseError:
            found = None
        ctx.original = text
        if found is None:
            continue
        if isinstance(found, Undetermined):
            return Undetermined(text, found.reason)
        if (
            _unknown_date_words(prefix, found)
            or _QUALIFIER_END.search(fold(prefix))
            or _CHANGES_MEANING.search(fold(prefix))
        ):
            raise ctx.fail(
                msg(
                    "the words {words!r} before the deadline {tail!r} are not understood "
                    "(a date word, or one that changes the deadline){nearest}",
                    words=prefix,
                    tail=tail,
                    nearest=_nearest(text),
                )
            )
        ctx.note(
            msg(
                "the deadline is read from {tail!r}; "
                "the words before it ({prefix!r}) name the work",
                tail=tail,
                prefix=prefix,
            )
        )
        return found
    for pattern, make in _INSIDE:
        match = pattern.search(folded)
        if match:
            rest = folded[: match.start()] + " " + folded[match.end() :]
            if touches_dates(rest.replace("thuong xuyen", " ")):
                break
            words = text[match.start() : match.end()]
            ctx.note(
                msg(
                    "the deadline is read from the words {words!r}; the others name the work",
                    words=words,
                )
            )
            event = match.groupdict().get("event")
            return make(text[match.start("event") : match.end("event")] if event else words)
    match = _PERIOD_INSIDE.search(folded)
    if match:
        rest = folded[: match.start()] + " " + folded[match.end() :]
        if touches_dates(rest) or _CHANGES_MEANING.search(rest):
            words = " ".join((text[: match.start()] + " " + text[match.end() :]).split())
            raise ctx.fail(
                msg(
                    "the words {words!r} around the deadline {inner!r} are not understood "
                    "(a date word, or one that changes the deadline){nearest}",
                    words=words,
                    inner=text[match.start() : match.end()],
                    nearest=_nearest(text),
                )
            )
        if not touches_dates(rest):
            words = text[match.start() : match.end()]
            inner = _match_whole(words, ctx)
            if inner is not None:
                ctx.note(
                    msg(
                        "the deadline is read from the words {words!r}; the others name the work",
                        words=words,
                    )
                )
                return inner
    raise ctx.fail(_refusal(text))


def _nearest(text: str) -> Msg | str:
    """'; the nearest phrase that reads is …', or nothing when no example is near (a long
    text is near none: comparing it would cost time growing with its square)."""
    if len(text) > _NEAREST_MAX:
        return ""
    near = difflib.get_close_matches(fold(text), list(_FOLDED_EXAMPLES), n=1, cutoff=0.6)
    if not near:
        return ""
    return msg("; the nearest phrase that reads is {near!r}", near=_FOLDED_EXAMPLES[near[0]])


def _refusal(text: str) -> Msg:
    tokens = text.split()
    folded = " ".join(fold(token) for token in tokens)
    changing = _CHANGES_MEANING.search(folded)
    if changing:  # "… hoặc sớm hơn": the deadline is there, and so is what changes it
        first = folded[: changing.start()].count(" ")
        return msg(
            "the words {words!r} change the deadline beside them, and "
            "dti-rules does not guess which day they mean; give the deadline alone",
            words=" ".join(tokens[first:]),
        )
    touched = [
        m for m in re.finditer(r"\S+", text) if touches_dates(fold(m[0])) or m[0][:1].isdigit()
    ]
    if touched:
        words = text[touched[0].start() : touched[-1].end()]
        reason = msg("the words {words!r} are not a deadline dti-rules can read", words=words)
    else:
        reason = msg("it holds no date, period, frequency or event")
    near = _nearest(text) or msg(
        "; expected a date (10/4/2024), a period (Quý II/2024, Tháng 3/2024, Năm 2024), a "
        "part of one (Giữa tháng 6/2024), a recurring day (Trước ngày 20 hàng tháng), "
        "'Thường xuyên', or an event (Sau khi …, Theo …)"
    )
    return msg("{reason}{near}", reason=reason, near=near)


_PAREN = re.compile(r"\s*\(([^()]*)\)\s*")
_SPLIT = re.compile(
    r"\s*(?:\bva\b|,)\s*(?=(?:thuc hien\s+|nhiem vu\s+|du kien\s+)?(?:thuong xuyen|sau khi|"
    r"theo|khi|truoc khi|trong vong|trong nam|nam|qu[yi]|thang|truoc ngay|ngay|6 thang|hang|"
    r"dinh ky)\b)"
)


def _split(text: str) -> list[str]:
    """Split "A; B" and "A và B" into parts, but keep "Tháng 06 và tháng 12/2024" whole."""
    return [part for piece in re.split(r"\s*;\s*", text) if piece for part in _split_piece(piece)]


def _split_piece(text: str) -> list[str]:
    folded = fold(text)
    # Month, quarter, year and day lists share one year or one frequency: read them whole.
    if re.match(
        r"^(?:trong\s+)?(?:cac\s+)?(?:thang|qu[yi]|nam)\s+[\divxl]+(?:\s*(?:,|va|-)\s*"
        r"(?:thang\s+|qu[yi]\s+|nam\s+)?[\divxl]+)+",
        folded,
    ):
        return [text]
    if re.search(r"\b(?:hang|moi)\s+(?:nam|tuan)\b|nam\s+(?:sau|bao cao)|qu[yi]\s+sau", folded):
        return [text]
    if re.match(rf"^(?:bao cao\s+)?(?:dinh ky\s+)?{_FREQ}", folded) and not re.search(
        r"ngay\s+\d", folded
    ):
        return [text]
    if re.match(
        r"^(?:bao cao\s+)?(?:dinh ky\s+)?(?:hang|moi)\s+(?:thang|qu[yi])\s*,?\s*"
        r"(?:truoc|vao|cham nhat)?\s*ngay\s+\d",
        folded,
    ):
        return [text]
    if re.search(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+va\s+", folded) or re.search(
        r"\d{1,2}/\d{1,2}\s+va\s+(?:ngay\s+)?\d", folded
    ):
        return [text]
    pieces: list[str] = []
    last = 0
    for match in _SPLIT.finditer(folded):
        pieces.append(text[last : match.start()])
        last = match.end()
    pieces.append(text[last:])
    return [p for p in pieces if p]


def _merge_brackets(text: str, ctx: _Context) -> str:
    """Read what brackets hold: a date's detail joins the phrase, anything else is noted."""
    out = []
    last = 0
    for match in _PAREN.finditer(text):
        inner = match[1].strip()
        out.append(text[last : match.start()])
        last = match.end()
        if touches_dates(fold(inner)):
            ctx.note(
                msg("the words in brackets ({inner}) are read as part of the deadline", inner=inner)
            )
            out.append(f" {inner} ")
        else:
            ctx.note(msg("qualification kept as a note: ({inner})", inner=inner))
            out.append(" ")
    out.append(text[last:])
    return re.sub(r"\s+", " ", "".join(out)).strip().strip(".,;:").strip()


def parse_deadline(phrase: str, issued: dt.date | None = None) -> ParsedDeadline:
    """Read a deadline phrase, relative to the date the document was issued.

    >>> parse_deadline("Hằng tuần (thứ Sáu)").rule.phrase()
    'Thứ Sáu hằng tuần'
    >>> parse_deadline("Trong 05 ngày làm việc kể từ ngày nhận văn bản").rule.phrase()
    'Trong vòng 5 ngày làm việc kể từ ngày nhận văn bản'
    """
    if not isinstance(phrase, str) or not phrase.strip():
        raise DeadlinePhraseError(str(phrase), msg("it is empty"))
    if len(phrase) > MAX_PHRASE_LENGTH:
        raise DeadlinePhraseError(
            phrase[:60] + "…",
            msg(
                "it is {length} characters long; a deadline phrase has at most {most}",
                length=len(phrase),
                most=MAX_PHRASE_LENGTH,
            ),
        )
    if issued is not None and not FIRST_YEAR <= issued.year <= LAST_YEAR:
        raise DeadlinePhraseError(
            phrase.strip(),
            msg(
                "the issue date {issued} is outside {first}-{last}, the "
                "years whose public holidays dti-rules knows",
                issued=issued.isoformat(),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            ),
        )
    notes: list[str] = []
    text = _normalise(phrase, notes)
    ctx = _Context(phrase.strip(), issued, notes, text)
    text = _merge_brackets(text, ctx)
    if not text:
        raise DeadlinePhraseError(phrase.strip(), msg("it holds only a remark in brackets"))
    try:
        rule = _read(text, ctx)
    except YearOutOfRangeError as exc:
        raise ctx.fail(message_of(exc)) from None
    past = False
    if issued is not None and rule.kind in (DeadlineKind.ONE_OFF, DeadlineKind.SEVERAL):
        dates = [o.nominal for o in rule.occurrences(issued, issued)]
        if dates and max(dates) < issued:
            past = True
            notes.append(
                msg(
                    "already past when the document was issued ({issued}): "
                    "the last due day is {last}",
                    issued=vn_date(issued),
                    last=vn_date(max(dates)),
                )
            )
    return ParsedDeadline(phrase.strip(), rule, tuple(dict.fromkeys(notes)), past)


def _read(text: str, ctx: _Context) -> DeadlineRule:
    pieces = _split(text)
    if not pieces:
        raise DeadlinePhraseError(
            ctx.phrase, msg("it holds no deadline, only punctuation or a note")
        )
    try:
        parts = [_read_one(part, ctx) for part in pieces]
    except DeadlinePhraseError:
        if len(pieces) == 1:
            raise
        parts = [_read_one(text, ctx)]  # the separators were part of the prose
    flat: list[DeadlineRule] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, Several) else (part,))
    unique = list(dict.fromkeys(flat))
    return unique[0] if len(unique) == 1 else Several(tuple(unique))
