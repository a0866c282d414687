"""`pdsa check`: load everything, run the rules, apply the project's settings, place findings.

Fast on big repositories: files are parsed once with the C loader and validated; only files
that end up with findings are parsed again (round-trip) to give each finding a line/column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdsa.check.files import (
    FileContext,
    FileResult,
    Progress,
    check_files,
    from_problems,
    place,
)
from pdsa.check.findings import BY_NAME, RULES, Finding
from pdsa.check.measure_rules import lenient_measures, measure_findings
from pdsa.check.rules import project_findings, ramp_findings
from pdsa.errors import InvalidDataError
from pdsa.measures import check_csv, parse_csv
from pdsa.model import Measure, Project
from pdsa.store import (
    CYCLE_SUFFIX,
    DATA_LIMIT,
    TEMP_SUFFIX,
    Workspace,
    is_temp,
    read_text,
    stale_temps,
)
from pdsa.yamlio.validate import load_mapping, validate_data


@dataclass(frozen=True)
class CheckOptions:
    """What to check and how strictly."""

    strict: bool = False
    history: bool = False
    base: str | None = None
    paths: tuple[Path, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    # Findings from above the check's tier (`pdsa check --min-fidelity`), made from the
    # workspace and the project; they pass through the project's settings like the others.
    more: tuple[Callable[[Workspace, Project | None], list[Finding]], ...] = ()


@dataclass
class CheckResult:
    """All findings, in file order, with the counts CI needs."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def notices(self) -> int:
        """How many findings are notices (never a failure)."""
        return sum(1 for f in self.findings if f.severity == "notice")


def run_check(
    ws: Workspace, options: CheckOptions = CheckOptions(), progress: Progress | None = None
) -> CheckResult:
    """Check the project, its cycles and its measure data; `progress(done, total)` is told
    as cycle files are checked."""
    report = CheckResult()
    project, raw = _load_project(ws, report)
    names = _cycle_dir_entries(ws, report)
    paths = [ws.cycles_dir / n for n in sorted(names) if n.endswith(CYCLE_SUFFIX)]
    ctx = FileContext(
        project, frozenset(p.stem for p in paths), ws.root, ws.rel(ws.root), options.today
    )
    results = check_files(paths, ctx, progress)
    report.files += len(results)
    for result in results:
        report.findings.extend(result.findings)
    _across_files(results, {p.stem for p in paths}, report, project)
    _check_measures(ws, project, raw, report)
    if options.history:
        from pdsa.check.proof import history_findings

        # No pre-registration is claimed for a cycle entered after the fact.
        past_plan = [
            r for r in results if r.cycle_id and r.status != "plan" and not r.retrospective
        ]
        report.findings.extend(
            history_findings(ws, past_plan, options.base, project, options.today)
        )
    for extra in options.more:
        report.findings.extend(extra(ws, project))
    _apply_settings(report, project, options)
    if options.paths:
        # A file, or a folder (everything in it): as given, and as the path it resolves to.
        wanted = {ws.rel(p) for p in options.paths} | {ws.rel(p.resolve()) for p in options.paths}
        report.findings = [
            f for f in report.findings if f.path in wanted or wanted & set(f.path.parents)
        ]
    _place(report.findings)
    report.findings.sort(key=lambda f: (str(f.path), f.line, f.column, f.code))
    return report


def _across_files(
    results: list[FileResult], stems: set[str], report: CheckResult, project: Project | None
) -> None:
    """Rules that need every file: duplicate ids (PD105), ramp links (PD405, PD406)."""
    ideas = {c.id for c in project.change_ideas} if project else None
    links = {r.cycle_id: r.links for r in results if r.cycle_id and r.links}
    claimed: dict[str, Path] = {}
    for r in results:
        if r.cycle_id is None:
            continue
        if r.cycle_id != r.path.stem and r.cycle_id in stems:
            report.findings.append(
                Finding(
                    "PD105",
                    f"id '{r.cycle_id}' is also the id of {r.path.parent}/{r.cycle_id}.yaml",
                    r.path,
                    ("id",),
                    hint="two branches made the same cycle? keep one, or rename",
                )
            )
        elif r.cycle_id in claimed:
            report.findings.append(
                Finding(
                    "PD105",
                    f"id '{r.cycle_id}' is also claimed by {claimed[r.cycle_id]}",
                    r.path,
                    ("id",),
                    hint="give each cycle its own id",
                )
            )
        claimed.setdefault(r.cycle_id, r.path)
        report.findings.extend(ramp_findings(r.cycle_id, r.path, links, ideas))


def _load_project(ws: Workspace, report: CheckResult) -> tuple[Project | None, Any]:
    """The project, and its plain data (what there is of it when it does not validate)."""
    shown = ws.rel(ws.project_path)
    report.files += 1
    data: Any = None
    try:
        text = read_text(ws.project_path, shown).text
        data = load_mapping(text, shown)
        project = validate_data(Project, data, text, shown)
    except InvalidDataError as exc:
        report.findings.extend(from_problems(exc.problems))
        return None, data
    report.findings.extend(project_findings(project, shown))
    return project, data


