"""PD706: a history rule is silenced only by a setting that was there before the results.

`check: {ignore: [...], warn: [...]}` in pdsa.yaml switches rules off or down. For the
history rules that would let anyone excuse their own late predictions in the very commit
that records the results. So a setting that names a history rule applies to a cycle's
finding only when pdsa.yaml already had it (in `ignore`, or for `warn` in either list) in
the parent of the commit that first recorded that cycle's start or results (HEAD, when
the results are not committed yet), and, with `--base`, at the base as well: a pull
request cannot add the setting that excuses it. Otherwise the finding keeps its severity
and PD706 names the setting. PD706 itself cannot be switched off or down.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pdsa.check.findings import BY_NAME, HISTORY_CODES, Finding
from pdsa.check.history import WORKTREE
from pdsa.check.repo import Blobs
from pdsa.yamlio.text import YamlSyntaxError, fast_load

if TYPE_CHECKING:
    from pdsa.model import Project

KINDS = ("ignore", "warn")


def silence_gate(
    findings: list[Finding],
    results: dict[Path, str],
    project: Project | None,
    shown: Path,
    project_rel: str,
    base: str | None,
    blobs: Blobs,
) -> list[Finding]:
    """Refuse the settings added too late to the findings they would silence; PD706 each."""
    if project is None:
        return []
    entries = [
        (kind, index, code)
        for kind in KINDS
        for index, entry in enumerate(getattr(project.check, kind))
        if (code := BY_NAME.get(entry, entry)) in HISTORY_CODES
    ]
    if not entries:
        return []
    wanted = {path: _before(commit, project_rel) for path, commit in results.items()}
    at_base = f"{base}:{project_rel}" if base is not None else None
    texts = blobs.read([*wanted.values(), *([at_base] if at_base else [])])
    base_settings = _settings(texts[at_base]) if at_base else None
    out: list[Finding] = []
    for finding in findings:
        if finding.code not in HISTORY_CODES or finding.path not in results:
            continue
        before = _settings(texts[wanted[finding.path]])
        for kind, index, code in entries:
            if code != finding.code:
                continue
            earlier = _has(before, kind, code)
            in_base = base_settings is None or _has(base_settings, kind, code)
            if earlier and in_base:
                continue
            finding.refused = finding.refused | {kind}
            out.append(_refusal(finding, kind, index, shown, results[finding.path], earlier, base))
    for f in out:
        f.refused = frozenset(KINDS)
    return out


def _before(commit: str, path: str) -> str:
    # The settings in force when the results were committed: the parent's pdsa.yaml.
    return f"HEAD:{path}" if commit == WORKTREE else f"{commit}^:{path}"


def _settings(raw: bytes | None) -> dict[str, set[str]]:
    if raw is None:
        return {}
    try:
        data: Any = fast_load(raw.decode("utf-8", "replace").removeprefix("\ufeff"))
    except (YamlSyntaxError, ValueError, RecursionError):
        return {}
    check = data.get("check") if isinstance(data, dict) else None
    if not isinstance(check, dict):
        return {}
    found: dict[str, set[str]] = {}
    for kind in KINDS:
        items = check.get(kind)
        if isinstance(items, list):
            found[kind] = {BY_NAME.get(str(i), str(i)) for i in items}
    return found


def _has(settings: dict[str, set[str]], kind: str, code: str) -> bool:
    # Softening a rule that was already off is no excuse: `warn` may stand where `ignore` was.
    kinds = ("ignore",) if kind == "ignore" else KINDS
    return any(code in settings.get(k, set()) for k in kinds)


def _refusal(
    finding: Finding,
    kind: str,
    index: int,
    shown: Path,
    results: str,
    earlier: bool,
    base: str | None,
) -> Finding:
    when = "not committed yet" if results == WORKTREE else f"commit {results[:10]}"
    if earlier and base is not None:
        why = f"is not in pdsa.yaml at the base (commit {base[:10]}): it was added in this change"
    else:
        why = f"was not in pdsa.yaml before the results of {finding.path} were committed ({when})"
    predictions = finding.extra.get("predictions") or "its predictions"
    verb = "silence" if kind == "ignore" else "soften"
    return Finding(
        "PD706",
        f"check.{kind} lists {finding.code}, which {why}, so it does not {verb} "
        f"{finding.code} for {predictions}",
        shown,
        ("check", kind, index),
        hint="a history rule is switched off only by a setting committed before the results",
    )
