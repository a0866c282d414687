"""YAML text in and out, with no file access: fast loads, round-trip documents, positions.

Two loaders on purpose: bulk reads use a C-backed safe loader (`fastyaml`); edits use
ruamel's round-trip loader, which keeps comments, order, quoting and spellings, so an edited
file differs only in the lines it had to change (the edits are in `yamledit`).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter

PathKey = str | int
DocPath = tuple[PathKey, ...]


class YamlSyntaxError(Exception):
    """The text is not YAML; line and column are 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class NullText:
    """A null that remembers how it was written (`null`, `~`, `Null`), so saving keeps it."""

    __slots__ = ("text",)

    def __init__(self, text: str = "null") -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, NullText)

    def __hash__(self) -> int:
        return hash(None)

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"NullText({self.text!r})"


class FloatText(float):
    """A float that remembers its spelling (`7.20`, `1e3`), so saving never re-formats it."""

    text: str

    def __new__(cls, value: float, text: str) -> FloatText:
        number = super().__new__(cls, value)
        number.text = text
        return number


class _Constructor(RoundTripConstructor):
    pass


class _Representer(RoundTripRepresenter):
    pass


def _construct_null(constructor: RoundTripConstructor, node: Any) -> NullText | None:
    constructor.construct_scalar(node)
    return NullText(node.value) if node.value else None


def _represent_null_text(representer: RoundTripRepresenter, data: NullText) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", data.text)


def _construct_float(constructor: RoundTripConstructor, node: Any) -> FloatText:
    value = RoundTripConstructor.construct_yaml_float(constructor, node)
    return FloatText(float(value), node.value)


def _represent_float_text(representer: RoundTripRepresenter, data: FloatText) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:float", data.text)


_Constructor.add_constructor("tag:yaml.org,2002:null", _construct_null)
_Constructor.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Representer.add_representer(NullText, _represent_null_text)
_Representer.add_representer(FloatText, _represent_float_text)


@cache
def _safe_yaml() -> YAML:
    return YAML(typ="safe", pure=False)


def _syntax_error(exc: Exception, text: str = "") -> YamlSyntaxError:
    # A character the reader refuses has only an offset into the text (both libraries).
    position = getattr(exc, "position", None)
    if isinstance(position, int) and text:
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
        code = ord(text[position]) if position < len(text) else 0
        return YamlSyntaxError(
            f"YAML syntax error: control character U+{code:04X} is not allowed "
            '(remove it, or write it as an escape such as "\\u0007" in double quotes)',
            line,
            column,
        )
    # ruamel's and PyYAML's marked errors have the same shape (problem, marks, context).
    if isinstance(exc, MarkedYAMLError) or hasattr(exc, "problem_mark"):
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "invalid"
        if mark is not None:
            return YamlSyntaxError(f"YAML syntax error: {problem}", mark.line + 1, mark.column + 1)
        return YamlSyntaxError(f"YAML syntax error: {problem}")
    return YamlSyntaxError(f"YAML syntax error: {exc}")


def fast_load(text: str) -> Any:
    """Parse YAML with the fastest C-backed safe loader (see `fastyaml`) into plain values."""
    return fast_load_with_nodes(text)[0]


def fast_load_with_nodes(text: str) -> tuple[Any, Any]:
    """`fast_load`, and the node tree behind the values when libyaml built them (None
    otherwise): `positions` takes it to place findings without a second parse."""
    from pdsa.yamlio import fast as fastyaml

    if "\t" in text or "\ufeff" in text[1:]:
        # libyaml accepts tabs and byte-order marks where ruamel (every edit) refuses them;
        # such files are rare, so they take the round-trip loader's verdict: one for both.
        rt_load(text)
    if fastyaml.loader_class() is None:
        return _ruamel_fast_load(text), None
    import yaml

    try:
        return fastyaml.load_with_nodes(text)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text) from None
    except RecursionError:
        raise YamlSyntaxError("YAML nested too deeply to read", 1, 1) from None
    except ValueError as exc:
        raise _impossible_date(text, exc) from None


def _ruamel_fast_load(text: str) -> Any:
    try:
        return _safe_yaml().load(text)
    except YAMLError as exc:
        raise _syntax_error(exc, text) from None
    except ValueError as exc:
        raise _impossible_date(text, exc) from None


_DATE_LIKE = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.:-])")


def _impossible_date(text: str, exc: ValueError) -> YamlSyntaxError:
    """The loader builds dates itself and fails on 2026-11-31 without a position: find it.
    Python also refuses integers of thousands of digits (a denial-of-service guard)."""
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
    if limit and (huge := re.search(rf"\d{{{limit + 1},}}", text)):
        at = huge.start()
        return YamlSyntaxError(
            f"a number of {len(huge.group(0))} digits (quote it if it is text)",
            text.count("\n", 0, at) + 1,
            at - text.rfind("\n", 0, at),
        )
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split(" #", 1)[0]
        for match in _DATE_LIKE.finditer(code):
            year, month, day = (int(g) for g in match.groups())
            try:
                dt.date(year, month, day)
            except ValueError:
                return YamlSyntaxError(
                    f"'{match.group(0)}' is not a real date ({exc})", number, match.start() + 1
                )
    return YamlSyntaxError(f"invalid value: {exc}")


