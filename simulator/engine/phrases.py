"""What people say: phrase banks for generated calls, walk-ins and inbox items.

Templates use ``str.format`` fields: {first}, {provider}, {visit}, {days}, {med}, {who},
and the time-of-day words of :func:`time_words` ({greeting}, {meal}, {later}) so nobody
says "good morning" at two in the afternoon or "since lunch" at nine.
Red-flag phrasings never name the category: the trainee must recognize the words. Some are
vague on purpose ("he's just not himself"), and heart attacks include the signs people
miss (breathlessness, nausea, back or jaw pain, more often in women).
"""

from __future__ import annotations

import random


def time_words(minute_of_day: int) -> dict[str, str]:
    """Words that depend on the clock, for a call or visit at ``minute_of_day``.

    Args:
        minute_of_day: Minutes since midnight (9:30 is 570).

    Returns:
        ``greeting`` ("Good morning" before noon, "Good afternoon" before 17:00, else
        "Good evening"), ``meal`` (the last meal: breakfast before 12:30, then lunch,
        then dinner from 18:30) and ``later`` (when the rest of today is: "this
        afternoon" before noon, "later today" after).

    """
    hour = minute_of_day / 60
    greeting = ("Good morning" if hour < 12 else "Good afternoon" if hour < 17
                else "Good evening")
    meal = "breakfast" if hour < 12.5 else "lunch" if hour < 18.5 else "dinner"
    later = "this afternoon" if hour < 12 else "later today"
    return {"greeting": greeting, "meal": meal, "later": later}


def fill(template: str, minute_of_day: int, **fields: str) -> str:
    """Fill a phrase template, with the time-of-day words for ``minute_of_day``."""
    return template.format(**time_words(minute_of_day), **fields)


def say(template: str, minute_of_day: int, provider: str) -> str:
    """Fill a red-flag phrase: the provider's title and last name, and the time words.

    Unlike :func:`fill` it leaves any other braces alone, so scenario text can go through it.
    """
    fields = {**time_words(minute_of_day), "provider": provider,
              "provider_last": provider.split(",")[0].split()[-1]}
    for key, value in fields.items():
        template = template.replace("{" + key + "}", value)
    return template

CALLS: dict[str, tuple[str, ...]] = {
    "scheduling": (
        "Hi, this is {first}. I need {a_visit} with {provider}, sometime in the next {days} "
        "business days if you have anything.",
        "Hello? Yes, I'd like to book {a_visit}. {provider} if possible. About {days} days out "
        "works for me, I'm off work then.",
        "{greeting}, it's {first}. My daughter keeps nagging me to get {a_visit}. Could I get "
        "in with {provider} in {days} business days or so?",
        "I got a reminder card saying I'm due for my {visit}. Can you put me with {provider}? "
        "Roughly {days} business days from now.",
        "Hi there, {first} calling. Can I schedule {a_visit}? Whoever has time, ideally "
        "{provider}, and I'm flexible, maybe {days} business days out.",
    ),
    "reschedule": (
        "Hi, it's {first}. I have to move my visit with {provider}; my shift changed.",
        "I'm so sorry, my car is in the shop. Can we push my appointment with {provider}?",
        "This is {first}. Something came up at work, I need a different day for my visit.",
    ),
    "cancel": (
        "Hi, {first} here. Please cancel my appointment with {provider}, I'm feeling better.",
        "I need to cancel my visit. My insurance changed and I have to sort that out first.",
        "Hello, I won't make it to see {provider}. Can you take me off the book?",
    ),
    "refill": (
        "Hi, I'm almost out of my {med}. Can the doctor send a refill to my pharmacy?",
        "It's {first}. The pharmacy says they need approval for my {med} refill.",
        "I ran out of {med} yesterday and I'm worried. Who can help me with a refill?",
    ),
    "billing": (
        "I got a bill for $238 and I thought my insurance covered that visit. What is this?",
        "Hi, {first} here. Can I set up a payment plan? The statement is more than I can do.",
        "My EOB says one thing and your bill says another. I want someone to explain it.",
    ),
    "results": (
        "Hi, it's {first}. Are my blood test results back? What did they show?",
        "I had an x-ray last week and nobody called me. Is something wrong?",
        "The portal says my lab results are in but I don't understand the numbers.",
    ),
    "insurance": (
        "Do you take {payer}? I'm switching plans next month.",
        "My employer changed insurance. What do you need from me before my visit?",
        "Is my visit with {provider} going to need an authorization from my plan?",
    ),
    "records": (
        "I'm moving to Tucson and need my records sent to my new doctor.",
        "Hi, {first}. My lawyer asked for a copy of my chart from last spring.",
        "Can you fax my immunization record to my new job? They need it before I start.",
    ),
    "general": (
        "What time do you open on Saturday?",
        "Is there parking at your building, or should I take the bus?",
        "Do you have anyone on staff who speaks Spanish? My father would feel more at ease.",
        "Hi, I left my umbrella in your waiting room yesterday. Blue with white dots?",
    ),
}

