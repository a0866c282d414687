"""What one committed version of a cycle file or of a measure's data says, for the history proof.

A version is read leniently, as plain YAML without the schema: an old version may predate a
field, and what matters is what it shows (predictions, a start, results), not whether it
would pass `pdsa check` today. A version that does not parse is not trusted to be empty:
its text is searched for the marks of a start or of results (`started: 2026-11-03`,
`status: study`, a lock's hash, a result's `actual:`), so results cannot be hidden in a
version that git stores but the loader refuses. The same holds for a version that parses
but does not match the cycle format (results under a misspelt key).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pdsa.days import DayError, next_period, parse_period
from pdsa.fingerprint import canonical
from pdsa.model import Cycle, Prediction
from pdsa.yamlio.text import YamlSyntaxError, fast_load

# A larger version is not parsed (the loader's time grows with it); it is read as text only.
PARSE_LIMIT = 2 * 1024 * 1024
# Keys whose value shows that the test started or that results were recorded.
_SIGN = re.compile(
    r"""(?:^|[\s{,])(status|started|finished|sha256|actual|met|prediction)\s*:[ \t]*"""
    r"""(?!null\b|~|\#|[\]},]|$)['"]?([^\s'",}\]#]+)""",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Version:
    """One state of a cycle file: at a commit (or the working tree), under a path."""

    commit: str
    path: str
    data: dict[str, Any] | None  # None: does not parse, or is not a mapping
    sign: str = ""  # the first line that shows a start or results, if any
    predictions: dict[str, str] = field(default_factory=dict)  # id -> canonical form

    @property
    def parsed(self) -> bool:
        """Whether the version could be read as YAML."""
        return self.data is not None

    @property
    def readable_results(self) -> bool:
        """Whether the version, read as a cycle, records a start or results."""
        return self.data is not None and records_results(self.data)

    @functools.cached_property
    def results(self) -> bool:
        """Whether this version shows a start or results, readable or not.

        A version that pdsa would refuse (it does not parse, or does not match the cycle
        format: `doo: {started: ...}`) counts by the marks in its text, so results cannot
        be hidden where the reader does not look.
        """
        if self.readable_results or not self.sign:
            return self.readable_results
        return self.data is None or not _is_cycle(self.data)


def _is_cycle(data: dict[str, Any]) -> bool:
    try:
        Cycle.model_validate(data)
    except ValueError:
        return False
    return True


def read_version(commit: str, path: str, raw: bytes | str) -> Version:
    """The version of `path` at `commit` from its bytes (or text)."""
    text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
    text = text.removeprefix("\ufeff")
    data: Any = None
    if len(text) <= PARSE_LIMIT:
        try:
            data = fast_load(text)
        except (YamlSyntaxError, ValueError, RecursionError):
            data = None
    if not isinstance(data, dict):
        return Version(commit, path, None, result_sign(text))
    return Version(commit, path, data, result_sign(text), prediction_forms(data))


def prediction_forms(data: dict[str, Any]) -> dict[str, str]:
    """Prediction id -> canonical form, for the predictions that validate in this version."""
    plan = data.get("plan")
    items = plan.get("predictions") if isinstance(plan, dict) else None
    forms: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        try:
            key = json.dumps(item, sort_keys=True, default=str)
        except (TypeError, ValueError):  # keys that are not text: not a prediction
            continue
        if found := _form(key):
            forms[found[0]] = found[1]
    return forms


@functools.lru_cache(maxsize=1 << 14)
def _form(item: str) -> tuple[str, str] | None:
    # The same prediction is in every version of its cycle: validated once.
    try:
        prediction = Prediction.model_validate_json(item)
    except ValueError:
        return None
    return prediction.id, canonical(prediction)


def records_results(data: dict[str, Any]) -> bool:
    """True when this version records a Do start, a lock or study results."""
    do, study, plan = data.get("do"), data.get("study"), data.get("plan")
    started = isinstance(do, dict) and do.get("started") is not None
    results = isinstance(study, dict) and bool(study.get("results"))
    locked = isinstance(plan, dict) and plan.get("locked") is not None
    return started or results or locked or data.get("status") not in (None, "plan")


def result_sign(text: str) -> str:
    """The first line of an unreadable version that shows a start or results ('' if none)."""
    for match in _SIGN.finditer(text):
        key, value = match.group(1), match.group(2)
        if key == "status" and value == "plan":
            continue
        line = text.count("\n", 0, match.start(1)) + 1
        return f"line {line}: {key}: {value}"
    return ""


def content(form: str) -> str:
    """A prediction's canonical form without its id: the same prediction under any name."""
    data = json.loads(form)
    data.pop("id", None)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def measure_of(form: str) -> str | None:
    """The measure a prediction names, from its canonical form."""
    value = json.loads(form).get("measure")
    return value if isinstance(value, str) else None


def stored_lock(data: dict[str, Any] | None) -> str | None:
    """The overall hash in `plan.locked`, in either of its written forms."""
    plan = data.get("plan") if data else None
    lock = plan.get("locked") if isinstance(plan, dict) else None
    if isinstance(lock, dict) and isinstance(lock.get("sha256"), str):
        return str(lock["sha256"])
    if isinstance(lock, str):
        return lock.removeprefix("sha256:").strip()
    return None


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _get(data: dict[str, Any] | None, *keys: str) -> object:
    value: object = data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def started_on(data: dict[str, Any] | None) -> dt.date | None:
    """`do.started` of a version."""
    return _day(_get(data, "do", "started"))


def do_window(data: dict[str, Any] | None, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """[do.started, do.finished or the planned end or today], as `Cycle.do_window` has it."""
    start = started_on(data)
    if start is None:
        return None
    end = _day(_get(data, "do", "finished")) or _day(_get(data, "plan", "when", "end")) or today
    return start, max(start, end)


# --- measure data ---------------------------------------------------------------------------
# PD704 asks, for each locked prediction, whether rows dated in the Do window were already
# committed when the prediction was. A version's latest day, carried forward, tells at once
# where in the history rows of a given window can first appear, so a cycle whose window
# lies after everything committed before its predictions (the honest case) costs one
# binary search. Rows are mostly appended: a version that starts with the one before it
# is scanned only for what was added, so the cost follows the bytes added, not the size of
# every version; any other version is scanned whole (a regular expression, in C).

# The first cell of a line that starts with a date or a period (`2026-11-03`, `2026-11`,
# `2026-W45`, `2026-Q4`), quoted or not.
_FIRST_CELL = re.compile(rb'^(?:\xef\xbb\xbf)?"?[ \t]*(\d{4}-[0-9WwQq][0-9-]{0,5})\b', re.M)
Span = tuple[dt.date, dt.date]


@functools.lru_cache(maxsize=1 << 16)  # the same few thousand date cells, in every version
def _span(cell: bytes) -> Span | None:
    text = cell.decode("ascii")
    if len(text) == 10:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return day, day
    for period in ("week", "month", "quarter"):
        try:
            start = parse_period(text, period)
        except DayError:
            continue
        return start, next_period(start, period) - dt.timedelta(days=1)
    return None


def spans(raw: bytes) -> list[Span]:
    """The days the rows of a measure CSV stand for (a period's row: all of its days)."""
    # A date is written on many rows and in every later version: each distinct cell once.
    return [s for cell in set(_FIRST_CELL.findall(raw)) if (s := _span(cell))]


def first_in_window(rows: list[Span], window: Span) -> dt.date | None:
    """The earliest day of the window that a row stands for, if any."""
    low, high = window
    inside = [max(start, low) for start, end in rows if start <= high and end >= low]
    return min(inside) if inside else None


@dataclass
class MeasureHistory:
    """The versions of one measure's CSV in topological order, with their latest days."""

    versions: list[tuple[int, str, bytes]] = field(default_factory=list)
    _latest: list[dt.date] = field(default_factory=list)  # each version's latest day
    _reach: list[dt.date] = field(default_factory=list)  # the latest day so far

    def add(self, index: int, commit: str, raw: bytes) -> None:
        """The next version (topological `index`) and its bytes (empty for a deleted file)."""
        before = self.versions[-1][2] if self.versions else b""
        if before.endswith(b"\n") and raw.startswith(before):  # rows added at the end
            added = spans(raw[len(before) :])
            latest = max([self._latest[-1], *(end for _, end in added)])
        else:
            latest = max((end for _, end in spans(raw)), default=dt.date.min)
        self.versions.append((index, commit, raw))
        self._latest.append(latest)
        self._reach.append(max(latest, self._reach[-1]) if self._reach else latest)

    def rows_in(self, window: Span, upto: int) -> Iterator[tuple[str, dt.date]]:
        """(commit, first day) of each version up to `upto` that has rows in the window."""
        # No version before the first whose reach is past the window's start has a row in it.
        position = bisect.bisect_left(self._reach, window[0])
        while position < len(self.versions) and self.versions[position][0] <= upto:
            _, commit, raw = self.versions[position]
            if self._latest[position] >= window[0]:
                day = first_in_window(spans(raw), window)
                if day is not None:
                    yield commit, day
            position += 1
