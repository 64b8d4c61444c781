"""Dialogue beats with reply choices, each tagged with what it means for scoring.

A dialogue is a short exchange with one person (an angry patient, a frightened caller, a
threatening visitor). Each beat is what they say; each choice is a reply the trainee can
give. A choice carries the framework steps it shows (CPI stage it fits, HEARD and LEAP
steps), its effect on the person's agitation, and its scoring meaning, so the score can
judge the reply against the person's stage at the moment it was given (DOMAIN.md section 6).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from simulator.dialogue_terms import (
    ChoiceAction,
    CpiStage,
    HeardStep,
    LeapStep,
    Meaning,
    Then,
    Violation,
    stage_for,
)
from simulator.scenarios.types import Slug, Strict, Text

__all__ = ["Beat", "Choice", "ChoiceAction", "CpiStage", "Dialogue", "HeardStep", "LeapStep",
           "Meaning", "Then", "Violation", "stage_for"]


class Choice(Strict):
    """One reply the trainee can give at a beat."""

    text: Text = Field(max_length=300)
    fits: list[CpiStage] = Field(min_length=1,
                                 description="CPI stages at which this reply is right.")
    heard: list[HeardStep] = Field(default_factory=list)
    leap: list[LeapStep] = Field(default_factory=list)
    agitation: int = Field(ge=-60, le=60, description="Change to the person's agitation.")
    meaning: Meaning
    violation: Violation | None = None
    action: ChoiceAction = "none"
    then: Then = "continue"
    next: Slug | None = Field(None, description="Beat id to go to; default is the next beat.")
    why: Text = Field(description="The debrief's explanation of this reply.")

    @model_validator(mode="after")
    def _critical_names_its_violation(self) -> Choice:
        if self.meaning == "critical" and self.violation is None:
            raise ValueError("a critical choice must name its violation "
                             "(e.g. violation: phi_disclosure)")
        return self


class Beat(Strict):
    """What the person says, and the replies on offer."""

    id: Slug
    says: Text = Field(max_length=600)
    stage: CpiStage | None = Field(
        None, description="The CPI stage the person's behaviour shows at this beat (e.g. "
        "risk_behaviour when they move toward the desk). When set it decides the stage; "
        "otherwise the agitation number does.")
    choices: list[Choice] = Field(min_length=2, max_length=5)


class Dialogue(Strict):
    """A reusable exchange, referenced by id from events."""

    id: Slug
    speaker: Text = Field(max_length=120, description="Who is talking, e.g. 'patient'.")
    agitation: int = Field(40, ge=0, le=100, description="Agitation (0-100) at the start.")
    beats: list[Beat] = Field(min_length=1)

    @model_validator(mode="after")
    def _has_best_reply(self) -> Dialogue:
        for beat in self.beats:
            if not any(c.meaning in ("best", "good") for c in beat.choices):
                raise ValueError(f"beat '{beat.id}' offers no good reply; "
                                 "every beat needs at least one 'best' or 'good' choice")
        return self

