"""Fetching the teams' repositories into the hub's cache with the real `git`.

Each repository is cloned once (`git init`, then a fetch of the one ref, then a detached
checkout: the same steps for a branch, a tag or a commit) and fetched after that; a fetch that
brings nothing new leaves the working tree alone. The first fetch is shallow (`--depth 1`)
unless the history proof is asked for; later ones bring only the commits made since, and
`--history` deepens a shallow clone once (`--unshallow`). Several run
at once, in threads (the work is git's, in its own processes). Git is always given an
argument list, never a shell; it never prompts (a missing credential fails at once), and one
repository's failure is that repository's result, never the run's.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pdsa.errors import PdsaError
from pdsa.model.network import Team
from pdsa.network.config import Hub, cache_key, redact
from pdsa.store.cache import discard, ensure_cache, partial_folder, publish, stale_partials
from pdsa.store.locks import write_lock

FetchStatus = Literal["cloned", "fetched", "unchanged", "local", "cached", "stale", "unreachable"]
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


class GitError(Exception):
    """A git command failed; the message is git's reason, credentials redacted."""


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch: full history or shallow, how many at once, how long each may take."""

    history: bool = False
    jobs: int = 8
    timeout: float = 600.0
    offline: bool = False  # read the cache as it is, fetch nothing


@dataclass(frozen=True)
class Fetched:
    """What became of one team's source."""

    team: Team
    status: FetchStatus
    root: Path | None  # the project folder to read (None: nothing to read)
    commit: str | None = None
    error: str = ""
    shallow: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """The fetch did not succeed (a stale copy may still be read)."""
        return self.status in ("stale", "unreachable")


def git(cwd: Path | None, *args: str, timeout: float = 600.0) -> str:
    """Run git with an argument list; its stdout, or a `GitError` with git's reason."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    # Never wait at a prompt: an ssh key with a passphrase fails like a wrong password.
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    where = ["-C", str(cwd)] if cwd is not None else []
    command = ["git", "-c", "protocol.ext.allow=never", *where, *args]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            env=env,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {timeout:g} s") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise GitError(_reason(done.stderr.decode("utf-8", "replace"), args[0]))
    return done.stdout.decode("utf-8", "replace")


def _reason(stderr: str, command: str) -> str:
    """Git's first fatal line (with the detail git prints under it when it ends in a
    colon: `unable to connect to host:` then the errno), else its last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    first = next((i for i, line in enumerate(lines) if line.startswith(("fatal:", "error:"))), None)
    if first is None:
        return redact(lines[-1] if lines else f"git {command} failed")
    text = re.sub(r"^(fatal|error):\s*", "", lines[first])
    if text.endswith(":") and first + 1 < len(lines):
        text = f"{text} {lines[first + 1]}"
    return redact(text)


def _git_dir_file(repo: Path, name: str) -> str:
    try:
        return (repo / ".git" / name).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def head(repo: Path) -> str | None:
    """The commit checked out (detached), read from `.git/HEAD` without running git."""
    text = _git_dir_file(repo, "HEAD").strip()
    return text if _SHA.match(text) else None


def _fetch_head(repo: Path) -> str:
    first = _git_dir_file(repo, "FETCH_HEAD").split("\t", 1)[0].strip()
    if not _SHA.match(first):
        raise GitError("the fetch brought no commit")
    return first


def is_shallow(repo: Path) -> bool:
    """Whether the clone lacks history (`.git/shallow` lists its cut-off commits)."""
    return (repo / ".git" / "shallow").is_file()


def remote_url(hub: Hub, url: str) -> str:
    """The URL git is given: a relative path to a repository is taken from the hub's folder
    (git would take it from the clone's); URLs and `host:path` addresses are left alone."""
    if "://" in url:
        return url
    head, colon, _ = url.partition(":")
    if colon and "/" not in head and len(head) > 1:  # scp-like: git@github.com:org/repo
        return url
    path = Path(url).expanduser()
    return str(path if path.is_absolute() else (hub.root / path).resolve())


