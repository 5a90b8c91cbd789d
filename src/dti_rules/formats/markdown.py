"""A Result as a readable Markdown document with its audit trail.

Every number is shown with the rule that produced it, the inputs it read, the formula with
the actual values, the section of the document it comes from and the reading taken where the
document is silent. Labels are the rule set's own (Vietnamese), with the English the rule set
gives beside them::

    >>> from dti_rules import evaluate, load_ruleset, load_submission
    >>> from dti_rules.formats.markdown import result_markdown
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

import re
from typing import Any

from .._i18n import Language
from ..compiled import CompiledRuleSet
from ..result import Result

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


def _trail(explanation: dict[str, Any], t: Language, indent: str = "") -> list[str]:
    lines = [
        f"{indent}- "
        + t("rule: {rule} · source: {source}").format(
            rule=_md(explanation["rule"]), source=_md(explanation["source_ref"])
        ),
        f"{indent}- " + t("formula: {formula}").format(formula=_code(explanation["formula"])),
    ]
    for item in explanation.get("inputs", []):
        lines.append(
            f"{indent}- "
            + t("input {id}: {value}").format(id=_code(item["id"]), value=_md(item["value"]))
        )
    for step in explanation.get("steps", []):
        lines.append(f"{indent}- {_md(step)}")
    if explanation.get("assumption"):
        reading = t("reading: {text}").format(text=_md(explanation["assumption"]))
        lines.append(f"{indent}- {reading}")
    return lines


def result_markdown(result: Result, ruleset: CompiledRuleSet, *, lang: str | None = "en") -> str:
    """The scorecard of ``result`` with the audit trail of every number, as Markdown, with
    labels, statuses, numbers and dates in ``lang`` (``"en"`` or ``"vi"``; None: the
    environment's)."""
    t = Language.get(lang)
    n = t.number

    def label(name: str, english: str | None) -> str:
        # the English a rule set gives beside a name, for English readers
        return _Inert(_md(f"{name} ({english})" if english and t.code == "en" else name))

    data = result.to_dict(t)
    spec = ruleset.spec
    score = data["score"]
    rounding = data["rounding"]
    out: list[str] = [
        f"# {_md(result.unit.name)} — {_md(result.ruleset_id)}, {_md(result.period)}",
        "",
        f"{label(spec.title, spec.title_en)}",
        "",
        "- "
        + t("unit: {name} ({id}, {level})").format(
            name=_md(result.unit.name),
            id=_code(result.unit.id),
            level=t.p("level", result.unit.level),
        ),
        "- "
        + t("document: {document}, issued {date}").format(
            document=_md(spec.source.document), date=t.date(spec.source.issued)
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
                f"| {_cell(g['id'])} {_cell(label(*names[g['id']]))} | {n(g['points'])} "
                f"| {n(g['max_points'])} |"
            )
        out.append("")
        for g in data["groups"]:
            out += [
                f"### {_md(g['id'])} {label(*names[g['id']])}: "
                f"{n(g['points'])} / {n(g['max_points'])}"
            ]
            out += ["", *_trail(g["explanation"], t), ""]
            for ind in data["indicators"]:
                if ind["group"] != g["id"]:
                    continue
                out.append(
                    f"#### {_md(ind['id'])} {label(*indicator_names[ind['id']])}: "
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
        out.append(f"### {_md(target['id'])}: {t.p('status', target['status'])}")
        out += ["", f"> {_md(target['text'])}", ""]
        if english.get(target["id"]) and t.code == "en":
            out += [f"({_md(english[target['id']])})", ""]
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
                f"| {_cell(d.id)} | {t.p('kind', d.kind)} | {t.date(d.due)} | {t.date(d.done)} | "
                f"{t.p('status', d.status.value)} | {_cell(d.days)} | {_cell(d.source_ref)} |"
            )
        out.append("")
        missed = [d for d in data["deadlines"] if d["status"] in ("late", "overdue")]
        for d in missed:
            out += [
                f"### {_md(d['id'])}: {t.p('status', d['status'])}",
                "",
                *_trail(d["explanation"], t),
                "",
            ]
    out += ["## " + t("Violations"), ""]
    if not data["violations"]:
        out.append(t("None."))
    for v in data["violations"]:
        out.append(
            f"- **{v['code']}** {_code(v['subject'])} ({_md(v['source_ref'])}): {_md(v['message'])}"
        )
    if result.left_out:
        out += ["", "## " + t("Left out: what does not bind this unit"), ""]
        for item in result.left_out:
            why = item.reason(result.unit.level, t)
            out.append(
                f"- **{_md(item.id)}** ({t.p('kind', item.kind)}, {_md(item.source_ref)}): "
                f"{_md(why)}"
            )
    if spec.readings:
        out += ["", "## " + t("Readings taken by the rule set"), ""]
        for reading in spec.readings:
            kind = t("assumption") if reading.assumption else t("reading")
            out.append(
                f"- **{_md(reading.id)}** ({_md(reading.source_ref)}, {kind}): {_md(reading.text)}"
            )
    return "\n".join(out).rstrip() + "\n"
