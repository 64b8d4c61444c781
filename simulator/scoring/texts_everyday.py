"""Debrief texts for the everyday desk's findings (merged into :data:`texts.TEXTS`).

Form findings carry ``form_words``: which fields were wrong and their right values, so the
expert move is always concrete.
"""

from __future__ import annotations

#: code -> (what happened, why it matters, expert move, glossary term ids)
EVERYDAY_TEXTS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "registration_entered": (
        "{title}: {form_words}.",
        "A wrong address, phone or member ID becomes a returned statement, a denied claim or "
        "a patient nobody can reach.",
        "Copy the intake sheet and the card field by field, and when the patient says "
        "something changed, change it in the record before the visit.",
        ("member-id", "subscriber")),
    "registration_signed": (
        "{title}: {form_words}.",
        "Without the privacy notice acknowledgment, consent and financial policy on file, "
        "the practice cannot show the patient agreed to treatment and billing.",
        "Scan the photo ID and both sides of the card, and have every intake form signed "
        "before the patient goes back.",
        ("npp", "hipaa")),
    "eligibility_checked": (
        "{title}: coverage was not checked on the payer portal before the visit.",
        "An inactive plan or a deductible nobody knew about becomes a surprise bill and a "
        "denied claim weeks later.",
        "Run the eligibility check for a new patient or a new card before taking payment, "
        "and read copay, deductible met and coinsurance off the answer.",
        ("eligibility-check", "deductible", "coinsurance")),
    "eligibility_before": (
        "{title}: {patient_name}'s coverage was not checked before they arrived.",
        "The worklist exists so problems are found the day before, while there is still "
        "time to call the patient.",
        "Work the eligibility worklist as soon as it arrives, oldest visit first.",
        ("eligibility-check",)),
    "payment_collected": (
        "{title}: {form_words}.",
        "Money not collected at the desk is mostly never collected; money collected wrongly "
        "is a refund and an unhappy patient.",
        "Work out what is owed (the copay, or what is left of the deductible plus the "
        "coinsurance share, plus any balance), offer a payment plan when they cannot pay it "
        "all, and give a receipt.",
        ("copay", "deductible", "coinsurance", "payment-plan")),
    "abn_given": (
        "{title}: {form_words}.",
        "Without a signed Advance Beneficiary Notice, the practice usually cannot bill a "
        "Medicare patient for a service Medicare declines.",
        "Before a service Medicare may not cover (a routine physical, for example), have the "
        "patient read the ABN, choose an option and sign it.",
        ("advance-beneficiary-notice",)),
    "coverage_ordered": (
        "{title}: {form_words}.",
        "Billing the wrong payer first means a denial, a resubmission and weeks of delay.",
        "Ask the Medicare Secondary Payer questions, use the birthday rule for a child on "
        "both parents' plans, and send work injuries to workers' compensation and car "
        "accidents to the auto insurer.",
        ("coordination-of-benefits", "birthday-rule", "medicare-secondary-payer")),
    "guardian_consent": (
        "{title}: {form_words}.",
        "Treating a child without a parent's or guardian's consent is a legal risk for the "
        "practice and can override the family's wishes.",
        "Ask who the adult is. A parent consents; a legal guardian shows the court order; "
        "anyone else needs the parent's written consent, or you reach the parent.",
        ()),
    "interpreter_provided": (
        "{title}: {form_words}.",
        "A patient who cannot follow what is said cannot consent or follow a plan; a "
        "relative, above all a child, is not a qualified interpreter.",
        "Offer a qualified interpreter (phone, video or in person) at no cost, and a "
        "sign-language interpreter for a Deaf patient at the practice's cost.",
        ("qualified-interpreter",)),
    "records_handled": (
        "{title}: {form_words}.",
        "Releasing records without the right authorization is a breach; stalling a patient's "
        "own request breaks the right of access.",
        "Log the patient's own request with its 30-day deadline, send subpoenas to the "
        "privacy officer, and ask for a specific signed authorization for psychotherapy "
        "notes, substance-use records or anyone the patient has not directed.",
        ("release-of-information", "right-of-access")),
    "message_complete": (
        "{title}: {form_words}.",
        "An incomplete message sends the clinician hunting for a number or guessing the "
        "urgency, and the caller waits.",
        "Write who called, the call-back number, the reason, how urgent it is and what you "
        "told the caller, and send it to the right person.",
        ()),
    "critical_result": (
        "{title}: a critical lab value was {passed_words} (target {target} s).",
        "A critical value can mean danger within hours; a message can sit unread.",
        "Keep the lab on the line and warm-transfer them to a clinician at once.",
        ("warm-transfer",)),
    "checkout_done": (
        "{title}: {form_words}.",
        "A referral never sent or a summary never handed over is care the visit ordered "
        "that did not happen.",
        "At check-out, book the follow-up, send any outgoing referral and hand over the "
        "after-visit summary.",
        ("referral",)),
    "drawer_balanced": (
        "{title}: {form_words}.",
        "An unreported difference hides a posting error or a loss, and the next shift "
        "inherits it.",
        "Count the drawer, subtract the opening float and the cash and check payments posted, and "
        "report the exact difference, over or short.",
        ("cash-drawer-reconciliation",)),
    "hold_unasked": (
        "{title}: the caller was put on hold without being asked first.",
        "Being parked without a word feels like being dropped; callers hang up.",
        "Ask \"May I put you on hold for a moment?\" and wait for the yes; a caller in "
        "crisis is never put on hold.",
        ("hold-time",)),
    "needless_form": (
        "{title}: a form was filled in that this situation did not call for.",
        "Extra paperwork wastes the patient's time and clutters the record.",
        "Fill in the forms the situation calls for: an ABN only for Medicare, a guardian "
        "check only for a minor.",
        ()),
    "family_interpreter": (
        "{title}: a family member was chosen as the interpreter.",
        "A relative may leave things out or change them, and a child should never carry "
        "medical news for a parent.",
        "Offer a qualified interpreter at no cost, even when a relative offers to help.",
        ("qualified-interpreter",)),
    "unqualified_interpreter": (
        "{title}: a relative was accepted as the interpreter in conversation.",
        "A relative, above all a child, is not a qualified interpreter for clinical matters.",
        "Thank them, and connect a qualified interpreter at no cost.",
        ("qualified-interpreter",)),
}
