"""Git history of cycle files: were the predictions committed before the results?

Uses the real `git` with argument lists (never a shell): one `git log --raw` pass lists every
version of every cycle file, and one `git cat-file --batch` process reads them, so the cost
grows with the number of versions, not with one process per file per commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdsa.errors import UsageError
from pdsa.fingerprint import canonical
from pdsa.model import Prediction
from pdsa.yamlio.text import YamlSyntaxError, fast_load

WORKTREE = "working tree"  # a pseudo-commit for changes not committed yet
_NULL_SHA = "0" * 40


class HistoryUnavailableError(UsageError):
    """No git, no repository, or not enough history to prove anything (exit 2)."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            env=env,
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
        top = _git(path, "rev-parse", "--show-toplevel").decode().strip()
    except HistoryUnavailableError:
        raise HistoryUnavailableError(
            f"{path} is not in a git repository",
            hint="the history proof reads the commits of cycles/",
            option="history",
        ) from None
    if _git(path, "rev-parse", "--is-shallow-repository").decode().strip() == "true":
        raise HistoryUnavailableError(
            "this is a shallow clone: the history that proves predictions came first is missing",
            hint="fetch full history: `git fetch --unshallow` "
            "(GitHub Actions: actions/checkout with fetch-depth: 0)",
        )
    if not _git(path, "rev-parse", "--verify", "-q", "HEAD^{commit}").strip():
        raise HistoryUnavailableError("the repository has no commits yet")
    return Path(top)


def changed_since(root: Path, base: str, pathspec: str) -> set[str]:
    """Paths under `pathspec` changed between `base` and the working tree."""
    try:
        merge_base = _git(root, "merge-base", base, "HEAD").decode().strip()
    except HistoryUnavailableError:
        raise HistoryUnavailableError(
            f"{base}: no such revision, or no common history with HEAD",
            hint="fetch it first, e.g. `git fetch origin main`, and give origin/main",
            option="base",
        ) from None
    out = _git(root, "diff", "--name-only", merge_base, "--", pathspec).decode()
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", pathspec)
    return {line for line in (out + untracked.decode()).splitlines() if line}


@dataclass(frozen=True)
class Version:
    """One committed (or working-tree) state of a file."""

    commit: str
    data: dict[str, Any] | None  # None: deleted or unparseable at that commit


def versions(root: Path, relpaths: Iterable[str], pathspec: str) -> dict[str, list[Version]]:
    """Every version of each file, oldest first, with the working tree last if it differs."""
    wanted = set(relpaths)
    raw = _git(
        root,
        "log",
        "--reverse",
        "--topo-order",
        "--format=%x00%H",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--",
        pathspec,
    ).decode("utf-8", "replace")
    history: dict[str, list[tuple[str, str]]] = {p: [] for p in wanted}
    commit = ""
    for line in raw.splitlines():
        if line.startswith("\0"):
            commit = line[1:].strip()
        elif line.startswith(":") and "\t" in line:
            meta, path = line.split("\t", 1)
            if path in wanted:
                history[path].append((commit, meta.split()[3]))
    blobs = _read_blobs(
        root, {sha for items in history.values() for _, sha in items if sha != _NULL_SHA}
    )
    result: dict[str, list[Version]] = {}
    for path, items in history.items():
        found = [Version(c, _parse(blobs.get(sha))) for c, sha in items]
        current = root / path
        text = current.read_text(encoding="utf-8") if current.is_file() else None
        last_text = blobs.get(items[-1][1]) if items else None
        if text is not None and text != last_text:
            found.append(Version(WORKTREE, _parse(text)))
        result[path] = found
    return result


def _read_blobs(root: Path, shas: set[str]) -> dict[str, str]:
    if not shas:
        return {}
    ordered = sorted(shas)
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in ordered).encode())
    blobs: dict[str, str] = {}
    position = 0
    for sha in ordered:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        start = header_end + 1
        blobs[sha] = out[start : start + size].decode("utf-8", "replace")
        position = start + size + 1
    return blobs


def _parse(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        data = fast_load(text)
    except YamlSyntaxError:
        return None
    return data if isinstance(data, dict) else None


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    """True when `older` is an ancestor of `newer` (both real commits)."""
    done = subprocess.run(
        ["git", "-C", str(root), "merge-base", "--is-ancestor", older, newer],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def prediction_digests(data: dict[str, Any] | None) -> dict[str, str]:
    """Prediction id -> canonical form, for the predictions that validate in this version."""
    plan = data.get("plan") if data else None
    items = plan.get("predictions") if isinstance(plan, dict) else None
    digests: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        try:
            prediction = Prediction.model_validate(item)
        except ValueError:
            continue
        digests[prediction.id] = canonical(prediction)
    return digests


def records_results(data: dict[str, Any] | None) -> bool:
    """True when this version records a Do start or study results."""
    if not data:
        return False
    do, study = data.get("do"), data.get("study")
    started = isinstance(do, dict) and do.get("started") is not None
    results = isinstance(study, dict) and bool(study.get("results"))
    return started or results or data.get("status") not in (None, "plan")


@dataclass(frozen=True)
class LatePrediction:
    """A prediction not committed before the commit that first recorded results."""

    prediction: str
    predicted_in: str | None  # commit, WORKTREE, or None when never in that form
    results_in: str


def late_predictions(
    root: Path, history: list[Version], current: dict[str, str]
) -> list[LatePrediction]:
    """The current predictions whose first appearance is not before the first results."""
    first_results = next((i for i, v in enumerate(history) if records_results(v.data)), None)
    if first_results is None:
        return []
    results_commit = history[first_results].commit
    late = []
    for pid, form in current.items():
        first = next(
            (i for i, v in enumerate(history) if prediction_digests(v.data).get(pid) == form), None
        )
        ok = (
            first is not None
            and first < first_results
            and history[first].commit != WORKTREE
            and (
                results_commit == WORKTREE
                or is_ancestor(root, history[first].commit, results_commit)
            )
        )
        if not ok:
            late.append(
                LatePrediction(
                    pid, history[first].commit if first is not None else None, results_commit
                )
            )
    return late
