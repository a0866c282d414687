"""One cycle's history proof: the lineage's judgements turned into findings (PD701-PD708).

For a cycle past plan:

- PD701: each locked prediction, in its locked form, was committed before the version that
  first shows a start or results, in a commit that version descends from;
- PD702: the lock is exactly what was on record just before that start (no prediction
  switched back to an older form, none dropped), and was not changed and locked again;
- PD703: `do.started` is not earlier than the day of the commit that put them on record;
- PD704: no row of a predicted measure dated in the Do window was committed with or
  before them;
- PD705: PD701/PD702 against a version that does not parse but shows results;
- PD707: no deleted cycle recorded results for the same prediction before this one had it;
- PD708: the commits all this rests on are not dated before their parents.

Every finding names the commits (short hashes) and the prediction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pdsa.check.findings import DocPath, Finding
from pdsa.check.history import WORKTREE
from pdsa.check.lineage import Late, Lineage, OnRecord, Switched
from pdsa.check.versions import Version, do_window, measure_of, started_on, stored_lock
from pdsa.fingerprint import whole_hash

if TYPE_CHECKING:
    from pdsa.check.files import FileResult

# Clocks disagree (a laptop a few hours off, a wrong time zone): only a commit dated more
# than a day before its parent counts as out of order.
CLOCK_SKEW = 24 * 3600
_DATA_HINT = "data from the test comes after its predictions; say so in the study"


class CycleProof:
    """One cycle's judgements, then its findings, placed on its predictions."""

    def __init__(self, lineage: Lineage, item: FileResult, today: dt.date) -> None:
        self.lineage, self.log, self.item = lineage, lineage.log, item
        self.starts = lineage.starts()
        self.first_start = self.starts[0] if self.starts else lineage.current
        self.locked = lineage.locked()
        self.judged = [lineage.judge(s, self.locked) for s in self.starts]
        first = self.judged[0] if self.judged else []
        self.on_record = {j.prediction: j.since for j in first if isinstance(j, OnRecord)}
        current = lineage.current.data
        self.window = do_window(current, today)
        self.started = started_on(current)
        self.measures = sorted({m for f in self.locked.values() if (m := measure_of(f))})
        # PD704's facts, found once the data is read: (measure, commit, prediction, day)
        self.early_data: list[tuple[str, str, str, dt.date]] = []

    def _finding(
        self,
        code: str,
        message: str,
        pids: list[str],
        hint: str,
        where: DocPath = (),
    ) -> Finding:
        order = list(self.item.predictions)
        if not where:
            first = pids[0] if pids else ""
            where = ("plan", "predictions", order.index(first)) if first in order else ("plan",)
        # PD706 names the predictions a refused setting would have silenced.
        named = ", ".join(f"'{p}'" for p in pids)
        return Finding(
            code, message, self.item.path, where, hint=hint, extra={"predictions": named}
        )

    def findings(self) -> list[Finding]:
        """Every history finding for this cycle."""
        out: list[Finding] = []
        reported: set[str] = set()
        for judged in self.judged:  # one per line of history that shows a start
            late = [j for j in judged if isinstance(j, Late) and j.prediction not in reported]
            if late:
                code, message = _late(late)
                out.append(
                    self._finding(code, message, [j.prediction for j in late], _COMMIT_FIRST)
                )
                reported.update(j.prediction for j in late)
            for j in judged:
                if isinstance(j, Switched) and j.prediction not in reported:
                    code = "PD702" if j.start.readable_results else "PD705"
                    out.append(self._finding(code, _switched(j), [j.prediction], _RESTORE))
                    reported.add(j.prediction)
        out.extend(self._relocked())
        for r in self.lineage.recreated:
            message = (
                f"prediction '{r.prediction}' repeats {r.old_path}, which recorded results "
                f"({_short(r.results)}) and was deleted ({_short(r.deleted)}) before this "
                f"cycle first held it ({_short(r.here)})"
            )
            out.append(self._finding("PD707", message, [r.prediction], _RECREATED))
        out.extend(self._backdated())
        out.extend(self._early_data())
        out.extend(self._out_of_order())
        return out

    def _relocked(self) -> list[Finding]:
        first = next((v for v in self.lineage.versions if v.readable_results), None)
        current = self.lineage.current
        now = current.predictions
        if first is None or now == self.locked or stored_lock(current.data) != whole_hash(now):
            return []  # unchanged, or not locked again (PD302 reports an edit under the lock)
        return [
            self._finding(
                "PD702",
                f"prediction '{r.prediction}' was {r.how} after Do first started "
                f"({_short(r.first_lock)}) and the predictions were locked again "
                f"({_short(r.since)})",
                [r.prediction],
                _RESTORE,
            )
            for r in self.lineage.relocked(self.locked, first)
        ]

    def _backdated(self) -> list[Finding]:
        if self.started is None or not self.on_record:
            return []
        pid, since = max(self.on_record.items(), key=lambda kv: self.log.index(kv[1]))
        day = self.log.commits[since].authored.date()
        if self.started >= day:
            return []
        message = (
            f"do.started {self.started} is before {_short(since)} ({day}), which first "
            f"recorded prediction '{pid}'"
        )
        hint = "a test starts after its predictions are committed; correct do.started"
        return [self._finding("PD703", message, [pid], hint, ("do", "started"))]

    def _early_data(self) -> list[Finding]:
        out = []
        for measure, data, pid, day in self.early_data:
            since = self.on_record[pid]
            when = "together with" if data == since else f"in {_short(data)}, before"
            message = (
                f"rows of '{measure}' dated in the Do window (from {day}) were committed "
                f"{when} prediction '{pid}' ({_short(since)})"
            )
            out.append(self._finding("PD704", message, [pid], _DATA_HINT))
        return out

    def _out_of_order(self) -> list[Finding]:
        commits = [
            *self.on_record.values(),
            *(s.commit for s in self.starts),
            *(commit for _, commit, _, _ in self.early_data),
        ]
        for commit in dict.fromkeys(commits):
            parent = self.log.out_of_order(commit, CLOCK_SKEW)
            if parent is None:
                continue
            names = ", ".join(f"'{p}'" for p in self.locked)
            message = (
                f"{_short(commit)} is dated {_utc_day(self.log.commits[commit].committed)}, "
                f"before its parent {_short(parent.sha)} ({_utc_day(parent.committed)}): the "
                f"history looks rewritten, so its dates cannot show when {names} came first"
            )
            hint = "git dates are claims, not proof: see docs/security.md"
            return [self._finding("PD708", message, list(self.locked), hint)]
        return []


