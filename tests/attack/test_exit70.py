"""#13 item 7: inputs that end in exit 70 ("internal error") instead of a located message.

The correct behaviour is either to do the job (exit 0) or to refuse with exit 2 (naming the
flag) or 3 (naming `file:line:col`), in one line, without a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.attack import corpus
from tests.attack.conftest import CYCLE
from tests.attack.support import Run, assert_refused, assert_sane, invoke

TODAY = "2026-11-21"
READERS = {
    "check": ("check",),
    "chart": ("chart", "handoff-minutes", "--date", TODAY),
    "chart-svg": ("chart", "handoff-minutes", "--out", "out/c.svg", "--date", TODAY),
    "report": ("report", "--date", TODAY),
    "report-html": ("report", "--format", "html", "--out", "out/r.html", "--date", TODAY),
}


def done_or_located(run: Run) -> None:
    """Exit 0, or a clean refusal with a located message (check: exit 1 with findings)."""
    assert_sane(run)
    if run.args[0] == "check":
        assert run.code in (0, 1), str(run)
    elif run.code != 0:
        assert_refused(run, (3,))


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The corpus base project (valid), as the working directory."""
    root = tmp_path / "p"
    corpus.Case("base", "cycle", corpus.cycle_text().encode()).write(root)
    (root / "out").mkdir()
    monkeypatch.chdir(root)
    monkeypatch.delenv("PDSA_ROOT", raising=False)
    return root


def csv(root: Path) -> Path:
    return root / corpus.TARGET_PATHS["csv"]


def xfail70(what: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"#13 item 7: {what} exits 70")


def readers(*failing: str, what: str) -> list[object]:
    return [
        pytest.param(args, id=name, marks=[xfail70(what)] if name in failing else [])
        for name, args in READERS.items()
    ]


@pytest.mark.parametrize("args", readers(what="a lone \\r"))
def test_a_lone_cr_in_a_csv(base: Path, args: tuple[str, ...]) -> None:
    text = csv(base).read_text()
    csv(base).write_text(text.replace(",\n", ",a\rb\n", 1))
    run = invoke(*args)
    done_or_located(run)
    if args[0] != "check":
        assert run.code == 3, str(run)  # the file is not what the format says


@pytest.mark.parametrize(
    "args",
    readers(what="a 128 KiB note"),
)
def test_a_note_over_128_kib(base: Path, args: tuple[str, ...]) -> None:
    csv(base).write_text(csv(base).read_text() + "2026-12-07,8," + "n" * (140 * 1024) + "\n")
    done_or_located(invoke(*args))


@pytest.mark.parametrize("goal", [".nan", ".inf", "-.inf"])
def test_check_refuses_a_goal_that_is_not_a_number(base: Path, goal: str) -> None:
    import json

    (base / "pdsa.yaml").write_text(corpus.project_text(goal=goal))
    run = invoke("check", "--format", "json")
    assert_sane(run)
    findings = json.loads(run.stdout)["findings"]
    about_goal = [f for f in findings if f["file"] == "pdsa.yaml" and f["code"] != "PD603"]
    assert run.code == 1 and about_goal, findings


def grid(values: dict[str, object], failing: set[tuple[str, str]], what: str) -> list[object]:
    """(value, reader args) params; the pairs in `failing` are marked xfail for item 7."""
    return [
        pytest.param(
            value,
            args,
            id=f"{name}-{vid}",
            marks=[xfail70(what)] if (vid, name) in failing else [],
        )
        for vid, value in values.items()
        for name, args in READERS.items()
        if name != "check"
    ]


GOALS = {"nan": ".nan", "inf": ".inf"}
GOAL_FAILS: set[tuple[str, str]] = set()  # all fixed


@pytest.mark.parametrize(("goal", "args"), grid(GOALS, GOAL_FAILS, "goal .nan/.inf"))
def test_a_goal_that_is_not_a_number_breaks_no_reader(
    base: Path, goal: str, args: tuple[str, ...]
) -> None:
    (base / "pdsa.yaml").write_text(corpus.project_text(goal=goal))
    done_or_located(invoke(*args))


