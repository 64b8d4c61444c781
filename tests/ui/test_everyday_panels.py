"""The everyday desk by keyboard: forms filled in and sent, the payer portal, check-out facts.

The tasks are the shift's own where the engine must answer (a refusal, a form accepted) and
hand-built views laid over a real shift where only the drawing is under test (a worklist,
a check-out, the cash drawer), so each panel is checked with known facts.
"""

import dataclasses

import pygame
import pytest

from simulator.bots import brief, make_bot
from simulator.engine import commands as c
from simulator.engine.view import PersonView, TaskView
from simulator.model import Insurance
from simulator.session import Session
from simulator.ui.app import App
from simulator.ui.pilot import Pilot
from simulator.ui.settings import Settings
from tests.ui.conftest import SHORT

INTAKE = {"name": "Łukasz Đorđević", "dob": "1984-03-27", "address": "12 Oak Street",
          "phone": "(503) 555-0101", "member_id": "NWH-1451-4702",
          "emergency_name": "Ana Đorđević", "emergency_phone": "(503) 555-0199"}
PORTAL = {"active": True, "plan_type": "PPO", "copay": 2500, "deductible": 150000,
          "met": 40000, "coinsurance": 20, "in_network": True, "pcp": "Dr. Ana",
          "referral_required": False}


class Overlay:
    """A real session whose view carries hand-built tasks and extra facts on its own tasks.

    Every command still goes to the real session (and is kept in ``sent``).
    """

    def __init__(self, real: Session, extra=None, tasks=()):
        self.__dict__.update(_real=real, extra=extra or {}, tasks=list(tasks), sent=[])

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __setattr__(self, name, value):
        setattr(self._real, name, value)

    def view(self):
        v = self._real.view()
        own = [dataclasses.replace(t, **self.extra[t.id]) if t.id in self.extra else t
               for t in v.tasks]
        return dataclasses.replace(v, tasks=(*self.tasks, *own))

    def apply(self, command):
        self.sent.append(command)
        return self._real.apply(command)


def made(tid, kind, request, progress=None, channel="desk", title=None, line=None,
         record=None, card=None, words=""):
    """A task as the view would show it."""
    return TaskView(id=tid, kind=kind, channel=channel, title=title or f"{kind} {tid}",
                    urgency="routine", arrived=0, status="open", words=words,
                    request=request, line=line, agitation=10, stage="anxiety",
                    acknowledged=False, identity=(), insurance=None, preauth=False,
                    referral=False, auth_hold=False, copay=False, estimate=False,
                    booked=False, authorized=None, record=record, card=card, card_dob=None,
                    self_pay=False, dialogue=None, progress=progress or {})


def _checkin_desk(pilot, app, **extra):
    """The desk on a check-in of the short shift that handed over an intake sheet."""
    app.start_audit()
    real = Session(SHORT, 1)
    real.shift.advance(200)
    checkin = next(t for t in real.view().tasks if t.kind == "checkin")
    request = {**checkin.request, "intake": INTAKE}
    session = Overlay(real, {checkin.id: {"request": request, **extra}})
    desk = app.push_screen("desk", session)
    pilot.settle(2)
    desk.select(checkin.id)
    pilot.settle(2)
    return desk, session, checkin


def _open(pilot, desk, form: str) -> None:
    pilot.tab_to(f"act-form-{form}")
    pilot.press(pygame.K_RETURN)
    pilot.settle(2)
    assert desk.form is not None and desk.form.spec.id == form


def _submitted(session) -> list[c.SubmitForm]:
    return [cmd for cmd in session.sent if cmd.type == "submit_form"]