def _cycle_dir_entries(ws: Workspace, report: CheckResult) -> list[str]:
    """Names in cycles/; anything that is not a cycle file is reported, never skipped."""
    if not ws.cycles_dir.is_dir():
        return []
    names = []
    for entry in ws.cycles_dir.iterdir():
        if entry.name.startswith("."):
            _leftover_temp(ws, entry, report)
            continue  # .gitkeep and editor swap files are not the team's data
        if entry.is_file() and entry.suffix == CYCLE_SUFFIX:
            names.append(entry.name)
            continue
        hint = (
            "rename it to .yaml so pdsa reads it"
            if entry.suffix == ".yml"
            else "move it out of cycles/; only <id>.yaml files belong here"
        )
        report.findings.append(
            Finding("PD103", f"'{entry.name}' is not a cycle file", ws.rel(entry), hint=hint)
        )
    return names


def _leftover_temp(ws: Workspace, entry: Path, report: CheckResult) -> None:
    """PD106: a hidden `.tmp` file: what a killed writer leaves (the file it was replacing
    is intact); said so that no one commits it or wonders what it is."""
    if is_temp(entry.name) and not stale_temps([entry]):
        return  # a writer running now is using it
    if entry.name.endswith(TEMP_SUFFIX) and entry.is_file():
        report.findings.append(
            Finding(
                "PD106",
                f"'{entry.name}' was left by an interrupted write",
                ws.rel(entry),
                hint="delete it; the file it was replacing is intact",
            )
        )


def _check_measures(ws: Workspace, project: Project | None, raw: Any, report: CheckResult) -> None:
    """Each measure's CSV, read as its own measure says (even when another measure of
    pdsa.yaml is broken), and the rules that need a measure's settings and data together."""
    if project is not None:
        measures: dict[str, Measure | None] = {m.id: m for m in project.measures}
    else:
        measures = lenient_measures(raw)
    data_dir = ws.measures_dir.is_dir()
    for entry in ws.measures_dir.iterdir() if data_dir else []:
        if entry.name.startswith("."):
            _leftover_temp(ws, entry, report)
    for path in sorted(ws.measures_dir.glob("*.csv")) if data_dir else []:
        shown = ws.rel(path)
        report.files += 1
        if raw is not None and path.stem not in measures:
            # Not read: a file no measure names could be anything (a link to a secret), and
            # its first line would be echoed into a CI log.
            report.findings.append(
                Finding(
                    "PD602",
                    f"no measure '{path.stem}' in pdsa.yaml for this data",
                    shown,
                    hint="add the measure to pdsa.yaml, or rename the file to <measure-id>.csv",
                )
            )
            continue
        measure = measures.get(path.stem)
        points = None
        try:
            text = read_text(path, shown, limit=DATA_LIMIT, root=ws.root).text
            problems = check_csv(text, shown, measure)
            if not problems and measure is not None:
                points = parse_csv(text, shown, measure)
        except InvalidDataError as exc:  # not UTF-8, too large, not a regular file
            problems = exc.problems
        report.findings.extend(from_problems(problems, code="PD601"))
        if project is not None and measure is not None:
            index = project.measures.index(measure)
            found = measure_findings(measure, index, points, ws.rel(ws.project_path))
            report.findings.extend(found)
    for index, measure in enumerate(project.measures if project else []):
        if not (data_dir and ws.measure_path(measure.id).exists()):
            report.findings.extend(measure_findings(measure, index, None, ws.rel(ws.project_path)))


def _apply_settings(report: CheckResult, project: Project | None, options: CheckOptions) -> None:
    def codes(items: list[str]) -> set[str]:
        return {BY_NAME.get(i, i) for i in items}

    ignore = codes(project.check.ignore) if project else set()
    warn = codes(project.check.warn) if project else set()
    kept = []
    for f in report.findings:
        severity = f.severity or RULES[f.code].severity
        if severity == "notice":  # said every time, whatever the settings
            f.severity = severity
            kept.append(f)
            continue
        if f.code in ignore and "ignore" not in f.refused:
            continue
        if f.code in warn and "warn" not in f.refused:
            severity = "warning"
        if options.strict:
            severity = "error"
        f.severity = severity
        kept.append(f)
    report.findings = kept


def _place(findings: list[Finding]) -> None:
    """Place the findings made in this process (project file, cross-file rules)."""
    by_file: dict[Path, list[Finding]] = {}
    for f in findings:
        if not f.line and f.doc_path:
            by_file.setdefault(f.path, []).append(f)
    for path, items in by_file.items():
        try:
            text = read_text(path).text
        except (InvalidDataError, OSError):
            continue
        place(items, text)


def merge(results: list[CheckResult]) -> CheckResult:
    """The findings of several projects' checks as one (a commit touching two projects)."""
    return CheckResult([f for r in results for f in r.findings], sum(r.files for r in results))
