"""Every format and command in Vietnamese: no English label, status or connecting word left
(only the data: ids, codes, file names, units, names of laws, and the texts of the rule
set, the submission and the calendar), and what does not bind a ward listed in each
scorecard (issue 15) in both languages."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dti_rules import evaluate, load_ruleset, load_submission, submission_from_data
from dti_rules._i18n import LOCALE_DIR, Language
from dti_rules.analysis.audit import load_reported, progress
from dti_rules.analysis.lint import lint
from dti_rules.calendar import VIETNAM
from dti_rules.calendar.workdays import vn_date, weekday_name
from dti_rules.cli import main
from dti_rules.formats.html import result_html
from dti_rules.formats.markdown import result_markdown
from dti_rules.formats.terminal import result_table
from dti_rules.formats.xlsx import result_workbook
from dti_rules.rulesets import bundled_summary, examples_dir
from dti_rules.testing.strategies import rulesets_with_submissions

from ._words import LABEL_KEYWORDS, PLACEHOLDER, ascii_words

SRC = Path(__file__).resolve().parents[1] / "src" / "dti_rules"
PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "dti_rules.po"
#: every module that writes text for people through the catalog
WRITERS = [
    *(SRC / "formats").glob("_*tables.py"),
    SRC / "formats" / "markdown.py",
    SRC / "formats" / "html.py",
    SRC / "formats" / "xlsx.py",
    SRC / "engine" / "_explain.py",
    SRC / "engine" / "_deadlines.py",
    SRC / "result.py",
    SRC / "cli.py",
    SRC / "analysis" / "lint.py",
    SRC / "analysis" / "audit.py",
]
#: the calendar's modules, which word their reasons, bases and notes as messages (msg)
CALENDAR = sorted((SRC / "calendar").glob("*.py"))


def _words(text: str) -> set[str]:
    return ascii_words(re.sub(PLACEHOLDER, "", text))


def _catalog_words() -> tuple[set[str], set[str]]:
    """The English words of the messages, less those the Vietnamese also uses ("so")."""
    english: set[str] = set()
    for path in WRITERS:
        for _line, message, _comments, _context in extract_from_file(
            "python", path, LABEL_KEYWORDS
        ):
            english |= _words(message if isinstance(message, str) else message[0])
    for path in CALENDAR:
        for _line, message, _comments, _context in extract_from_file("python", path, {"msg": None}):
            english |= _words(message)
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    vietnamese = set().union(
        *(_words(re.sub(r"--[\w-]+", "", m.string)) for m in catalog if m.id and m.string)
    )
    return {w for w in english if len(w) > 1}, vietnamese


ENGLISH, VIETNAMESE = _catalog_words()
#: English words of messages that are ids or names in a table (a rule set id names "dti")
NOT_LABELS = {"dti", "q10", "hcmc", "dx", "md", "xlsx", "json", "html", "csv", "ics"}


def english_left(text: str, data: Iterable[str]) -> set[str]:
    """The English words of the catalog's messages left in ``text`` once every data text
    shown in it is taken out."""
    for shown in sorted({d for d in data if d and len(d) > 2}, key=len, reverse=True):
        text = text.replace(shown, " ")
    return (_words(text) & ENGLISH) - VIETNAMESE - NOT_LABELS


def _holiday_names(texts: Iterable[str]) -> list[str]:
    """The names of the public holidays the texts' dates fall on: data of the holidays
    package, kept in English in every language."""
    names = []
    for day, month, year in re.findall(r"\b(\d\d)/(\d\d)/(\d{4})\b", " ".join(texts)):
        name = VIETNAM.holiday_name(dt.date(int(year), int(month), int(day)))
        if name:
            names.append(name)
    return names


def _ward() -> tuple[Any, Any]:
    """A q10 ward (Phường 12): seed 000's district-only obligations do not bind it."""
    rs = load_ruleset("q10-dti-2024")
    ward = submission_from_data(
        {"unit": {"id": "p12", "name": "UBND Phường 12", "level": "ward"}, "period": "2024"}, rs
    )
    return evaluate(rs, ward, backend="native", as_of=None), rs


def _district() -> tuple[Any, Any, Any]:
    rs = load_ruleset("q10-dti-2024")
    sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    return evaluate(rs, sub, backend="native"), rs, sub


