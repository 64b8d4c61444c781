"""Cross-reference checks a schema cannot express: ids that must exist, be unique, fit the day.

Like Ren'Py's lint, these run after the schema accepts a file and report every problem at
once, each at the line of the offending value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from simulator.errors import Problem
from simulator.positions import PathKey, Positions, format_path
from simulator.scenarios.schema import Scenario
from simulator.scenarios.types import clock_to_minutes


def lint_scenario(scn: Scenario, pos: Positions) -> list[Problem]:
    """Return every cross-reference problem in a schema-valid scenario."""
    out: list[Problem] = []
    clinic = scn.clinic
    type_ids = {t.id for t in clinic.appointment_types}
    provider_ids = {p.id for p in clinic.providers}
    dialogue_ids = {d.id for d in scn.dialogues}

    out += _unique(pos, ("clinic", "appointment_types"), [t.id for t in clinic.appointment_types])
    out += _unique(pos, ("clinic", "providers"), [p.id for p in clinic.providers])
    out += _unique(pos, ("clinic", "payers"), [p.id for p in clinic.payers])
    out += _unique(pos, ("dialogues",), [d.id for d in scn.dialogues])
    out += _unique(pos, ("events",), [e.id for e in scn.events])

    for i, prov in enumerate(clinic.providers):
        for j, tid in enumerate(prov.appointment_types):
            if tid not in type_ids:
                out.append(_missing(pos, ("clinic", "providers", i, "appointment_types", j),
                                    "appointment type", tid, type_ids))
    for i, payer in enumerate(clinic.payers):
        for field in ("preauth_required", "referral_required", "may_not_cover"):
            for j, tid in enumerate(getattr(payer, field)):
                if tid not in type_ids:
                    out.append(_missing(pos, ("clinic", "payers", i, field, j),
                                        "appointment type", tid, type_ids))

    start = clock_to_minutes(scn.shift.start)
    end = start + scn.shift.minutes
    for i, ev in enumerate(scn.events):
        at = clock_to_minutes(ev.at)
        if not start <= at < end:
            out.append(pos.problem(("events", i, "at"),
                                   f"{ev.at} is outside the shift ({scn.shift.start} for "
                                   f"{scn.shift.minutes} minutes)",
                                   "move the event inside the shift"))
        dialogue = getattr(ev, "dialogue", None)
        if dialogue is not None and dialogue not in dialogue_ids:
            out.append(_missing(pos, ("events", i, "dialogue"), "dialogue", dialogue,
                                dialogue_ids))
        for field, ids, what in (("provider", provider_ids, "provider"),
                                 ("coverage", provider_ids, "provider"),
                                 ("service", type_ids, "appointment type"),
                                 ("appointment_type", type_ids, "appointment type"),
                                 ("visit", type_ids, "appointment type"),
                                 ("follow_up", type_ids, "appointment type")):
            value = getattr(ev, field, None)
            if value is not None and value not in ids:
                out.append(_missing(pos, ("events", i, field), what, value, ids))
        out += _everyday_problems(scn, pos, i, ev)
        if ev.kind == "clinician_callout" and ev.coverage == ev.provider:
            out.append(pos.problem(("events", i, "coverage"),
                                   "a clinician cannot cover their own day",
                                   "name another provider or remove coverage"))

    for i, dlg in enumerate(scn.dialogues):
        beat_ids = [b.id for b in dlg.beats]
        out += _unique(pos, ("dialogues", i, "beats"), beat_ids)
        for j, beat in enumerate(dlg.beats):
            for k, choice in enumerate(beat.choices):
                if choice.next is not None and choice.next not in beat_ids:
                    out.append(_missing(pos, ("dialogues", i, "beats", j, "choices", k, "next"),
                                        "beat", choice.next, set(beat_ids)))

    event_ids = {e.id for e in scn.events if e.id}
    for i, rule in enumerate(scn.scoring.critical_fails):
        if rule.event is not None and rule.event not in event_ids:
            out.append(_missing(pos, ("scoring", "critical_fails", i, "event"), "event",
                                rule.event, event_ids))
    for key in scn.debrief_notes:
        if key not in event_ids:
            out.append(_missing(pos, ("debrief_notes", key), "event", key, event_ids,
                                prefer_key=True))
    out += _bounded(scn, pos)
    for i, dlg in enumerate(scn.dialogues):
        out += _dialogue_graph(dlg, i, pos)
    return out


def _dialogue_graph(dlg: Any, index: int, pos: Positions) -> list[Problem]:
    """Every beat must be reachable from the first, and lead to an ending.

    A reply that continues goes to its ``next`` beat, or the following one; past the last
    beat the conversation ends, as does any reply whose ``then`` is not ``continue``. A
    set of beats that only lead to each other would keep the trainee answering forever.
    """
    ids = [b.id for b in dlg.beats]
    where = {beat_id: n for n, beat_id in enumerate(ids)}
    edges: dict[int, set[int]] = {}
    ends: set[int] = set()
    for n, beat in enumerate(dlg.beats):
        edges[n] = set()
        for choice in beat.choices:
            if choice.then != "continue":
                ends.add(n)
            elif choice.next is not None:
                if choice.next in where:  # an unknown id is reported above
                    edges[n].add(where[choice.next])
            elif n + 1 < len(ids):
                edges[n].add(n + 1)
            else:
                ends.add(n)
    seen, todo = {0}, [0]
    while todo:
        for m in edges[todo.pop()] - seen:
            seen.add(m)
            todo.append(m)
    finishing = set(ends)
    changed = True
    while changed:
        changed = False
        for n, targets in edges.items():
            if n not in finishing and targets & finishing:
                finishing.add(n)
                changed = True
    out = []
    for n, beat in enumerate(dlg.beats):
        here = ("dialogues", index, "beats", n, "id")
        if n not in seen:
            out.append(pos.problem(here, f"beat '{beat.id}' of dialogue '{dlg.id}' can never "
                                   "be reached: no reply leads to it",
                                   "point a reply's 'next' at it, or remove it"))
        elif n not in finishing:
            out.append(pos.problem(here, f"from beat '{beat.id}' of dialogue '{dlg.id}' no "
                                   "reply ever ends the conversation (its beats only lead "
                                   "to each other)", "give a reply a 'then' ending, or a "
                                   "'next' that leads to one"))
    return out


def _bounded(scn: Scenario, pos: Positions) -> list[Problem]:
    """A shift too large to play (see :mod:`simulator.scenarios.bounds`)."""
    from simulator.scenarios.bounds import MAX_TASKS, expected_tasks

    tasks = expected_tasks(scn)
    if tasks <= MAX_TASKS:
        return []
    return [pos.problem(("arrivals",), f"this shift would hold about {tasks:,} tasks; a "
                        f"shift holds at most {MAX_TASKS:,}",
                        "lower the arrival rates or the load factors, or shorten the shift")]


def _everyday_problems(scn: Scenario, pos: Positions, i: int, ev: object) -> list[Problem]:
    """A desk visit's Medicare or two-plan insurance needs payers that can carry it."""
    from simulator.scenarios.events_everyday import DeskVisit

    if not isinstance(ev, DeskVisit):
        return []
    insurance = ev.insurance
    medicare = [p for p in scn.clinic.payers if p.medicare]
    health = [p for p in scn.clinic.payers if not p.medicare]
    if insurance.startswith("medicare") and not medicare:
        return [pos.problem(("events", i, "insurance"), f"insurance {insurance} needs a "
                            "Medicare payer", "add a payer with medicare: true")]
    if ev.abn and not any(ev.visit in p.may_not_cover
                                      for p in medicare):
        return [pos.problem(("events", i, "abn"), "an ABN is owed only for a visit Medicare "
                            "may not cover", "list the visit in the Medicare payer's "
                            "may_not_cover")]
    if insurance in ("two_parents", "medicare_employer_large", "medicare_employer_small") \
            and len(health) < (2 if insurance == "two_parents" else 1):
        return [pos.problem(("events", i, "insurance"), f"insurance {insurance} needs more "
                            "health plans among the payers", "add another payer")]
    return []


