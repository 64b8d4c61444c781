"""The desk as a person meets it: screens drawn at once, calls that end, controls that stay put."""

import pygame

from simulator.session import Session
from simulator.ui.screens.desk import DeskScreen
from tests.ui.conftest import SHORT


def _desk(pilot, app, scenario: str = SHORT) -> DeskScreen:
    desk = app.push_screen("desk", Session(scenario, 1))
    pilot.settle(2)
    return desk


def _key(app, action: str) -> int:
    return pygame.key.key_code(app.settings.keys[action])


def _ring(pilot, desk: DeskScreen) -> int:
    """Skip to the first call's arrival; return the number of the line it rings on."""
    call = min((t for t in desk.session.expanded.tasks if t.channel == "phone"),
               key=lambda t: t.at)
    desk.session.shift.advance(call.at)
    pilot.settle(2)
    ringing = [ln for ln in desk.view.lines if ln.status == "ringing"]
    assert ringing, "no call rang"
    return ringing[0].number


def test_a_screen_changed_by_keyboard_is_drawn_in_the_same_frame(pilot, app):
    """Enter on Practice: that very frame shows the picker, not the title under it."""
    before = app.window.copy()
    pilot.frame([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0,
                                    unicode="\r", scancode=0)])
    assert type(app.top).__name__ == "PickerScreen"
    shown = pygame.surfarray.array3d(app.window)
    assert (shown != pygame.surfarray.array3d(before)).any()
    app.top.invalidate()
    app.draw()  # what the picker looks like drawn afresh
    assert (pygame.surfarray.array3d(app.window) == shown).all()


def test_keys_pressed_for_a_screen_that_just_went_are_dropped(pilot, app):
    """Two Enters in one frame: the first opens the picker, the second does not act on it."""
    enter = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r",
                               scancode=0)
    pilot.frame([enter, enter])
    assert type(app.top).__name__ == "PickerScreen"
    assert len(app.stack) == 2  # no briefing opened by the second Enter


def test_booking_a_callers_visit_ends_the_call(pilot, app):
    """Answer, identify, book by keys: the line goes idle by itself, no End call needed."""
    desk = _desk(pilot, app)
    line = _ring(pilot, desk)
    pilot.press(_key(app, "answer"))
    assert desk.view.lines[line - 1].status == "talking"
    task = desk.view.lines[line - 1].task
    pilot.press(_key(app, "identity"))
    pilot.press(pygame.K_1)  # name + date of birth
    pilot.press(_key(app, "schedule"))
    assert desk.choice is not None
    pilot.press(pygame.K_1)
    pilot.settle(2)
    assert desk.view.lines[line - 1].status == "idle"
    assert desk.view.task(task) is None
    assert "idle" in desk.wrapped[f"line-{line}"][0]
    assert any(o["kind"] == "CallEnded" and o["handled"] for o in desk.session.shift.outcomes)


def test_end_call_key_hangs_up_the_line_being_talked_on(pilot, app):
    """E on a connected line ends it at once (the caller not helped is abandoned)."""
    desk = _desk(pilot, app)
    line = _ring(pilot, desk)
    pilot.press(_key(app, "answer"))
    assert "act-endcall" in desk.buttons and desk.buttons["act-endcall"].is_enabled
    pilot.press(_key(app, "end_call"))
    pilot.settle(2)
    assert desk.view.lines[line - 1].status == "idle"
    ended = [o for o in desk.session.shift.outcomes if o["kind"] == "CallEnded"]
    assert ended and ended[-1]["handled"] is False


def test_actions_keep_their_place_and_say_why_when_off(pilot, app):
    """Greeting a patient greys Greet out where it was; no other button moves; the reason
    shows when the focus ring is on it, and pressing it does nothing but say so."""
    desk = _desk(pilot, app)
    pilot.advance(90)
    checkin = next(t for t in desk.view.tasks if t.kind == "checkin")
    desk.select(checkin.id)
    pilot.settle(2)
    places = {k: tuple(b.get_abs_rect()) for k, b in desk.buttons.items()
              if k.startswith("act-")}
    pilot.press(_key(app, "greet"))
    pilot.settle(2)
    assert {k: tuple(b.get_abs_rect()) for k, b in desk.buttons.items()
            if k.startswith("act-")} == places
    greet = desk.buttons["act-greet"]
    assert not greet.is_enabled
    pilot.tab_to("act-greet")
    assert desk.focus.reason() == "Already greeted"
    count = len(desk.session.shift.outcomes)
    pilot.press(pygame.K_RETURN)
    assert len(desk.session.shift.outcomes) == count
    assert any("Already greeted" in c[0] for c in app.sound.captions)


def test_tab_runs_panel_by_panel_in_reading_order(pilot, app):
    """Phone lines, then the centre (replies, actions), then the task list, then the bar."""
    desk = _desk(pilot, app)
    line = _ring(pilot, desk)
    pilot.press(_key(app, "answer"))
    pilot.settle(2)
    lay = desk.layout
    order = []
    for item in desk.focus.items:
        rect = item.element.get_abs_rect()
        panel = next(i for i, p in enumerate([lay.phone, lay.center, lay.queue, lay.inbox,
                                              lay.bottom]) if p.colliderect(rect))
        order.append(panel)
    assert order == sorted(order), order
    assert f"line-{line}" in desk.buttons


def test_the_schedule_reads_slot_by_slot(pilot, app):
    """L puts the schedule's focus on a slot and names it in words: time, provider, state."""
    desk = _desk(pilot, app)
    pilot.press(_key(app, "schedule_slot"))
    assert desk.slot is not None
    slot = next(s for s in desk.view.slots if s.id == desk.slot)
    assert slot.start + slot.minutes * 60 > desk.view.now
    first = desk.slot
    pilot.press(_key(app, "schedule_slot"))
    assert desk.slot != first


def test_the_collapse_is_shown_in_the_waiting_room(pilot, app):
    """A collapse is a marked scene in the room with what is happening, not one red row."""
    session = Session("waiting-room-collapse", 1)
    desk = app.push_screen("desk", session)
    emergency = next(t for t in session.expanded.tasks if t.kind == "medical_emergency")
    session.shift.advance(emergency.at + 1)
    pilot.settle(3)
    assert any(task == emergency.id for _, task in desk.hits)
    box = next(rect for rect, task in desk.hits if task == emergency.id)
    assert desk.layout.waiting.contains(box) and box.width > desk.layout.waiting.width // 2


def test_a_collapse_takes_the_code_and_911_from_the_desk(pilot, app):
    """Call the code (0), then 911: each button greys out with its reason once used."""
    session = Session("waiting-room-collapse", 1)
    desk = app.push_screen("desk", session)
    emergency = next(t for t in session.expanded.tasks if t.kind == "medical_emergency")
    session.shift.advance(emergency.at + 1)
    pilot.settle(2)
    desk.select(emergency.id)
    pilot.settle(2)
    pilot.press(_key(app, "call_code"))
    pilot.settle(2)
    assert not desk.buttons["act-code"].is_enabled and desk.buttons["act-call911"].is_enabled
    pilot.click("act-call911")
    assert not desk.buttons["act-call911"].is_enabled
    vias = [o["via"] for o in session.shift.outcomes if o["kind"] == "EmergencyCalled"]
    assert vias == ["code", "911"]
