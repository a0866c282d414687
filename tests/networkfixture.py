"""Team repositories for the network tests and benchmark: small real pdsa projects in real git.

Each team has an aim, one weekly outcome measure with a goal, and a ramp of two tested
cycles per change idea, with real prediction locks (so `pdsa check` passes). Ideas are given
as (id, title, tags, final decision); the decision of the ramp's second cycle is `adopt`,
`abandon`, or None for a test still running.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdsa.fingerprint import lock_predictions
from pdsa.model import Prediction

START = dt.date(2026, 1, 5)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Team",
    "GIT_AUTHOR_EMAIL": "team@example.org",
    "GIT_COMMITTER_NAME": "Team",
    "GIT_COMMITTER_EMAIL": "team@example.org",
}


@dataclass(frozen=True)
class Idea:
    """A change idea as a team writes it, and how its ramp ended."""

    id: str
    title: str
    tags: tuple[str, ...] = ()
    decision: str | None = "adopt"


def run_git(cwd: Path, *args: str) -> str:
    """The real git, with an author, never a shell."""
    env = {**os.environ, **GIT_ENV, "HOME": str(cwd)}
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def project_yaml(name: str, ideas: Sequence[Idea]) -> str:
    lines = [
        "schema_version: 1",
        f"name: {json.dumps(name)}",
        "aims:",
        "  - statement: Median wait under 30 minutes by December 2026",
        "measures:",
        "  - id: wait-minutes",
        "    title: Median wait",
        "    unit: minutes",
        "    type: outcome",
        "    better: lower",
        "    goal: 30",
        "    period: week",
        "change_ideas:",
    ]
    for idea in ideas:
        lines += [f"  - id: {idea.id}", f"    title: {json.dumps(idea.title)}"]
        if idea.tags:
            lines.append(f"    tags: [{', '.join(idea.tags)}]")
    return "\n".join(lines) + "\n"


def _cycle(
    cid: str,
    idea: str,
    follows: str | None,
    scale: str,
    confidence: float,
    met: bool,
    decision: str | None,
) -> dict[str, Any]:
    created = dt.date.fromisoformat(cid[:10])
    prediction = {
        "id": "shorter",
        "statement": "The median wait falls below 40 minutes.",
        "measure": "wait-minutes",
        "expect": {"below": 40},
        "confidence": confidence,
    }
    lock = lock_predictions([Prediction.model_validate(prediction)]).model_dump()
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": cid,
        "title": f"{idea} at {scale}",
        "change_idea": idea,
        "follows": follows,
        "status": "done" if decision else "do",
        "owner": "Sam",
        "created": str(created),
        "plan": {
            "objective": "Learn whether it shortens the wait.",
            "predictions": [prediction],
            "scale": scale,
            "data_collection": "Weekly median from the booking system.",
            "locked": lock,
        },
        "do": {"started": str(created + dt.timedelta(days=7)), "observations": ["Done."]},
    }
    if decision:
        data["do"]["finished"] = str(created + dt.timedelta(days=11))
        studied = str(created + dt.timedelta(days=13))
        data["study"] = {
            "date": studied,
            "results": [{"prediction": "shorter", "actual": 35 if met else 45, "met": met}],
            "learning": f"Learned from {scale}.",
        }
        data["act"] = {"decision": decision, "date": studied, "rationale": "As the data says."}
    return data


def write_team(root: Path, name: str, ideas: Sequence[Idea], offset: int = 0) -> None:
    """A team's project files (not committed)."""
    (root / "cycles").mkdir(parents=True, exist_ok=True)
    (root / "measures").mkdir(exist_ok=True)
    (root / "pdsa.yaml").write_text(project_yaml(name, ideas), encoding="utf-8")
    rows = [
        f"{START + dt.timedelta(weeks=w)},{50 - w * 0.8 + (offset % 5):.1f}," for w in range(23)
    ]
    (root / "measures" / "wait-minutes.csv").write_text(
        "date,value,note\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    for n, idea in enumerate(ideas):
        first_day = START + dt.timedelta(weeks=8 + 6 * n)
        first = f"{first_day}-{idea.id}-one-nurse"
        second = f"{first_day + dt.timedelta(days=21)}-{idea.id}-whole-unit"
        cycles = [
            _cycle(first, idea.id, None, "1 nurse, 1 day", 0.7, True, "adapt"),
            _cycle(
                second, idea.id, first, "Whole unit, 2 weeks", 0.6, offset % 2 == 0, idea.decision
            ),
        ]
        for c in cycles:
            (root / "cycles" / f"{c['id']}.yaml").write_text(json.dumps(c), encoding="utf-8")


def make_repo(root: Path, name: str, ideas: Sequence[Idea], offset: int = 0) -> Path:
    """A team's project committed in a new git repository."""
    root.mkdir(parents=True)
    run_git(root, "init", "-q", "-b", "main")
    write_team(root, name, ideas, offset)
    run_git(root, "add", "-A")
    run_git(root, "commit", "-q", "-m", "the team's project")
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def git_daemon(base: Path) -> Iterator[int]:
    """`git daemon` serving every repository under `base` on 127.0.0.1; stopped after."""
    import time

    port = free_port()
    daemon = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--export-all",
            f"--base-path={base}",
            "--listen=127.0.0.1",
            f"--port={port}",
            str(base),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # `git daemon` runs the real git-daemon as a child: its own process group lets the
        # whole of it be stopped, not just the `git` in front.
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield port
    finally:
        os.killpg(daemon.pid, signal.SIGKILL)
        daemon.wait()
