"""`pdsa edit`: open a cycle in the team's editor, then validate it and offer to edit again.

The editor is started the way libraries do it (click's `edit`, git on Windows): its command
split into words and run directly, with the file as the last argument, never through
`sh -c`. So it works the same on Linux, macOS and Windows, and a file name is never read
by a shell.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import typer

from pdsa.cli._app import workspace

# Tried in order when nothing is configured (as click does); Windows always has notepad.
FALLBACK_EDITORS = ("sensible-editor", "nano", "vim", "vi")


def find_editor() -> str | None:
    """The editor git would use, without git's own default: $GIT_EDITOR, `core.editor`,
    $VISUAL, $EDITOR. None when nothing is configured."""
    if os.environ.get("GIT_EDITOR"):
        return os.environ["GIT_EDITOR"]
    if shutil.which("git"):
        try:
            found = subprocess.run(
                ["git", "config", "core.editor"],
                capture_output=True,
                text=True,
                check=False,
                timeout=10,
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            found = ""
        if found:
            return found
    for name in ("VISUAL", "EDITOR"):
        if os.environ.get(name):
            return os.environ[name]
    return None


def editor_command(editor: str | None, path: Path) -> list[str]:
    """The words to run: the configured editor's (quotes respected, `code --wait` is two
    words) or the platform's default, then the file."""
    if editor is None:
        if sys.platform == "win32":
            return ["notepad", str(path)]
        found = next((e for e in FALLBACK_EDITORS if shutil.which(e)), "vi")
        return [found, str(path)]
    windows = sys.platform == "win32"
    words = shlex.split(editor, posix=not windows)
    if windows:  # shlex keeps the quotes of "C:\Program Files\..." in non-POSIX mode
        words = [w[1:-1] if len(w) > 1 and w[0] == w[-1] == '"' else w for w in words]
    if not words:
        return ["vi", str(path)]
    # A bare name resolved on PATH (on Windows this finds code.cmd for `code`).
    words[0] = shutil.which(words[0]) or words[0]
    return [*words, str(path)]


def edit_cycle(ctx: typer.Context, ref: str) -> None:
    """Open the cycle `ref` names; after the editor closes, validate it and say exactly what
    is wrong, offering to edit again. Without a terminal it never waits for an editor."""
    from pdsa.errors import InvalidDataError, UsageError
    from pdsa.render.console import error_lines, say

    ws = workspace(ctx)
    path = ws.cycle_path(ws.resolve(ref))
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not os.environ.get("PDSA_EDITOR_OK"):
        raise UsageError("pdsa edit needs a terminal", hint=f"edit {ws.rel(path)} directly")
    command = editor_command(find_editor(), path)
    while True:
        try:
            status = subprocess.run(command, check=False).returncode
        except OSError as exc:
            raise UsageError(
                f"cannot start the editor '{command[0]}': {exc.strerror or exc}",
                hint="set $VISUAL or $EDITOR (or git's core.editor) to an editor on PATH",
            ) from None
        if status != 0:
            raise UsageError(f"editor '{command[0]}' exited with {status}")
        try:
            ws.load_cycle_file(path)
        except InvalidDataError as exc:
            for line in error_lines(exc):
                say(line)
            if sys.stdin.isatty() and typer.confirm("Edit again?", default=True, err=True):
                continue
            raise typer.Exit(exc.exit_code) from None
        say(f"{ws.rel(path)} is valid")
        return
