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
from pdsa.model import Measure, Point, SummaryKind
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
            st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False),
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
    terminal = run("chart", "late-meds", "--chart", "run")
    assert terminal.exit_code == 0 and "No signal" in terminal.stdout
    mdc = run("chart", "late-meds")  # the example draws it as a Making Data Count chart
    assert "Latest point: common cause variation only" in mdc.stdout


def test_chart_rules_flag_decides_the_highlights(
    run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import REPO

    monkeypatch.chdir(REPO)
    run_chart = ("chart", "sbar-use", "--chart", "run")  # the example's is a p chart
    both = run(*run_chart, "--date", "2026-11-21").stdout
    anhoej = run(*run_chart, "--rules", "anhoej", "--date", "2026-11-21").stdout
    assert "● trend" in both and "● trend" not in anhoej
    data = json.loads(run(*run_chart, "--rules", "anhoej", "--json").stdout)
    assert not any(p["signal"] == "trend" for p in data["points"])


# --- numerators and denominators, kinds, periods ------------------------------------------

PROPORTION = Measure.model_validate(
    {
        "id": "sbar",
        "title": "SBAR",
        "type": "process",
        "better": "higher",
        "kind": "proportion",
        "period": "month",
        "multiply": 100,
    }
)


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)),
            st.integers(min_value=0, max_value=10**6),
            st.integers(min_value=1, max_value=10**6),
            st.sampled_from(["", "audit", "agency, nights", 'said "no"']),
        ),
        max_size=20,
    )
)
def test_numerator_denominator_rows_read_back_the_same(
    rows: list[tuple[dt.date, int, int, str]],
) -> None:
    import tempfile

    rows = [(d, min(n, den), den, note) for d, n, den, note in rows]  # a proportion: n <= d
    points = [Point(d, n * 100 / den, note, 0, n, den) for d, n, den, note in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sbar.csv"
        add_points(path, path, points, measure=PROPORTION)
        back = parse_csv(path.read_text(), path, PROPORTION) if path.exists() else []
        assert {(p.date, p.numerator, p.denominator, p.note, p.value) for p in back} == {
            (d, n, den, note, n * 100 / den) for d, n, den, note in rows
        }


def test_months_are_written_as_months_only_in_a_file_of_months(tmp_path: Path) -> None:
    path = tmp_path / "sbar.csv"
    add_points(path, path, [Point(D(2024, 3, 1), 50.0, "", 0, 1, 2)], measure=PROPORTION)
    assert path.read_text() == "date,numerator,denominator,note\n2024-03,1,2,\n"
    add_points(path, path, [Point(D(2024, 4, 9), 50.0, "", 0, 2, 4)], measure=PROPORTION)
    assert path.read_text().endswith("2024-03,1,2,\n2024-04-09,2,4,\n")


def test_every_bad_cell_is_named_with_its_column() -> None:
    text = (
        "date,numerator,denominator,note\n"
        "2024-01,x,20,\n"
        "2024-W02,3,y,\n"
        "2024-02,21,20,\n"
        "2024-03,1,0,\n"
        "2024-04,,,\n"
    )
    with pytest.raises(InvalidDataError) as caught:
        parse_csv(text, Path("sbar.csv"), PROPORTION)
    assert [str(p).split(" (")[0] for p in caught.value.problems] == [
        "sbar.csv:2:9: 'x' is not a number",
        "sbar.csv:3:1: '2024-W02' is an ISO week, and a monthly measure takes dates written "
        "YYYY-MM-DD or YYYY-MM",
        "sbar.csv:3:12: 'y' is not a number",
        "sbar.csv:4:9: numerator 21 is over the denominator 20, which a proportion cannot be",
        "sbar.csv:5:11: denominator 0 is not above 0",
        "sbar.csv:6:9: '' is not a number",
        "sbar.csv:6:10: '' is not a number",
    ]


def test_a_proportion_given_as_values_cannot_be_combined() -> None:
    text = "date,value\n2024-03-01,50\n2024-03-15,70\n"
    second = r"a second row for 2024-03 \(the first is on line 2\)"
    with pytest.raises(InvalidDataError, match=second):
        parse_csv(text, Path("sbar.csv"), PROPORTION)
    assert len(parse_csv("date,value\n2024-03-01,50\n", Path("sbar.csv"), PROPORTION)) == 1
    with pytest.raises(InvalidDataError, match="numerator and denominator columns are for"):
        parse_csv("date,numerator,denominator\n2024-03-01,1,2\n", Path("m.csv"))


def test_record_numerator_denominator_and_negative_values(project: Path, run: Invoke) -> None:
    path = project / "pdsa.yaml"
    path.write_text(
        path.read_text().replace(
            "drivers:\n",
            "  - id: sbar\n    title: SBAR\n    type: process\n    better: higher\n"
            "    kind: proportion\n    period: week\n    multiply: 100\n"
            "  - id: fall-change\n    title: Change\n    type: outcome\n    better: lower\n"
            "drivers:\n",
            1,
        )
    )
    assert run("record", "fall-change", "-28", "--date", "2026-11-02").exit_code == 0
    assert run("record", "fall-change", "-2.5e1", "--date=2026-11-03", "-n").exit_code == 0
    assert (project / "measures" / "fall-change.csv").read_text().endswith("2026-11-02,-28,\n")
    unknown = run("record", "fall-change", "--dat", "2026-11-02")
    assert unknown.exit_code == 2 and "no such option: --dat" in unknown.stderr
    ok = run("record", "sbar", "--numerator", "17", "-d", "20", "--date", "2026-W45")
    assert ok.exit_code == 0, ok.stderr
    assert (project / "measures" / "sbar.csv").read_text() == (
        "date,numerator,denominator,note\n2026-11-02,17,20,\n"
    )
    month = run("record", "sbar", "--numerator", "1", "-d", "2", "--date", "2026-11")
    assert month.exit_code == 2
    assert "--date: '2026-11' is a month, and a weekly measure takes dates written" in (
        month.stderr
    )
    value = run("record", "sbar", "85", "--date", "2026-11-09")
    assert value.exit_code == 3 and "has numerator and denominator columns" in value.stderr
    over = run("record", "sbar", "--numerator", "21", "-d", "20")
    assert over.exit_code == 2 and "numerator 21 is over the denominator 20" in over.stderr
    wrong = run("record", "handoff-minutes", "--numerator", "1", "-d", "2")
    assert wrong.exit_code == 2 and "are for a proportion or a rate" in wrong.stderr


def test_check_reads_measure_files_with_their_kind(project: Path, run: Invoke) -> None:
    path = project / "pdsa.yaml"
    path.write_text(path.read_text().replace("unit: doses\n", "unit: doses\n    kind: count\n"))
    (project / "measures" / "late-meds.csv").write_text("date,value\n2026-11-02,2.5\n2026-11\n")
    result = run("check")
    assert result.exit_code == 1
    assert "measures/late-meds.csv:2:12: error PD601 2.5 is not a count" in result.stdout.replace(
        "  ", " "
    ) or ("2.5 is not a count" in result.stdout and "late-meds.csv" in result.stdout)
    assert "expected 2 or 3 fields, found 1" in result.stdout


def test_chart_csv_has_qicharts2_columns(run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import REPO

    monkeypatch.chdir(REPO)
    result = run("chart", "sbar-use", "--format", "csv", "--chart", "run")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "x,y,n,y.sum,cl,target,part,baseline,include,runs.signal,notes,point.signal,rows"
    )
    assert lines[1] == "2025-09-01,10,20,2,15,90,1,TRUE,TRUE,TRUE,,,1"
    # sbar-use is drawn as a p chart: its CSV has the p chart's centre line and limits.
    result = run("chart", "sbar-use", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "x,y,n,y.sum,cl,lcl,ucl,target,part,baseline,include,sigma.signal,runs.signal,notes,"
        "point.signal,rows"
    )
    assert lines[1] == "2025-09-01,10,20,2,13.75,0,36.8513392469,90,1,TRUE,TRUE,FALSE,TRUE,,,1"
    falls = run("chart", "falls", "--format", "csv").stdout.splitlines()
    assert [line.split(",")[0] for line in falls[5:7]] == ["2026-01-01", "2026-03-01"]
