"""The per-file half of `pdsa check`: parse, validate, single-file rules, positions.

Each cycle file is checked on its own, so big repositories spread the work over every CPU
(a process pool, forked on Linux so workers start warm); small ones run in-process. A
worker returns placed findings and the little the cross-file rules need (id and links).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdsa.check.findings import Finding
from pdsa.check.rules import Context, Links, cycle_findings
from pdsa.errors import InvalidDataError, Problem, ProblemKind
from pdsa.fingerprint import canonical
from pdsa.model import Cycle, Project
from pdsa.parallel import pool_map
from pdsa.store import read_text
from pdsa.yamlio.text import positions
from pdsa.yamlio.validate import load_mapping_with_nodes, validate_data

# Told (files done, files in all) as the check goes, for a progress bar.
Progress = Callable[[int, int], None]

# Below this many files the cost of starting workers outweighs the parallel gain.
PARALLEL_FROM = 300
CHUNK = 100


@dataclass(frozen=True)
class FileContext:
    """What checking one file needs: the project, the ids that exist, how to show paths."""

    project: Project | None
    cycle_ids: frozenset[str]
    root: Path
    shown_root: Path  # the project root as the user sees it (relative to cwd)
    today: dt.date


@dataclass
class FileResult:
    """One cycle file's findings, and its id and links when it is valid."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    cycle_id: str | None = None
    links: Links | None = None
    status: str | None = None
    retrospective: bool = False
    predictions: dict[str, str] = field(default_factory=dict)  # id -> canonical, past plan


def from_problems(problems: Iterable[Problem], code: str | None = None) -> list[Finding]:
    """Findings from parse and validation problems (`code` when they all share one)."""
    return [
        Finding(
            code or code_for(p),
            p.message,
            p.location.path,
            hint=p.hint,
            line=p.location.line,
            column=p.location.column,
        )
        for p in problems
    ]


def code_for(problem: Problem) -> str:
    """The rule a parse or schema problem belongs to."""
    if problem.kind in (ProblemKind.SYNTAX, ProblemKind.NOT_MAPPING, ProblemKind.ENCODING):
        return "PD101"
    if problem.kind is ProblemKind.FILE:
        return "PD103"
    if problem.kind is ProblemKind.ID_MISMATCH:
        return "PD104"
    if problem.field == "confidence":
        return "PD205"
    if problem.field == "statement" and problem.detail in ("missing", "string_too_short"):
        return "PD204"
    return "PD102"


def check_file(path: Path, ctx: FileContext) -> FileResult:
    """Everything about one cycle file that does not need the other files."""
    shown = ctx.shown_root / path.relative_to(ctx.root)
    result = FileResult(shown)
    try:
        text = read_text(path, shown).text
        data, nodes = load_mapping_with_nodes(text, shown)
        cycle = validate_data(Cycle, data, text, shown)
    except InvalidDataError as exc:
        result.findings = from_problems(exc.problems)
        return result
    result.cycle_id, result.status = cycle.id, cycle.status.value
    result.retrospective = cycle.retrospective is not None
    act = cycle.act
    result.links = Links(
        cycle.follows,
        act.next if act else None,
        tuple(cycle.ideas),
        act.next_change_idea if act else None,
    )
    if cycle.status.value != "plan":  # what `--history` compares with older versions
        result.predictions = {p.id: canonical(p) for p in cycle.plan.predictions}
    findings = list(cycle_findings(cycle, shown, Context(ctx.project, ctx.cycle_ids, ctx.today)))
    if cycle.id != path.stem:
        findings.append(
            Finding(
                "PD104",
                f"id '{cycle.id}' does not match the file name '{path.name}'",
                shown,
                ("id",),
                hint=f"set id to '{path.stem}' or rename the file",
            )
        )
    place(findings, text, nodes)
    result.findings = findings
    return result


def place(findings: Sequence[Finding], text: str, nodes: Any = None) -> None:
    """Give line/column to the findings of one file that only know their document path
    (`nodes`: the file's node tree from the load, when there is one)."""
    todo = [f for f in findings if not f.line and f.doc_path]
    if not todo:
        return
    found = positions(text, [(f.doc_path, f.doc_path[-1] == "id") for f in todo], nodes)
    for finding, (line, column) in zip(todo, found, strict=True):
        finding.line, finding.column = line, column


def _check_chunk(paths: list[Path]) -> list[FileResult]:
    assert _WORKER_CONTEXT is not None
    return [check_file(p, _WORKER_CONTEXT) for p in paths]


_WORKER_CONTEXT: FileContext | None = None


def _init_worker(ctx: FileContext) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = ctx


def check_files(
    paths: Sequence[Path], ctx: FileContext, progress: Progress | None = None
) -> list[FileResult]:
    """Check every file, in worker processes when there are many (see `pdsa.parallel`);
    `progress(done, total)` is told as files are checked."""
    tell = progress or (lambda done, total: None)
    if len(paths) < PARALLEL_FROM:
        results = []
        for path in paths:
            results.append(check_file(path, ctx))
            tell(len(results), len(paths))
        return results
    chunks = [list(paths[i : i + CHUNK]) for i in range(0, len(paths), CHUNK)]
    checked = [0]

    def chunk_done(chunk: list[FileResult]) -> None:
        checked[0] += len(chunk)
        tell(checked[0], len(paths))

    done = pool_map(
        _check_chunk,
        chunks,
        min_items=2,
        initializer=_init_worker,
        initargs=(ctx,),
        done=chunk_done,
    )
    return [result for chunk in done for result in chunk]
