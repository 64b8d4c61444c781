"""Debrief texts: for each finding code, what happened, why it matters, the expert move.

Templates are filled by :func:`simulator.scoring.feedback.build_feedback` from the
finding's facts. Every scored rule (an obligation, a misuse, a reply) has one entry.
"""

from __future__ import annotations

from simulator.lifesafety import SAFETY_STEPS

#: code -> (what happened, why it matters, expert move, glossary term ids)
TEXTS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "slow_response": (
        "{title}: {after_words} (target {target} s).",
        "Every minute unanswered raises anxiety and the chance the person gives up; urgent "
        "work left waiting can turn into harm.",
        "Acknowledge at once, even when busy, and work the queue by urgency, not arrival.",
        ("triage", "hold-time")),
    "abandoned": (
        "{title} ended unhelped ({how}).",
        "An abandoned call or a patient who walks out is care that never happened; patients "
        "change practices over it.",
        "Answer ringing lines before routine desk work, keep holds under a minute, and tell "
        "waiting patients how long it will be.",
        ("abandoned-call", "hold-time")),
    "priority_inversion": (
        "{title} waited while lower-priority work was done.",
        "Urgent and emergency work comes first; routine tasks can wait a few minutes.",
        "Scan the queue after every task and take the most urgent item first.",
        ("triage", "workflow-optimization")),
    "identity": (
        "{title}: {identity_words}.",
        "Acting on the wrong person's record is a privacy breach and a safety risk.",
        "Confirm two identifiers, such as full name and date of birth, before opening or "
        "changing a record. A room number or appointment time is never an identifier.",
        ("two-identifiers", "hipaa")),
    "discrepancy_caught": (
        "{title}: the card did not match the record ({planted_words}) and it went through.",
        "A mismatch caught at the desk is a denied claim and a surprise bill avoided.",
        "Compare the card with the record field by field (payer, member ID, dates, date of "
        "birth) and flag the difference before check-in.",
        ("member-id", "eligibility-check", "claim-denial")),
    "false_flag": (
        "{title}: a matching card was flagged as a discrepancy ({flagged}).",
        "False flags hold up patients and billing for nothing.",
        "Flag only a field that really differs; otherwise confirm the match.",
        ("eligibility-check",)),
    "card_checked": (
        "{title} was checked in without comparing the insurance card with the record.",
        "Unchecked coverage is how claims get denied weeks later.",
        "Check the card against the record at every visit, even for regulars.",
        ("eligibility-check", "member-id")),
    "preauth": (
        "{title}: the visit needed pre-authorization and none was requested.",
        "Without the payer's approval the claim is denied and the patient may be billed.",
        "Check the payer's pre-authorization list for the visit type before the visit.",
        ("pre-authorization", "authorization-hold")),
    "referral": (
        "{title}: the plan needs a referral from the patient's PCP for this visit, and nobody "
        "checked that one was on file.",
        "An HMO plan pays for a specialist or new-patient visit only with the PCP's referral; "
        "without it the claim is denied and the patient may get the bill.",
        "Check the payer's referral list for the visit type at check-in. If no referral is "
        "on file, ask the patient to get one from their PCP before the visit.",
        ("referral", "pre-authorization")),
    "needless_referral": (
        "{title}: a PCP referral was asked for a visit the plan does not need one for.",
        "Sending a patient back to their PCP for nothing delays their care and annoys them.",
        "Ask for a referral only when the payer's referral list includes the visit type.",
        ("referral",)),
    "needless_preauth": (
        "{title}: pre-authorization was requested for a visit that did not need it.",
        "Unneeded requests cost time at the desk and at the payer.",
        "Request pre-authorization only when the payer's list includes the service.",
        ("pre-authorization",)),
    "booked": (
        "{title}: {booking_words}; they asked for {wanted_words}.",
        "A wrong visit type or day wastes a slot and brings the patient back.",
        "Repeat the request back, then book the exact type, provider and day asked for.",
        ("no-show", "waitlist")),
    "routed": (
        "{title}: {route_words}.",
        "A message in the wrong queue waits until someone notices.",
        "Clinical questions go to the nurse or clinician, money to billing, charts to records.",
        ("warm-transfer", "scope-of-practice")),
    "conflict_routed": (
        "{title}: a referral listing a high-risk medication {conflict_words}.",
        "A medication conflict missed in a referral can reach the patient as harm.",
        "Route any referral that names a blood thinner or other high-alert drug to a "
        "clinician before anything is booked.",
        ("referral", "medication-conflict")),
    "telehealth_fixed": (
        "{title}: {telehealth_words}.",
        "A telehealth visit that cannot start is a missed visit.",
        "Match the fix to the problem: a fresh link, consent on file, or an in-person visit.",
        ("telehealth",)),
    "visit_moved": (
        "A visit on the absent clinician's list was never moved.",
        "Patients arrive for a clinician who is not there.",
        "Work down the list: move each visit, then tell each patient.",
        ("waitlist", "no-show")),
    "paper_reconciliation": (
        "Paper entry {entry} was {reconcile_words}.",
        "Records left on paper, or typed in wrong, are missing from the chart.",
        "When the EHR returns, enter every paper record, with its original times.",
        ("paper-mode", "downtime-procedure", "ehr")),
    "reply": (
        "{title}: at the {stage_words} stage you said a reply rated {meaning}.",
        "The right words depend on how upset the person is right now.",
        "Anxious: support and listen. Defensive: clear, calm limits and choices. Risk "
        "behavior: safety first. Cover Hear, Empathize, Apologize, Resolve in order.",
        ("de-escalation", "cpi-crisis-development-model", "heard")),
    "agitation_rose": (
        "{title}: {agitation_words}.",
        "Rising agitation ends in complaints, lost patients or danger.",
        "Acknowledge the feeling first, then give one clear next step.",
        ("de-escalation", "leap")),
    "conversation_unresolved": (
        "{title}: {conversation_words}.",
        "An unresolved conflict usually comes back louder.",
        "Aim to resolve: empathize, state what you can do, and hand off if needed.",
        ("de-escalation", "heard")),
    "greeted": (
        "{title} was not greeted within two minutes of walking up.",
        "People who are acknowledged wait calmly; ignored people get upset.",
        "Look up, greet, and give a wait time, even mid-task (AIDET's Acknowledge).",
        ("aidet",)),
    "privacy_decision": (
        "{title}: a {requester} asked for information; {privacy_words}.",
        "Sharing health information with an unauthorized person breaks HIPAA.",
        "Check the authorization on file first; if there is none, decline politely and "
        "explain how the patient can authorize them.",
        ("hipaa", "phi", "minimum-necessary", "release-of-information")),
    "red_flag_routed": (
        "{title}: the caller described {symptom_words}; {red_flag_words}.",
        "These are emergency symptoms: minutes matter, and the desk never triages them down.",
        "Use the script: this may be an emergency, please hang up and call 911 now. If they "
        "cannot, warm-transfer to the duty clinician. Then tell a clinician and log it.",
        ("red-flag", "triage-script", "scope-of-practice")),
    "scope_violation": (
        "{title}: the reply given was {violation_words}.",
        "Medical advice and promises outside the desk's role put patients at risk.",
        "Stay in role: route clinical questions to clinicians and promise only what you "
        "control.",
        ("scope-of-practice",)),
    "emergency_escalated": (
        "{title}: help was {emergency_words} (target {target}s).",
        "In a collapse, every minute without help lowers the chance of survival.",
        "Call the code and 911 at once, then direct responders and move bystanders.",
        ("code-blue",)),
    "ems_called": (
        "{title}: 911 was {emergency_words} (target {target}s).",
        "The code team brings clinicians and the AED, but cannot take the patient to "
        "the hospital: only the ambulance 911 sends can.",
        "Call the code and 911 both, give the address and the entrance, and send someone to "
        "meet the ambulance at the door.",
        ("code-blue",)),
    "bystanders_moved": (
        "{title}: family and onlookers were not moved away.",
        "Responders need room, and frightened relatives need someone to guide them.",
        "Once help is called, calmly move family to a quiet spot and clear a path.",
        ("code-blue",)),
    "alarm_raised": (
        "{title}: the silent alarm was {alarm_words} (target {target}s).",
        "A threat can escalate in seconds; help takes minutes to arrive.",
        "Press the silent alarm first, keep distance and the desk between you, speak calmly.",
        ("silent-alarm", "incident-report")),
    "desk_abandoned": (
        "The desk was left during a threat.",
        "Leaving exposes colleagues and patients and gives up the alarm and phone.",
        "Stay behind the desk, keep distance, and let security come to you.",
        ("silent-alarm",)),
    "estimate": (
        "{title}: a self-pay patient asking for a visit {days_out} business days out was "
        "never given a Good Faith Estimate.",
        "The No Surprises Act requires one; a bill well above it can be disputed.",
        "Tell self-pay patients they can get an estimate and issue it when booking.",
        ("good-faith-estimate", "no-surprises-act", "self-pay")),
    "auth_hold": (
        "{title}: the account was flagged for review and no billing hold was placed "
        "(the article calls it an authorization hold).",
        "Without the hold, new statements go out while billing is still reviewing the balance.",
        "Place a billing hold when the account note asks for one, and tell the patient in "
        "plain words: no new bills until the review is done.",
        ("authorization-hold",)),
    "paper_on_time": (
        "The EHR went down and paper mode did not start within a few minutes.",
        "Without paper, arrivals and bookings are lost or patients wait.",
        "After a short grace period, switch to paper and capture the essentials.",
        ("downtime-procedure", "paper-mode")),
    "it_called": (
        "The EHR went down and nobody called IT.",
        "One person must own contact with IT so the outage gets fixed and tracked.",
        "Call IT as soon as the system goes down, and escalate if it lasts.",
        ("downtime-procedure",)),
    "calls_rerouted": (
        "The power failed and calls were not moved to the office cell phone within five minutes.",
        "Patients calling with urgent needs hear nothing.",
        "Forward the lines to the office cell phone right away.",
        ("downtime-procedure",)),
    "maintenance_called": (
        "The power failed and maintenance was not called.",
        "Someone has to get the power and backup working again.",
        "Call maintenance at once, then switch to paper.",
        ("downtime-procedure",)),
    "copay": (
        "{title}: the copay was never collected.",
        "Copays not taken at the desk become statements, follow-up calls and bad debt.",
        "Collect the copay at check-in, give a receipt, and post the payment.",
        ("copay",)),
    "checked_in": (
        "{title}: the patient was never checked in.",
        "A visit that is not checked in is invisible to the clinic: nobody rooms the "
        "patient.",
        "Finish every check-in: identity, card, pre-authorization, copay, then check in.",
        ("ehr",)),
    "moved": (
        "{title}: the caller wanted to move a visit and it was never moved.",
        "The patient either misses the visit or comes on the wrong day.",
        "Find the visit, offer the next suitable slot, and confirm the new time.",
        ("no-show",)),
    "cancelled": (
        "{title}: the caller asked to cancel and the visit was never cancelled.",
        "The slot stays blocked and the patient is recorded as a no-show.",
        "Cancel the visit, confirm it back, and offer to rebook.",
        ("no-show", "waitlist")),
    "patient_notified": (
        "{title}: a patient whose visit moved was never told.",
        "They travel in for a clinician who is not there.",
        "Call each moved patient with the new time before they set off.",
        ("no-show",)),
    "needless_911_script": (
        "{title}: a caller with no emergency was told to hang up and call 911.",
        "They get no help with what they called for, and emergency lines are tied up.",
        "Keep the 911 script for emergency words; otherwise do what the caller asked.",
        ("triage-script", "red-flag")),
    "false_emergency_call": (
        "{title}: the code team or 911 was called when nobody was in danger.",
        "Clinicians leave patients and an ambulance is sent for nothing.",
        "Call for help when someone is in danger: a collapse, red-flag symptoms, a threat.",
        ("code-blue",)),
    "false_alarm": (
        "The silent alarm was pressed when nobody was threatening anyone.",
        "Police or security come to a calm waiting room; real alarms get slower answers.",
        "Press the alarm for a threat or for someone at the risk-behavior stage.",
        ("silent-alarm",)),
    "needless_security_call": (
        "Security was called when there was no threat.",
        "It takes security away from where they may be needed.",
        "Call security for a threat or for someone who is losing control.",
        ("silent-alarm",)),
    "needless_support_call": (
        "A support team was called for a system that was working.",
        "Support calls without a fault waste their time and yours.",
        "Call IT for the EHR and maintenance for power when they fail.",
        ("downtime-procedure",)),
    "needless_hold": (
        "{title}: the caller was put on hold when nothing else needed the desk.",
        "Holding without a reason only makes the caller wait, and some hang up.",
        "Hold only for a ringing line, an emergency or an earlier caller; ask first.",
        ("hold-time",)),
    "needless_cancel": (
        "{title}: a visit was cancelled that nobody asked to cancel.",
        "The patient loses their care; cancelling is not rescheduling.",
        "Move the visit to another slot or day and tell the patient; cancel only on request.",
        ("no-show", "waitlist")),
    "needless_auth_hold": (
        "{title}: a billing hold was placed on an account that did not need one.",
        "A needless hold stops statements for nothing and delays what the practice is owed.",
        "Place a billing hold only when the account is flagged for review.",
        ("authorization-hold",)),
    "needless_transfer": (
        "{title}: a call the desk handles itself was transferred to {to}.",
        "The caller is passed on and the team receiving it has to send them back.",
        "Book, move or cancel visits yourself; transfer clinical or billing questions.",
        ("warm-transfer",)),
    "long_hold": (
        "{title}: the caller was left on hold for {held_words}.",
        "Past a minute on hold callers hang up, and they remember it.",
        "Keep holds under a minute: come back, apologize, and give a time or take a number.",
        ("hold-time", "abandoned-call")),
    "police_called": (
        "{title}: police (911) were {emergency_words} (target {target}s).",
        "Someone was threatened; a silent alarm brings help only where someone answers it, "
        "and many small practices have no guard.",
        "Call 911 for police as your office's policy says, once you are safe to, and give "
        "the address, the entrance and what the person is doing.",
        ("silent-alarm", "incident-report")),
    "colleague_911": (
        "{title}: 911 was {emergency_words} for a caller at imminent risk (target {target}s).",
        "A caller with a plan and the means at hand can act before any call-back; only 911 "
        "can reach them in time.",
        "Keep them talking and get their location; signal a colleague to call 911 to it, "
        "then warm-transfer to a clinician or the 988 lifeline. Never ask them to hang up.",
        ("red-flag", "warm-transfer")),
}

#: One entry per life-safety step, from its rule (simulator.lifesafety): the what, the
#: why and the expert move are the rule's own words, so they cannot drift apart.
TEXTS.update({
    f"safety_{s.step}": (
        f"{{title}}: {s.label[0].lower() + s.label[1:]}: {{safety_words}} (target {{target}}s).",
        s.why, f"{s.done} Life safety first, then the rest of the desk.", ())
    for s in SAFETY_STEPS})

# The everyday desk's texts live beside these, one entry per finding code.
from simulator.scoring.texts_everyday import EVERYDAY_TEXTS  # noqa: E402

TEXTS.update(EVERYDAY_TEXTS)
