"""Importing data as teams have it: each real-looking export imports exactly, or is refused
with the reason and the flag to pass; never guessed, never half-written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import Invoke

D = dt.date

MEASURES = """\
  - id: sbar
    title: Handoffs following SBAR
    unit: '%'
    type: process
    better: higher
    kind: proportion
    period: week
    multiply: 100
  - id: falls
    title: Falls per 1,000 bed-days
    type: balancing
    better: lower
    kind: rate
    period: month
    multiply: 1000
  - id: waits
    title: Days waited
    type: outcome
    better: lower
    period: month
"""


@pytest.fixture
def ward(project: Path) -> Path:
    """The fixture project with a proportion, a monthly rate and a monthly continuous measure."""
    path = project / "pdsa.yaml"
    path.write_text(path.read_text().replace("drivers:\n", MEASURES + "drivers:\n", 1))
    return project


def csv_of(project: Path, measure: str) -> str:
    return (project / "measures" / f"{measure}.csv").read_text()


def write_workbook(path: Path) -> None:
    """An audit workbook as a ward keeps it: a title, a blank row, the header on row 3,
    dates as Excel date cells (one with a time), a percent-formatted column, a comment
    column, a week without data, and a second sheet of notes."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Audit"
    sheet["A1"] = "Ward 4 SBAR audit (export of 4 March 2024)"
    for column, name in enumerate(["Week starting", "SBAR", "Audited", "Share", "Comment"], 1):
        sheet.cell(3, column, name)
    rows = [
        (dt.datetime(2024, 1, 1), 15, 20, "agency night"),
        (dt.datetime(2024, 1, 8), 17, 20, None),
        (dt.datetime(2024, 1, 15, 7, 30), 18, 20, "card, version 2"),
        (dt.datetime(2024, 1, 22), None, None, "ward closed"),
        (dt.datetime(2024, 1, 29), 20, 20, None),
    ]
    for row, (day, num, den, comment) in enumerate(rows, start=4):
        sheet.cell(row, 1, day).number_format = "dd/mm/yyyy"
        sheet.cell(row, 2, num)
        sheet.cell(row, 3, den)
        if num is not None and den is not None:
            sheet.cell(row, 4, num / den).number_format = "0%"
        sheet.cell(row, 5, comment)
    book.create_sheet("Notes")["A1"] = "Audited by the charge nurse"
    book.save(path)


def test_excel_workbook_imports_numerators_and_denominators_exactly(
    ward: Path, run: Invoke, tmp_path: Path
) -> None:
    book = tmp_path / "audit.xlsx"
    write_workbook(book)
    args = ["record", "sbar", "--from", str(book)]
    # Share, SBAR and Audited could each be the value: refused, naming the flags.
    refused = run(*args)
    assert refused.exit_code == 2
    assert "cannot tell which column" in refused.stderr and "--numerator-column" in refused.stderr
    assert not (ward / "measures" / "sbar.csv").exists()
    cols = ["--numerator-column", "SBAR", "--denominator-column", "audited"]
    done = run(*args, *cols)
    assert done.exit_code == 0, done.stderr
    assert "sheet 'Audit', header on row 3" in done.stderr
    assert "4 points added (1 row without data left out)" in done.stderr
    assert csv_of(ward, "sbar") == (
        "date,numerator,denominator,note\n"
        "2024-01-01,15,20,agency night\n"
        "2024-01-08,17,20,\n"
        '2024-01-15,18,20,"card, version 2"\n'
        "2024-01-29,20,20,\n"
    )
    again = run(*args, *cols)
    assert "0 points added (4 already there, skipped; 1 row without data left out)" in (
        again.stderr
    )


def test_excel_percent_column_is_read_as_shown(ward: Path, run: Invoke, tmp_path: Path) -> None:
    book = tmp_path / "audit.xlsx"
    write_workbook(book)
    done = run("record", "sbar", "--from", str(book), "--value-column", "Share", "--sheet", "audit")
    assert done.exit_code == 0, done.stderr
    assert [line.split(",")[1] for line in csv_of(ward, "sbar").splitlines()[1:]] == [
        "75",
        "85",
        "90",
        "100",
    ]


