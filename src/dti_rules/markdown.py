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

from typing import Any

from .compiled import CompiledRuleSet
from .result import Result

__all__ = ["result_markdown"]


def _cell(value: Any) -> str:
    text = "—" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _label(name: str, english: str | None) -> str:
    return f"{name} ({english})" if english else name


def _trail(explanation: dict[str, Any], indent: str = "") -> list[str]:
    lines = [
        f"{indent}- rule: {explanation['rule']} · source: {explanation['source_ref']}",
        f"{indent}- formula: `{explanation['formula']}`",
    ]
    for item in explanation.get("inputs", []):
        lines.append(f"{indent}- input `{item['id']}`: {item['value']}")
    for step in explanation.get("steps", []):
        lines.append(f"{indent}- {step}")
    if explanation.get("assumption"):
        lines.append(f"{indent}- reading: {explanation['assumption']}")
    return lines


def result_markdown(result: Result, ruleset: CompiledRuleSet) -> str:
    """The scorecard of ``result`` with the audit trail of every number, as Markdown."""
    data = result.to_dict()
    spec = ruleset.spec
    score = data["score"]
    out: list[str] = [
        f"# {result.unit.name} — {result.ruleset_id}, {result.period}",
        "",
        f"{_label(spec.title, spec.title_en)}",
        "",
        f"- unit: {result.unit.name} (`{result.unit.id}`, {result.unit.level})",
        f"- document: {spec.source.document}, issued {spec.source.issued.isoformat()}",
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
                f"| {g['id']} {_cell(_label(*names[g['id']]))} | {g['points']} "
                f"| {g['max_points']} |"
            )
        out.append("")
        for g in data["groups"]:
            out += [f"### {g['id']} {_label(*names[g['id']])}: {g['points']} / {g['max_points']}"]
            out += ["", *_trail(g["explanation"]), ""]
            for ind in data["indicators"]:
                if ind["group"] != g["id"]:
                    continue
                out.append(
                    f"#### {ind['id']} {_label(*indicator_names[ind['id']])}: "
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
        out.append(f"### {t['id']}: {t['status']}")
        out += ["", f"> {t['text']}", ""]
        if english.get(t["id"]):
            out += [f"({english[t['id']]})", ""]
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
                f"| {d['id']} | {d['kind']} | {_cell(d['due'])} | {_cell(d['done'])} | "
                f"{d['status']} | {_cell(d['days'])} | {_cell(d['source_ref'])} |"
            )
        out.append("")
        missed = [d for d in data["deadlines"] if d["status"] in ("late", "overdue")]
        for d in missed:
            out += [f"### {d['id']}: {d['status']}", "", *_trail(d["explanation"]), ""]
    out += ["## Violations", ""]
    if not data["violations"]:
        out.append("None.")
    for v in data["violations"]:
        out.append(f"- **{v['code']}** `{v['subject']}` ({v['source_ref']}): {v['message']}")
    if spec.readings:
        out += ["", "## Readings taken by the rule set", ""]
        for reading in spec.readings:
            kind = "assumption" if reading.assumption else "reading"
            out.append(f"- **{reading.id}** ({reading.source_ref}, {kind}): {reading.text}")
    return "\n".join(out).rstrip() + "\n"