def _unique(pos: Positions, base: PathKey, ids: Iterable[str | None]) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, ident in enumerate(ids):
        if ident is None:
            continue
        if ident in seen:
            line = pos.locate((*base, seen[ident], "id"))[0]
            out.append(pos.problem((*base, i, "id"), f"id '{ident}' is used twice",
                                   f"it is first used on line {line}; ids must be unique"))
        else:
            seen[ident] = i
    return out


def _missing(pos: Positions, path: PathKey, what: str, value: str, known: set[str | None],
             *, prefer_key: bool = False) -> Problem:
    import difflib

    names = sorted(k for k in known if k)
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif names:
        hint = "known: " + ", ".join(names)
    else:
        hint = f"define the {what} first"
    return pos.problem(path, f"no {what} with id '{value}'", hint, prefer_key=prefer_key)


# --- US English --------------------------------------------------------------------------
# The product trains US front desks, so every word a trainee reads is US English. Each rule
# is a British form and the US word to use instead. Decisions on words both countries use:
# "mobile" as an adjective (mobile app, mobile phone) is fine, the bare noun ("your mobile")
# is British, use "cell phone" or "cell"; "queue" is fine for a work or call queue (US offices
# say it) but not for a line of people; "cancelled"/"cancelling" are accepted US spellings
# (Merriam-Webster lists both), as is "dialogue"; "lift" is flagged only where it names an
# elevator; "surgery" only where it names a doctor's office.
_IZE = ("organi", "recogni", "reali", "apologi", "prioriti", "authori", "minimi", "maximi",
        "emphasi", "summari", "criti", "speciali", "finali", "familiari", "standardi",
        "categori", "memori", "sympathi", "stabili", "mobili", "normali", "personali",
        "customi", "optimi", "itemi", "computeri", "visuali", "characteri", "hospitali",
        "immobili", "utili", "legitimi", "jeopardi", "scrutini", "agoni")
