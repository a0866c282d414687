"""Text from the team's files, made safe to print on a terminal.

A title can hold anything, including escape sequences that retitle a window, clear the
screen or fake a prompt. Everything pdsa prints from the team's files goes through `clean`:
control characters become visible `\\x..` escapes (tabs become spaces; newlines are kept
where the text may span lines), and rich markup in the text is escaped where the caller
embeds it in markup of its own.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that
# can make text read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object, *, markup: bool = False, newlines: bool = True) -> str:
    """`text` with control characters shown as escapes; with `markup`, rich markup escaped."""
    value = _CONTROL.sub(_visible, str(text)).replace("\t", " ")
    if not newlines:
        value = value.replace("\n", " ")
    if markup:
        from rich.markup import escape

        value = escape(value)
    return value


# What makes inline Markdown do something (emphasis, code, links, images, tables,
# strike-through); the team's text is always placed inline, never at a line's start.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|~])")


def md(text: object) -> str:
    """Team text made inert in Markdown: HTML escaped as entities (no tag, no `<autolink>`
    survives), Markdown punctuation backslashed (no link, image, emphasis or heading), line
    breaks as spaces, and control characters shown as escapes."""
    value = clean(text, newlines=False)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = value.replace('"', "&quot;")
    return _MD_SPECIAL.sub(r"\\\1", value)
