"""`pdsa check`: load everything, run the rules, apply the project's settings, place findings.

Fast on big repositories: files are parsed once with the C loader and validated; only files
that end up with findings are parsed again (round-trip) to give each finding a line/column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pdsa.errors import InvalidDataError, Problem
from pdsa.measures import check_csv
from pdsa.model import Cycle, Project, Status
from pdsa.rules import BY_NAME, RULES, Context, Finding, cycle_findings, project_findings
from pdsa.store import CYCLE_SUFFIX, Workspace, read_text
from pdsa.validation import load_mapping, validate_data
from pdsa.yamltext import YamlSyntaxError, position_of, rt_load


@dataclass(frozen=True)
class CheckOptions:
    """What to check and how strictly."""

    strict: bool = False
    history: bool = False
    base: str | None = None
    paths: tuple[Path, ...] = ()


@dataclass
class Report:
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


@dataclass
class _Loaded:
    path: Path  # as shown to the user
    text: str
    cycle: Cycle | None = None


def run_check(ws: Workspace, options: CheckOptions = CheckOptions()) -> Report:
    """Check the project, its cycles and its measure data."""
    report = Report()
    project = _load_project(ws, report)
    names = _cycle_dir_entries(ws, report)
    stems = {n.removesuffix(CYCLE_SUFFIX) for n in names if n.endswith(CYCLE_SUFFIX)}
    loaded = [
        _load_cycle(ws, ws.cycles_dir / n, report)
        for n in sorted(names)
        if n.endswith(CYCLE_SUFFIX)
    ]
    report.files += len(loaded)
    cycles = [item for item in loaded if item.cycle is not None]
    ctx = Context(
        project=project,
        cycle_ids=frozenset(stems),
        links={
            c.cycle.id: (c.cycle.follows, c.cycle.act.next if c.cycle.act else None)
            for c in cycles
            if c.cycle
        },
    )
    claimed: dict[str, Path] = {}
    for item in cycles:
        assert item.cycle is not None
        _identity(item, stems, claimed, report)
        report.findings.extend(cycle_findings(item.cycle, item.path, ctx))
    _check_measures(ws, project, report)
    if options.history:
        from pdsa.checker_history import history_findings

        report.findings.extend(
            history_findings(ws, [c for c in cycles if _past_plan(c)], options.base)
        )
    _apply_settings(report, project, options)
    if options.paths:
        wanted = {ws.rel(p) for p in options.paths} | {ws.rel(p.resolve()) for p in options.paths}
        report.findings = [f for f in report.findings if f.path in wanted]
    _place(report.findings)
    report.findings.sort(key=lambda f: (str(f.path), f.line, f.column, f.code))
    return report


def _past_plan(item: _Loaded) -> bool:
    return item.cycle is not None and item.cycle.status is not Status.PLAN


def _load_project(ws: Workspace, report: Report) -> Project | None:
    shown = ws.rel(ws.project_path)
    report.files += 1
    try:
        text = read_text(ws.project_path, shown).text
        project = validate_data(Project, load_mapping(text, shown), text, shown)
    except InvalidDataError as exc:
        report.findings.extend(_from_problems(exc.problems))
        return None
    report.findings.extend(project_findings(project, shown))
    return project


def _cycle_dir_entries(ws: Workspace, report: Report) -> list[str]:
    """Names in cycles/; anything that is not a cycle file is reported, never skipped."""
    if not ws.cycles_dir.is_dir():
        return []
    names = []
    for entry in ws.cycles_dir.iterdir():
        if entry.name.startswith("."):
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


def _load_cycle(ws: Workspace, path: Path, report: Report) -> _Loaded:
    shown = ws.rel(path)
    try:
        text = read_text(path, shown).text
        data = load_mapping(text, shown)
        return _Loaded(shown, text, validate_data(Cycle, data, text, shown))
    except InvalidDataError as exc:
        report.findings.extend(_from_problems(exc.problems))
        return _Loaded(shown, "")


def _from_problems(problems: Iterable[Problem], code: str | None = None) -> list[Finding]:
    """Findings from parse and validation problems (`code` when they all share one)."""
    return [
        Finding(
            code or _code_for(p),
            p.message,
            p.location.path,
            hint=p.hint,
            line=p.location.line,
            column=p.location.column,
        )
        for p in problems
    ]


def _code_for(problem: Problem) -> str:
    """The rule a parse or schema problem belongs to."""
    if problem.message.startswith(("YAML syntax error", "file is", "not UTF-8")):
        return "PD101"
    if problem.field == "confidence":
        return "PD205"
    if problem.field == "statement" and problem.kind in ("missing", "string_too_short"):
        return "PD204"
    return "PD102"


def _identity(item: _Loaded, stems: set[str], claimed: dict[str, Path], report: Report) -> None:
    assert item.cycle is not None
    cycle_id, stem = item.cycle.id, item.path.stem
    if cycle_id != stem:
        report.findings.append(
            Finding(
                "PD104",
                f"id '{cycle_id}' does not match the file name '{item.path.name}'",
                item.path,
                ("id",),
                hint=f"set id to '{stem}' or rename the file",
            )
        )
        if cycle_id in stems:
            report.findings.append(
                Finding(
                    "PD105",
                    f"id '{cycle_id}' is also the id of {item.path.parent}/{cycle_id}.yaml",
                    item.path,
                    ("id",),
                    hint="two branches made the same cycle? keep one, or rename",
                )
            )
    if cycle_id in claimed:
        report.findings.append(
            Finding(
                "PD105",
                f"id '{cycle_id}' is also claimed by {claimed[cycle_id]}",
                item.path,
                ("id",),
                hint="give each cycle its own id",
            )
        )
    claimed.setdefault(cycle_id, item.path)


def _check_measures(ws: Workspace, project: Project | None, report: Report) -> None:
    if not ws.measures_dir.is_dir():
        return
    known = {m.id for m in project.measures} if project else None
    for path in sorted(ws.measures_dir.glob("*.csv")):
        shown = ws.rel(path)
        report.files += 1
        try:
            problems = check_csv(read_text(path, shown).text, shown)
        except InvalidDataError as exc:  # not UTF-8
            problems = exc.problems
        report.findings.extend(_from_problems(problems, code="PD601"))
        if known is not None and path.stem not in known:
            report.findings.append(
                Finding(
                    "PD602",
                    f"no measure '{path.stem}' in pdsa.yaml for this data",
                    shown,
                    hint="add the measure to pdsa.yaml, or rename the file to <measure-id>.csv",
                )
            )


def _apply_settings(report: Report, project: Project | None, options: CheckOptions) -> None:
    def codes(items: list[str]) -> set[str]:
        return {BY_NAME.get(i, i) for i in items}

    ignore = codes(project.check.ignore) if project else set()
    warn = codes(project.check.warn) if project else set()
    kept = []
    for f in report.findings:
        if f.code in ignore:
            continue
        severity = f.severity or RULES[f.code].severity
        if f.code in warn:
            severity = "warning"
        if options.strict:
            severity = "error"
        f.severity = severity
        kept.append(f)
    report.findings = kept


def _place(findings: list[Finding]) -> None:
    """Give line/column to findings that only know their place in the document."""
    docs: dict[Path, object] = {}
    for f in findings:
        if f.line or not f.doc_path:
            continue
        if f.path not in docs:
            try:
                docs[f.path] = rt_load(read_text(f.path).text).data
            except (YamlSyntaxError, InvalidDataError, OSError):
                docs[f.path] = None
        doc = docs[f.path]
        if doc is not None:
            f.line, f.column = position_of(doc, f.doc_path, key=f.doc_path[-1] == "id")
