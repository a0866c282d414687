"""Spread independent work (checking files, drawing charts) over the machine's CPUs.

Forked worker processes on Linux start warm (modules already imported); elsewhere, and for
small jobs where starting workers would cost more than it saves, the work runs in-process.
`PDSA_JOBS=1` forces one process (e.g. on a shared CI runner), `PDSA_JOBS=N` caps it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """How many processes to use."""
    wanted = os.environ.get("PDSA_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return min(os.cpu_count() or 1, 8)


def can_fork() -> bool:
    """Whether work may go to forked processes: on Linux, with two or more workers."""
    return workers() >= 2 and sys.platform.startswith("linux")


def pool_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    min_items: int,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    done: Callable[[R], None] | None = None,
) -> list[R]:
    """`[fn(x) for x in items]`, in worker processes when it pays off; order is kept.

    `done` is called with each result as it is collected, in order (for a progress bar).
    """
    if len(items) < min_items or not can_fork():
        if initializer is not None:
            initializer(*initargs)
        return [_told(fn(item), done) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=min(workers(), len(items)),
        mp_context=context,
        initializer=initializer,
        initargs=initargs,
    ) as pool:
        return [_told(result, done) for result in pool.map(fn, items)]


def _told(result: R, done: Callable[[R], None] | None) -> R:
    if done is not None:
        done(result)
    return result