def test_a_new_patients_registration_typed_by_keyboard_is_sent_as_typed(pilot, app):
    """Empty for a new patient; Tab and Shift+Tab move, TEXTINPUT types Ł, Đ, ß and Ø,
    Backspace deletes, y / Space / digits set yes-no; Enter sends one SubmitForm."""
    desk, session, checkin = _checkin_desk(pilot, app, record=None)
    _open(pilot, desk, "registration")
    assert pilot.focused() == "fm-f-name"
    assert desk.form.values["name"] == "" and desk.form.values["address"] == ""
    pilot.type("Łukasz Đorđevićx")
    pilot.press(pygame.K_BACKSPACE)
    assert desk.wrapped["fm-f-name"][0] == "Legal name: Łukasz Đorđević|"  # the cursor
    pilot.press(pygame.K_TAB)
    pilot.type("1984-03-27")
    pilot.press(pygame.K_TAB)
    pilot.type("12 Oak Straße Ø")
    pilot.press(pygame.K_TAB, mod=pygame.KMOD_SHIFT)  # back to the date: nothing changes
    assert pilot.focused() == "fm-f-dob"
    for _ in range(5):
        pilot.press(pygame.K_TAB)
    assert pilot.focused() == "fm-f-emergency_phone"
    pilot.press(pygame.K_TAB)
    pilot.type("y")  # photo ID: yes
    pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_SPACE)  # card scanned: first option (yes)
    pilot.press(pygame.K_TAB)
    pilot.type("2")  # privacy notice: option 2 (no)
    pilot.press(pygame.K_RETURN)
    sent = _submitted(session)
    assert len(sent) == 1
    assert sent[0].task == checkin.id and sent[0].form == "registration"
    assert sent[0].fields == {
        "name": "Łukasz Đorđević", "dob": "1984-03-27", "address": "12 Oak Straße Ø",
        "phone": "", "member_id": "", "emergency_name": "", "emergency_phone": "",
        "photo_id": "yes", "card_scanned": "yes", "privacy_notice": "no"}


def test_a_returning_patients_registration_starts_from_the_record(pilot, app):
    """Name, date of birth, phone, address and member ID come from the EHR's record; the
    intake sheet and the card are drawn beside it to compare."""
    desk, _, checkin = _checkin_desk(pilot, app)
    record = checkin.record
    assert record is not None and record.record is not None
    _open(pilot, desk, "registration")
    values = desk.form.values
    assert (values["name"], values["dob"], values["phone"], values["address"]) == \
        (record.name, record.dob, record.phone, record.address)
    assert values["member_id"] == record.record.member_id
    assert values["emergency_name"] == "" and "photo_id" not in values
    drawn = _drawn(app)
    assert "Intake sheet (from the patient)" in drawn and INTAKE["address"] in drawn
    pilot.press(pygame.K_DELETE)  # clear the name, type the sheet's
    pilot.type(INTAKE["name"])
    assert desk.form.values["name"] == INTAKE["name"]


def test_a_choice_cycles_with_left_right_and_space(pilot, app):
    """Payment method: unset, then Right/Space forward, Left back, wrapping round."""
    desk, _, _ = _checkin_desk(pilot, app)
    _open(pilot, desk, "payment")
    pilot.press(pygame.K_TAB)
    assert pilot.focused() == "fm-f-method" and "method" not in desk.form.values
    seen = []
    for key in (pygame.K_RIGHT, pygame.K_RIGHT, pygame.K_SPACE, pygame.K_RIGHT,
                pygame.K_LEFT):
        pilot.press(key)
        seen.append(desk.form.values["method"])
    assert seen == ["card", "cash", "check", "card", "check"]
    assert "< check >" in desk.wrapped["fm-f-method"][0]


def test_esc_closes_the_form_and_sends_nothing(pilot, app):
    """Typed, then Esc: the form is gone, no command went out, the pause menu did not open."""
    desk, session, _ = _checkin_desk(pilot, app)
    _open(pilot, desk, "registration")
    pilot.type("abc")
    pilot.press(pygame.K_ESCAPE)
    assert desk.form is None and not _submitted(session)
    assert app.top is desk and "act-form-registration" in desk.buttons


def test_shortcuts_are_off_while_a_form_has_the_keyboard(pilot, app):
    """Typing G into a field types a G; it does not greet the patient."""
    desk, session, _ = _checkin_desk(pilot, app, record=None)
    _open(pilot, desk, "registration")
    key = app.settings.keys["greet"]
    pilot.press(pygame.key.key_code(key), unicode=key)
    pilot.type(key)
    assert not [cmd for cmd in session.sent if cmd.type == "acknowledge"]
    assert desk.form.values["name"] == key


