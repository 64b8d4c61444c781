"""What a trained person knows at the desk: reading cards, finding slots, hearing red flags."""

from __future__ import annotations

import re
from typing import Any

from simulator.engine.phrases import RED_FLAG_CUES
from simulator.engine.view import DialogueView, TaskView, View
from simulator.protocol import CALL_ROUTES
from simulator.protocol import needs_preauth as needs_preauth_for
from simulator.protocol import needs_referral as needs_referral_for

#: Medicines whose presence in a referral means a clinician must look before anything is booked.
HIGH_ALERT_MEDS = ("warfarin", "apixaban", "rivaroxaban", "dabigatran", "clopidogrel",
                   "heparin", "enoxaparin", "insulin", "methotrexate", "lithium", "digoxin",
                   "amiodarone", "tramadol", "phenelzine", "ticagrelor", "prasugrel")

#: Call purposes the desk hands to a team (the rest are desk work: book, move, cancel).
ROUTE_BY_CALL = {kind: to for kind, to in CALL_ROUTES.items()
                 if to not in ("schedule", "reschedule", "cancel")}


#: Any red-flag cue, as one pattern (a single pass over the words instead of one per cue).
_RED_FLAG = re.compile("|".join(re.escape(cue) for cue in RED_FLAG_CUES))


def hears_red_flag(words: str) -> bool:
    """True when a caller's words contain a red-flag cue."""
    return _RED_FLAG.search(words.lower()) is not None


#: Words that tell a trained ear the caller is thinking of ending their life: such a
#: caller is kept on the line, never asked to hang up (simulator.lifesafety).
SUICIDAL_CUES = ("won't be around", "end it all", "end my life", "kill myself",
                 "not be here anymore", "no reason to go on")
#: Words that tell the risk is imminent: a plan and the means at hand.
IMMINENT_CUES = ("pills out", "tonight", "in the garage", "after today", "gun")


def hears_suicidal(words: str) -> bool:
    """True when the caller's words suggest suicidal intent."""
    low = words.lower()
    return any(cue in low for cue in SUICIDAL_CUES)


def hears_imminent_risk(words: str) -> bool:
    """True when a suicidal caller's words show a plan and means at hand."""
    low = words.lower()
    return hears_suicidal(words) and any(cue in low for cue in IMMINENT_CUES)


def card_mismatch(task: TaskView) -> str | None:
    """Compare the card with the record; return the first differing field, or None."""
    rec = task.record
    card = task.card
    if rec is None or rec.record is None or card is None:
        return None
    if task.card_dob and task.card_dob != rec.dob:
        return "dob"
    if card.payer_id != rec.record.payer_id:
        return "payer"
    if card.member_id != rec.record.member_id:
        return "member_id"
    if card.valid_to != rec.record.valid_to or card.valid_from != rec.record.valid_from:
        return "expiry"
    return None


def needs_preauth(view: View, task: TaskView) -> bool:
    """True when the visit type is on the payer's pre-authorization list."""
    rec = task.record
    if rec is None or rec.record is None:
        return False
    return needs_preauth_for(view.payers.get(rec.record.payer_id, {}).get("preauth", []),
                             task.request.get("appointment_type"))


def needs_referral(view: View, task: TaskView) -> bool:
    """True when the visit type is on the payer's PCP-referral list."""
    rec = task.record
    if rec is None or rec.record is None:
        return False
    return needs_referral_for(view.payers.get(rec.record.payer_id, {}).get("referral", []),
                              task.request.get("appointment_type"))


def providers_for(view: View, type_id: str, prefer: str | None = None) -> list[str]:
    """Providers who see ``type_id`` and are in today, the preferred one first."""
    ids = [p.id for p in view.providers
           if type_id in p.type_ids and p.id not in view.out_providers]
    if prefer in ids:
        ids.remove(prefer)
        ids.insert(0, prefer)
    return ids


def open_slot(view: View, type_id: str, providers: list[str],
              lead: int = 300) -> tuple[str, str] | None:
    """The earliest open slot today that fits the visit: (provider id, slot id)."""
    need = view.appointment_types[type_id]["minutes"]
    best = None
    for slot in view.slots:
        if (slot.provider_id in providers and not slot.booked and slot.minutes >= need
                and slot.start >= view.now + lead):
            key = (slot.start, providers.index(slot.provider_id), slot.id)
            if best is None or key < best[0]:
                best = (key, slot.provider_id, slot.id)
    return (best[1], best[2]) if best else None


