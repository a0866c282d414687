"""The `pdsa` command line: thin commands that parse, call the core, render, map errors."""

from __future__ import annotations

from pdsa.cli import (
    add,
    check,
    cycles,
    measures,
    network,
    project,
    report,
    stages,
    study,
    words,
)
from pdsa.cli._app import app, run_app

__all__ = [
    "add",
    "app",
    "check",
    "cycles",
    "main",
    "measures",
    "network",
    "project",
    "report",
    "stages",
    "study",
    "words",
]


def main() -> None:
    """Console-script entry point."""
    run_app()
