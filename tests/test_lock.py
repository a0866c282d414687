"""Prediction locks: formatting is not a change; a rewrite names the prediction."""

from __future__ import annotations

from pdsa.fingerprint import compare, lock_predictions
from pdsa.model import Prediction


def preds(*items: dict[str, object]) -> list[Prediction]:
    return [Prediction.model_validate(i) for i in items]


SHORTER = {"id": "shorter", "statement": "Median falls below 8.", "expect": {"below": 8}}
SAFE = {"id": "safe", "statement": "No missed allergies."}


def test_same_predictions_in_any_order_and_format_match() -> None:
    lock = lock_predictions(preds(SHORTER, SAFE))
    reformatted = {**SHORTER, "statement": "Median  falls\nbelow 8.", "expect": {"below": 8.0}}
    assert compare(lock, preds(SAFE, reformatted)).ok


def test_changed_added_removed_are_named() -> None:
    lock = lock_predictions(preds(SHORTER, SAFE))
    diff = compare(
        lock, preds({**SHORTER, "expect": {"below": 9}}, {"id": "new", "statement": "x"})
    )
    assert (diff.changed, diff.added, diff.removed) == (["shorter"], ["new"], ["safe"])
    assert not diff.ok


def test_confidence_change_counts() -> None:
    lock = lock_predictions(preds(SHORTER))
    assert compare(lock, preds({**SHORTER, "confidence": 0.9})).changed == ["shorter"]


def test_short_string_form_compares_the_whole_hash() -> None:
    lock = lock_predictions(preds(SHORTER))
    assert compare(f"sha256:{lock.sha256}", preds(SHORTER)).ok
    diff = compare("sha256:…", preds(SHORTER))
    assert diff.unverifiable and not diff.ok


def test_tampered_overall_hash_is_detected() -> None:
    lock = lock_predictions(preds(SHORTER)).model_copy(update={"sha256": "0" * 64})
    diff = compare(lock, preds(SHORTER))
    assert diff.unverifiable and not diff.ok
