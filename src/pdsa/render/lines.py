"""Long report sections laid out as plain lines, written as they are.

The terminal report of a repository with a thousand cycles has some twenty thousand lines;
laid out by rich's tables (measuring every cell, then wrapping and cropping every line) it
took four times as long as reading the cycles. Here each line is wrapped once with
`textwrap` and kept as (text, style) pieces; rich turns the styles into colour (or nothing,
with NO_COLOR) as it writes them. The team's text must be cleaned (`safe.clean`) before it
is added: these pieces are written as they are, never read as markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence

from rich.console import Console, ConsoleOptions
from rich.segment import Segment

Piece = tuple[str, str]  # text and a rich style ("" for none)
Paint = Callable[[str, str], str]


def painter(console: Console) -> Paint:
    """Text in a rich style as ANSI codes for `console`, or as it is without colour."""
    system = console.color_system
    if system is None or console.no_color:
        return lambda text, style: text
    from rich.color import ColorSystem
    from rich.style import Style

    mode = {
        "standard": ColorSystem.STANDARD,
        "256": ColorSystem.EIGHT_BIT,
        "truecolor": ColorSystem.TRUECOLOR,
        "windows": ColorSystem.WINDOWS,
    }[system]
    styles: dict[str, Style] = {}

    def paint(text: str, style: str) -> str:
        if not style or not text:
            return text
        if style not in styles:
            styles[style] = Style.parse(style)
        return styles[style].render(text, color_system=mode)

    return paint


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, its own line breaks kept; words longer
    than a line are cut (as rich's `overflow="fold"` does); ids stay whole at hyphens."""
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if len(paragraph) <= width and "  " not in paragraph:  # most lines: nothing to do
            lines.append(paragraph.strip())
            continue
        lines += textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""]
    return lines


class Lines:
    """A section as lines of styled pieces, in the order they are added."""

    def __init__(self) -> None:
        self._lines: list[Sequence[Piece]] = []

    def __len__(self) -> int:
        return len(self._lines)

    def add(self, *pieces: Piece) -> None:
        """One line as it is (the caller keeps it within the width)."""
        self._lines.append(pieces)

    def blank(self) -> None:
        """An empty line."""
        self._lines.append(())

    def wrapped(
        self, text: str, width: int, style: str = "", indent: str = "", hang: str | None = None
    ) -> None:
        """`text` wrapped to `width`, the first line starting with `indent`, the others with
        `hang` (default: `indent`), so a bullet's text lines up under itself."""
        later = indent if hang is None else hang
        lines = wrap(text, width - max(len(indent), len(later)))
        for n, line in enumerate(lines):
            self._lines.append((((later if n else indent) + line, style),))

    def columns(
        self,
        cells: Sequence[Piece],
        widths: Sequence[int],
        *,
        indent: str = "",
        gap: str = "  ",
        right: Iterable[int] = (),
    ) -> None:
        """One row of a table: each cell wrapped to its column's width, the columns side by
        side (a cell with fewer lines is padded), `right` the columns aligned right."""
        aligned = set(right)
        if not aligned and all(
            len(text) <= width and "\n" not in text and "  " not in text
            for (text, _), width in zip(cells, widths, strict=True)
        ):  # the usual row: one line, nothing to wrap
            self._one_line(cells, widths, indent, gap)
            return
        wrapped = [wrap(text, width) for (text, _), width in zip(cells, widths, strict=True)]
        last = len(cells) - 1
        for n in range(max(len(w) for w in wrapped)):
            pieces: list[Piece] = [(indent, "")] if indent else []
            for index, ((_, style), lines, width) in enumerate(
                zip(cells, wrapped, widths, strict=True)
            ):
                text = lines[n] if n < len(lines) else ""
                if index in aligned:
                    text = f"{text:>{width}}"
                elif index < last:
                    text = f"{text:<{width}}"
                pieces.append((text, style))
                if index < last:
                    pieces.append((gap, ""))
            while pieces and not pieces[-1][0].strip():  # no trailing blanks in a log
                pieces.pop()
            if pieces:
                pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
            self._lines.append(pieces)

    def _one_line(
        self, cells: Sequence[Piece], widths: Sequence[int], indent: str, gap: str
    ) -> None:
        pieces: list[Piece] = [(indent, "")] if indent else []
        for (text, style), width in zip(cells[:-1], widths, strict=False):
            pieces += [(f"{text:<{width}}", style), (gap, "")]
        text, style = cells[-1]
        if text.strip():
            pieces.append((text.strip(), style))
        else:
            pieces[-1:] = []  # the gap before an empty last cell
            if pieces:
                pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
        self._lines.append(pieces)

    def text(self, paint: Paint) -> str:
        """The lines as text, each piece painted in its style (`painter`)."""
        return "".join(
            "".join(paint(text, style) for text, style in pieces) + "\n" for pieces in self._lines
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        styles = {}
        newline = Segment.line()
        for pieces in self._lines:
            for text, style in pieces:
                if not style:
                    yield Segment(text)
                    continue
                if style not in styles:
                    styles[style] = console.get_style(style)
                yield Segment(text, styles[style])
            yield newline


def column_widths(
    rows: Sequence[Sequence[str]], total: int, flexible: dict[int, float], gap: int = 2
) -> list[int]:
    """Column widths for `rows` in `total` characters: a fixed column is as wide as its
    widest cell; the `flexible` ones (index: share) split what is left by their shares,
    never wider than their widest cell, never narrower than 8."""
    count = len(rows[0]) if rows else len(flexible)
    widest = [max((len(r[i]) for r in rows), default=0) for i in range(count)]
    fixed = sum(w for i, w in enumerate(widest) if i not in flexible)
    left = max(total - fixed - gap * (count - 1), 8 * len(flexible))
    widths = list(widest)
    shares = sum(flexible.values()) or 1.0
    spare = 0
    for index, share in flexible.items():
        allowed = max(8, int(left * share / shares))
        widths[index] = max(1, min(widest[index], allowed))
        spare += allowed - widths[index]
    # What a narrow column does not need goes to the others, widest first.
    for index in sorted(flexible, key=lambda i: -widest[i]):
        extra = min(spare, widest[index] - widths[index])
        widths[index] += extra
        spare -= extra
    return widths


def print_parts(console: Console, parts: Iterable[object]) -> None:
    """Print each part in order: `Lines` straight to the console's file (its styles as ANSI
    codes), anything else through rich."""
    paint = painter(console)
    for part in parts:
        if isinstance(part, Lines):
            console.file.write(part.text(paint))
        else:
            console.print(part)