_COMMIT_FIRST = "commit predictions before `pdsa start`"
_RECREATED = "restore the deleted cycle; a new test needs new predictions, committed first"
_RESTORE = "restore the predictions as first locked; record what you learned in the study"


def _late(late: list[Late]) -> tuple[str, str]:
    start = late[0].start
    names = ("prediction " if len(late) == 1 else "predictions ") + ", ".join(
        f"'{x.prediction}'" for x in late
    )
    were, are = ("was", "is") if len(late) == 1 else ("were", "are")
    results = _short(start.commit)
    if not start.readable_results:
        return "PD705", (
            f"{names} {were} not committed before {results}, whose version of the file "
            f"{_unreadable(start)} but shows results ({start.sign})"
        )
    if all(x.first == WORKTREE for x in late):
        return "PD701", f"{names} {are} not committed yet, but the results are recorded"
    if all(x.first == start.commit for x in late):
        return "PD701", f"{names} {were} first committed together with the results ({results})"
    return "PD701", f"{names} {were} not committed before the results ({results})"


def _switched(s: Switched) -> str:
    start = _short(s.start.commit)
    if not s.start.readable_results:
        return (
            f"prediction '{s.prediction}' is locked in a form other than the one on record "
            f"({_short(s.on_record)}) before {start}, whose version {_unreadable(s.start)} "
            f"but shows results ({s.start.sign})"
        )
    if s.locked_from is None:
        return (
            f"prediction '{s.prediction}' was on record ({_short(s.on_record)}) but dropped "
            f"when Do started ({start})"
        )
    return (
        f"prediction '{s.prediction}' is locked as it was in {_short(s.locked_from)}, not as "
        f"on record just before Do started ({_short(s.on_record)}); switched back in {start}"
    )


def _unreadable(version: Version) -> str:
    return "does not match the cycle format" if version.parsed else "does not parse"


def _short(commit: str) -> str:
    return commit if commit == WORKTREE else f"commit {commit[:10]}"


def _utc_day(seconds: int) -> dt.date:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
