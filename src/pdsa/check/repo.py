"""The git repository behind `pdsa check --history`: finding it, the base of a change, and
one `git cat-file --batch` process that reads every blob the proof needs.

git runs as a real process with argument lists (never a shell), in an environment that
pins what could change its answers: replacement objects are ignored (`git replace` would
show a history other than the one stored), pathspecs are literal (a project folder named
`[x]` means itself), paths are never quoted. A shallow clone or a grafts file is refused:
with them, git shows less history, or another, than the one the team committed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from pdsa.errors import UsageError

# Settings that would change what `git log` prints, pinned for every user's config.
CONFIG = (
    "-c",
    "log.showRoot=true",
    "-c",
    "log.showSignature=false",
    "-c",
    "log.diffMerges=separate",
    "-c",
    "core.quotePath=false",
)
_BATCH_BYTES = 8192  # requests per write stay far below any pipe buffer: no deadlock


class HistoryUnavailableError(UsageError):
    """No git, no repository, or not enough history to prove anything (exit 2)."""


def git_env() -> dict[str, str]:
    """The environment every git process of the proof runs in."""
    # Replacement objects (`git replace`) would show a history other than the one stored;
    # pathspecs are literal so a project folder named `[x]` or `*` means itself.
    return {
        **os.environ,
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_LITERAL_PATHSPECS": "1",
        "LC_ALL": "C",
    }


def git(root: Path, *args: str) -> bytes:
    """The output of `git args...` run in `root`; its first error line if it fails."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *CONFIG, *args],
            capture_output=True,
            env=git_env(),
            check=False,
        )
    except OSError as exc:
        raise HistoryUnavailableError(f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryUnavailableError(f"git {args[0]} failed: {message[0] if message else ''}")
    return done.stdout


def repository_root(path: Path) -> Path:
    """The top of the git work tree holding `path`; clear errors when there is none."""
    if shutil.which("git") is None:
        raise HistoryUnavailableError("needs git, which is not installed", option="history")
    try:
        out = git(path, "rev-parse", "--is-shallow-repository", "--git-path", "info/grafts")
        top = git(path, "rev-parse", "--show-toplevel")
    except HistoryUnavailableError:
        raise HistoryUnavailableError(
            f"{path} is not in a git repository",
            hint="the history proof reads the commits of cycles/",
            option="history",
        ) from None
    shallow, grafts = os.fsdecode(out).split("\n", 1)
    if shallow.strip() == "true":
        raise HistoryUnavailableError(
            "this is a shallow clone: the history that proves predictions came first is missing",
            hint="fetch full history: `git fetch --unshallow` "
            "(GitHub Actions: actions/checkout with fetch-depth: 0)",
        )
    if (path / grafts.removesuffix("\n")).is_file():
        raise HistoryUnavailableError(
            "this repository has grafts (.git/info/grafts): git shows a history other than "
            "the one stored, so it proves nothing",
            hint="remove the grafts file, or check in a fresh clone",
        )
    try:
        git(path, "rev-parse", "--verify", "-q", "HEAD^{commit}")
    except HistoryUnavailableError:
        raise HistoryUnavailableError("the repository has no commits yet") from None
    return Path(os.fsdecode(top).removesuffix("\n"))


def merge_base(root: Path, base: str) -> str:
    """The commit where HEAD's history and `base` meet (the start of a pull request)."""
    try:
        if base.startswith("-"):  # a revision, never an option
            raise HistoryUnavailableError(base)
        return git(root, "merge-base", base, "HEAD").decode().strip()
    except HistoryUnavailableError:
        raise HistoryUnavailableError(
            f"{base}: no such revision, or no common history with HEAD",
            hint="fetch it first, e.g. `git fetch origin main`, and give origin/main",
            option="base",
        ) from None


def changed_since(root: Path, commit: str, pathspec: str) -> set[str]:
    """Paths under `pathspec` changed between `commit` and the working tree."""
    out = git(root, "diff", "-z", "--name-only", "--no-renames", commit, "--", pathspec)
    untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", pathspec)
    return {os.fsdecode(p) for p in (out + untracked).split(b"\0") if p}


class Blobs:
    """One `git cat-file --batch` process, asked in as many rounds as the proof needs."""

    def __init__(self, root: Path) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "-C", str(root), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=git_env(),
            )
        except OSError as exc:
            raise HistoryUnavailableError(f"cannot run git: {exc.strerror}") from None
        self._cache: dict[str, bytes | None] = {}

    def __enter__(self) -> Blobs:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """End the git process."""
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait()

    def read(self, names: Iterable[str]) -> dict[str, bytes | None]:
        """Blob contents by sha or `rev:path`; None when missing or not a blob."""
        todo = [n for n in dict.fromkeys(names) if n not in self._cache]
        for name in todo:
            if "\n" in name:  # cannot be asked on a line; counts as not there
                self._cache[name] = None
        todo = [n for n in todo if n not in self._cache]
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        start = 0
        try:
            while start < len(todo):
                end, size = start, 0
                while end < len(todo) and (end == start or size < _BATCH_BYTES):
                    size += len(todo[end]) + 1
                    end += 1
                stdin.write("".join(f"{n}\n" for n in todo[start:end]).encode())
                stdin.flush()
                for name in todo[start:end]:
                    self._cache[name] = _answer(stdout)
                start = end
        except (OSError, ValueError) as exc:
            raise HistoryUnavailableError(f"git cat-file failed: {exc}") from None
        return {n: self._cache[n] for n in names}

    def read_blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """Blobs that the history names: one that cannot be read stops the proof."""
        found = self.read(shas)
        missing = sorted(sha for sha, raw in found.items() if raw is None)
        if missing:
            raise HistoryUnavailableError(
                f"git cannot read {len(missing)} version(s) of the project's files "
                f"(blob {missing[0][:10]}): the history is incomplete, so it proves nothing",
                hint="check in a full clone (`git clone` without --filter or --depth)",
            )
        return {sha: raw for sha, raw in found.items() if raw is not None}


def _answer(stdout: IO[bytes]) -> bytes | None:
    header = stdout.readline()
    if not header:
        raise ValueError("the process ended")
    parts = header.split()
    if header.endswith((b" missing\n", b" ambiguous\n")) or len(parts) != 3:
        return None
    data = stdout.read(int(parts[2]))
    stdout.read(1)  # the newline after each object
    return data if parts[1] == b"blob" else None
