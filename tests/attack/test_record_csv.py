"""#13 item 2: `pdsa record` must never leave a CSV its own reader rejects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pdsa.measures import parse_csv
from tests.attack.support import assert_refused, assert_sane, invoke

MEASURE = "handoff-minutes"
SEED = "date,value,note\n2026-11-02,11,\n2026-11-03,10.5,first week\n"


@pytest.fixture
def csv(project: Path) -> Path:
    path = project / "measures" / f"{MEASURE}.csv"
    path.write_text(SEED)
    return path


def reader_findings(path: Path) -> list[dict[str, object]]:
    """PD101/PD601 findings `pdsa check` gives for this file (the reader's verdict)."""
    run = invoke("check", "--format", "json")
    assert_sane(run)
    rel = f"measures/{path.name}"
    return [
        f
        for f in json.loads(run.stdout)["findings"]
        if f["file"] == rel and f["code"] in ("PD101", "PD601")
    ]


def points(path: Path) -> list[tuple[str, float, str]]:
    """The points as the tool's own reader sees them."""
    return [(p.date.isoformat(), p.value, p.note) for p in parse_csv(path.read_text(), path)]


NOT_NUMBERS = [
    pytest.param("nan", id="nan"),
    pytest.param("inf", id="inf"),
    pytest.param("-inf", id="minus-inf"),
    pytest.param("-1e400", id="minus-1e400"),
    pytest.param("1e400", id="1e400"),
]


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_record_refuses_a_value_the_reader_rejects(csv: Path, value: str) -> None:
    run = invoke("record", "--date", "2026-11-04", MEASURE, "--", value)
    assert_sane(run)
    assert run.code in (2, 3), str(run)
    assert value in run.stderr, str(run)  # the message says which value is refused
    assert csv.read_text() == SEED
    assert not reader_findings(csv)


# Characters str.splitlines() breaks lines at, beyond \n and \r\n.
SEPARATORS = {
    "form-feed": "\f",
    "vertical-tab": "\v",
    "file-sep": "\x1c",
    "group-sep": "\x1d",
    "record-sep": "\x1e",
    "next-line": "\x85",
    "line-sep": "\u2028",
    "paragraph-sep": "\u2029",
    "lone-cr": "\r",
}


@pytest.mark.parametrize("sep", list(SEPARATORS.values()), ids=list(SEPARATORS))
def test_a_note_with_a_line_separator_never_breaks_the_file(csv: Path, sep: str) -> None:
    first = invoke("record", MEASURE, "8.5", "--date", "2026-11-04", "--note", f"a{sep}b")
    assert_sane(first)
    if first.code != 0:  # refused: then the file must be exactly as it was
        assert first.code in (2, 3), str(first)
        assert csv.read_text() == SEED
    second = invoke("record", MEASURE, "8", "--date", "2026-11-05")
    assert_sane(second)
    assert second.code == 0, str(second)
    assert not reader_findings(csv)
    got = points(csv)
    assert ("2026-11-05", 8.0, "") in got, got
    if first.code == 0:
        assert [p for p in got if p[0] == "2026-11-04" and p[1] == 8.5], got


def test_check_reports_a_row_with_an_unterminated_quote(csv: Path) -> None:
    csv.write_text(SEED + '2026-11-04,8.5,"never closed\n')
    assert reader_findings(csv)


def test_record_after_an_unterminated_quote_loses_no_row(csv: Path) -> None:
    broken = SEED + '2026-11-04,8.5,"never closed\n'
    csv.write_text(broken)
    run = invoke("record", MEASURE, "8", "--date", "2026-11-05")
    assert_sane(run)
    if run.code == 0:
        assert not reader_findings(csv)
        assert ("2026-11-05", 8.0, "") in points(csv)
    else:
        assert_refused(run, (3,))
        assert csv.read_text() == broken


@pytest.mark.parametrize("value", ["7.25", "1e-3", "123456789", "-4"])
def test_ordinary_values_round_trip(csv: Path, value: str) -> None:
    run = invoke("record", "--date", "2026-11-04", MEASURE, "--", value)
    assert_sane(run)
    assert run.code == 0, str(run)
    assert not reader_findings(csv)
    assert ("2026-11-04", float(value), "") in points(csv)
