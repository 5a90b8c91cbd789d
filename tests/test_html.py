"""HTML scorecards: content, chart data, self-containment, and rendering in a real browser.

The browser tests run Debian's chromium headless (``.ci/run`` installs it). Without a
chromium binary they are skipped here, and fail in CI (``CI=true``), where it must exist.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from dti_rules import CompiledRuleSet, evaluate, load_ruleset, load_submission
from dti_rules.analysis.ranking import rank
from dti_rules.cli import main
from dti_rules.formats.html import format_vn, ranking_html, result_html
from dti_rules.result import Result
from dti_rules.rulesets import examples_dir

from .conftest import MINI, MINI_SUBMISSION

AS_OF = dt.date(2024, 12, 31)
CHART_BARS = 440  # the longest bar's width in the chart, as dti_rules.formats.html draws it


class Elements(HTMLParser):
    """Every element of a page: (tag, attributes), and the page's text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.style: list[str] = []
        self._in_style = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.style if self._in_style else self.text).append(data)

    def find(self, tag: str, cls: str | None = None) -> list[dict[str, str]]:
        return [
            attrs
            for name, attrs in self.elements
            if name == tag and (cls is None or cls in attrs.get("class", "").split())
        ]

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def scored(
    ruleset_id: str | Path, submission: Path | None = None
) -> tuple[CompiledRuleSet, Result]:
    rs = load_ruleset(ruleset_id)
    path = submission or examples_dir() / f"{ruleset_id}.example.json"
    return rs, evaluate(rs, load_submission(path, rs), as_of=AS_OF, backend="native")


def outside_references(page: Elements) -> list[str]:
    """Anything the page would fetch: src/href/xlink:href/srcset/… not a fragment or data."""
    found = []
    for tag, attributes in page.elements:
        if tag in {"script", "link", "img", "iframe", "object", "embed", "audio", "video"}:
            found.append(f"<{tag}>")
        for name, value in attributes.items():
            if name in {"src", "href", "xlink:href", "srcset", "action", "poster", "data"} and not (
                value.startswith(("#", "data:"))
            ):
                found.append(f"{tag} {name}={value}")
    style = " ".join(page.style) + " ".join(a.get("style", "") for _t, a in page.elements)
    for word in ("url(", "@import", "@font-face", "http:", "https:"):
        if word in style:
            found.append(f"style {word}")
    return found


# -- the page, read as text ----------------------------------------------------------------


def test_result_page_content_and_chart_data() -> None:
    rs, result = scored("q10-dti-2024")
    data = result.to_dict()
    page = Elements(result_html(result, rs))
    text = page.all_text
    assert result.unit.name in text and "2024" in text
    assert format_vn(data["score"]["points"]) in text  # 640,78
    assert format_vn(data["score"]["index"]) in text  # 0,9709
    bars = page.find("rect", "bar")
    assert [(b["data-group"], b["data-points"], b["data-max"]) for b in bars] == [
        (g["id"], str(g["points"]), str(g["max_points"])) for g in data["groups"]
    ]
    scale = max(Decimal(str(g["max_points"])) for g in data["groups"])
    for bar, group in zip(bars, data["groups"], strict=True):
        expected = Decimal(str(group["points"])) / scale * CHART_BARS
        assert abs(Decimal(bar["width"]) - expected) < Decimal("0.05"), bar
    # the tables, with statuses
    for table in ("groups", "indicators", "targets", "deadlines", "violations"):
        assert page.find("table") and any(a.get("id") == table for _t, a in page.elements), table
    statuses = [a["data-status"] for a in page.find("td", "status")]
    assert statuses.count("not_met") == data["summary"]["not_met"] + sum(
        1 for i in data["indicators"] if i["status"] == "not_met"
    )
    assert {d["status"] for d in data["deadlines"]} <= set(statuses)
    assert outside_references(page) == []


def test_a_rule_set_without_points_shows_the_target_summary() -> None:
    rs, result = scored("hcmc-dx-2024")
    assert result.max_points == 0
    page = Elements(result_html(result, rs))
    assert page.find("rect", "bar") == [] and page.find("svg") == []
    assert any(a.get("id") == "target-summary" for _t, a in page.elements)
    summary = result.summary()
    rows = {a["data-status"] for a in page.find("td", "status")}
    assert set(summary) <= rows
    assert "Chưa đạt" in page.all_text
    assert outside_references(page) == []


def test_text_from_the_rule_set_and_submission_is_escaped() -> None:
    rs, result = scored(MINI, MINI_SUBMISSION)
    evil = attrs.evolve(result, unit=attrs.evolve(result.unit, name="<script>alert(1)</script>"))
    page = result_html(evil, rs)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_ranking_page() -> None:
    rs = load_ruleset("q10-dti-2024")
    sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    ranking = rank(rs, [sub], backend="native")
    page = Elements(ranking_html(ranking, rs))
    bars = page.find("rect", "bar")
    assert [(b["data-unit"], b["data-index"], b["data-rank"]) for b in bars] == [
        (u["unit"], str(u["index"]), str(u["rank"])) for u in ranking.to_dict()["units"]
    ]
    assert "0,9709" in page.all_text
    assert outside_references(page) == []


