"""What a command line is expected to do: examples and plain words in every help, shell
completion of commands, options and the project's ids (through the real protocol and the
real bash), `--json` with a version on every read command, did-you-mean for ids."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pdsa.cli import app
from tests.conftest import CLI_ENV, REPO, Invoke

EXE = shutil.which("pdsa", path=str(Path(sys.executable).parent))


def commands() -> list[tuple[str, ...]]:
    """Every command and subcommand, as the words that name it."""
    import typer.main

    found: list[tuple[str, ...]] = []

    def walk(group: object, prefix: tuple[str, ...]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            found.append((*prefix, name))
            walk(command, (*prefix, name))

    walk(typer.main.get_command(app), ())
    return found


PYTHON_TYPES = re.compile(r"<(str|int|float|bool|Path|datetime|list\[[^>]*\])>")


@pytest.mark.parametrize("words", commands(), ids=" ".join)
def test_every_help_has_an_example_and_no_python_types(words: tuple[str, ...], run: Invoke) -> None:
    text = run(*words, "--help").stdout
    assert "Examples:" in text
    example = text.split("Examples:")[1]
    assert re.search(rf"\bpdsa {re.escape(words[0])}\b", example) or words == ("add",)
    assert not PYTHON_TYPES.search(text), PYTHON_TYPES.search(text)


def test_the_top_level_help_has_no_python_types(run: Invoke) -> None:
    text = run("--help").stdout
    assert "--install-completion" in text and "--show-completion" in text
    assert not PYTHON_TYPES.search(text)


def complete(words: str, cword: int, cwd: Path = REPO) -> list[str]:
    """Ask the installed command for completions, as the bash script does."""
    assert EXE is not None
    env = {
        **os.environ,
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
        "_PDSA_COMPLETE": "complete_bash",
    }
    env.pop("PDSA_ROOT", None)
    done = subprocess.run([EXE], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    return done.stdout.split()


@pytest.mark.slow
def test_completion_protocol_offers_commands_options_and_ids() -> None:
    assert "show" in complete("pdsa sh", 1)
    assert complete("pdsa report --mea", 2) == ["--measure"]
    assert complete("pdsa show 2026-03-25-sbar", 2) == [
        "2026-03-25-sbar-card-all-shifts-four-weeks"
    ]
    assert complete("pdsa chart hand", 2) == ["handoff-minutes"]
    assert complete("pdsa report --measure sbar", 3) == ["sbar-use"]
    assert "sbar-card" in complete("pdsa new x --change-idea sb", 4)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_generated_bash_script_completes_a_cycle_id(tmp_path: Path) -> None:
    assert EXE is not None
    env = {**CLI_ENV, "PATH": f"{Path(EXE).parent}:{os.environ['PATH']}", "HOME": str(tmp_path)}
    env.pop("PDSA_ROOT")
    shown = subprocess.run(  # in a folder of its own: not wherever another test left us
        [EXE, "--show-completion", "bash"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr
    script = shown.stdout
    assert "complete -o default -F _pdsa_completion pdsa" in script
    (tmp_path / "pdsa.bash").write_text(script)
    # What bash does on `pdsa study 2026-10-19<TAB>`: fill COMP_WORDS, call the function.
    probe = (
        f"source {tmp_path / 'pdsa.bash'}\n"
        "COMP_WORDS=(pdsa study 2026-10-19); COMP_CWORD=2\n"
        "_pdsa_completion pdsa\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "-c", probe], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.stdout.split() == ["2026-10-19-bedside-handoff-whole-day-shift"], done.stderr


READ_COMMANDS = [
    ("list", "--json"),
    ("show", "2026-03-25-sbar-card-all-shifts-four-weeks", "--json"),
    ("agenda", "--json", "--date", "2026-11-21"),
    ("tree", "--json"),
    ("chart", "handoff-minutes", "--json", "--date", "2026-11-21"),
    ("report", "--json", "--date", "2026-11-21"),
    ("check", "--json", "--date", "2026-11-21"),
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: a[0])
def test_every_read_command_has_versioned_json(
    args: tuple[str, ...], run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = run(*args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert data["kind"] in ("cycle-list", "cycle", "agenda", "tree", "chart", "report", "check")
    documented = (REPO / "docs" / "json.md").read_text()
    assert f"pdsa {args[0]}" in documented and f"`{data['kind']}`" in documented


def test_check_json_is_the_json_format(run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    flag = json.loads(run("check", "--json", "--date", "2026-11-21").stdout)
    form = json.loads(run("check", "--format", "json", "--date", "2026-11-21").stdout)
    assert flag == form


def test_did_you_mean_for_a_misspelt_cycle(run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run("show", "bedsde-handoff-whole")
    assert result.exit_code == 2
    assert "did you mean 2026-10-19-bedside-handoff-whole-day-shift?" in result.stderr
    result = run("study", "2026-03-25-sbar-card-all-shift-four-weeks")
    assert "did you mean 2026-03-25-sbar-card-all-shifts-four-weeks?" in result.stderr
