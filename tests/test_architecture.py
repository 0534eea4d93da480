"""The dependency rule of docs/architecture.md, kept true: import-linter's contracts (pyproject.toml,
`[tool.importlinter]`) hold, and no two tipnet modules import each other, directly or around a loop,
counting the imports a static graph misses: `importlib.import_module("tipnet.x.y")`, a string naming a
module (`"tipnet.identity.thai"`, `"tipnet.api.app:create_app"`) and an f-string prefix
(`f"tipnet.commands.{name}"`, an edge to every module under it)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
ROOT = "tipnet"

# Cycles allowed to stay, each the exact set of modules of one cycle (a strongly connected
# component). Empty, and meant to stay so: the test fails on a cycle missing here and on an entry that
# no longer exists, so the list cannot go stale.
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()

_MODULE_STRING = re.compile(r"^(tipnet(?:\.\w+)+)(?::[\w.]+)?$")


def module_files(src: Path = SRC) -> dict[str, Path]:
    """Every module and package of tipnet under `src`: dotted name -> its file."""
    files = {}
    for path in (src / ROOT).rglob("*.py"):
        parts = path.relative_to(src).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of string expressions used as statements (docstrings): they name modules, they import none."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def _existing(name: str, modules: set[str]) -> str | None:
    """`name` if it is a module, else the nearest enclosing module (`from pkg import function`)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str, source: str, modules: set[str], *, is_package: bool = False) -> set[str]:
    """The tipnet modules `module` imports: import statements anywhere (functions and TYPE_CHECKING
    blocks too), strings naming a module, f-strings whose literal start names a package prefix.

    A string naming one of the module's own packages is left out: that is a package-data lookup
    (`resources.files("tipnet.vocab")`, `PackageLoader("tipnet.report")`, `"tipnet.store:migrations"`),
    and a module's packages are always imported before it anyway."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    ancestors = {module.rsplit(".", n)[0] for n in range(1, module.count(".") + 1)}
    skip = _docstrings(tree)
    found: set[str | None] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(_existing(alias.name, modules) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in modules else _existing(base, modules))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            match = _MODULE_STRING.match(node.value)
            if match and match.group(1) in modules and match.group(1) not in ancestors:
                found.add(match.group(1))
        elif isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if (
                len(node.values) > 1
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and first.value.startswith(f"{ROOT}.")
            ):
                found.update(m for m in modules if m.startswith(first.value) and m not in ancestors)
    return {m for m in found if m is not None and m.startswith(ROOT) and m != module}


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    files = module_files(src)
    modules = set(files)
    return {
        name: imports_of(
            name, path.read_text(encoding="utf-8"), modules, is_package=path.name == "__init__.py"
        )
        for name, path in files.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def _one_loop(graph: dict[str, set[str]], component: Iterable[str]) -> list[str]:
    """A shortest loop through the component's first module, for the failure message."""
    members = set(component)
    start = min(members)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & members):
            if child == start:
                return [*paths[node], start]
            if child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    return sorted(members)


def test_import_contracts_hold() -> None:
    """`lint-imports` over this checkout's sources: every contract in pyproject.toml is kept."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        f"sys.exit(lint_imports(config_filename={str(REPO / 'pyproject.toml')!r}, no_cache=True, no_logo=True))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    assert "Contracts:" in run.stdout, run.stdout + run.stderr
    assert run.returncode == 0, run.stdout + run.stderr


def test_no_import_cycles_but_the_known_ones() -> None:
    graph = import_graph()
    found = set(cycles(graph))
    new = [
        f"{' -> '.join(_one_loop(graph, c))} (cycle of {len(c)}: {', '.join(sorted(c))})"
        for c in sorted(found - KNOWN_CYCLES, key=sorted)
    ]
    assert not new, "import cycles:\n" + "\n".join(new)
    gone = [sorted(c) for c in KNOWN_CYCLES - found]
    assert not gone, f"no longer cycles (or changed): update KNOWN_CYCLES in this file: {gone}"


def test_string_imports_are_edges() -> None:
    modules = {"tipnet", "tipnet.a", "tipnet.a.b", "tipnet.a.c", "tipnet.cmd", "tipnet.cmd.x", "tipnet.cmd.y"}
    source = '''"""Docstring naming tipnet.a.c, which is no import."""
import importlib
from importlib import resources
from tipnet.a import b

def load(name):
    resources.files("tipnet.a")  # its own package's data: no edge
    importlib.import_module(f"tipnet.cmd.{name}")
    return importlib.import_module("tipnet.a.c"), "tipnet.cmd:app"
'''
    assert imports_of("tipnet.a.z", source, modules) == {
        "tipnet.a.b",
        "tipnet.a.c",
        "tipnet.cmd.x",
        "tipnet.cmd.y",
        "tipnet.cmd",
    }


def test_cycles_are_found_with_their_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    assert _one_loop(graph, {"a", "b", "c"}) == ["a", "b", "c", "a"]
