"""The xAPI 1.0.3 statements of finished attempts and sittings (pure: no database, no clock).

For one sitting of an assessment (its parts share ``sitting_id``):

* one **sitting** statement: verb ``passed`` when every part passed with no critical fail,
  else ``failed``; object the assessment; ``result.completion`` says whether every part was
  played; ``duration`` the real time from the first part's start to the last part's end;
  ``context.registration`` the sitting's registration (the first part's);
* one statement per **part**: ``passed`` or ``failed`` with ``score.scaled`` (overall / 100),
  ``success``, ``completion: true`` and the real time played (``finished_at -
  created_at``); ``contextActivities.parent`` is the assessment;
* at most :data:`DECISION_LIMIT` **decisions** per part: dialogue replies (``answered``) and
  safety, privacy and downtime actions (``interacted``), with the part's scenario as
  ``parent`` and the assessment as ``grouping``.

Every statement of a sitting carries the sitting's registration, so an LRS query by
registration returns the whole sitting. An attempt outside an assessment (practice) is its
own sitting, without a sitting statement or assessment activity. A bot's sitting exported
on request is marked with the ``calibration`` context extension (the bot's name).

Ids are ``uuid5`` of fixed names (``"{attempt id}:{index}"``, ``"sitting:{sitting id}"``),
and timestamps come from the stored attempt, so the same records always give the same
statements and re-sending them never makes a second copy in an LRS. The actor here is the
placeholder pseudonymous account; :mod:`simulator.records.xapi_accounts` swaps in the
configured LMS account when statements leave the queue.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from simulator.records.timeutil import iso
from simulator.records.xapi_accounts import LEGACY_HOME, placeholder_actor

#: Activity and extension IRIs stay under the name they were first published with: an
#: LRS identifies activities by these ids, so changing them would split their history.
ACTIVITIES = f"{LEGACY_HOME}/xapi/activities"
EXTENSIONS = f"{LEGACY_HOME}/xapi/extensions"
CALIBRATION = f"{EXTENSIONS}/calibration"
XAPI_VERSION = "1.0.3"
#: Stable statement ids: uuid5 of this namespace and a name built from stored ids.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"{LEGACY_HOME}/xapi/statements")
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {name: {"id": ADL + name, "display": {"en-US": name}}
         for name in ("attempted", "answered", "completed", "passed", "failed", "interacted")}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
PLATFORM = "Front Desk Simulator"
#: At most this many decision statements per attempt.
DECISION_LIMIT = 8
#: Key decisions, most important first (used when an attempt has more than the limit).
DECISIONS = ("instruct_911", "call_emergency", "silent_alarm", "disclose",
             "refuse_disclosure", "move_bystanders", "switch_to_paper", "reroute_calls",
             "choose_reply")


def statement_id(attempt_id: str, index: int) -> str:
    """The stable id of an attempt's ``index``-th statement."""
    return str(uuid.uuid5(NAMESPACE, f"{attempt_id}:{index}"))


def sitting_statement_id(sitting_id: str) -> str:
    """The stable id of a sitting's own statement."""
    return str(uuid.uuid5(NAMESPACE, f"sitting:{sitting_id}"))


def iso_duration(seconds: float) -> str:
    """Seconds as an ISO 8601 duration (``PT2H5M``, ``PT1.5S``; ``PT0S`` for zero).

    Under a minute keeps tenths of a second (a two-second bot run is ``PT2.3S``, not
    ``PT2S``); longer times are whole seconds.
    """
    tenths = round(max(0.0, float(seconds)), 1)
    if tenths < 60:
        text = f"{tenths:.1f}".rstrip("0").rstrip(".")
        return f"PT{text}S" if tenths else "PT0S"
    whole = int(round(tenths))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + "".join(f"{v}{u}" for v, u in ((hours, "H"), (minutes, "M"), (secs, "S"))
                          if v)


def real_seconds(start: str | None, end: str | None) -> float:
    """The wall-clock seconds between two stored ISO 8601 UTC times (0 if either is unset)."""
    if not start or not end:
        return 0.0
    return max(0.0, (datetime.fromisoformat(end) - datetime.fromisoformat(start))
               .total_seconds())


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def assessment_activity(assessment_id: str, title: str | None) -> dict[str, Any]:
    """The assessment as an xAPI activity."""
    return {"id": f"{ACTIVITIES}/assessment/{assessment_id}", "objectType": "Activity",
            "definition": {"type": ASSESSMENT, "name": {"en-US": title or assessment_id}}}


