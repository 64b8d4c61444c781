"""A strict, safe YAML reader for content files, with line numbers for every value.

Trainers write scenarios and curriculum by hand, so the reader is unforgiving about the
things that are never intended and dangerous to accept, and exact about where a problem is:

* files over 1 MiB, bytes that are not UTF-8, and empty documents are refused;
* anchors, aliases (the billion-laughs bomb) and explicit tags (``!!python/...``) are
  refused before anything is built, so nothing is ever executed or expanded;
* nesting deeper than 64 levels is refused while the event stream is read, so a 3,000-level
  file cannot exhaust the stack;
* duplicate keys are refused with both locations.

The result is plain Python data (dict, list, str, int, float, bool, None) plus a
:class:`Positions` map from field paths to (line, column), used to place schema errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import BaseConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from simulator.contentcache import MAX_BYTES, read_content_bytes
from simulator.errors import ContentError
from simulator.positions import PathKey, Positions, format_path

__all__ = ["MAX_DEPTH", "MAX_NUMBER_CHARS", "PathKey", "Positions", "decode_content",
           "format_path", "parse_yaml_bytes", "parse_yaml_fast", "read_yaml_file"]

MAX_DEPTH = 64

#: The longest number a content file may hold, in characters (sign, digits, point and
#: exponent): every number the schema allows (a 64-bit seed at most) fits easily.
MAX_NUMBER_CHARS = 32


def read_yaml_file(path: str | Path, *, display: str | None = None) -> tuple[Any, Positions]:
    """Read and parse one YAML file strictly.

    Args:
        path: The file to read.
        display: The name to use in messages (defaults to ``path``).

    Returns:
        The plain data and its :class:`Positions`.

    Raises:
        ContentError: For any problem, located by line and column.

    """
    name = display or str(path)
    return parse_yaml_bytes(read_content_bytes(path, name), name)


def parse_yaml_bytes(raw: bytes, name: str) -> tuple[Any, Positions]:
    """Parse YAML from bytes with every safety rule of this module applied.

    Args:
        raw: The file's bytes.
        name: The file name used in messages.

    Returns:
        The plain data and its :class:`Positions`.

    Raises:
        ContentError: For any problem, located by line and column.

    """
    if len(raw) > MAX_BYTES:
        raise ContentError.single(name, f"file is over {MAX_BYTES:,} bytes (1 MiB)", line=1,
                                  col=1, hint="content files are limited to 1 MiB")
    text = decode_content(raw, name)
    yaml = YAML(typ="rt")
    try:
        _check_events(yaml, text, name)
        root = yaml.compose(text)
    except ContentError:
        raise
    except MarkedYAMLError as exc:
        raise _marked_error(exc, name) from None
    except (YAMLError, ValueError) as exc:  # ruamel raises ValueError on some bad input
        raise ContentError.single(name, f"YAML syntax error: {exc}", line=1, col=1) from None
    if root is None:
        raise ContentError.single(name, "file is empty", line=1, col=1,
                                  hint="a content file must hold a mapping of fields")
    positions = Positions(name)
    data = _build(root, (), positions, yaml.constructor)
    return data, positions


def parse_yaml_fast(raw: bytes, name: str) -> Any:
    """Parse a content file with the C parser, or return None to say "read it with ruamel".

    The size, encoding and emptiness checks are the same as :func:`parse_yaml_bytes`'s
    (a file failing them raises here too); see :mod:`simulator.yamlfast` for the rest.
    """
    from simulator.yamlfast import parse_fast

    if len(raw) > MAX_BYTES:
        return None
    return parse_fast(decode_content(raw, name), MAX_DEPTH)


def decode_content(raw: bytes, name: str) -> str:
    """Decode strict UTF-8 (pointing at the first bad byte) and refuse an empty file."""
    text = _decode(raw, name)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise ContentError.single(name, "file is empty", line=1, col=1,
                                  hint="a content file must hold a mapping of fields")
    return text


def _decode(raw: bytes, name: str) -> str:
    """Decode strict UTF-8, pointing at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ContentError.single(
            name, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", line=line, col=col,
            hint="save the file as UTF-8 (not Latin-1 or a binary file)") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ContentError.single(name, "file contains NUL bytes; it looks binary", line=line,
                                  col=1, hint="content files are UTF-8 text")
    return text


def _check_events(yaml: YAML, text: str, name: str) -> None:
    """Walk the event stream once, refusing anchors, aliases, tags and deep nesting."""
    depth = 0
    for event in yaml.parse(text):
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        if isinstance(event, AliasEvent):
            raise ContentError.single(
                name, f"alias '*{event.anchor}' is not allowed", line=line, col=col,
                hint="content files may not use anchors or aliases; write the value out")
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise ContentError.single(
                name, f"anchor '&{event.anchor}' is not allowed", line=line, col=col,
                hint="content files may not use anchors or aliases; write the value out")
        tag = getattr(event, "tag", None)
        if tag is not None and isinstance(event, NodeEvent):
            raise ContentError.single(
                name, f"tag '{tag}' is not allowed", line=line, col=col,
                hint="tags are never executed; remove it and write a plain value")
        if isinstance(event, MappingStartEvent | SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContentError.single(
                    name, f"nesting is deeper than {MAX_DEPTH} levels", line=line, col=col,
                    hint="flatten the structure")
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            depth -= 1


def _marked_error(exc: MarkedYAMLError, name: str) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    hint = "check indentation, colons and quotes near this spot"
    return ContentError.single(name, f"YAML syntax error: {problem}", line=line, col=col,
                               hint=hint)


def _build(node: Node, path: PathKey, pos: Positions, ctor: BaseConstructor) -> Any:
    """Turn a composed node into plain Python data, recording positions."""
    pos.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, ScalarNode):
                raise ContentError.single(pos.file, "mapping keys must be plain words",
                                          line=kline, col=kcol, path=format_path(path))
            key = str(key_node.value)
            if key in out:
                first = pos.keys[(*path, key)]
                raise ContentError.single(
                    pos.file, f"duplicate key '{key}'", line=kline, col=kcol,
                    path=format_path((*path, key)),
                    hint=f"it is already set on line {first[0]}; keep one")
            pos.keys[(*path, key)] = (kline, kcol)
            out[key] = _build(value_node, (*path, key), pos, ctor)
        return out
    if isinstance(node, SequenceNode):
        return [_build(item, (*path, i), pos, ctor) for i, item in enumerate(node.value)]
    if node.tag.endswith((":int", ":float")) and len(str(node.value)) > MAX_NUMBER_CHARS:
        # Refused before conversion: int() on thousands of digits is slow, then an error.
        line, col = pos.values[path]
        raise ContentError.single(
            pos.file, f"a number {len(str(node.value))} characters long is too long",
            line=line, col=col, path=format_path(path),
            hint=f"numbers here have at most {MAX_NUMBER_CHARS} characters")
    value = ctor.construct_object(node, deep=True)
    # Round-trip scalars are subclasses (ScalarInt, ScalarFloat, ...): hand out plain types.
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return bool(value) if node.tag.endswith(":bool") else int(value)
    if isinstance(value, float):
        return float(value)
    # Dates and everything else stay text: the schema decides what a value means.
    return str(value) if isinstance(value, str) else str(node.value)
