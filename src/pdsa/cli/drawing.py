"""A second process that loads matplotlib while this one reads the project, for a chart.

`pdsa chart M --out c.svg` spends most of its time loading matplotlib (0.6-0.8 s on a laptop
CPU), which needs nothing from the team's files, while reading the project, the measure and
the cycles and analysing the series needs nothing from matplotlib. With a second CPU the two
overlap: when the command line draws an image, `main` forks before anything heavy is
loaded; the child loads matplotlib and the chart's modules, then waits for one job (the
analysed series, the cycles and the options, pickled through a pipe), draws it and sends
back the image bytes. This process reads, analyses, and writes what it gets back.

The child is only a shortcut: where fork is not offered (not Linux, `PDSA_JOBS=1`, one CPU),
or the child fails in any way (a crash, Ctrl-C, bytes that do not arrive), this process
draws the chart itself, which gives the same bytes. A command that stops before drawing (a
usage error, a broken file) stops the child too. Only a command started through `main` (the
`pdsa` program) has a child: `CliRunner` tests draw in-process.
"""

from __future__ import annotations

import atexit
import gc
import os
import pickle
import signal
from collections.abc import Sequence
from typing import Any

_IMAGE_SUFFIXES = (".svg", ".png")


class _Child:
    def __init__(self, pid: int, jobs: int, replies: int) -> None:
        self.pid, self.jobs, self.replies = pid, jobs, replies


_child: _Child | None = None


def start_if_drawing(args: Sequence[str]) -> None:
    """Fork the drawing process when `args` (after the program name) draw an image."""
    global _child
    from pdsa.parallel import can_fork

    if _child is not None or not draws_image(args) or not can_fork():
        return
    jobs_read, jobs_write = os.pipe()
    replies_read, replies_write = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # out of processes or memory: draw here
        for fd in (jobs_read, jobs_write, replies_read, replies_write):
            os.close(fd)
        return
    if pid == 0:
        os.close(jobs_write)
        os.close(replies_read)
        _serve(jobs_read, replies_write)
    os.close(jobs_read)
    os.close(replies_write)
    _child = _Child(pid, jobs_write, replies_read)
    atexit.register(_stop)


def draw_elsewhere(job: dict[str, Any]) -> bytes | None:
    """The image the drawing process made of `job` (`render`'s keyword arguments); None
    when there is no such process or it did not deliver, and the caller draws it."""
    global _child
    child, _child = _child, None
    if child is None:
        return None
    try:
        with os.fdopen(child.jobs, "wb") as pipe:
            _JobPickler(pipe, protocol=pickle.HIGHEST_PROTOCOL).dump(job)
        with os.fdopen(child.replies, "rb") as pipe:
            image = pipe.read()
    except OSError:  # the child is gone
        image = b""
    except BaseException:  # Ctrl-C: the child, mid-drawing, would finish its C call first
        _end(child.pid)
        raise
    os.waitpid(child.pid, 0)
    return image or None


class Frozen:
    """What the drawing process gets of a pydantic model (a `Measure`, its `Baseline`): the
    values of its fields and properties as plain attributes. Unpickling the model itself
    would load pydantic and the models there, a tenth of a second on the way to the chart;
    drawing only reads attributes."""

    def __init__(self, kind: str, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
        self.kind_of_model = kind

    def __repr__(self) -> str:
        return f"Frozen({self.kind_of_model})"


class _JobPickler(pickle.Pickler):
    """Pickles pdsa's pydantic models as `Frozen` values."""

    def reducer_override(self, obj: Any) -> Any:
        fields = getattr(type(obj), "__pydantic_fields__", None)
        if not isinstance(fields, dict) or isinstance(obj, type):
            return NotImplemented
        values = {name: getattr(obj, name) for name in fields}
        for cls in type(obj).__mro__:
            if cls.__module__.startswith("pdsa."):
                for name, attr in vars(cls).items():
                    if isinstance(attr, property) and name not in values:
                        values[name] = getattr(obj, name)
        return Frozen, (type(obj).__name__, values)


def draws_image(args: Sequence[str]) -> bool:
    """Whether the command line is `pdsa [--root R] [--debug] chart … --out X.svg|X.png|-`."""
    from pdsa.cli._process import command_word

    name, rest = command_word(args)
    if name != "chart":
        return False
    if any(w == "--format" or w.startswith("--format=") for w in rest):
        return False  # the analysed series as CSV: nothing is drawn
    for i, word in enumerate(rest):
        value = None
        if word in ("--out", "-o") and i + 1 < len(rest):
            value = rest[i + 1]
        elif word.startswith("--out="):
            value = word.removeprefix("--out=")
        elif word.startswith("-o") and len(word) > 2:
            value = word[2:]
        if value is not None:
            return value == "-" or value.lower().endswith(_IMAGE_SUFFIXES)
    return False


def _serve(jobs: int, replies: int) -> None:
    """The drawing process: load matplotlib, draw the one job, send the image, leave."""
    # It lives for one chart: collecting cycles among the hundred thousand objects the
    # imports make would only cost time (a full pass is about 50 ms), and it frees nothing.
    gc.disable()
    try:
        from pdsa.render.chart import load_matplotlib, render

        load_matplotlib()
        with os.fdopen(jobs, "rb") as pipe:
            data = pipe.read()
        if data:
            image = render(**pickle.loads(data))  # from our own parent
            with os.fdopen(replies, "wb") as pipe:
                pipe.write(image)
    except BaseException:  # the parent draws the chart and reports any error
        pass
    finally:
        os._exit(0)


def _stop() -> None:
    """At exit, a drawing process that got no job is stopped (it may still be loading)."""
    global _child
    child, _child = _child, None
    if child is None:
        return
    for fd in (child.jobs, child.replies):
        os.close(fd)
    _end(child.pid)


def _end(pid: int) -> None:
    """Stop the drawing process now (SIGTERM: it has no handler for it) and reap it."""
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except OSError:
        pass
