"""``frontdesk scenario new`` and ``frontdesk scenario preview``: for trainers who write."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from simulator.errors import ContentError
from simulator.fileio import atomic_write_text
from simulator.resources import scenarios_dir

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# {id}: describe the shift in one line. Validate with: frontdesk scenario validate {id}.yaml
id: {id}
title: My new shift                # shown in the picker
briefing: >-                       # plain words: what the trainee will face today
  A quiet afternoon with two clinicians. One patient's insurance card will not match.
difficulty: 2                      # 1 (gentle) to 5 (full load)
tier: core                         # orientation, core, crisis or go-live
situations: [insurance-discrepancy]
shift: {{start: "13:00", minutes: 240, time_scale: 30}}   # 30 shift seconds per real second

clinic:
  name: Riverside Family Clinic
  phone_lines: 3
  slot_minutes: 20
  appointment_types:
    - {{id: follow-up, name: Follow-up visit, minutes: 15, self_pay_price: 120}}
    - {{id: sick-visit, name: Same-day sick visit, minutes: 15, self_pay_price: 130}}
  providers:
    - {{id: dr-lee, title: Dr. Lee, hours: "13:00-17:00", booked: 0.8}}
    - {{id: dr-novak, title: Dr. Novak, hours: "13:00-17:00", booked: 0.7}}
  payers:
    - {{id: northwind, name: Northwind Health, member_prefix: NWH}}

patients:
  locales: [en_US, es_MX]
  self_pay: 0.1                    # share of patients without insurance
  discrepancies: {{member_id_transposed: 0.05}}

arrivals:                          # per hour, on top of the booked check-ins
  walk_ins_per_hour: 1
  calls_per_hour: {{scheduling: 3, refill: 1, billing: 1}}
  inbox_per_hour: {{referral: 0.5}}

events:                            # scripted situations at clock times
  - {{at: "14:10", id: wrong-card, kind: insurance_problem, problem: member_id_transposed}}

objectives: [technology.insurance-verification, privacy.identity-verification]
"""


def scenario_new(args: argparse.Namespace) -> int:
    """Write a commented scenario template that validates."""
    ident = args.id
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", ident):
        raise ContentError.single("<command line>", f"'{ident}' is not a valid scenario id",
                                  hint="use lower-case letters, digits and dashes")
    out = Path(args.out or f"{ident}.yaml")
    if out.exists() and not args.force:
        raise ContentError.single(str(out), "already exists", hint="use --force to replace it")
    schema = (scenarios_dir() / "scenario.schema.json").resolve()
    try:
        atomic_write_text(out, TEMPLATE.format(id=ident, schema=schema.as_uri()))
    except OSError as exc:
        raise ContentError.single(str(out), f"cannot write ({exc.strerror})") from None
    print(f"wrote {out}; edit it, then: frontdesk scenario validate {out}")
    return 0


def scenario_preview(args: argparse.Namespace) -> int:
    """Print the expanded timeline, with every hidden truth (for trainers only)."""
    from simulator.engine.expand import expand
    from simulator.scenarios import load_scenario

    scn = load_scenario(args.scenario)
    x = expand(scn, args.seed)
    patients = {p.id: p for p in x.patients}
    w = sys.stdout.write
    w(f"{scn.title} [{scn.id}] seed {args.seed}: {len(x.tasks)} tasks, {len(x.patients)} "
      f"patients. TRAINER'S EYES ONLY: hidden truths are shown.\n\n")
    for sys_event in x.systems:
        until = f" until {x.clock(sys_event.until)}" if sys_event.until is not None else ""
        w(f"{x.clock(sys_event.at)}  SYSTEM {sys_event.kind}{until} {sys_event.detail}\n")
    w("\n")
    for t in x.tasks:
        who = patients[t.patient_id].name if t.patient_id else "-"
        secret = {k: v for k, v in t.truth.items() if k != "hold_patience" and v}
        line = f"{x.clock(t.at)}  {t.urgency:<9} {t.kind:<17} {who:<26} {t.words[:70]}"
        w(line.rstrip() + "\n")
        if secret:
            w(f"{'':>8}hidden: {secret}\n")
    planted = [p for p in x.patients if p.truth_discrepancy]
    w(f"\nPlanted card/record mismatches ({len(planted)}):\n")
    for p in planted:
        w(f"  {p.name}: {p.truth_discrepancy.replace('_', ' ')}\n")
    return 0
