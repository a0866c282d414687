"""`pdsa network` (fetch, report, check: the hub over many teams' repositories) and
`pdsa fidelity` (how fully one project applies the method), which the network report shows
for every team."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from pdsa.cli._app import Json, app, day_option, examples, finish, workspace

if TYPE_CHECKING:
    from pdsa.network import Fetched, Hub

network_app = typer.Typer(
    name="network",
    help="A hub over many teams' projects: fetch them, report side by side, check them all.",
    epilog=examples(
        "pdsa network fetch",
        "pdsa network report --format html --out network.html",
        "pdsa network check --offline --team ward-4",
    ),
    no_args_is_help=True,
)
app.add_typer(network_app, name="network")

NetworkFile = Annotated[
    Path | None,
    typer.Option(
        "--network",
        envvar="PDSA_NETWORK",
        metavar="PATH",
        help="The hub's network.yaml (or its folder). Default: the nearest one upwards.",
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, max=64, help="Repositories fetched at once."),
]
History = Annotated[
    bool | None,
    typer.Option(
        "--history/--shallow",
        help="Fetch full history, so predictions are proven from git (default: the "
        "network.yaml setting; shallow otherwise).",
    ),
]
Offline = Annotated[
    bool, typer.Option("--offline", metavar="", help="Fetch nothing: read the cache as it is.")
]
Teams = Annotated[
    list[str] | None,
    typer.Option("--team", "-t", metavar="ID", help="Only this team (repeat for more)."),
]
Today = Annotated[dt.date | None, day_option("Today, for due dates and tempo.")]


def _fetch(
    network: Path | None,
    jobs: int | None,
    history: bool | None,
    offline: bool,
    teams: list[str] | None,
) -> tuple[Hub, list[Fetched]]:
    """Load the hub and bring every chosen team's source up to date."""
    import time

    from pdsa.network import FetchOptions, fetch_all, find_network, load_hub
    from pdsa.render.console import say

    hub = load_hub(find_network(network))
    settings = hub.network.settings
    chosen = [hub.team(t) for t in teams] if teams else None
    options = FetchOptions(
        history=settings.history if history is None else history,
        jobs=jobs or settings.jobs,
        timeout=float(settings.timeout),
        offline=offline,
    )
    started = time.monotonic()
    fetched = fetch_all(hub, options, chosen)
    counts: dict[str, int] = {}
    for f in fetched:
        counts[f.status] = counts.get(f.status, 0) + 1
    done = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    teams_word = "team" if len(fetched) == 1 else "teams"
    say(f"{len(fetched)} {teams_word} in {time.monotonic() - started:.1f} s: {done}")
    return hub, fetched


def _name_failures(lines: list[str]) -> None:
    """Each line on stderr; git's words come from other people's servers, so they are
    cleaned of control characters like every text from a team."""
    from pdsa.render.console import say
    from pdsa.render.safe import clean

    for line in lines:
        say(clean(line, newlines=False))


@network_app.command(
    "fetch",
    epilog=examples("pdsa network fetch", "pdsa network fetch --history --jobs 8"),
)
def fetch(
    network: NetworkFile = None,
    jobs: Jobs = None,
    history: History = None,
    teams: Teams = None,
    json: Json = False,
) -> None:
    """Clone each team's repository into the hub's cache once, then fetch it.

    Exit 1 when any could not be fetched (each is named, with why).
    """
    from pdsa.render.console import out, print_json
    from pdsa.render.network import fetch_view

    _, fetched = _fetch(network, jobs, history, False, teams)
    if json:
        from pdsa.shapes.network import fetch_json

        print_json(fetch_json(fetched))
    else:
        out().print(fetch_view(fetched))
    failed = [f for f in fetched if f.failed]
    _name_failures([f"pdsa: team {f.team.id}: {f.status}: {f.error}" for f in failed])
    if failed:
        raise typer.Exit(1)


