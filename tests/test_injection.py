"""What people open stays inert: no spreadsheet cell from input is evaluated, no script or
event handler reaches an HTML page or rendered Markdown, no control character from input
reaches the terminal."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from dti_rules import CompiledRuleSet, evaluate, ruleset_from_data, submission_from_data
from dti_rules.analysis.ranking import rank, rank_results
from dti_rules.formats.csvio import ranking_csv
from dti_rules.formats.html import ranking_html, result_html
from dti_rules.formats.markdown import result_markdown
from dti_rules.formats.terminal import printable, ranking_table, result_table, ruleset_table
from dti_rules.formats.xlsx import ranking_workbook, result_workbook, template_workbook

from .hostile_corpus import MINI, MINI_SUBMISSION

FORMULAS = [
    '=HYPERLINK("http://evil.example","UBND")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]
MARKUP = (
    '<script>alert(1)</script><img src=x onerror="alert(2)">'
    '[click](javascript:alert(3)) <a href="javascript:alert(4)">x</a> `code` </td>'
)
CONTROL = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eUBND\r"


def _hostile_ruleset(text: str) -> CompiledRuleSet:
    data: dict[str, Any] = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["title"] = text
    data["groups"][0]["name"] = text
    data["groups"][0]["indicators"][0]["name"] = text
    data["inputs"][0]["name"] = text
    data["targets"][0]["text"] = text
    data["readings"][0]["text"] = text
    return ruleset_from_data(data, source="hostile.yaml")


def _hostile_submission(ruleset: CompiledRuleSet, name: str, ident: str = "qt") -> Any:
    data: dict[str, Any] = yaml.safe_load(MINI_SUBMISSION.read_text(encoding="utf-8"))
    data["unit"]["name"] = name
    data["unit"]["id"] = ident
    data["inputs"]["plan"]["evidence"] = name
    return submission_from_data(data, ruleset)


def _formula_cells(data: bytes) -> list[str]:
    """Every cell a spreadsheet would evaluate: a formula cell, or a text cell starting like
    a formula without the quote prefix that makes it text."""
    found = []
    book = load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{ws.title}!{cell.coordinate}: formula {cell.value!r}")
                elif (
                    isinstance(cell.value, str)
                    and cell.value[:1] in "=+-@\t\r＝"
                    and not cell.quotePrefix
                ):
                    found.append(f"{ws.title}!{cell.coordinate}: {cell.value!r}")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name):
                found.append(f"{name}: an <f> element")
    return found


@pytest.mark.parametrize("text", FORMULAS)
def test_no_workbook_holds_a_formula_from_input(text: str) -> None:
    ruleset = _hostile_ruleset(text)
    sub = _hostile_submission(ruleset, text, ident=text)
    result = evaluate(ruleset, sub, backend="native")
    ranking = rank(ruleset, [sub, _hostile_submission(ruleset, "UBND", "b")], backend="native")
    for data in (
        result_workbook(result, ruleset),
        ranking_workbook(ranking, ruleset),
        template_workbook(ruleset),
    ):
        assert _formula_cells(data) == []
    book = load_workbook(io.BytesIO(result_workbook(result, ruleset)))
    assert book["Summary"]["B2"].value == text.strip()  # the name (stripped) kept as text


def test_text_an_xlsx_cannot_hold_is_replaced_not_a_crash() -> None:
    ruleset = _hostile_ruleset("Kế hoạch")
    data: dict[str, Any] = yaml.safe_load(MINI_SUBMISSION.read_text(encoding="utf-8"))
    result = evaluate(ruleset, submission_from_data(data, ruleset), backend="native")
    object.__setattr__(result.unit, "name", "UBND\x00\x01Quận")
    book = load_workbook(io.BytesIO(result_workbook(result, ruleset)))
    assert book["Summary"]["B2"].value == "UBND\ufffd\ufffdQuận"


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_ranking_cells_from_input_start_inert(text: str) -> None:
    ruleset = _hostile_ruleset("Kế hoạch")
    subs = [_hostile_submission(ruleset, text, "a"), _hostile_submission(ruleset, "UBND", text)]
    csv_text = ranking_csv(rank(ruleset, subs, backend="native"))
    cells = [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝")), cell
    assert cells.count(f"'{text.strip()}") == 2  # one unit's name, the other's id


class _Scripts(HTMLParser):
    """Elements and attributes of a page that could run script."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "iframe", "object", "embed"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in {"href", "src", "xlink:href"} and "javascript:" in (value or "").lower():
                self.found.append(f"{tag} {name}={value}")


