"""Error messages in Vietnamese: every message the library raises is a gettext message
(``errors.msg``) with a Vietnamese translation in the catalog, and a corpus of bad inputs
(the hostile files of ``hostile_corpus`` and broken rule sets, submissions, forms and
phrases) reads in Vietnamese with no English word left outside quoted values, while its
English stays what ``str(error)`` always said."""

from __future__ import annotations

import json
import pickle
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dti_rules import cli, load_ruleset, load_submission, submission_from_data
from dti_rules._catalog import LOCALE_DIR
from dti_rules._submission_data import _TOP_KEYS
from dti_rules._validation import CONTEXT, describe
from dti_rules.analysis.audit import ReportedError, load_reported
from dti_rules.calendar import PeriodKind, parse_deadline
from dti_rules.errors import (
    ArgumentError,
    BackendUnavailableError,
    DtiRulesError,
    InputFileError,
    Location,
    OutputFileError,
    RuleSetError,
    SubmissionError,
    msg,
)
from dti_rules.formats.csvio import FILLED, META
from dti_rules.formats.xlsx_form import template_workbook
from dti_rules.model import InputKind, Level
from dti_rules.rulesets import ruleset_from_data
from dti_rules.schemas import json_schema

from .hostile_corpus import MINI, MINI_SUBMISSION, cases

SRC = Path(__file__).resolve().parents[1] / "src" / "dti_rules"
PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "dti_rules.po"
KEYWORDS: dict[str, Any] = {"msg": None}
#: Words a message puts in from a context of the catalog (Msg.given), by context.
CONTEXT_WORDS: dict[str, list[str]] = {
    "period": [kind.value for kind in PeriodKind],
    "frequency": [f"{kind.value}ly" for kind in PeriodKind],
    "input kind": [kind.value for kind in InputKind],
    "file kind": sorted(
        {cls.kind for cls in (InputFileError, RuleSetError, SubmissionError, OutputFileError)}
        | {ReportedError.kind}
    ),
}
#: pydantic's error types a rule set or reported file can meet, translated from ctx.
PYDANTIC_TYPES = [
    "missing", "extra_forbidden", "greater_than", "greater_than_equal", "less_than",
    "less_than_equal", "too_short", "too_long", "string_type", "string_too_short",
    "string_too_long", "string_pattern_mismatch", "enum", "literal_error", "dict_type",
    "model_type", "model_attributes_type", "list_type", "bool_type", "bool_parsing",
    "int_type", "int_parsing", "int_from_float", "float_type", "float_parsing",
    "decimal_type", "decimal_parsing", "date_type", "date_parsing",
    "date_from_datetime_parsing", "date_from_datetime_inexact", "union_tag_invalid",
    "union_tag_not_found", "value_error", "finite_number", "*",
]  # fmt: skip


def _catalog() -> Any:
    with PO.open("rb") as handle:
        return read_po(handle, locale="vi")


def _msgids() -> Iterator[tuple[str, int, str]]:
    for filename, line, message, _comments, _context in extract_from_dir(
        str(SRC), keywords=KEYWORDS
    ):
        assert isinstance(message, str), f"{filename}:{line}: msg() takes one literal msgid"
        yield filename, line, message


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def test_every_message_in_the_code_has_a_vietnamese_translation() -> None:
    catalog = _catalog()
    found = list(_msgids())
    assert len(found) > 200  # the extraction sees the raise sites
    for filename, line, message in found:
        entry = catalog.get(message)
        assert entry is not None and entry.string, f"{filename}:{line}: untranslated {message!r}"
        # the translation puts in the same values, and formats (a bad template raises)
        assert _fields(entry.string) == _fields(message), message
    for context, words in CONTEXT_WORDS.items():
        for word in words:
            entry = catalog.get(word, context=context)
            assert entry is not None and entry.string, f"untranslated {context!r} {word!r}"
    for kind in PYDANTIC_TYPES:
        entry = catalog.get(kind, context=CONTEXT)
        assert entry is not None and entry.string, f"untranslated pydantic type {kind!r}"


MSGIDS = sorted({message for _filename, _line, message in _msgids()})