US_ENGLISH: tuple[tuple[str, str], ...] = (
    (r"\bmum(s|my|mies)?\b|\bmum's\b", "Mom"),
    (r"\bcar ?parks?\b", "parking lot (or parking garage)"),
    (r"\b(the|a|in|by|from|to|take|took|taking) lifts?\b(?! (her|his|their|my|your|it|the) )",
     "elevator"),
    (r"\blifts? (is|are|was|were|stopped|doors?)\b", "elevator"),
    (r"\brotas?\b", "schedule"),
    (r"\b(in|join|joined|jump|jumped|the|long|waiting) queues?\b(?! (of work|panel|of tasks))"
     r"(?!\w)|\bqueue(d|ing|s)? (up|outside|at the desk|for)\b|\bqueueing\b",
     "line (of people: 'wait in line')"),
    (r"\bcolour\w*", "color"),
    (r"\bcentre(s|d)?\b", "center"),
    (r"\b(" + "|".join(_IZE) + r")s(e|es|ed|ing|ation|ations|er|ers)\b", "-ize spelling"),
    (r"\bGP\b|\bGPs\b", "primary care doctor (PCP)"),
    (r"\b(GP|doctor's|doctors'|the doctor's) surgery\b|\bsurgery hours\b", "office"),
    (r"\bA&E\b|\bA and E\b|\bcasualty department\b", "the ER (emergency room)"),
    (r"\b(my|your|his|her|their|our|the|a|on|to|office|clinic|work) mobiles?\b"
     r"(?! (phone|app|device|unit|number|clinic|van))", "cell phone (or cell)"),
    (r"\bfortnights?\b", "two weeks"),
    (r"\bwhilst\b", "while"), (r"\bamongst\b", "among"),
    (r"\bon holiday\b|\bholidaying\b", "on vacation"),
    (r"\bcheques?\b", "check"), (r"\bprogrammes?\b", "program"),
    (r"\blicence\b", "license"), (r"\bpractis(e|es|ed|ing)\b", "practice (verb)"),
    (r"\b(travell|labell|modell|counsell|signall|fuell|totall)(ed|ing|er|ers|or|ors)\b",
     "single l (traveled, labeled)"),
    (r"\bgrey\b", "gray"), (r"\bjudgement\b", "judgment"),
    (r"\b(learnt|spelt|dreamt)\b", "learned/spelled/dreamed"),
    (r"\bpost ?codes?\b", "ZIP code"), (r"\bin the post\b", "in the mail"),
    (r"\b(behaviour|favour|honour|neighbour|humour|rumour|labour|flavour|odour|harbour|"
     r"endeavour|tumour|saviour|vapour)(s|ed|ing|ite|ites|hood|ly|able)?\b", "-or spelling"),
    (r"\b(defence|offence|pretence)\b", "-se spelling (defense)"),
    (r"\b(paediatric\w*|anaesthe\w*|haemo\w*|oesophag\w*|orthopaedic\w*|foetus|oedema)\b",
     "US medical spelling (pediatric, anesthesia, hemorrhage)"),
    (r"\benrolment\b|\bfulfil\b|\bfulfils\b", "enrollment / fulfill"),
    (r"\b(high|hi)-vis\b", "safety vest (high-visibility)"),
    (r"\b(rang|ringing|ring) (me|you|him|her|them|us) (back|up|later|again)\b|"
     r"\b(I'll|we'll|I will|we will|she'll|he'll|somebody|someone) (ring|rang)\b|"
     r"\brang the\b", "call"),
    (r"\b(chemist's|the chemist)\b", "pharmacy"),
    (r"\b(metre|litre|theatre|fibre)s?\b", "-er spelling (meter, theater)"),
    (r"\bmaths\b", "math"), (r"\bnapp(y|ies)\b", "diaper"),
    (r"\bpushchair\b|\bpram\b", "stroller"),
    (r"\bphoned (through|round)\b", "called"),
)
_US_RULES = [(re.compile(p, re.IGNORECASE), us) for p, us in US_ENGLISH]


