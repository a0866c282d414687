"""The Making Data Count variation and assurance icons, drawn by pdsa itself.

Two small circles in the chart's top right corner: the variation of the latest point
(common cause, or a special cause that is an improvement, a concern, or neither) and
whether the process will meet its goal (pass, fail, or it may or may not). Each carries a
letter as well as a colour, and a word under it, so colour is never the only cue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pdsa.render.chart_control import MEANING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# (meaning for the colour, letter, word under the icon)
VARIATION = {
    "common_cause": ("common", "~", "common cause"),
    "special_cause_improvement": ("improvement", "", "improvement"),
    "special_cause_concern": ("concern", "", "concern"),
    "special_cause_neutral_high": ("neutral", "H", "neutral, high"),
    "special_cause_neutral_low": ("neutral", "L", "neutral, low"),
}
ASSURANCE = {
    "consistent_pass": ("improvement", "P", "will meet goal"),
    "consistent_fail": ("concern", "F", "will miss goal"),
    "inconsistent": ("common", "?", "may meet goal"),
}


def icon_words(icons: dict[str, Any]) -> str:
    """The icons in words, for the chart's text alternative."""
    words = []
    variation = VARIATION.get(icons.get("variation_point_type") or "")
    if variation:
        words.append(f"variation: {variation[2]}")
    assurance = ASSURANCE.get(icons.get("assurance_type") or "")
    if assurance:
        words.append(f"assurance: {assurance[2]}")
    return "; ".join(words)


def draw_icons(fig: Figure, icons: dict[str, Any], better: str, right: float, top: float) -> None:
    """Draw the icons with their right edge at `right` and top at `top` (figure fractions)."""
    size = 0.42  # inches
    width, height = fig.get_figwidth(), fig.get_figheight()
    shown = []
    variation = VARIATION.get(icons.get("variation_point_type") or "")
    if variation:
        meaning, letter, word = variation
        if meaning in ("improvement", "concern"):
            high = icons["variation_point_type"] == "special_cause_improvement"
            high = high == (better == "higher")  # an improvement is high when higher is better
            letter = "H" if high else "L"
        shown.append(("variation", meaning, letter, word))
    assurance = ASSURANCE.get(icons.get("assurance_type") or "")
    if assurance:
        shown.append(("assurance", *assurance))
    for index, (gid, meaning, letter, word) in enumerate(reversed(shown)):
        x = right - (index + 1) * (size + 0.62) / width + 0.2 / width  # room for 9-pt words
        ax = fig.add_axes((x, top - size / height, size / width, size / height))
        ax.set_gid(f"icon-{gid}")
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-1.1, 1.1)
        ax.set_aspect("equal")
        ax.axis("off")
        _circle(ax, MEANING[meaning]["color"], letter, gid)
        fig.text(
            x + size / width / 2,
            top - (size + 0.05) / height,
            word,
            ha="center",
            va="top",
            fontsize=9,
            color="#333333",
            gid=f"icon-{gid}-word",
        )


def _circle(ax: Any, colour: str, letter: str, gid: str) -> None:
    from matplotlib.patches import Circle

    ax.add_patch(
        Circle((0, 0), 1.0, facecolor="white", edgecolor=colour, lw=2.2, gid=f"{gid}-ring")
    )
    if letter == "~":  # common cause: a level, wavering line
        import math

        xs = [i / 20 - 0.6 for i in range(25)]
        ys = [0.18 * math.sin(x * 9) for x in xs]
        ax.plot(xs, ys, color=colour, lw=2, gid=f"{gid}-wave")
        return
    ax.text(
        0,
        0,
        letter,
        ha="center",
        va="center",
        fontsize=13,
        fontweight="bold",
        color=colour,
        gid=f"{gid}-letter",
    )