def _result_data(result: Any, ruleset: Any, sub: Any = None) -> list[str]:
    """The texts of the rule set and the submission that a scorecard shows as they are."""
    data = result.to_dict("vi")
    texts = [result.unit.name, ruleset.spec.title, ruleset.spec.source.document, result.period]
    for key in ("groups", "indicators", "targets", "deadlines", "violations", "left_out"):
        for item in data[key]:
            for field in ("id", "name", "text", "source_ref", "subject", "input", "code"):
                texts.append(str(item.get(field) or ""))
            texts.append(str(item.get("obligation") or ""))
            texts.append(str(item.get("binding_ref") or ""))
            explanation = item.get("explanation") or {}
            texts.append(explanation.get("assumption") or "")
            texts += [entry["id"] for entry in explanation.get("inputs", ())]
            if key == "deadlines":  # the holidays a due day moves off keep their names
                texts += _holiday_names(explanation.get("steps", []))
    texts += [ob.text for ob in ruleset.obligations if ob.text]
    texts += [result.ruleset_id, result.ruleset_fingerprint, result.submission_fingerprint]
    if sub is not None:
        texts += [v.evidence for v in sub.values_by_id.values() if getattr(v, "evidence", None)]
    for reading in ruleset.spec.readings:
        texts += [reading.id, reading.text, reading.source_ref]
    texts += [g.name_en or "" for g in ruleset.groups]
    return texts


