"""The study meeting as plain functions: prompts are injected, every answer is saved at once.

`briefing` gathers what the meeting sees first; `session` asks the open questions and saves
each answer as one atomic edit, so a meeting stopped at any point resumes where it stopped.
"""

from pdsa.study.briefing import (
    Briefing,
    MeasureView,
    Suggestion,
    brief,
    implied_met,
    load_data,
    ramp_before,
    suggest,
)
from pdsa.study.session import Missing, Outcome, Prompts, Step, run_study

__all__ = [
    "Briefing",
    "MeasureView",
    "Missing",
    "Outcome",
    "Prompts",
    "Step",
    "Suggestion",
    "brief",
    "implied_met",
    "load_data",
    "ramp_before",
    "run_study",
    "suggest",
]
