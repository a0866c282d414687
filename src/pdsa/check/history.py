"""The history of the project's files, read from git in one pass: which commits touched
them, in what order, with which parents and dates, and the blob each file had at each.

One `git log -z --raw` pass (NUL-separated, so a path with `é`, a quote or a tab is read as
it is, never as git's quoted form) lists the commits in topological order with git's
parent rewriting, so the graph kept here has only those commits and ancestry is answered
in memory rather than by a process per question. Merges are read against each parent
(`-m`): a merge that brings a new version of a file (an "evil merge") is seen.

What git is trusted for, and what not, is in docs/security.md: the order of commits is
evidence; dates are claims made by whoever committed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pdsa.check.repo import git

WORKTREE = "working tree"  # a pseudo-commit for changes not committed yet
_NULL_SHA = "0" * 40


@dataclass(frozen=True)
class Commit:
    """A commit that touched the project's files, as the history proof needs it."""

    sha: str
    parents: tuple[str, ...]  # the nearest such commits before it (git's parent rewriting)
    authored: dt.datetime  # with the author's own UTC offset, as they saw the day
    committed: int  # seconds since the epoch
    index: int  # position in topological order: every parent comes before its children


@dataclass
class Log:
    """The commits that touched some paths, and each file's versions, oldest first."""

    commits: dict[str, Commit] = field(default_factory=dict)
    files: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    linear: bool = True  # no merges: ancestry is then just the order
    _reach: dict[str, tuple[int, set[str]]] = field(default_factory=dict)

    def index(self, commit: str) -> int:
        """Topological position; the working tree comes after every commit."""
        return len(self.commits) if commit == WORKTREE else self.commits[commit].index

    def is_ancestor(self, older: str, newer: str, *, strict: bool = True) -> bool:
        """Whether `older` is in the history of `newer` (or is it, when not strict)."""
        if older == newer:
            return not strict
        if older == WORKTREE:
            return False
        if newer == WORKTREE:
            return True
        floor = self.commits[older].index
        if floor > self.commits[newer].index:
            return False
        if self.linear:
            return True
        known = self._reach.get(newer)
        if known is None or known[0] > floor:
            known = (floor, self._ancestors(newer, floor))
            self._reach[newer] = known
        return older in known[1]

    def _ancestors(self, commit: str, floor: int) -> set[str]:
        # Ancestors sit earlier in topological order, so nothing below `floor` can lead
        # back up to a commit at or above it: the walk stops there.
        seen: set[str] = set()
        todo = list(self.commits[commit].parents)
        while todo:
            sha = todo.pop()
            if sha in seen or sha not in self.commits or self.commits[sha].index < floor:
                continue
            seen.add(sha)
            todo.extend(self.commits[sha].parents)
        return seen

    def out_of_order(self, commit: str, tolerance: int) -> Commit | None:
        """A parent committed more than `tolerance` seconds after `commit`, if any."""
        this = self.commits.get(commit)
        if this is None:
            return None
        later = [
            self.commits[p]
            for p in this.parents
            if p in self.commits and self.commits[p].committed - this.committed > tolerance
        ]
        return max(later, key=lambda c: c.committed) if later else None


def read_log(root: Path, pathspecs: Iterable[str]) -> Log:
    """Every commit in HEAD's history that touched `pathspecs`, and each file's blobs."""
    out = git(
        root,
        "log",
        "-z",
        "--reverse",
        "--topo-order",
        "--full-history",
        "--parents",
        "-m",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--no-color",
        "--format=%x01%H %P%x02%aI %ct",
        "HEAD",
        "--",
        *pathspecs,
    )
    log = Log()
    seen: set[tuple[str, str]] = set()
    tokens = out.split(b"\0")
    current = ""
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        i += 1
        if token.startswith(b"\x01"):
            ids, _, dates = token[1:].decode().partition("\x02")
            sha, *parents = ids.split()
            current = sha
            log.linear = log.linear and len(parents) <= 1
            if sha not in log.commits:  # `-m` repeats a merge once per parent
                authored, committed = dates.split()
                log.commits[sha] = Commit(
                    sha,
                    tuple(parents),
                    dt.datetime.fromisoformat(authored),
                    int(committed),
                    len(log.commits),
                )
        elif token.startswith(b":") and i < len(tokens):
            path = os.fsdecode(tokens[i])
            i += 1
            blob = token.split()[-2].decode()  # the version after the change
            if (current, path) not in seen:
                seen.add((current, path))
                log.files.setdefault(path, []).append(
                    (current, None if blob == _NULL_SHA else blob)
                )
    return log
