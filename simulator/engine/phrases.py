"""What people say: phrase banks for generated calls, walk-ins and inbox items.

Templates use ``str.format`` fields: {first}, {provider}, {visit}, {days}, {med}, {who}.
Red-flag phrasings never name the category: the trainee must recognise the words.
"""

from __future__ import annotations

CALLS: dict[str, tuple[str, ...]] = {
    "scheduling": (
        "Hi, this is {first}. I need {a_visit} with {provider}, sometime in the next {days} "
        "business days if you have anything.",
        "Hello? Yes, I'd like to book {a_visit}. {provider} if possible. About {days} days out "
        "works for me, I'm off work then.",
        "Good morning, it's {first}. My daughter keeps nagging me to get {a_visit}. Could I get "
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
        "Can you fax my immunization record to my kid's school? I'm the patient's mom.",
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
        "in this afternoon?",
    ),
    "stroke_signs": (
        "My dad's talking funny, his words are slurred, and one side of his face looks droopy. "
        "Can Dr. {provider_last} see him tomorrow?",
        "My mom can't lift her right arm since lunch and she's confused. Should I book her in?",
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
        "I ate something at lunch and now my lips and tongue are swelling up. My throat feels "
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
        "an appointment this afternoon?",
    ),
}

#: Words an alert listener picks up; shown nowhere, used by the bots' ears.
RED_FLAG_CUES: tuple[str, ...] = (
    "chest", "jaw", "slurred", "droopy", "can't lift", "catch my breath", "lips look",
    "turning blue",
    "barely talk", "soaked", "fit, shaking", "won't wake", "swelling", "throat", "whole bottle",
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

INBOX: dict[str, tuple[tuple[str, str], ...]] = {
    # (text, correct destination)
    "referral": (
        ("Referral from Lakeside Ortho for {name}: knee follow-up, book with {provider}.",
         "scheduling"),
        ("Referral from Riverbend Cardiology for {name}: routine echo follow-up visit.",
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
