"""What the store hands out: a loaded cycle, the set of all cycles, an edit and its handle."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel

from pdsa.errors import InvalidDataError, Problem
from pdsa.model import Cycle, Project
from pdsa.model.schema import keys_at
from pdsa.store.files import TextFile, unified_diff
from pdsa.yamlio.edit import append_to, set_in
from pdsa.yamlio.text import DocPath

if TYPE_CHECKING:
    from pdsa.runchart.marks import CycleFacts

T = TypeVar("T")


@dataclass(frozen=True)
class LoadedCycle:
    """A validated cycle with the file and text it came from."""

    path: Path
    source: TextFile
    cycle: Cycle

    @property
    def text(self) -> str:
        """The file's text as read (LF line ends)."""
        return self.source.text


@dataclass(frozen=True)
class CycleSet:
    """Every cycle that could be read, and the problems of the files that could not."""

    cycles: list[Cycle]
    problems: list[Problem]
    files: int

    @property
    def unreadable(self) -> int:
        """How many files could not be used."""
        return len({p.location.path for p in self.problems})

    def summary(self) -> str:
        """`15 of 16 cycles; 1 file could not be read` (empty when every file was read)."""
        return read_summary(len(self.cycles), self.files, self.problems)


@dataclass(frozen=True)
class RunningCycles:
    """What a chart shows of the cycles in its window (`Workspace.cycles_running`), and the
    problems of the files that could not be used."""

    cycles: list[CycleFacts]
    problems: list[Problem]
    files: int  # the cycles shown and the files that could not be used

    def summary(self) -> str:
        """`15 of 16 cycles; 1 file could not be read` (empty when every file was read)."""
        return read_summary(len(self.cycles), self.files, self.problems)


def read_summary(read: int, files: int, problems: list[Problem]) -> str:
    """`15 of 16 cycles; 1 file could not be read` (empty when every file was read)."""
    if not problems:
        return ""
    bad = len({p.location.path for p in problems})
    return f"{read} of {files} cycles; {bad} file{'' if bad == 1 else 's'} could not be read"


class ReadTally:
    """Counts cycles as they stream past (`Workspace.iter_cycles`), for the same summary
    as a `CycleSet` without holding the cycles."""

    def __init__(self) -> None:
        self.read = 0
        self.files = 0
        self.problems: list[Problem] = []

    def cycles(self, items: Iterable[LoadedCycle | InvalidDataError]) -> Iterator[Cycle]:
        """The valid cycles among `items`; the problems of the others are kept."""
        for item in items:
            self.files += 1
            if isinstance(item, InvalidDataError):
                self.problems.extend(item.problems)
            else:
                self.read += 1
                yield item.cycle

    def summary(self) -> str:
        """As `CycleSet.summary`, once the items have been read."""
        return read_summary(self.read, self.files, self.problems)


class DocumentEdit:
    """The handle an edit function gets: changes to a round-trip document of `model`.

    Changes merge into the loaded document (never a fresh dump): an equal value is left
    alone with its quoting, and a new key goes where the model's field order puts it.
    """

    model: type[BaseModel]

    def __init__(self, doc: Any) -> None:
        self.doc = doc

    def set(self, path: DocPath, value: Any) -> bool:
        """Set `path` to `value`; False when it already had that value."""
        return set_in(self.doc, path, value, keys_at(self.model, path[:-1]))

    def append(self, path: DocPath, item: Any) -> None:
        """Append `item` to the list at `path`, creating it when missing."""
        append_to(self.doc, path, item, keys_at(self.model, path[:-1]))


class CycleEdit(DocumentEdit):
    """An edit of a cycle file; `cycle` is the cycle as it is when the edit begins."""

    model = Cycle

    def __init__(self, doc: Any, cycle: Cycle) -> None:
        super().__init__(doc)
        self.cycle = cycle


class ProjectEdit(DocumentEdit):
    """An edit of `pdsa.yaml`; `project` is the project as it is when the edit begins."""

    model = Project

    def __init__(self, doc: Any, project: Project) -> None:
        super().__init__(doc)
        self.project = project


@dataclass(frozen=True)
class Change(Generic[T]):
    """What an edit of a file did (or, in a dry run, would do), and what the edit returned."""

    path: Path
    before: str
    after: str
    written: bool
    value: T

    @property
    def changed(self) -> bool:
        """True when the text differs."""
        return self.before != self.after

    def diff(self, shown: Path | None = None) -> str:
        """The change as a unified diff, headed with `shown` (default: the file name)."""
        return unified_diff(shown or Path(self.path.name), self.before, self.after)


@dataclass(frozen=True)
class Edit(Change[T]):
    """An edit of a cycle: also the cycle after it, ready for the next edit."""

    loaded: LoadedCycle

    @property
    def cycle(self) -> Cycle:
        """The validated cycle after the edit."""
        return self.loaded.cycle
