"""Write locks and leftover temp files: what makes concurrent pdsa writers safe.

A read-modify-write holds `write_lock` on the folder for its whole duration, so two writers
never lose each other's change: the second waits, then works on the result of the first.
Temp files carry the writing process's id, so ones left by a killed process are found
(`stale_temps`) and removed before the next write in their folder.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pdsa.errors import RefusedError

TEMP_MARK = ".pdsa-"
TEMP_SUFFIX = ".tmp"
LOCK_WAIT_SECONDS = 30.0


def stale_temps(folder: Path) -> list[Path]:
    """Temp files in `folder` left by pdsa processes that no longer run."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and TEMP_MARK in name and name.endswith(TEMP_SUFFIX)):
            continue
        pid_text = name.rsplit(TEMP_MARK, 1)[1].split("-", 1)[0]
        if pid_text.isdigit() and not _running(int(pid_text)):
            found.append(Path(entry.path))
    return found


def clean_stale_temps(folder: Path) -> None:
    """Remove temp files left by killed pdsa processes (never another's live one)."""
    for path in stale_temps(folder):
        try:
            if time.time() - path.stat().st_mtime > 2:
                path.unlink()
        except OSError:
            pass


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


@contextmanager
def write_lock(folder: Path, shown: Path | None = None) -> Iterator[None]:
    """Hold the folder's write lock: other pdsa writers wait (up to half a minute)."""
    shown = shown or folder
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        with _windows_lock(folder, shown):
            yield
        return
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield  # a folder we cannot open cannot be written either: the write will say so
        return
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise RefusedError(
                        f"another pdsa command has been writing in {shown} for "
                        f"{LOCK_WAIT_SECONDS:.0f} s",
                        hint="wait for it to finish, then run this again; nothing was written",
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def _windows_lock(folder: Path, shown: Path) -> Iterator[None]:  # pragma: no cover
    import msvcrt

    lock_path = folder / ".pdsa-write.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RefusedError(
                        f"another pdsa command is writing in {shown}", hint="try again"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)
