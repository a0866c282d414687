"""The models: the documented format loads, expectations judge, schemas are draft-07."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from pdsa.model import Cycle, Expect, Plan, Project, slugify
from pdsa.model.schema import cycle_json_schema, keys_at, project_json_schema
from pdsa.yamlio.text import fast_load

DESIGN = Path(__file__).resolve().parents[2] / "shared" / "DESIGN.md"
DESIGN_EXAMPLE = Path(__file__).parent / "data" / "design-example.yaml"


def _design_example() -> str:
    # The illustrative file from DESIGN.md, kept as a copy so CI (a clean clone) has it.
    if DESIGN.is_file():
        match = re.search(r"```yaml\n(.*?)```", DESIGN.read_text(encoding="utf-8"), re.S)
        assert match is not None
        assert match.group(1) == DESIGN_EXAMPLE.read_text(encoding="utf-8")
    return DESIGN_EXAMPLE.read_text(encoding="utf-8")


def test_design_example_loads_as_written() -> None:
    cycle = Cycle.model_validate(fast_load(_design_example()))
    assert cycle.id == "2026-11-03-sbar-handoff-card"
    assert cycle.plan.predictions[0].expect == Expect(below=8)
    assert cycle.plan.predictions[0].confidence == 0.7
    assert cycle.do is not None and cycle.do.deviations == ["Only 7 handoffs timed on Friday."]
    assert cycle.study is not None and cycle.study.results[0].met is True
    assert cycle.act is not None and cycle.act.next == "2026-11-10-sbar-card-nights"


@pytest.mark.parametrize(
    ("expect", "actual", "met"),
    [
        ({"below": 8}, 7.9, True),
        ({"below": 8}, 8, False),
        ({"above": 8}, 8.1, True),
        ({"above": 8}, 8, False),
        ({"at_most": 8}, 8, True),
        ({"at_most": 8}, 8.01, False),
        ({"at_least": 8}, 8, True),
        ({"at_least": 8}, 7.99, False),
        ({"between": [2, 4]}, 2, True),
        ({"between": [2, 4]}, 4, True),
        ({"between": [2, 4]}, 4.5, False),
        ({"equals": 0.3}, 0.1 + 0.2, True),
        ({"equals": 3}, 3.1, False),
    ],
)
def test_expectation_judges_actuals(expect: dict[str, object], actual: float, met: bool) -> None:
    assert Expect.model_validate(expect).judge(actual) is met


@pytest.mark.parametrize("data", [{}, {"below": 1, "above": 0}, {"between": [4, 2]}])
def test_expect_needs_exactly_one_sane_bound(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Expect.model_validate(data)


def test_expect_describes_itself() -> None:
    assert Expect(below=8).describe() == "< 8"
    assert Expect(between=(2.5, 4)).describe() == "between 2.5 and 4"


def test_prediction_ids_are_unique_and_confidence_bounded() -> None:
    twice = {"predictions": [{"id": "a", "statement": "x"}, {"id": "a", "statement": "y"}]}
    with pytest.raises(ValidationError, match="used twice"):
        Plan.model_validate(twice)
    with pytest.raises(ValidationError, match="less than or equal to 1"):
        Plan.model_validate({"predictions": [{"id": "a", "statement": "x", "confidence": 70}]})


def test_unknown_keys_are_errors_everywhere() -> None:
    with pytest.raises(ValidationError, match="obsrvations"):
        Cycle.model_validate(
            {"id": "x", "title": "t", "created": "2026-01-01", "do": {"obsrvations": []}}
        )


def test_empty_list_keys_mean_none_yet() -> None:
    cycle = Cycle.model_validate(
        {
            "id": "x",
            "title": "t",
            "created": "2026-01-01",
            "team": None,
            "plan": {"questions": None, "predictions": None},
            "do": {"observations": None},
        }
    )
    assert cycle.team == [] and cycle.plan.predictions == []
    assert cycle.do is not None and cycle.do.observations == []


def test_project_ids_are_unique() -> None:
    with pytest.raises(ValidationError, match="measure id 'm' is used twice"):
        Project.model_validate(
            {
                "name": "p",
                "measures": [
                    {"id": "m", "title": "a", "type": "outcome", "better": "lower"},
                    {"id": "m", "title": "b", "type": "process", "better": "higher"},
                ],
            }
        )


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Try an SBAR card for day-shift handoffs on Ward 4",
            "try-sbar-card-day-shift-handoffs-ward-4",
        ),
        ("Café au lait: Ünïcode!", "cafe-au-lait-unicode"),
        ("The", "the"),
        ("???", "cycle"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_keys_at_walks_nested_models() -> None:
    assert keys_at(Cycle, ("plan", "predictions", 0))[:2] == ["id", "statement"]
    assert keys_at(Cycle, ("nope",)) == []


@pytest.mark.parametrize("schema", [cycle_json_schema(), project_json_schema()])
def test_schemas_are_draft7(schema: dict[str, object]) -> None:
    text = json.dumps(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in text and "prefixItems" not in text
    assert '"additionalProperties": false' in text


def test_cycle_schema_accepts_what_the_model_accepts() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft7Validator(cycle_json_schema())
    data = json.loads(json.dumps(fast_load(_design_example()), default=str))
    assert list(validator.iter_errors(data)) == []
    data["plan"]["predictions"][0]["colour"] = "red"
    data["do"]["observations"] = None  # left empty in YAML: allowed
    errors = list(validator.iter_errors(data))
    assert len(errors) == 1 and "colour" in errors[0].message


def test_every_model_name_is_found_where_it_lives() -> None:
    """`pdsa.model` loads its names on first use: each one it lists is found, from the module
    that defines it, and the light ones come without pydantic."""
    import subprocess
    import sys

    import pdsa.model
    from pdsa.model import _HOME  # type: ignore[attr-defined]

    assert set(_HOME) == set(pdsa.model.__all__)
    for name in pdsa.model.__all__:
        assert getattr(pdsa.model, name) is not None
    code = (
        "import sys\nfrom pdsa.model import Point, fmt_number, SignalRules, Status\n"
        "print('pydantic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        _ = pdsa.model.Nothing  # type: ignore[attr-defined]