def test_cli_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "scorecard.html"
    result = CliRunner().invoke(
        main, ["score", str(MINI), str(MINI_SUBMISSION), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ranked = tmp_path / "ranking.html"
    result = CliRunner().invoke(
        main, ["rank", str(MINI), str(MINI_SUBMISSION), "--format", "html", "-o", str(ranked)]
    )
    assert result.exit_code == 0, result.output
    assert 'data-unit="' in ranked.read_text(encoding="utf-8")


# -- in a real browser ---------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI") == "true":
        pytest.fail("CI must have chromium: .ci/run installs Debian's package before the tests")
    pytest.skip("no chromium binary here (Debian: apt-get install chromium); CI runs this test")


@pytest.fixture
def chromium() -> Iterator[str]:
    yield _chromium()


_PROBE = """<script>
for (const r of document.querySelectorAll("rect")) {
  const box = r.getBoundingClientRect();
  r.setAttribute("data-rendered-width", box.width);
  r.setAttribute("data-rendered-height", box.height);
}
document.body.setAttribute("data-probed", "yes");
</script>"""


def render(chromium: str, page: Path, work: Path) -> tuple[Elements, list[str]]:
    """Load ``page`` in headless chromium: the DOM after load, and every URL the page
    itself asked for (from chromium's network log; the browser's own background requests,
    which have no page as initiator, are left out)."""
    netlog = work / f"{page.stem}.netlog.json"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--no-first-run",
        f"--user-data-dir={work / 'profile'}",
        f"--log-net-log={netlog}",
        "--window-size=1280,1024",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return Elements(done.stdout), page_requests(netlog)


def page_requests(netlog: Path) -> list[str]:
    text = netlog.read_text(encoding="utf-8").strip()
    try:
        log = json.loads(text)
    except json.JSONDecodeError:  # a log cut short at exit: close its list of events
        log = json.loads(text.rstrip(",") + "]}")
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log.get("events", []):
        params = event.get("params") or {}
        if (
            names.get(event.get("type")) == "URL_REQUEST_START_JOB"
            and "url" in params
            and params.get("initiator") != "not an origin"  # the page (or a frame) asked
        ):
            urls.append(params["url"])
    return urls


def test_the_network_check_sees_what_a_page_fetches(chromium: str, tmp_path: Path) -> None:
    """A control: a page that loads an image and a style sheet from outside is caught."""
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="http://probe.invalid/x.png">'
        '<link rel="stylesheet" href="https://probe.invalid/a.css"></body></html>',
        encoding="utf-8",
    )
    dom, requests = render(chromium, page, tmp_path)
    assert "http://probe.invalid/x.png" in requests
    assert "https://probe.invalid/a.css" in requests
    assert outside_references(dom)


@pytest.mark.parametrize("ruleset_id", ["q10-dti-2024", "mini"])
def test_the_scorecard_renders_in_chromium(chromium: str, tmp_path: Path, ruleset_id: str) -> None:
    if ruleset_id == "mini":
        rs, result = scored(MINI, MINI_SUBMISSION)
    else:
        rs, result = scored(ruleset_id)
    data = result.to_dict()
    html = result_html(result, rs)
    page = tmp_path / "scorecard.html"
    page.write_text(html, encoding="utf-8")
    dom, requests = render(chromium, page, tmp_path)
    assert requests == []  # nothing outside the file itself
    assert outside_references(dom) == []
    text = dom.all_text
    assert result.unit.name in text
    assert format_vn(data["score"]["points"]) in text and format_vn(data["score"]["index"]) in text
    bars = dom.find("rect", "bar")
    assert [(b["data-group"], b["data-points"], b["data-max"]) for b in bars] == [
        (g["id"], str(g["points"]), str(g["max_points"])) for g in data["groups"]
    ]
    # the sizes chromium lays the bars out at: points against maximum, group by group
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    laid_out, _ = render(chromium, probe, tmp_path)
    assert laid_out.find("body")[0].get("data-probed") == "yes"
    full = laid_out.find("rect", "bar-max")
    shown = laid_out.find("rect", "bar")
    assert len(full) == len(shown) == len(data["groups"])
    widest = max(float(f["data-rendered-width"]) for f in full)
    scale = max(float(g["max_points"]) for g in data["groups"])
    for bar, back, group in zip(shown, full, data["groups"], strict=True):
        width, height = float(bar["data-rendered-width"]), float(bar["data-rendered-height"])
        assert height > 0 and float(back["data-rendered-height"]) == pytest.approx(height)
        assert width == pytest.approx(widest * group["points"] / scale, abs=0.6)
        assert float(back["data-rendered-width"]) == pytest.approx(
            widest * group["max_points"] / scale, abs=0.6
        )


def test_a_page_without_points_renders_its_target_summary(chromium: str, tmp_path: Path) -> None:
    rs, result = scored("hcmc-dx-2024")
    page = tmp_path / "targets.html"
    page.write_text(result_html(result, rs), encoding="utf-8")
    dom, requests = render(chromium, page, tmp_path)
    assert requests == []
    assert dom.find("rect") == []
    assert result.unit.name in dom.all_text
    assert any(a.get("id") == "target-summary" for _t, a in dom.elements)
