"""Fingerprints of a cycle's predictions and plan, so a rewrite after Do started is
detectable.

`pdsa start` stores a `Lock` in `plan.locked`: a hash of all predictions and a short hash
per prediction, which lets `pdsa check` name the prediction that changed, and a short hash
of each plan field (`PLAN_FIELDS`), which lets it name a plan field rewritten after the test
began. Formatting does not count as a change: the hash is over a canonical JSON form with
whitespace in texts collapsed and numbers normalised (8 and 8.0 are the same prediction).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pdsa.model import Lock, Plan, Prediction

SHORT_HASH_LENGTH = 12
# The plan fields that say what the test is: fixed once Do starts. (Tasks are not among them:
# they are ticked off while the test runs.)
PLAN_FIELDS: tuple[str, ...] = ("objective", "purpose", "questions", "who", "where", "when")
PLAN_FIELDS += ("scale", "data_collection")


def _normalise(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if v is not None}
    return value


def canonical(prediction: Prediction) -> str:
    """The canonical JSON text of one prediction, the input to its hash."""
    data = _normalise(prediction.model_dump(mode="json", exclude_none=True))
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def whole_hash(forms: dict[str, str]) -> str:
    """The lock's overall hash of predictions given as id -> canonical form."""
    return _digest("[" + ",".join(forms[pid] for pid in sorted(forms)) + "]")


def lock_predictions(predictions: list[Prediction]) -> Lock:
    """The lock to store when Do starts."""
    forms = {p.id: canonical(p) for p in sorted(predictions, key=lambda p: p.id)}
    return Lock(
        sha256=whole_hash(forms),
        predictions={pid: _digest(form)[:SHORT_HASH_LENGTH] for pid, form in forms.items()},
    )


def lock_plan(plan: Plan) -> dict[str, str]:
    """A short hash of each plan field as it is now (`Lock.plan`)."""
    data = plan.model_dump(mode="json", include=set(PLAN_FIELDS))
    return {
        name: _digest(json.dumps(_normalise(data.get(name)), sort_keys=True))[:SHORT_HASH_LENGTH]
        for name in PLAN_FIELDS
    }


def plan_changes(lock: Lock | str | None, plan: Plan) -> list[str]:
    """The plan fields that differ from what they said when Do started (none when the lock
    holds no plan: a cycle started before pdsa fingerprinted plans)."""
    if not isinstance(lock, Lock) or not lock.plan:
        return []
    now = lock_plan(plan)
    return [name for name, digest in lock.plan.items() if name in now and now[name] != digest]


@dataclass(frozen=True)
class LockDiff:
    """How the current predictions differ from the locked ones."""

    changed: list[str]
    added: list[str]
    removed: list[str]
    unverifiable: bool = False  # a hand-written or legacy lock string: only "differs" is known

    @property
    def ok(self) -> bool:
        """True when the predictions are exactly as locked."""
        return not (self.changed or self.added or self.removed or self.unverifiable)


def compare(lock: Lock | str, predictions: list[Prediction]) -> LockDiff:
    """Compare the stored lock with the predictions as they are now."""
    current = lock_predictions(predictions)
    if isinstance(lock, str):
        # The short `sha256:<hex>` form holds only the overall hash.
        stored = lock.removeprefix("sha256:").strip()
        same = stored == current.sha256
        return LockDiff([], [], [], unverifiable=not same)
    if lock.sha256 == current.sha256:
        return LockDiff([], [], [])
    now, then = current.predictions, lock.predictions
    changed = [pid for pid in now if pid in then and now[pid] != then[pid]]
    added = [pid for pid in now if pid not in then]
    removed = [pid for pid in then if pid not in now]
    if not (changed or added or removed):
        # Per-prediction hashes agree but the overall one does not: the lock itself was edited.
        return LockDiff([], [], [], unverifiable=True)
    return LockDiff(changed, added, removed)