@network_app.command(
    "report",
    epilog=examples(
        "pdsa network report",
        "pdsa network report --format html --out network.html",
        "pdsa network report --offline --json",
    ),
)
def report(
    network: NetworkFile = None,
    output: Annotated[
        Literal["terminal", "markdown", "html"],
        typer.Option("--format", "-f", help="terminal, or a markdown/html file (--out)."),
    ] = "terminal",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="PATH", help="File to write.")
    ] = None,
    json: Json = False,
    jobs: Jobs = None,
    history: History = None,
    offline: Offline = False,
    teams: Teams = None,
    date: Today = None,
) -> None:
    """Every team side by side, and the change ideas tested in more than one team.

    Per team: aim, latest measure against goal, cycles per month, predictions made, judged
    and met, calibration, method fidelity and the suggested progress score. Exit 1 when a
    team is missing (named, with why), 3 when some files could not be used.
    """
    from pdsa.errors import UsageError
    from pdsa.network import roll_up
    from pdsa.render.console import print_json, say

    if output != "terminal" and out is None:
        raise UsageError(f"--format {output} writes a file: give --out PATH (or - for stdout)")
    hub, fetched = _fetch(network, jobs, history, offline, teams)
    rolled = roll_up(hub.network.name, fetched, date or dt.date.today())
    if json:
        from pdsa.shapes.network import network_report_json

        print_json(network_report_json(rolled))
    elif output == "terminal":
        from pdsa.render.console import out as stdout
        from pdsa.render.network import network_view

        stdout().print(network_view(rolled))
    else:
        from pdsa.store import write_output

        if output == "html":
            from pdsa.render.network_html import render_network_html

            text = render_network_html(rolled)
        else:
            from pdsa.render.network import network_markdown

            text = network_markdown(rolled)
        assert out is not None
        if write_output(out, text):
            say(f"wrote {out}")
    _name_failures([f"pdsa: team {t.id}: {t.state}: {t.error}" for t in rolled.failed])
    if rolled.failed:
        raise typer.Exit(1)
    if rolled.unreadable:
        from pdsa.render.console import problem_line

        _name_failures([problem_line(p) for t in rolled.unreadable for p in t.unreadable])
        raise typer.Exit(3)


@network_app.command(
    "check",
    epilog=examples("pdsa network check", "pdsa network check --format json --offline"),
)
def check(
    network: NetworkFile = None,
    output: Annotated[
        Literal["text", "json"],
        typer.Option("--format", "-f", help="text for people, json for tools."),
    ] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", metavar="", help="Treat warnings as errors.")
    ] = False,
    min_fidelity: Annotated[
        int | None,
        typer.Option(
            "--min-fidelity",
            metavar="N",
            min=0,
            max=100,
            help="Fail a team whose method fidelity is below N% (default: network.yaml).",
        ),
    ] = None,
    jobs: Jobs = None,
    history: History = None,
    offline: Offline = False,
    teams: Teams = None,
    date: Today = None,
) -> None:
    """The CI gate across the network: pdsa check on every team's project.

    With --history, the git proof too; with --min-fidelity, the fidelity gate. Exit 1 when
    any team has errors or could not be fetched or read.
    """
    from pdsa.network.gate import GateOptions, check_all
    from pdsa.render.console import out, print_json

    hub, fetched = _fetch(network, jobs, history, offline, teams)
    settings = hub.network.settings
    full = settings.history if history is None else history
    checks = check_all(
        fetched,
        GateOptions(
            today=date or dt.date.today(),
            history=full,
            strict=strict,
            min_fidelity=settings.min_fidelity if min_fidelity is None else min_fidelity,
        ),
    )
    if output == "json":
        from pdsa.shapes.network import network_check_json

        print_json(network_check_json(checks))
    else:
        from pdsa.render.network import check_view

        out().print(check_view(checks))
    if not all(c.passed for c in checks):
        raise typer.Exit(1)


@app.command(
    epilog=examples("pdsa fidelity", "pdsa fidelity --json", "pdsa check --min-fidelity 80"),
)
def fidelity(
    ctx: typer.Context,
    json: Json = False,
    history: Annotated[
        bool | None,
        typer.Option(
            "--history/--no-history",
            help="Prove from git that predictions came first (default: when git history "
            "exists; --history fails without it, --no-history uses the locks alone).",
        ),
    ] = None,
    date: Annotated[dt.date | None, day_option("Today, for tests still running.")] = None,
) -> None:
    """How fully each ramp applies the PDSA method, and a suggested IHI progress score.

    The criteria of Taylor et al. 2014, each met or not with the reason and the fix; the
    project's score is the mean over its ramps; the progress score (0.5-5) with its evidence.
    """
    from pdsa.fidelity import assess_workspace
    from pdsa.render.console import out, print_json

    ws = workspace(ctx)
    found = ws.cycles()
    result = assess_workspace(
        ws, today=date or dt.date.today(), history=history, cycles=found.cycles
    )
    if json:
        from pdsa.shapes.fidelity import fidelity_json

        print_json(fidelity_json(result, found.problems))
    else:
        from pdsa.render.fidelity import fidelity_view
        from pdsa.render.lines import print_parts

        titles = {c.id: c.title for c in ws.project().change_ideas}
        console = out()
        print_parts(console, [fidelity_view(result, titles, width=console.width)])
    finish(found.problems, found.summary())
