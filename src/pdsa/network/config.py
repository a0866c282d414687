"""The hub: its `network.yaml`, where it is, and where each team's project is read from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pdsa.errors import NotFoundError, UsageError
from pdsa.model.network import Network, Team
from pdsa.store import read_text
from pdsa.store.paths import relative_to_cwd
from pdsa.yamlio.validate import parse_model

NETWORK_FILE = "network.yaml"


@dataclass(frozen=True)
class Hub:
    """A loaded `network.yaml` and the folder it lives in."""

    path: Path
    network: Network

    @property
    def root(self) -> Path:
        """The hub's folder: relative paths in network.yaml start here."""
        return self.path.parent

    @property
    def cache(self) -> Path:
        """The folder the team repositories are cloned into."""
        return self.root / self.network.settings.cache

    def team(self, team_id: str) -> Team:
        """The team with this id."""
        for team in self.network.teams:
            if team.id == team_id:
                return team
        known = ", ".join(t.id for t in self.network.teams) or "none"
        raise NotFoundError(f"no team '{team_id}' in {self.path}", hint=f"teams: {known}")


def find_network(override: Path | None = None, start: Path | None = None) -> Path:
    """`override` (a network.yaml or a folder holding one), else the nearest one upwards."""
    if override is not None:
        path = override.expanduser()
        path = path / NETWORK_FILE if path.is_dir() else path
        if not path.is_file():
            raise NotFoundError(f"{path}: no such file", hint=f"give the hub's {NETWORK_FILE}")
        return path.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / NETWORK_FILE).is_file():
            return folder / NETWORK_FILE
    raise UsageError(
        f"no {NETWORK_FILE} in {here} or any folder above it",
        hint="write one (docs/network.md), or pass --network PATH",
    )


def load_hub(path: Path) -> Hub:
    """Read and validate a `network.yaml` (problems as `file:line:col`, exit 3)."""
    shown = relative_to_cwd(path)
    return Hub(path, parse_model(Network, read_text(path, shown).text, shown))


def cache_key(team: Team) -> str:
    """The team's folder in the cache: its id, and a hash of where it comes from, so that
    pointing a team at another repository starts a fresh clone instead of mixing two."""
    digest = hashlib.sha256((team.url or team.path or "").encode("utf-8")).hexdigest()[:10]
    return f"{team.id}-{digest}"


def redact(text: str) -> str:
    """A URL or git message without the password or token written into a URL."""
    import re

    return re.sub(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]+@", r"\1***@", text, flags=re.IGNORECASE)


def source_text(team: Team) -> str:
    """Where a team's project comes from, for people: URL (credentials hidden), ref and
    subfolder, or the folder on disk."""
    where = redact(team.url) if team.url else f"{team.path} (on disk)"
    if team.ref:
        where += f" @ {team.ref}"
    if team.subfolder:
        where += f" : {team.subfolder}"
    return where
