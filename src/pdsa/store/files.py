"""Reading and writing files safely: the only code in pdsa that opens a file for writing.

- Reads take regular files only, never follow a symlink out of the project, and refuse
  files over a size cap, so a FIFO cannot hang a command and `/dev/zero` cannot exhaust
  memory. Text must be UTF-8; a byte-order mark and CRLF line ends are remembered.
- Writes are atomic: a temp file beside the target, fsync, then `os.replace` (or a hard
  link, which never overwrites, when creating). The file's mode is kept and a read-only
  file is refused. Temp files are named after the writing process, so ones left by a
  killed process can be recognised and removed.
- A read-modify-write holds `locks.write_lock` on the folder for its whole duration.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pdsa.errors import (
    InvalidDataError,
    Location,
    NotFoundError,
    PdsaError,
    Problem,
    ProblemKind,
    RefusedError,
    UsageError,
)
from pdsa.store.locks import TEMP_MARK, TEMP_SUFFIX

# A cycle is a few KiB; pdsa.yaml a few tens. Far above any real file, far below trouble.
YAML_LIMIT = 2 * 1024 * 1024
# 100,000 rows of measure data are about 3 MiB.
DATA_LIMIT = 64 * 1024 * 1024
STDOUT = Path("-")


class WriteError(PdsaError):
    """The operating system refused a write (disk full, permissions): exit 1."""


@dataclass(frozen=True)
class TextFile:
    """A file's text, with what is needed to write it back the same way."""

    path: Path
    text: str
    bom: bool = False
    crlf: bool = False
    stamp: tuple[int, int, int] = (0, 0, 0)  # inode, size, mtime: "has it changed since?"


def _refuse(shown: Path, message: str, hint: str) -> InvalidDataError:
    return InvalidDataError([Problem(Location(shown), message, hint, kind=ProblemKind.FILE)])


def read_bytes(
    path: Path, shown: Path | None = None, *, limit: int = YAML_LIMIT, root: Path | None = None
) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file, at most `limit`; with `root`, only a file inside it."""
    shown = shown or path
    if root is not None and path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            raise _refuse(
                shown,
                "is a symbolic link to a file outside the project",
                "pdsa reads only the project's own files; copy the file in instead",
            )
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise NotFoundError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise _refuse(shown, "is a folder, not a file", "give the path of a file") from None
    except OSError as exc:
        raise _refuse(shown, f"cannot be read: {exc.strerror}", "check its permissions") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(shown, "is not a regular file", "pdsa reads only ordinary files")
        if info.st_size > limit:
            raise _refuse(
                shown,
                f"is {info.st_size / 1048576:.1f} MiB, over the {limit // 1048576} MiB limit",
                "a file this big is not a cycle or measure file; split it or remove it",
            )
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # it grew while we read it
            raise _refuse(shown, f"is over the {limit // 1048576} MiB limit", "split it")
        return data, info
    finally:
        os.close(fd)


def read_text(
    path: Path, shown: Path | None = None, *, limit: int = YAML_LIMIT, root: Path | None = None
) -> TextFile:
    """Read a UTF-8 file, noting a byte-order mark and CRLF line ends so saving keeps them.

    `shown` is the path to name in messages (relative to where the user is).
    """
    shown = shown or path
    raw, info = read_bytes(path, shown, limit=limit, root=root)
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidDataError(
            [
                Problem(
                    offset_location(shown, raw, exc.start),
                    "not UTF-8 text",
                    "save it as UTF-8",
                    kind=ProblemKind.ENCODING,
                )
            ]
        ) from None
    crlf = "\r\n" in text
    return TextFile(
        path,
        text.replace("\r\n", "\n") if crlf else text,
        bom,
        crlf,
        (info.st_ino, info.st_size, info.st_mtime_ns),
    )


def discard_stdout() -> None:
    """Point standard output at the null device: the reader of a pipe has gone (`| head`),
    and the flush at exit must not fail a second time."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def stamp_of(path: Path) -> tuple[int, int, int]:
    """What `TextFile.stamp` would be now (all zero when the file is gone)."""
    try:
        info = path.stat()
    except OSError:
        return (0, 0, 0)
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def offset_location(path: Path, raw: bytes, offset: int) -> Location:
    """The 1-based line and column of a byte offset."""
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return Location(path, line, column)


