"""What every model shares: the strict base class, id patterns, and small text helpers.

No I/O here, and nothing of pdsa but errors and the vocabulary: the CLI's start-up must not
pay for pydantic, so words it offers as choices live in `pdsa.vocab`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

SCHEMA_VERSION: Literal[1] = 1

# Ids become file names and URL fragments: lowercase, digits, hyphens; never a path.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
CYCLE_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
CycleId = Annotated[str, StringConstraints(pattern=CYCLE_ID_PATTERN, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1)]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, fields keep declaration order."""

    # NaN and infinity are never a measurement, a goal or a bound: refused wherever they appear.
    model_config = ConfigDict(
        extra="forbid",
        validate_by_alias=True,
        validate_by_name=False,
        allow_inf_nan=False,
        defer_build=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _empty_means_none(cls, data: Any) -> Any:
        # A key left empty in YAML (`observations:`) is null; for a list or mapping field
        # that means "none yet", not an error.
        if isinstance(data, dict):
            empties = {
                k: factory()
                for k, factory in _collection_keys(cls)
                if k in data and data[k] is None
            }
            if empties:
                data = {**data, **empties}
        return data


@cache
def _collection_keys(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """(YAML key, empty factory) of the fields that have an empty default (lists, sections)."""
    keys = []
    for name, field in model.model_fields.items():
        if field.default_factory is not None:
            keys.append((field.alias or name, field.default_factory))
    return tuple(keys)


# --- helpers used across the package -----------------------------------------------------


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
# Short words that make ids long without making them easier to recognise.
_STOP_WORDS = frozenset(
    ["a", "an", "the", "of", "for", "on", "in", "at", "to", "with", "and", "or", "by", "from"]
)


# Words that leave a phrase hanging when an id is cut after them.
_DANGLING = frozenset(
    {
        "not",
        "no",
        "nor",
        "but",
        "if",
        "then",
        "than",
        "so",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "will",
        "would",
        "can",
        "could",
        "should",
        "who",
        "whom",
        "whose",
        "which",
        "that",
        "this",
        "these",
        "those",
        "whether",
        "when",
        "where",
        "while",
        "because",
        "before",
        "after",
        "into",
        "onto",
        "over",
        "under",
        "very",
        "more",
        "less",
        "each",
        "every",
        "both",
    }
)


def slugify(text: str, max_length: int = 40) -> str:
    """A file-name-safe slug of a title: ascii, lowercase, hyphens, cut at a word boundary."""
    import unicodedata

    # "nurse's card" is one word per word, not nurse-s-card.
    text = re.sub(r"(?<=\w)['’](?=\w)", "", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = _SLUG_STRIP.sub(" ", ascii_text.lower()).split()
    kept = [w for w in words if w not in _STOP_WORDS] or words
    slug = "-".join(kept)
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
        # A cut id should not end on a word that only makes sense with what follows it
        # ("...-cycles-not", "...-whether"): drop such words from the end.
        words = slug.split("-")
        while len(words) > 1 and words[-1] in _DANGLING:
            words.pop()
        slug = "-".join(words)
    return slug.strip("-") or "cycle"
