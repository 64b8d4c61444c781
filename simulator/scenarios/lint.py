"""Cross-reference checks a schema cannot express: ids that must exist, be unique, fit the day.

Like Ren'Py's lint, these run after the schema accepts a file and report every problem at
once, each at the line of the offending value.
"""

from __future__ import annotations

from collections.abc import Iterable

from simulator.errors import Problem
from simulator.scenarios.schema import Scenario
from simulator.scenarios.types import clock_to_minutes
from simulator.yamlio import PathKey, Positions


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
        for j, tid in enumerate(payer.preauth_required):
            if tid not in type_ids:
                out.append(_missing(pos, ("clinic", "payers", i, "preauth_required", j),
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
                                 ("appointment_type", type_ids, "appointment type")):
            value = getattr(ev, field, None)
            if value is not None and value not in ids:
                out.append(_missing(pos, ("events", i, field), what, value, ids))
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
    return out


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
