"""One cycle's history, judged: which predictions were on record before the test began.

A cycle's lineage is every version of its file, oldest first, with the working tree last
when it differs from the last commit. A file renamed (`git mv`) keeps its past: the
versions of the deleted path count as the same cycle's when the new file appears in the
commit that deletes the old one and carries the test on as it was (both show results, or
neither does). A deleted file that recorded results and shares a prediction with a cycle
created later is a recreation, not a rename (PD707).

The facts found here are typed; `pdsa.check.cycleproof` turns them into findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from pdsa.check.history import WORKTREE, Log
from pdsa.check.versions import Version, content


@dataclass(frozen=True, eq=False)
class PathHistory:
    """The versions of one path, and the commit that deleted it (if it is gone)."""

    path: str
    versions: list[Version]
    deleted_in: str | None = None


@dataclass(frozen=True)
class OnRecord:
    """A locked prediction committed, in its locked form, before the test began."""

    prediction: str
    since: str  # the first commit of the run of versions that held it up to the start


@dataclass(frozen=True)
class Late:
    """A locked prediction not committed before the version that first shows results."""

    prediction: str
    first: str | None  # the first commit that held the locked form (None: never)
    start: Version


@dataclass(frozen=True)
class Switched:
    """The lock is not what was on record just before the start (a hedge, PD702).

    `locked_from` is an older commit holding the locked form (None when the prediction was
    dropped at the start rather than switched back); `on_record` holds what stood before.
    """

    prediction: str
    locked_from: str | None
    on_record: str
    start: Version


@dataclass(frozen=True)
class Relocked:
    """After the first start, the predictions were changed and locked again (PD702)."""

    prediction: str
    first_lock: str
    since: str  # the commit (or the working tree) where the current form first appears
    how: str  # changed, added or removed


@dataclass(frozen=True)
class Recreated:
    """A deleted cycle recorded results for the same prediction before this one had it."""

    prediction: str
    old_path: str
    results: str  # the commit that first recorded results in the old file
    deleted: str
    here: str  # the commit where this cycle's file first held the prediction


Judgement = OnRecord | Late | Switched
Graveyard = dict[str, list[PathHistory]]  # a prediction's content -> deleted files that held it


def graveyard(deleted: list[PathHistory]) -> Graveyard:
    """Index the deleted cycle files by the predictions they ever held (built once)."""
    found: Graveyard = {}
    for old in deleted:
        if not old.versions:
            continue
        keys = {content(f) for v in old.versions for f in v.predictions.values()}
        for key in keys:
            found.setdefault(key, []).append(old)
    return found


class Lineage:
    """A cycle's versions in order, and the questions the proof asks of them."""

    def __init__(self, log: Log, own: PathHistory, graveyard: Graveyard) -> None:
        self.log = log
        self.path = own.path
        self.own = own.versions
        self.recreated: list[Recreated] = []
        keys = {content(f): pid for v in own.versions for pid, f in v.predictions.items()}
        merged = list(own.versions)
        firsts = own.versions[:1]
        pending = list(dict.fromkeys(old for key in keys for old in graveyard.get(key, [])))
        renamed = True
        while renamed:  # a rename of a rename: follow the chain back
            renamed = False
            for old in list(pending):
                if any(
                    old.deleted_in == f.commit and old.versions[-1].results == f.results
                    for f in firsts
                ):
                    merged.extend(old.versions)  # the same test under a new name
                    firsts.append(old.versions[0])
                    pending.remove(old)
                    renamed = True
        for old in pending:
            shared = [
                (keys[content(f)], f)
                for v in old.versions
                for f in v.predictions.values()
                if content(f) in keys
            ]
            self.recreated.extend(self._recreation(old, shared))
        merged.sort(key=lambda v: log.index(v.commit))
        self.versions = merged

    def _recreation(self, old: PathHistory, shared: list[tuple[str, str]]) -> list[Recreated]:
        results = next((v for v in old.versions if v.results), None)
        if results is None or old.deleted_in is None:
            return []
        found = []
        for pid in dict.fromkeys(pid for pid, _ in shared):
            key = {content(f) for p, f in shared if p == pid}
            here = next(
                (
                    v
                    for v in self.own
                    if pid in v.predictions and content(v.predictions[pid]) in key
                ),
                None,
            )
            if here is not None and self.log.is_ancestor(results.commit, here.commit, strict=False):
                found.append(Recreated(pid, old.path, results.commit, old.deleted_in, here.commit))
        return found

    @property
    def current(self) -> Version:
        """The version as it is now (the working tree, else the last commit)."""
        return self.versions[-1]

    def starts(self) -> list[Version]:
        """The versions that first show a start or results, one per line of history."""
        found: list[Version] = []
        for v in self.versions:
            if v.results and not any(
                self.log.is_ancestor(s.commit, v.commit, strict=False) for s in found
            ):
                found.append(v)
        return found

    def locked(self) -> dict[str, str]:
        """The predictions as they were when Do first started (the first readable start)."""
        first = next((v for v in self.versions if v.readable_results), self.current)
        return first.predictions

    def judge(self, start: Version, locked: dict[str, str]) -> list[Judgement]:
        """Each locked prediction against what was on record just before `start`."""
        before = [
            v
            for v in self.versions[: self.versions.index(start)]
            if v.parsed and self.log.is_ancestor(v.commit, start.commit)
        ]
        pre = before[-1] if before else None
        found: list[Judgement] = []
        for pid, form in locked.items():
            if pre is not None and pre.predictions.get(pid) == form:
                since = pre
                for v in reversed(before):
                    if v.predictions.get(pid) != form:
                        break
                    since = v
                found.append(OnRecord(pid, since.commit))
                continue
            earlier = next((v for v in before if v.predictions.get(pid) == form), None)
            if earlier is not None and pre is not None:
                found.append(Switched(pid, earlier.commit, pre.commit, start))
                continue
            first = next((v.commit for v in self.versions if v.predictions.get(pid) == form), None)
            found.append(Late(pid, first, start))
        if pre is not None:
            found.extend(
                Switched(pid, None, pre.commit, start)
                for pid in pre.predictions
                if pid not in locked
            )
        return found

    def relocked(self, locked: dict[str, str], first_lock: Version) -> list[Relocked]:
        """What differs between the first lock and the predictions as they are now."""
        now = self.current.predictions
        later = [
            v
            for v in self.versions[self.versions.index(first_lock) + 1 :]
            if v.parsed and self.log.is_ancestor(v.commit, self.current.commit, strict=False)
        ]
        found = []
        for pid in dict.fromkeys([*locked, *now]):
            form = now.get(pid)
            if locked.get(pid) == form:
                continue
            how = "removed" if form is None else "changed" if pid in locked else "added"
            since = next((v.commit for v in later if v.predictions.get(pid) == form), WORKTREE)
            found.append(Relocked(pid, first_lock.commit, since, how))
        return found
