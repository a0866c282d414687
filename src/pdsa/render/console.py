"""Consoles and the one-line error format, shared by every command."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

from rich.console import Console

from pdsa.errors import InvalidDataError, PdsaError, Problem


class _Keyboard:
    """Standard input read a line at a time, waking every quarter second.

    A Ctrl-C that lands after a prompt is printed but before `input()` blocks in the C
    library sets Python's flag and is then never acted on: the read waits for a line (a
    race a loaded machine makes real). Waiting in `select` with a timeout returns to Python
    often enough for the interrupt to be raised, so Ctrl-C always stops the meeting.
    """

    def readline(self) -> str:
        import select

        # The descriptor, not sys.stdin: a buffered reader could hold a typed-ahead line
        # that select() cannot see. A terminal in line mode hands over a line per read.
        fd = sys.stdin.fileno()
        data = b""
        while not data.endswith(b"\n"):
            ready, _, _ = select.select([fd], [], [], 0.25)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:  # Ctrl-D
                if data:
                    break
                raise EOFError
            data += chunk
        return data.decode(sys.stdin.encoding or "utf-8", errors="replace")


class _Console(Console):
    """rich's Console, reading its prompts through `_Keyboard` on a POSIX terminal."""

    def input(self, prompt: Any = "", *, stream: Any = None, **options: Any) -> str:
        if stream is None and os.name == "posix" and sys.stdin.isatty():
            stream = _Keyboard()
        text: str = super().input(prompt, stream=stream, **options)
        return text.removesuffix("\n")


def out() -> Console:
    """A console on stdout: data goes here. NO_COLOR and non-terminals get plain text.

    Piped output is not cut to 80 columns: a table in a file or a CI log should keep
    whole ids and titles.
    """
    console = _Console(highlight=False, soft_wrap=False, no_color=_no_color())
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = _Console(highlight=False, soft_wrap=False, no_color=_no_color(), width=160)
    return console


def err() -> Console:
    """A console on stderr: messages and progress go here."""
    return Console(stderr=True, highlight=False, soft_wrap=True, no_color=_no_color())


def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


# Characters JSON may hold raw that a terminal acts on (DEL, the C1 controls such as CSI,
# line and paragraph separators): written as \u escapes, the same JSON to any parser.
_JSON_RAW = {c: f"\\u{c:04x}" for c in [0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]}


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str).translate(_JSON_RAW)


def print_json(data: Any) -> None:
    """JSON on stdout, two-space indented, UTF-8 kept readable."""
    sys.stdout.write(_dumps(data) + "\n")


_ITEMS = "@@pdsa-items@@"


def print_json_list(shape: Callable[[str], Any], items: Iterable[Any]) -> None:
    """What `print_json(shape(items))` prints, written item by item as `items` yields them.

    `shape(marker)` is the document with `marker` where the array goes, one level inside the
    top object; it is called before the items (for the text before the array) and again after
    them, so what follows the array (the files that could not be read) may depend on the
    reading. The text is the same as the whole document dumped at once.
    """
    write = sys.stdout.write
    write(_dumps(shape(_ITEMS)).split(f'"{_ITEMS}"', 1)[0])
    first = True
    for item in items:
        write(("[\n    " if first else ",\n    ") + _dumps(item).replace("\n", "\n    "))
        first = False
    write("[]" if first else "\n  ]")
    write(_dumps(shape(_ITEMS)).split(f'"{_ITEMS}"', 1)[1] + "\n")


def problem_line(problem: Problem, severity: str = "error") -> str:
    """`file:line:col: error: message (hint)`, the form editors and CI logs link to."""
    text = f"{problem.location}: {severity}: {problem.message}"
    return f"{text} ({problem.hint})" if problem.hint else text


def error_lines(exc: PdsaError, label: str | None = None) -> list[str]:
    """The lines to print for an error; `label` is how the parameter it is about is typed
    (`--title`, or `ID` for an argument), else the option's flag."""
    if isinstance(exc, InvalidDataError):
        return [problem_line(p) for p in exc.problems]
    # An argument is named by its metavar (STATEMENT), an option by its flag (--at-most).
    if not label and exc.option:
        label = exc.option if exc.option.isupper() else f"--{exc.option.replace('_', '-')}"
    flag = f"{label}: " if label else ""
    return [f"pdsa: error: {flag}{line}" for line in exc.lines()]


def say(message: str, style: str = "") -> None:
    """A message for the person at the terminal (stderr)."""
    err().print(message, style=style or None, markup=False)