def test_the_engines_refusal_shows_on_the_form_and_as_feedback(pilot, app):
    """An incomplete form: the engine's words are shown; the form stays open to finish."""
    desk, session, checkin = _checkin_desk(pilot, app)
    _open(pilot, desk, "registration")
    pilot.press(pygame.K_RETURN)
    pilot.settle(2)
    assert len(_submitted(session)) == 1 and desk.form is not None
    assert "Photo ID seen and scanned" in (desk.form.error or "")
    assert desk.toast is not None and "Photo ID" in desk.toast.text
    assert any("Not sent:" in t for t in _drawn(app))


def test_a_sent_form_shows_as_done(pilot, app):
    """Every yes-no answered, Enter: the engine takes it, the form closes, its button says
    done and cannot be pressed again, and the task says which forms went."""
    desk, session, checkin = _checkin_desk(pilot, app)
    _open(pilot, desk, "registration")
    for _ in range(7):
        pilot.press(pygame.K_TAB)
    for _ in range(6):
        pilot.type("y")
        pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_RETURN)
    pilot.settle(2)
    assert desk.form is None
    assert "registration" in desk.current_task().progress["forms"]
    button = desk.buttons["act-form-registration"]
    assert not button.is_enabled and "(done)" in desk.wrapped["act-form-registration"][0]
    assert any("Forms submitted (done): Registration and intake" in t for t in _drawn(app))


def _drawn(app: App) -> list[str]:
    """The texts of the frame just drawn (the layout audit keeps them)."""
    app.top.invalidate()
    app.draw()
    return [text for text, _, _ in app.audit.blits]


@pytest.fixture
def audited_app(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))

    def build(scale: int = 100) -> tuple[App, Pilot]:
        app = App(Settings(text_scale=scale))
        app.start_audit()
        return app, Pilot(app)

    yield build
    pygame.quit()


def _made_desk(app, pilot, tasks):
    real = Session(SHORT, 1)
    real.shift.advance(200)
    session = Overlay(real, tasks=tasks)
    desk = app.push_screen("desk", session)
    pilot.settle(2)
    return desk, session


WORKLIST = made("wl", "worklist", {"worklist": [
    {"patient": "p1", "name": "Zoë Øberg", "at": "09:30"},
    {"patient": "p2", "name": "Jan Łęcki", "at": "10:00"}]},
    progress={"portal": {"p1": PORTAL}}, channel="inbox", title="Eligibility worklist")
CHECKOUT = made("co", "checkout", {
    "appointment_type": "follow-up", "balance": 4550, "can_pay": 2000,
    "follow_up": {"appointment_type": "follow-up", "provider": "dr-ana", "days_out": 14},
    "referral_to": "Cardiology", "something_new": {"a": 1}}, title="Check-out: Zoë Øberg")
DRAWER = made("dr", "drawer", {"drawer": {"opening": 15000, "counted": 17000, "posted": [
    {"patient": "Ann Lee", "amount": 2500, "method": "cash"},
    {"patient": "Bo Kim", "amount": 4000, "method": "card"}]}}, channel="system")
MESSAGE = made("cl", "call", {"message": {"who": "Dana Fox", "role": "pharmacist",
                                          "callback": "(312) 555-0142",
                                          "reason": "refill_question"}},
               progress={"hold_ok": False}, channel="phone", line=1)
RECORDS = made("rr", "records_request", {"records_request": "directed_third_party",
                                         "requester": "patient"})
VISIT = made("vi", "checkin", {
    "coverages": [{"id": "medicare", "kind": "medicare", "label": "Medicare, MBI 1EG4"},
                  {"id": "nw", "kind": "parent_plan", "label": "Northwind", "holder":
                   "Bo Ruiz", "holder_dob": "1985-02-01"}],
    "guardian": {"relationship": "grandparent", "papers_shown": False}, "access": "spoken",
    "language": "Polish", "service_animal": True, "balance": 0, "unheard_of": [1, 2]},
    record=PersonView("Ana Ruiz", "2015-01-02", "(503) 555-0100", "1 Elm Street", "dr-ana",
                      Insurance(payer_id="northwind", payer_name="Northwind Health",
                                member_id="NWH-1", group="G-1", subscriber="Bo Ruiz",
                                valid_from="2026-01", valid_to="2026-12")),
    title="Check-in: Ana Ruiz")