RED_FLAGS: dict[str, tuple[str, ...]] = {
    "chest_pain": (
        "I need to see someone this week. I've got this pressure in my chest, like a weight, "
        "and it's going into my left arm. Probably just stress.",
        "My husband says his chest feels tight and his jaw aches. He's sweating. Can he come "
        "in {later}?",
        # Atypical signs: no chest pain named at all, the way many women describe it.
        "I'm 58 and I just feel off. I got winded walking to the mailbox, I'm sick to my "
        "stomach, and there's an ache between my shoulder blades. Can I come in tomorrow?",
        "My mom keeps saying her jaw hurts and she's really tired and short of breath since "
        "{meal}. She thinks it's her teeth. Can she see {provider} this week?",
        "I threw up after {meal}, I'm clammy, and my upper back aches like a pulled muscle. "
        "I'm not one to make a fuss. Anything {later}?",
    ),
    "stroke_signs": (
        "My dad's talking funny, his words are slurred, and one side of his face looks droopy. "
        "Can {provider} see him tomorrow?",
        "My mom can't lift her right arm since {meal} and she's confused. Should I book her "
        "in?",
        # Vague: the caller cannot name a symptom, only that the person has changed.
        "It's about my husband. He's just not himself today. He keeps dropping his coffee "
        "cup and he looked right through me. Could {provider} see him sometime this week?",
        "My grandmother isn't making sense today. She called me by my mother's name and "
        "can't find her words. She's probably just tired. When's the next opening?",
    ),
    "breathing_difficulty": (
        "I can't catch my breath, even sitting still. My lips look kind of blue. Do you have "
        "anything today?",
        "My asthma inhaler isn't working and I can barely talk. I need an appointment.",
    ),
    "heavy_bleeding": (
        "I cut my hand on a mandoline an hour ago and it's soaked through three towels. "
        "Can someone look at it later?",
    ),
    "seizure": (
        "My son just had a fit, shaking all over, and now he won't wake up properly. "
        "What should I do? Can you squeeze him in?",
    ),
    "throat_swelling": (
        "I ate something at {meal} and now my lips and tongue are swelling up. My throat feels "
        "tight. Can I get an appointment?",
    ),
    "overdose": (
        "My roommate took a whole bottle of her pills and she's really drowsy. Can a doctor "
        "call her back?",
    ),
    "severe_injury": (
        "My dad fell off a ladder and his leg is bent the wrong way. Can you fit him in today?",
    ),
    "suicidal_intent": (
        "I don't really need anything. I just wanted to cancel everything. I won't be around "
        "much longer, I've decided.",
    ),
    "vision_loss": (
        "I suddenly can't see out of my left eye, it's like a curtain came down. Can I book "
        "an eye check with {provider}?",
    ),
    "floppy_child": (
        "My baby is really floppy and sleepy, she won't feed and she's hard to wake. Can we "
        "come in tomorrow morning?",
    ),
    "child_breathing": (
        "My toddler is breathing really fast and his ribs suck in with every breath. Is there "
        "an appointment {later}?",
    ),
}

