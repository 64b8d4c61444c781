"""Validate loaded YAML data against a pydantic model, reporting every error by line.

pydantic reports all errors in one pass; this module turns each into a
:class:`~simulator.errors.Problem` at the right line of the source file, adds a
"did you mean" for misspelled keys, and words the common cases for a trainer rather than
a programmer.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from simulator.errors import ContentError, Problem
from simulator.positions import PathKey, Positions, format_path

M = TypeVar("M", bound=BaseModel)


#: A content file's own checks beyond its schema (lint, synthetic data): problems found in
#: the validated model and its plain data, located through the positions.
Check = Callable[[Any, Any, Positions], list[Problem]]


def load_model(model: type[M], path: str | Path, *, display: str | None = None,
               check: Check | None = None, depends: str = "") -> M:
    """Read a YAML file strictly and validate it as ``model``, through the content cache.

    Args:
        model: The pydantic model of the whole document.
        path: The file to read.
        display: The file name to use in messages.
        check: More checks of the file (lint); any problem they find is an error.
        depends: A digest of what else ``check`` reads (another file), so the cached result
            is not reused once that changes.

    Returns:
        The validated, frozen model (the same object for the same bytes in a process).

    Raises:
        ContentError: With every problem found, each located by line.

    """
    from simulator.contentcache import cached, read_content_bytes

    name = display or str(path)
    raw = read_content_bytes(path, name)
    kind = f"{model.__module__}.{model.__qualname__}"
    if check is not None:
        kind += f"+{check.__module__}.{check.__qualname__}"
    if depends:
        kind += f"+{depends}"
    return cached(kind, raw, lambda: validate_bytes(model, raw, name, check))


def validate_bytes(model: type[M], raw: bytes, name: str, check: Check | None = None) -> M:
    """Parse and validate a content file's bytes: the C parser first, ruamel on any doubt.

    A file the fast path reads, the schema accepts and ``check`` passes is done without
    positions. Anything else is read again with ruamel, whose positions place every
    problem at its line and column exactly as before the fast path existed.

    Raises:
        ContentError: With every problem found, each located by line.

    """
    # Imported here: a file served from the content cache is never parsed.
    from simulator.yamlio import parse_yaml_bytes, parse_yaml_fast

    data = parse_yaml_fast(raw, name)
    if isinstance(data, dict):
        try:
            found = model.model_validate(data)
        except ValidationError:
            pass
        else:
            if check is None or not check(found, data, Positions(name)):
                return found
    data, positions = parse_yaml_bytes(raw, name)
    found = validate_data(model, data, positions)
    if check is not None and (problems := check(found, data, positions)):
        raise ContentError(sorted(problems, key=lambda p: (p.line, p.col)))
    return found


def validate_data(model: type[M], data: Any, positions: Positions) -> M:
    """Validate already-loaded data as ``model``, mapping errors to file positions."""
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        kind = {"list": "a list", "str": "a single text value", "int": "a number",
                "float": "a number", "bool": "true/false"}.get(kind, kind)
        raise ContentError([positions.problem(
            (), f"the top level is {kind}, but a mapping of fields is expected",
            f"start the file with '{_first_field(model)}: ...'")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ContentError(problems_from(exc, model, data, positions)) from None


def problems_from(exc: ValidationError, model: type[BaseModel], data: Any,
                  positions: Positions) -> list[Problem]:
    """Convert a pydantic ValidationError into located, worded problems."""
    problems = []
    for err in exc.errors(include_url=False):
        path = data_path(data, err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            key = path[-1] if path else ""
            allowed = sorted(fields_at(model, err["loc"][:-1]))
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else (
                "allowed fields: " + ", ".join(allowed) if allowed else "remove it")
            problems.append(positions.problem(path, f"unknown field '{key}'", hint,
                                              prefer_key=True))
        elif kind == "missing":
            line, col = positions.locate(path[:-1], prefer_key=True)
            problems.append(Problem(positions.file, line, col, format_path(path),
                                    "required field is missing", f"add '{path[-1]}: ...'"))
        elif kind == "union_tag_invalid":
            ctx = err.get("ctx", {})
            problems.append(positions.problem(
                (*path, ctx.get("discriminator", "kind").strip("'")),
                f"unknown kind {ctx.get('tag', '')!r}",
                f"expected one of: {ctx.get('expected_tags', '')}"))
        elif kind == "union_tag_not_found":
            problems.append(positions.problem(path, "the 'kind' field is missing",
                                              "every event needs kind: ..."))
        else:
            problems.append(positions.problem(path, _word(err), _hint(err)))
    # Stable, readable order: by line, then column.
    return sorted(problems, key=lambda p: (p.line, p.col, p.path))


def data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """Map a pydantic ``loc`` onto the data, dropping union-tag labels it inserts."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str) and (part in node or last):
            out.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            out.append(part)
            node = node[part]
        elif last and isinstance(part, str):
            out.append(part)
        # Anything else is a label pydantic adds (a union member or tag): skip it.
    return tuple(out)


def fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """Return the field names allowed at ``loc`` inside ``model`` (empty if unknown)."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return set()
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return {f.alias or name for name, f in current.model_fields.items()}
    return set()


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _step(tp: Any, part: Any) -> Any:
    tp = _unwrap(tp)
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field else None
    if origin in (list, tuple, set, frozenset):
        return typing.get_args(tp)[0] if isinstance(part, int) else None
    if origin is dict:
        return typing.get_args(tp)[1]
    if origin in (typing.Union, types.UnionType):
        for member in typing.get_args(tp):
            member = _unwrap(member)
            if isinstance(member, type) and issubclass(member, BaseModel):
                kind = member.model_fields.get("kind")
                lit = typing.get_args(kind.annotation) if kind else ()
                if part in lit or part == member.__name__:
                    return member
        return None
    return None


def _first_field(model: type[BaseModel]) -> str:
    return next(iter(model.model_fields), "id")


#: The most of an offending value a message quotes (a message is no copy of the file).
QUOTE_CHARS = 60


def quoted(value: Any) -> str:
    """A value as a message shows it: its repr, cut to :data:`QUOTE_CHARS` with a count."""
    shown = repr(value)
    if len(shown) <= QUOTE_CHARS:
        return shown
    return f"{shown[:QUOTE_CHARS]}... ({len(shown):,} characters)"


def _word(err: dict[str, Any]) -> str:
    kind, msg = err["type"], err["msg"]
    got = err.get("input")
    shown = quoted(got) if not isinstance(got, dict | list) else type(got).__name__
    if kind.endswith("_type") or kind in ("literal_error", "enum"):
        return f"{msg[0].lower()}{msg[1:]} (got {shown})"
    if kind.startswith("value_error"):
        return msg.removeprefix("Value error, ")
    return f"{msg[0].lower()}{msg[1:]}" + (f" (got {shown})" if got is not None else "")


def _hint(err: dict[str, Any]) -> str:
    kind = err["type"]
    if kind == "string_pattern_mismatch":
        return "check the format"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return "change the number to fit the range"
    if kind == "too_short":
        return "add at least one entry"
    return ""
