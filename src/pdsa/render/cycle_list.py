"""The `pdsa list` table, written row by row as the cycles are read.

A repository of 10,000 cycles must list as fast as it prints JSON, in memory that does not
grow with the number of cycles: so the columns are laid out before the first cycle is read
(the ids are the file names, known from the folder listing; a stage is at most
`done adopt-and-spread`), each row is formatted as plain text, and colour is added by rich's
styles as ANSI codes, never by rich's table layout.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pdsa.model import Cycle, Status
from pdsa.render.cycles import DECISION_STYLE, STATUS_STYLE
from pdsa.render.lines import Paint
from pdsa.render.safe import clean
from pdsa.vocab import DECISION_WORDS

GAP = "  "
TITLE_MIN, TITLE_MAX = 24, 60
STATUS_WIDTH = max(len(f"{s.value} {d}") for s in Status for d in DECISION_WORDS)
# Optional columns in the order they are dropped when the terminal is narrow (last first):
# a person needs the id, the stage and the title above all.
OPTIONAL = (("pred.", 5), ("started", 10), ("change idea", 22), ("finished", 10))


@dataclass(frozen=True)
class ListLayout:
    """Column widths fixed before the rows: `stacked` puts the title under the id."""

    id_width: int
    title_width: int
    optional: tuple[tuple[str, int], ...]
    stacked: bool
    paint: Paint

    @classmethod
    def fit(cls, ids: Sequence[str], width: int, paint: Paint) -> ListLayout:
        """The widest layout that fits `width` columns."""
        id_width = max((len(i) for i in ids), default=10)
        used = id_width + len(GAP) + STATUS_WIDTH + len(GAP)
        if used + TITLE_MIN > width:
            return cls(min(id_width, max(width - STATUS_WIDTH - 2, 10)), 0, (), True, paint)
        chosen = []
        for name, size in OPTIONAL:
            if used + TITLE_MIN + len(GAP) + size <= width:
                chosen.append((name, size))
                used += len(GAP) + size
        title = max(TITLE_MIN, min(TITLE_MAX, width - used))
        return cls(id_width, title, tuple(chosen), False, paint)

    def header(self) -> str:
        """The header line."""
        if self.stacked:
            return self.paint(f"{'id / title':<{self.id_width}}{GAP}status", "bold")
        cells = [f"{'id':<{self.id_width}}", f"{'status':<{STATUS_WIDTH}}"]
        cells.append(f"{'title':<{self.title_width}}")
        cells += [
            f"{name:>{size}}" if name == "pred." else f"{name:<{size}}"
            for name, size in self.optional
        ]
        return self.paint(GAP.join(cells).rstrip(), "bold")

    def rows(self, cycle: Cycle) -> Iterator[str]:
        """The line or lines of one cycle."""
        title = clean(cycle.title, newlines=False)
        status = self._status(cycle)
        if self.stacked:
            ids = _wrap(cycle.id, self.id_width)
            yield f"{ids[0]:<{self.id_width}}{GAP}{status}".rstrip()
            yield from ids[1:]
            for line in _wrap(title, max(self.id_width - 2, 10)):
                yield self.paint(f"  {line}", "dim")
            return
        cells: dict[str, list[str]] = {
            "title": _wrap(title, self.title_width),
            "pred.": [str(len(cycle.plan.predictions))],
            "started": [_iso(cycle.started)],
            "change idea": _wrap(", ".join(cycle.ideas) or "—", 22),
            "finished": [_iso(cycle.do.finished if cycle.do else None)],
        }
        height = max(len(cells[name]) for name in ("title", *(n for n, _ in self.optional)))
        for n in range(height):
            first = n == 0
            parts = [
                f"{cycle.id if first else '':<{self.id_width}}",
                status if first else " " * STATUS_WIDTH,
                _cell(cells["title"], n, self.title_width),
            ]
            for name, size in self.optional:
                parts.append(_cell(cells[name], n, size, right=name == "pred."))
            yield GAP.join(parts).rstrip()

    def _status(self, cycle: Cycle) -> str:
        text = self.paint(cycle.status.value, STATUS_STYLE[cycle.status])
        length = len(cycle.status.value)
        if cycle.decision:
            word = cycle.decision.value
            text += " " + self.paint(word, DECISION_STYLE[word])
            length += 1 + len(word)
        return text + " " * (STATUS_WIDTH - length)


def _wrap(text: str, width: int) -> list[str]:
    # Ids and hyphenated words (day-shift) stay whole where they fit.
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _cell(lines: list[str], n: int, size: int, *, right: bool = False) -> str:
    text = lines[n] if n < len(lines) else ""
    return f"{text:>{size}}" if right else f"{text:<{size}}"


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else "—"


def write_list(layout: ListLayout, cycles: Iterable[Cycle], write: Callable[[str], Any]) -> int:
    """Write the table (header first, when there is a row); returns how many cycles."""
    count = 0
    batch: list[str] = []
    for cycle in cycles:
        if not count:
            batch.append(layout.header())
        count += 1
        batch.extend(layout.rows(cycle))
        if len(batch) >= 256:  # a few writes, not one per row, and never the whole table
            write("\n".join(batch) + "\n")
            batch.clear()
    if batch:
        write("\n".join(batch) + "\n")
    return count
