"""Which cycle files a command opens (issue 16): only those its output depends on.

Every open is seen through the "open" audit event (``builtins.open``, ``io.open``,
``os.open``, ``pathlib``'s readers all raise it). An audit hook cannot be removed, so one is
installed once per session; it records only while the ``opens`` fixture is active. The CLI
runs in-process with ``CliRunner``. The project passes ``pdsa check`` with no errors, so a
failure here is about the files opened, not a broken project.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pdsa.fingerprint import lock_predictions
from pdsa.model import Prediction
from tests.conftest import Invoke

_recording: list[str] | None = None
_installed = False


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _recording is not None:
        path = args[0]
        if isinstance(path, str | bytes | os.PathLike):
            # os.path, not pathlib: the hook runs on every open and must stay cheap.
            _recording.append(os.path.abspath(os.fsdecode(path)))  # noqa: PTH100


@pytest.fixture
def opens() -> Iterator[list[str]]:
    """Absolute paths of the files opened while the fixture is active."""
    global _installed, _recording
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    seen: list[str] = []
    _recording = seen
    try:
        yield seen
    finally:
        _recording = None


def cycle_files(root: Path, opened: list[str]) -> set[str]:
    """The ids of the cycle files among the paths opened."""
    cycles = (root / "cycles").resolve()
    return {p.stem for p in map(Path, opened) if Path(p).resolve().parent == cycles}


# --- the project -------------------------------------------------------------------------
# handoff-minutes (the charted measure) has weekly points from 2026-03-02 to 2026-10-26;
# late-meds from 2024-01-01. The chart is drawn with --date 2026-11-02.

TODAY = dt.date(2026, 11, 2)


def _weekly(first: dt.date, last: dt.date, value: float) -> str:
    rows, day, k = ["date,value,note"], first, 0
    while day <= last:
        rows.append(f"{day},{value + (k % 5) * 0.3 - 0.6:g},")
        day += dt.timedelta(weeks=1)
        k += 1
    return "\n".join(rows) + "\n"


def _cycle(
    cycle_id: str,
    idea: str,
    status: str,
    predictions: list[dict[str, object]],
    do: tuple[dt.date, dt.date | None] | None = None,
) -> str:
    """A cycle in `status`; started ones are locked, done ones studied and decided."""
    lines = [
        "schema_version: 1",
        f"id: {cycle_id}",
        f"title: Test {cycle_id[11:]}",
        f"change_idea: {idea}",
        "follows: null",
        f"status: {status}",
        f"created: {cycle_id[:10]}",
        "plan:",
        "  objective: Learn whether the change helps.",
    ]
    if not predictions:
        lines.append("  predictions: []")
    else:
        lines.append("  predictions:")
        for p in predictions:
            lines += [f"    - id: {p['id']}", f"      statement: {p['statement']}"]
            if "measure" in p:
                lines += [f"      measure: {p['measure']}", "      expect: {below: 100}"]
    if do is None:
        return "\n".join(lines) + "\n"
    lock = lock_predictions([Prediction.model_validate(p) for p in predictions])
    lines += ["  locked:", f"    sha256: '{lock.sha256}'", "    predictions:"]
    lines += [f"      {pid}: '{digest}'" for pid, digest in lock.predictions.items()]
    started, finished = do
    lines += ["do:", f"  started: {started}", f"  finished: {finished or ''}".rstrip()]
    if status != "done":
        return "\n".join(lines) + "\n"
    assert finished is not None
    studied = finished + dt.timedelta(days=3)
    lines += ["study:", f"  date: {studied}", "  results:"]
    for p in predictions:
        actual = 10 if "measure" in p else "Yes"
        lines += [f"    - prediction: {p['id']}", f"      actual: {actual}", "      met: true"]
    lines += ["  learning: It helps."]
    lines += ["act:", "  decision: adopt", f"  date: {studied}", "  rationale: Keep it."]
    lines += ["  next: null"]
    return "\n".join(lines) + "\n"


def _on(measure: str) -> list[dict[str, object]]:
    statement = f"The {measure} falls."
    return [{"id": "lower", "statement": statement, "measure": measure, "expect": {"below": 100}}]


QUESTION: list[dict[str, object]] = [{"id": "liked", "statement": "Nurses like it."}]
D = dt.date

# The cycles `pdsa chart handoff-minutes` may open: each predicts it or ran in its window.
# id -> (change idea, status, predictions, Do window)
NEEDED = {
    # predicts the measure and ran in its window
    "2026-04-01-sbar-card-days": (
        "sbar-card", "done", _on("handoff-minutes"), (D(2026, 4, 6), D(2026, 4, 17))
    ),
    # predicts another measure, ran in the window: drawn in the cycle strip
    "2026-05-04-bedside-bay-2": (
        "bedside-handoff", "done", _on("late-meds"), (D(2026, 5, 11), D(2026, 5, 22))
    ),
    # still running: drawn up to today
    "2026-09-28-sbar-card-nights": (
        "sbar-card", "do", _on("handoff-minutes"), (D(2026, 10, 5), None)
    ),
    # predicts the measure, not started yet
    "2026-10-27-sbar-card-weekends": ("sbar-card", "plan", _on("handoff-minutes"), None),
}  # fmt: skip
# The cycles it must not open: they neither predict the measure nor ran in its window.
NOT_NEEDED = {
    # ran before the measure's first point, on another measure
    "2024-03-04-bedside-one-pair": (
        "bedside-handoff", "done", _on("late-meds"), (D(2024, 3, 11), D(2024, 3, 15))
    ),
    # ran before the first point, no measure at all
    "2024-06-03-sbar-card-first-draft": (
        "sbar-card", "done", QUESTION, (D(2024, 6, 10), D(2024, 6, 14))
    ),
    # in plan, never ran, on another measure
    "2026-10-20-bedside-whole-ward": ("bedside-handoff", "plan", _on("late-meds"), None),
    # in plan, no predictions yet
    "2026-10-26-sbar-card-agency": ("sbar-card", "plan", [], None),
}  # fmt: skip


@pytest.fixture
def ward(project: Path, run: Invoke) -> Path:
    """The project with both measures' data and the 8 cycles; `pdsa check` finds no errors."""
    measures = project / "measures"
    (measures / "handoff-minutes.csv").write_text(_weekly(D(2026, 3, 2), D(2026, 10, 26), 9.5))
    (measures / "late-meds.csv").write_text(_weekly(D(2024, 1, 1), D(2026, 10, 26), 17))
    for cycle_id, spec in {**NEEDED, **NOT_NEEDED}.items():
        (project / "cycles" / f"{cycle_id}.yaml").write_text(_cycle(cycle_id, *spec))
    checked = run("check")
    assert checked.exit_code == 0, checked.output
    assert "0 errors" in checked.output, checked.output
    return project