def _values(draw: Any, template: str) -> dict[str, Any]:
    """A value for each field of ``template``: a whole number where its format asks for
    one (``{most:,}``, ``{code:04X}``), any text otherwise."""
    out: dict[str, Any] = {}
    for _text, name, spec, _conversion in string.Formatter().parse(template):
        if name and name not in out:
            if spec:
                out[name] = draw(st.integers(min_value=0, max_value=10**9))
            else:
                out[name] = draw(st.text(max_size=12) | st.integers())
    return out


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_message_renders_with_any_values_and_quotes_them_verbatim(data: Any) -> None:
    template = data.draw(st.sampled_from(MSGIDS))
    values = _values(data.draw, template)
    message = msg(template, **values)
    assert str(message) == template.format(**values)
    vietnamese = message.in_language("vi")
    assert vietnamese != str(message) or not values or template.startswith("{")
    for _text, name, _spec, conversion in string.Formatter().parse(template):
        if name and conversion == "r":  # a value quoted is quoted the same in Vietnamese
            assert repr(values[name]) in vietnamese


def test_a_message_is_its_english_text_and_renders_in_vietnamese() -> None:
    m = msg("expected a date YYYY-MM-DD, got {got!r}", got="2024-02-30")
    assert m == "expected a date YYYY-MM-DD, got '2024-02-30'" and isinstance(m, str)
    assert m.in_language("vi") == "cần một ngày dạng YYYY-MM-DD, nhận được '2024-02-30'"
    # a message inside a message is rendered in the same language
    nested = msg("cannot be read: {why}", why=msg("permission denied"))
    assert nested.in_language("vi") == "không đọc được: không có quyền truy cập"
    # thousands are grouped with dots in Vietnamese
    big = msg("the file has {size:,} bytes, more than the {most:,} dti-rules reads",
              size=5_000_000, most=4_194_304)  # fmt: skip
    assert "5,000,000" in big and "5.000.000" in big.in_language("vi")
    assert pickle.loads(pickle.dumps(nested)).in_language("vi") == nested.in_language("vi")


def test_an_error_gives_its_text_in_either_language() -> None:
    err = SubmissionError(
        [Location("q10.json", "inputs.I.1", line=7)], [msg("{ident!r} is given twice", ident="I.1")]
    )
    assert err.text("en") == str(err) == "q10.json: inputs.I.1 (line 7): 'I.1' is given twice"
    assert err.text("vi") == "q10.json: inputs.I.1 (dòng 7): 'I.1' được ghi hai lần"
    assert err.problems[0].message_in("vi") == "'I.1' được ghi hai lần"
    assert pickle.loads(pickle.dumps(err)).text("vi") == err.text("vi")
    backend = BackendUnavailableError("durable", msg("unknown backend {name!r}", name="x"),
                                      available=("native", "durable"))  # fmt: skip
    assert str(backend) == "unknown backend 'x'; use backend='native' or backend='durable'"
    assert backend.text("vi") == (
        "không có công cụ đánh giá 'x'; hãy dùng backend='native' hoặc backend='durable'"
    )
    with pytest.raises(ArgumentError, match="lang: expected one of en, vi"):
        err.text("fr")


def test_the_language_defaults_to_the_environment_s(monkeypatch: pytest.MonkeyPatch) -> None:
    err = DtiRulesError(msg("an audit needs at least one submission"))
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert err.text() == "kiểm tra cần ít nhất một bản số liệu báo cáo"
    monkeypatch.setenv("LANG", "C")
    assert err.text() == "an audit needs at least one submission"


def test_pydantic_s_messages_keep_their_english_and_read_in_vietnamese() -> None:
    error = {"type": "greater_than_equal", "msg": "Input should be greater than or equal to 0",
             "ctx": {"ge": 0}, "input": -1}  # fmt: skip
    assert describe(error) == "Input should be greater than or equal to 0, got -1"
    assert describe(error).in_language("vi") == "phải lớn hơn hoặc bằng 0, nhận được -1"
    literal = {"type": "literal_error", "msg": "Input should be 'gt', 'ge' or 'eq'",
               "ctx": {"expected": "'gt', 'ge' or 'eq'"}, "input": "gte"}  # fmt: skip
    assert describe(literal) == "input should be 'gt', 'ge' or 'eq', got 'gte'"
    assert describe(literal).in_language("vi") == "phải là 'gt', 'ge' hoặc 'eq', nhận được 'gte'"
    unlisted = {"type": "uuid_version", "msg": "UUID version 4 expected",
                "ctx": {"expected_version": 4}, "input": None}  # fmt: skip
    assert describe(unlisted).in_language("vi") == "giá trị không dùng được (lỗi uuid_version)"


