"""`pdsa chart`: a measure's run or control chart, in the terminal, as SVG/PNG, CSV or JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from pdsa.cli._app import Json, MeasureRef, app, day_option, examples, finish, workspace
from pdsa.vocab import SignalRules

if TYPE_CHECKING:
    from pdsa.errors import Problem
    from pdsa.model import Measure
    from pdsa.runchart.control_view import ControlView
    from pdsa.runchart.marks import CycleMark
    from pdsa.runchart.series import Series


@app.command(
    epilog=examples(
        "pdsa chart handoff-minutes",
        "pdsa chart handoff-minutes --out chart.svg",
        "pdsa chart sbar-use --chart p --json",
    )
)
def chart(
    ctx: typer.Context,
    measure: MeasureRef,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="Write an .svg or .png file (default: draw in the terminal).",
        ),
    ] = None,
    signal_rules: Annotated[
        SignalRules | None,
        typer.Option("--rules", help="Signal rules (default: the measure's setting, else both)."),
    ] = None,
    json: Json = False,
    date: Annotated[
        dt.date | None, day_option("Today, for cycles still running. Default: today.", "--date")
    ] = None,
    table: Annotated[
        Literal["csv"] | None,
        typer.Option(
            "--format",
            help="csv: the analysed series (qicharts2's column names) to --out, default stdout.",
        ),
    ] = None,
    chart_type: Annotated[
        str | None,
        typer.Option(
            "--chart",
            metavar="TYPE",
            help="run, or a control chart: i, mr, xbar, s, t, p, pp, c, u, up, g; "
            "`control` picks one by the measure's kind. Default: the measure's `chart:`.",
        ),
    ] = None,
) -> None:
    """A measure's run or control chart, with its signals and the cycles where they ran."""
    from pdsa.errors import UsageError, require_charts
    from pdsa.store import STDOUT

    require_charts("pdsa chart")
    csv_out = table == "csv" or (out is not None and out.suffix.lower() == ".csv")
    if (
        not csv_out
        and out is not None
        and out != STDOUT
        and out.suffix.lower() not in (".svg", ".png")
    ):
        raise UsageError(
            f"cannot write '{out.suffix or out.name}' charts",
            hint="use a path ending in .svg, .png or .csv (or - for SVG on stdout)",
        )
    today = date or dt.date.today()
    shown = _shown(ctx, measure, chart_type, today, cycles=not csv_out)

    from pdsa.render.console import out as stdout
    from pdsa.render.console import print_json, say

    data, control = shown.data, shown.control
    for note in control.notes if control else ():
        say(f"warning: {note}")
    if csv_out:  # the series only (cycles are not rows of it), as the chart draws it
        from pdsa.render.chart_csv import chart_csv
        from pdsa.store import write_output

        target = out or STDOUT
        if write_output(target, chart_csv(data, signal_rules, control)):
            say(f"wrote {target}")
        return
    if json:
        from pdsa.shapes.chart import chart_json

        print_json(chart_json(data, shown.marks, signal_rules, shown.problems, control))
    if out is not None:
        from pdsa.cli.drawing import draw_elsewhere
        from pdsa.render.chart import render
        from pdsa.store import write_output

        fmt: Literal["svg", "png"] = "png" if out.suffix.lower() == ".png" else "svg"
        job: dict[str, Any] = {
            "series": data,
            "marks": shown.marks,
            "fmt": fmt,
            "signal_rules": signal_rules,
            "change_ideas": shown.change_ideas,
            "control": control,
        }
        # Drawn by the process that loaded matplotlib meanwhile, if there is one.
        image = draw_elsewhere(job) or render(**job)
        if write_output(out, image):
            say(f"wrote {out}")
    elif not json:
        from pdsa.render.safe import clean
        from pdsa.render.termchart import term_chart
        from pdsa.runchart.control_reading import measure_verdict
        from pdsa.runchart.verdict import verdict

        console = stdout()
        width = max(20, min(console.width - 12, 104))
        console.print(term_chart(data, width=width, signal_rules=signal_rules, control=control))
        said = measure_verdict(data, control) if control else verdict(data, signal_rules)
        console.print(clean(said), markup=False)  # it names the team's phase labels
    finish(shown.problems, shown.summary)


@dataclass(frozen=True)
class Shown:
    """What a chart shows, read and analysed before anything is drawn."""

    data: Series
    control: ControlView | None
    marks: list[CycleMark]
    problems: list[Problem]  # of cycle files that could not be used
    summary: str  # `15 of 16 cycles; 1 file could not be read`
    change_ideas: dict[str, str]  # id -> title


def _shown(
    ctx: typer.Context, measure: str, chart_type: str | None, today: dt.date, *, cycles: bool
) -> Shown:
    """The measure's series analysed, and (when `cycles`) the cycles placed on it."""
    from pdsa.measures import known_measure, measure_points
    from pdsa.runchart import series
    from pdsa.runchart.control_view import control_view
    from pdsa.runchart.marks import place_cycles
    from pdsa.runchart.verdict import apply_minimum

    ws = workspace(ctx)
    found = known_measure(ws, measure)
    if chart_type is not None:
        found = found.model_copy(update={"chart": _chart_for(found, chart_type)})
        if found.mdc and found.chart != "i":  # MDC is an XmR chart: another chart drops it
            found = found.model_copy(update={"signal_rules": "both"})
    raw = measure_points(ws, found.id)
    project = ws.project()
    data = apply_minimum(series.build(found, raw), project.settings.min_points)
    control = control_view(data, raw)
    ideas = {c.id: c.title for c in project.change_ideas}
    if not cycles or not data.dates:  # only the cycles that ran while the points were taken
        return Shown(data, control, [], [], "", ideas)
    running = ws.cycles_running(data.dates[0], max(data.dates[-1], today), today)
    marks = place_cycles(data, running.cycles, today)
    return Shown(data, control, marks, running.problems, running.summary(), ideas)


def _chart_for(measure: Measure, chart_type: str) -> str:
    """The chart `--chart` names (`control`: the one the measure's kind suggests)."""
    from pdsa.errors import UsageError
    from pdsa.vocab import CHART_FOR_KIND, CHART_TYPES

    if chart_type == "control":
        return CHART_FOR_KIND[measure.kind]
    if chart_type not in CHART_TYPES:
        raise UsageError(
            f"{chart_type!r} is not a chart type",
            hint="run, control, " + ", ".join(CHART_TYPES[1:]),
            option="chart",
        )
    return chart_type
