"""Numbers as people write them, without pydantic: the charts' drawing process uses this and
must not load the models (`pdsa.cli.drawing`)."""

from __future__ import annotations


def fmt_number(value: float | int | str | None) -> str:
    """A number the way a person writes it: 8 not 8.0, 7.25 not 7.250000001."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}" if abs(value) < 1e4 else f"{value:.6g}"