def statements_for_attempt(row: dict[str, Any], commands: Iterable[dict[str, Any]] = (),
                           *, assessment_title: str | None = None,
                           registration: str | None = None,
                           calibration: str | None = None) -> list[dict[str, Any]]:
    """The xAPI statements of one finished attempt (one part of a sitting).

    Args:
        row: The attempt as :meth:`Store.attempt_row` returns it (every stored column; it
            holds the pseudonymous trainee id and no display name).
        commands: Its command rows (``seq``, ``tick``, ``command`` as JSON text or data).
        assessment_title: The assessment's title, for the assessment activity's name.
        registration: The sitting's registration (default: the attempt's own).
        calibration: The bot's name when a bot played (marks every statement).

    Returns:
        The attempt statement first, then at most :data:`DECISION_LIMIT` decisions in time
        order.

    Raises:
        ValueError: If the attempt has no result yet (it is still open).
    """
    card = _loads(row.get("scorecard"))
    if row.get("status") == "open" or not card or row.get("overall") is None:
        raise ValueError(f"attempt {row.get('id')} has no result yet")
    header = _loads(row["journal_header"])
    shift = header.get("shift", {})
    attempt_id = row["id"]
    start = datetime.fromisoformat(row["created_at"])
    end = row.get("finished_at") or row["created_at"]
    scale = max(1, int(row.get("time_scale") or shift.get("time_scale") or 1))
    begin = int(row.get("start_tick") or 0)
    context = _context(row, registration or row["registration"], calibration)
    scenario = {"id": f"{ACTIVITIES}/scenario/{row['scenario_id']}", "objectType": "Activity",
                "definition": {"type": SIMULATION,
                               "name": {"en-US": shift.get("title") or row["scenario_id"]}}}
    assessment = (assessment_activity(row["assessment_id"], assessment_title)
                  if row.get("assessment_id") else None)
    passed = bool(row["passed"])
    dims = _loads(row.get("dimensions")) or card.get("dimensions", {})
    result = {"score": {"scaled": round(int(row["overall"]) / 100, 4),
                        "raw": int(row["overall"]), "min": 0, "max": 100},
              "success": passed, "completion": True,
              # The real time spent, not the shift's simulated length.
              "duration": iso_duration(real_seconds(row["created_at"], end)),
              "extensions": {f"{EXTENSIONS}/dimensions": dims,
                             f"{EXTENSIONS}/critical-fails": [c["rule"] for c in
                                                              card.get("critical_fails", [])]}}
    main = {"id": statement_id(attempt_id, 0), "actor": placeholder_actor(row["trainee_id"]),
            "verb": VERBS["passed" if passed else "failed"], "object": scenario,
            "result": result, "context": _with_activities(context, parent=assessment),
            "timestamp": end}
    out = [main]
    decision_context = _with_activities(context, parent=scenario, grouping=assessment)
    critical_tasks = {c.get("task") for c in card.get("critical_fails", []) if c.get("task")}
    tasks = {t["id"]: t for t in shift.get("tasks", ()) if isinstance(t, dict) and "id" in t}
    finished = datetime.fromisoformat(end)
    for tick, command in _key_decisions(commands):
        task = tasks.get(command.get("task")) if command.get("task") else None
        # Simulated time mapped onto the real clock; never after the attempt ended (a bot
        # plays a shift in seconds).
        when = min(finished, start + timedelta(seconds=max(0, tick - begin) / scale))
        out.append(_decision(row, len(out), command, task, critical_tasks,
                             decision_context, iso(when)))
    return out


def _context(row: dict[str, Any], registration: str, calibration: str | None
             ) -> dict[str, Any]:
    extensions = {f"{EXTENSIONS}/attempt": row["id"], f"{EXTENSIONS}/seed": row["seed"],
                  f"{EXTENSIONS}/mode": row["mode"],
                  f"{EXTENSIONS}/sitting": row["sitting_id"],
                  f"{EXTENSIONS}/part": row["part"]}
    if calibration:
        extensions[CALIBRATION] = calibration
    return {"registration": registration, "platform": PLATFORM, "language": "en-US",
            "extensions": extensions}


def _with_activities(context: dict[str, Any], *, parent: dict[str, Any] | None = None,
                     grouping: dict[str, Any] | None = None) -> dict[str, Any]:
    activities = {k: [v] for k, v in (("parent", parent), ("grouping", grouping)) if v}
    return {**context, "contextActivities": activities} if activities else dict(context)