# -- the corpus of bad inputs ----------------------------------------------------------------


def _mini() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    return data


def _submission() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINI_SUBMISSION.read_text(encoding="utf-8"))
    return data


def _broken_rulesets() -> Iterator[dict[str, Any]]:
    """Rule sets pydantic and the consistency checks refuse, one fault each."""
    faults = [
        lambda d: d.pop("title"),
        lambda d: d.update(extra_field=1),
        lambda d: d.update(max_points="ten"),
        lambda d: d.update(max_points=-5),
        lambda d: d.update(levels="district"),
        lambda d: d.update(levels=["county"]),
        lambda d: d["source"].update(issued="2024-02-30"),
        lambda d: d.update(effective={"start": "2024-12-31", "end": "2024-01-01"}),
        lambda d: d["targets"][0].update(comparison="gte"),
        lambda d: d["targets"][0].update(input="nope"),
        lambda d: d["targets"][0].update(tiers={"district": 1}),
        lambda d: d["inputs"][0].update(kind="text"),
        lambda d: d["inputs"].append(dict(d["inputs"][0])),
        lambda d: d["groups"][0].update(max_points=1),
        lambda d: d["groups"][0]["indicators"][0]["scoring"].update(method="magic"),
        lambda d: d["groups"][0]["indicators"][0]["scoring"].pop("method"),
        lambda d: d.update(reports_on="mini"),
        lambda d: d.update(tasks=[{"id": "X", "name": "", "source_ref": "I", "deadline": "Quý V"}]),
        lambda d: d.update(tasks=[{"id": "X", "name": "n", "source_ref": "I", "deadline": "abc"}]),
    ]  # fmt: skip
    for fault in faults:
        data = _mini()
        fault(data)
        yield data


def _broken_submissions() -> Iterator[dict[str, Any]]:
    faults = [
        lambda d: d.update(period="2024-Q5"),
        lambda d: d.update(period="2030"),
        lambda d: d.update(schema="dti-rules/submission/9"),
        lambda d: d.update(ruleset="other"),
        lambda d: d.update(extra=1),
        lambda d: d["unit"].update(level="county"),
        lambda d: d["unit"].update(name=""),
        lambda d: d["inputs"].update(plann=True),
        lambda d: d["inputs"].update(plan="maybe"),
        lambda d: d["inputs"].update(news=-1),
        lambda d: d["inputs"].update(news=2.5),
        lambda d: d["inputs"].update(news="many"),
        lambda d: d["inputs"].update(score=11),
        lambda d: d["inputs"].update(pcs={"numerator": 5, "denominator": 2}),
        lambda d: d["inputs"].update(pcs={"numerator": "a", "denominator": 2, "x": 1}),
        lambda d: d["inputs"].update(pcs=3),
        lambda d: d.update(done={"nope": "2024-01-01"}),
        lambda d: d.update(done="2024-01-01"),
        lambda d: d.update(events={"nope": "2024-01-01"}),
        lambda d: d.update(inputs=[{"value": 1}]),
        lambda d: d.update(inputs=3),
    ]  # fmt: skip
    for fault in faults:
        data = _submission()
        fault(data)
        yield data


def _phrases() -> list[str]:
    return [
        "Quý V/2024", "Tháng 13/2024", "ngày 31/02/2024", "hoặc sớm hơn Quý II/2024",
        "abc xyz", "Tuần tới", "", "(ghi chú)", "Năm 1800", "từ Quý II/2024 đến Tháng 3/2024",
        "Từ Quý III/2024 đến Quý I/2024", "Cuối nửa đầu năm 2024 khi nào rảnh",
    ]  # fmt: skip


