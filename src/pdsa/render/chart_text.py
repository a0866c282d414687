"""Text and dates on the charts: measuring and fitting labels, wrapping the verdict, the
date axis, and where phase labels go. matplotlib is imported only when called."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from pdsa.runchart.series import Series

if TYPE_CHECKING:
    from matplotlib.axes import Axes

LABEL_SIZE = 9.0  # points: 12.8 px at 1024 px wide, readable on a projector
PHASE_SIZE = 9.5  # a phase's label at the top of the chart
_YEAR = re.compile(r"\d{4}")


def date_num(day: dt.date) -> float:
    """Matplotlib's date number of a day: days since its epoch (ten thousand points are
    converted in a few milliseconds this way; `date2num` takes a fiftieth of a second per
    hundred)."""
    if isinstance(day, dt.datetime):
        from matplotlib.dates import date2num

        return float(date2num(day))  # type: ignore[no-untyped-call]
    return float(day.toordinal() - _epoch_ordinal())


@cache
def _epoch_ordinal() -> int:
    """The ordinal of matplotlib's date epoch (1970-01-01 unless rcParams say otherwise)."""
    from matplotlib.dates import get_epoch

    epoch = dt.datetime.fromisoformat(get_epoch())  # type: ignore[no-untyped-call]
    return epoch.toordinal()


def num_date(num: float) -> dt.datetime:
    """The datetime of a matplotlib date number."""
    from matplotlib.dates import num2date

    return num2date(num)  # type: ignore[no-untyped-call,no-any-return]


def axes_points(ax: Axes) -> tuple[float, float]:
    """An axes' width and height in points."""
    box = ax.get_position()
    fig = ax.get_figure(root=True)
    assert fig is not None
    return box.width * fig.get_figwidth() * 72, box.height * fig.get_figheight() * 72


@cache
def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """Width of a label in points, in the chart's font (measured from the glyph outlines)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family="DejaVu Sans", size=size)
    width, _, _ = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def fit(text: str, room: float, size: float = LABEL_SIZE) -> str:
    """The text cut with an ellipsis to at most `room` points wide ('' if nothing fits)."""
    if text_width(text, size) <= room:
        return text
    for cut in range(len(text) - 1, 2, -1):
        short = text[:cut].rstrip(" ,;-") + "…"
        if text_width(short, size) <= room:
            return short
    return ""


def wrap(text: str, width_points: float, size: float, max_lines: int = 3) -> list[str]:
    """Lines of at most `width_points`, broken after commas and semicolons where possible."""
    lines: list[str] = []
    for word in re.split(r"(?<=[,;:]) ", text) if text else []:
        for piece in _split_words(word, width_points, size):
            joined = f"{lines[-1]} {piece}" if lines else piece
            if lines and text_width(joined, size) <= width_points:
                lines[-1] = joined
            else:
                lines.append(piece)
    if len(lines) > max_lines:
        lines = [
            *lines[: max_lines - 1],
            fit(lines[max_lines - 1] + " …", width_points, size),
        ]
    return lines or [""]


def _split_words(text: str, width_points: float, size: float) -> list[str]:
    if text_width(text, size) <= width_points:
        return [text]
    out: list[str] = []
    for word in text.split(" "):
        if out and text_width(f"{out[-1]} {word}", size) <= width_points:
            out[-1] += f" {word}"
        else:
            out.append(word)
    return out


def dated_axis(ax: Axes, dated: bool) -> None:
    """Ticks at round dates; the year on the first tick and at each January."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    if not dated:
        ax.set_xticks([])
        return
    lo, hi = ax.get_xlim()
    locator = AutoDateLocator(minticks=5, maxticks=12)  # type: ignore[no-untyped-call]
    found = locator.tick_values(num_date(lo), num_date(hi))  # type: ignore[no-untyped-call]
    ticks = [float(t) for t in found if lo <= t <= hi]
    concise = ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    labels: list[str] = concise.format_ticks(ticks)  # type: ignore[no-untyped-call]
    if not all(_YEAR.fullmatch(label) for label in labels):  # months or days: add the year
        days = [num_date(t) for t in ticks]
        labels = [
            f"{d:%b}\n{d:%Y}" if _YEAR.fullmatch(label) else label
            for d, label in zip(days, labels, strict=True)
        ]
        if labels and "\n" not in labels[0]:
            first = days[0]
            labels[0] += f"\n{first:%Y}" if labels[0].isalpha() else f" {first:%b}\n{first:%Y}"
    ax.set_xticks(ticks, labels)
    ax.grid(axis="x", color="#EEEEEE", linewidth=0.6)
    ax.set_axisbelow(True)


def points_per_day(ax: Axes) -> float:
    lo, hi = ax.get_xlim()
    return axes_points(ax)[0] / float(hi - lo)


def phase_labels(ax: Axes, series: Series, xs: Sequence[float]) -> list[tuple[float, str, int]]:
    """Each phase's label at the top, starting at its left edge: two rows when they would
    collide, and an earlier label cut short when even that is not enough."""
    lo, hi = ax.get_xlim()
    ppd = points_per_day(ax)
    edges = [lo, *((xs[p.start - 2] + xs[p.start - 1]) / 2 for p in series.phases[1:]), hi]
    placed: list[list[Any]] = []  # [x, text, row]
    ends = [lo, lo]  # where each row is free from
    for phase, (x0, _) in zip(series.phases, pairwise(edges), strict=False):
        if not phase.label:
            continue
        x = x0 + 4 / ppd
        free = [row for row in (0, 1) if ends[row] <= x]
        row = free[0] if free else min((0, 1), key=lambda r: ends[r])
        if not free:  # cut the label before it in this row
            before = next(item for item in reversed(placed) if item[2] == row)
            before[1] = fit(before[1], (x - before[0]) * ppd - 8, PHASE_SIZE)
        text = fit(phase.label, (hi - x) * ppd - 4, PHASE_SIZE)
        placed.append([x, text, row])
        ends[row] = x + (text_width(text, PHASE_SIZE) + 8) / ppd
    return [(x, text, row) for x, text, row in placed if text]
