"""The bulk loader must read every file exactly as ruamel (the editor's loader) does."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdsa.yamlio import fast as fastyaml
from pdsa.yamlio.text import YamlSyntaxError, _safe_yaml, fast_load
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(fastyaml.loader_class() is None, reason="no libyaml in PyYAML")


def both(text: str) -> tuple[object, object]:
    def run(load: object) -> object:
        try:
            return load(text)  # type: ignore[operator]
        except Exception as exc:  # compare failure with failure: duplicates, or other
            return ("error", "duplicate" in str(exc))

    return run(_safe_yaml().load), run(fastyaml.load)


SCALARS = [
    "010",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "+12",
    "-0",
    "1:30",
    "12:30:00",
    "no",
    "yes",
    "on",
    "off",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "NULL",
    "",
    "true",
    "True",
    "TRUE",
    "1e3",
    "1.5e-3",
    "1.",
    ".5",
    ".Inf",
    "-.inf",
    ".NaN",
    "2026-11-03",
    "2026-11-03 10:00:00",
    "2026-11-03T10:00:00Z",
    "<<",
    "0.1",
    "1_0.5",
    "!!str 12",
    "'12'",
    "0o",
    "0x",
    "+.inf",
    "1e",
    "E",
    "abc",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_resolve_as_ruamel_does(scalar: str) -> None:
    ruamel, fast = both(f"a: {scalar}\n")
    if isinstance(ruamel, dict) and isinstance(ruamel.get("a"), float) and math.isnan(ruamel["a"]):
        assert isinstance(fast, dict) and math.isnan(fast["a"])
    else:
        assert fast == ruamel


@settings(max_examples=300)
@given(st.text(alphabet="0123456789_+-.:eExobOoTtFfNnYy~ ", min_size=1, max_size=10))
def test_numberish_scalars_agree(scalar: str) -> None:
    ruamel, fast = both(f"a: {scalar}\n")
    if ruamel == ("error", False) or fast == ("error", False):
        return  # both refuse odd syntax, with differently worded errors
    assert repr(fast) == repr(ruamel)


@pytest.mark.parametrize(
    "path", [*sorted((REPO / "cycles").glob("*.yaml")), REPO / "pdsa.yaml"], ids=lambda p: p.name
)
def test_every_example_file_loads_the_same(path: Path) -> None:
    ruamel, fast = both(path.read_text(encoding="utf-8"))
    assert fast == ruamel


def test_duplicate_keys_and_syntax_errors_are_positioned() -> None:
    with pytest.raises(YamlSyntaxError, match="duplicate key") as caught:
        fast_load("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (caught.value.line, caught.value.column) == (4, 3)
    with pytest.raises(YamlSyntaxError) as bad:
        fast_load("a: [1\nb: 2\n")
    assert bad.value.line == 2
