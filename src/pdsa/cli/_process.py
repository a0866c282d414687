"""What the `pdsa` program does as a process, beyond running one command: it finds the
command in its arguments before Typer is loaded, remembers a Ctrl-C, and keeps the garbage
collector off what a command loaded. Only `pdsa.cli.main` turns the last two on: where pdsa
runs inside a longer-lived process (tests, a library user) they stay off.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def command_word(args: Sequence[str]) -> tuple[str | None, list[str]]:
    """The command the arguments name after the global options (`--root R`, `--debug`), and
    the arguments after it; None when they do not start with one (`--help`, `--version`, a
    misplaced option, nothing)."""
    words = iter(args)
    for word in words:
        if word == "--root":
            next(words, None)
        elif word == "--debug" or word.startswith("--root="):
            continue
        elif word.startswith("-"):
            return None, []
        else:
            return word, list(words)
    return None, []


# Set by `pdsa.cli.main`: this process is the `pdsa` program, which lives for one command.
PROGRAM = False
_interrupts: list[int] = []


def watch_interrupts() -> None:
    """Remember every Ctrl-C, and raise KeyboardInterrupt as Python does.

    A Ctrl-C that lands while pydantic runs a pattern match comes out as a validation error
    ("expected form …") instead of KeyboardInterrupt; remembered, it is reported as what it
    was (exit 130), not as a fault in the team's file.
    """
    import signal

    def on_interrupt(number: int, frame: Any) -> None:
        _interrupts.append(number)
        signal.default_int_handler(number, frame)

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, on_interrupt)


def interrupted() -> bool:
    """Whether a Ctrl-C has come since `watch_interrupts`."""
    return bool(_interrupts)


def settle() -> None:
    """Tell the garbage collector that what exists now (the modules a command loaded, which
    are most of the objects it will ever hold) lives until the program ends, so its passes
    never scan them again: a tenth of `pdsa list` on 1,000 cycles. Only in the `pdsa`
    program, not where pdsa is a library in a longer-lived process."""
    if PROGRAM:
        import gc

        gc.freeze()
