"""The statistics of a measure over time, usable as a small library.

- `analyze(values, freeze=, parts=, exclude=, centre=)`: run-chart analysis, the Anhøj rules
  exactly as qicharts2 computes them, and the IHI rules (`anhoej`, `ihi`).
- `series`: a measure's data points from `pdsa.yaml` settings (baseline, phases, exclusions)
  to an analysed `Series` that charts, reports and the study meeting read.
- `control_chart(chart, x, y, n=None, *, freeze=, parts=, exclude=, multiply=, screen_mr=)`:
  Shewhart control charts (run, i, mr, xbar, s, t, p, pp, c, u, up, g) with the Anhøj runs
  analysis, exactly as qicharts2 0.8.1 computes them; `to_builtins` turns its NumPy columns
  into plain lists.
- `mdc_chart(dates, values, *, improvement, target=, rebase=, fix_after=, screen_outliers=)`:
  NHS Making Data Count XmR charts, rules, point types and icons as NHSRplotthedots computes
  them.

Pure functions: no file access, no printing. The control-chart names load NumPy on first use
(module ``__getattr__``), so importing this package stays light for the commands that do not
draw control charts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from pdsa.runchart.control import CHART_TYPES, control_chart, to_builtins
    from pdsa.runchart.mdc import IMPROVEMENT, mdc_chart

_LAZY = {
    "CHART_TYPES": "pdsa.runchart.control",
    "control_chart": "pdsa.runchart.control",
    "to_builtins": "pdsa.runchart.control",
    "IMPROVEMENT": "pdsa.runchart.mdc",
    "mdc_chart": "pdsa.runchart.mdc",
}


def __getattr__(name: str) -> Any:
    """Load the NumPy-backed control-chart names on first access."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "CHART_TYPES",
    "IMPROVEMENT",
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
    "control_chart",
    "crossings_min",
    "ihi_runs_limits",
    "longest_run_max",
    "mdc_chart",
    "to_builtins",
]