def test_the_portal_answer_is_drawn_in_dollars_and_words(audited_app):
    """Active, plan, copay, deductible and met so far, coinsurance, network, PCP, referral."""
    app, pilot = audited_app()
    desk, _ = _made_desk(app, pilot, [WORKLIST])
    desk.select("wl")
    pilot.settle(2)
    drawn = _drawn(app)
    for words in ("Payer portal: Zoë Øberg", "ACTIVE", "PPO", "$25.00",
                  "$1,500.00, met so far $400.00 ($1,100.00 left)", "20 % (patient's share)",
                  "Dr. Ana", "Referral required", "Zoë Øberg: checked: ACTIVE",
                  "Jan Łęcki: not checked yet"):
        assert words in drawn, words


def test_eligibility_is_checked_per_worklist_patient(audited_app):
    """One action per listed patient; a checked one says so; the other sends its patient."""
    app, pilot = audited_app()
    desk, session = _made_desk(app, pilot, [WORKLIST])
    desk.select("wl")
    pilot.settle(2)
    assert not desk.buttons["act-elig-p1"].is_enabled
    pilot.tab_to("act-elig-p2")
    pilot.press(pygame.K_RETURN)
    assert session.sent[-1] == c.CheckEligibility(task="wl", patient="p2")


def test_the_portal_answer_is_scrolled_into_view_at_large_text(audited_app):
    """At 200 % the answer lies below the actions: after the check the column shows it."""
    app, pilot = audited_app(200)
    real = Session("checkout-and-collections", 1)
    worklist = next(t for t in real.expanded.tasks if t.kind == "worklist")
    real.shift.advance(worklist.at + 2)
    desk = app.push_screen("desk", real)
    pilot.settle(2)
    desk.select(worklist.id)
    pilot.settle(2)
    first = worklist.request["worklist"][0]
    pilot.tab_to(f"act-elig-{first['patient']}")
    pilot.press(pygame.K_RETURN)
    pilot.settle(2)
    assert first["patient"] in desk.current_task().progress["portal"]
    assert f"Payer portal: {first['name']}" in _drawn(app)


def test_ask_to_hold_sits_beside_hold_and_the_answer_is_shown(pilot, app):
    """A connected call offers Ask to hold (AskToHold on its line) right after Hold; the
    caller's answer is shown in words."""
    app.start_audit()
    real = Session(SHORT, 1)
    call = min((t for t in real.expanded.tasks if t.channel == "phone"), key=lambda t: t.at)
    real.shift.advance(call.at)
    desk = app.push_screen("desk", real)
    pilot.settle(2)
    pilot.press(pygame.key.key_code(app.settings.keys["answer"]))
    keys = [a.key for a in desk.actions]
    assert keys[keys.index("hold") + 1] == "askhold"
    line = desk.current_task().line
    desk.press("act-askhold")
    pilot.settle(2)
    assert real.log[-1][1] == c.AskToHold(line=line)
    answer = desk.current_task().progress["hold_ok"]
    said = '"Sure, I can hold."' if answer else '"No, please don\'t put me on hold."'
    assert f"Asked to hold: {said}" in _drawn(app)