HUGE = {
    "1e308-pair": ("1e308", "1e308", "-1e308"),
    "max-float": ("1.7976931348623157e308", "1.7976931348623157e308", "5"),
}
HUGE_FAILS: set[tuple[str, str]] = set()  # all fixed


@pytest.mark.parametrize(("values", "args"), grid(HUGE, HUGE_FAILS, "CSV values of +-1e308"))
def test_huge_csv_values(base: Path, values: tuple[str, ...], args: tuple[str, ...]) -> None:
    rows = "".join(f"2026-11-{d:02d},{v},\n" for d, v in zip((2, 9, 16), values, strict=True))
    csv(base).write_text("date,value,note\n" + rows)
    done_or_located(invoke(*args))


@pytest.mark.parametrize("year", ["0001", "9999"])
@pytest.mark.parametrize("args", readers(what="a CSV date in year 1 or 9999"))
def test_csv_dates_at_the_ends_of_the_calendar(
    base: Path, year: str, args: tuple[str, ...]
) -> None:
    csv(base).write_text(csv(base).read_text() + f"{year}-12-31,5,\n")
    done_or_located(invoke(*args))


@pytest.mark.parametrize("year", ["0001", "9999"])
@pytest.mark.parametrize("args", readers(what="-"))
def test_cycle_dates_at_the_ends_of_the_calendar(
    base: Path, year: str, args: tuple[str, ...]
) -> None:
    """The control: cycle dates in year 1 or 9999 already draw (lanes outside the data)."""
    path = base / corpus.TARGET_PATHS["cycle"]
    dates = {"created": f"{year}-01-01", "started": f"{year}-01-02", "finished": f"{year}-12-31"}
    path.write_text(corpus.cycle_text(**dates))
    done_or_located(invoke(*args))


MATH = corpus.quote("$\\sqrt{$")


@pytest.mark.parametrize(
    "where",
    [
        "measure-title",
        "phase-label",
        "cycle-title",  # lane labels are not parsed as mathtext
    ],
)
@pytest.mark.parametrize(
    "args", [READERS["chart-svg"], READERS["report-html"]], ids=["svg", "html"]
)
def test_mathtext_in_a_title(base: Path, where: str, args: tuple[str, ...]) -> None:
    if where == "measure-title":
        (base / "pdsa.yaml").write_text(corpus.project_text(measure_title=MATH))
    elif where == "phase-label":
        (base / "pdsa.yaml").write_text(corpus.project_text(phase_label=MATH))
    else:
        (base / corpus.TARGET_PATHS["cycle"]).write_text(corpus.cycle_text(title=MATH))
    done_or_located(invoke(*args))


def test_study_of_a_cycle_in_do_without_a_do_section(planned: Path) -> None:
    text = planned.read_text().replace("status: plan", "status: do")
    planned.write_text(text.split("\ndo:")[0] + "\n")
    run = invoke("study", CYCLE, "--finished", "2026-11-07", "--date", TODAY)
    assert_sane(run)
    assert run.code in (1, 3), str(run)
    assert "Traceback" not in run.output


# --- predict: each bad flag is exit 2 and names the flag ------------------------------------

PREDICT_FLAGS = [
    pytest.param(["--id", "../x"], "--id", id="id-traversal"),
    pytest.param(["--id", ""], "--id", id="id-empty"),
    pytest.param(["--id", "Has Spaces"], "--id", id="id-spaces"),
    pytest.param(["--between", "5", "1"], "--between", id="between-reversed"),
]


@pytest.mark.parametrize(("extra", "flag"), PREDICT_FLAGS)
def test_predict_names_the_bad_flag(planned: Path, extra: list[str], flag: str) -> None:
    before = planned.read_bytes()
    run = invoke("predict", CYCLE, "Shorter handoffs", *extra)
    assert_refused(run, (2,), names=flag)
    assert planned.read_bytes() == before


@pytest.mark.parametrize("statement", ["", "   "], ids=["empty", "blank"])
def test_predict_refuses_an_empty_statement(planned: Path, statement: str) -> None:
    before = planned.read_bytes()
    run = invoke("predict", CYCLE, statement)
    assert_refused(run, (2,), names="STATEMENT")
    assert planned.read_bytes() == before
