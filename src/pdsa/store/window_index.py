"""What a chart shows of each cycle, remembered between runs, so a chart opens no cycle file
that has not changed since.

A chart depends on the cycles whose Do window overlaps its dates, and shows of each its id,
status, change ideas, window and whether it predicts the measure (`CycleFacts`). Knowing
those without reading every file takes a memory of each file's facts, keyed the way git keys its
index: by what `stat` says of the file (inode, size, modification and change times), which
needs no open. A file whose key differs, or that is not remembered, is read again. The
memory lives in `.pdsa/cache/` (ignored by git through its own `.gitignore`): its keys do not
match the files of another checkout, so a copy committed or planted from elsewhere is never
trusted, and losing it costs one full read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pdsa.errors import InvalidDataError, NotFoundError, PdsaError, Problem
from pdsa.model import SLUG_PATTERN, Cycle, Status
from pdsa.runchart.marks import CycleFacts
from pdsa.store.cycles import LoadedCycle, RunningCycles
from pdsa.store.files import read_text, write_text

CACHE_DIR = "cache"
INDEX_NAME = "cycle-windows.json"
VERSION = 2  # 1 kept the Do window only; 2 keeps all a chart shows of a cycle
_LIMIT = 64 * 1024 * 1024
_DATES = ("started", "finished", "planned_end")
_WORDS = ("ideas", "predicts")
_STATUSES = frozenset(s.value for s in Status)
_SLUG = re.compile(SLUG_PATTERN)


def file_key(info: os.stat_result) -> list[int]:
    """What says a file is unchanged since it was read, without opening it."""
    return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


class WindowIndex:
    """The remembered facts (`CycleFacts`) of `cycles/*.yaml`, by file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / INDEX_NAME
        self.entries: dict[str, Any] = {}
        self.changed = False

    @classmethod
    def load(cls, folder: Path) -> WindowIndex:
        """The index in `folder`; empty when it is missing, unreadable or of another version."""
        index = cls(folder)
        try:
            data = json.loads(read_text(index.path, limit=_LIMIT).text)
        except (OSError, ValueError, PdsaError):  # missing, unreadable, not JSON: start afresh
            return index
        if isinstance(data, dict) and data.get("version") == VERSION:
            entries = data.get("cycles")
            if isinstance(entries, dict):
                index.entries = entries
        return index

    def facts(self, name: str, info: os.stat_result) -> CycleFacts | None:
        """The remembered facts of a file, or None when it must be read: not remembered,
        changed since (its stat differs), or remembered in a shape this version did not
        write (a hand-edited or planted index is read as no index)."""
        entry = self.entries.get(name)
        if not isinstance(entry, dict) or entry.get("key") != file_key(info):
            return None
        try:
            dates = [entry[k] for k in _DATES]
            words = [entry[k] for k in _WORDS]
            status = entry["status"]
            if status not in _STATUSES or not all(
                isinstance(w, list) and all(isinstance(x, str) and _SLUG.match(x) for x in w)
                for w in words
            ):
                return None
            started, finished, planned = (
                dt.date.fromisoformat(d) if d is not None else None for d in dates
            )
        except (KeyError, TypeError, ValueError):
            return None
        ideas, predicts = (tuple(w) for w in words)
        return CycleFacts(Path(name).stem, status, ideas, started, finished, planned, predicts)

    def learn(self, name: str, info: os.stat_result, cycle: Cycle) -> CycleFacts:
        """Remember the facts of a file just read (keyed by its stat from before the read,
        so a change made meanwhile only means it is read again next time)."""
        facts = CycleFacts.of(cycle)
        entry: dict[str, Any] = {"key": file_key(info), "status": facts.status}
        for k in _DATES:
            day = getattr(facts, k)
            entry[k] = day.isoformat() if day else None
        for k in _WORDS:
            entry[k] = list(getattr(facts, k))
        if self.entries.get(name) != entry:
            self.entries[name] = entry
            self.changed = True
        return facts

    def forget_missing(self, names: set[str]) -> None:
        """Drop files that are gone."""
        for name in set(self.entries) - names:
            del self.entries[name]
            self.changed = True

    def save(self) -> None:
        """Write the index when it changed; a read-only checkout simply goes without."""
        if not self.changed:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                text = "# pdsa's cache: rebuilt as needed, never committed\n*\n"
                write_text(ignore, text, create=True)
            text = json.dumps({"version": VERSION, "cycles": self.entries}, separators=(",", ":"))
            write_text(self.path, text + "\n", create=not self.path.exists())
        except (OSError, PdsaError):  # read-only, full, a link in the way: go without
            return
        self.changed = False


def cycles_running(
    folder: Path,
    paths: Sequence[Path],
    load: Callable[[Path], LoadedCycle],
    span: tuple[dt.date, dt.date],
    today: dt.date,
) -> RunningCycles:
    """What a chart shows of the cycle files `paths` whose Do window meets `span`: the facts
    of an unchanged file come from the index in `folder`, checked against its stat; new and
    changed files are read with `load` (and remembered), and so is every file that cannot
    be used, to report it."""
    first, last = span
    index = WindowIndex.load(folder)
    shown: list[CycleFacts] = []
    problems: list[Problem] = []
    files = 0
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue  # deleted since the folder was listed
        facts = index.facts(path.name, info)
        if facts is None:
            try:
                loaded = load(path)
            except InvalidDataError as exc:
                files += 1
                problems.extend(exc.problems)
                continue
            except NotFoundError:
                continue
            facts = index.learn(path.name, info, loaded.cycle)
        if facts.window_within(first, last, today) is not None:
            files += 1
            shown.append(facts)
    index.forget_missing({p.name for p in paths})
    index.save()
    return RunningCycles(shown, problems, files)
