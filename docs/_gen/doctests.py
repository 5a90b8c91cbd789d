"""A griffe extension: docstrings' examples shown as code on the documentation site.

dti-rules writes its examples as doctests (``>>>`` lines and their output), often after a
reStructuredText ``::``. Markdown would read them as prose (``['2024-Q3']`` looks like a
link), so each example becomes a fenced ``pycon`` block and each literal block after
``::`` a fenced block, before mkdocstrings renders the docstring.
"""

from __future__ import annotations

from typing import Any

import griffe


def _fence(text: str) -> str:
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
                i += 1
            out += [f"{indent}```pycon", *(indent + b for b in block), f"{indent}```"]
            continue
        if line.rstrip().endswith("::") and not stripped.startswith(".."):
            out.append(line.rstrip()[:-1].rstrip() or "")
            i += 1
            while i < len(lines) and not lines[i].strip():
                i += 1
            body: list[str] = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                body.append(lines[i][4:] if lines[i].startswith("    ") else "")
                i += 1
            while body and not body[-1].strip():
                body.pop()
            if body and body[0].lstrip().startswith(">>>"):
                out += ["", "```pycon", *body, "```", ""]
            else:
                out += ["", "```", *body, "```", ""]
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Fence doctest examples and ``::`` literal blocks in every docstring."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _fence(obj.docstring.value)