def _fetch(repo: Path, team: Team, options: FetchOptions, *, fresh: bool) -> str:
    args = ["fetch", "--quiet", "--no-tags"]
    if options.history:
        if is_shallow(repo):
            args.append("--unshallow")
    elif fresh:
        # Only the first fetch is cut to one commit: later ones bring just the commits made
        # since, which costs git less than cutting again, and a full clone stays full.
        args += ["--depth", "1"]
    git(repo, *args, "origin", team.ref or "HEAD", timeout=options.timeout)
    return _fetch_head(repo)


def _checkout(repo: Path, commit: str, options: FetchOptions) -> None:
    git(repo, "checkout", "--quiet", "--force", "--detach", commit, timeout=options.timeout)


def _project(checkout: Path, team: Team) -> Path:
    """The team's project folder in its clone; a subfolder that is a link out of the
    repository is refused, so a team's repository cannot make the hub read its disk."""
    if not team.subfolder:
        return checkout
    folder = checkout / team.subfolder
    if not folder.resolve().is_relative_to(checkout.resolve()):
        raise GitError(f"subfolder {team.subfolder} leads outside the repository (a link)")
    return folder


def fetch_team(hub: Hub, team: Team, options: FetchOptions) -> Fetched:
    """Bring one team's source up to date (or say why not), timed."""
    started = time.monotonic()
    if team.path is not None:
        folder = hub.root / team.path
        folder = folder / team.subfolder if team.subfolder else folder
        result = (
            Fetched(team, "local", folder)
            if folder.is_dir()
            else Fetched(team, "unreachable", None, error=f"no such folder: {folder}")
        )
    else:
        try:
            result = _remote(hub, team, options)
        except (GitError, PdsaError, OSError) as exc:  # the cache itself failed us
            result = Fetched(team, "unreachable", None, error=str(exc))
    return Fetched(
        result.team,
        result.status,
        result.root,
        result.commit,
        result.error,
        result.shallow,
        time.monotonic() - started,
    )


def _remote(hub: Hub, team: Team, options: FetchOptions) -> Fetched:
    assert team.url is not None
    cache = hub.cache
    checkout = cache / cache_key(team)
    before = head(checkout)
    if options.offline:
        if before is None:
            return Fetched(team, "unreachable", None, error="not in the cache yet (--offline)")
        return Fetched(
            team, "cached", _project(checkout, team), before, shallow=is_shallow(checkout)
        )
    if before is not None:
        with write_lock(checkout, checkout):
            try:
                after = _fetch(checkout, team, options, fresh=False)
                if after != before:
                    _checkout(checkout, after, options)
            except GitError as exc:
                return Fetched(
                    team,
                    "stale",
                    _project(checkout, team),
                    before,
                    error=f"fetch failed ({exc}); showing the copy fetched before",
                    shallow=is_shallow(checkout),
                )
        status: FetchStatus = "unchanged" if after == before else "fetched"
        return Fetched(team, status, _project(checkout, team), after, shallow=is_shallow(checkout))
    if checkout.exists():  # a folder without a checked-out commit: start again
        discard(checkout, cache)
    partial = partial_folder(cache, cache_key(team))
    try:
        git(None, "init", "--quiet", str(partial), timeout=options.timeout)
        url = remote_url(hub, team.url)
        git(partial, "config", "remote.origin.url", url, timeout=options.timeout)
        commit = _fetch(partial, team, options, fresh=True)
        _checkout(partial, commit, options)
    except GitError as exc:
        discard(partial, cache)
        return Fetched(team, "unreachable", None, error=str(exc))
    publish(partial, checkout)
    return Fetched(
        team,
        "cloned",
        _project(checkout, team),
        head(checkout) or commit,
        shallow=is_shallow(checkout),
    )


def fetch_all(
    hub: Hub, options: FetchOptions, teams: Sequence[Team] | None = None
) -> list[Fetched]:
    """Fetch every team (or `teams`), `options.jobs` at a time; results in the teams' order.

    Partial clones left by a run that was killed are removed first, so this run redoes them.
    """
    chosen = list(hub.network.teams if teams is None else teams)
    if any(t.url for t in chosen) and not options.offline:
        cache = ensure_cache(hub.cache)
        for leftover in stale_partials(cache):
            discard(leftover, cache)
    if not chosen:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(options.jobs, len(chosen)))) as pool:
        return list(pool.map(lambda t: fetch_team(hub, t, options), chosen))
