"""The Vietnamese interface of the scorecards (terminal table and Markdown): a gettext
catalog in sync with the code, and no English label left in the Vietnamese output."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from dti_rules import (
    ArgumentError,
    DeadlineStatus,
    IndicatorStatus,
    TargetStatus,
    evaluate,
    load_ruleset,
    load_submission,
    submission_from_data,
)
from dti_rules._i18n import LOCALE_DIR, Language, default_language
from dti_rules.analysis.ranking import rank
from dti_rules.calendar import VIETNAM
from dti_rules.calendar.rules import DeadlineKind
from dti_rules.cli import main
from dti_rules.deadlines import ObligationKind
from dti_rules.formats.markdown import _md as inert_markdown
from dti_rules.formats.markdown import result_markdown
from dti_rules.formats.terminal import ranking_table, result_table
from dti_rules.model import Comparison, Level
from dti_rules.rulesets import examples_dir

from ._words import LABEL_KEYWORDS, PLACEHOLDER, ascii_words

SRC = Path(__file__).resolve().parents[1] / "src" / "dti_rules"
PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "dti_rules.po"
MO = PO.with_suffix(".mo")
#: every module: labels are marked t(...), p(context, ...) or N_(...) wherever they are
RENDERERS = sorted(SRC.rglob("*.py"))


def _catalog() -> Any:
    with PO.open("rb") as handle:
        return read_po(handle, locale="vi")


@functools.cache
def _marked() -> tuple[tuple[str | None, str], ...]:
    """The labels marked in the code, (context, message), extracted once for every check."""
    return tuple(
        (context, message)
        for path in RENDERERS
        for _line, message, _comments, context in extract_from_file("python", path, LABEL_KEYWORDS)
    )


def _used() -> Iterator[tuple[str | None, str]]:
    """Every message the renderers ask for: the literal ones, and each status, level and
    kind of obligation they translate by value."""
    yield from _marked()
    for enum in (TargetStatus, IndicatorStatus, DeadlineStatus):
        for status in enum:
            yield "status", status.value
    for level in Level:
        yield "level", level.value
    for kind in (*ObligationKind, "indicator", "target"):
        yield "kind", kind
    for comparison in Comparison:
        yield "comparison", comparison.value
    for method in ("binary", "threshold", "proportional", "bands", "scaled"):
        yield "method", method
    for due in DeadlineKind:
        yield "due", due.value


def test_the_shipped_mo_is_the_po_compiled() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalog())
    assert MO.read_bytes() == compiled.getvalue(), "recompile: pybabel compile (see the .po)"


def test_every_message_the_renderers_use_has_a_vietnamese_translation() -> None:
    catalog = _catalog()
    for context, message in _used():
        found = catalog.get(message, context=context)
        assert found is not None and found.string, f"untranslated: {context!r} {message!r}"
        placeholders = set(re.findall(r"\{\w+\}", message))
        assert set(re.findall(r"\{\w+\}", found.string)) == placeholders, message


def _calendar_words() -> Iterator[str]:
    """The calendar's messages (msg): the reasons a due day moves, each date's basis and
    the reader's notes, which a deadline's explanation shows among its steps."""
    for path in sorted((SRC / "calendar").glob("*.py")):
        for _line, message, _comments, _context in extract_from_file("python", path, {"msg": None}):
            yield re.sub(r"\b(?:I|II|III|IV|dti-rules)\b", "", message)  # quarters, a name


def _english_words() -> set[str]:
    words: set[str] = set()
    for message in (*(message for _context, message in _used()), *_calendar_words()):
        words |= ascii_words(re.sub(PLACEHOLDER, "", message))
    return {w for w in words if len(w) > 1}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _data_texts(result: Any, ruleset: Any, *, explanations: bool) -> list[str]:
    """The texts of the data shown (names, texts, ids, the evidence cited; with
    ``explanations``, the rule set's assumptions and the steps the calendar words in a
    deadline's explanation): English among them is the rule set's and the calendar's own,
    not a label or a message of the engine."""
    data = result.to_dict("vi")
    texts: list[str] = [result.unit.name, ruleset.spec.title, ruleset.spec.source.document]
    texts += [ruleset.fingerprint, result.submission_fingerprint]  # hex digits hold "add", "fee"
    for key in ("groups", "indicators", "targets", "deadlines", "violations", "left_out"):
        for item in data[key]:
            for field in ("id", "name", "text", "source_ref", "subject", "input", "binding_ref"):
                if isinstance(item.get(field), str):
                    texts.append(item[field])
            explanation = item.get("explanation") or {}
            texts += [entry["id"] for entry in explanation.get("inputs", ())]  # ids: as_of, done
            if explanations and explanation.get("assumption"):
                texts.append(explanation["assumption"])
            if explanations and key == "deadlines":  # holidays keep their English names
                texts.extend(_holiday_names(explanation.get("steps", ())))
    texts += [ob.text for ob in ruleset.obligations if ob.text]
    example = examples_dir() / f"{result.ruleset_id}.example.json"
    if example.exists():
        values = load_submission(example, ruleset).values_by_id.values()
        texts += [v.evidence for v in values if getattr(v, "evidence", None)]
    for reading in ruleset.spec.readings:
        texts += [reading.id, reading.text, reading.source_ref]
    return [text for text in texts if text]


def _holiday_names(texts: Iterable[str]) -> list[str]:
    """The public holidays the texts' dates fall on: names from the holidays package,
    kept in English in every language (data, not labels)."""
    found = re.findall(r"\b(\d\d)/(\d\d)/(\d{4})\b", " ".join(texts))
    days = (VIETNAM.holiday_name(dt.date(int(y), int(m), int(d))) for d, m, y in found)
    return [name for name in days if name]


_words = ascii_words


@pytest.fixture(scope="module")
def scored() -> tuple[Any, Any]:
    rs = load_ruleset("q10-dti-2024")
    sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    return evaluate(rs, sub, backend="native"), rs


def _left_in_table(text: str, result: Any, ruleset: Any) -> set[str]:
    """English label words in a table: its cells wrap, so the data's words are set aside
    (a table shows no explanations; its English data are the violations' messages)."""
    data = set().union(*map(_words, _data_texts(result, ruleset, explanations=False)))
    return (_words(text) & (_english_words() - _vietnamese_words())) - data


def _left_in_markdown(text: str, result: Any, ruleset: Any) -> set[str]:
    """English label words in Markdown, once every data text shown is taken out of it."""
    for shown in sorted(_data_texts(result, ruleset, explanations=True), key=len, reverse=True):
        text = text.replace(shown, " ").replace(inert_markdown(shown), " ")
    return _words(text) & (_english_words() - _vietnamese_words())


@pytest.mark.parametrize("width", [80, 120])
def test_no_english_label_is_left_in_the_vietnamese_table(scored: Any, width: int) -> None:
    result, rs = scored
    text = result_table(result, width=width, lang="vi")
    assert not _left_in_table(text, result, rs)
    for label in ("Bảng điểm", "tiêu chí", "trạng thái", "TỔNG", "Mục tiêu", "Vi phạm"):
        assert label in text
    for english in ("Scorecard", "indicator", "TOTAL", "Targets", "Violations", "period"):
        assert english not in text
    assert "đủ điểm" in text and "chưa đạt" in text  # statuses
    assert "640,78" in text and "chỉ số 0,9709" in text  # numbers written the Vietnamese way
    assert "31/12/2024" in text  # and dates
    # the English table says the same in English
    english = result_table(result, width=width, lang="en")
    assert "Scorecard" in english and "640.78" in english and "2024-12-31" in english


def test_no_english_label_is_left_in_the_vietnamese_markdown(scored: Any) -> None:
    result, rs = scored
    text = result_markdown(result, rs, lang="vi")
    assert not _left_in_markdown(text, result, rs)
    assert "**Tổng: 640,78 trên 660 điểm · chỉ số 0,9709**" in text
    assert "ban hành ngày 29/03/2024" in text
    assert "## Nhóm tiêu chí" in text and "## Vi phạm" in text
    assert "(Digital awareness)" not in text  # no English glosses of the names
    assert "(Digital awareness)" in result_markdown(result, rs, lang="en")


def test_the_checks_find_the_english_labels(scored: Any) -> None:
    result, rs = scored
    table = _left_in_table(result_table(result, width=100, lang="en"), result, rs)
    assert {"scorecard", "total", "max", "violations"} <= table
    markdown = _left_in_markdown(result_markdown(result, rs, lang="en"), result, rs)
    assert {"rule", "formula", "input", "groups", "issued", "evaluated"} <= markdown


def test_the_command_line_speaks_vietnamese_by_flag_or_environment() -> None:
    args = ["score", "q10-dti-2024", str(examples_dir() / "q10-dti-2024.example.json")]
    runner = CliRunner()
    flagged = runner.invoke(main, [*args, "--lang", "vi"], env={"COLUMNS": "100"})
    assert flagged.exit_code == 0 and "Bảng điểm" in flagged.output
    by_env = runner.invoke(
        main,
        args,
        env={
            "COLUMNS": "100",
            "LANGUAGE": "",
            "LC_ALL": "",
            "LC_MESSAGES": "",
            "LANG": "vi_VN.UTF-8",
        },
    )
    assert by_env.output == flagged.output
    english = runner.invoke(main, [*args, "--lang", "en"], env={"LANG": "vi_VN.UTF-8"})
    assert "Scorecard" in english.output and "Bảng điểm" not in english.output
    md = runner.invoke(main, [*args, "--format", "md", "--lang", "vi"])
    assert "## Mục tiêu" in md.output


def test_the_default_language_follows_gettext_s_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert default_language() == "en"
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert default_language() == "vi"
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # LC_ALL comes before LANG
    assert default_language() == "en"


@pytest.mark.parametrize(
    ("value", "text"),
    [(640.78, "640,78"), (1234.5, "1.234,5"), (360682, "360.682"), (-0.5, "-0,5"), (0, "0")],
)
def test_vietnamese_numbers(value: Any, text: str) -> None:
    assert Language.get("vi").number(value) == text


def test_an_unknown_language_is_refused_with_a_dti_rules_error(scored: Any) -> None:
    result, rs = scored
    with pytest.raises(ArgumentError, match="lang: expected one of en, vi"):
        result_markdown(result, rs, lang="fr")


@pytest.mark.parametrize("width", [80, 120])
def test_no_english_label_is_left_in_the_vietnamese_ranking(width: int) -> None:
    rs = load_ruleset("dti-922-province")
    data = json.loads((examples_dir() / "dti-922-province.example.json").read_text("utf-8"))
    subs = []
    for unit in ("hcm", "hn"):
        data["unit"]["id"] = unit
        subs.append(submission_from_data(data, rs))
    ranking = rank(rs, subs, backend="native")
    text = ranking_table(ranking, width=width, lang="vi")
    names = {w for e in ranking.entries for w in _words(f"{e.unit} {e.name} {ranking.ruleset_id}")}
    assert not (_words(text) & _english_words()) - names - set(map(str.lower, ranking.groups))
    assert "Xếp hạng: dti-922-province" in text and "hạng" in text
    first = ranking.entries[0]
    assert Language.get("vi").number(first.index) in text and "," in str(
        Language.get("vi").number(first.index)
    )
    english = ranking_table(ranking, width=width, lang="en")
    assert "Ranking: dti-922-province" in english and str(first.index) in english


# -- explanations and violation messages, rendered by the engine in either language --------


def _engine_texts(result: Any, lang: str) -> Iterator[str]:
    """What the engine writes in ``lang``: every explanation's rule, formula, inputs and
    steps (a deadline's words the calendar's readings and reasons), and every message."""
    for item in (*result.groups, *result.indicators, *result.targets):
        explanation = item.explanation_in(lang)
        yield explanation.rule
        yield explanation.formula
        yield from explanation.steps
        for _id, value in explanation.inputs:
            yield value
    for deadline in result.deadlines:
        explanation = deadline.explanation_in(lang)
        yield explanation.rule
        yield explanation.formula
        yield from explanation.steps
        yield from (value for key, value in explanation.inputs)
    total = result.explanation_in(lang)
    yield total.rule
    yield total.formula
    yield from total.steps
    for violation in result.violations:
        yield violation.message_in(lang)


def _english_left(texts: Iterable[str], result: Any, ruleset: Any, submission: Any) -> set[str]:
    """English words of the engine's messages left in ``texts`` once the data shown in
    them (names, target texts, deadline texts, the evidence cited, the names of the
    holidays a due day moves off) is taken out."""
    texts = list(texts)
    data = _data_texts(result, ruleset, explanations=False) + _holiday_names(texts)
    data += [ob.text for ob in ruleset.obligations if ob.text]
    data += [
        value.evidence
        for value in submission.values_by_id.values()
        if getattr(value, "evidence", None)
    ]
    english = _english_words() - _vietnamese_words()
    left: set[str] = set()
    for text in texts:
        rest = text
        for shown in sorted(data, key=len, reverse=True):
            if len(shown) > 3 and shown in rest:
                rest = rest.replace(shown, " ")
        left |= _words(rest) & english
    return left


def _vietnamese_words() -> set[str]:
    """Words of the Vietnamese of the labels the renderers use that are English words too
    ("so", "an"); error messages, which name the format's fields, are not labels."""
    used = set(_used())
    return set().union(
        *(
            _words(re.sub(PLACEHOLDER + r"|--[\w-]+", "", message.string))  # placeholders, options
            for message in _catalog()
            if message.id and (message.context, message.id) in used
        )
    )


@pytest.mark.parametrize(
    ("ruleset", "example"),
    [("q10-dti-2024", "q10-dti-2024"), ("hcmc-dx-2024", "hcmc-dx-2024")],
)
def test_the_engine_s_explanations_and_messages_speak_vietnamese(
    ruleset: str, example: str
) -> None:
    rs = load_ruleset(ruleset)
    sub = load_submission(examples_dir() / f"{example}.example.json", rs)
    result = evaluate(rs, sub, backend="native")
    vi = list(_engine_texts(result, "vi"))
    english = list(_engine_texts(result, "en"))
    assert len(vi) == len(english) and vi != english
    # English words of the engine's own messages, in the English texts: the check can fail
    assert {"target", "met", "due"} <= _words(" ".join(english)) & _english_words()
    words_vi = set().union(*map(_words, vi))
    for english_word in ("does", "satisfy", "missing", "threshold", "sum", "overdue", "band"):
        assert english_word not in words_vi
    assert not _english_left(iter(vi), result, rs, sub) - {"r"}  # R-… reading ids


def test_an_explanation_in_vietnamese_writes_numbers_dates_and_statuses_the_vietnamese_way(
    scored: tuple[Any, Any],
) -> None:
    result, _rs = scored
    assert result.targets["CT-1"].explanation_in("vi").formula == (
        "100% ≥ 100% (ngưỡng cố định) → đạt"
    )
    assert result.targets["CT-1"].explanation.formula == "100% ≥ 100% (fixed threshold) → met"
    total = result.explanation_in("vi")
    assert total.rule == "tổng điểm các nhóm; chỉ số = điểm / điểm tối đa"
    assert "(≈ 640,784884)" in total.formula and "chỉ số =" in total.formula
    deadline = result.deadlines["I.1"].explanation_in("vi")
    assert deadline.formula == "hạn 02/10/2023; đúng hạn"
    assert ("as_of", "31/12/2024") in deadline.inputs
    messages = [v.message_in("vi") for v in result.violations]
    assert any("không thỏa ≥ 100%" in m for m in messages)
    assert any("98,94%" in m for m in messages)


def test_the_result_json_keeps_its_keys_and_english_text_by_default(
    scored: tuple[Any, Any],
) -> None:
    result, _rs = scored
    assert result.to_json() == result.to_json("en") == result.to_json(None)
    english, vietnamese = result.to_dict(), result.to_dict("vi")

    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: shape(item) for key, item in value.items()}
        if isinstance(value, list):
            return [shape(item) for item in value]
        return type(value).__name__

    assert shape(english) == shape(vietnamese)
    for key in ("targets", "indicators", "deadlines", "violations"):
        for en_item, vi_item in zip(english[key], vietnamese[key], strict=True):
            for field in ("id", "code", "status", "subject", "source_ref"):
                assert en_item.get(field) == vi_item.get(field)
    assert english["score"]["explanation"] != vietnamese["score"]["explanation"]


def test_a_left_out_item_s_reason_in_vietnamese() -> None:
    rs = load_ruleset("q10-dti-2024")
    result = evaluate(rs, submission_from_data(_ward_submission(), rs), backend="native")
    assert result.left_out
    reasons = [item.reason("ward", "vi") for item in result.left_out]
    assert all("không áp dụng cho cấp phường, xã" in reason for reason in reasons)
    assert any("điểm không tính vào điểm tối đa" in reason for reason in reasons)
    steps = result.explanation_in("vi").steps
    assert steps and all(step.startswith("không tính: ") for step in steps)


def _ward_submission() -> dict[str, Any]:
    return {
        "unit": {"id": "p12", "name": "UBND Phường 12", "level": "ward"},
        "period": "2024",
    }
