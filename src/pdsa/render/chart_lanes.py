"""The cycle strip under a run chart: lanes packed so no bars or labels overlap, colours by
change idea, and the key. Like the chart itself, this imports matplotlib only when called."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pdsa.render.chart_text import LABEL_SIZE, axes_points, date_num, text_width
from pdsa.runchart.marks import CycleMark

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Paul Tol's "muted" qualitative scheme: distinct for the common forms of colour blindness.
PALETTE = (
    "#332288",
    "#44AA99",
    "#CC6677",
    "#117733",
    "#88CCEE",
    "#AA4499",
    "#999933",
    "#882255",
    "#DDCC77",
)
NO_IDEA = "#BBBBBB"
STYLE_INK = "#333333"  # the bar-style key: solid, hatched, arrow
KEY_SIZE = 9.0  # as the labels: readable at projector size
KEY_ROW_INCH = 0.2
LANE_INCH = 0.24  # height of one lane
GAP_POINTS = 4.0  # between a bar and its label
NEIGHBOUR_POINTS = 10.0  # between one cycle's label and the next bar in a lane
# More lanes than this cannot be read in a meeting (and cost a drawing of every label):
# the strip then gives each change idea one lane of bars, without labels.
MAX_LANES = 16


@dataclass(frozen=True)
class Placed:
    """A cycle mark with its lane and where its bar and label go (x in matplotlib date numbers)."""

    mark: CycleMark
    lane: int
    x0: float
    x1: float
    label_x: float
    label_left: bool  # the label ends at the bar's start instead of following its end


def colours(marks: Sequence[CycleMark], change_ideas: Iterable[str] = ()) -> dict[str, str]:
    """A colour per change idea: the project's ideas and the marks' ones, by sorted id.

    Passing every idea of the project keeps one idea the same colour on every chart.
    """
    ids = sorted({*change_ideas, *(i for m in marks for i in _ideas_of(m))})
    return {idea: PALETTE[i % len(PALETTE)] for i, idea in enumerate(ids)}


def pack(
    marks: Sequence[CycleMark],
    xlim: tuple[float, float],
    width_points: float,
    widths: Mapping[str, float] | None = None,
    overhang: float = 0.0,
) -> list[Placed]:
    """Place each mark in the first lane where its bar and label clear everything before.

    ``width_points`` is the width of the axes; label widths (points, by mark label) are
    measured unless given. Labels follow their bar (running up to `overhang` points into the
    right margin), or precede it near the right edge.
    """
    lo, hi = xlim
    per_point = (hi - lo) / max(width_points, 1.0)  # days per point
    limit = hi + overhang * per_point
    gap = GAP_POINTS * per_point
    min_bar = max(1.0, 3.0 * per_point)
    lanes: list[float] = []  # right end of what each lane holds so far
    placed: list[Placed] = []
    for mark in sorted(marks, key=lambda m: (m.start, m.end, m.id)):
        x0 = date_num(mark.start)
        x1 = max(date_num(mark.end) + 1.0, x0 + min_bar)  # the end day is included
        tail = gap * 2.5 if mark.ongoing else gap  # room for the ongoing arrow
        label = lane_label(mark)
        if widths is not None and label in widths:
            label_w = widths[label] * per_point
        else:
            label_w = text_width(label) * per_point
        label_left = x1 + tail + label_w > limit and x0 - gap - label_w >= lo
        if label_left:
            label_x, left, right = x0 - gap, x0 - gap - label_w, x1 + tail
        else:
            label_x, left, right = x1 + tail, x0, x1 + tail + label_w
        space = NEIGHBOUR_POINTS * per_point
        lane = next((i for i, end in enumerate(lanes) if end + space <= left), len(lanes))
        if lane == len(lanes):
            lanes.append(right)
        lanes[lane] = right
        placed.append(Placed(mark, lane, x0, x1, label_x, label_left))
    return placed


@dataclass(frozen=True)
class Strip:
    """The planned cycle strip: lanes, then a key of change ideas and bar styles."""

    placed: list[Placed]
    palette: dict[str, str]
    ideas: list[tuple[str, str]]  # (colour, label)
    styles: list[tuple[str, str]]  # (kind, label)
    key_rows: int
    dense: bool = False  # one lane per change idea, no labels (too many cycles to label)

    @classmethod
    def plan(
        cls,
        marks: Sequence[CycleMark],
        xlim: tuple[float, float],
        width: float,
        overhang: float,
        titles: Mapping[str, str],
    ) -> Strip:
        """Pack the marks for an axes `width` inches wide (labels may run `overhang` inches
        into the right margin) and size the key."""
        palette = colours(marks, titles)
        shown = sorted({i for m in marks for i in _ideas_of(m) or [""]}, key=lambda i: (i == "", i))
        ideas = [
            (palette.get(i, NO_IDEA), _shorten(titles.get(i, i), 64) if i else "no change idea")
            for i in shown
        ]
        styles: list[tuple[str, str]] = []
        if any(m.predicts_here for m in marks) and not all(m.predicts_here for m in marks):
            styles += [("solid", "predicts this measure"), ("hatched", "predicts other measures")]
        if any(m.ongoing for m in marks):
            styles.append(("arrow", "Do still running"))
        if any(len(_ideas_of(m)) > 1 for m in marks):
            styles.append(("striped", "a bundle: one stripe per idea"))
        # The bars alone (labels of no width) need no fewer lanes than bars with labels: when
        # they already need too many, the labels are never measured (a thousand of them
        # cost a second).
        bare = {lane_label(m): 0.0 for m in marks}
        placed = pack(marks, xlim, width * 72, widths=bare, overhang=overhang * 72)
        dense = max((p.lane for p in placed), default=0) >= MAX_LANES
        if not dense:
            placed = pack(marks, xlim, width * 72, overhang=overhang * 72)
            dense = max((p.lane for p in placed), default=0) >= MAX_LANES
        if dense:
            lane_of = {idea: n for n, idea in enumerate(shown)}
            placed = [
                Placed(p.mark, lane_of[(_ideas_of(p.mark) or [""])[0]], p.x0, p.x1, p.x1, False)
                for p in placed
            ]
            styles.append(("note", f"{len(marks)} cycles: a lane per change idea, unlabelled"))
        style_w = max((text_width(t, KEY_SIZE) for _, t in styles), default=0.0) + 40
        ncol = _columns([t for _, t in ideas], width * 72 - style_w - 20)
        rows = max(-(-len(ideas) // ncol), len(styles)) if marks else 0
        return cls(placed, palette, ideas, styles, rows, dense)

    @property
    def lanes(self) -> int:
        """How many lanes the bars need."""
        return max((p.lane for p in self.placed), default=-1) + 1

    @property
    def height(self) -> float:
        """Inches for the lanes and the key (0 without cycles)."""
        return self.lanes * LANE_INCH + 0.2 + KEY_ROW_INCH * self.key_rows if self.placed else 0.0

    def draw(self, fig: Figure, ax: Axes, rect: tuple[float, float, float, float]) -> None:
        """Lanes sharing `ax`'s dates, and the key under them, in `rect` (figure fractions)."""
        if not self.placed:
            return
        x, y, w, h = rect
        inch = 1 / fig.get_figheight()
        key_h = (0.2 + KEY_ROW_INCH * self.key_rows) * inch
        strip = fig.add_axes((x, y + key_h, w, h - key_h), sharex=ax)
        strip.set_gid("cycle-lanes")
        strip.tick_params(axis="x", which="both", bottom=False, labelbottom=False)
        strip.set_yticks([])
        strip.grid(axis="x", color="#E6E6E6", linewidth=0.6)
        strip.set_axisbelow(True)
        strip.spines[["left", "bottom"]].set_visible(False)
        strip.set_ylabel("cycles\n(Do)", rotation=0, ha="right", va="center", fontsize=9)
        if self.dense:
            _dense_bars(strip, self.placed, self.palette, len(self.ideas))
        else:
            _bars(strip, self.placed, self.palette)
        top = y + key_h - 0.08 * inch
        self._key(fig, (x, top), self.ideas, "cycle-legend", ncol=None)
        styles = [(kind, t) for kind, t in self.styles]
        if styles:
            self._key(fig, (x + w, top), styles, "cycle-style-legend", ncol=1)

    def _key(
        self,
        fig: Figure,
        anchor: tuple[float, float],
        entries: Sequence[tuple[str, str]],
        gid: str,
        ncol: int | None,
    ) -> None:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles: list[Patch | Line2D] = []
        for kind, _ in entries:
            if kind == "hatched":
                handles.append(
                    Patch(facecolor=(STYLE_INK, 0.3), edgecolor=STYLE_INK, hatch="//////")
                )
            elif kind == "striped":
                handles.append(Patch(facecolor="white", edgecolor=STYLE_INK, hatch="---"))
            elif kind == "arrow":
                handles.append(Line2D([], [], marker=">", color=STYLE_INK, linestyle="none"))
            elif kind == "note":  # words only: what the strip leaves out
                handles.append(Line2D([], [], linestyle="none"))
            else:
                colour = STYLE_INK if kind == "solid" else kind
                handles.append(Patch(facecolor=colour, edgecolor=colour))
        labels = [t for _, t in entries]
        key = fig.legend(
            handles,
            labels,
            loc="upper right" if ncol == 1 else "upper left",
            bbox_to_anchor=anchor,
            ncol=ncol or -(-len(labels) // self.key_rows),
            frameon=False,
            fontsize=KEY_SIZE,
            handlelength=1.6,
            handleheight=0.8,
            columnspacing=1.4,
            borderaxespad=0.0,
            borderpad=0.0,
        )
        key.set_gid(gid)


def _bars(ax: Axes, placed: Sequence[Placed], palette: Mapping[str, str]) -> None:
    """Bars and labels in their lanes, lane 0 at the top."""
    from matplotlib.patches import Rectangle

    n = max((p.lane for p in placed), default=0) + 1
    ax.set_ylim(n - 0.5, -0.5)
    lo, hi = ax.get_xlim()
    per_point = float(hi - lo) / axes_points(ax)[0]
    for p in placed:
        colour = palette.get(p.mark.change_idea or "", NO_IDEA)
        solid = p.mark.predicts_here
        ideas = _ideas_of(p.mark)
        if len(ideas) > 1:  # a bundle: a stripe in each of its ideas' colours
            stripe = 0.6 / len(ideas)
            for k, idea in enumerate(ideas):
                tone = palette.get(idea, NO_IDEA)
                ax.add_patch(
                    Rectangle(
                        (p.x0, p.lane - 0.3 + k * stripe),
                        p.x1 - p.x0,
                        stripe,
                        facecolor=tone if solid else (tone, 0.3),
                        edgecolor=tone,
                        linewidth=0,
                        hatch=None if solid else "//////",
                        gid=f"cycle-{p.mark.id}-idea-{k + 1}",
                    )
                )
            colour = STYLE_INK
        bar = Rectangle(
            (p.x0, p.lane - 0.3),
            p.x1 - p.x0,
            0.6,
            facecolor="none" if len(ideas) > 1 else colour if solid else (colour, 0.3),
            edgecolor=colour,
            hatch=None if solid or len(ideas) > 1 else "//////",
            linewidth=0.8,
            gid=f"cycle-{p.mark.id}",
        )
        ax.add_patch(bar)
        if p.mark.ongoing:
            ax.plot(
                [p.x1 + 4 * per_point],
                [p.lane],
                marker=">",
                markersize=5,
                color=colour,
                linestyle="none",
                gid=f"ongoing-{p.mark.id}",
            )
        ax.text(
            p.label_x,
            p.lane,
            lane_label(p.mark),
            ha="right" if p.label_left else "left",
            va="center_baseline",
            fontsize=LABEL_SIZE,
            color="#222222" if solid else "#555555",
            gid=f"cycle-label-{p.mark.id}",
        )


def _dense_bars(ax: Axes, placed: Sequence[Placed], palette: Mapping[str, str], lanes: int) -> None:
    """Many cycles: a lane per change idea, the bars of each lane drawn as two collections
    (solid where they predict this measure, light where not), whatever their number."""
    ax.set_ylim(lanes - 0.5, -0.5)
    groups: dict[tuple[int, bool], list[tuple[float, float]]] = {}
    for p in placed:
        groups.setdefault((p.lane, p.mark.predicts_here), []).append((p.x0, p.x1 - p.x0))
    colour_of = {p.lane: palette.get((_ideas_of(p.mark) or [""])[0], NO_IDEA) for p in placed}
    for (lane, solid), spans in sorted(groups.items()):
        colour = colour_of[lane]
        ax.broken_barh(
            spans,
            (lane - 0.3, 0.6),
            facecolors=colour if solid else (colour, 0.3),
            edgecolors=colour,
            linewidth=0.5,
            gid=f"cycle-lane-{lane}-{'predicts' if solid else 'other'}",
        )


def _ideas_of(mark: CycleMark) -> list[str]:
    """The change ideas a cycle tests (its first one, for a mark made without the list)."""
    return list(mark.change_ideas) or ([mark.change_idea] if mark.change_idea else [])


def lane_label(mark: CycleMark) -> str:
    """A cycle's label in its lane: the whole id after the date, never cut (a label cut to
    `sbar-card-one-nurse…` cannot be read out in the meeting; lanes make room instead)."""
    cycle_id = mark.id
    return cycle_id[11:] if len(cycle_id) > 11 and cycle_id[10] == "-" else cycle_id


def _columns(labels: Sequence[str], width_points: float) -> int:
    """As many columns as fit in the width (each as wide as the widest label)."""
    if not labels:
        return 1
    widest = max(text_width(label, KEY_SIZE) for label in labels) + 40.0
    return max(1, min(len(labels), int(width_points // widest)))


def _shorten(text: str, length: int) -> str:
    """Cut at a word when that keeps most of the text."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut if len(cut) > length // 2 else text[: length - 1]) + "…"