def _errors(tmp_path: Path) -> Iterator[tuple[str, DtiRulesError]]:
    """Every error of the corpus, named."""
    mini = load_ruleset(MINI)
    for case in cases():
        path = tmp_path / f"{case.name}{case.suffix}"
        path.write_bytes(case.content)
        try:
            if case.kind == "submission":
                load_submission(path, mini)
            elif case.kind == "ruleset":
                load_ruleset(path)
            elif case.kind == "reported":
                load_reported(path, mini)
            else:
                parse_deadline(case.content.decode("utf-8"))
        except DtiRulesError as exc:
            yield case.name, exc
    for i, data in enumerate(_broken_rulesets()):
        with pytest.raises(DtiRulesError) as caught:
            ruleset_from_data(data, f"broken-{i}.yaml")
        yield f"ruleset-{i}", caught.value
    for i, data in enumerate(_broken_submissions()):
        with pytest.raises(DtiRulesError) as caught:
            submission_from_data(data, mini, f"broken-{i}.json")
        yield f"submission-{i}", caught.value
    for phrase in _phrases():
        with pytest.raises(DtiRulesError) as caught:
            parse_deadline(phrase)
        yield f"phrase {phrase!r}", caught.value
    form = tmp_path / "form.xlsx"
    form.write_bytes(template_workbook(mini))
    for name, text in {
        "csv-bad-cells": "unit.level,county\nid,value,numerator,denominator,evidence,colour\n"
        "news,nhiều,,,\nplan,có lẽ,,,\npcs,1,a,b,\n,5,,,\nnews,1,,,\n",
        "csv-no-header": "hello\n",
        "csv-bad-date": "id,value\ndone:nope,32/13/2024\n",
    }.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DtiRulesError) as caught:
            load_submission(path, mini)
        yield name, caught.value
    with pytest.raises(DtiRulesError) as caught:
        load_submission(form, load_ruleset("q10-dti-2024"))
    yield "xlsx-other-rule-set", caught.value
    with pytest.raises(DtiRulesError) as caught:
        load_submission(tmp_path / "missing.json", mini)
    yield "missing-file", caught.value
    for name, reported in {
        "reported-fields": {"schema": "dti-rules/reported/1", "ruleset": "mini", "figures": 3},
        "reported-other": {"schema": "dti-rules/reported/1", "ruleset": "q10",
                           "figures": [{"target": "T-x", "unit": "qt", "value": "9,0%"}]},
    }.items():  # fmt: skip
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(reported), encoding="utf-8")
        with pytest.raises(DtiRulesError) as caught:
            load_reported(path, mini)
        yield name, caught.value


def _english_vocabulary() -> set[str]:
    """The words of every English message (placeholders taken out), less the words the
    Vietnamese keeps on purpose: field names, formats and names such as ``numerator``,
    ``YYYY``, ``xlsx``, ``dti-rules``."""
    catalog = _catalog()
    english: set[str] = set()
    kept: set[str] = set()
    for entry in catalog:
        if not entry.id or not entry.string:
            continue
        english |= _words(re.sub(r"\{[^{}]*\}", " ", str(entry.id)))
        kept |= _words(re.sub(r"\{[^{}]*\}", " ", str(entry.string)))
    for _filename, _line, message in _msgids():
        english |= _words(re.sub(r"\{[^{}]*\}", " ", message))
    return english - kept - _format_words()


def _format_words() -> set[str]:
    """The words of the files' own field and column names (``period``, ``unit.level``,
    ``max_points``) and values (levels, kinds of input): codes a message names as they are
    written."""
    names: set[str] = set(META) | set(FILLED) | set(_TOP_KEYS) | {level.value for level in Level}
    names |= {kind.value for kind in InputKind}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in ("ruleset", "submission"):
        walk(json_schema(schema))
    return {word for name in names for word in _words(name.replace(".", " "))} | {
        w.lower() for w in names
    }


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z_]+", text)}


_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'|«[^»]*»")


def _unquoted(text: str) -> str:
    """The text without its quoted values (what was given, a library's own words)."""
    return _QUOTED.sub(" ", text)


