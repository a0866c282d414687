"""The YAML layer: byte-identical round trips, minimal edits, and a model round-trip property."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdsa.model import Cycle, Status
from pdsa.yamlio.edit import append_to, set_in, to_node
from pdsa.yamlio.text import Document, Layout, NullText, fast_load, rt_load, scalar_text, to_plain

DATA = Path(__file__).parent / "data"


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed, added) lines between two texts."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_commented_file_round_trips_byte_identical() -> None:
    text = (DATA / "commented-cycle.yaml").read_text(encoding="utf-8")
    assert rt_load(text).dump() == text


def test_null_spelling_survives() -> None:
    text = "a: null\nb: ~\nc:\nd: Null  # why\n"
    doc = rt_load(text)
    assert isinstance(doc.data["a"], NullText) and doc.data["c"] is None
    assert doc.dump() == text
    assert to_plain(doc.data) == {"a": None, "b": None, "c": None, "d": None}


def test_set_in_leaves_equal_values_and_their_quoting_alone() -> None:
    text = "title: 'Quoted'\nn: 8\nwhen: 2026-11-04\n"
    doc = rt_load(text)
    assert not set_in(doc.data, ("title",), "Quoted")
    assert not set_in(doc.data, ("n",), 8)
    assert not set_in(doc.data, ("when",), dt.date(2026, 11, 4))
    assert set_in(doc.data, ("n",), 9)
    assert doc.dump() == "title: 'Quoted'\nn: 9\nwhen: 2026-11-04\n"


def test_set_in_bool_is_not_equal_to_int() -> None:
    doc = rt_load("met: 1\n")
    assert set_in(doc.data, ("met",), True)
    assert doc.dump() == "met: true\n"


def test_new_key_goes_in_model_order_and_empty_section_becomes_mapping() -> None:
    text = "do:\n  observations: [a]   # seen\nstudy:\n"
    doc = rt_load(text)
    set_in(doc.data, ("do", "started"), dt.date(2026, 1, 2), ["started", "observations"])
    set_in(doc.data, ("study", "date"), dt.date(2026, 1, 9))
    assert doc.dump() == (
        "do:\n  started: 2026-01-02\n  observations: [a]   # seen\nstudy:\n  date: 2026-01-09\n"
    )


def test_append_keeps_the_next_sections_comment_in_place() -> None:
    text = (
        "plan:\n"
        "  predictions:\n"
        "    - id: a\n"
        "      statement: x   # eol\n"
        "  # Logistics\n"
        "  who: me\n"
        "\n"
        "# DO\n"
        "do:\n"
        "  observations: []\n"
        "\n"
        "# STUDY\n"
        "study:\n"
    )
    doc = rt_load(text)
    append_to(
        doc.data, ("plan", "predictions"), {"id": "b", "statement": "y", "expect": {"below": 8}}
    )
    append_to(doc.data, ("do", "observations"), "Night shift borrowed the cards.")
    removed, added = changed_lines(text, doc.dump())
    assert removed == ["  observations: []"]
    assert added == [
        "    - id: b",
        "      statement: y",
        "      expect: {below: 8}",
        "  observations:",
        "    - Night shift borrowed the cards.",
    ]
    out = doc.dump()
    assert out.index("expect: {below: 8}") < out.index("# Logistics") < out.index("who: me")
    assert "statement: x   # eol" in out


def test_key_added_after_a_block_scalar_keeps_the_blank_line_and_heading() -> None:
    text = "plan:\n  data: >-\n    ten per\n    shift.\n\n# DO\ndo:\n"
    doc = rt_load(text)
    set_in(doc.data, ("plan", "locked"), "x")
    assert doc.dump() == "plan:\n  data: >-\n    ten per\n    shift.\n  locked: x\n\n# DO\ndo:\n"


@pytest.mark.parametrize("text", ["0\x85", "a\u2028b", "Zeile\u2029zwei"])
def test_yaml_line_break_characters_survive(text: str) -> None:
    doc = rt_load("learning:\n")
    set_in(doc.data, ("learning",), text)
    written = doc.dump()
    assert fast_load(written) == {"learning": text}
    assert rt_load(written).data["learning"] == text


def test_multiline_text_is_written_as_a_block() -> None:
    doc = rt_load("study:\n  learning:\n")
    set_in(doc.data, ("study", "learning"), "The card helps.\nAllergies box is easy to miss.")
    assert doc.dump() == (
        "study:\n  learning: |-\n    The card helps.\n    Allergies box is easy to miss.\n"
    )
    assert to_plain(rt_load(doc.dump()).data)["study"]["learning"].endswith("miss.")


def test_float_spelling_survives_an_edit_elsewhere() -> None:
    text = "a: 7.20\nb: 1.0e+3\nc: 0.1234567890123456789\nd: 1\n"
    doc = rt_load(text)
    assert set_in(doc.data, ("d",), 2)
    assert not set_in(doc.data, ("a",), 7.2)
    assert doc.dump() == text.replace("d: 1", "d: 2")


def test_indentation_is_detected() -> None:
    text = "plan:\n    questions:\n    -   one\n"
    doc = rt_load(text)
    assert doc.dump() == text
    append_to(doc.data, ("plan", "questions"), "two")
    assert doc.dump() == "plan:\n    questions:\n    -   one\n    -   two\n"


# --- property: any valid cycle written and read back is the same model ----------------------

slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")
lines = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\ufeff\r\x85\u2028\u2029"
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")
numbers = st.floats(allow_nan=False, allow_infinity=False, width=32) | st.integers(-(10**6), 10**6)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def expects(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["below", "above", "at_most", "at_least", "between", "equals"]))
    if kind == "between":
        low, high = sorted([draw(numbers), draw(numbers)])
        return {"between": (low, high)}
    return {kind: draw(numbers)}


@st.composite
def cycles(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(slugs, min_size=0, max_size=3, unique=True))
    predictions = [
        {
            "id": pid,
            "statement": draw(lines),
            **({"measure": draw(slugs)} if draw(st.booleans()) else {}),
            **({"expect": draw(expects())} if draw(st.booleans()) else {}),
            **({"confidence": draw(st.floats(0, 1))} if draw(st.booleans()) else {}),
        }
        for pid in ids
    ]
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": draw(slugs),
        "title": draw(texts),
        "status": draw(st.sampled_from([s.value for s in Status])),
        "created": draw(dates),
        "team": draw(st.lists(texts, max_size=2)),
        "plan": {"objective": draw(lines | st.none()), "predictions": predictions},
    }
    if draw(st.booleans()):
        data["do"] = {"started": draw(dates), "observations": draw(st.lists(lines, max_size=2))}
    if draw(st.booleans()) and ids:
        data["study"] = {
            "results": [
                {"prediction": pid, "actual": draw(numbers | lines), "met": draw(st.booleans())}
                for pid in ids
            ],
            "learning": draw(
                st.text(min_size=1, max_size=80).filter(lambda s: s.strip()) | st.none()
            ),
        }
    return data


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(cycles())
def test_any_valid_cycle_written_and_reread_is_the_same_model(data: dict[str, Any]) -> None:
    model = Cycle.model_validate(data)
    text = Document(to_node(model.model_dump(mode="python", by_alias=True)), Layout()).dump()
    assert Cycle.model_validate(fast_load(text)) == model
    reread = rt_load(text)
    assert Cycle.model_validate(to_plain(reread.data)) == model
    assert reread.dump() == text


@given(st.text(max_size=60))
def test_scalar_text_reads_back_as_the_same_string(value: str) -> None:
    assert fast_load(f"k: {scalar_text(value)}\n") == {"k": value}
