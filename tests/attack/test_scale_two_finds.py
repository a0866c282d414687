"""What the corpus found at PDSA_ATTACK_SCALE=2 that the CI sample does not reach: each
reproduced here so CI keeps it fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pdsa.measures import check_csv
from pdsa.render.console import _dumps
from pdsa.yamlio.text import YamlSyntaxError, fast_load_with_nodes, rt_load

DEEP = "title: x\nplan: " + "[" * 3000 + "]" * 3000 + "\n"


@pytest.mark.parametrize("load", [rt_load, fast_load_with_nodes])
def test_yaml_nested_too_deeply_is_a_syntax_error_not_a_crash(load: object) -> None:
    with pytest.raises(YamlSyntaxError, match="nest"):  # ours, or libyaml's own limit
        load(DEEP)  # type: ignore[operator]


def test_a_csv_with_carriage_return_line_ends_is_refused_by_name() -> None:
    text = "date,value,note\r2026-01-05,9,\r2026-01-12,8,\r"
    (problem,) = check_csv(text, Path("measures/m.csv"))
    assert "carriage return" in problem.message and "\r" not in problem.message


def test_json_output_escapes_what_a_terminal_would_act_on() -> None:
    payload = "a\x9b31mb\x7fc\x85d\u2028e"
    text = _dumps({"note": payload})
    assert not any(ch in text for ch in "\x9b\x7f\x85\u2028")
    assert json.loads(text) == {"note": payload}