@pytest.mark.parametrize("scale", [100, 200])
def test_everyday_panels_fit_at_large_text(audited_app, scale):
    """Worklist, check-out, drawer, message, records request and a visit with every fact,
    each scrolled through, and a registration form part-filled: nothing cut or overlapping."""
    app, pilot = audited_app(scale)
    desk, _ = _made_desk(app, pilot, [WORKLIST, CHECKOUT, DRAWER, MESSAGE, RECORDS, VISIT])
    drawn: dict[str, set[str]] = {}
    for task in ("wl", "co", "dr", "cl", "rr", "vi"):
        desk.select(task)
        pilot.settle(2)
        _fits(app, pilot, f"{task} at {scale} %")
        drawn[task] = set(_drawn(app))
        while desk.scroll < desk.plan.overflow:
            pilot.press(pygame.K_PAGEDOWN)
            _fits(app, pilot, f"{task} scrolled to {desk.scroll} at {scale} %")
            drawn[task] |= set(_drawn(app))
    # Unknown facts are drawn by name; money in dollars; the caller's answer to a hold.
    assert {"Unheard of", "Service animal", "grandparent"} <= drawn["vi"]
    assert {"$45.50", "$20.00", "Something new", "Cardiology"} <= drawn["co"]
    assert {"$150.00", "Ann Lee: $25.00", "$170.00"} <= drawn["dr"]
    assert any(t.startswith('Asked to hold: "No,') for t in drawn["cl"])
    desk.select("vi")
    pilot.settle(2)
    desk.open_form("registration")
    pilot.settle(2)
    pilot.press(pygame.K_DELETE)
    pilot.type("Ana María Ruiz-Łopez with a very long name that has to wrap over lines")
    pilot.press(pygame.K_TAB)
    for _ in range(14):
        _fits(app, pilot, f"registration at {scale} %, focus on {pilot.focused()}")
        pilot.press(pygame.K_TAB)
        pilot.type("y")


def _fits(app: App, pilot: Pilot, where: str) -> None:
    pilot.settle(2)
    problems = app.fit_problems()
    assert not problems, where + ":\n" + "\n".join(problems)


def _fill_by_keys(pilot: Pilot, desk, command: c.SubmitForm) -> None:
    """Type and pick ``command``'s fields into the open form, field by field, with Tab."""
    form = desk.form
    for f in form.spec.fields:
        assert pilot.focused() == f"fm-f-{f.name}"
        want = command.fields.get(f.name)
        if f.kind in ("choice", "yesno"):
            for _ in range(len(form.options[f.name]) + 1):
                if want is None or form.values.get(f.name) == want:
                    break
                pilot.press(pygame.K_RIGHT)
        else:
            pilot.press(pygame.K_DELETE)
            pilot.type(want or "")
        pilot.press(pygame.K_TAB)


@pytest.mark.parametrize("scenario", ["registration-morning", "checkout-and-collections"])
def test_the_experts_forms_can_be_typed_at_the_desk(audited_app, scenario):
    """Every form the expert sends in a shipped everyday shift, typed by keyboard into the
    desk's form at 200 % text, goes out as the very same command; every state fits."""
    app, pilot = audited_app(200)
    session = Session(scenario, 1)
    desk = app.push_screen("desk", session)
    bot = brief(make_bot("expert", 1), session.expanded)
    forms = 0
    for _ in range(300):
        if session.shift.ended:
            break
        commands = bot.decide(session.shift.view())
        if not commands:
            session.wait()
            pilot.settle(1)
            continue
        command = commands[0]
        task = getattr(command, "task", None)
        if task and desk.view.task(task):
            desk.select(task)
        _fits(app, pilot, f"{scenario} before {command.type}")
        if command.type != "submit_form":
            desk.apply(command)
            pilot.settle(1)
            continue
        desk.open_form(command.form)
        _fits(app, pilot, f"{scenario}: the {command.form} form")
        _fill_by_keys(pilot, desk, command)
        sent = len(session.log)
        pilot.press(pygame.K_RETURN)
        assert [cmd for _, cmd in session.log[sent:]] == [command]
        forms += 1
    assert forms >= 5


def test_a_new_patients_registration_starts_empty(pilot, app):
    """A first visit: the chart holds only the booking, so the packet is typed from blank."""
    from simulator.ui.screens.desk_form import open_form

    desk, session, checkin = _checkin_desk(pilot, app)
    task = dataclasses.replace(checkin, request={**checkin.request, "new_patient": True})
    assert task.record is not None
    state = open_form(session.view(), task, "registration")
    assert state.values["name"] == "" and state.values["address"] == ""
