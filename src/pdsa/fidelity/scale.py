"""Small-scale testing that grows along the ramp: the criterion, and reading a test's size
from the words of its `scale:`.

The words are all pdsa has: numbers multiply (`2 nurses, 5 shifts` is 10), and a word that
takes in the whole unit (whole, all, every, entire) makes a test wide. A ramp that spreads a
change already adopted need not start small: that is what spreading is.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

from pdsa.fidelity.criteria import Criterion, Verdict, listed, studied_on
from pdsa.model import Cycle, Decision
from pdsa.story import day_text
from pdsa.tree import Ramp

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            *("zero", "one", "two", "three", "four", "five", "six"),
            *("seven", "eight", "nine", "ten", "eleven", "twelve"),
        ]
    )
}
# Words that make a test wide rather than small: the whole unit, everyone, every shift.
_WIDE = re.compile(
    r"\b(whole|all|every|everyone|everybody|entire|each|ward-wide|unit-wide|hospital-wide|"
    r"organisation-wide|organization-wide)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?|[a-z]+", re.IGNORECASE)


def scale_size(text: str) -> float:
    """A rough size of a test from its written scale: the numbers in it multiplied (`2
    nurses, 5 shifts` is 10), times 100 when a word like whole, all or every widens it."""
    numbers = []
    for token in _NUMBER.findall(text):
        if token[0].isdigit():
            numbers.append(float(token))
        elif token.lower() in _NUMBER_WORDS:
            numbers.append(float(_NUMBER_WORDS[token.lower()]))
    size = math.prod(max(n, 1.0) for n in numbers)
    return size * 100 if _WIDE.search(text) else size


def is_small(text: str) -> bool:
    """Whether a written scale is a small test: nothing in it covers the whole unit."""
    return _WIDE.search(text) is None


def adopted_before(ramps: Sequence[Ramp], first: Cycle) -> dt.date | None:
    """The day this ramp's change idea was adopted, when that was before `first` started:
    the ramp then spreads an adopted change."""
    start = first.started or first.created
    days = [
        day
        for r in ramps
        for c in r.cycles
        if c.decision in (Decision.ADOPT, Decision.SPREAD) and (day := studied_on(c))
    ]
    earlier = [d for d in days if d <= start]
    return min(earlier) if earlier else None


def small_scale(tested: Sequence[Cycle], adopted: dt.date | None) -> Verdict:
    """Every test says its scale; the first is small (unless the ramp spreads an adopted
    change) and the scale grows along the ramp."""
    unsaid = [c.id for c in tested if not (c.plan.scale or "").strip()]
    if unsaid:
        return Verdict(
            Criterion.SMALL_SCALE,
            False,
            listed([f"{i} does not say its scale" for i in unsaid]),
            f"write how small the test is (people, shifts, days): pdsa plan {unsaid[0]} --scale",
        )
    scales = [(c, (c.plan.scale or "").strip()) for c in tested]
    first = scales[0][1]
    if not is_small(first):
        if adopted is not None:
            return Verdict(
                Criterion.SMALL_SCALE,
                True,
                f"spreads a change adopted on {day_text(adopted)}, so it need not start small "
                f"('{first}')",
            )
        return Verdict(
            Criterion.SMALL_SCALE,
            False,
            f"the first test ran at '{first}' ({tested[0].id})",
            "start with one person, one shift or a few patients; grow as confidence grows",
        )
    if len(scales) == 1:
        return Verdict(Criterion.SMALL_SCALE, True, f"one small test so far ('{first}')")
    sizes = [scale_size(s) for _, s in scales]
    if max(sizes[1:]) <= sizes[0]:
        return Verdict(
            Criterion.SMALL_SCALE,
            False,
            f"every test ran at the scale of the first ('{first}'): the ramp does not grow",
            "when a test goes well, test at a larger scale: more people, shifts or places",
        )
    largest = scales[max(range(len(sizes)), key=lambda i: (sizes[i], -i))][1]
    return Verdict(
        Criterion.SMALL_SCALE, True, f"started small ('{first}') and grew to '{largest}'"
    )
