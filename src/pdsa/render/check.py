"""`pdsa check` output: text for people, JSON for tools, workflow commands for GitHub."""

from __future__ import annotations

import json
from itertools import groupby

from rich.text import Text

from pdsa.check import CheckResult
from pdsa.check.findings import RULES, Finding
from pdsa.render.console import out
from pdsa.render.safe import clean
from pdsa.shapes.check import check_json

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "notice": "cyan"}


def print_json(report: CheckResult) -> None:
    """`--format json`."""
    print(json.dumps(check_json(report), indent=2, ensure_ascii=False))


def print_text(report: CheckResult) -> None:
    """`--format text`: grouped by file, one line a finding, then a summary line."""
    console = out()
    for path, group in groupby(report.findings, key=lambda f: f.path):
        console.print(Text(clean(str(path), newlines=False), style="bold underline"))
        for f in group:
            place = f"{f.line}:{f.column}" if f.line and f.column else (str(f.line or ""))
            line = Text("  ")
            line.append(f"{place:<8}", style="dim")
            line.append(f"{f.severity:<8}", style=SEVERITY_STYLE[f.severity or "error"])
            line.append(f"{f.code} ", style="dim")
            line.append(clean(f.message, newlines=False))
            if f.hint:
                line.append(f"  ({clean(f.hint, newlines=False)})", style="dim")
            console.print(line, soft_wrap=True)
        console.print()
    console.print(summary(report), style="bold red" if report.errors else "green")


def summary(report: CheckResult) -> str:
    """`2 errors, 1 warning in 20 files`."""

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    notices = f", {plural(report.notices, 'notice')}" if report.notices else ""
    if not report.findings:
        return f"✓ no findings in {plural(report.files, 'file')}"
    if not report.errors and not report.warnings:
        return f"✓ no errors or warnings in {plural(report.files, 'file')}{notices}"
    return (
        f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')}{notices} "
        f"in {plural(report.files, 'file')}"
    )


def print_github(report: CheckResult) -> None:
    """`--format github`: workflow commands that annotate the pull request's files."""
    for f in report.findings:
        print(github_command(f))
    print(summary(report))


def github_command(f: Finding) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, escaped as GitHub requires."""
    level = {"error": "error", "warning": "warning"}.get(f.severity or "", "notice")
    props = [f"file={_prop(clean(f.path, newlines=False))}"]
    if f.line:
        props.append(f"line={f.line}")
    if f.column:
        props.append(f"col={f.column}")
    props.append(f"title={_prop(f'{f.code} {f.name}')}")
    text = f.message + (f" ({f.hint})" if f.hint else "")
    return f"::{level} {','.join(props)}::{_data(clean(text))}"


def _data(text: str) -> str:
    # Line breaks as GitHub's escapes; any other control character made visible (`\x1b`),
    # so a file's text never reaches the CI log as a raw escape sequence.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return clean(text, newlines=False)


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def rules_table() -> list[tuple[str, str, str, str]]:
    """(code, name, default severity, summary) for `--list-rules`."""
    return [(r.code, r.name, r.severity, r.summary) for r in RULES.values()]