def british_terms(text: str) -> list[tuple[str, str]]:
    """Every British form in ``text``, with the US word to use.

    Returns:
        (the form as written, the US replacement) for each hit, in text order.

    """
    hits: list[tuple[int, str, str]] = []
    for rule, us in _US_RULES:
        hits += [(m.start(), m.group(0), us) for m in rule.finditer(text)]
    return [(word, us) for _, word, us in sorted(hits)]


def language_problems(data: Any, pos: Positions, lines: list[str],
                      skip: tuple[str, ...] = ()) -> list[Problem]:
    """A problem for each British form in any text value of a content file.

    Args:
        data: The parsed file.
        pos: Where each value sits.
        lines: The file's text lines (to point at the exact line inside a long block).
        skip: Top-level keys not to check (their owners fix them apart).

    """
    out: list[Problem] = []
    for path, text in _strings(data, ()):
        if (path and path[0] in skip) or _SLUG.match(text):
            continue  # ids are names, not prose
        for word, us in british_terms(text):
            line, col = pos.locate(path)
            line = _line_of(lines, line, word) or line
            out.append(Problem(pos.file, line, col, format_path(path),
                               f"British English '{word}'", f"use US English: {us}"))
    return out


_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def curriculum_style_problems() -> list[Problem]:
    """US English in every curriculum file (competencies, glossary, quiz bank, path)."""
    from simulator.errors import ContentError
    from simulator.resources import data_dir

    root = data_dir("curriculum")
    out: list[Problem] = []
    for path in sorted(root.rglob("*.yaml")):
        try:
            out += style_problems(path, display=f"curriculum/{path.relative_to(root)}")
        except ContentError as exc:
            out += exc.problems
    return out


