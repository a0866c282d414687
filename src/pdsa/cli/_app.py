"""The Typer app, global options, and the mapping of errors to messages and exit codes.

Nothing heavy is imported at module level: `pdsa --help` must start fast, so each command
imports the core (models, ruamel, matplotlib) inside its body.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from pdsa.cli._process import command_word, interrupted, settle

if TYPE_CHECKING:
    from pdsa.errors import Problem
    from pdsa.store import Workspace

EXIT_INTERNAL = 70


class PdsaGroup(TyperGroup):
    """Turns `PdsaError`s into one-line messages and exit codes; no traceback unless --debug.

    Its help speaks the user's words: no Python type names (`<str>`, `<list[Path]>`).
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        plain_help(self)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.params:  # typer adds the completion options after __init__
            _plain_param(param)
        super().format_help(ctx, formatter)

    def resolve_command(self, ctx: Any, args: Any) -> Any:
        # The command that runs (a subcommand's too: `meta` is shared down the contexts),
        # so an error about one of its parameters names it as it is typed.
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[_COMMAND] = command
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        from pdsa.errors import PdsaError

        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _stderr("pdsa: interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # `pdsa list | head`: the reader has all it wanted; say nothing, as cat would.
            from pdsa.store import discard_stdout

            discard_stdout()
            raise typer.Exit(141) from None
        except (PdsaError, OSError) as exc:
            if interrupted():  # Ctrl-C landed inside a library that turned it into an error
                _stderr("pdsa: interrupted")
                raise typer.Exit(130) from None
            # Click's own usage errors are not caught here: click reports them (exit 2).
            if ctx.find_root().params.get("debug") or os.environ.get("PDSA_DEBUG"):
                raise
            raise typer.Exit(_report(exc, ctx.meta.get(_COMMAND))) from None


_COMMAND = "pdsa.command"


def parameter_label(option: str, command: Any) -> str | None:
    """How the command's user types the parameter an error is about: `--title` for an
    option, `ID` for an argument (matched by its name or metavar); None when the command
    has no such parameter."""
    if not option or command is None:
        return None
    flag = "--" + option.replace("_", "-")
    params = getattr(command, "params", [])
    for param in params:
        if param.param_type_name == "option" and flag in param.opts:
            return flag
    for param in params:
        if param.param_type_name == "argument" and option in (
            param.name,
            (param.metavar or "").strip("[]").lower(),
        ):
            return str(param.metavar or param.name.upper()).strip("[]")
    return None


# Typer names a parameter's Python type when it has no metavar; the help says a word instead
# (nothing for a flag, whose name says it all).
_PYTHON_TYPE = re.compile(r"<(str|int|float|bool|Path|datetime|list\[.*\])>(\.\.\.)?")
_WORDS = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "Path": "PATH", "bool": ""}


def plain_help(command: Any) -> None:
    """Make `command` (and every command under it) show words, not Python types, in help."""
    for param in command.params:
        _plain_param(param)
    original = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            _plain_param(option)
        return option

    command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)


def _plain_param(param: Any) -> None:
    from typer.core import TyperArgument

    if isinstance(param, TyperArgument) and param.hidden:
        param.get_usage_pieces = lambda ctx: []  # type: ignore[method-assign]  # nor in usage
    shown = param.display_type_rich
    if getattr(shown, "plain", False):
        return
    argument = isinstance(param, TyperArgument)

    def display(ctx: Any) -> str | None:
        text: str | None = shown(ctx)
        match = _PYTHON_TYPE.fullmatch(text or "")
        if match is None:
            return text  # a metavar, or choices such as <text|json|github>
        if argument:  # the name column already says it (ID, MEASURE, PATH)
            return None
        return _WORDS.get(match.group(1), "VALUE") + (match.group(2) or "")

    display.plain = True  # type: ignore[attr-defined]
    param.display_type_rich = display


def examples(*lines: str) -> str:
    """A command's help epilog: example command lines, one a line."""
    # Rich markup would read [charts] as a style: escape the brackets.
    body = "\n".join("  " + line.replace("[", "\\[") for line in lines)
    return f"Examples:\n{body}"


