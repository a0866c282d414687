"""A progress bar on stderr for work that takes a while (checking thousands of cycles,
drawing a report's charts, importing a big workbook).

It shows only on a terminal, and only once the work has run for about a second: a quick
command prints nothing extra, and stdout (the data) is never touched. The core reports
progress through a plain `(done, total)` callback; this is the callback.
"""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import Any

DELAY = 1.0  # seconds before the bar appears


class ProgressBar:
    """`with ProgressBar("checking") as tell: work(progress=tell)`; `tell(done, total)`."""

    def __init__(self, what: str, *, delay: float = DELAY) -> None:
        self.what = what
        self.delay = delay
        self.enabled = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self.started < self.delay or done >= total:
                return
            self._start(total)
        self._bar.update(self._task, completed=done, total=total)

    def _start(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from pdsa.render.console import err

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err(),
            transient=True,  # gone when done: the command's own output follows
        )
        self._task = self._bar.add_task(self.what, total=total)
        self._bar.start()

    def close(self) -> None:
        """Take the bar away (if it ever showed)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
