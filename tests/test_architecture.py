"""Imports go one way: cli -> render -> core -> model -> errors (DESIGN.md).

The core never imports typer, rich or matplotlib; render never imports the CLI; the models
import nothing of pdsa but errors. Checked on every import, top-level or inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pdsa"
UI = ("typer", "rich", "matplotlib")


def layer(module: str) -> str:
    if module.startswith("pdsa.cli"):
        return "cli"
    if module.startswith("pdsa.render"):
        return "render"
    if module.startswith("pdsa.model") or module == "pdsa.vocab":
        return "model"
    if module == "pdsa.errors":
        return "errors"
    return "core"


ALLOWED = {
    "cli": {"cli", "render", "core", "model", "errors"},
    "render": {"render", "core", "model", "errors"},
    "core": {"core", "model", "errors"},
    "model": {"model", "errors"},
    "errors": set(),
}


def imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


MODULES = sorted(SRC.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_go_one_way(path: Path) -> None:
    me = layer(module_name(path))
    for name in imports(path):
        if name == "pdsa" or name.startswith("pdsa."):
            target = "core" if name == "pdsa" else layer(name)
            assert target in ALLOWED[me], f"{module_name(path)} ({me}) imports {name} ({target})"
        elif name.split(".")[0] in UI:
            assert me in ("cli", "render"), f"{module_name(path)} ({me}) imports {name}"
