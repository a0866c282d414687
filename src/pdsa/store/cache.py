"""The hub's clone cache: the folder `pdsa network` fetches team repositories into.

`git` writes inside it; this module makes, publishes and removes its folders, and nothing
outside it. A first clone is made in a folder named after the process (`.<key>.partial-
<pid>`) and renamed into place only when complete, so a run that is killed half-way leaves
a partial folder that the next run recognises (its process is gone) and removes: resuming
never builds on half a clone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from pdsa.errors import RefusedError
from pdsa.store.files import WriteError, write_text
from pdsa.store.locks import _running

PARTIAL = ".partial-"
# The cache holds other people's repositories: the hub's own git must never commit it.
IGNORE_ALL = "# pdsa network cache: clones of the team repositories, rebuilt on demand\n*\n"


def ensure_cache(folder: Path) -> Path:
    """Create the cache folder (with a `.gitignore` of everything) when missing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {folder}: {exc.strerror or exc}") from None
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(RefusedError):  # another run made it meanwhile
            write_text(ignore, IGNORE_ALL, create=True)
    return folder


def partial_folder(folder: Path, key: str) -> Path:
    """Where this process builds the first clone of `key`."""
    return folder / f".{key}{PARTIAL}{os.getpid()}"


def stale_partials(folder: Path) -> list[Path]:
    """Partial clones left by runs that no longer exist."""
    found = []
    for entry in folder.iterdir() if folder.is_dir() else []:
        name = entry.name
        if not (name.startswith(".") and PARTIAL in name):
            continue
        pid = name.rsplit(PARTIAL, 1)[1]
        if pid.isdigit() and not _running(int(pid)):
            found.append(entry)
    return found


def discard(path: Path, folder: Path) -> None:
    """Remove a clone (partial or broken) from the cache; nothing outside it, no link."""
    if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
        raise RefusedError(f"{path} is not a folder of the cache {folder}")
    if path.resolve() == folder.resolve():
        raise RefusedError(f"refusing to remove the whole cache {folder}")
    try:
        shutil.rmtree(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise WriteError(f"cannot remove {path}: {exc.strerror or exc}") from None


def publish(partial: Path, final: Path) -> bool:
    """Move a finished clone into place; False (and the partial removed) when another run
    put one there first."""
    try:
        partial.rename(final)
    except OSError:
        if final.is_dir():
            discard(partial, final.parent)
            return False
        raise
    return True
