"""The bulk-read YAML loader: libyaml (through PyYAML's C loader) with ruamel's YAML 1.2 rules.

`pdsa check`, `list` and `report` read every cycle file, and parsing dominates their time.
libyaml via PyYAML parses these files about three times faster than ruamel's C loader, but
PyYAML reads YAML 1.1 (`no` is false, `1:30` is 90) and lets a key appear twice. So the
loader here takes its implicit-type rules from ruamel's own YAML 1.2 resolver at run time,
builds numbers exactly as ruamel does, and refuses duplicate keys: what a bulk read sees is
what the round-trip editor sees. A property test holds the two loaders to the same values.
Without PyYAML's C extension, ruamel's C loader is used instead.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, ClassVar

_SIGNS = {"-": -1, "+": 1}


@cache
def loader_class() -> Any:
    """A PyYAML C loader class with ruamel's YAML 1.2 resolution, or None without libyaml."""
    try:
        import yaml
        from yaml.constructor import ConstructorError
    except ImportError:
        return None
    base = getattr(yaml, "CSafeLoader", None)
    if base is None:
        return None
    from ruamel.yaml.resolver import VersionedResolver

    class Loader(base):  # type: ignore[misc, valid-type]
        # Replaced, not extended: PyYAML's own (YAML 1.1) rules must not apply.
        yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
            if len(mapping) != len(node.value):  # a key was repeated: say which, like ruamel
                seen: set[Any] = set()
                for key_node, _ in node.value:
                    key = self.construct_object(key_node, deep=deep)
                    if key in seen:
                        raise ConstructorError(
                            "while constructing a mapping",
                            node.start_mark,
                            f'found duplicate key "{key}"',
                            key_node.start_mark,
                        )
                    seen.add(key)
            return mapping

    rules = VersionedResolver(version=(1, 2)).versioned_resolver
    for first, entries in rules.items():
        for tag, pattern in entries:
            if tag.endswith((":yaml", ":value")):
                continue  # ruamel-internal tags with no PyYAML counterpart
            # ruamel keeps each pattern behind a lazy wrapper whose every `.match` costs an
            # attribute lookup in Python (a fifth of a bulk read): keep the pattern itself.
            compiled = pattern.lazy_self() if hasattr(pattern, "lazy_self") else pattern
            Loader.yaml_implicit_resolvers.setdefault(first or None, []).append((tag, compiled))
    Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
    Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_yaml_map)
    return Loader


def _split_sign(text: str) -> tuple[int, str]:
    if text and text[0] in _SIGNS:
        return _SIGNS[text[0]], text[1:]
    return 1, text


def _construct_int(loader: Any, node: Any) -> int:
    """As ruamel builds a YAML 1.2 int: 0b, 0x, 0o prefixes; underscores ignored."""
    sign, digits = _split_sign(loader.construct_scalar(node).replace("_", ""))
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _construct_float(loader: Any, node: Any) -> float:
    """As ruamel builds a YAML 1.2 float: .inf/.nan in any case, underscores ignored."""
    sign, digits = _split_sign(loader.construct_scalar(node).replace("_", "").lower())
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    return sign * float(digits)


def load(text: str) -> Any:
    """Parse `text` with the fast loader (raises yaml's or ruamel's YAML errors)."""
    return load_with_nodes(text)[0]


def load_with_nodes(text: str) -> tuple[Any, Any]:
    """The values of `text` and the node tree they were built from (what `yaml.load` does,
    keeping the nodes): their marks place findings without parsing the text again."""
    loader = loader_class()(text)  # a CSafeLoader subclass
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()
