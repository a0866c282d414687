"""The model of a hub's `network.yaml`: the team projects a network roll-up reads.

No I/O here. A team's source is a git repository (`url`, fetched into the hub's cache) or a
folder on disk (`path`, read as it is). Everything that reaches `git` is checked here first,
so no value from the file can turn into an option or a command on git's command line.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Literal

from pydantic import Field, field_validator, model_validator

from pdsa.model.base import SCHEMA_VERSION, Slug, Strict, Text

# Control characters never belong in a URL, path or ref, and could fake output lines.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A ref is what `git fetch origin <ref>` takes: a branch, a tag or a commit. No refspec
# syntax (`:`), no revision syntax (`^ ~ ..`), no globs, and never an option.
_REF = re.compile(r"^(?!-)(?!.*\.\.)[^\s:^~?*\[\\]+$")


class Team(Strict):
    """One team's project: where it lives and what to call it."""

    id: Slug = Field(description="Stable id of the team: its cache folder and its JSON key.")
    name: Text | None = Field(None, description="Display name. Default: the project's name.")
    url: str | None = Field(
        None,
        description="A git repository, as `git clone` takes it: https://, ssh://, git@host:, "
        "git:// or a path to a repository. Cloned once into the cache, then fetched.",
    )
    path: str | None = Field(
        None,
        description="A project folder on disk, read as it is (relative to network.yaml).",
    )
    ref: str | None = Field(
        None, description="Branch, tag or commit to read (with url). Default: the remote's HEAD."
    )
    subfolder: str | None = Field(
        None, description="Where pdsa.yaml is inside the repository (default: its root)."
    )

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.strip() or _CONTROL.search(value):
            raise ValueError("url must be a repository address without control characters")
        if value.startswith("-"):
            raise ValueError("url must not start with '-'")
        if value.lower().startswith(("ext::", "fd::")):
            raise ValueError("url: the ext:: and fd:: transports run commands; use a real URL")
        return value

    @field_validator("ref")
    @classmethod
    def _ref(cls, value: str | None) -> str | None:
        if value is not None and not _REF.match(value):
            raise ValueError(
                "ref must be a branch, tag or commit (no spaces, ':', '^', '~', '..', and not "
                "starting with '-')"
            )
        return value

    @field_validator("subfolder", "path")
    @classmethod
    def _folder(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.strip() or _CONTROL.search(value):
            raise ValueError("must be a folder name without control characters")
        return value

    @model_validator(mode="after")
    def _one_source(self) -> Team:
        if (self.url is None) == (self.path is None):
            raise ValueError("a team needs exactly one of url (a git repository) or path")
        if self.ref is not None and self.url is None:
            raise ValueError("ref applies to url; a path is read as it is on disk")
        if self.subfolder is not None:
            sub = PurePosixPath(self.subfolder)
            if sub.is_absolute() or ".." in sub.parts or "\\" in self.subfolder:
                raise ValueError("subfolder must be a relative folder inside the repository")
        return self


class NetworkSettings(Strict):
    """How the hub fetches and judges."""

    cache: str = Field(
        ".pdsa/network-cache",
        description="Folder for the clones, relative to network.yaml (keep it out of git).",
    )
    jobs: int = Field(8, ge=1, le=64, description="Repositories fetched at the same time.")
    timeout: int = Field(600, ge=1, description="Seconds one git command may take.")
    history: bool = Field(
        False,
        description="Fetch full history, so predictions are proven from git (slower). "
        "Otherwise fetches are shallow.",
    )
    min_fidelity: int | None = Field(
        None, ge=0, le=100, description="`pdsa network check` fails a team below this score."
    )


class Network(Strict):
    """The hub file, `network.yaml`."""

    schema_version: Literal[1] = SCHEMA_VERSION
    name: Text
    description: str | None = None
    teams: list[Team] = Field(default_factory=list)
    settings: NetworkSettings = Field(default_factory=NetworkSettings)

    @model_validator(mode="after")
    def _unique_ids(self) -> Network:
        ids = [t.id for t in self.teams]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"team id '{dupes[0]}' is used twice; ids must be unique")
        return self
