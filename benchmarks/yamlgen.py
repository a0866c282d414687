"""Helpers shared by the benchmark scripts: YAML written as a team writes it, machine info."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import textwrap
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

# Word pools the generated cycles draw from ({thing}, {helper} are filled in).
QUESTIONS = [
    "Does the handoff get shorter?",
    "Do nurses use the {thing} without reminders?",
    "Do late medication doses rise?",
    "What gets missed at handoff, and how often?",
    "Does the incoming nurse have to ask fewer questions?",
    "Do night nurses find the {thing} as useful as day nurses?",
    "Who interrupts handoffs, and how?",
]
DATA = [
    "Usual weekly audit (20 timed handoffs, SBAR checklist) and the eMAR late-dose report.",
    "{helper} times every handoff with a stopwatch and tallies interruptions.",
    "The charge nurse audits 2 handoffs a shift with the SBAR checklist.",
    "Tally sheet at the station: one mark per interruption, with who or what caused it.",
]

_PLAIN = re.compile(r"[A-Za-z][\w ,.;:'()%/&?!+-]*|[0-9]+ [\w ,.;:'()%/&?!+-]*")


def num(x: float) -> str:
    """8 not 8.0 where the team would write 8."""
    return str(int(x)) if float(x).is_integer() else repr(x)


def sc(value: Any) -> str:
    """A scalar as the team would type it: plain where YAML allows, else single-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return num(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith("'") and text.endswith("'"):  # quoted in the pool already
        return text
    if (
        _PLAIN.fullmatch(text)
        and ": " not in text
        and not text.endswith(":")
        and text.lower() not in ("yes", "no", "on", "off", "true", "false", "null")
    ):
        return text
    return "'" + text.replace("'", "''") + "'"


def hexa(digest: str) -> str:
    """A hex digest, quoted when YAML would read it as a number (`0123`, `8e41`)."""
    return f"'{digest}'" if re.fullmatch(r"[0-9]+(e[0-9]+)?", digest) else digest


def block(key: str, text: str, indent: int, style: str = ">-") -> list[str]:
    """`key: >-` (or `|`) and the text wrapped under it, as the examples are written."""
    pad = " " * indent
    width = 92 - indent
    if style == "|":
        body = [ln for para in text.split("\n") for ln in textwrap.wrap(para, width)]
    else:
        body = textwrap.wrap(text, width)
    return [f"{pad}{key}: {style}"] + [f"{pad}  {ln}" for ln in body]


def seq(key: str, items: list[str], indent: int) -> list[str]:
    """`key:` and a block list (or `key: []`)."""
    pad = " " * indent
    if not items:
        return [f"{pad}{key}: []"]
    return [f"{pad}{key}:"] + [f"{pad}  - {sc(i)}" for i in items]


def machine(*packages: str) -> str:
    """Two lines: the CPU and Python, and the versions of the packages that matter."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def ver(name: str) -> str:
        try:
            return f"{name} {version(name)}"
        except PackageNotFoundError:
            return f"{name} (not installed)"

    return (
        f"machine: {os.cpu_count()} CPUs ({cpu}), {platform.platform()}, "
        f"{platform.python_implementation()} {platform.python_version()}\n"
        f"versions: {', '.join(ver(p) for p in ('pdsa-cli', *packages))}"
    )