@cache
def _umask() -> int:
    # os.umask can only be read by setting it; do it once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temp_name(target: Path) -> str:
    """The prefix of this process's temp files for `target`."""
    return f".{target.name}{TEMP_MARK}{os.getpid()}-"


def write_bytes(
    path: Path, data: bytes, *, create: bool = False, shown: Path | None = None
) -> None:
    """Atomically replace (or, with `create`, newly create) `path` with `data`.

    The temp file lives beside the target so `os.replace` is a rename on one file system.
    With `create`, a hard link publishes the file, which fails rather than overwrite.
    """
    shown = shown or path
    if not create:
        info = _existing_target(path, shown)
        mode = stat.S_IMODE(info.st_mode)
    else:
        mode = 0o666 & ~_umask()
    tmp: Path | None = None
    try:
        import tempfile

        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=temp_name(path), suffix=TEMP_SUFFIX)
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        if create:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise RefusedError(
                    f"{shown} already exists", hint="nothing was overwritten"
                ) from None
            except OSError:  # no hard links here (some network and FAT file systems)
                if path.exists():
                    raise RefusedError(
                        f"{shown} already exists", hint="nothing was overwritten"
                    ) from None
                tmp.replace(path)
                tmp = None
            if tmp is not None:
                tmp.unlink()
                tmp = None
        else:
            tmp.replace(path)
            tmp = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise WriteError(
            f"cannot write {shown}: {exc.strerror or exc}",
            hint="nothing was changed" if not create else "no file was created",
        ) from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _existing_target(path: Path, shown: Path) -> os.stat_result:
    """The target of a replace must be a regular, writable file that is not a link."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise NotFoundError(f"{shown}: no such file") from None
    if stat.S_ISLNK(info.st_mode):
        raise RefusedError(
            f"{shown} is a symbolic link",
            hint="pdsa replaces only ordinary files; give the real path",
        )
    if not stat.S_ISREG(info.st_mode):
        raise RefusedError(f"{shown} is not an ordinary file", hint="nothing was written")
    if not info.st_mode & 0o222:
        raise RefusedError(
            f"{shown} is read-only", hint="make it writable (chmod u+w) if it should change"
        )
    return info


def write_text(
    path: Path,
    text: str,
    *,
    create: bool = False,
    like: TextFile | None = None,
    shown: Path | None = None,
) -> None:
    """`write_bytes` for text, in UTF-8, with the BOM and CRLF of `like` when given."""
    if like is not None and like.crlf:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if like is not None and like.bom else b"") + text.encode("utf-8")
    write_bytes(path, data, create=create, shown=shown)


def write_output(path: Path, data: bytes | str) -> bool:
    """Write a file the user asked for (`--out`): atomically, or to stdout for `-`.

    Returns False when it went to stdout. An existing target must be an ordinary file:
    a device, a FIFO, a folder or a symbolic link is refused, never replaced.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return False
    if path.is_symlink() or (path.exists() and not path.is_file()):
        what = "a symbolic link" if path.is_symlink() else "not an ordinary file"
        raise UsageError(
            f"{path} is {what}",
            hint="give the path of an ordinary file (or - for stdout)",
            option="out",
        )
    if not path.parent.is_dir():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    exists = path.exists()
    try:
        write_bytes(path, raw, create=not exists)
    except RefusedError:
        if exists:
            raise
        write_bytes(path, raw)  # created meanwhile by someone else: replace it as asked
    return True


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def unified_diff(path: Path, before: str, after: str) -> str:
    """A unified diff of a change, for --dry-run (`path` as the user should see it)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(lines)
