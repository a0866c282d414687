"""Measure data: strict CSV parsing, minimal-diff appends, all-or-nothing imports, summaries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pdsa.errors import InvalidDataError
from pdsa.measures import add_points, format_value, known_measure, measure_points, parse_csv
from pdsa.model import Point, SummaryKind
from tests.conftest import Invoke

D = dt.date


def test_parse_reports_every_bad_row_with_its_line() -> None:
    text = "date,value,note\n2026-01-05,1.5,ok\n2026/01/12,2,\n2026-01-19,two,\n2026-02-30,3,\n"
    with pytest.raises(InvalidDataError) as caught:
        parse_csv(text, Path("m.csv"))
    assert [str(p) for p in caught.value.problems] == [
        "m.csv:3:1: '2026/01/12' is not a date (write dates as YYYY-MM-DD, e.g. 2026-11-03)",
        "m.csv:4:12: 'two' is not a number (write plain numbers such as 7.5; leave out rows "
        "without data)",
        "m.csv:5:1: '2026-02-30' is not a date (write dates as YYYY-MM-DD, e.g. 2026-11-03)",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file"),
        ("when,value\n", "header is"),
        ("date,value\n2026-01-05\n", "fields"),
        ('date,value,note\n2026-01-05,1,"two\nlines"\n', "spans several lines"),
        ("date,value\n2026-01-05,nan\n", "not a number"),
    ],
)
def test_parse_rejects_malformed_files(text: str, message: str) -> None:
    with pytest.raises(InvalidDataError, match=message):
        parse_csv(text, Path("m.csv"))


def test_parse_accepts_two_columns_bom_and_blank_lines() -> None:
    points = parse_csv("\ufeffdate,value\n2026-01-05,1.5\n\n2026-01-12,2\n", Path("m.csv"))
    assert [(p.date, p.value, p.line) for p in points] == [
        (D(2026, 1, 5), 1.5, 2),
        (D(2026, 1, 12), 2.0, 4),
    ]


def test_append_a_newest_point_is_one_added_line(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    original = "date,value,note\n2026-01-05,1.50,\n2026-01-12,2,audit\n"
    path.write_text(original)
    done = add_points(path, path, [Point(D(2026, 1, 19), 2.25, "new, with comma")])
    assert path.read_text() == original + '2026-01-19,2.25,"new, with comma"\n'
    assert done.added and not done.skipped


def test_an_older_point_is_inserted_in_date_order(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("date,value\n2026-01-05,1\n2026-01-19,3\n")
    add_points(path, path, [Point(D(2026, 1, 12), 2.0)])
    assert path.read_text() == "date,value\n2026-01-05,1\n2026-01-12,2\n2026-01-19,3\n"


def test_same_points_again_are_skipped_and_nothing_is_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("date,value,note\n2026-01-05,1,\n")
    before = path.stat().st_mtime_ns
    done = add_points(path, path, [Point(D(2026, 1, 5), 1.0)])
    assert done.skipped and not done.added and path.stat().st_mtime_ns == before


def test_a_new_file_gets_the_header(tmp_path: Path) -> None:
    path = tmp_path / "new.csv"
    add_points(path, path, [Point(D(2026, 1, 5), 8.0)])
    assert path.read_text() == "date,value,note\n2026-01-05,8,\n"


def test_a_broken_csv_is_never_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    broken = "date,value\n2026-01-05,lots\n"
    path.write_text(broken)
    with pytest.raises(InvalidDataError):
        add_points(path, path, [Point(D(2026, 1, 12), 1.0)])
    assert path.read_text() == broken


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)),
            st.floats(allow_nan=False, allow_infinity=False, width=64),
            st.text(
                alphabet=st.characters(
                    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"
                ),
                max_size=20,
            ).map(str.strip),
        ),
        max_size=20,
    )
)
def test_written_points_read_back_the_same(rows: list[tuple[dt.date, float, str]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.csv"
        add_points(path, path, [Point(d, v, n) for d, v, n in rows])
        back = parse_csv(path.read_text(), path) if path.exists() else []
        expected = sorted({(d, v, n) for d, v, n in rows}, key=lambda r: r[0])
        assert sorted((p.date, p.value, p.note) for p in back) == sorted(expected)
        assert [p.date for p in back] == sorted(p.date for p in back)


def test_format_value() -> None:
    assert [format_value(v) for v in (8.0, 7.25, 0.1 + 0.2, -3.0)] == [
        "8",
        "7.25",
        "0.30000000000000004",
        "-3",
    ]


# --- through the CLI -----------------------------------------------------------------------


def test_record_and_summarise(project: Path, run: Invoke) -> None:
    for day, value in (("2026-11-02", "9"), ("2026-11-09", "8.5"), ("2026-11-16", "7.5")):
        assert run("record", "handoff-minutes", value, "--date", day).exit_code == 0
    assert (
        run("record", "handoff-minutes", "6", "--date", "2026-11-16", "--note", "agency").exit_code
        == 0
    )
    text = (project / "measures" / "handoff-minutes.csv").read_text()
    assert text.splitlines()[-1] == "2026-11-16,6,agency"
    from pdsa.runchart.series import summarise_values, window_values
    from pdsa.store import Workspace

    ws = Workspace.find()
    measure = known_measure(ws, "handoff-minutes")
    points = measure_points(ws, measure.id)

    def summarise(
        _: str, start: dt.date, end: dt.date, how: SummaryKind = "median"
    ) -> float | None:
        return summarise_values(window_values(measure, points, start, end), how)

    start, end = D(2026, 11, 2), D(2026, 11, 16)
    # The points, not per-day means: 9, 8.5, 7.5, 6.
    assert summarise("handoff-minutes", start, end) == 8.0
    assert summarise("handoff-minutes", start, end, "mean") == 7.75
    assert summarise("handoff-minutes", start, end, "last") == 6.0
    assert summarise("handoff-minutes", start, end, "sum") == 31.0
    assert summarise("handoff-minutes", start, end, "count") == 4.0
    assert summarise("handoff-minutes", start, end, "min") == 6.0
    assert summarise("handoff-minutes", start, end, "max") == 9.0
    assert summarise("handoff-minutes", D(2026, 11, 3), D(2026, 11, 8)) is None


def test_record_validates(project: Path, run: Invoke) -> None:
    result = run("record", "handoff-minute", "9")
    assert result.exit_code == 2 and "did you mean 'handoff-minutes'?" in result.stderr
    assert run("record", "handoff-minutes").exit_code == 2
    assert run("record", "handoff-minutes", "nine").exit_code == 2


def test_import_is_all_or_nothing(project: Path, run: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "audit.csv"
    source.write_text("date,value,note\n2026-11-02,9,\n2026-11-09,lots,\n2026-11-16,7,\n")
    result = run("record", "handoff-minutes", "--from", str(source))
    assert result.exit_code == 3
    assert f"{source}:3:12: error: 'lots' is not a number" in result.stderr
    assert not (project / "measures" / "handoff-minutes.csv").exists()
    source.write_text("date,value,note\n2026-11-02,9,\n2026-11-16,7,\n")
    assert run("record", "handoff-minutes", "--from", str(source)).exit_code == 0
    again = run("record", "handoff-minutes", "--from", str(source))
    assert "0 points added (2 already there, skipped)" in again.stderr


def test_bad_measure_csv_exits_3_with_the_line(project: Path, run: Invoke) -> None:
    path = project / "measures" / "handoff-minutes.csv"
    path.write_text("date,value\n2026-11-02,9\n2026-11-99,8\n")
    for args in (["record", "handoff-minutes", "1"], ["chart", "handoff-minutes"]):
        result = run(*args)
        assert result.exit_code == 3
        assert "measures/handoff-minutes.csv:3:1: error: '2026-11-99' is not a date" in (
            result.stderr
        )
    assert path.read_text() == "date,value\n2026-11-02,9\n2026-11-99,8\n"


def test_chart_json_on_the_example(run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import REPO

    monkeypatch.chdir(REPO)
    result = run("chart", "handoff-minutes", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["signal"] is True and len(data["points"]) == 64
    assert [p["centre"] for p in data["phases"]] == [11.5, pytest.approx(8.65)]
    assert data["phases"][1]["label"] == "SBAR card on all shifts"
    runs = [p["n"] for p in data["points"] if p["signal"] == "run"]
    assert runs == list(range(27, 39))
    assert any(c["predicts_here"] for c in data["cycles"])
    terminal = run("chart", "late-meds")
    assert terminal.exit_code == 0 and "No signal" in terminal.stdout


def test_chart_rules_flag_decides_the_highlights(
    run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import REPO

    monkeypatch.chdir(REPO)
    both = run("chart", "sbar-use", "--date", "2026-11-21").stdout
    anhoej = run("chart", "sbar-use", "--rules", "anhoej", "--date", "2026-11-21").stdout
    assert "● trend" in both and "● trend" not in anhoej
    data = json.loads(run("chart", "sbar-use", "--rules", "anhoej", "--json").stdout)
    assert not any(p["signal"] == "trend" for p in data["points"])