def _key_decisions(commands: Iterable[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """The attempt's key decisions: the most important ones up to the limit, in time order."""
    found = []
    for row in commands:
        command = _loads(row["command"])
        if command.get("type") in DECISIONS:
            found.append((DECISIONS.index(command["type"]), row["seq"], row["tick"], command))
    chosen = sorted(found, key=lambda f: (f[0], f[1]))[:DECISION_LIMIT]
    return [(tick, command) for _, _, tick, command in sorted(chosen, key=lambda f: f[1])]


def _decision(row: dict[str, Any], index: int, command: dict[str, Any],
              task: dict[str, Any] | None, critical_tasks: set[str],
              context: dict[str, Any], timestamp: str) -> dict[str, Any]:
    kind = command["type"]
    scenario = row["scenario_id"]
    if kind == "choose_reply" and task and task.get("dialogue_id"):
        verb = VERBS["answered"]
        dialogue = task["dialogue_id"]
        target = {"id": f"{ACTIVITIES}/scenario/{scenario}/dialogue/{dialogue}",
                  "name": f"Conversation: {dialogue}"}
        response = f"reply {command.get('choice')}"
    else:
        verb = VERBS["interacted"]
        event = (task or {}).get("event_id")
        if event:
            target = {"id": f"{ACTIVITIES}/scenario/{scenario}/event/{event}",
                      "name": f"{(task or {}).get('kind', 'event')}: {event}"}
        else:
            target = {"id": f"{ACTIVITIES}/scenario/{scenario}/action/{kind}",
                      "name": kind.replace("_", " ")}
        extra = command.get("via") or command.get("who") or command.get("to")
        response = kind + (f" ({extra})" if extra else "")
    result: dict[str, Any] = {"response": response}
    if command.get("task") in critical_tasks:
        result["success"] = False
    if command.get("task"):
        result["extensions"] = {f"{EXTENSIONS}/task": command["task"]}
    return {"id": statement_id(row["id"], index), "actor": placeholder_actor(row["trainee_id"]),
            "verb": verb,
            "object": {"id": target["id"], "objectType": "Activity",
                       "definition": {"type": INTERACTION,
                                      "name": {"en-US": target["name"]}}},
            "result": result, "context": context, "timestamp": timestamp}


def sitting_passed(parts: list[dict[str, Any]], expected: int) -> bool:
    """Whether a sitting passed: every expected part played and passed, no critical fail."""
    return len(parts) >= expected and all(
        p["status"] != "open" and p.get("passed") and not p.get("critical_fails")
        for p in parts)


def sitting_statement(parts: list[dict[str, Any]], *, expected: int,
                      assessment_title: str | None = None,
                      calibration: str | None = None) -> dict[str, Any]:
    """The statement for a whole sitting of an assessment.

    Args:
        parts: The sitting's closed attempts as :meth:`Store.attempts` gives them (with
            ``attempt_id``, ``part``, ``passed``, ``critical_fails`` as a count or list,
            ``overall``, ``registration``, ``created_at`` and ``finished_at``).
        expected: How many parts the assessment has (fewer played: not complete).
        assessment_title: The assessment's title.
        calibration: The bot's name when a bot played.

    Raises:
        ValueError: If there are no parts, a part is open, or they are not one sitting.
    """
    if not parts:
        raise ValueError("a sitting needs at least one part")
    parts = sorted(parts, key=lambda p: p["part"])
    first = parts[0]
    if {p["sitting_id"] for p in parts} != {first["sitting_id"]} or not first["assessment_id"]:
        raise ValueError("the parts do not belong to one sitting of an assessment")
    if any(p["status"] == "open" for p in parts):
        raise ValueError(f"sitting {first['sitting_id']} is still in progress")
    passed = sitting_passed(parts, expected)
    critical = sum(len(c) if isinstance(c, list) else int(c or 0)
                   for c in (p.get("critical_fails") for p in parts))
    start = min(p["created_at"] for p in parts)
    end = max(p["finished_at"] or p["created_at"] for p in parts)
    extensions: dict[str, Any] = {
        f"{EXTENSIONS}/sitting": first["sitting_id"],
        f"{EXTENSIONS}/mode": first.get("mode") or "assessment"}
    if calibration:
        extensions[CALIBRATION] = calibration
    return {
        "id": sitting_statement_id(first["sitting_id"]),
        "actor": placeholder_actor(first["trainee_id"]),
        "verb": VERBS["passed" if passed else "failed"],
        "object": assessment_activity(first["assessment_id"], assessment_title),
        "result": {"success": passed, "completion": len(parts) >= expected,
                   "duration": iso_duration(real_seconds(start, end)),
                   "extensions": {
                       f"{EXTENSIONS}/parts": expected,
                       f"{EXTENSIONS}/parts-played": len(parts),
                       f"{EXTENSIONS}/parts-passed": sum(1 for p in parts if p.get("passed")),
                       f"{EXTENSIONS}/critical-fails": critical,
                       f"{EXTENSIONS}/attempts": [p["attempt_id"] for p in parts]}},
        "context": {"registration": first["registration"], "platform": PLATFORM,
                    "language": "en-US", "extensions": extensions},
        "timestamp": end,
    }


__all__ = ["ACTIVITIES", "CALIBRATION", "DECISIONS", "DECISION_LIMIT", "EXTENSIONS",
           "NAMESPACE", "VERBS", "XAPI_VERSION", "assessment_activity", "iso_duration",
           "real_seconds", "sitting_passed", "sitting_statement", "sitting_statement_id",
           "statement_id", "statements_for_attempt"]
