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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pdsa.errors import RefusedError

TEMP_MARK = ".pdsa-"
TEMP_SUFFIX = ".tmp"
LOCK_WAIT_SECONDS = 30.0


def is_temp(name: str) -> bool:
    """Whether a file name is one of pdsa's temp files."""
    return name.startswith(".") and TEMP_MARK in name and name.endswith(TEMP_SUFFIX)


def stale_temps(paths: Iterable[Path]) -> list[Path]:
    """The temp files among `paths` left by pdsa processes that no longer run."""
    found = []
    for path in paths:
        if not is_temp(path.name):
            continue
        pid_text = path.name.rsplit(TEMP_MARK, 1)[1].split("-", 1)[0]
        if pid_text.isdigit() and not _running(int(pid_text)):
            found.append(path)
    return found


def clean_stale_temps(paths: Iterable[Path]) -> list[Path]:
    """Remove the temp files among `paths` left by killed pdsa processes (never another's
    live one); callers pass a folder listing they already have. Returns those removed."""
    removed = []
    for path in stale_temps(paths):
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


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
