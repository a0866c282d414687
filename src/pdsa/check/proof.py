"""`pdsa check --history`: the history rules (PD701-PD708), from git, for each started cycle.

This module gathers: one `git log` pass over cycles/ and measures/, one `git cat-file`
process for every version needed (cycle files first; then the measure data up to each
cycle's predictions, and pdsa.yaml where a setting names a history rule). Each cycle is
then judged in `pdsa.check.cycleproof`; settings that would silence a history rule go
through `pdsa.check.silence` (PD706). Retrospective cycles claim nothing; the caller
leaves them out.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pdsa.check.cycleproof import CycleProof
from pdsa.check.findings import Finding
from pdsa.check.history import WORKTREE, Log, read_log
from pdsa.check.lineage import Lineage, PathHistory, graveyard
from pdsa.check.repo import Blobs, changed_since, merge_base, repository_root
from pdsa.check.silence import silence_gate
from pdsa.check.versions import MeasureHistory, read_version
from pdsa.errors import InvalidDataError
from pdsa.store import CYCLE_SUFFIX, DATA_LIMIT, YAML_LIMIT, read_bytes

if TYPE_CHECKING:
    from pdsa.check.files import FileResult
    from pdsa.model import Project
    from pdsa.store import Workspace


def history_findings(
    ws: Workspace,
    items: Sequence[FileResult],
    base: str | None,
    project: Project | None,
    today: dt.date,
) -> list[Finding]:
    """Every history finding for the cycles in `items` (with `base`: those changed since)."""
    root = repository_root(ws.root)
    cycles, measures = _rel(ws.cycles_dir, root), _rel(ws.measures_dir, root)
    by_rel = {f"{cycles}/{i.path.name}": i for i in items}
    base_commit = merge_base(root, base) if base is not None else None
    if base_commit is not None:
        changed = changed_since(root, base_commit, cycles)
        by_rel = {rel: i for rel, i in by_rel.items() if rel in changed}
    if not by_rel:
        return []
    log = read_log(root, [cycles, measures])
    gone = [
        p
        for p in log.files
        if posixpath.dirname(p) == cycles and p.endswith(CYCLE_SUFFIX) and not (root / p).is_file()
    ]
    with Blobs(root) as blobs:
        histories = _histories(log, blobs, [*by_rel, *gone], root, set(by_rel))
        buried = graveyard([histories[p] for p in gone])
        proofs = {
            rel: CycleProof(Lineage(log, histories[rel], buried), item, today)
            for rel, item in by_rel.items()
        }
        _find_early_data(log, blobs, list(proofs.values()), measures)
        findings = [f for rel in sorted(proofs) for f in proofs[rel].findings()]
        results = {p.item.path: p.first_start.commit for p in proofs.values()}
        findings.extend(
            silence_gate(
                findings,
                results,
                project,
                ws.rel(ws.project_path),
                _rel(ws.project_path, root),
                base_commit,
                blobs,
            )
        )
    return findings


def _rel(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root).as_posix()


def _histories(
    log: Log, blobs: Blobs, paths: list[str], root: Path, current: set[str]
) -> dict[str, PathHistory]:
    """Each path's versions; for the cycles being checked, the working tree's too."""
    shas = {blob for p in paths for _, blob in log.files.get(p, []) if blob}
    texts = blobs.read_blobs(shas)
    # A merge brings the same blob again: each blob is parsed once, then dated per commit.
    parsed = {sha: read_version("", "", raw) for sha, raw in texts.items()}
    found = {}
    for path in paths:
        seen = log.files.get(path, [])
        versions = [replace(parsed[b], commit=c, path=path) for c, b in seen if b is not None]
        raw = None
        if path in current:
            try:
                raw, _ = read_bytes(root / path, limit=YAML_LIMIT)
            except (InvalidDataError, OSError):
                raw = None
            last = texts.get(seen[-1][1] or "") if seen else None
            if raw is not None and raw != last:
                versions.append(read_version(WORKTREE, path, raw))
        if seen and seen[-1][1] is None:
            gone: str | None = seen[-1][0]
        else:  # still in the last commit: deleted in the working tree, or not at all
            gone = None if path in current or (root / path).is_file() else WORKTREE
        found[path] = PathHistory(path, versions, gone)
    return found


def _find_early_data(log: Log, blobs: Blobs, proofs: list[CycleProof], measures: str) -> None:
    """PD704's facts: window rows committed at or before a prediction was on record.

    Only the versions of a predicted measure's file up to the last commit that put a
    prediction on record are read, each once, whatever the number of cycles.
    """
    todo = [p for p in proofs if p.window is not None and p.on_record]
    upto: dict[str, int] = {}
    for proof in todo:
        latest = max(log.index(c) for c in proof.on_record.values())
        for m in proof.measures:
            upto[m] = max(upto.get(m, -1), latest)
    files = {m: log.files.get(f"{measures}/{m}.csv", []) for m in upto}
    wanted = [b for m, seen in files.items() for c, b in seen if b and log.index(c) <= upto[m]]
    texts = blobs.read_blobs(wanted)
    data: dict[str, MeasureHistory] = {}
    for m, seen in files.items():
        data[m] = MeasureHistory()
        for commit, blob in seen:
            if log.index(commit) > upto[m]:
                break
            raw = (texts.get(blob) if blob else None) or b""
            data[m].add(log.index(commit), commit, raw if len(raw) <= DATA_LIMIT else b"")
    for proof in todo:
        assert proof.window is not None
        latest = max(log.index(c) for c in proof.on_record.values())
        for m in proof.measures:
            for commit, day in data[m].rows_in(proof.window, latest):
                for pid, since in proof.on_record.items():
                    known = any(e[2] == pid for e in proof.early_data)
                    if not known and log.is_ancestor(commit, since, strict=False):
                        proof.early_data.append((m, commit, pid, day))
