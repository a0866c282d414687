"""Shared by the SPC tests: reference files, their inputs as API calls, and a field comparison.

Comparison rules (``spc-rules.md``): integers and booleans exactly, doubles to 1e-9 relative,
``null`` = missing (NaN or None), ``"Inf"``/``"-Inf"`` = infinities.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).parents[2] / "shared" / "reference"
REL = 1e-9


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


def plain(v: Any) -> Any:
    """A NumPy scalar as a Python one; NaN as None."""
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def want_value(w: Any) -> Any:
    if w == "Inf":
        return math.inf
    if w == "-Inf":
        return -math.inf
    return w


def same(got: Any, want: Any, exact: bool = False) -> bool:
    """One field: booleans and (with ``exact``) integers exactly, doubles to 1e-9 relative."""
    got, want = plain(got), want_value(want)
    if want is None:
        return got is None
    if isinstance(want, bool):
        return isinstance(got, bool) and got is want
    if isinstance(want, str):
        return got == want
    if isinstance(got, bool) or not isinstance(got, int | float):
        return False
    if exact:
        return isinstance(got, int) and got == want
    if math.isinf(want):
        return got == want
    return math.isclose(got, want, rel_tol=REL, abs_tol=0.0)


def column_diffs(name: str, got: Any, want: list[Any], exact: bool = False) -> list[str]:
    got = list(got)
    if len(got) != len(want):
        return [f"{name}: {len(got)} values, want {len(want)}"]
    return [
        f"{name}[{i}]: got {plain(g)!r}, want {w!r}"
        for i, (g, w) in enumerate(zip(got, want, strict=True))
        if not same(g, w, exact)
    ]


def as_date_or_none(v: str | None) -> dt.date | None:
    return None if v is None else dt.date.fromisoformat(v)


def x_text(v: Any) -> str | None:
    """How the reference file writes an x value (ISO dates, numbers without a trailing .0)."""
    v = plain(v)
    if v is None:
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