def _scripts(page: str) -> list[str]:
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    return parser.found


def test_html_pages_carry_no_script_from_input() -> None:
    ruleset = _hostile_ruleset(MARKUP)
    sub = _hostile_submission(ruleset, MARKUP, ident=MARKUP)
    result = evaluate(ruleset, sub, backend="native")
    ranking = rank(ruleset, [sub], backend="native")
    for page in (result_html(result, ruleset), ranking_html(ranking, ruleset)):
        assert _scripts(page) == []
        assert "&lt;script&gt;" in page


def test_markdown_renders_to_html_without_script_from_input() -> None:
    ruleset = _hostile_ruleset(MARKUP)
    sub = _hostile_submission(ruleset, MARKUP, ident=MARKUP)
    text = result_markdown(evaluate(ruleset, sub, backend="native"), ruleset)
    page = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert _scripts(page) == []
    assert "&lt;script&gt;" in page  # shown as text, not dropped
    assert "<a href" not in page


def test_tables_show_control_characters_from_input_as_codes() -> None:
    """Readers refuse control characters in files (below); data built in code can still
    carry them to a table, which shows them as codes."""
    ruleset = _hostile_ruleset("Kế hoạch")
    sub = _hostile_submission(ruleset, "UBND", ident="qt")
    result = evaluate(ruleset, sub, backend="native")
    object.__setattr__(result.unit, "name", CONTROL)
    object.__setattr__(result.unit, "id", CONTROL)
    ranking = rank_results(ruleset, [result])
    for text in (
        result_table(result),
        result_table(result, color=True),
        ranking_table(ranking),
        ranking_table(ranking, color=True),
    ):
        stripped = re.sub(r"\x1b\[[0-9;]*m", "", text)  # the table's own colours
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", stripped)
        assert "\\x1b[2J" in text
    assert printable(CONTROL) == "\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u202eUBND\\x0d"


RICH_MARKUP = "Phường [/] [bold red]X[/bold red] [link=javascript:alert(1)]y[/link] \\"


def test_tables_show_markup_from_input_as_text() -> None:
    """A ``[`` in a name or a target is text, never a style tag: an unbalanced ``[/]`` would
    otherwise stop the command, and a ``[link=…]`` would plant a link in the terminal."""
    ruleset = _hostile_ruleset(RICH_MARKUP)
    sub = _hostile_submission(ruleset, RICH_MARKUP, ident="[bold]qt[/bold]")
    result = evaluate(ruleset, sub, backend="native")
    ranking = rank_results(ruleset, [result])
    for text in (
        result_table(result, width=400),
        result_table(result, color=True, width=400),
        result_table(result, width=400, lang="vi"),
        ranking_table(ranking, width=400),
        ruleset_table(ruleset, width=400),
    ):
        plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
        assert RICH_MARKUP in plain
        assert "\x1b]8;" not in text  # no terminal hyperlink
    assert "[bold]qt[/bold]" in result_table(result, width=400)


def test_a_hostile_rule_set_file_is_refused_at_reading(tmp_path: Path) -> None:
    from dti_rules import load_ruleset  # noqa: PLC0415
    from dti_rules.errors import RuleSetError  # noqa: PLC0415

    path = tmp_path / "rs.yaml"
    text = MINI.read_text(encoding="utf-8").replace(
        "title: Bộ chỉ số thử nghiệm", 'title: "Bộ\\e[2J chỉ số"', 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError, match="control character U\\+001B"):
        load_ruleset(path)
