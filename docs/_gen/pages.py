"""Pages of the documentation site made at build time (mkdocs-gen-files).

- ``index.md``: the README, with its links into ``docs/`` made relative to the site;
- ``reference/api.md``: the public API, from the docstrings (mkdocstrings);
- ``reference/*-schema.md``: the JSON Schemas of rule sets, submissions and results, as
  tables of their fields;
- ``rulesets/*.md``: one page per bundled rule set: its document, groups, points and
  readings.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import mkdocs_gen_files

from dti_rules import bundled_rulesets, load_ruleset
from dti_rules.schemas import json_schema

ROOT = Path(__file__).resolve().parents[2]
API_MODULES = (
    ("dti_rules", "The package: load, evaluate, results, errors"),
    ("dti_rules.result", "Results and their items"),
    ("dti_rules.errors", "Errors"),
    ("dti_rules.calendar", "Deadline phrases, periods and the work calendar"),
    ("dti_rules.testing", "Strategies and invariants for property tests"),
)


def _index() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text = re.sub(r"\]\(docs/([^)]+)\)", r"](\1)", text)
    return text


def _api() -> str:
    lines = ["# Python API", ""]
    for module, title in API_MODULES:
        lines += [f"## {title}", "", f"::: {module}", "    options:", "      heading_level: 3", ""]
    return "\n".join(lines)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _type_of(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in prop:
        return " or ".join(_type_of(p) for p in prop["anyOf"])
    if "oneOf" in prop:
        return " or ".join(_type_of(p) for p in prop["oneOf"])
    if prop.get("type") == "array":
        return f"list of {_type_of(prop.get('items', {}))}"
    if "enum" in prop:
        return " / ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type", "any")
    return str(kind) if not isinstance(kind, list) else " or ".join(map(str, kind))


def _object(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [_cell(schema["description"]), ""]
    props = schema.get("properties", {})
    if not props:
        lines += [f"Type: {_type_of(schema)}", ""]
        return lines
    required = set(schema.get("required", ()))
    lines += ["| field | type | required | description |", "| --- | --- | --- | --- |"]
    for field, prop in props.items():
        lines.append(
            f"| `{field}` | {_cell(_type_of(prop))} | {'yes' if field in required else ''} "
            f"| {_cell(prop.get('description', ''))} |"
        )
    return [*lines, ""]


def _schema(name: str) -> str:
    schema = json_schema(name)
    title = {"ruleset": "Rule-set", "submission": "Submission", "result": "Result"}[name]
    lines = [
        f"# {title} schema",
        "",
        f"Made from `dti-rules schema {name}` when the site is built. "
        "Each table is one object of the schema; a type in a link is another table.",
        "",
        "## Top level",
        "",
        *_object(schema.get("title", name), schema)[2:],
    ]
    for def_name, definition in sorted(schema.get("$defs", {}).items()):
        lines += _object(def_name, definition)
    return "\n".join(lines)


def _ruleset_page(ruleset_id: str) -> str:
    rs = load_ruleset(ruleset_id)
    spec = rs.spec
    source = spec.source
    lines = [
        f"# `{rs.id}`",
        "",
        f"**{rs.title}**",
        "",
        "| | |",
        "| --- | --- |",
        f"| document | {_cell(source.document)} |",
        f"| issued by | {_cell(spec.issuer)} |",
        f"| issued | {source.issued.isoformat()} |",
        f"| levels | {', '.join(level.value for level in rs.levels)} |",
        f"| maximum points | {rs.max_points} |",
        f"| targets | {len(rs.targets)} |",
        f"| fingerprint | `{rs.fingerprint[:16]}…` |",
        "",
        "## Groups",
        "",
        "| id | name | indicators | points |",
        "| --- | --- | ---: | ---: |",
    ]
    for group in spec.groups:
        lines.append(
            f"| {_cell(group.id)} | {_cell(group.name)} | {len(group.indicators)} "
            f"| {group.max_points} |"
        )
    lines += ["", "## Readings", ""]
    if not spec.readings:
        lines.append("The rule set states no readings.")
    else:
        lines += ["| id | source | assumption | reading |", "| --- | --- | --- | --- |"]
        for reading in spec.readings:
            lines.append(
                f"| {_cell(reading.id)} | {_cell(reading.source_ref)} "
                f"| {'yes' if reading.assumption else 'no'} | {_cell(reading.text)} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    with mkdocs_gen_files.open("index.md", "w") as out:
        out.write(_index())
    mkdocs_gen_files.set_edit_path("index.md", "../README.md")
    with mkdocs_gen_files.open("reference/api.md", "w") as out:
        out.write(_api())
    for name in ("ruleset", "submission", "result"):
        with mkdocs_gen_files.open(f"reference/{name}-schema.md", "w") as out:
            out.write(_schema(name))
    ids = list(bundled_rulesets())
    rows = ["# Bundled rule sets", "", "| id | document |", "| --- | --- |"]
    for ruleset_id in ids:
        rs = load_ruleset(ruleset_id)
        rows.append(f"| [`{ruleset_id}`]({ruleset_id}.md) | {_cell(rs.title)} |")
        with mkdocs_gen_files.open(f"rulesets/{ruleset_id}.md", "w") as out:
            out.write(_ruleset_page(ruleset_id))
    with mkdocs_gen_files.open("rulesets/index.md", "w") as out:
        out.write("\n".join(rows) + "\n")


main()