def style_problems(path: str | Path, display: str | None = None,
                   scenario: Scenario | None = None) -> list[Problem]:
    """US English in a content file, and for a scenario a coherent day.

    These run in ``scenario validate`` and ``curriculum check``, not when a scenario is
    loaded to play: a wording slip is the author's to fix, never a reason to refuse a shift.

    Args:
        path: The YAML file.
        display: The file name for messages.
        scenario: The validated scenario, when the file is one.

    """
    from simulator.yamlio import read_yaml_file

    data, pos = read_yaml_file(path, display=display)
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    out = language_problems(data, pos, lines)
    if scenario is not None:
        out += coherence_problems(scenario, pos)
    return sorted(out, key=lambda p: (p.line, p.col))


def style_warnings(path: str | Path, scenario: Scenario) -> list[Problem]:
    """What ``scenario validate`` and ``curriculum check`` print as warnings for a scenario."""
    from simulator.scenarios.sanity import sanity_warnings
    from simulator.yamlio import read_yaml_file

    _, pos = read_yaml_file(path)
    return crisis_warnings(scenario, pos) + sanity_warnings(scenario, pos)


def _strings(node: Any, path: PathKey) -> Iterable[tuple[PathKey, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, i))


def _line_of(lines: list[str], start: int, word: str) -> int | None:
    """The first line at or after ``start`` holding ``word`` (a block value spans lines)."""
    low = word.lower().split()[0]
    for n in range(max(start, 1), min(len(lines), start + 60) + 1):
        if low in lines[n - 1].lower():
            return n
    return None


# --- A coherent day ------------------------------------------------------------------------
#: Events that disrupt the whole clinic. A red-flag call is not one: any desk gets them.
CRISIS_KINDS = frozenset({"ehr_outage", "power_outage", "clinician_callout",
                          "medical_emergency", "threat"})
#: The most clinic-wide crises one shift of each tier holds: an everyday (core) day has one at
#: most; crisis days two; orientation none. Endless practice follows the same budget.
CRISIS_BUDGET: dict[str, int] = {"orientation": 0, "core": 1, "crisis": 2, "go-live": 2}


def crisis_warnings(scn: Scenario, pos: Positions) -> list[Problem]:
    """Clinic-wide crises beyond the tier's budget (a warning: the author decides)."""
    crises = [i for i, ev in enumerate(scn.events) if ev.kind in CRISIS_KINDS]
    budget = CRISIS_BUDGET[scn.tier]
    if len(crises) <= budget:
        return []
    kinds = ", ".join(scn.events[i].kind for i in crises)
    return [pos.problem(("events", crises[budget], "kind"),
                        f"a {scn.tier} day holds at most {budget} clinic-wide crisis(es); "
                        f"this one has {len(crises)} ({kinds})",
                        "move the extra crises to a crisis-tier scenario, or change the tier")]


def coherence_problems(scn: Scenario, pos: Positions) -> list[Problem]:
    """Greetings in a dialogue that do not fit the clock time of its event."""
    out: list[Problem] = []
    at_of = {getattr(ev, "dialogue", None): clock_to_minutes(ev.at) for ev in scn.events}
    for i, dlg in enumerate(scn.dialogues):
        minute = at_of.get(dlg.id)
        if minute is None:
            continue
        for j, beat in enumerate(dlg.beats):
            texts = [(("dialogues", i, "beats", j, "says"), beat.says)] + [
                (("dialogues", i, "beats", j, "choices", k, "text"), c.text)
                for k, c in enumerate(beat.choices)]
            for path, text in texts:
                wrong = _wrong_greeting(text, minute)
                if wrong:
                    out.append(pos.problem(path, f"'{wrong}' at {minute // 60:02d}:"
                                                 f"{minute % 60:02d}",
                                           "greet for the hour the event happens"))
    return out


def _wrong_greeting(text: str, minute: int) -> str | None:
    low = text.lower()
    fits = {"good morning": minute < 12 * 60, "good afternoon": 12 * 60 <= minute < 17 * 60,
            "good evening": minute >= 17 * 60}
    return next((g for g, ok in fits.items() if g in low and not ok), None)