def run_app() -> None:
    """Run the app; an unexpected exception becomes one line, not a traceback (unless --debug)."""
    try:
        app_for(sys.argv[1:])()
    except Exception as exc:
        if "--debug" in sys.argv or os.environ.get("PDSA_DEBUG"):
            raise
        sys.exit(_report(exc))


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app to run `args` with: holding only the command they name, when they name one.

    Typer builds every command's parameters from its signature on each run (about a tenth
    of a second for all of pdsa's), though only one runs; a chart should not pay for the
    others. Anything unusual (no command yet, a misspelt one, shell completion, which
    lists them all) gets the whole app.
    """
    name, _ = command_word(args)
    if name is None or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return app
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1:
        return app
    narrow = copy.copy(app)
    narrow.registered_commands, narrow.registered_groups = commands, groups
    return narrow


def _command_name(info: Any) -> str:
    # Typer's own rule for a command registered without a name (typer.main.get_command_name).
    return str(info.name or info.callback.__name__.lower().replace("_", "-"))


def _report(exc: Exception, command: Any = None) -> int:
    from pdsa.errors import EXIT_FINDINGS, PdsaError

    if isinstance(exc, PdsaError):
        from pdsa.render.console import error_lines

        for line in error_lines(exc, parameter_label(exc.option, command)):
            _stderr(line)
        return exc.exit_code
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        _stderr(f"pdsa: error: {where}{exc.strerror or exc}")
        return EXIT_FINDINGS
    _stderr(f"pdsa: internal error: {type(exc).__name__}: {exc}")
    _stderr("pdsa: run again with --debug for the traceback, and please report it")
    return EXIT_INTERNAL


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


app = typer.Typer(
    cls=PdsaGroup,
    name="pdsa",
    help="Track Plan-Do-Study-Act cycles as plain YAML and CSV files in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    """Global options, available to every command through the context."""

    root: Path | None = None
    debug: bool = False


def _version(value: bool) -> None:
    if value:
        from pdsa import __version__

        typer.echo(f"pdsa {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            envvar="PDSA_ROOT",
            metavar="PATH",
            help="Project folder (holding pdsa.yaml). Default: the nearest one upwards.",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", metavar="", help="Show tracebacks for errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", metavar="", callback=_version, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Track Plan-Do-Study-Act cycles as plain YAML and CSV files in git."""
    ctx.obj = State(root=root, debug=debug)


def workspace(ctx: typer.Context) -> Workspace:
    """The project the command works on."""
    from pdsa.store import Workspace

    state = ctx.find_object(State) or State()
    found = Workspace.find(state.root)
    settle()
    return found


def dry_run_report(diff: str, path: Path) -> None:
    """Show what a write would change, and say that nothing was written."""
    from pdsa.render.console import say

    if diff:
        sys.stdout.write(diff if diff.endswith("\n") else diff + "\n")
        say(f"dry run: {path} not written")
    else:
        say(f"dry run: {path} would not change")


def day_option(help: str, *names: str) -> Any:
    """An option taking a date written YYYY-MM-DD (a `dt.date` parameter)."""
    return typer.Option(*names, parser=parse_day, metavar="YYYY-MM-DD", help=help)


def parse_day(text: str) -> dt.date:
    """A flag's day, read as every day is read (`pdsa.days`)."""
    from pdsa.days import DayError
    from pdsa.days import parse_day as read_day

    try:
        return read_day(text)
    except DayError as exc:
        raise typer.BadParameter(str(exc)) from None


def finish(problems: Sequence[Problem], summary: str = "") -> None:
    """After the output: name every file that could not be used, then exit 3.

    Read commands produce what they can from the files they could read; a file they had
    to leave out is never dropped without a word.
    """
    if not problems:
        return
    from pdsa.render.console import problem_line, say

    for problem in problems:
        say(problem_line(problem))
    if summary:
        say(summary)
    raise typer.Exit(3)


def _complete(name: str) -> Any:
    """A completion callback of `pdsa.cli.complete`, imported only when the shell asks."""

    def callback(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from pdsa.cli import complete

        found: list[tuple[str, str]] = getattr(complete, name)(ctx, incomplete)
        return found

    return callback


complete_cycle = _complete("cycle_ids")
complete_measure = _complete("measure_ids")
complete_idea = _complete("change_idea_ids")
complete_driver = _complete("driver_ids")

CycleRef = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="Cycle id (or a unique part).", autocompletion=complete_cycle
    ),
]
MeasureRef = Annotated[
    str,
    typer.Argument(
        metavar="MEASURE", help="Measure id in pdsa.yaml.", autocompletion=complete_measure
    ),
]

DryRun = Annotated[
    bool,
    typer.Option("--dry-run", "-n", metavar="", help="Show what would change; write nothing."),
]
Json = Annotated[bool, typer.Option("--json", metavar="", help="Print JSON instead of a table.")]