class ReplyBook:
    """What a trained person learned about each reply in the clinic's dialogues.

    The view shows only words. The expert is the project's model answer: before a shift it
    studies the scenario's dialogues as their author rated them (the way a trainee who
    has worked through the debriefs would know them), then recognises each reply by its
    words. Policies that only see the view have no such book.
    """

    def __init__(self, dialogues: dict[str, dict[str, Any]] | None = None):
        self._known: dict[tuple[str, str], dict[str, Any]] = {}
        for dialogue in (dialogues or {}).values():
            for beat in dialogue.get("beats", []):
                for choice in beat.get("choices", []):
                    self._known[(beat["says"], choice["text"])] = choice

    def rating(self, dialogue: DialogueView, i: int) -> dict[str, Any]:
        """The studied facts about reply ``i`` as shown (empty when never studied)."""
        return self._known.get((dialogue.says, dialogue.choices[i]), {})

    def best(self, dialogue: DialogueView, red_flag: bool = False) -> int:
        """The reply a trained person picks: safe, right for the stage, covering most steps."""
        def score(i: int) -> tuple[Any, ...]:
            ch = self.rating(dialogue, i)
            action = ch.get("action", "none")
            safe = ch.get("violation") is None and bool(ch)
            fits = dialogue.stage in ch.get("fits", ())
            acts = (red_flag and action in ("call_911", "warm_transfer")) or (
                dialogue.stage == "risk_behaviour" and action in ("silent_alarm",
                                                                  "call_security"))
            steps = len(ch.get("heard", ())) + len(ch.get("leap", ()))
            return (safe, acts, fits, MEANING_RANK.get(ch.get("meaning", ""), 0), steps, -i)

        return max(range(len(dialogue.choices)), key=score)

    def unfitting(self, dialogue: DialogueView) -> list[int]:
        """Replies that do not suit the person's stage right now."""
        return [i for i in range(len(dialogue.choices))
                if dialogue.stage not in self.rating(dialogue, i).get("fits", ())]

    def offers(self, dialogue: DialogueView, actions: tuple[str, ...]) -> bool:
        """True when one of the replies sets one of ``actions`` in motion."""
        return any(self.rating(dialogue, i).get("action") in actions
                   for i in range(len(dialogue.choices)))


MEANING_RANK = {"best": 4, "good": 3, "weak": 2, "harmful": 1, "critical": 0}

#: What callers say, and what it means they want: the desk's own reference card. Checked in
#: order, so the specific ("cancel", "bill") comes before the general ("appointment").
PURPOSE_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cancel", ("cancel", "take me off the book", "won't make it")),
    ("reschedule", ("move my visit", "push my appointment", "different day", "reschedule")),
    ("refill", ("refill", "almost out of my", "ran out of")),
    ("results", ("results", "x-ray", "lab ")),
    ("billing", ("bill", "payment plan", "statement", "eob")),
    ("insurance", ("do you take", "authorization from my plan")),
    ("scheduling", ("book", "schedule", "appointment", "need a", "get in with", "due for my",
                    "put me with")),
    ("insurance", ("insurance",)),
    ("records", ("records", "my chart", "immunization record")),
)

#: Telehealth trouble, by what the patient says: the fix each needs.
TELEHEALTH_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("convert_in_person", ("out of state", "travel", "visiting my")),
    ("record_consent", ("agreed", "consent", "agree to")),
    ("resend_link", ("link", "spins", "connect", "video")),
)


def _first_match(words: str, cues: tuple[tuple[str, tuple[str, ...]], ...],
                 default: str) -> str:
    low = words.lower()
    return next((what for what, keys in cues if any(k in low for k in keys)), default)


def call_purpose(words: str) -> str:
    """What a caller wants, judged from their words (a call type such as "refill")."""
    return _first_match(words, PURPOSE_CUES, "general")


def telehealth_fix(words: str) -> str:
    """The fix a telehealth problem needs, judged from what the patient says."""
    return _first_match(words, TELEHEALTH_CUES, "resend_link")


def referral_route(task: TaskView) -> str:
    """Where an inbox item goes, judged from its words."""
    words = task.words.lower()
    item = task.request.get("item", "")
    meds = " ".join(task.request.get("medications", [])).lower() + " " + words
    if item == "referral":
        return "clinician" if any(m in meds for m in HIGH_ALERT_MEDS) else "scheduling"
    if item == "lab_result":
        return "clinician"
    if item == "fax":
        return "records" if "records" in words or "law office" in words else "clinician"
    if "charged" in words or "bill" in words or "pay" in words:
        return "billing"
    if "side effect" in words or "pills" in words or "symptom" in words:
        return "clinician"
    return "scheduling"
