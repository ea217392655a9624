"""The package's shape: no import cycles, no private names across modules, short modules, and
no rdflib on the paths that do not need it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pesco_graph"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        if any(part in ("data", "ontology", "shapes", "queries") for part in path.relative_to(PACKAGE).parts):
            continue
        parts = ["pesco_graph", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, list[str]]]:
    """(module imported, names imported from it) for every package-internal import, at any depth."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("pesco_graph"):
                continue
            names = [a.name for a in node.names]
            # "from . import network" imports a module
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
            found += [(s, []) for s in subs]
            rest = [n for n in names if f"{target}.{n}" not in modules]
            if rest and target in modules:
                found.append((target, rest))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name in modules]
    return found


def test_no_import_cycles_and_no_private_names_across_modules():
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    private = []
    for name, path in modules.items():
        for target, names in _imports(name, path, modules):
            if target == name or name.startswith(target + ".") and modules[target].name == "__init__.py":
                continue  # a package's modules may import its facade's names, and vice versa below
            graph[name].add(target)
            private += [f"{name} imports {target}.{n}" for n in names
                        if n.startswith("_") and n != "__version__"]
    # a package facade importing its own modules is not a cycle with them
    for name, path in modules.items():
        if path.name == "__init__.py":
            graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not cycles, cycles
    assert not private, private


def test_modules_are_short():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


@pytest.mark.parametrize("args", [
    ["query", "co-participation", "--format", "csv"],
    ["query", "project-neighbourhood", "--param", "project=emc", "--format", "ttl"],
    ["export", "--format", "jsonld", "--out", "{tmp}/x.jsonld"],
    ["export", "--format", "gexf", "--out", "{tmp}/x.gexf"],
    ["coverage"],
])
def test_no_rdflib_on_the_fast_paths(args, tmp_path):
    code = ("import sys, io, contextlib\nfrom pesco_graph.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = main({[a.format(tmp=tmp_path) for a in args]!r})\n"
            "assert code == 0, code\n"
            "print(sorted(m for m in sys.modules if m == 'rdflib' or m.startswith('rdflib.')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


def test_help_does_not_load_the_engines():
    code = ("import sys, io, contextlib\nfrom pesco_graph.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('pyoxigraph', 'rdflib', 'networkx', 'pyshacl') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
