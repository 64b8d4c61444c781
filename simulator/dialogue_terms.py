"""The words a dialogue is scored in: CPI stages, HEARD and LEAP steps, meanings, violations.

Scenario files write them (:mod:`simulator.scenarios.dialogue` validates the dialogues), the
engine records them in its outcomes and scoring reads them back. They live here, apart from
the scenario schema, so a replay or a verification imports the vocabulary without the whole
scenario loader (DOMAIN.md section 6).
"""

from __future__ import annotations

from typing import Literal

CpiStage = Literal["anxiety", "defensive", "risk_behaviour", "tension_reduction"]
HeardStep = Literal["hear", "empathize", "apologize", "resolve", "diagnose"]
LeapStep = Literal["listen", "empathize", "agree", "partner"]
Meaning = Literal["best", "good", "weak", "harmful", "critical"]
Violation = Literal[
    "phi_disclosure", "unkeepable_promise", "arguing", "blaming", "medical_advice",
    "ignored_safety", "left_desk", "downgraded_red_flag", "unqualified_interpreter",
]
#: What a reply does besides talking; the engine carries it out.
ChoiceAction = Literal[
    "none", "silent_alarm", "call_security", "call_billing", "call_911", "warm_transfer",
    "offer_estimate", "offer_reschedule", "give_wait_time", "call_police",
]
#: How a reply ends the conversation. ``asked_to_leave`` is a correct ending when
#: de-escalation has failed despite good technique (DOMAIN.md section 1, item 6).
Then = Literal["continue", "resolved", "escalated", "left", "asked_to_leave"]


def stage_for(agitation: int, falling: bool) -> CpiStage:
    """Return the CPI crisis-development stage for an agitation level.

    Args:
        agitation: 0 (calm) to 100 (out of control).
        falling: True once agitation has come down from its peak.

    Returns:
        The stage: anxiety below 40, defensive below 70, risk behaviour from 70, and
        tension reduction when it is falling and back under 40.

    """
    if agitation >= 70:
        return "risk_behaviour"
    if agitation >= 40:
        return "defensive"
    return "tension_reduction" if falling else "anxiety"
