"""What a run chart says, in one honest sentence: which signals, where, which way; and no
claim at all about a phase with too few useful points to judge."""

from __future__ import annotations

from dataclasses import replace

from pdsa.runchart.series import PhaseView, Series
from pdsa.vocab import SignalRules

RULES_NAME = {"anhoej": "Anhøj", "ihi": "IHI", "both": "Anhøj + IHI"}


def apply_minimum(series: Series, needed: int) -> Series:
    """The series with no verdict for a phase of fewer than `needed` useful points: its
    signals are not highlighted and the verdict says how many points there are."""
    phases = [replace(p, needed=needed) for p in series.phases]
    unjudged = [p for p in phases if not p.judged]
    if not unjudged:
        return replace(series, phases=phases)

    def judged_only(points: frozenset[int]) -> frozenset[int]:
        return frozenset(n for n in points if not any(p.start <= n <= p.end for p in unjudged))

    return replace(
        series,
        phases=phases,
        run_points={k: judged_only(v) for k, v in series.run_points.items()},
        trend_points={k: judged_only(v) for k, v in series.trend_points.items()},
    )


def verdict(series: Series, signal_rules: SignalRules | None = None) -> str:
    """One sentence a reader can act on: which signals, where, and in which direction; and
    no claim at all about a phase with too few points to judge."""
    signal_rules = signal_rules or series.signal_rules
    name = RULES_NAME[signal_rules]
    if not series.dates:
        return "No data yet"
    many = len(series.phases) > 1
    parts, short = [], []
    for phase in series.phases:
        where = f"phase {phase.number}" if many else ""
        if many and phase.label and phase.label != where:
            where += f" ({phase.label})"
        if not phase.judged:
            count = f"{phase.useful} of the {phase.needed} needed"
            short.append(f"{where}: {count}" if where else count)
        elif found := ", ".join(_phase_signals(phase, signal_rules, series.measure.better)):
            parts.append(f"in {where}: {found}" if where else found)
    too_few = "Too few points to judge (" + "; ".join(short) + ")" if short else ""
    if len(short) == len(series.phases):
        return too_few
    if not parts:
        text = f"No signal ({name}): random variation around the median"
    elif many:
        text = f"Signal ({name}) " + "; ".join(parts)
    else:
        text = f"Signal ({name}): {parts[0]}"
    return f"{text}. {too_few}" if too_few else text


def _phase_signals(phase: PhaseView, signal_rules: SignalRules, better: str) -> list[str]:
    """The runs and trends of a phase (the longest, and how many), crossings, runs count."""
    good = {"lower": "below", "higher": "above"}.get(better, "")
    runs = (
        []
        if signal_rules == "ihi"
        else [(r.n_points, r.side, "run") for r in phase.anhoej.long_runs]
    )
    if signal_rules != "anhoej":
        seen = {(n, side) for n, side, _ in runs}
        runs += [
            (s.n_points, s.side, "shift")
            for s in phase.ihi.shifts
            if (s.n_points, s.side) not in seen
        ]
    trends = (
        [] if signal_rules == "anhoej" else [(t.n_points, t.direction) for t in phase.ihi.trends]
    )
    found: list[str] = []
    # Two are named one by one; more are counted, with the longest described.
    for n, side, kind in sorted(runs, key=lambda r: -r[0]) if len(runs) <= 2 else []:
        found.append(f"{n}-point {kind} {side} the median{_way(good, side == good)}")
    if len(runs) > 2:
        n, side, _ = max(runs, key=lambda r: r[0])
        kinds = {k for _, _, k in runs}
        plural = "shifts" if kinds == {"shift"} else "long runs" if kinds == {"run"} else "runs"
        found.append(f"{len(runs)} {plural}, longest {n} points {side} the median")
    for n, way in sorted(trends, key=lambda t: -t[0]) if len(trends) <= 2 else []:
        up = way == "increasing"
        word = "upward" if up else "downward"
        found.append(f"{n}-point {word} trend{_way(good, up == (good == 'above'))}")
    if len(trends) > 2:
        found.append(f"{len(trends)} trends, longest {max(t[0] for t in trends)} points")
    a, i = phase.anhoej, phase.ihi
    if signal_rules != "ihi" and a.crossings_signal:
        found.append(f"too few crossings ({a.n_crossings} < {a.n_crossings_min})")
    if signal_rules != "anhoej" and i.too_few_runs:
        found.append(f"too few runs ({i.n_runs} < {i.runs_lower_limit})")
    if signal_rules != "anhoej" and i.too_many_runs:
        found.append(f"too many runs ({i.n_runs} > {i.runs_upper_limit})")
    return found


def _way(good: str, better: bool) -> str:
    """` (better)` or ` (worse)`; nothing for a measure where neither way is better."""
    return f" ({'better' if better else 'worse'})" if good else ""
