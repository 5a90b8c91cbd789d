"""The package's layout shows its flow, and its imports follow it.

Modules are read as text (every ``import`` statement, at module level or inside a
function; those under ``if TYPE_CHECKING:`` are for the type checker only). Two things
must hold: no module imports, directly or through others, a module that imports it back;
and imports run one way, from the command line down to the calendar:

    cli ─▶ batch, cluster, testing ─▶ formats ─▶ analysis ─▶ engine ─▶ core ─▶ calendar, errors

(``_catalog``, the gettext catalog errors are rendered with, sits with the errors.)
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dti_rules"

#: Layers from the bottom up; a module may import its own layer and those below it.
LAYERS = (
    # the calendar, and the errors every layer raises (with the catalog they are read in)
    # and the lazy names of packages
    (
        "calendar",
        lambda m: (
            m.startswith("dti_rules.calendar")
            or m in ("dti_rules.errors", "dti_rules._catalog", "dti_rules._lazy")
        ),
    ),
    ("engine", lambda m: m.startswith("dti_rules.engine")),
    ("analysis", lambda m: m.startswith("dti_rules.analysis")),
    ("formats", lambda m: m.startswith("dti_rules.formats")),
    (
        "batch",
        lambda m: (
            m in ("dti_rules.batch", "dti_rules.cluster") or m.startswith("dti_rules.testing")
        ),
    ),
    ("cli", lambda m: m in ("dti_rules.cli", "dti_rules._cli_io", "dti_rules.__main__")),
)


def _layer(module: str) -> int:
    """The layer's height: core modules (the rest of the top level) sit at 1, between the
    calendar and the engine."""
    for height, (_name, member) in enumerate(LAYERS):
        if member(module):
            return height + (1 if height else 0)
    return 1


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(module: str) -> set[str]:
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def absolute(level: int, name: str | None) -> str:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (level - 1)] if level > 1 else base
        return ".".join([*base, *([name] if name else [])])

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            test = node.test
            if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
            ):
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.level:
                target = absolute(node.level, node.module)
            elif node.module and node.module.split(".")[0] == "dti_rules":
                target = node.module
            else:
                return
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(a.name for a in node.names if a.name.split(".")[0] == "dti_rules")

    Visitor().visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: _imports(module) for module in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_module_imports_itself_through_others() -> None:
    assert _cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {name: set(targets) for name, targets in GRAPH.items()}
    assert "dti_rules._kinds" in graph["dti_rules.compiled"]
    graph["dti_rules._kinds"].add("dti_rules.compiled")  # compiled imports _kinds
    assert any("dti_rules._kinds" in group for group in _cycles(graph))


def test_imports_run_down_the_layers() -> None:
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _layer(target) > _layer(module) and module != "dti_rules"
    )
    assert upward == []


def test_formats_and_analyses_have_their_own_folders() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    for moved in ("csvio", "xlsx", "html", "markdown", "_table", "template"):
        assert moved not in top, f"{moved} belongs in dti_rules/formats/"
    for moved in ("audit", "lint", "ranking", "agenda"):
        assert moved not in top, f"{moved} belongs in dti_rules/analysis/"
