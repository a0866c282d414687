"""Broken files give file:line:column, a clear message, and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdsa.errors import InvalidDataError
from pdsa.model import Cycle, Project
from pdsa.yamlio.validate import parse_model

DATA = Path(__file__).parent / "data"
GOOD = (DATA / "commented-cycle.yaml").read_text(encoding="utf-8")


def problems(text: str, model: type = Cycle) -> list[str]:
    with pytest.raises(InvalidDataError) as caught:
        parse_model(model, text, Path("c.yaml"))
    return [str(p) for p in caught.value.problems]


def test_good_file_parses() -> None:
    assert parse_model(Cycle, GOOD, Path("c.yaml")).plan.predictions[0].id == "shorter"


def test_bad_yaml_points_at_the_line() -> None:
    text = GOOD.replace("  who: Charge nurse", "  who: [Charge nurse")
    (message,) = problems(text)
    assert message.startswith("c.yaml:26:")
    assert "YAML syntax error" in message and "fix the YAML syntax" in message


def test_unknown_key_suggests_the_nearest() -> None:
    text = GOOD.replace("  observations: []", "  obsrvations: []")
    assert problems(text) == [
        "c.yaml:36:3: unknown key 'obsrvations' in do (did you mean 'observations'?)"
    ]


def test_unknown_key_without_a_near_match_lists_allowed_keys() -> None:
    (message,) = problems(GOOD.replace("  who: Charge", "  zzz: Charge"))
    assert (
        "unknown key 'zzz' in plan" in message
        and "allowed: objective, purpose, questions" in message
    )


def test_wrong_type_names_the_value() -> None:
    (message,) = problems(GOOD.replace("confidence: 0.7", "confidence: high"))
    assert message.startswith("c.yaml:23:19: plan.predictions[0].confidence:")
    assert "'high'" in message


def test_missing_required_field() -> None:
    text = GOOD.replace("      statement: Median handoff time falls below 8 minutes.\n", "")
    assert problems(text) == [
        "c.yaml:19:7: missing required key 'statement' in plan.predictions[0] (add it)"
    ]


def test_several_problems_are_all_reported_in_line_order() -> None:
    text = GOOD.replace("status: plan", "status: planned").replace("  obs", "  xobs")
    found = problems(text)
    assert [m.split(":")[1] for m in found] == ["8", "36"]
    assert "'plan', 'do', 'study', 'act' or 'done'" in found[0]


def test_wrong_expect_shape() -> None:
    (message,) = problems(GOOD.replace("{below: 8}", "{below: 8, above: 2}"))
    assert message.startswith("c.yaml:22:15:") and "exactly one of" in message


@pytest.mark.parametrize(("text", "what"), [("", "empty"), ("- a\n- b\n", "a list")])
def test_file_that_is_not_a_mapping(text: str, what: str) -> None:
    (message,) = problems(text)
    assert message.startswith("c.yaml:1:1: file is") and what in message


def test_duplicate_keys_are_syntax_errors() -> None:
    (message,) = problems(GOOD.replace("owner: 'Dana'", "owner: 'Dana'\nowner: Sam"))
    assert message.startswith("c.yaml:10:1:") and "duplicate" in message.lower()


def test_project_errors_are_positioned_too() -> None:
    text = "name: p\nmeasures:\n  - id: m\n    title: M\n    type: outcom\n    better: lower\n"
    (message,) = problems(text, Project)
    assert message.startswith("c.yaml:5:11: measures[0].type:")


def test_impossible_date_is_positioned_not_a_crash() -> None:
    (message,) = problems(GOOD.replace("created: 2026-11-03", "created: 2026-11-31"))
    assert message.startswith("c.yaml:10:10: '2026-11-31' is not a real date")
    assert "write dates as YYYY-MM-DD" in message


def test_empty_sections_mean_none_yet() -> None:
    text = "schema_version: 1\nid: x\ntitle: t\ncreated: 2026-01-01\nplan:\ndo:\nteam:\n"
    cycle = parse_model(Cycle, text, Path("c.yaml"))
    assert cycle.plan.predictions == [] and cycle.team == [] and cycle.do is None
