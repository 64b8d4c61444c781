"""The reference card: the rules it quotes come from the protocol, and the clock it holds."""

from __future__ import annotations

import pygame

from simulator.curriculum.reference import load_reference
from simulator.errors import ContentError
from simulator.protocol import ESTIMATE_MIN_DAYS
from simulator.session import Session
from simulator.ui.screens.desk import DeskScreen
from simulator.ui.screens.reference import ReferenceScreen


def test_card_quotes_the_rules_from_the_protocol():
    """Identifiers, every red flag and the estimate threshold appear on the shipped card."""
    card = load_reference()
    words = " ".join(p for s in card.sections for p in (s.heading, *s.paragraphs, *s.items))
    assert "date of birth" in words and "911" in words
    assert f"{ESTIMATE_MIN_DAYS} or more business days" in words


def test_a_card_missing_a_red_flag_is_refused_with_its_file(tmp_path):
    """An edited card that drops a red-flag symptom fails to load, naming the file."""
    from simulator.curriculum.reference import reference_file

    text = reference_file().read_text(encoding="utf-8")
    broken = tmp_path / "reference.yaml"
    broken.write_text("\n".join(ln for ln in text.splitlines()
                                if not ln.strip().startswith("seizure:")), encoding="utf-8")
    try:
        load_reference(broken)
    except ContentError as exc:
        assert "seizure" in str(exc) and "reference.yaml" in str(exc)
    else:
        raise AssertionError("a card without the seizure red flag loaded")


def _open_card(pilot, app, mode: str) -> tuple[DeskScreen, ReferenceScreen]:
    app.push(DeskScreen(app, Session("calm-morning", 1, mode=mode)))
    pilot.settle(2)
    desk = app.top
    pilot.press(pygame.key.key_code(app.settings.keys["reference"]))
    assert isinstance(app.top, ReferenceScreen)
    return desk, app.top


def test_practice_card_stops_the_clock(pilot, app):
    """In practice the clock waits while the card is open, and runs again once it closes."""
    desk, _ = _open_card(pilot, app, "practice")
    now = desk.session.shift.now
    for _ in range(20):
        pilot.frame(dt=0.5)
    assert desk.session.shift.now == now
    pilot.press(pygame.K_ESCAPE)
    assert app.top is desk and not desk.session.holds


def test_assessment_card_lets_the_clock_run(pilot, app, tmp_path):
    """In an assessment the card opens over a running clock."""
    desk, _ = _open_card(pilot, app, "assessment")
    now = desk.session.shift.now
    for _ in range(20):
        pilot.frame(dt=0.5)
    assert desk.session.shift.now > now
