"""Synthetic-data lint over many generated shifts: the data must look fake to a careful eye.

Phones only in 555-0100..555-0199, e-mail only at example.com/org/net, nothing shaped like
an SSN anywhere, and only the scenario's own (invented) payers.
"""

import re

import pytest

from simulator.engine.expand import expand
from tests.core.shifts import scenario

SEEDS = range(30)
SCENARIOS = ("calm-morning", "busy-monday")
PHONE = re.compile(r"^\(\d{3}\) 555-01\d\d$")
ANY_PHONE = re.compile(r"\(?\b\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b")
FAKE_PHONE = re.compile(r"\(\d{3}\) 555-01\d\d")
EMAIL = re.compile(r"^[a-z0-9.]+@example\.(com|org|net)$")
ANY_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SSN = re.compile(r"\d{3}-\d{2}-\d{4}")


@pytest.fixture(scope="module", params=SCENARIOS)
def shifts(request):
    scn = scenario(request.param)
    return scn, [expand(scn, seed) for seed in SEEDS]


def test_patient_phones_are_in_the_fictional_range(shifts):
    """Every patient and caller phone is (NNN) 555-01NN."""
    _, expanded = shifts
    for x in expanded:
        for p in x.patients:
            assert PHONE.match(p.phone), (x.seed, p.phone)
        for t in x.tasks:
            assert not t.caller or PHONE.match(t.caller), (x.seed, t.id, t.caller)


def test_no_other_phone_number_appears_anywhere(shifts):
    """No phone-shaped text outside 555-0100..555-0199 appears in the whole shift's JSON."""
    _, expanded = shifts
    for x in expanded:
        text = x.model_dump_json()
        stray = [m for m in ANY_PHONE.findall(text) if not FAKE_PHONE.fullmatch(m)]
        assert not stray, (x.seed, stray[:5])


def test_emails_are_only_at_example_domains(shifts):
    """Every e-mail address, in the patient field or in any text, is at example.com/org/net."""
    _, expanded = shifts
    for x in expanded:
        for p in x.patients:
            assert EMAIL.match(p.email), (x.seed, p.email)
        found = ANY_EMAIL.findall(x.model_dump_json())
        assert all(re.search(r"@example\.(com|org|net)$", e) for e in found), (x.seed, found)


def test_nothing_shaped_like_an_ssn(shifts):
    """No NNN-NN-NNNN appears anywhere in the expanded shift."""
    _, expanded = shifts
    for x in expanded:
        assert not SSN.search(x.model_dump_json()), x.seed


def test_payers_are_only_the_scenarios_own(shifts):
    """Record and card payers are the scenario's invented payers, name and id matching."""
    scn, expanded = shifts
    payers = {p.id: p.name for p in scn.clinic.payers}
    for x in expanded:
        for p in x.patients:
            for ins in (p.record, p.card):
                if ins is not None:
                    assert payers.get(ins.payer_id) == ins.payer_name, (x.seed, p.id, ins)
        assert {v["name"] for v in x.payers.values()} == set(payers.values())


def test_member_ids_use_the_payers_invented_prefixes(shifts):
    """Member IDs start with the payer's made-up prefix (a format no real payer uses)."""
    scn, expanded = shifts
    prefixes = {p.member_prefix for p in scn.clinic.payers}
    for x in expanded:
        for p in x.patients:
            for ins in (p.record, p.card):
                if ins is not None:
                    assert ins.member_id[:3] in prefixes, (x.seed, ins.member_id)
