"""Certificate verification codes: what a certificate says, signed, checkable offline.

A code is ``FDS1-`` and the base32 of a 64-byte Ed25519 signature followed by the signed
text: compact JSON with the trainee's name, the assessment, the sitting, each part's
score, the date and the signing desk's key id. The QR code on the certificate holds the
same text. ``frontdesk verify CODE`` needs no network and no records database: the public
key comes from this desk's trust list (see ``keys``), so a code verifies on any desk that
trusts the desk which issued it. When the records are at hand too, it also says whether
the sitting is still on record.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import sys
from typing import Any

from simulator.records.keys import DeskKey, Trust, canonical

PREFIX = "FDS1-"
_CODE = re.compile(r"^FDS1-[A-Z2-7\s-]{100,}$", re.IGNORECASE)


def looks_like_code(text: str) -> bool:
    """Whether a command-line argument is a certificate code rather than an id or path."""
    return bool(_CODE.match(text.strip()))


def make_code(fields: dict[str, Any], key: DeskKey) -> str:
    """A verification code for certificate fields (signed by ``key``)."""
    body = canonical({**fields, "k": key.key_id})
    raw = key.sign_bytes(body) + body
    return PREFIX + base64.b32encode(raw).decode("ascii").rstrip("=")


def group(code: str, size: int = 6) -> str:
    """A code broken into groups for printing (verify accepts it either way)."""
    body = code.removeprefix(PREFIX)
    return PREFIX + " ".join(body[i:i + size] for i in range(0, len(body), size))


def read_code(text: str, trust: Trust) -> tuple[dict[str, Any] | None, str | None]:
    """Decode and check a code.

    Returns:
        (fields, None) when it is valid and signed by a trusted desk; (fields or None,
        reason) otherwise.
    """
    body = re.sub(r"[\s-]", "", text.strip()[len(PREFIX):]).upper()
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
        fields = json.loads(raw[64:].decode("ascii"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None, "this is not a complete verification code (a letter is missing or wrong)"
    if not isinstance(fields, dict):
        return None, "this is not a verification code"
    problem = trust.check_bytes(fields.get("k"), raw[64:], raw[:64])
    return fields, problem


def describe(fields: dict[str, Any]) -> str:
    """One line: who passed what, when, with which scores."""
    parts = ", ".join(f"{p[0]} {p[1]}" for p in fields.get("p", []))
    return (f"{fields.get('n')!s} passed '{fields.get('t')!s}' ({fields.get('a')!s}) on "
            f"{fields.get('d')!s}: {parts}; sitting {fields.get('s')!s}")


def verify_code(text: str) -> int:
    """``frontdesk verify CODE``: exit 0 when valid, 1 when not."""
    trust = Trust.load()
    fields, problem = read_code(text, trust)
    if problem:
        print(f"verification code: NOT VALID: {problem}", file=sys.stderr)
        if fields:
            print(f"  it claims: {describe(fields)}", file=sys.stderr)
        return 1
    assert fields is not None
    label = trust.keys[fields["k"]].get("label", "")
    print(f"verification code: valid: {describe(fields)}")
    print(f"  signed by desk {fields['k'][:12]} ({label}), which this desk trusts")
    note = _records_note(fields)
    if note:
        print(f"  {note}")
    return 0


def _records_note(fields: dict[str, Any]) -> str | None:
    """What the local records say about the sitting, if they are here (never required)."""
    from simulator.errors import ContentError

    try:
        from simulator.records.store import Store

        store = Store(create=False)
    except ContentError:
        return None
    try:
        rows = store.attempts(attempt_id=str(fields.get("s")))
        if not rows:
            return "the sitting is not in this desk's records (that is normal elsewhere)"
        from simulator.records.certificate import sitting_problems

        problems = sitting_problems(store, str(fields.get("s")))
        return ("the sitting is in this desk's records and still verifies" if not problems
                else "WARNING: the sitting is in this desk's records but "
                + "; ".join(problems))
    except ContentError as exc:
        return f"the records here could not be checked ({exc.problems[0].message})"
    finally:
        store.close()


__all__ = ["describe", "group", "looks_like_code", "make_code", "read_code", "verify_code"]
