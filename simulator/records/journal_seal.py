"""Signed plain journals, and ``frontdesk verify JOURNAL``.

A plain journal (``simulate --journal``, or an assessment-mode shift played without the
records store) ends with a trailer that carries the desk key's id and an Ed25519 signature
over the whole journal: the header (scenario id and digest, seed, the expanded shift with
its roster and rubric, pass marks), every command with its tick, and the outcome count and
hash. Removing a command and recomputing the hash, changing a patient's name, the seed or
a pass mark: each breaks the signature.

``verify`` also re-derives the header where it can: when the scenario named in the header
is shipped (or given with ``--scenario``) and its digest matches, it is expanded again with
the header's seed and compared field by field, so the message names what was changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from simulator.engine import journal
from simulator.records.keys import DeskKey, Trust

#: How many differing fields of a re-derived header are listed.
MAX_DIFFS = 8


def document(header: dict[str, Any], commands: list[dict[str, Any]], outcomes: int,
             outcome_hash: str, key_id: str) -> dict[str, Any]:
    """What a journal's signature covers."""
    return {"kind": "journal", "v": 2, "key_id": key_id, "header": header,
            "commands": commands, "outcomes": outcomes, "outcome_hash": outcome_hash}


def command_rows(commands: Any) -> list[dict[str, Any]]:
    """``(tick, Command)`` pairs in the signed form."""
    return [{"tick": tick, "command": cmd.model_dump(mode="json")} for tick, cmd in commands]


def signed_trailer(header: dict[str, Any], commands: Any, outcomes: int, outcome_hash: str,
                   key: DeskKey) -> dict[str, Any]:
    """The trailer line of a signed journal."""
    doc = document(header, command_rows(commands), outcomes, outcome_hash, key.key_id)
    return {"type": "trailer", "outcomes": outcomes, "outcome_hash": outcome_hash,
            "key_id": key.key_id, "signature": key.sign(doc)}


def sign_text(text: str, key: DeskKey) -> str:
    """Journal text (as ``journal.dumps`` makes it) with a signed trailer."""
    parsed = journal.loads(text)
    trailer = parsed.trailer or {}
    lines = text.rstrip("\n").split("\n")
    signed = signed_trailer(parsed.header, parsed.commands, trailer.get("outcomes", 0),
                            trailer.get("outcome_hash", ""), key)
    lines[-1] = json.dumps(signed, sort_keys=True, separators=(",", ":"))
    return "\n".join(lines) + "\n"


def signature_problems(parsed: journal.Journal, trust: Trust) -> list[str]:
    """Why a journal's signature does not count (empty when it does)."""
    trailer = parsed.trailer or {}
    if not trailer.get("signature"):
        return ["the journal is not signed, so an edit that keeps the outcome hash "
                "consistent cannot be ruled out"]
    doc = document(parsed.header, command_rows(parsed.commands), trailer.get("outcomes"),
                   trailer.get("outcome_hash"), trailer.get("key_id"))
    problem = trust.check(trailer.get("key_id"), doc, trailer.get("signature"))
    return [f"the journal's signature does not count: {problem}"] if problem else []


def rederive(header: dict[str, Any], scenario: str | Path | None = None
             ) -> tuple[str, list[str]]:
    """Expand the header's scenario again with its seed and compare.

    Returns:
        (what was compared against, the differing fields); an empty list when it matches.
        When the scenario is not available the first item says why and the list is empty.
    """
    from simulator.engine.expand import expand
    from simulator.errors import ContentError
    from simulator.scenarios import load_scenario_file, resolve_scenario_path, scenario_digest

    shift = header.get("shift") if isinstance(header.get("shift"), dict) else {}
    mixed = [f"{k} is {header.get(k)!r} but its shift says {shift.get(k)!r}"
             for k in ("scenario_id", "seed") if header.get(k) != shift.get(k)]
    if mixed:
        return "the header's own shift", mixed
    ref = str(scenario) if scenario else str(header.get("scenario_id") or "")
    try:
        path = resolve_scenario_path(ref)
        if not Path(path).is_file():
            return f"scenario '{ref}' is not available here: header not re-derived", []
        sha = scenario_digest(path)
        if header.get("scenario_sha256") and sha != header.get("scenario_sha256"):
            return (f"scenario '{ref}' here has digest {sha[:12]}, the header records "
                    f"{str(header.get('scenario_sha256'))[:12]}", ["scenario_sha256"])
        expanded = expand(load_scenario_file(path), int(header.get("seed", -1)))
    except (ContentError, ValueError, TypeError) as exc:
        return f"scenario '{ref}' cannot be expanded here ({exc})", []
    fresh = {"scenario_id": expanded.scenario_id, "seed": expanded.seed,
             "shift": expanded.model_dump(mode="json")}
    diffs: list[str] = []
    _diff(fresh, {k: header.get(k) for k in fresh}, "", diffs)
    return f"scenario '{ref}' expanded with seed {expanded.seed}", diffs


def _diff(want: Any, got: Any, path: str, out: list[str]) -> None:
    if len(out) >= MAX_DIFFS or want == got:
        return
    if isinstance(want, dict) and isinstance(got, dict):
        for key in sorted(set(want) | set(got)):
            _diff(want.get(key), got.get(key), f"{path}.{key}" if path else str(key), out)
    elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (a, b) in enumerate(zip(want, got, strict=True)):
            _diff(a, b, f"{path}[{i}]", out)
    else:
        shown = repr(got) if len(repr(got)) < 60 else "a different value"
        out.append(f"{path} is {shown}, the scenario gives "
                   f"{repr(want) if len(repr(want)) < 60 else 'another'}")


__all__ = ["document", "rederive", "sign_text", "signature_problems", "signed_trailer"]
