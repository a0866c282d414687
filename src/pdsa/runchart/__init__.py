"""The statistics of a measure over time, usable as a small library.

- `analyze(values, freeze=, parts=, exclude=, centre=)`: run-chart analysis, the Anhøj rules
  exactly as qicharts2 computes them, and the IHI rules (`anhoej`, `ihi`).
- `series`: a measure's data points from `pdsa.yaml` settings (baseline, phases, exclusions)
  to an analysed `Series` that charts, reports and the study meeting read.

Pure functions: no file access, no printing.
"""

from pdsa.runchart.anhoej import (
    SHIFT_MIN,
    TREND_MIN,
    Analysis,
    AnhoejResult,
    Direction,
    IhiResult,
    PhaseAnalysis,
    Run,
    Side,
    Trend,
    analyze,
    crossings_min,
    ihi_runs_limits,
    longest_run_max,
)

__all__ = [
    "SHIFT_MIN",
    "TREND_MIN",
    "Analysis",
    "AnhoejResult",
    "Direction",
    "IhiResult",
    "PhaseAnalysis",
    "Run",
    "Side",
    "Trend",
    "analyze",
    "crossings_min",
    "ihi_runs_limits",
    "longest_run_max",
]
