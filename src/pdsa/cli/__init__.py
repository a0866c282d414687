"""The `pdsa` command line: thin commands that parse, call the core, render, map errors."""

from __future__ import annotations

from pdsa.cli import cycles, project
from pdsa.cli._app import app

__all__ = ["app", "cycles", "main", "project"]


def main() -> None:
    """Console-script entry point."""
    app()
