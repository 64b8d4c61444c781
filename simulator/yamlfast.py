"""The fast path for reading a content file: libyaml's C parser, and nothing it is unsure of.

:mod:`simulator.yamlio` reads content with ruamel.yaml, which knows the line and column of
every value and words each problem for a trainer, but is pure Python: about 90 ms for a
large scenario. Most files are fine, so they are first read here, with the C parser that
PyYAML ships, into exactly the plain data ruamel would give, and without positions.

The fast path gives up (returns None) on anything it does not handle identically, and the
caller then reads the file with ruamel, which either gives the same data or the located
error: anchors, aliases, tags and directives; more than one document; nesting deeper than
:data:`~simulator.yamlio.MAX_DEPTH`; a key that is not a plain scalar; a duplicate key; any
syntax error; any tab character; and every plain scalar whose YAML 1.2 meaning is not
simple (octal, hex, binary, underscores, leading zeros, very long numbers, infinities, NaN,
merge keys).
Plain scalars are resolved with ruamel's own YAML 1.2 resolver, so ``yes`` stays text and
``08:30`` is not a sexagesimal number, as in ruamel. The tests compare both readers on every
shipped and test content file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Plain numbers converted here; any other spelling YAML 1.2 calls a number goes to ruamel.
_SIMPLE_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")
_SIMPLE_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})\.[0-9]{1,17}")
_TRUE = frozenset({"true", "True", "TRUE"})
_TAG = "tag:yaml.org,2002:"


class _Unsure(Exception):
    """The fast path cannot promise ruamel's result for this file."""


@lru_cache(maxsize=1)
def _c_parser() -> Any:
    """PyYAML's C parser class, or None when PyYAML was built without libyaml."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - a PyYAML built without libyaml
        return None
    return CParser


@lru_cache(maxsize=1)
def _resolver() -> Any:
    from ruamel.yaml.resolver import VersionedResolver

    return VersionedResolver(version=(1, 2))


def parse_fast(text: str, max_depth: int) -> Any:
    """Parse ``text`` into plain data as :func:`simulator.yamlio.parse_yaml_bytes` would.

    Args:
        text: The decoded file (already checked for size, encoding and emptiness).
        max_depth: The deepest nesting allowed.

    Returns:
        The plain data, or None when the fast path is unsure (read it with ruamel then).

    """
    parser_cls = _c_parser()
    if parser_cls is None or "\t" in text:
        # libyaml and ruamel disagree on some tabs (inside a plain scalar, say): ruamel
        # refuses them with a position, so a file with a tab always takes that path.
        return None
    parser = parser_cls(text)
    try:
        return _Builder(parser, max_depth).document()
    except _Unsure:
        return None
    except Exception:  # noqa: BLE001 - a libyaml error: ruamel words it with its position
        return None
    finally:
        parser.dispose()


class _Builder:
    """Build plain data from the parser's event stream, refusing what ruamel would refuse."""

    def __init__(self, parser: Any, max_depth: int) -> None:
        self.parser = parser
        self.max_depth = max_depth
        self.resolve = _resolver().resolve
        import yaml.events

        self.events = yaml.events

    def document(self) -> Any:
        ev = self.events
        if not isinstance(self.parser.get_event(), ev.StreamStartEvent):
            raise _Unsure
        start = self.parser.get_event()
        if not isinstance(start, ev.DocumentStartEvent) or start.version or start.tags:
            raise _Unsure
        data = self.node(self.parser.get_event(), 0)
        if not isinstance(self.parser.get_event(), ev.DocumentEndEvent):
            raise _Unsure
        if not isinstance(self.parser.get_event(), ev.StreamEndEvent):
            raise _Unsure  # a second document: ruamel refuses it with its line
        return data

    def node(self, event: Any, depth: int) -> Any:
        ev = self.events
        if isinstance(event, ev.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Unsure
        if isinstance(event, ev.ScalarEvent):
            if event.tag is not None and event.tag != "!":
                raise _Unsure
            return self.scalar(event)
        if event.tag is not None:
            raise _Unsure
        if depth + 1 > self.max_depth:
            raise _Unsure
        if isinstance(event, ev.SequenceStartEvent):
            items = []
            while not isinstance(nxt := self.parser.get_event(), ev.SequenceEndEvent):
                items.append(self.node(nxt, depth + 1))
            return items
        if isinstance(event, ev.MappingStartEvent):
            out: dict[str, Any] = {}
            while not isinstance(key := self.parser.get_event(), ev.MappingEndEvent):
                if (not isinstance(key, ev.ScalarEvent) or key.anchor is not None
                        or key.tag is not None):
                    raise _Unsure
                if key.value in out:
                    raise _Unsure  # ruamel names both lines
                out[key.value] = self.node(self.parser.get_event(), depth + 1)
            return out
        raise _Unsure

    def scalar(self, event: Any) -> Any:
        value: str = event.value
        if event.tag == "!" or event.style:
            # Quoted and block scalars are text; a bare "!" tag is refused by ruamel's
            # reader, so leave it to ruamel.
            if event.tag == "!":
                raise _Unsure
            return value
        from ruamel.yaml.nodes import ScalarNode

        tag = str(self.resolve(ScalarNode, value, (True, False)))
        kind = tag[len(_TAG):] if tag.startswith(_TAG) else ""
        if kind == "str" or kind == "timestamp":
            return value  # dates stay text: the schema decides what a value means
        if kind == "null":
            return None
        if kind == "bool":
            return value in _TRUE
        if kind == "int" and _SIMPLE_INT.fullmatch(value):
            return int(value)
        if kind == "float" and _SIMPLE_FLOAT.fullmatch(value):
            return float(value)
        raise _Unsure
