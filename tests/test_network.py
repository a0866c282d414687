"""`pdsa network` over 30 real team repositories: some served by `git daemon` on 127.0.0.1,
some as paths, one broken, one unreachable; the roll-up is checked against each team's own
report, and a second run only fetches."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pdsa.report import build_report
from pdsa.store import Workspace
from tests.conftest import Invoke
from tests.networkfixture import Idea, git_daemon, make_repo, run_git, write_team

TODAY = "2026-06-15"
SBAR = ("sbar",)


def ideas_of(i: int) -> list[Idea]:
    """Who tests what: sbar-card in teams 0-9 (adopted in 8), bedside-handoff in 10-14
    (still testing), sbar-handover tagged sbar in 15, two huddles tied by a tag in 20-21."""
    local = Idea(f"local-{i}", f"Team {i}'s own idea", (), "adopt" if i % 3 else "abandon")
    if i < 10:
        return [Idea("sbar-card", "SBAR card", SBAR, "adopt" if i < 8 else "abandon"), local]
    if i < 15:
        return [Idea("bedside-handoff", "Bedside handoff", (), None), local]
    if i == 15:
        return [Idea("sbar-handover", "SBAR handover sheet", SBAR, "adopt"), local]
    if i == 20:
        return [Idea("morning-huddle", "Morning safety huddle", ("safety-huddle",), "adopt")]
    if i == 21:
        return [Idea("noon-huddle", "Noon huddle", ("safety-huddle",), "abandon")]
    return [local]


@dataclass(frozen=True)
class Teams:
    repos: Path
    port: int

    def source(self, i: int) -> Path:
        return self.repos / f"team-{i:02d}"


@pytest.fixture(scope="module")
def teams(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Teams]:
    repos = tmp_path_factory.mktemp("network") / "repos"
    repos.mkdir()
    for i in range(29):
        if i == 16:  # a repository whose project lives in a subfolder
            root = repos / f"team-{i:02d}"
            root.mkdir()
            run_git(root, "init", "-q", "-b", "main")
            write_team(root / "improvement", f"Team {i:02d}", ideas_of(i), i)
            run_git(root, "add", "-A")
            run_git(root, "commit", "-q", "-m", "project in a subfolder")
            continue
        root = make_repo(repos / f"team-{i:02d}", f"Team {i:02d}", ideas_of(i), i)
        if i == 27:  # reads fine, fails the check: a decided cycle without its rationale
            cycle = sorted((root / "cycles").glob("*.yaml"))[0]
            data = json.loads(cycle.read_text())
            del data["act"]["rationale"]
            cycle.write_text(json.dumps(data))
            run_git(root, "commit", "-qam", "no rationale")
        if i == 28:  # broken: pdsa.yaml does not validate
            (root / "pdsa.yaml").write_text("schema_version: 1\nname: Team 28\nsurprise: 1\n")
            run_git(root, "commit", "-qam", "typo")
    with git_daemon(repos) as port:
        yield Teams(repos, port)


def network_yaml(teams: Teams, hub: Path) -> None:
    lines = ["schema_version: 1", "name: Medicine network", "teams:"]
    for i in range(30):
        lines.append(f"  - id: team-{i:02d}")
        if i < 15:
            lines.append(f"    url: git://127.0.0.1:{teams.port}/team-{i:02d}")
        elif i == 26:
            lines.append(f"    path: {teams.source(i)}")
        elif i == 28:
            lines.append("    url: ../repos/team-28")  # relative to the hub
        elif i == 29:
            lines.append(f"    url: git://127.0.0.1:{teams.port}/missing.git")
        else:
            lines.append(f"    url: {teams.source(i)}")
        if i == 16:
            lines.append("    subfolder: improvement")
        if i == 19:
            lines.append("    ref: main")
        if i == 3:
            lines.append("    name: Ward 3 (night)")
    hub.mkdir(exist_ok=True)
    (hub / "network.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def hub(teams: Teams, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = teams.repos.parent / "hub"
    network_yaml(teams, folder)
    monkeypatch.chdir(folder)
    return folder


def report_json(run: Invoke, *args: str) -> tuple[int, dict[str, Any], str]:
    result = run("network", "report", "--json", "--date", TODAY, *args)
    return result.exit_code, json.loads(result.stdout), result.stderr


def checkouts(hub: Path) -> dict[str, tuple[int, int]]:
    cache = hub / ".pdsa" / "network-cache"
    return {
        p.name: (p.stat().st_ino, (p / ".git" / "objects").stat().st_ino)
        for p in cache.iterdir()
        if p.is_dir()
    }


def own_report(root: Path) -> dict[str, Any]:
    r = build_report(Workspace(root), today=dt.date.fromisoformat(TODAY))
    total = r.hit_rates[""]
    return {
        "made": total.made,
        "judged": total.judged,
        "met": total.met,
        "cycles": len(r.cycles),
        "progress": r.fidelity.progress.score if r.fidelity else None,
    }


def test_thirty_teams_first_run_then_incremental(hub: Path, teams: Teams, run: Invoke) -> None:
    code, data, stderr = report_json(run)
    assert code == 1  # two teams are missing, and named
    assert "pdsa: team team-28: broken: " in stderr and "surprise" in stderr
    assert "pdsa: team team-29: unreachable: " in stderr and "not exported" in stderr
    by_id = {t["id"]: t for t in data["teams"]}
    assert len(by_id) == 30 and data["kind"] == "network-report"
    assert [f["team"] for f in data["failed"]] == ["team-28", "team-29"]
    assert by_id["team-28"]["state"] == "broken" and "surprise" in by_id["team-28"]["error"]
    assert by_id["team-29"]["state"] == "unreachable"
    fetched = {t["id"]: t["fetch"] for t in data["teams"]}
    assert fetched["team-26"] == "local" and fetched["team-29"] == "unreachable"
    assert {fetched[f"team-{i:02d}"] for i in range(26)} == {"cloned"}
    # Each team's numbers are its own report's.
    for i in range(28):
        team = by_id[f"team-{i:02d}"]
        root = teams.source(i) / ("improvement" if i == 16 else "")
        own = own_report(root)
        assert team["state"] == "ok", team
        assert (team["predictions"]["made"], team["predictions"]["judged"]) == (
            own["made"],
            own["judged"],
        )
        assert team["predictions"]["met"] == own["met"]
        assert team["cycles"]["total"] == own["cycles"]
        assert team["progress"]["score"] == own["progress"]
    three = by_id["team-03"]
    assert three["name"] == "Ward 3 (night)"
    assert three["cycles"]["started_by_month"] == {
        "2026-01": 0, "2026-02": 0, "2026-03": 2, "2026-04": 1, "2026-05": 1, "2026-06": 0,
    }  # fmt: skip
    assert three["cycles"]["per_month"] == pytest.approx(4 / 6, abs=1e-3)
    assert three["measures"][0]["goal"] == 30.0 and three["fidelity"]["percent"] is not None
    shared = [(s["ids"], s["tags"], s["teams"]) for s in data["shared_change_ideas"]]
    assert shared == [
        (["sbar-card", "sbar-handover"], ["sbar"], 11),
        (["bedside-handoff"], [], 5),
        (["morning-huddle", "noon-huddle"], ["safety-huddle"], 2),
    ]
    sbar = data["shared_change_ideas"][0]
    assert sbar["verdict"].startswith("adopted in 9, abandoned in 2 of 11 teams")
    assert [r["status"] for r in sbar["results"]].count("adopted") == 9

    # Second run: every clone is fetched, none made again.
    before = checkouts(hub)
    assert len(before) == 28  # every URL team but the unreachable one (team-26 is a path)
    code, data, _ = report_json(run)
    assert code == 1
    assert {t["fetch"] for t in data["teams"] if t["id"] not in ("team-26", "team-29")} == {
        "unchanged"
    }
    assert checkouts(hub) == before

    # A team commits a new cycle: only that clone moves, by a fetch.
    source = teams.source(3)
    write_team(source, "Team 03", [*ideas_of(3), Idea("new-idea", "New idea", (), None)], 3)
    run_git(source, "add", "-A")
    run_git(source, "commit", "-q", "-m", "a new ramp")
    code, data, _ = report_json(run)
    moved = {t["id"]: t["fetch"] for t in data["teams"] if t["fetch"] not in ("unchanged",)}
    assert moved == {"team-03": "fetched", "team-26": "local", "team-29": "unreachable"}
    assert checkouts(hub) == before
    assert {t["id"]: t for t in data["teams"]}["team-03"]["cycles"]["total"] == 6


def test_network_check_is_the_gate_across_teams(hub: Path, run: Invoke) -> None:
    result = run("network", "check", "--format", "json", "--date", TODAY)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["kind"] == "network-check"
    assert data["summary"]["failed"] == ["team-27", "team-28", "team-29"]
    teams = {t["id"]: t for t in data["teams"]}
    assert [f["code"] for f in teams["team-27"]["findings"]] == ["PD403"]
    # pdsa check reads what it can and says why: the typo, and the data no measure names
    found = {f["code"]: f for f in teams["team-28"]["findings"]}
    assert sorted(found) == ["PD102", "PD602"] and "surprise" in found["PD102"]["message"]
    assert "not exported" in teams["team-29"]["error"] and teams["team-29"]["findings"] == []
    text = run("network", "check", "--offline", "--team", "team-27", "--team", "team-01")
    assert text.exit_code == 1
    assert "✗ team-27  1 error, 0 warnings" in text.stdout and "✓ team-01" in text.stdout
    assert "PD403 cycle is in done but act.rationale is empty" in text.stdout


def test_terminal_markdown_and_html(hub: Path, run: Invoke) -> None:
    result = run("network", "report", "--offline", "--date", TODAY)
    assert result.exit_code == 1
    for text in (
        "Medicine network",
        "30 teams: 28 in the roll-up, 1 broken, 1 unreachable",
        "sbar-card / sbar-handover (tag: sbar)",
        "✗ team-29",
    ):
        assert text in result.stdout, result.stdout
    run("network", "report", "--offline", "-f", "markdown", "-o", "n.md", "--date", TODAY)
    text = (hub / "n.md").read_text()
    assert "## Change ideas tested in more than one team" in text
    assert "| Ward 3 \\(night\\) |" in text
    run("network", "report", "--offline", "-f", "html", "-o", "site/index.html", "--date", TODAY)
    page = (hub / "site" / "index.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and 'id="team-team-29"' in page
    assert "http://" not in page.replace("http://www.w3.org", "")  # nothing fetched