def _shown_in_vietnamese(exc: DtiRulesError) -> list[str]:
    """What a Vietnamese reader reads of ``exc``, without the file names and paths (data):
    each problem's message and the words of its place, or the whole text."""
    if isinstance(exc, InputFileError):
        shown = []
        for problem in exc.problems:
            place = problem.location.text("vi").removeprefix(problem.location.source)
            shown.append(place.replace(problem.location.path, " "))
            shown.append(problem.message_in("vi"))
        return shown
    return [exc.text("vi")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, DtiRulesError]]:
    found = list(_errors(tmp_path_factory.mktemp("bad")))
    assert len(found) > 100
    return found


def test_no_english_word_is_left_in_the_vietnamese_errors_of_the_corpus(
    corpus: list[tuple[str, DtiRulesError]],
) -> None:
    vocabulary = _english_vocabulary()
    left: dict[str, set[str]] = {}
    for name, exc in corpus:
        for text in _shown_in_vietnamese(exc):
            english = _words(_unquoted(text)) & vocabulary
            if english:
                left[f"{name}: {text}"] = english
    assert left == {}


def test_the_check_finds_english_in_the_english_errors(
    corpus: list[tuple[str, DtiRulesError]],
) -> None:
    vocabulary = _english_vocabulary()
    assert {"expected", "got", "unknown", "field"} <= vocabulary
    found = set()
    for _name, exc in corpus:
        found |= _words(_unquoted(exc.text("en"))) & vocabulary
    assert {"expected", "got", "unknown", "required", "missing"} <= found


def test_english_text_is_what_str_always_gave(corpus: list[tuple[str, DtiRulesError]]) -> None:
    for _name, exc in corpus:
        assert exc.text("en") == str(exc)
        assert exc.text("vi") != str(exc) or not exc.problems
        for problem in exc.problems:
            assert problem.message_in("en") == problem.message


def test_the_corpus_reaches_every_kind_of_reader(corpus: list[tuple[str, DtiRulesError]]) -> None:
    kinds = {type(exc).__name__ for _name, exc in corpus}
    assert {"SubmissionError", "RuleSetError", "DeadlinePhraseError", "ReportedError"} <= kinds
    codes = {p.code for _name, exc in corpus for p in exc.problems}
    assert {"missing", "unknown_id", "invalid_date", "invalid_number", "wrong_rule_set"} <= codes


_VI = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "vi_VN.UTF-8"}


def test_the_command_line_prints_errors_in_the_command_s_language(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    data = _submission()
    data["inputs"]["plan"] = "maybe"
    bad.write_text(json.dumps(data), encoding="utf-8")
    args = ["score", str(MINI), str(bad), "--backend", "native"]
    runner = CliRunner()
    vi = runner.invoke(cli.main, args, env=_VI)
    assert vi.exit_code == 3 and "Traceback" not in vi.output
    assert "lỗi: số liệu báo cáo không hợp lệ:" in vi.output
    assert "cần có/không (true hoặc false), nhận được 'maybe'" in vi.output
    en = runner.invoke(cli.main, args, env={"LANGUAGE": "", "LC_ALL": "", "LANG": "C"})
    assert en.exit_code == 3
    assert "error: invalid submission:" in en.output
    assert "expected yes/no (true or false), got 'maybe'" in en.output
    phrase = runner.invoke(cli.main, ["deadline", "Quý V/2024"], env=_VI)
    assert phrase.exit_code == 3
    assert "lỗi: không đọc được thời hạn 'Quý V/2024': quý chỉ từ I đến IV" in phrase.output


def test_the_command_s_language_comes_before_the_environment_s(tmp_path: Path) -> None:
    """Another command sets ``dti_rules.lang`` in the context from its ``--lang``."""

    @click.command()
    def failing() -> None:
        click.get_current_context().meta["dti_rules.lang"] = "en"
        cli._fail(SubmissionError([Location("x.json")], [msg("file not found")]))

    out = CliRunner().invoke(failing, [], env={"LANGUAGE": "", "LC_ALL": "", "LANG": "vi_VN"})
    assert out.exit_code == 3
    assert "error: invalid submission:\n  x.json: file not found" in out.output
