"""Edits of a round-trip YAML document that change only what they must.

`set_in` and `append_to` merge values into the loaded document (never a fresh dump): an
equal value is left alone with its quoting, a new key goes where the model's field order
puts it, and comments stay attached to what they describe: the comment lines above a key
(or a section) stay above it when a key is inserted before it, and the lines indented under
an empty key (`measures:` with commented-out examples) stay above the items it gets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)

from pdsa.yamlio.text import DocPath, NullText, PathKey, to_plain, yaml_printable


def to_node(value: Any) -> Any:
    """A plain value as round-trip nodes: short scalar maps inline, multi-line text as `|`."""
    if value is None:
        return NullText("null")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        node = CommentedMap((k, to_node(v)) for k, v in value.items())
        scalars = all(not isinstance(v, dict | list) for v in value.values())
        if scalars and 0 < len(value) <= 4 and any(k in value for k in _INLINE_HINT_KEYS):
            node.fa.set_flow_style()
        return node
    if isinstance(value, tuple):
        seq = CommentedSeq(to_node(v) for v in value)
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, list):
        return CommentedSeq(to_node(v) for v in value)
    if isinstance(value, str) and _fits_literal_block(value):
        # Kept exactly (ruamel picks `|` or `|-` from the final newline), readable in diffs.
        return LiteralScalarString(value)
    if isinstance(value, str) and any(ch in value for ch in "\x85\u2028\u2029"):
        # YAML line breaks that ruamel would write raw in a single-quoted scalar (and read
        # back as a space): double quotes escape them as \N, \L, \P.
        return DoubleQuotedScalarString(value)
    return value


def _fits_literal_block(text: str) -> bool:
    """Multi-line text a `|` block reproduces exactly: printable, no edge whitespace."""
    if "\n" not in text.strip("\n") or text.endswith("\n\n") or text.startswith(("\n", " ")):
        return False
    return all(yaml_printable(ch) and ch not in "\r\t\x85\u2028\u2029" for ch in text) and all(
        line == line.rstrip() for line in text.split("\n")
    )


# Mappings that read best on one line, as in the documented format: `expect: {below: 8}`.
_INLINE_HINT_KEYS = frozenset(
    {"below", "above", "at_most", "at_least", "between", "equals", "start", "end"}
)


def _same(old: Any, new: Any) -> bool:
    if old is None or isinstance(old, NullText):
        return new is None
    if isinstance(new, bool) or isinstance(old, bool):
        return type(to_plain(old)) is type(new) and bool(old) == new
    if isinstance(old, dt.date) and isinstance(new, dt.date):
        return old == new
    if isinstance(old, dict | list):
        return bool(to_plain(old) == new)
    return bool(old == new) and type(to_plain(old)) is type(new)


def set_in(doc: Any, path: DocPath, value: Any, order: Sequence[str] | None = None) -> bool:
    """Set `path` to `value`, creating mappings on the way; False when nothing changed.

    A new key goes after the existing keys that come before it in `order` (the model's
    field order), so added fields land where a person would have written them.
    """
    parent = _ensure_parent(doc, path[:-1])
    key = path[-1]
    if isinstance(parent, list):
        assert isinstance(key, int)
        if _same(parent[key], value):
            return False
        parent[key] = to_node(value)
        return True
    if key in parent and _same(parent[key], value):
        return False
    if key in parent:
        empty = parent[key] is None or isinstance(parent[key], NullText)
        parent[key] = node = to_node(value)
        if empty and isinstance(node, CommentedMap | CommentedSeq):
            _take_body_comments(doc, parent, key, node)
        return True
    position = _insert_position(parent, str(key), order) if order else len(parent)
    # The comment lines after the key before the new one introduce the key that follows
    # it (or the next section): they move down, to stay above what they describe.
    before = list(parent)[position - 1] if position else None
    trailing = _detach(_leaf_of(parent, before)) if before is not None else None
    parent.insert(position, key, to_node(value))
    _attach(_leaf_of(parent, key), trailing)
    return True


def append_to(doc: Any, path: DocPath, item: Any, order: Sequence[str] | None = None) -> None:
    """Append `item` to the sequence at `path`, creating it when missing or null."""
    parent = _ensure_parent(doc, path[:-1])
    key = path[-1]
    current = _child(parent, key)
    if not isinstance(current, list):
        set_in(doc, path, [item], order)
        return
    if not current and isinstance(current, CommentedSeq):
        # `predictions: []` in a template: the first real item should be written as a
        # block list, not squeezed into a one-line flow sequence of mappings.
        current.fa.set_block_style()
    trailing = _detach(_last_leaf(current))
    current.append(to_node(item))
    _attach(_last_leaf(current), trailing)


def _last_leaf(node: Any) -> tuple[Any, Any] | None:
    """The container and key/index of the last scalar in a block structure.

    ruamel attaches the comment lines that follow a block (often the heading of the next
    section) to its last scalar; flow collections count as scalars here.
    """
    leaf = None
    while isinstance(node, CommentedMap | CommentedSeq) and len(node):
        key = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        leaf = (node, key)
        child = node[key]
        if not isinstance(child, CommentedMap | CommentedSeq) or child.fa.flow_style():
            break
        node = child
    return leaf


def _is_block_scalar(value: Any) -> bool:
    return isinstance(value, LiteralScalarString | FoldedScalarString)


def _comment_slot(container: Any) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _leaf_of(mapping: CommentedMap, key: Any) -> tuple[Any, Any]:
    """Where the comment lines after `key`'s entry are kept: its own slot for a scalar (or a
    flow collection), the last scalar inside a block collection."""
    value = mapping[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
        inner = _last_leaf(value)
        if inner is not None:
            return inner
    return mapping, key


def _detach(leaf: tuple[Any, Any] | None) -> str | None:
    """Take the comment lines after a scalar (keeping its end-of-line comment)."""
    if leaf is None:
        return None
    container, key = leaf
    entry = container.ca.items.get(key)
    slot = _comment_slot(container)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None or "\n" not in token.value:
        return None
    if _is_block_scalar(container[key]):
        # A `|` or `>` block ends its own line, so everything in the token follows it.
        entry[slot] = None
        return str(token.value)
    head, rest = token.value.split("\n", 1)
    if not rest:
        return None
    if head.strip():
        token.value = head + "\n"
    else:
        entry[slot] = None
    return str(rest)


def _attach(leaf: tuple[Any, Any] | None, text: str | None) -> None:
    """Put comment lines taken by `_detach` after a scalar."""
    if not text or leaf is None:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    container, key = leaf
    slot = _comment_slot(container)
    entry = container.ca.items.setdefault(key, [None] * (4 if slot == 2 else 2))
    if entry[slot] is None:
        line_end = "" if _is_block_scalar(container[key]) else "\n"
        entry[slot] = CommentToken(line_end + text, CommentMark(0), None)
    else:
        entry[slot].value = entry[slot].value.rstrip("\n") + "\n" + text


def _take_body_comments(doc: Any, parent: CommentedMap, key: Any, node: Any) -> None:
    """A key that was empty and now holds a block (`measures:` in a new project): the
    comment lines indented under it (an explanation, commented-out examples) stay between
    the key and its first item, not after the items. ruamel keeps them before the next
    key, or at the end of the document when the key is the last one."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    keys = list(parent)
    after = keys.index(key) + 1
    if after < len(keys):
        entry = parent.ca.items.get(keys[after])
        tokens = entry[1] if entry and len(entry) > 1 else None
    else:
        entry = None
        tokens = doc.ca.end if parent is doc else None
    try:
        column = parent.lc.key(key)[1]
    except (AttributeError, KeyError, TypeError):
        return
    body = []
    for token in tokens or []:
        if token.column <= column:
            break
        body.append(token)
    if not body:
        return
    rest = list(tokens[len(body) :])  # type: ignore[index]
    last = body[-1]
    if last.value.endswith("\n\n"):  # the blank line before the next key stays there
        body[-1] = CommentToken(last.value.rstrip("\n") + "\n", last.start_mark, None)
        rest.insert(0, CommentToken("\n", CommentMark(0), None))
    if entry is not None:
        entry[1] = rest or None
    else:
        doc.ca.end = rest or None
    node.ca.comment = [None, body]
    parent.ca.items.setdefault(key, [None, None, None, None])[3] = body


def _child(node: Any, key: PathKey) -> Any:
    if isinstance(node, list):
        return node[key] if isinstance(key, int) and -len(node) <= key < len(node) else None
    return node.get(key)


def _ensure_parent(doc: Any, path: DocPath) -> Any:
    node = doc
    for key in path:
        child = _child(node, key)
        if not isinstance(child, dict | list):
            child = CommentedMap()
            node[key] = child
        node = child
    return node


def _insert_position(mapping: CommentedMap, key: str, order: Sequence[str]) -> int:
    if key not in order:
        return len(mapping)
    rank = {k: i for i, k in enumerate(order)}
    mine = rank[key]
    position = 0
    for index, existing in enumerate(mapping):
        if rank.get(str(existing), len(order)) < mine:
            position = index + 1
    return position
