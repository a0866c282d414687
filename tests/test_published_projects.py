"""Published PDSA projects, re-entered through the CLI alone in a real git repository.

Each fixture in tests/fixtures/projects/ holds our own summary of a project from the
literature (with its citation), the CLI commands that re-enter it, the facts of the
write-up that must each have a place, and which change idea each cycle tests.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from pdsa.cli import app
from pdsa.render.safe import md
from tests.conftest import CLI_ENV, Invoke, git

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "projects").glob("*.yaml"))


def replay(root: Path, run: Invoke, commands: str) -> None:
    for line in commands.splitlines():
        command, _, expect = line.partition(" # exit ")
        args = shlex.split(command)
        if not args:
            continue
        if args[0] == "git":
            git(root, *args[1:])
            continue
        result = run(*args)
        wanted = int(expect) if expect else 0
        assert result.exit_code == wanted, (line, result.stdout, result.stderr)


@dataclass
class Reentered:
    """A published project re-entered, and everything a reader can see of it."""

    root: Path
    spec: dict[str, Any]
    report: dict[str, Any]
    cycles: dict[str, dict[str, Any]]  # id -> `show --json`'s cycle
    tree: dict[str, Any]
    seen: str  # report, show and chart JSON, and pdsa.yaml, as one text
    check: Any
    markdown: str
    html: str


@pytest.fixture(scope="module", params=FIXTURES, ids=lambda p: p.stem)
def published(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Reentered]:
    spec = yaml.safe_load(request.param.read_text(encoding="utf-8"))
    root = tmp_path_factory.mktemp("published") / request.param.stem
    root.mkdir()
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args), env=CLI_ENV)

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("PDSA_ROOT", raising=False)
        git(root, "init", "-q", "-b", "main")
        replay(root, run, spec["commands"])
        report = json.loads(run("report", "--json").stdout)
        seen = [json.dumps(report, ensure_ascii=False), (root / "pdsa.yaml").read_text()]
        cycles = {}
        for path in sorted((root / "cycles").glob("*.yaml")):
            shown = run("show", path.stem, "--json").stdout
            cycles[path.stem] = json.loads(shown)["cycle"]
            seen.append(shown)
        for measure in report["measures"]:
            seen.append(run("chart", measure["id"], "--json").stdout)
        yield Reentered(
            root,
            spec,
            report,
            cycles,
            json.loads(run("tree", "--json").stdout),
            "\n".join(seen),
            run("check", "--history"),
            run("report", "--format", "markdown", "--out", "-").stdout,
            run("report", "--format", "html", "--out", "-").stdout,
        )


def test_every_fact_of_the_write_up_has_a_place(published: Reentered) -> None:
    missing = [f for f in published.spec["facts"] if json.dumps(f)[1:-1] not in published.seen]
    assert missing == []


def test_the_learning_section_shows_each_cycles_learning(published: Reentered) -> None:
    story = {
        c["id"]: c["story"]
        for ramps in published.report["learning"].values()
        for ramp in ramps
        for c in ramp["cycles"]
    }
    learned = 0
    for cycle_id, cycle in published.cycles.items():
        learning = (cycle.get("study") or {}).get("learning")
        if learning:
            said = [line["text"] for line in story[cycle_id] if line["label"] == "learned"]
            assert said and said[0].split()[:6] == learning.split()[:6], cycle_id
            # The first words of the learning, as the Markdown and HTML reports show them.
            words = " ".join(learning.split()[:3])
            assert md(words) in published.markdown and escape(words) in published.html
            learned += 1
    assert learned >= 2
    assert "What we learned" in published.markdown and "What we learned" in published.html


def test_every_cycle_is_credited_to_its_own_change_ideas(published: Reentered) -> None:
    ideas = {
        i["id"]: i
        for d in published.tree["drivers"]
        for level in [d, *d["secondary"]]
        for i in level["change_ideas"]
    }
    for ref, expected in published.spec["ideas"].items():
        (cycle_id,) = [c for c in published.cycles if ref in c]
        for idea in expected:
            listed = [c["id"] for ramp in ideas[idea]["ramps"] for c in ramp]
            assert cycle_id in listed, (ref, idea)
        others = set(ideas) - set(expected)
        assert not [i for i in others if cycle_id in json.dumps(ideas[i]["ramps"])], ref
    for idea, status in published.spec["status"].items():
        assert ideas[idea]["status"] == status, idea


def test_no_verdict_below_the_minimum_points(published: Reentered) -> None:
    for measure in published.report["measures"]:
        assert measure["points"] < 10  # these write-ups give a few values per measure
        assert measure["verdict"].startswith(("Too few points to judge", "No data yet"))
        assert measure["signal"] is False


def test_check_passes_with_no_rule_switched_off(published: Reentered) -> None:
    assert "check:" not in (published.root / "pdsa.yaml").read_text()
    result = published.check
    assert result.exit_code == 0, result.stdout
    assert "PD701" not in result.stdout  # entered after the fact: no proof is claimed
    assert "PD406" not in result.stdout  # every switch of change idea is recorded
    assert "PD207" in result.stdout  # and each such cycle says so, every time
