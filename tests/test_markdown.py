"""The Markdown scorecard: every number with its audit trail."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from dti_rules import evaluate, load_ruleset, load_submission
from dti_rules.cli import main
from dti_rules.formats.markdown import result_markdown
from dti_rules.rulesets import examples_dir

Q10 = "q10-dti-2024"


def _result() -> tuple[Any, Any]:
    rs = load_ruleset(Q10)
    sub = load_submission(examples_dir() / f"{Q10}.example.json", rs)
    return rs, evaluate(rs, sub, backend="native")


def test_every_number_has_its_trail() -> None:
    rs, result = _result()
    text = result_markdown(result, rs)
    data = result.to_dict()
    assert f"**Total: {data['score']['points']} of 660 points · index" in text
    for ind in data["indicators"]:
        heading = f"#### {ind['id']} "
        assert heading in text, ind["id"]
        section = text.split(heading, 1)[1].split("\n#", 1)[0]
        assert f"{ind['points']} / {ind['max_points']}" in section
        assert ind["explanation"]["formula"] in section
        assert ind["source_ref"] in section
    for target in data["targets"]:
        assert f"### {target['id']}: {target['status']}" in text
        assert target["explanation"]["formula"] in text
    for violation in data["violations"]:
        assert violation["message"] in text
    assert "Digital awareness" in text  # the English the rule set gives
    assert "R-31" in text  # the readings the rule set took
    assert result.ruleset_fingerprint in text and result.submission_fingerprint in text


def test_the_cli_writes_the_same_markdown_every_time(tmp_path: Any) -> None:
    out = tmp_path / "card.md"
    example = str(examples_dir() / f"{Q10}.example.json")
    args = ["score", Q10, example, "--format", "md", "--backend", "native"]
    first = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert first.exit_code == 0
    again = CliRunner().invoke(main, args)
    assert out.read_text(encoding="utf-8") == again.output
    rs, result = _result()
    assert again.output == result_markdown(result, rs)


def test_a_ward_scorecard_lists_what_does_not_bind_it() -> None:
    """Seed 000, Phụ lục 2: I.1 (the Steering Committee the district chairman heads) binds
    the district, not its wards (reading R-35); a ward's scorecard says so."""
    from dti_rules import submission_from_data  # noqa: PLC0415

    rs = load_ruleset("q10-dti-2024")
    ward = submission_from_data(
        {"unit": {"id": "p12", "name": "UBND Phường 12", "level": "ward"}, "period": "2024"}, rs
    )
    result = evaluate(rs, ward, backend="native")
    left = {item.id for item in result.left_out}
    assert "I.1" in left
    english = result_markdown(result, rs)
    section = english.split("## Left out: what does not bind this unit\n", 1)[1]
    assert "- **I.1** (indicator, " in section
    assert "binds district only, not ward" in section
    vietnamese = result_markdown(result, rs, lang="vi")
    assert "## Không tính cho đơn vị này: những nội dung không ràng buộc đơn vị" in vietnamese
    district = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    assert "## Left out" not in result_markdown(evaluate(rs, district, backend="native"), rs)
