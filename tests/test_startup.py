"""Start-up stays light: the CLI module must not import the heavy parts."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("matplotlib", "ruamel", "pydantic", "pdsa.model", "pdsa.store", "rich")


def test_importing_the_cli_loads_nothing_heavy() -> None:
    code = (
        "import sys, pdsa.cli\n"
        f"heavy = {HEAVY!r}\n"
        "print(' '.join(sorted({h for h in heavy for m in sys.modules "
        "if m == h or m.startswith(h + '.')})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_help_does_not_load_the_core() -> None:
    code = (
        "import sys\nfrom pdsa.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('matplotlib', 'ruamel.yaml', 'pdsa.model') if m in sys.modules]\n"
        "print(' '.join(loaded), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage" in done.stdout
    assert done.stderr.strip() == ""
