"""Charts for the room: every label readable at projector size, none cut short.

The report shows a 10-inch chart 1024 px wide (1 pt = 1.4 px): 9 pt is 12.8 px, the least
that reads from the back of a meeting room. A cycle's label is its whole id after the date.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from pdsa.report import build_report
from pdsa.store import Workspace
from tests.conftest import REPO

pytest.importorskip("matplotlib")

SMALLEST = 9.0  # points


@cache  # drawn once for every test here
def example_figures() -> list[object]:
    from pdsa.render.chart import figure

    report = build_report(Workspace(REPO), today=dt.date(2026, 11, 21))
    ideas = {c.id: c.title for c in report.project.change_ideas}
    return [
        figure(s.series, s.marks, change_ideas=ideas, control=s.control) for s in report.measures
    ]


def visible_texts(fig: object) -> list[object]:
    from matplotlib.text import Text

    return [
        t
        for t in fig.findobj(Text)  # type: ignore[attr-defined]
        if t.get_visible() and t.get_text().strip()
    ]


def test_no_text_under_9_points_and_none_cut_short() -> None:
    for fig in example_figures():
        texts = visible_texts(fig)
        small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < SMALLEST]
        assert small == []
        assert [t.get_text() for t in texts if "…" in t.get_text()] == []


def test_cycle_labels_are_whole_ids() -> None:
    fig = example_figures()[0]
    labels = {
        t.get_gid()[len("cycle-label-") :]: t.get_text()
        for t in visible_texts(fig)
        if (t.get_gid() or "").startswith("cycle-label-")
    }
    assert labels
    for cycle_id, text in labels.items():
        assert text == cycle_id[11:]


def test_the_icon_words_do_not_overlap() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for fig in example_figures():
        FigureCanvasAgg(fig)  # type: ignore[arg-type]
        words = [t for t in visible_texts(fig) if (t.get_gid() or "").endswith("-word")]
        boxes = [w.get_window_extent() for w in words]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b)


def contrast(colour: object, background: str = "#ffffff") -> float:
    """The WCAG contrast ratio of two colours."""
    from matplotlib.colors import to_rgb

    def luminance(c: object) -> float:
        channels = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in to_rgb(c)]  # type: ignore[arg-type]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    a, b = luminance(colour), luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def test_every_chart_text_meets_wcag_aa_on_the_white_card() -> None:
    # The charts keep a white background in the report's dark mode too (a light card).
    low = {
        (t.get_text()[:30], str(t.get_color()))
        for fig in example_figures()
        for t in visible_texts(fig)
        if contrast(t.get_color()) < 4.5
    }
    assert low == set()
