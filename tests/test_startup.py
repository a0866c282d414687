"""Start-up stays light: the CLI module must not import the heavy parts."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "ruamel", "pydantic", "pdsa.model", "pdsa.store", "rich")


def test_importing_the_cli_loads_nothing_heavy() -> None:
    code = (
        "import sys, pdsa.cli\n"
        f"heavy = {HEAVY!r}\n"
        "print(' '.join(sorted({h for h in heavy for m in sys.modules "
        "if m == h or m.startswith(h + '.')})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_help_does_not_load_the_core() -> None:
    code = (
        "import sys\nfrom pdsa.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('matplotlib', 'ruamel.yaml', 'pdsa.model') if m in sys.modules]\n"
        "print(' '.join(loaded), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage" in done.stdout
    assert done.stderr.strip() == ""


def _command_lines() -> list[list[str]]:
    """Every command and subcommand as typed: ["chart"], ["network", "fetch"], …"""
    import typer

    from pdsa.cli import app

    group = typer.main.get_command(app)
    lines: list[list[str]] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        lines.append([name])
        lines.extend([name, sub] for sub in getattr(command, "commands", {}))
    return lines


def test_a_named_command_runs_alone_with_the_same_help() -> None:
    """`app_for` builds only the command typed; its help is the whole app's, word for word."""
    from typer.testing import CliRunner

    from pdsa.cli import app
    from pdsa.cli._app import app_for

    runner = CliRunner()
    env = {"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "100"}
    lines = _command_lines()
    assert ["chart"] in lines and ["network", "fetch"] in lines
    for words in lines:
        narrow = app_for(words)
        assert narrow is not app, words
        assert len(narrow.registered_commands) + len(narrow.registered_groups) == 1
        args = [*words, "--help"]
        whole = runner.invoke(app, args, env=env)
        alone = runner.invoke(narrow, args, env=env)
        assert whole.exit_code == alone.exit_code == 0, words
        assert alone.output == whole.output, words


def test_the_whole_app_answers_anything_unusual() -> None:
    from pdsa.cli import app
    from pdsa.cli._app import app_for

    assert app_for([]) is app
    assert app_for(["--help"]) is app
    assert app_for(["--version"]) is app
    assert app_for(["chrat", "x"]) is app  # a misspelt command: click suggests the right one
    assert app_for(["-x", "chart"]) is app
    assert app_for(["--root", "chart", "list"]).registered_commands[0].name == "list"
    assert app_for(["--root=p", "--debug", "chart"]) is not app


def test_shell_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from pdsa.cli import app
    from pdsa.cli._app import app_for

    monkeypatch.setenv("_PDSA_COMPLETE", "complete_bash")
    assert app_for(["chart"]) is app


def test_only_the_program_freezes_what_it_loaded(
    project: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`settle` moves the loaded modules out of the collector's reach in the `pdsa` program,
    never where pdsa runs in a longer-lived process (these tests, a library user)."""
    import gc

    from typer.testing import CliRunner

    from pdsa.cli import _process, app

    frozen = gc.get_freeze_count()
    result = CliRunner().invoke(app, ["list"], env={"TERM": "dumb", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert gc.get_freeze_count() == frozen
    monkeypatch.setattr(_process, "PROGRAM", True)
    try:
        _process.settle()
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
