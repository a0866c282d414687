"""The module map of docs/architecture.md, enforced.

- Imports go one way, `cli -> render -> core -> model -> errors`, in every form (absolute,
  `from pdsa import x`, relative), top-level or inside a function.
- Inside the core, tiers go one way too (yamlio and runchart at the bottom, then the store,
  measure data, the commands' core, and the JSON shapes on top).
- The core never prints, exits, or imports typer, rich or matplotlib.
- Only `pdsa.store` opens files for writing (or renames, links, removes them).
- No import circle between modules.

Each rule is shown to fail on a planted violation, so a green run means something.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pdsa"
UI = ("typer", "rich", "matplotlib", "click")
LAYERS = ["errors", "model", "core", "render", "cli"]

# Tiers inside the core, bottom first: a core module imports only its own tier's package
# or lower tiers.
CORE_TIERS = [
    {"pdsa.yamlio", "pdsa.runchart", "pdsa.fingerprint", "pdsa.parallel", "pdsa.story"},
    {"pdsa.store", "pdsa.ids"},
    {"pdsa.measures"},
    {"pdsa.lifecycle", "pdsa.agenda", "pdsa.tree", "pdsa.check"},
    {"pdsa.planning"},
    {"pdsa.measure_summary", "pdsa.fidelity", "pdsa.calibration"},
    {"pdsa.study", "pdsa.report", "pdsa.scaffold", "pdsa.projectfile"},
    {"pdsa.network"},
    {"pdsa.shapes"},
]
WRITES = {
    "write_text",
    "write_bytes",
    "touch",
    "unlink",
    "rename",
    "replace",
    "link",
    "symlink_to",
    "hardlink_to",
    "mkstemp",
    "NamedTemporaryFile",
    "rmtree",
    "move",
}


def module_name(path: Path, root: Path = SRC) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def layer(module: str) -> str:
    if module.startswith("pdsa.cli"):
        return "cli"
    if module.startswith("pdsa.render"):
        return "render"
    if module.startswith("pdsa.model") or module in ("pdsa.vocab", "pdsa.days"):
        return "model"
    if module in ("pdsa", "pdsa.errors"):
        return "errors"
    return "core"


def package(module: str) -> str:
    """`pdsa.check.files` -> `pdsa.check`; a top-level module is its own package."""
    return ".".join(module.split(".")[:2])


def tier(module: str) -> int:
    return next(i for i, names in enumerate(CORE_TIERS) if package(module) in names)


@dataclass(frozen=True)
class Import:
    target: str
    line: int


def imports(tree: ast.AST, me: str, is_package: bool) -> Iterator[Import]:
    """Every pdsa module `me` imports, resolving `from pdsa import x` and relative imports."""
    here = me if is_package else me.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield Import(module, node.lineno)
            for alias in node.names:  # `from pdsa import cli` imports the module pdsa.cli
                yield Import(f"{module}.{alias.name}", node.lineno)


def known(module: str, modules: set[str]) -> str | None:
    """The pdsa module an import names (a name inside a module counts as the module)."""
    while module and module not in modules:
        module = module.rpartition(".")[0]
    return module or None


def violations(root: Path = SRC) -> list[str]:
    """Every breach of the rules above in the tree at `root` (a `src/pdsa` folder)."""
    files = sorted(root.rglob("*.py"))
    modules = {module_name(p, root) for p in files}
    found: list[str] = []
    graph: dict[str, set[str]] = {}
    for path in files:
        me = module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        mine = layer(me)
        graph[me] = set()
        for imp in imports(tree, me, path.name == "__init__.py"):
            where = f"{me}:{imp.line}"
            top = imp.target.split(".")[0]
            if top in UI and mine not in ("cli", "render"):
                found.append(f"{where}: {mine} imports {imp.target}")
            target = known(imp.target, modules) if top == "pdsa" else None
            if target is None or target == me:
                continue
            graph[me].add(target)
            theirs = layer(target)
            if LAYERS.index(theirs) > LAYERS.index(mine):
                found.append(f"{where}: {mine} imports {target} ({theirs})")
            elif (
                mine == theirs == "core"
                and package(me) != package(target)
                and tier(target) >= tier(me)
            ):
                found.append(
                    f"{where}: core tier {tier(me)} imports {target} (tier {tier(target)})"
                )
        if mine in ("core", "model", "errors"):
            found += [f"{me}:{line}: {what}" for line, what in side_effects(tree)]
        if not me.startswith("pdsa.store"):
            found += [f"{me}:{line}: {what}" for line, what in file_writes(tree)]
    found += [f"import circle: {' -> '.join(c)}" for c in circles(graph)]
    return found


def side_effects(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Printing and exiting, which only the CLI may do."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node.func)
            if name in ("print", "exit", "quit", "sys.exit", "os._exit", "breakpoint"):
                yield node.lineno, f"calls {name}()"
            if name.endswith((".stdout.write", ".stderr.write")):
                yield node.lineno, f"writes to {name.rsplit('.', 1)[0]}"
        elif isinstance(node, ast.Raise) and node.exc is not None:
            raised = getattr(node.exc, "func", node.exc)  # SystemExit or SystemExit(2)
            if _call_name(raised).endswith("SystemExit"):
                yield node.lineno, "raises SystemExit"


def file_writes(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Opening files for writing, and renaming, linking or removing them."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node.func)
        last = name.rsplit(".", 1)[-1]
        if last == "open" and _write_mode(node):
            yield node.lineno, f"opens a file for writing ({name})"
        elif (
            last in WRITES
            and isinstance(node.func, ast.Attribute)  # a bare write_text() is the store's
            and not name.startswith(("sys.stdout", "sys.stderr"))
        ):
            if last == "replace" and not (name.startswith("os.") or name.endswith("path.replace")):
                continue  # str.replace
            yield node.lineno, f"writes files ({name})"


def _write_mode(node: ast.Call) -> bool:
    modes = list(node.args[1:2]) + [k.value for k in node.keywords if k.arg in ("mode", "flags")]
    for mode in modes:
        text = ast.unparse(mode)
        if any(flag in text for flag in ("w", "a", "x", "+", "O_WRONLY", "O_RDWR", "O_CREAT")):
            return True
    return False


def _call_name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        inner = _call_name(func.value)
        return f"{inner}.{func.attr}" if inner else func.attr
    return ""


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import circles between modules (a package importing its own modules is not one)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt.startswith(node + "."):
                continue  # `pdsa.check` re-exporting `pdsa.check.files`
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


# --- the real tree ---------------------------------------------------------------------------


def test_the_tree_keeps_every_rule() -> None:
    assert violations() == []


def test_every_core_module_has_a_tier() -> None:
    for path in SRC.rglob("*.py"):
        me = module_name(path)
        if layer(me) == "core":
            assert any(package(me) in names for names in CORE_TIERS), me


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


# --- each rule fails on a planted violation -------------------------------------------------


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    copy = tmp_path / "pdsa"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def plant(root: Path, module: str, line: str) -> None:
    path = root / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{line}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "line", "expected"),
    [
        ("tree.py", "from pdsa import cli", "core imports pdsa.cli (cli)"),
        ("tree.py", "import pdsa.render.chart", "core imports pdsa.render.chart (render)"),
        ("measures/csvfile.py", "from ..render import chart", "imports pdsa.render.chart"),
        ("check/files.py", "from . import rules\nfrom ..cli import _app", "imports pdsa.cli._app"),
        ("model/base.py", "from pdsa.store import Workspace", "model imports pdsa.store"),
        ("render/tree.py", "from pdsa.cli import _app", "render imports pdsa.cli._app"),
        ("errors.py", "import pdsa.model", "errors imports pdsa.model"),
        ("store/files.py", "from pdsa.report import build_report", "core tier 1 imports"),
        ("runchart/series.py", "from pdsa.store import Workspace", "core tier 0 imports"),
        ("report.py", "import rich", "core imports rich"),
        ("study/session.py", "def f():\n    import typer", "core imports typer"),
        ("agenda.py", "def f():\n    print('x')", "calls print()"),
        ("lifecycle/move.py", "import sys\nsys.exit(1)", "calls sys.exit()"),
        ("check/rules.py", "raise SystemExit(2)", "raises SystemExit"),
        ("tree.py", "def f(p):\n    p.write_text('x')", "writes files (p.write_text)"),
        ("render/chart.py", "def f(p):\n    open(p, 'w')", "opens a file for writing"),
        ("cli/report.py", "import os\nos.replace('a', 'b')", "writes files (os.replace)"),
        ("measures/__init__.py", "def f(p):\n    p.unlink()", "writes files (p.unlink)"),
    ],
)
def test_a_planted_violation_is_caught(
    scratch: Path, module: str, line: str, expected: str
) -> None:
    plant(scratch, module, line)
    found = violations(scratch)
    assert any(expected in v for v in found), found


def test_a_planted_circle_is_caught(scratch: Path) -> None:
    plant(scratch, "fingerprint.py", "def f():\n    from pdsa import lifecycle")
    found = violations(scratch)
    assert any(v.startswith("import circle") for v in found) or any(
        "core tier 0 imports pdsa.lifecycle" in v for v in found
    ), found
    plant(scratch, "agenda.py", "def g():\n    from pdsa import tree")
    plant(scratch, "tree.py", "def g():\n    from pdsa import agenda")
    assert any("import circle" in v and "pdsa.agenda" in v for v in violations(scratch))


def test_reading_files_is_not_a_write(scratch: Path) -> None:
    plant(scratch, "tree.py", "def f(p):\n    return open(p).read() + p.read_text()")
    assert violations(scratch) == []
