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


def test_a_ctrl_c_turned_into_a_validation_error_is_reported_as_an_interrupt(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C that lands while pydantic matches a pattern came out as "expected form …
    (fix the value)", exit 3, blaming a valid file. Once the program has seen the Ctrl-C,
    any error that follows is reported as the interrupt it was."""
    from typer.testing import CliRunner

    from pdsa.cli import _process, app

    env = {"TERM": "dumb", "NO_COLOR": "1"}
    before = CliRunner().invoke(app, ["chart", "nosuch"], env=env)
    assert before.exit_code == 2  # no Ctrl-C: the usage error as it is
    monkeypatch.setattr(_process, "_interrupts", [2])
    after = CliRunner().invoke(app, ["chart", "nosuch"], env=env)
    assert after.exit_code == 130
    assert after.stderr.strip() == "pdsa: interrupted"


def test_the_program_remembers_ctrl_c_and_still_raises_it() -> None:
    import signal

    from pdsa.cli import _process

    saved = signal.getsignal(signal.SIGINT)
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _process.watch_interrupts()
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
        assert _process.interrupted()
    finally:
        signal.signal(signal.SIGINT, saved)
        _process._interrupts.clear()
