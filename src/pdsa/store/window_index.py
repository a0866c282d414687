"""When each cycle ran, remembered between runs, so a chart opens only the cycles it shows.

A chart depends on the cycles whose Do window overlaps its dates. Knowing which those are
without reading every file takes a memory of each file's window, keyed the way git keys its
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdsa.errors import PdsaError
from pdsa.model import Cycle
from pdsa.store.files import read_text, write_text

CACHE_DIR = "cache"
INDEX_NAME = "cycle-windows.json"
VERSION = 1
_LIMIT = 64 * 1024 * 1024


def file_key(info: os.stat_result) -> list[int]:
    """What says a file is unchanged since it was read, without opening it."""
    return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


@dataclass(frozen=True)
class Window:
    """What the index keeps of a cycle: enough to compute `Cycle.do_window` for any day."""

    started: dt.date | None
    end: dt.date | None  # do.finished, else the planned end; None: runs until today

    @classmethod
    def of(cls, cycle: Cycle) -> Window:
        """The window facts of a cycle."""
        planned = cycle.plan.when.end if cycle.plan.when else None
        return cls(cycle.started, (cycle.do.finished if cycle.do else None) or planned)

    def overlaps(self, first: dt.date, last: dt.date, today: dt.date) -> bool:
        """Whether the Do window, as `Cycle.do_window(today)` gives it, meets [first, last]."""
        if self.started is None:
            return False
        end = max(self.end or today, self.started)
        return not (end < first or self.started > last)


class WindowIndex:
    """The remembered windows of `cycles/*.yaml`, by file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / INDEX_NAME
        self.entries: dict[str, list[Any]] = {}
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

    def window(self, name: str, info: os.stat_result) -> Window | None:
        """The remembered window of a file, or None when it must be read."""
        entry = self.entries.get(name)
        if not isinstance(entry, list) or len(entry) != 6 or entry[:4] != file_key(info):
            return None
        try:
            started, end = (dt.date.fromisoformat(v) if v else None for v in entry[4:])
        except (TypeError, ValueError):
            return None
        return Window(started, end)

    def learn(self, name: str, info: os.stat_result, cycle: Cycle) -> None:
        """Remember the window of a file just read (keyed by its stat from before the read,
        so a change made meanwhile only means it is read again next time)."""
        window = Window.of(cycle)
        dates = (window.started, window.end)
        entry = [*file_key(info), *(d.isoformat() if d else None for d in dates)]
        if self.entries.get(name) != entry:
            self.entries[name] = entry
            self.changed = True

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
