"""How an attempt is kept compactly: the shared shift, packed texts and the report summary.

An attempt's journal header carries the whole expanded shift (about 120 kB), the same for
every attempt at one scenario and seed. The store keeps that shift once, in ``shifts``
under the SHA-256 of its text, and the attempt's header with ``"shift":null`` in its place
(``shift_at`` says where). :func:`join_header` puts it back byte for byte, so the digest the
seals signed is the digest of the same text, before and after.

A finished attempt's ScoreCard and its command rows are kept zlib-compressed, starting
from a preset dictionary of the strings such texts share (about a seventh of the text),
and beside them a small :func:`summary` of what the cohort report reads, so a report over
thousands of attempts never opens a ScoreCard.

Everything here is pure: text in, text or bytes out (the dictionaries are package files).
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from simulator import jsontext

#: How a reply's rating reads inside its feedback text (see scoring.feedback._reply_texts).
_REPLY_RATING = re.compile(r"\((best|good|weak|harmful|critical) for someone at the|"
                           r"a reply rated (best|good|weak|harmful|critical)\b")
#: What the header keeps where the shift was.
PLACEHOLDER = "null"
_SHIFT_KEY = '"shift":'
#: Compression level for packed texts: 9 packs command rows 8 % smaller than zlib's usual 6,
#: for about a millisecond more, once, when an attempt is scored.
LEVEL = 9


def canonical_text(data: Any) -> str:
    """Canonical JSON text (sorted keys, no spaces, ASCII): how stored JSON is written."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def shift_digest(shift_text: str) -> str:
    """The content address of a shift's text (SHA-256 hex)."""
    return hashlib.sha256(shift_text.encode("utf-8")).hexdigest()


def split_header(header_text: str) -> tuple[str, str, int] | None:
    """Cut the shift out of a canonical journal header.

    Returns:
        ``(header with "shift":null, shift text, offset of the null)``, or None when the
        header is not in the canonical form whose shift can be cut out and put back
        exactly (an older or hand-made header is then kept whole).
    """
    try:
        header = json.loads(header_text)
    except ValueError:
        return None
    if not isinstance(header, dict) or not isinstance(header.get("shift"), dict):
        return None
    shift_text = canonical_text(header["shift"])
    marker = _SHIFT_KEY + shift_text
    at = header_text.find(marker)
    if at < 0 or header_text.find(marker, at + 1) >= 0:
        return None
    at += len(_SHIFT_KEY)
    cut = header_text[:at] + PLACEHOLDER + header_text[at + len(shift_text):]
    if join_header(cut, shift_text, at) != header_text:
        return None
    return cut, shift_text, at


def join_header(cut: str, shift_text: str, at: int) -> str:
    """The whole header again (see :func:`split_header`).

    Raises:
        ValueError: If ``cut`` does not hold the placeholder at ``at`` (a damaged row).
    """
    if cut[at:at + len(PLACEHOLDER)] != PLACEHOLDER or cut[:at][-len(_SHIFT_KEY):] != _SHIFT_KEY:
        raise ValueError("the stored header has no shift placeholder where it should")
    return cut[:at] + shift_text + cut[at + len(PLACEHOLDER):]


#: Every preset dictionary ever shipped, by file, with its zlib checksum (the DICTID a
#: packed text names it by). Never edit or drop one: texts packed with it need it to be
#: read. ``scripts/make_pack_dictionaries.py`` writes new ones with the next number.
DICTIONARIES = {"scorecard-1.txt": 0x7645983F, "commands-1.txt": 0x6E787A09}
#: The dictionary new texts of each kind are packed with.
CURRENT = {"scorecard": "scorecard-1.txt", "commands": "commands-1.txt"}
_FOLDER = Path(__file__).with_name("dictionaries")
_FDICT = 0x20


@cache
def _dictionary(name: str) -> bytes:
    data = (_FOLDER / name).read_bytes()
    if zlib.adler32(data) != DICTIONARIES[name]:
        raise ValueError(f"the packing dictionary {name} was changed; records packed with "
                         "it cannot be read (restore the file shipped with the program)")
    return data


@cache
def _by_checksum() -> dict[int, str]:
    return {checksum: name for name, checksum in DICTIONARIES.items()}


def stored_json(text: Any) -> Any:
    """Stored JSON text, parsed; None when there is none or it is damaged.

    Damaged is not JSON, or not text at all; callers that must say so (verify) compare the
    result with what was signed.
    """
    try:
        return jsontext.loads(text) if text else None
    except (TypeError, ValueError):
        return None


def pack(text: str, kind: str | None = None) -> bytes:
    """Compress stored text, with the preset dictionary of its ``kind`` if it has one."""
    name = CURRENT.get(kind or "")
    if name is None:
        return zlib.compress(text.encode("utf-8"), LEVEL)
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, zlib.MAX_WBITS, 8,
                              zlib.Z_DEFAULT_STRATEGY, _dictionary(name))
    return packer.compress(text.encode("utf-8")) + packer.flush()


