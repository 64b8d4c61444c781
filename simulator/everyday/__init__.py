"""The everyday desk (DOMAIN.md section 10).

Registration, eligibility, payment and check-out, Medicare and coordination of benefits,
minors, language access, records requests and messages.

Pure rules, written once: :mod:`.forms` says what each desk form asks, :mod:`.rules` what
the right answer is for a situation, :mod:`.grade` how a filled-in form compares with it and
:mod:`.duties` what a task owes. The generator, the engine, the bots and scoring import
these; none of them restates a rule. No pygame, no clock, no global randomness.
"""
