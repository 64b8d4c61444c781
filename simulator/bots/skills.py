"""What a trained person knows at the desk: reading cards, finding slots, hearing red flags."""

from __future__ import annotations

from simulator.engine.phrases import RED_FLAG_CUES
from simulator.engine.view import DialogueView, TaskView, View

#: Medicines whose presence in a referral means a clinician must look before anything is booked.
HIGH_ALERT_MEDS = ("warfarin", "apixaban", "rivaroxaban", "dabigatran", "clopidogrel",
                   "heparin", "enoxaparin", "insulin", "methotrexate", "lithium", "digoxin",
                   "amiodarone", "tramadol", "phenelzine", "ticagrelor", "prasugrel")

ROUTE_BY_CALL = {"refill": "nurse", "results": "nurse", "billing": "billing",
                 "insurance": "billing", "records": "records", "general": "office"}


def hears_red_flag(words: str) -> bool:
    """True when a caller's words contain a red-flag cue."""
    low = words.lower()
    return any(cue in low for cue in RED_FLAG_CUES)


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
    type_id = task.request.get("appointment_type")
    return type_id in view.payers.get(rec.record.payer_id, {}).get("preauth", [])


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


def best_reply(dialogue: DialogueView, red_flag: bool = False) -> int:
    """The reply a trained person picks: safe, right for the stage, covering most steps."""
    def score(i: int) -> tuple:
        tags = dialogue.tags[i]
        safe = tags.violation is None
        fits = dialogue.stage in tags.fits
        acts = (red_flag and tags.action in ("call_911", "warm_transfer")) or (
            dialogue.stage == "risk_behaviour" and tags.action in ("silent_alarm", "call_security"))
        return (safe, acts, fits, len(tags.heard) + len(tags.leap), -i)

    return max(range(len(dialogue.choices)), key=score)


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
