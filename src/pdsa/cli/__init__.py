"""The `pdsa` command line: thin commands that parse, call the core, render, map errors."""

from __future__ import annotations

from pdsa.cli import check, cycles, measures, project, report, study
from pdsa.cli._app import app, run_app

__all__ = ["app", "check", "cycles", "main", "measures", "project", "report", "study"]


def main() -> None:
    """Console-script entry point."""
    run_app()