#: A suicidal caller whose risk is imminent: a plan and the means at hand (DOMAIN.md 3).
IMMINENT_SUICIDAL_WORDS: tuple[str, ...] = (
    "I'm only calling so someone knows. I've got all my pills out on the table and I'm going "
    "to take them tonight. I won't be around for the appointment.",
    "Please just cancel my visits. I'm sitting in my car in the garage and I've decided. I "
    "won't be around after today.",
)

#: Words an alert listener picks up; shown nowhere, used by the bots' ears.
RED_FLAG_CUES: tuple[str, ...] = (
    "chest", "jaw", "slurred", "droopy", "can't lift", "catch my breath", "lips look",
    "not himself", "not herself", "isn't making sense", "not making sense",
    "can't find her words", "winded", "short of breath", "shoulder blades", "clammy",
    "turning blue", "words are coming out wrong", "face feels funny",
    "barely talk", "soaked", "fit, shaking", "won't wake", "swelling", "throat feels",
    "whole bottle",
    "bent the wrong way", "won't be around", "can't see", "floppy", "hard to wake",
    "breathing really fast", "ribs suck in",
)

WALK_IN_REASONS: tuple[str, ...] = (
    "I've had a sore throat since Friday and it's getting worse. Can I be seen today?",
    "I twisted my ankle stepping off the bus. Is there any chance of a same-day visit?",
    "My ear has been aching all night. Do you take walk-ins?",
    "I need a form signed for my new job, and a quick check. Anything today?",
    "I've got a rash on my arm that's spreading a bit. Could someone look at it?",
    "My cough won't quit, two weeks now. Can I wait to see whoever is free?",
)

MEDS: tuple[str, ...] = ("lisinopril", "metformin", "atorvastatin", "levothyroxine",
                         "sertraline", "amlodipine", "omeprazole")

#: Everyday medicines with doses, for the lists every referral carries; none is one that
#: makes a clinician look first, so a list alone is not the sign of a conflict.
ROUTINE_MEDS: tuple[str, ...] = (
    "lisinopril 10 mg daily", "metformin 500 mg twice daily", "atorvastatin 20 mg at night",
    "levothyroxine 50 mcg daily", "sertraline 50 mg daily", "amlodipine 5 mg daily",
    "omeprazole 20 mg daily", "albuterol inhaler as needed", "vitamin D 1000 IU daily",
    "loratadine 10 mg daily", "acetaminophen 500 mg as needed")


def med_list(r: random.Random) -> list[str]:
    """One to four everyday medicines, as a referral lists them (none on some)."""
    return r.sample(ROUTINE_MEDS, r.choice((0, 1, 2, 2, 3, 4)))

INBOX: dict[str, tuple[tuple[str, str], ...]] = {
    # (text, correct destination)
    "referral": (
        ("Referral from Lakeside Ortho for {name}: knee follow-up, book with {provider}.",
         "scheduling"),
        ("Referral from Riverbend Cardiology for {name}: routine echo follow-up visit.",
         "scheduling"),
        ("Referral from Northgate Dermatology for {name}: mole check, any clinician.",
         "scheduling"),
    ),
    "portal_message": (
        ("Portal message from {name}: 'Why was I charged twice for my last visit?'", "billing"),
        ("Portal message from {name}: 'Can I switch my visit to a telehealth one?'",
         "scheduling"),
        ("Portal message from {name}: 'Is a headache a side effect of my new pills?'",
         "clinician"),
    ),
    "fax": (
        ("Fax from Oakview Imaging: report for {name}, attention {provider}.", "clinician"),
        ("Fax from a law office requesting records for {name}; authorization attached.",
         "records"),
    ),
    "lab_result": (
        ("Lab result for {name} flagged for review by {provider}.", "clinician"),
    ),
}
