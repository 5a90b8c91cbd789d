"""A Result as a readable Markdown document with its audit trail.

Every number is shown with the rule that produced it, the inputs it read, the formula with
the actual values, the section of the document it comes from and the reading taken where the
document is silent. Labels are the rule set's own (Vietnamese), with the English the rule set
gives beside them::

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.markdown import result_markdown
    >>> from dti_rules.rulesets import examples_dir
    >>> rs = load_ruleset("q10-dti-2024")
    >>> sub = load_submission(examples_dir() / "q10-dti-2024.example.json", rs)
    >>> text = result_markdown(evaluate(rs, sub, backend="native"), rs)
    >>> text.splitlines()[0]
    '# Ủy ban nhân dân Quận 10 — q10-dti-2024, 2024'
"""

from __future__ import annotations

import re
from typing import Any

from .compiled import CompiledRuleSet
from .result import Result

__all__ = ["result_markdown"]


_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "\r": " ",
        "\n": " ",
    }
)


def _md(value: Any) -> str:
    """A text from a rule set or a submission as inert Markdown: no HTML (``<``, ``>`` and
    ``&`` become entities), no link or image (``[``, ``]`` escaped), no code span, one line.

    >>> _md('<img src=x onerror="alert(1)"> [a](javascript:x)')
    '&lt;img src=x onerror="alert(1)"&gt; \\\\[a\\\\](javascript:x)'
    """
    return str(value).translate(_ESCAPES)


def _code(value: Any) -> str:
    """A text as a Markdown code span, whose content is shown as it is (no HTML, no
    links): fenced by more backticks than the text holds in a row."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(value: Any) -> str:
    """A table cell: inert (see :func:`_md`, applied once), with ``|`` escaped."""
    text = "—" if value is None else value if isinstance(value, _Inert) else _md(value)
    return text.replace("|", "\\|")


class _Inert(str):
    """A text already made inert by :func:`_md`."""


def _label(name: str, english: str | None) -> str:
    return _Inert(_md(f"{name} ({english})" if english else name))


def _trail(explanation: dict[str, Any], indent: str = "") -> list[str]:
    lines = [
        f"{indent}- rule: {_md(explanation['rule'])} · source: {_md(explanation['source_ref'])}",
        f"{indent}- formula: {_code(explanation['formula'])}",
    ]
    for item in explanation.get("inputs", []):
        lines.append(f"{indent}- input {_code(item['id'])}: {_md(item['value'])}")
    for step in explanation.get("steps", []):
        lines.append(f"{indent}- {_md(step)}")
    if explanation.get("assumption"):
        lines.append(f"{indent}- reading: {_md(explanation['assumption'])}")
    return lines


def result_markdown(result: Result, ruleset: CompiledRuleSet) -> str:
    """The scorecard of ``result`` with the audit trail of every number, as Markdown."""
    data = result.to_dict()
    spec = ruleset.spec
    score = data["score"]
    out: list[str] = [
        f"# {_md(result.unit.name)} — {_md(result.ruleset_id)}, {_md(result.period)}",
        "",
        f"{_label(spec.title, spec.title_en)}",
        "",
        f"- unit: {_md(result.unit.name)} ({_code(result.unit.id)}, {result.unit.level})",
        f"- document: {_md(spec.source.document)}, issued {spec.source.issued.isoformat()}",
        f"- evaluated as of {data['as_of']} with the `{result.backend}` backend",
        f"- rule set fingerprint `{result.ruleset_fingerprint}`",
        f"- submission fingerprint `{result.submission_fingerprint}`",
        f"- rounding: points to {data['rounding']['points']} places, index to "
        f"{data['rounding']['index']}, percentages to {data['rounding']['percent']} "
        f"({data['rounding']['mode']}), once, when shown",
        "",
        f"**Total: {score['points']} of {score['max_points']} points · index {score['index']}**",
        "",
    ]
    if score.get("explanation"):
        out += _trail(score["explanation"])
        out.append("")
    names = {g.id: (g.name, g.name_en) for g in ruleset.groups}
    indicator_names = {i.id: (i.name, i.name_en) for i in ruleset.indicators}
    if data["groups"]:
        out += ["## Groups", "", "| group | points | max |", "|---|---:|---:|"]
        for g in data["groups"]:
            out.append(
                f"| {_cell(g['id'])} {_cell(_label(*names[g['id']]))} | {g['points']} "
                f"| {g['max_points']} |"
            )
        out.append("")
        for g in data["groups"]:
            out += [
                f"### {_md(g['id'])} {_label(*names[g['id']])}: {g['points']} / {g['max_points']}"
            ]
            out += ["", *_trail(g["explanation"]), ""]
            for ind in data["indicators"]:
                if ind["group"] != g["id"]:
                    continue
                out.append(
                    f"#### {_md(ind['id'])} {_label(*indicator_names[ind['id']])}: "
                    f"{ind['points']} / {ind['max_points']} ({ind['status']})"
                )
                out += ["", *_trail(ind["explanation"]), ""]
    summary = data["summary"]
    out += [
        "## Targets",
        "",
        f"exceeded {summary['exceeded']} · met {summary['met']} · not met {summary['not_met']}"
        f" · not evaluated {summary['not_evaluated']}",
        "",
    ]
    english = {t.id: t.text_en for t in ruleset.targets}
    for t in data["targets"]:
        out.append(f"### {_md(t['id'])}: {t['status']}")
        out += ["", f"> {_md(t['text'])}", ""]
        if english.get(t["id"]):
            out += [f"({_md(english[t['id']])})", ""]
        out += [*_trail(t["explanation"]), ""]
    if data["deadlines"]:
        counts = result.deadline_summary()
        out += [
            "## Deadlines",
            "",
            " · ".join(f"{k} {v}" for k, v in counts.items()),
            "",
            "| id | kind | due | done | status | days | source |",
            "|---|---|---|---|---|---:|---|",
        ]
        for d in data["deadlines"]:
            out.append(
                f"| {_cell(d['id'])} | {d['kind']} | {_cell(d['due'])} | {_cell(d['done'])} | "
                f"{d['status']} | {_cell(d['days'])} | {_cell(d['source_ref'])} |"
            )
        out.append("")
        missed = [d for d in data["deadlines"] if d["status"] in ("late", "overdue")]
        for d in missed:
            out += [f"### {_md(d['id'])}: {d['status']}", "", *_trail(d["explanation"]), ""]
    out += ["## Violations", ""]
    if not data["violations"]:
        out.append("None.")
    for v in data["violations"]:
        out.append(
            f"- **{v['code']}** {_code(v['subject'])} ({_md(v['source_ref'])}): {_md(v['message'])}"
        )
    if spec.readings:
        out += ["", "## Readings taken by the rule set", ""]
        for reading in spec.readings:
            kind = "assumption" if reading.assumption else "reading"
            out.append(
                f"- **{_md(reading.id)}** ({_md(reading.source_ref)}, {kind}): {_md(reading.text)}"
            )
    return "\n".join(out).rstrip() + "\n"