def _cells(book_bytes: bytes) -> tuple[list[str], str]:
    book = load_workbook(io.BytesIO(book_bytes))
    texts = [
        str(cell.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    return book.sheetnames, "\n".join(texts)


def _visible(html: str) -> str:
    """The text of a page as a reader sees it (tags and attributes left out)."""
    shown = re.sub(r"<style>.*?</style>", " ", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", "\n", shown).replace("&lt;", "<").replace("&gt;", ">")


# -- the scorecard in each format ------------------------------------------------------------


def test_the_vietnamese_html_scorecard_has_no_english_label() -> None:
    result, rs, sub = _district()
    page = result_html(result, rs, lang="vi")
    assert '<html lang="vi">' in page
    assert not english_left(_visible(page), _result_data(result, rs, sub))
    assert ">Đạt<" in page and ">Chưa đạt<" in page and "640,78 / 660" in page
    english = result_html(result, rs, lang="en")
    assert '<html lang="en">' in english and "640.78 / 660" in english
    assert english_left(_visible(english), _result_data(result, rs, sub)) >= {
        "targets",
        "violations",
        "status",
    }


def test_the_vietnamese_workbook_has_no_english_label() -> None:
    result, rs, sub = _district()
    sheets, texts = _cells(result_workbook(result, rs, lang="vi"))
    assert not english_left("\n".join([*sheets, texts]), _result_data(result, rs, sub))
    assert "đạt" in texts.split("\n") and "chưa đạt" in texts.split("\n")
    assert "100% ≥ 100% (ngưỡng cố định) → đạt" not in texts  # targets show no formula
    assert "có → 10 trên 10" in texts  # the indicators' formulas in Vietnamese
    sheets_en, texts_en = _cells(result_workbook(result, rs, lang="en"))
    assert sheets_en[:2] == ["Summary", "Groups"] and "yes → 10 of 10" in texts_en


@pytest.mark.parametrize("width", [80, 120])
def test_the_vietnamese_scorecard_table_has_no_english_label(width: int) -> None:
    result, rs, sub = _district()
    text = result_table(result, width=width, lang="vi")
    assert max(len(line) for line in text.splitlines()) <= width
    # a table wraps long texts: the data's words are set aside one by one
    data = set().union(*map(_words, _result_data(result, rs, sub)))
    assert not (_words(text) & ENGLISH) - VIETNAMESE - NOT_LABELS - data
    assert "không thỏa" in text  # a violation's message, in Vietnamese


# -- what does not bind a ward, in each scorecard ------------------------------------------


def test_the_html_scorecard_lists_what_does_not_bind_a_ward() -> None:
    result, rs = _ward()
    assert "I.1" in {item.id for item in result.left_out}
    for lang, heading, reason in [
        ("en", "Left out: what does not bind this unit", "binds district only, not ward"),
        ("vi", "Không tính cho đơn vị này", "chỉ áp dụng cho cấp quận, huyện"),
    ]:
        page = result_html(result, rs, lang=lang)
        section = page.split('<section id="left-out-section">', 1)[1].split("</section>")[0]
        assert heading in section and reason in section
        assert section.count("<tr>") == len(result.left_out) + 1  # a row each, and the header
    district, rs, _sub = _district()
    assert 'id="left-out-section"' not in result_html(district, rs, lang="en")


def test_the_workbook_lists_what_does_not_bind_a_ward() -> None:
    result, rs = _ward()
    for lang, sheet, reason in [
        ("en", "Left out", "binds district only, not ward"),
        ("vi", "Không tính", "chỉ áp dụng cho cấp quận, huyện, không áp dụng cho cấp phường, xã"),
    ]:
        book = load_workbook(io.BytesIO(result_workbook(result, rs, lang=lang)))
        rows = list(book[sheet].iter_rows(min_row=2, values_only=True))
        assert [row[0] for row in rows] == [item.id for item in result.left_out]
        i1 = next(row for row in rows if row[0] == "I.1")
        assert reason in i1[4] and i1[3] == 10  # the points it leaves out of the maximum
    district, rs, _sub = _district()
    book = load_workbook(io.BytesIO(result_workbook(district, rs, lang="en")))
    assert "Left out" not in book.sheetnames


@pytest.mark.parametrize("width", [80, 120])
def test_the_scorecard_table_lists_what_does_not_bind_a_ward(width: int) -> None:
    result, _rs = _ward()
    english = result_table(result, width=width, lang="en")
    vietnamese = result_table(result, width=width, lang="vi")
    assert f"Left out: what does not bind this unit ({len(result.left_out)})" in english
    assert "Không tính cho đơn vị này" in vietnamese
    for text in (english, vietnamese):
        assert max(len(line) for line in text.splitlines()) <= width
        ids = {word for line in text.splitlines() for word in line.split()}
        assert {item.id for item in result.left_out} <= ids  # every id whole
    assert "district" in english and "quận, huyện" in vietnamese


def test_the_markdown_scorecard_lists_a_ward_s_left_out_items_in_vietnamese() -> None:
    result, rs = _ward()
    text = result_markdown(result, rs, lang="vi")
    section = text.split("## Không tính cho đơn vị này", 1)[1]
    assert "- **I.1** (tiêu chí, " in section
    assert "không áp dụng cho cấp phường, xã" in section


# -- the other commands ----------------------------------------------------------------------


def _run(*args: str) -> str:
    done = CliRunner().invoke(main, [*args, "--lang", "vi"], env={"COLUMNS": "100"})
    assert done.exit_code in (0, 1), done.output
    return done.output


def _run_en(*args: str) -> str:
    done = CliRunner().invoke(main, [*args, "--lang", "en"], env={"COLUMNS": "100"})
    assert done.exit_code in (0, 1), done.output
    return done.output


def test_list_in_vietnamese() -> None:
    text = _run("list")
    rows = bundled_summary()
    data = [t for row in rows for t in (row["id"], row["title"], row["source"].split(" (")[0])]
    assert not english_left(text, data)
    assert "Các bộ quy tắc có sẵn" in text and "cấp quận, huyện" in text
    assert "29/03/2024" in text  # the issue date of seed 000


def test_show_in_vietnamese() -> None:
    rs = load_ruleset("q10-dti-2024")
    text = _run("show", "q10-dti-2024")
    spec = rs.spec
    data = [spec.title, spec.issuer, spec.source.document, rs.id]
    data += [t for g in rs.groups for t in (g.id, g.name, g.source_ref)]
    data += [t for r in spec.readings for t in (r.id, r.text, r.source_ref)]
    words = set().union(*map(_words, data))
    assert not (_words(text) & ENGLISH) - VIETNAMESE - NOT_LABELS - words
    assert "hiệu lực từ 01/01/2024" in text and "nhóm ·" in text


def test_calendar_in_vietnamese() -> None:
    rs = load_ruleset("q10-dti-2024")
    text = _run("calendar", "q10-dti-2024", "--year", "2024")
    data = [t for ob in rs.obligations for t in (ob.id, ob.name, ob.source_ref)]
    words = set().union(*map(_words, data))
    assert not (_words(text) & ENGLISH) - VIETNAMESE - NOT_LABELS - words
    assert "các ngày đến hạn năm 2024" in text and "nhiệm vụ" in text
    assert re.search(r"\d\d/\d\d/2024", text)


def test_deadline_in_vietnamese() -> None:
    text = _run("deadline", "Trước ngày 20 của tháng cuối quý", "--year", "2024")
    lines = text.splitlines()
    assert lines[0].startswith("cụm từ:") and lines[1].startswith("loại:")
    assert "định kỳ" in lines[1] and "19/06/2024" in text
    assert "(Quý II/2024: trước ngày 20/06/2024, nên chậm nhất 19/06/2024)" in text
    assert not english_left(text, ["Trước ngày 20 của tháng cuối quý"])


#: phrases whose dates, bases and notes take every way the calendar words them: a due day
#: moved off a weekend, a holiday or both, the readings of a part of a period, a range, a
#: week, an event, a year not stated, OCR fixes, a remark in brackets
PHRASES = [
    ("Cuối tháng 3/2024", "--year", "2024"),
    ("Quý I/2024", "--year", "2024"),
    ("Trước Tết Nguyên đán 2024", "--year", "2024"),
    ("Trước ngày 10/02/2024", "--year", "2024"),
    ("Ngày 10/02/2024", "--year", "2024"),
    ("Ngày 02/09/2024", "--year", "2024"),
    ("Giữa tháng 6/2024", "--year", "2024"),
    ("Giữa quý II/2024", "--year", "2024"),
    ("Nửa đầu năm 2024", "--year", "2024"),
    ("Đầu năm 2025", "--year", "2025"),
    ("Thượng tuần tháng 7/2024", "--year", "2024"),
    ("Trung tuần tháng 7/2024", "--year", "2024"),
    ("Hạ tuần tháng 7/2024", "--year", "2024"),
    ("Tuần đầu tháng 7/2024", "--year", "2024"),
    ("Tuần cuối tháng 7/2024", "--year", "2024"),
    ("10 ngày đầu tháng 7/2024", "--year", "2024"),
    ("10 ngày cuối tháng 7/2024", "--year", "2024"),
    ("Nửa cuối năm 2024", "--year", "2024"),
    ("Quý I-II/2024", "--year", "2024"),
    ("Từ ngày 01/03/2024 đến ngày 15/03/2024", "--year", "2024"),
    ("Trước quý III/2024", "--year", "2024"),
    ("9 tháng đầu năm 2024", "--year", "2024"),
    ("Tháng thứ hai của quý II/2024", "--year", "2024"),
    ("Hằng tuần", "--year", "2024"),
    ("Thứ Sáu hằng tuần", "--year", "2024"),
    ("Ít nhất 1 lần/tháng", "--year", "2024"),
    ("Hằng ngày", "--year", "2024"),
    ("Ngày 31 hằng tháng", "--year", "2024"),
    ("Từ ngày 20 đến ngày 25 hằng tháng", "--year", "2024"),
    ("Quý IV hằng năm", "--year", "2024"),
    ("Trước Quốc khánh", "--issued", "2024-03-01"),
    ("Trước Tết Dương lịch", "--issued", "2024-03-01"),
    ("Trước Tết Nguyên đán", "--issued", "2024-03-01"),
    ("Quý I", "--issued", "2024-05-01"),
    ("Quý l/2024 (theo kế hoạch)", "--year", "2024"),
    ("Báo cáo kết quả trước ngày 15/12/2024", "--year", "2024"),
    ("Trong vòng 5 ngày làm việc kể từ ngày nhận được văn bản", "--year", "2024"),
    ("Trong vòng 10 ngày kể từ ngày nhận được văn bản", "--year", "2024"),
]


@pytest.mark.parametrize("args", PHRASES, ids=[args[0] for args in PHRASES])
def test_the_calendar_s_reasons_and_notes_speak_vietnamese(args: tuple[str, ...]) -> None:
    """Each date's basis, the reason a due day moves and the reader's notes, in the
    Vietnamese ``deadline`` output: no English word of the calendar or the labels is left
    but the phrase itself and the holidays' names (data); the English is not that."""
    english = _run_en("deadline", *args)
    text = _run("deadline", *args)
    assert text != english
    keys = re.findall(r"^  (\S+) +\d\d", text, re.MULTILINE)  # the dates' keys: 2024-03-end
    data = [args[0], *keys, *_holiday_names([english])]
    assert english_left(english, data), english  # the check can fail
    assert not english_left(text, data), text


@pytest.mark.parametrize("ruleset", ["binh-tan-dti-2023", "q10-dti-2024", "hcmc-dx-2024"])
def test_lint_in_vietnamese(ruleset: str) -> None:
    rs = load_ruleset(ruleset)
    findings = lint(rs)
    assert findings
    text = _run("lint", ruleset)
    data = [t for f in findings for t in (f.code, f.subject, f.source_ref, f.text or "")]
    data += [value for f in findings for key, value in f.args if key == "phrase"]
    words = set().union(*map(_words, data))  # the rule a deadline phrase reads as
    assert not (_words(text) & ENGLISH) - VIETNAMESE - NOT_LABELS - words
    assert "phát hiện" in text and "mức độ" in text
    for found in findings:
        assert found.message_in("en") == found.message
        assert found.message_in("vi") != found.message
    gaps = [f for f in findings if f.code == "CUTOFF_GAP"]
    assert gaps or ruleset != "q10-dti-2024"  # its quarterly reports are due before the cut-off
    for found in gaps:  # the calendar's words on a gap after the data cut-off, in Vietnamese
        assert "ngày làm việc" in found.message_in("vi").partition("; ")[2]


def test_audit_of_reported_figures_in_vietnamese() -> None:
    rs = load_ruleset("hcmc-dx-2024")
    reported = examples_dir() / "hcmc-dx-2024.q1.reported.yaml"
    report = progress(rs, load_reported(reported, rs))
    text = _run("audit", "hcmc-dx-2024", "--reported", str(reported))
    data = [
        t
        for i in report.items
        for t in (i.target or "", i.reported, i.threshold, i.note, str(i.line))
    ]
    data.append(rs.id)
    words = set().union(*map(_words, data))
    assert not (_words(text) & ENGLISH) - VIETNAMESE - NOT_LABELS - words
    assert "Số liệu báo cáo so với hcmc-dx-2024" in text and "chưa đạt" in text


def test_the_language_reaches_the_error_printer_and_the_file_notice(tmp_path: Path) -> None:
    """Every command keeps its language in the click context (where the error printer reads
    it) and says which file it wrote in that language."""
    seen: list[str] = []

    import click  # noqa: PLC0415

    from dti_rules import cli  # noqa: PLC0415

    def spy(*args: Any, **kwargs: Any) -> None:
        seen.append(click.get_current_context().meta["dti_rules.lang"])

    out = tmp_path / "list.txt"
    runner = CliRunner()
    done = runner.invoke(main, ["list", "--lang", "vi", "-o", str(out)])
    assert done.exit_code == 0 and "đã ghi" in done.output
    env = {"LANG": "vi_VN.UTF-8", "LC_ALL": "", "LANGUAGE": "", "LC_MESSAGES": ""}
    done = runner.invoke(main, ["list", "-o", str(out)], env=env)
    assert "đã ghi" in done.output
    for command in cli.main.commands.values():
        assert any(param.name == "lang" for param in command.params), command.name
    original = cli._json
    cli._json = spy  # type: ignore[assignment]
    try:
        runner.invoke(main, ["schema", "result", "--lang", "vi"])
        runner.invoke(main, ["list", "--format", "json", "--lang", "en"])
    finally:
        cli._json = original
    assert seen == ["vi", "en"]


def test_score_json_follows_lang_only_when_it_is_given() -> None:
    args = ["score", "q10-dti-2024", str(examples_dir() / "q10-dti-2024.example.json")]
    runner = CliRunner()
    env = {"LANG": "vi_VN.UTF-8", "LC_ALL": "", "LANGUAGE": "", "LC_MESSAGES": ""}
    by_env = runner.invoke(main, [*args, "--format", "json", "--backend", "native"], env=env)
    english = runner.invoke(main, [*args, "--format", "json", "--backend", "native"])
    assert by_env.output == english.output and "(fixed threshold) → met" in english.output
    vietnamese = runner.invoke(
        main, [*args, "--format", "json", "--backend", "native", "--lang", "vi"]
    )
    assert "(ngưỡng cố định) → đạt" in vietnamese.output
    assert '"status": "met"' in vietnamese.output  # codes stay as they are


# -- properties over generated rule sets ---------------------------------------------------


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return type(value).__name__


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rulesets_with_submissions())
def test_vietnamese_texts_never_change_the_result_or_its_english(case: Any) -> None:
    """Rendering every text in Vietnamese keeps the JSON's shape, ids, codes and statuses,
    leaves the English bytes as they were, and ends each target's formula with the status
    in Vietnamese where the English ends with it."""
    ruleset, submission = case
    result = evaluate(ruleset, submission, backend="native")
    before = result.to_json()
    vietnamese = result.to_dict("vi")
    assert result.to_json() == before == result.to_json("en")
    english = result.to_dict()
    assert _shape(vietnamese) == _shape(english)
    for key in ("targets", "indicators", "deadlines", "violations", "left_out"):
        for en_item, vi_item in zip(english[key], vietnamese[key], strict=True):
            for field in ("id", "code", "status", "subject"):
                assert en_item.get(field) == vi_item.get(field)
    vi = Language.get("vi")
    for target in result.targets:
        formula = target.explanation.formula
        if formula.endswith(f"→ {target.status.value}"):
            shown = target.explanation_in("vi").formula
            assert shown.endswith(f"→ {vi.p('status', target.status.value)}"), shown


def test_the_error_printer_finds_the_command_s_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a command's invalid input is reported (``_fail``, called once the command's own
    context is closed), the language given to the command is in the context."""
    import click  # noqa: PLC0415

    from dti_rules import cli  # noqa: PLC0415

    seen: list[str | None] = []

    def spy(exc: Exception) -> None:
        seen.append(click.get_current_context().meta.get("dti_rules.lang"))
        raise SystemExit(3)

    monkeypatch.setattr(cli, "_fail", spy)
    runner = CliRunner()
    env = {"LANG": "C", "LC_ALL": "", "LANGUAGE": "", "LC_MESSAGES": ""}
    for lang in ("vi", "en"):
        done = runner.invoke(main, ["show", "no-such-ruleset", "--lang", lang], env=env)
        assert done.exit_code == 3
    done = runner.invoke(main, ["show", "no-such-ruleset"], env={**env, "LANG": "vi_VN.UTF-8"})
    assert done.exit_code == 3
    assert seen == ["vi", "en", "vi"]


@pytest.mark.parametrize("width", [80, 120])
def test_audit_against_submissions_in_vietnamese(width: int) -> None:
    """The audit of the Bình Tân report: labels, notes, units, the ways of combining the
    units and the recomputed numbers in Vietnamese (the reported figures as printed)."""
    bt = "binh-tan-dti-2023"
    rs = load_ruleset(bt)
    files = [str(examples_dir() / f"{bt}.{name}.json") for name in ("district", "wards")]
    reported = str(examples_dir() / f"{bt}.reported.json")
    done = CliRunner().invoke(
        main, ["audit", bt, *files, "--reported", reported, "--lang", "vi"],
        env={"COLUMNS": str(width)},
    )  # fmt: skip
    assert done.exit_code == 1, done.output
    text = done.output
    claims = load_reported(Path(reported), rs)
    data = [rs.id, *(t.id for t in rs.targets), "Bình Tân"]
    data += [str(getattr(c, "assessment", "")) for c in claims.assessments]
    words = set().union(*map(_words, data))
    assert not (_words(text) & ENGLISH) - VIETNAMESE - NOT_LABELS - words
    shown = set(text.split())  # cells wrap: their words
    assert {"gộp", "chung", "97,4359%;", "tất", "cả", "quận,", "gốc"} <= shown
    assert max(len(line) for line in text.splitlines()) <= width
    assert (
        "pooled"
        in CliRunner()
        .invoke(main, ["audit", bt, *files, "--reported", reported, "--lang", "en"])
        .output
    )


@given(day=st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 20)))
def test_a_due_day_moved_off_a_day_off_says_why_in_vietnamese(day: dt.date) -> None:
    """Whatever day a deadline falls on, the reason it moves reads in Vietnamese (the
    weekday Thứ Hai … Chủ nhật, the holiday's name as the holidays package writes it in
    Vietnamese), and keeps its English as the text itself."""
    moved = VIETNAM.roll_forward(day)
    if moved.reason is None:
        assert moved.due == day
        return
    vi = moved.reason.in_language("vi")
    assert moved.reason.in_language("en") == str(moved.reason)
    weekday = weekday_name(moved.due).in_language("vi")
    assert vi.startswith(f"{vn_date(day)} là ")
    assert f"chuyển sang {weekday} {vn_date(moved.due)}, ngày làm việc tiếp theo" in vi
    name = VIETNAM.holiday_name(day)
    assert not english_left(vi, [])  # the holiday's name too is Vietnamese
    if name is not None:
        assert f"({name.in_language('vi')})" in vi
    assert english_left(str(moved.reason), [])  # the check can fail