@dataclass
class Layout:
    """How a document is indented, so a dump writes it back the same way."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2
    explicit_start: bool = False


def _guess_layout(text: str) -> Layout:
    """Infer indentation from the text: the first nested mapping and the first block list.

    Measured from the column where the parent key starts (after a `- ` when the key opens
    a list item) so both `key:\n  - x` and `key:\n- x` styles are recognised.
    """
    mapping = sequence = offset = 0
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for prev, line in itertools.pairwise(lines):
        if not _opens_block(prev):
            continue
        parent = _key_column(prev)
        indent = len(line) - len(line.lstrip(" "))
        dash = _DASH.match(line)
        if dash and not sequence and indent >= parent:
            offset = indent - parent
            sequence = offset + len(dash.group(1))
        elif not dash and not mapping and indent > parent:
            mapping = indent - parent
        if mapping and sequence:
            break
    mapping = mapping or 2
    return Layout(
        mapping=mapping,
        sequence=sequence or mapping + 2,
        offset=offset if sequence else mapping,
        explicit_start=text.lstrip().startswith("---"),
    )


_DASH = re.compile(r"^ *(- +)\S")


def _opens_block(line: str) -> bool:
    """`key:` with nothing after it (but perhaps a comment) opens a nested block."""
    content = line.split(" #", 1)[0].rstrip()
    return content.endswith(":")


def _key_column(line: str) -> int:
    dash = _DASH.match(line)
    if dash:
        return dash.end() - 1
    return len(line) - len(line.lstrip(" "))


def _rt_yaml(layout: Layout) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a user's long lines
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    yaml.explicit_start = layout.explicit_start
    return yaml


@dataclass
class Document:
    """A round-trip loaded YAML document and what is needed to write it back."""

    data: Any
    layout: Layout

    def dump(self) -> str:
        """The document as text, formatted as it was loaded."""
        buffer = io.StringIO()
        _rt_yaml(self.layout).dump(self.data, buffer)
        return buffer.getvalue()


def rt_load(text: str) -> Document:
    """Parse YAML for editing, keeping comments and formatting."""
    layout = _guess_layout(text)
    try:
        data = _rt_yaml(layout).load(text)
    except YAMLError as exc:
        raise _syntax_error(exc, text) from None
    except RecursionError:
        raise YamlSyntaxError("YAML nested too deeply to read", 1, 1) from None
    except ValueError as exc:
        raise _impossible_date(text, exc) from None
    return Document(data, layout)


def to_plain(node: Any) -> Any:
    """Round-trip values as plain dicts, lists and scalars, for validation."""
    if isinstance(node, TaggedScalar):  # `!!str 2026-11-16`: the text, as the fast loader reads
        return node.value
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, str) else k: to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, NullText):
        return None
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, str):
        return str(node)
    return node


def position_of(doc: Any, path: Sequence[PathKey], *, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the deepest node along `path` that exists in `doc`.

    Components the document does not have (pydantic adds union member names to error
    locations) are skipped. With `key=True` the last mapping key's own position is given
    rather than its value's, which is what a person wants for an unknown key.
    """
    node = doc
    line, column = _node_position(doc)
    for index, part in enumerate(path):
        last = index == len(path) - 1
        if isinstance(node, CommentedMap) and part in node:
            where = node.lc.key(part) if (key and last) else node.lc.value(part)
            line, column = where[0] + 1, where[1] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            item_line, item_column = node.lc.item(part)
            line, column = item_line + 1, item_column + 1
            node = node[part]
    return line, column


def _node_position(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return 1, 1
    return lc.line + 1, lc.col + 1


def scalar_text(value: str) -> str:
    """`value` as a YAML scalar for templates: plain when that reads back the same, else quoted."""
    import json

    if value and value == value.strip() and "\n" not in value:
        try:
            if fast_load(f"k: {value}") == {"k": value}:
                return value
        except YamlSyntaxError:
            pass
    quoted = json.dumps(value, ensure_ascii=False)
    # JSON strings are YAML double-quoted scalars, but YAML forbids raw control characters.
    return "".join(ch if yaml_printable(ch) else f"\\u{ord(ch):04x}" for ch in quoted)


def yaml_printable(ch: str) -> bool:
    code = ord(ch)
    return (
        code in (0x09, 0x0A, 0x0D)
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    ) and code != 0xFEFF


def positions(
    text: str, places: Sequence[tuple[Sequence[PathKey], bool]], root: Any = None
) -> list[tuple[int, int]]:
    """1-based line/column of each (path, key?) in `text`, from the C-backed composer.

    Much faster than a round-trip load (node marks come from libyaml), for placing many
    findings in big repositories; `root` is the node tree of `text` when the caller has it
    (`fast_load_with_nodes`), so the text is not parsed again. Parts of a path the document
    does not have are skipped, as in `position_of`; an unparseable text gives (0, 0).
    """
    if root is None:
        try:
            root = _safe_yaml().compose(text)
        except (YAMLError, ValueError):
            return [(0, 0)] * len(places)
    return [_node_place(root, path, key) for path, key in places]


def _node_place(root: Any, path: Sequence[PathKey], key: bool) -> tuple[int, int]:
    node = root
    mark = node.start_mark if node is not None else None
    for index, part in enumerate(path):
        last = index == len(path) - 1
        value = getattr(node, "value", None)
        if isinstance(value, list) and value and isinstance(value[0], tuple):  # mapping
            found = next(((k, v) for k, v in value if getattr(k, "value", None) == part), None)
            if found is None:
                continue
            mark = found[0].start_mark if (key and last) else found[1].start_mark
            node = found[1]
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            node = value[part]
            mark = node.start_mark
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1
