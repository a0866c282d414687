"""JSON of `pdsa check`: the findings, with the counts CI needs."""

from __future__ import annotations

from typing import Any

from pdsa.check import CheckResult
from pdsa.shapes import VERSION


def check_json(report: CheckResult) -> dict[str, Any]:
    """`pdsa check --format json` (documented in docs/ci.md and docs/json.md)."""
    return {
        "version": VERSION,
        "kind": "check",
        "summary": {
            "files": report.files,
            "errors": report.errors,
            "warnings": report.warnings,
            "notices": report.notices,
        },
        "findings": [
            {
                "code": f.code,
                "name": f.name,
                "severity": f.severity,
                "file": str(f.path),
                "line": f.line or None,
                "column": f.column or None,
                "message": f.message,
                "hint": f.hint or None,
            }
            for f in report.findings
        ],
    }
