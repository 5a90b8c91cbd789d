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

``lang="vi"`` writes the labels, statuses, numbers and dates in Vietnamese (the
explanations' own texts stay as the engine and the rule set give them)::

    >>> vi = result_markdown(evaluate(rs, sub, backend="native"), rs, lang="vi")
    >>> [line for line in vi.splitlines() if line.startswith("**")]
    ['**Tổng: 640,78 trên 660 điểm · chỉ số 0,9709**']
"""

from __future__ import annotations

from typing import Any

from ._i18n import Language
from .compiled import CompiledRuleSet
from .result import Result

__all__ = ["result_markdown"]


def _cell(value: Any) -> str:
    text = "—" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _trail(explanation: dict[str, Any], t: Language, indent: str = "") -> list[str]:
    lines = [
        f"{indent}- "
        + t("rule: {rule} · source: {source}").format(
            rule=explanation["rule"], source=explanation["source_ref"]
        ),
        f"{indent}- " + t("formula: {formula}").format(formula=f"`{explanation['formula']}`"),
    ]
    for item in explanation.get("inputs", []):
        lines.append(
            f"{indent}- "
            + t("input {id}: {value}").format(id=f"`{item['id']}`", value=item["value"])
        )
    for step in explanation.get("steps", []):
        lines.append(f"{indent}- {step}")
    if explanation.get("assumption"):
        lines.append(f"{indent}- " + t("reading: {text}").format(text=explanation["assumption"]))
    return lines


def result_markdown(result: Result, ruleset: CompiledRuleSet, *, lang: str | None = "en") -> str:
    """The scorecard of ``result`` with the audit trail of every number, as Markdown, with
    labels, statuses, numbers and dates in ``lang`` (``"en"`` or ``"vi"``; None: the
    environment's)."""
    t = Language.get(lang)
    n = t.number

    def label(name: str, english: str | None) -> str:
        # the English a rule set gives beside a name, for English readers
        return f"{name} ({english})" if english and t.code == "en" else name

    data = result.to_dict()
    spec = ruleset.spec
    score = data["score"]
    rounding = data["rounding"]
    out: list[str] = [
        f"# {result.unit.name} — {result.ruleset_id}, {result.period}",
        "",
        f"{label(spec.title, spec.title_en)}",
        "",
        "- "
        + t("unit: {name} ({id}, {level})").format(
            name=result.unit.name, id=f"`{result.unit.id}`", level=t.p("level", result.unit.level)
        ),
        "- "
        + t("document: {document}, issued {date}").format(
            document=spec.source.document, date=t.date(spec.source.issued)
        ),
        "- "
        + t("evaluated as of {date} with the {backend} backend").format(
            date=t.date(result.as_of), backend=f"`{result.backend}`"
        ),
        "- "
        + t("rule set fingerprint {fingerprint}").format(
            fingerprint=f"`{result.ruleset_fingerprint}`"
        ),
        "- "
        + t("submission fingerprint {fingerprint}").format(
            fingerprint=f"`{result.submission_fingerprint}`"
        ),
        "- "
        + t(
            "rounding: points to {points} places, index to {index}, percentages to "
            "{percent} ({mode}), once, when shown"
        ).format(**rounding),
        "",
        "**"
        + t("Total: {points} of {max_points} points · index {index}").format(
            points=n(score["points"]), max_points=n(score["max_points"]), index=n(score["index"])
        )
        + "**",
        "",
    ]
    if score.get("explanation"):
        out += _trail(score["explanation"], t)
        out.append("")
    names = {g.id: (g.name, g.name_en) for g in ruleset.groups}
    indicator_names = {i.id: (i.name, i.name_en) for i in ruleset.indicators}
    if data["groups"]:
        out += [
            "## " + t("Groups"),
            "",
            "| " + " | ".join([t("group"), t("points"), t("max")]) + " |",
            "|---|---:|---:|",
        ]
        for g in data["groups"]:
            out.append(
                f"| {g['id']} {_cell(label(*names[g['id']]))} | {n(g['points'])} "
                f"| {n(g['max_points'])} |"
            )
        out.append("")
        for g in data["groups"]:
            out += [
                f"### {g['id']} {label(*names[g['id']])}: {n(g['points'])} / {n(g['max_points'])}"
            ]
            out += ["", *_trail(g["explanation"], t), ""]
            for ind in data["indicators"]:
                if ind["group"] != g["id"]:
                    continue
                out.append(
                    f"#### {ind['id']} {label(*indicator_names[ind['id']])}: "
                    f"{n(ind['points'])} / {n(ind['max_points'])} "
                    f"({t.p('status', ind['status'])})"
                )
                out += ["", *_trail(ind["explanation"], t), ""]
    summary = data["summary"]
    out += [
        "## " + t("Targets"),
        "",
        t(
            "exceeded {exceeded} · met {met} · not met {not_met} · not evaluated {not_evaluated}"
        ).format(**summary),
        "",
    ]
    english = {target.id: target.text_en for target in ruleset.targets}
    for target in data["targets"]:
        out.append(f"### {target['id']}: {t.p('status', target['status'])}")
        out += ["", f"> {target['text']}", ""]
        if english.get(target["id"]) and t.code == "en":
            out += [f"({english[target['id']]})", ""]
        out += [*_trail(target["explanation"], t), ""]
    if data["deadlines"]:
        counts = result.deadline_summary()
        header = [t("id"), t("kind"), t("due"), t("done"), t("status"), t("days"), t("source")]
        out += [
            "## " + t("Deadlines"),
            "",
            " · ".join(f"{t.p('status', k)} {v}" for k, v in counts.items()),
            "",
            "| " + " | ".join(header) + " |",
            "|---|---|---|---|---|---:|---|",
        ]
        for d in result.deadlines:
            out.append(
                f"| {d.id} | {t.p('kind', d.kind)} | {t.date(d.due)} | {t.date(d.done)} | "
                f"{t.p('status', d.status.value)} | {_cell(d.days)} | {_cell(d.source_ref)} |"
            )
        out.append("")
        missed = [d for d in data["deadlines"] if d["status"] in ("late", "overdue")]
        for d in missed:
            out += [
                f"### {d['id']}: {t.p('status', d['status'])}",
                "",
                *_trail(d["explanation"], t),
                "",
            ]
    out += ["## " + t("Violations"), ""]
    if not data["violations"]:
        out.append(t("None."))
    for v in data["violations"]:
        out.append(f"- **{v['code']}** `{v['subject']}` ({v['source_ref']}): {v['message']}")
    if spec.readings:
        out += ["", "## " + t("Readings taken by the rule set"), ""]
        for reading in spec.readings:
            kind = t("assumption") if reading.assumption else t("reading")
            out.append(f"- **{reading.id}** ({reading.source_ref}, {kind}): {reading.text}")
    return "\n".join(out).rstrip() + "\n"