def test_excel_percent_refused_for_a_rate_per_1000(ward: Path, run: Invoke, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Month", "Value"])
    sheet.append(["2024-01", 0.25])
    sheet["B2"].number_format = "0%"
    book.save(tmp_path / "r.xlsx")
    result = run("record", "falls", "--from", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"{tmp_path / 'r.xlsx'}:Sheet!B2: error: a percentage")
    assert "set multiply: 100" in result.stderr


def test_semicolon_decimal_comma_csv_is_refused_then_imported_with_the_flag(
    ward: Path, run: Invoke, tmp_path: Path
) -> None:
    export = tmp_path / "wartezeit.csv"
    export.write_bytes(
        "\ufeffDatum;Wert;Notiz\r\n"
        "2024-01-01;8,1;\r\n"
        "2024-02-01;7,95;Urlaub\r\n"
        "2024-03-01;NA;\r\n"
        "2024-04-01;-;\r\n"
        "2024-05-01;1.234,5;Ausreißer\r\n".encode()
    )
    refused = run("record", "waits", "--from", str(export))
    assert refused.exit_code == 3
    assert refused.stderr == (
        f"{export}:2:12: error: '8,1' has a decimal comma, and 1 more cells like it (pass "
        "--decimal , if commas are decimal marks here, or --decimal . if not)\n"
        f"{export}:6:12: error: '1.234,5' is not a number (write numbers such as 7.5; NA, - "
        "or an empty cell mark a row without data)\n"
    )
    assert not (ward / "measures" / "waits.csv").exists()
    done = run("record", "waits", "--from", str(export), "--decimal", ",")
    assert done.exit_code == 0, done.stderr
    assert "';'-separated" in done.stderr and "2 rows without data left out" in done.stderr
    assert csv_of(ward, "waits") == (
        "date,value,note\n2024-01,8.1,\n2024-02,7.95,Urlaub\n2024-05,1234.5,Ausreißer\n"
    )


def test_day_first_csv_is_settled_by_a_day_over_12(ward: Path, run: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "dayfirst.csv"
    export.write_text("date,value\n03/01/2024,10\n23/11/2024,12\n05.02.2024,11\n")
    done = run("record", "handoff-minutes", "--from", str(export))
    assert done.exit_code == 0, done.stderr
    assert csv_of(ward, "handoff-minutes") == (
        "date,value,note\n2024-01-03,10,\n2024-02-05,11,\n2024-11-23,12,\n"
    )


def test_ambiguous_dates_are_refused_with_the_flag(ward: Path, run: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "ambiguous.csv"
    export.write_text("date,value\n03/04/2024,10\n05/06/2024,11\n")
    refused = run("record", "handoff-minutes", "--from", str(export))
    assert refused.exit_code == 3
    assert refused.stderr == (
        f"{export}:2:1: error: '03/04/2024' could be 3 April 2024 or 4 March 2024, and no "
        "date in the file has a day over 12 to tell (pass --dayfirst or --monthfirst)\n"
    )
    assert run("record", "handoff-minutes", "--from", str(export), "--monthfirst").exit_code == 0
    assert csv_of(ward, "handoff-minutes").splitlines()[1:] == [
        "2024-03-04,10,",
        "2024-05-06,11,",
    ]


def test_dates_that_contradict_each_other_are_refused(
    ward: Path, run: Invoke, tmp_path: Path
) -> None:
    export = tmp_path / "mixed.csv"
    export.write_text("date,value\n13/01/2024,10\n01/13/2024,11\n")
    refused = run("record", "handoff-minutes", "--from", str(export))
    assert refused.exit_code == 3 and "put the day in different places" in refused.stderr
    dayfirst = run("record", "handoff-minutes", "--from", str(export), "--dayfirst")
    assert dayfirst.exit_code == 3
    assert f"{export}:3:1: error: '01/13/2024' (day first) is not a real date" in dayfirst.stderr


def test_monthly_extract_with_months(ward: Path, run: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "falls.csv"
    export.write_text("Month,Falls,Bed days\n2024-01,3,2890\n2024-02,5,2710\n2024-03,2,2950\n")
    cols = ["--numerator-column", "falls", "--denominator-column", "Bed days"]
    done = run("record", "falls", "--from", str(export), *cols)
    assert done.exit_code == 0, done.stderr
    assert csv_of(ward, "falls") == (
        "date,numerator,denominator,note\n2024-01,3,2890,\n2024-02,5,2710,\n2024-03,2,2950,\n"
    )
    # The same months into a measure without a period: refused, with what to do.
    refused = run("record", "late-meds", "--from", str(export), "--value-column", "falls")
    assert refused.exit_code == 3
    assert "'2024-01' is a month, and this measure takes dates written YYYY-MM-DD" in (
        refused.stderr
    )
    assert "give the measure that period in pdsa.yaml, or pass --date-format" in refused.stderr


def test_tsv_and_date_format_and_dry_run(ward: Path, run: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "minutes.tsv"
    export.write_text("when\tminutes\tcomment\n1 Mar 2024\t9.5\tshort-staffed\n8 Mar 2024\t8\t\n")
    args = ["record", "handoff-minutes", "--from", str(export), "--date-format", "%d %b %Y"]
    dry = run(*args, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "+2024-03-01,9.5,short-staffed" in dry.stdout and "+2024-03-08,8," in dry.stdout
    assert "2 points would be added" in dry.stderr
    assert not (ward / "measures" / "handoff-minutes.csv").exists()
    bad = run("record", "handoff-minutes", "--from", str(export), "--date-format", "%Y-%m-%d")
    assert bad.exit_code == 3
    assert f"{export}:2:1: error: '1 Mar 2024' does not match --date-format %Y-%m-%d" in (
        bad.stderr
    )


@pytest.mark.parametrize(
    ("text", "flags", "message"),
    [
        ("date,value\n2024-01-01,1\n2024-01-08,x\n", [], ":3:12: error: 'x' is not a number"),
        ("date,value\n2024-01-01,1\n,5\n", [], ":3:1: error: no date"),
        ("date,value\n2024-01-01,1\n", ["--delimiter", ";"], "has no header row"),
        ("date,x,y\n2024-01-01,1,2\n", [], "cannot tell which column of"),
        ("a;b,c\n1;2,3\n", [], "cannot tell whether ';' or ',' separates the columns"),
        ("title only\n", [], "has no rows to import"),
        ("date,value\n24/11/26,1\n", [], "has a two-digit year (pass --date-format %d/%m/%y"),
        ("date,value\n2024-01-01,1,0\n", ["--decimal", "."], "no such option"),
        ('date,value\n2024-01-01,"1,5"\n', ["--decimal", "."], "--decimal . says points"),
        ("date,value\n2024-01-01,-3\n", [], ":2:12: error: -3 is not a count"),
    ],
)
def test_bad_imports_are_one_line_each_and_write_nothing(
    ward: Path, run: Invoke, tmp_path: Path, text: str, flags: list[str], message: str
) -> None:
    (ward / "pdsa.yaml").write_text(
        (ward / "pdsa.yaml").read_text().replace("unit: doses\n", "unit: doses\n    kind: count\n")
    )
    export = tmp_path / "bad.csv"
    export.write_text(text)
    if "no such option" in message:
        flags = ["--decimals", "."]
    result = run("record", "late-meds", "--from", str(export), *flags)
    assert result.exit_code in (2, 3)
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (ward / "measures" / "late-meds.csv").exists()


def test_not_utf8_and_old_excel_are_refused(ward: Path, run: Invoke, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("date,value,note\n2024-01-01,1,Überlauf\n".encode("latin-1"))
    result = run("record", "handoff-minutes", "--from", str(latin))
    assert result.exit_code == 3 and f"{latin}:2:1: error: is not UTF-8 text" in result.stderr
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    result = run("record", "handoff-minutes", "--from", str(old))
    assert result.exit_code == 3 and "cannot read .xls files" in result.stderr
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    result = run("record", "handoff-minutes", "--from", str(broken))
    assert result.exit_code == 3 and "is not an Excel workbook" in result.stderr


def test_utf16_tab_text_as_excel_saves_it(ward: Path, run: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "unicode.txt"
    export.write_bytes("Date\tValue\r\n2024-01-01\t7\r\n".encode("utf-16"))
    result = run("record", "handoff-minutes", "--from", str(export))
    assert result.exit_code == 0, result.stderr
    assert csv_of(ward, "handoff-minutes") == "date,value,note\n2024-01-01,7,\n"


def test_workbook_with_two_data_sheets_needs_sheet(ward: Path, run: Invoke, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    for name in ("Day", "Night"):
        sheet = book.create_sheet(name)
        sheet.append(["Date", "Value"])
        sheet.append([dt.datetime(2024, 1, 1), 7])
    book.save(tmp_path / "two.xlsx")
    result = run("record", "handoff-minutes", "--from", str(tmp_path / "two.xlsx"))
    assert result.exit_code == 3
    assert "has 2 sheets that could hold the data: 'Day', 'Night'" in result.stderr
    assert "pass --sheet 'Day'" in result.stderr
    missing = run(
        "record", "handoff-minutes", "--from", str(tmp_path / "two.xlsx"), "--sheet", "Evening"
    )
    assert missing.exit_code == 3 and "has no sheet 'Evening'" in missing.stderr
    book = str(tmp_path / "two.xlsx")
    done = run("record", "handoff-minutes", "--from", book, "--sheet", "night")
    assert done.exit_code == 0 and csv_of(ward, "handoff-minutes").endswith("2024-01-01,7,\n")


def test_a_note_over_two_lines_is_kept_on_one(ward: Path, run: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "notes.csv"
    export.write_text('date,value,note\n2024-01-01,7,"two\nlines"\n2024-01-02,8,\n2024-01-03,x,\n')
    refused = run("record", "handoff-minutes", "--from", str(export))
    assert refused.exit_code == 3 and f"{export}:5:12: error: 'x' is not a number" in (
        refused.stderr
    )
    export.write_text('date,value,note\n2024-01-01,7,"two\nlines"\n2024-01-02,8,\n')
    assert run("record", "handoff-minutes", "--from", str(export)).exit_code == 0
    assert csv_of(ward, "handoff-minutes").splitlines()[1] == "2024-01-01,7,two lines"
