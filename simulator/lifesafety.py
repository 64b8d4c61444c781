"""Life safety at the desk: the steps a crisis owes besides the calls (DOMAIN.md 1 and 3).

A power outage, a collapse and a threat each owe a few concrete steps (check the elevator,
send for the AED, warn and escort the person threatened); a suicidal caller is kept on the
line. Part of the desk's protocol (:mod:`simulator.protocol` imports it): the engine, the
bots, the desk and scoring read these rules from here and nowhere else.

Pure data and small functions: no pygame, no clock, no randomness.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

SafetyStepName = Literal["check_elevator", "check_rooms", "shut_fridge", "report_smell",
                         "tell_manager", "bring_aed", "meet_ems", "escort_patient"]


@dataclass(frozen=True, slots=True)
class SafetyStep:
    """One life-safety step a crisis owes, besides the calls.

    Attributes:
        step: Stable id (the command's ``step`` and the obligation code's suffix).
        kind: The task kind it belongs to.
        label: The desk's button.
        done: What the debrief and the moment line say once it is done.
        why: Why it matters (the debrief).
        within: Seconds from the crisis's start by which it is due (done later earns
            half the points, rounded up: late is still far better than never).
        points: Points at stake.
        when: The event or request flag that must be true for it to be owed (None: always).
        after_911: Only possible once 911 has been called (meeting EMS needs EMS coming).
    """

    step: SafetyStepName
    kind: str
    label: str
    done: str
    why: str
    within: int
    points: int
    when: str | None = None
    after_911: bool = False


#: Every life-safety step, in the order a trainer would check them.
SAFETY_STEPS: Final[tuple[SafetyStep, ...]] = (
    SafetyStep("report_smell", "power_outage", "Report the burning smell",
               "The burning smell is reported to maintenance and, if it grows, 911.",
               "A burning or exhaust smell after a power outage can be an electrical fire. The "
               "desk does not judge it safe; it reports it at once and says what it knows.",
               120, 4, when="burning_smell"),
    SafetyStep("check_elevator", "power_outage", "Check the elevator",
               "Someone checked the stopped elevator for anyone trapped.",
               "An elevator stops between floors when the power goes; someone inside may be "
               "trapped in the dark and frightened, or unwell.",
               300, 3, when="elevator"),
    SafetyStep("check_rooms", "power_outage", "Check rooms and powered devices",
               "Clinical staff checked rooms mid-procedure and patients on powered devices.",
               "A patient mid-procedure or on oxygen or a pump may be in danger when the "
               "power fails; clinical staff need to know at once.",
               300, 3),
    SafetyStep("shut_fridge", "power_outage", "Vaccine fridge: keep shut, log temperature",
               "The vaccine fridge stays shut and its temperature is logged.",
               "Vaccines spoil when warm; a shut fridge holds its cold for hours, and the "
               "logged temperature decides later whether the doses can still be used.",
               900, 2, when="vaccine_fridge"),
    SafetyStep("tell_manager", "power_outage", "Tell the manager (evacuation is their call)",
               "The practice manager knows and decides about evacuation.",
               "Whether to evacuate or close is the manager's decision, made with "
               "maintenance's report; the desk informs and does not decide alone.",
               300, 2),
    SafetyStep("bring_aed", "medical_emergency", "Send for the AED and emergency kit",
               "The AED and emergency kit are on their way to the patient.",
               "In a cardiac arrest every minute without a shock lowers survival; the AED "
               "should reach the patient within about three minutes.",
               180, 4, when="collapse"),
    SafetyStep("meet_ems", "medical_emergency", "Send someone to meet EMS at the door",
               "Someone is waiting at the entrance to bring EMS straight in.",
               "Paramedics lose minutes finding the right entrance and room; a person at the "
               "door brings them straight to the patient.",
               420, 2, when="collapse", after_911=True),
    SafetyStep("escort_patient", "threat", "Warn and escort the patient privately",
               "The threatened patient was warned quietly and taken to a safe room.",
               "The person threatened must not be left in view of the one threatening them; "
               "a quiet word and an escort to a private room protect them without "
               "provoking the other.",
               180, 4, when="threatens_patient"),
)


#: The task kinds that have life-safety steps.
SAFETY_KINDS: Final = frozenset(s.kind for s in SAFETY_STEPS)


def safety_steps(kind: str, facts: dict[str, Any]) -> tuple[SafetyStep, ...]:
    """The life-safety steps a task of ``kind`` owes, given its event's facts.

    Args:
        kind: The task kind (power_outage, medical_emergency, threat).
        facts: The event's detail (outages) or the task's request (emergencies, threats).
    """
    return tuple(s for s in SAFETY_STEPS
                 if s.kind == kind and (s.when is None or facts.get(s.when)))


def safety_step(step: str) -> SafetyStep:
    """The rule for one step id."""
    return next(s for s in SAFETY_STEPS if s.step == step)


#: Red flags where the caller must not be asked to hang up: keep them on the line, get
#: their location, warm-transfer to a clinician or the 988 lifeline, and have a colleague
#: call 911 if the risk is imminent (DOMAIN.md section 3).
STAY_ON_LINE_FLAGS: Final = frozenset({"suicidal_intent"})


def stays_on_line(truth: dict[str, Any]) -> bool:
    """True for a red-flag caller who must be kept on the line (never 'hang up and call')."""
    return truth.get("red_flag") in STAY_ON_LINE_FLAGS


#: Police are called within this many seconds of a threat aimed at someone.
POLICE_WITHIN: Final = 180


def police_owed(request: dict[str, Any]) -> bool:
    """True when a threat calls for police (911): a patient is threatened or a weapon shown."""
    return bool(request.get("threatens_patient")) or request.get("behaviour") == "weapon_shown"