def test_chart_opens_only_the_cycles_it_draws(ward: Path, run: Invoke, opens: list[str]) -> None:
    # The first chart in a checkout reads every cycle once to build the index of what a chart
    # shows of each (.pdsa/cache/cycle-windows.json); a later one opens no cycle file that has
    # not changed since, and of the changed ones only those it needs.
    args = ("chart", "handoff-minutes", "--out", "c.svg", "--date", TODAY.isoformat())
    assert run(*args).exit_code == 0
    assert cycle_files(ward, opens) >= set(NOT_NEEDED)  # the first run built the index
    first = (ward / "c.svg").read_bytes()
    opens.clear()
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert cycle_files(ward, opens) == set(), "unchanged cycles are read from the index"
    assert (ward / "c.svg").read_bytes() == first  # and drawn exactly as from their files
    # A drawn cycle is edited: the next chart reads that file (it must), and no other.
    running = ward / "cycles" / "2026-09-28-sbar-card-nights.yaml"
    running.write_text(running.read_text().replace("title: Test", "title: Tested"))
    opens.clear()
    assert run(*args).exit_code == 0
    assert cycle_files(ward, opens) == {running.stem}


def test_chart_draws_the_cycles_it_needs(ward: Path, run: Invoke) -> None:
    """The project is what the test above assumes: the cycles in the window are on the chart,
    the others are not."""
    import json

    result = run("chart", "handoff-minutes", "--json", "--date", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    drawn = {c["id"] for c in json.loads(result.stdout)["cycles"]}
    assert drawn == set(NEEDED) - {"2026-10-27-sbar-card-weekends"}


def test_record_opens_no_cycle_file(ward: Path, run: Invoke, opens: list[str]) -> None:
    result = run("record", "handoff-minutes", "8.7", "--date", "2026-11-02")
    assert result.exit_code == 0, result.output
    assert "2026-11-02,8.7" in (ward / "measures" / "handoff-minutes.csv").read_text()
    assert any(Path(p).name == "handoff-minutes.csv" for p in opens), "the hook saw no opens"
    assert cycle_files(ward, opens) == set()
