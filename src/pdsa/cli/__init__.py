"""The `pdsa` command line: thin commands that parse, call the core, render, map errors.

The commands are loaded on first use (`app`, `main`), not when the package is: `main` first
starts the drawing process when the command line draws a chart (`pdsa.cli.drawing`), and
that fork is cheapest before Typer and the commands are loaded.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

# In the order their commands are listed in `pdsa --help`.
COMMAND_MODULES = (
    "add",
    "check",
    "cycles",
    "measures",
    "network",
    "project",
    "report",
    "stages",
    "study",
    "words",
)


def main() -> None:
    """Console-script entry point."""
    from pdsa.cli.drawing import start_if_drawing

    start_if_drawing(sys.argv[1:])
    from pdsa.cli import _app, _process

    _process.PROGRAM = True
    _process.watch_interrupts()
    load_commands()
    _app.run_app()


def load_commands() -> None:
    """Import every command module, which registers its commands with the app."""
    for name in COMMAND_MODULES:
        import_module(f"pdsa.cli.{name}")


def __getattr__(name: str) -> Any:
    # `from pdsa.cli import app` gets the app with every command registered.
    if name == "app":
        load_commands()
        from pdsa.cli._app import app

        return app
    raise AttributeError(f"module 'pdsa.cli' has no attribute {name!r}")
