"""Exceptions the core raises; each carries the exit code the CLI maps it to.

The core never prints or exits: it raises one of these and `cli` renders it as a
one-line message (``file:line:column: what is wrong (what to do)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INVALID = 3


@dataclass(frozen=True)
class Location:
    """A place in a file; line and column are 1-based, 0 when unknown."""

    path: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return str(self.path)


class ProblemKind(StrEnum):
    """What sort of problem a file has; `pdsa check` maps kinds to rule codes."""

    FILE = "file"  # not a regular file, too big, a link out of the project, unreadable
    ENCODING = "encoding"  # not UTF-8
    SYNTAX = "syntax"  # not YAML (or not CSV)
    NOT_MAPPING = "not-mapping"  # YAML, but not `key: value` lines at the top
    SCHEMA = "schema"  # parses, but does not match the format
    ID_MISMATCH = "id-mismatch"  # a cycle's id differs from its file name
    DATA = "data"  # a measure file's row or cell is wrong
    EXTRA = "extra"  # not the file's fault: this install lacks the charts extra


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, with where it is and how to fix it."""

    location: Location
    message: str
    hint: str = ""
    field: str = ""  # the key the problem is about, when it is about one
    kind: ProblemKind = ProblemKind.SCHEMA
    detail: str = ""  # the validator's error type (missing, extra_forbidden, ...)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class PdsaError(Exception):
    """Base class: a message for the user and the exit code that goes with it."""

    exit_code = EXIT_FINDINGS

    def __init__(self, message: str, *, hint: str = "", option: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        # The parameter the message is about (`confidence`); the CLI names its flag.
        self.option = option

    def lines(self) -> list[str]:
        """The lines to show the user, most important first."""
        return [f"{self.message} ({self.hint})" if self.hint else self.message]


class RefusedError(PdsaError):
    """The request is well-formed but the data's state does not allow it (exit 1)."""

    exit_code = EXIT_FINDINGS


class UsageError(PdsaError):
    """The command line asks for something that cannot be done (exit 2)."""

    exit_code = EXIT_USAGE


class NotFoundError(UsageError):
    """A named cycle, measure or template does not exist (exit 2)."""


class ProjectNotFoundError(UsageError):
    """No ``pdsa.yaml`` above the working directory (exit 2)."""


class MissingExtraError(UsageError):
    """A command needs an optional part of pdsa that is not installed, such as the charts
    extra (exit 2); the hint says exactly what to install."""


# A light install (`pip install pdsa-cli`) is enough for check, list, show, tree, agenda and
# the JSON outputs, so CI jobs and pre-commit hooks stay small; drawing (matplotlib) and
# control charts (NumPy) need the charts extra, the default install (docs/install.md).
CHARTS_EXTRA = "pdsa-cli[charts]"
CHARTS_HINT = f"install the charts extra: pip install '{CHARTS_EXTRA}' (pipx, uv: docs/install.md)"


def require_charts(what: str, *, drawing: bool = True) -> None:
    """Raise `MissingExtraError` unless the charts extra is installed: NumPy, and matplotlib
    too when `drawing`. `what` names the feature (`pdsa chart`). The modules are found, not
    loaded: loading matplotlib takes most of a second, which a chart does in its drawing
    process while it reads the project (`pdsa.cli.drawing`)."""
    from importlib.util import find_spec

    for module in ("numpy", "matplotlib") if drawing else ("numpy",):
        try:
            found = find_spec(module)
        except (ImportError, ValueError):
            found = None
        if found is None:
            raise MissingExtraError(
                f"{what} needs the charts extra ({module} is not installed)", hint=CHARTS_HINT
            ) from None


class AnalysisError(PdsaError):
    """Numbers a chart cannot be computed from (a zero interval on a t chart, a negative
    count, a subgroup of size 0): the message says which point and why (exit 3)."""

    exit_code = EXIT_INVALID


class InvalidDataError(PdsaError):
    """A file does not parse or does not validate (exit 3); carries every problem found."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0] if problems else None
        super().__init__(str(first) if first else "invalid data")
        self.problems = problems

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


def unknown(kind: str, value: str, known: list[str]) -> NotFoundError:
    """`no measure 'x' in pdsa.yaml`, with the nearest known id (or the known ids) as a hint."""
    import difflib

    close = difflib.get_close_matches(value, known, n=1)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif known:
        hint = "known: " + ", ".join(known)
    else:
        hint = f"add it to pdsa.yaml under {kind.replace(' ', '_')}s"
    return NotFoundError(f"no {kind} '{value}' in pdsa.yaml", hint=hint)
