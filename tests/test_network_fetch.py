"""Fetching for the hub: resuming after a failure, stale copies, offline runs, the history
proof, and network.yaml's checks on what reaches git; the roll-up's JSON golden and its
escaping of the teams' text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from pdsa.model.network import Network
from pdsa.network import FetchOptions, fetch_all, load_hub
from pdsa.network.config import cache_key, redact
from pdsa.network.fetch import is_shallow
from pdsa.store.cache import PARTIAL
from tests.conftest import Invoke
from tests.networkfixture import Idea, make_repo, run_git, write_team
from tests.test_cli_cycles import golden

IDEAS = [Idea("sbar-card", "SBAR card", ("sbar",), "adopt")]


def hub_with(tmp_path: Path, teams: dict[str, str], extra: str = "") -> Path:
    """A hub folder whose network.yaml lists `teams` (id -> `url: ...` or `path: ...`)."""
    hub = tmp_path / "hub"
    hub.mkdir(exist_ok=True)
    lines = ["schema_version: 1", "name: Test network", "teams:"]
    for team_id, source in teams.items():
        lines += [f"  - id: {team_id}", f"    {source}"]
    (hub / "network.yaml").write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return hub / "network.yaml"


def test_a_killed_first_clone_is_redone_and_a_broken_one_replaced(tmp_path: Path) -> None:
    source = make_repo(tmp_path / "a", "Team A", IDEAS)
    hub = load_hub(hub_with(tmp_path, {"a": f"url: {source}", "b": f"url: {source}"}))
    cache = hub.cache
    cache.mkdir(parents=True)
    # A run killed mid-clone (its process is gone) left a partial folder for team a ...
    leftover = cache / f".{cache_key(hub.network.teams[0])}{PARTIAL}999999999"
    (leftover / ".git").mkdir(parents=True)
    # ... and a clone of team b lost its checkout.
    broken = cache / cache_key(hub.network.teams[1])
    (broken / ".git").mkdir(parents=True)
    fetched = fetch_all(hub, FetchOptions())
    assert [f.status for f in fetched] == ["cloned", "cloned"]
    assert not leftover.exists()
    assert sorted(p.name for p in cache.iterdir() if PARTIAL in p.name) == []
    assert all(f.root is not None and (f.root / "pdsa.yaml").is_file() for f in fetched)
    assert all(f.shallow for f in fetched)


def test_an_unreachable_remote_keeps_the_old_copy_as_stale(tmp_path: Path, run: Invoke) -> None:
    source = make_repo(tmp_path / "a", "Team A", IDEAS)
    path = hub_with(tmp_path, {"a": f"url: {source}"})
    assert [f.status for f in fetch_all(load_hub(path), FetchOptions())] == ["cloned"]
    source.rename(tmp_path / "moved")
    (stale,) = fetch_all(load_hub(path), FetchOptions())
    assert stale.status == "stale" and stale.root is not None
    assert "does not appear to be a git repository" in stale.error
    result = run("network", "report", "--json", "--network", str(path), "--date", "2026-06-15")
    assert result.exit_code == 1
    (team,) = json.loads(result.stdout)["teams"]
    assert team["state"] == "stale" and team["predictions"]["made"] == 2
    assert "pdsa: team a: stale: fetch failed" in result.stderr


def test_offline_reads_the_cache_and_fetches_nothing(tmp_path: Path) -> None:
    source = make_repo(tmp_path / "a", "Team A", IDEAS)
    hub = load_hub(hub_with(tmp_path, {"a": f"url: {source}", "b": "url: /nowhere/at/all"}))
    (first, missing) = fetch_all(hub, FetchOptions(offline=True))
    assert first.status == "unreachable" and "not in the cache yet" in first.error
    fetch_all(hub, FetchOptions())
    (first, missing) = fetch_all(hub, FetchOptions(offline=True))
    assert first.status == "cached" and missing.status == "unreachable"


def test_history_deepens_a_shallow_clone_and_proves_predictions(
    tmp_path: Path, run: Invoke
) -> None:
    source = make_repo(tmp_path / "a", "Team A", IDEAS)
    run_git(source, "commit", "-q", "--allow-empty", "-m", "a second commit")
    path = hub_with(tmp_path, {"a": f"url: {source}"})
    (shallow,) = fetch_all(load_hub(path), FetchOptions())
    assert shallow.shallow and shallow.root is not None and is_shallow(shallow.root)
    result = run("network", "report", "--json", "--network", str(path), "--date", "2026-06-15")
    (team,) = json.loads(result.stdout)["teams"]
    assert team["fidelity"]["counts"]["prediction"]["met"] == 1  # the locks, with a note
    result = run(
        "network", "report", "--json", "--history", "--network", str(path), "--date", "2026-06-15"
    )
    (team,) = json.loads(result.stdout)["teams"]
    assert team["fetch"] == "unchanged" and not is_shallow(shallow.root)
    # The project was committed in one go: git shows the predictions did not come first.
    assert team["fidelity"]["counts"]["prediction"]["met"] == 0
    (again,) = fetch_all(load_hub(path), FetchOptions())  # a full clone stays full
    assert not again.shallow


def test_a_subfolder_linking_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    source = make_repo(tmp_path / "a", "Team A", IDEAS)
    (source / "project").symlink_to(tmp_path)
    run_git(source, "add", "-A")
    run_git(source, "commit", "-q", "-m", "a link out")
    path = hub_with(tmp_path, {"a": f"url: {source}\n    subfolder: project"})
    (fetched,) = fetch_all(load_hub(path), FetchOptions())
    assert fetched.status == "unreachable" and fetched.root is None
    assert "leads outside the repository" in fetched.error


def test_a_relative_url_is_taken_from_the_hub(tmp_path: Path) -> None:
    make_repo(tmp_path / "repos" / "a", "Team A", IDEAS)
    hub = load_hub(hub_with(tmp_path, {"a": "url: ../repos/a"}))
    (fetched,) = fetch_all(hub, FetchOptions())
    assert fetched.status == "cloned", fetched.error


@pytest.mark.parametrize(
    ("team", "message"),
    [
        ({"id": "a", "url": "--upload-pack=touch /tmp/x"}, "must not start with '-'"),
        ({"id": "a", "url": "ext::sh -c touch% /tmp/x"}, "run commands"),
        ({"id": "a", "url": "https://example.org/r.git", "ref": "main:refs/x"}, "ref must be"),
        ({"id": "a", "url": "https://example.org/r.git", "ref": "--all"}, "ref must be"),
        ({"id": "a", "url": "https://x/r", "subfolder": "../../etc"}, "subfolder must be"),
        ({"id": "a", "url": "https://x/r", "path": "team"}, "exactly one of url"),
        ({"id": "a", "path": "team", "ref": "main"}, "ref applies to url"),
    ],
)
def test_nothing_in_network_yaml_can_become_an_option_of_git(
    team: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Network.model_validate({"name": "n", "teams": [team]})


def test_duplicate_team_ids_and_credentials_in_messages() -> None:
    with pytest.raises(ValidationError, match="team id 'a' is used twice"):
        Network.model_validate({"name": "n", "teams": [{"id": "a", "path": "x"}] * 2})
    assert redact("https://user:s3cret@github.com/org/r.git") == "https://***@github.com/org/r.git"
    assert redact("git@github.com:org/r.git") == "git@github.com:org/r.git"


def test_an_invalid_network_yaml_is_one_located_error(tmp_path: Path, run: Invoke) -> None:
    path = hub_with(tmp_path, {"a": "path: ."}, extra="colour: blue\n")
    result = run("network", "report", "--network", str(path))
    assert result.exit_code == 3 and "network.yaml:6:1" in result.stderr


def test_the_schema_of_network_yaml(run: Invoke) -> None:
    schema = json.loads(run("schema", "--kind", "network").stdout)
    assert schema["title"] == "pdsa network" and "teams" in schema["properties"]


def local_hub(tmp_path: Path, names: list[str]) -> Path:
    teams = {}
    for n, name in enumerate(names):
        folder = tmp_path / "teams" / f"t{n}"
        write_team(folder, name, [*IDEAS, Idea(f"own-{n}", "Own idea", (), "abandon")], n)
        teams[f"t{n}"] = f"path: ../teams/t{n}"
    return hub_with(tmp_path, teams)


def test_network_report_json_golden(
    tmp_path: Path, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = local_hub(tmp_path, ["Ward 1", "Ward 2"])
    monkeypatch.chdir(path.parent)
    result = run("network", "report", "--json", "--date", "2026-06-15")
    assert result.exit_code == 0, result.output
    golden("network-report.json", result.stdout)
    fetched = json.loads(run("network", "fetch", "--json").stdout)
    for team in fetched["teams"]:
        assert team["seconds"] >= 0
        team["seconds"] = 0  # the one figure that changes from run to run
    golden("network-fetch.json", json.dumps(fetched, indent=2, ensure_ascii=False) + "\n")
    checked = run("network", "check", "-f", "json", "--min-fidelity", "90", "--date", "2026-06-15")
    assert checked.exit_code == 0, checked.output
    golden("network-check.json", checked.stdout)


def test_the_teams_text_is_escaped_everywhere(
    tmp_path: Path, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = local_hub(tmp_path, ["<script>alert(1)</script>", "Ward **2**"])
    monkeypatch.chdir(path.parent)
    day = dt.date(2026, 6, 15).isoformat()
    run("network", "report", "-f", "html", "-o", "n.html", "--date", day)
    page = (path.parent / "n.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    run("network", "report", "-f", "markdown", "-o", "n.md", "--date", day)
    text = (path.parent / "n.md").read_text()
    assert "&lt;script&gt;" in text and "Ward \\*\\*2\\*\\*" in text