def unpack(data: bytes | memoryview | None) -> str | None:
    """The text of :func:`pack` (None stays None); the stream names its dictionary.

    Raises:
        ValueError: If the bytes are not a packed text, or not bytes at all (damaged: SQLite
            keeps whatever a column is given).
    """
    if data is None:
        return None
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValueError(f"packed data is {type(data).__name__}, not bytes (damaged)")
    raw = bytes(data)
    try:
        if len(raw) >= 6 and raw[1] & _FDICT:
            name = _by_checksum().get(int.from_bytes(raw[2:6], "big"))
            if name is None:
                raise ValueError("packed with a dictionary this program does not have")
            reader = zlib.decompressobj(zlib.MAX_WBITS, _dictionary(name))
            out = reader.decompress(raw) + reader.flush()
            if not reader.eof:
                raise ValueError("packed data is damaged (cut short)")
            return out.decode("utf-8")
        return zlib.decompress(raw).decode("utf-8")
    except (zlib.error, UnicodeDecodeError) as exc:
        raise ValueError(f"packed data is damaged ({exc})") from None


def pack_commands(rows: list[dict[str, Any]]) -> bytes:
    """A finished attempt's command rows (``seq``, ``tick``, ``command`` text), packed.

    The command texts are kept exactly as they were stored (the commands' digest is of
    their parsed form, but verify also reports a row that no longer parses).
    """
    return pack(json.dumps([[r["seq"], r["tick"], r["command"]] for r in rows],
                           separators=(",", ":")), "commands")


def unpack_commands(data: bytes | memoryview) -> list[dict[str, Any]]:
    """The rows of :func:`pack_commands`.

    Raises:
        ValueError: If the packed rows are damaged.
    """
    items = json.loads(unpack(data) or "null")
    if not isinstance(items, list) or not all(
            isinstance(i, list) and len(i) == 3 and isinstance(i[2], str) for i in items):
        raise ValueError("packed command rows are damaged")
    return [{"seq": s, "tick": t, "command": c} for s, t, c in items]


def summary(card: dict[str, Any]) -> dict[str, Any]:
    """What the cohort report reads of a ScoreCard, small enough to read 50,000 of.

    Counted once per attempt, as the report counts them (an attempt with three weak
    replies in one conversation tripped there once), and without the long texts: the
    report takes those (a kind's competency and expert move, a moment's time and words, a
    rule's reason) from the ScoreCard of the first attempt that shows each, by ``index``.

    * ``competencies``: competency -> ``[earned, possible]``;
    * ``kinds``: each kind of mistake (see :func:`is_mistake`) as ``[code, dimension,
      times, critical, index]``: how often it happened in all, whether any was critical
      (0 or 1), and the feedback index of the first;
    * ``moments``: each task a mistake happened at as ``[task, code, critical, index]``;
    * ``criticals``: each rule broken as ``[rule, times, index]`` (in ``critical_fails``);
    * ``pass_marks`` as scored.
    """
    kinds: dict[tuple[str, str], list[Any]] = {}
    moments: dict[tuple[str, str], list[Any]] = {}
    for index, item in enumerate(card.get("feedback") or ()):
        if not is_mistake(item):
            continue
        code, critical = item.get("code"), int(bool(item.get("critical")))
        kind = kinds.setdefault((code, item.get("dimension")),
                                [code, item.get("dimension"), 0, 0, index])
        kind[2] += int(item.get("count") or 1)
        kind[3] |= critical
        if item.get("task"):
            moment = moments.setdefault((item["task"], code), [item["task"], code, 0, index])
            moment[2] |= critical
    rules: dict[str, list[Any]] = {}
    for index, fail in enumerate(card.get("critical_fails") or ()):
        rule = rules.setdefault(str(fail.get("rule")), [str(fail.get("rule")), 0, index])
        rule[1] += 1
    return {
        "v": 3,
        "pass_marks": dict(card.get("pass_marks") or {}),
        "competencies": {c: [int(s.get("earned", 0)), int(s.get("possible", 0))]
                         for c, s in (card.get("competencies") or {}).items()},
        "kinds": list(kinds.values()),
        "moments": list(moments.values()),
        "criticals": list(rules.values()),
    }


def summary_text(card: dict[str, Any]) -> str:
    """:func:`summary` as the canonical text the store keeps (and the seal covers)."""
    return canonical_text(summary(card))


def is_mistake(item: dict[str, Any]) -> bool:
    """A feedback item that is a real mistake: it cost points or was critical.

    A reply its author rated best or good loses a point or two for not suiting the
    person's stage, but the trainee answered well: that is no trip-up.
    """
    if item.get("critical"):
        return True
    if int(item.get("impact") or 0) <= 0:
        return False
    if item.get("code") == "reply":
        meaning = item.get("meaning")
        if meaning is None:
            found = _REPLY_RATING.search(str(item.get("what") or ""))
            meaning = (found.group(1) or found.group(2)) if found else None
        return meaning not in ("best", "good")
    return True


__all__ = ["canonical_text", "is_mistake", "join_header", "pack",
           "pack_commands", "shift_digest", "split_header", "summary", "summary_text",
           "unpack", "unpack_commands"]
