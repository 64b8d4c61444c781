"""Outcomes: the past-tense facts a shift records, one frozen dataclass per kind.

Rules build an outcome and hand it to :meth:`Shift.record`, which stores its JSON form
(:func:`to_json`): ``{"t", "kind", "task", ...fields, "by"}``. That dict is what scoring,
journals and the outcome hash read; :func:`from_json` turns one back into its class.

Every class is named for its kind, takes the task it is about (or None for the clinic as
a whole) first, and keeps its field names and value types exactly as the JSON has them.
``by`` says who caused an outcome: ``"trainee"`` for anything done while a command was
applied, ``"clock"`` for what the shift's own timers made happen.
"""

from __future__ import annotations

import types
from dataclasses import MISSING, fields
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from simulator.engine.outcomes import clinic, desk, everyday, tasks
from simulator.engine.outcomes.base import (
    ENVELOPE,
    Cause,
    ConversationResult,
    HangUpWhile,
    Outcome,
)
from simulator.engine.outcomes.clinic import *  # noqa: F403 - every kind, as o.Kind
from simulator.engine.outcomes.desk import *  # noqa: F403
from simulator.engine.outcomes.everyday import *  # noqa: F403
from simulator.engine.outcomes.tasks import *  # noqa: F403

__all__ = ["OUTCOME_TYPES", "Cause", "ConversationResult", "HangUpWhile", "Outcome",
           "from_json", "to_json", *tasks.__all__, *desk.__all__, *everyday.__all__,
           *clinic.__all__]

#: Kind name -> outcome class, in declaration order (shift and phones, desk, clinic).
OUTCOME_TYPES: dict[str, type[Outcome]] = {
    name: getattr(module, name) for module in (tasks, desk, everyday, clinic)
    for name in module.__all__
}
#: Field names of each class in declaration order (``task`` first).
_FIELDS: dict[type[Outcome], tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls)) for cls in OUTCOME_TYPES.values()
}
#: Fields each class cannot do without (those with no default).
_REQUIRED: dict[type[Outcome], tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls) if f.default is MISSING)
    for cls in OUTCOME_TYPES.values()
}
_HINTS: dict[type[Outcome], dict[str, Any]] = {}


def to_json(outcome: Outcome, t: int, by: Cause) -> dict[str, Any]:
    """The stable JSON form of an outcome recorded at tick ``t``, caused ``by`` someone.

    Returns:
        ``{"t", "kind", "task", ...the other fields in declaration order, "by"}``.
    """
    data: dict[str, Any] = {"t": t, "kind": type(outcome).__name__}
    for name in _FIELDS[type(outcome)]:
        value = getattr(outcome, name)
        data[name] = list(value) if isinstance(value, list) else value
    data["by"] = by
    return data


def from_json(data: dict[str, Any]) -> Outcome:
    """Parse one stored outcome dict back to its dataclass (``t``, ``kind``, ``by`` aside).

    Raises:
        ValueError: For an unknown kind, a missing or unexpected field, or a value of the
            wrong type.
    """
    kind = data.get("kind")
    cls = OUTCOME_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValueError(f"unknown outcome kind {kind!r}")
    values = {key: value for key, value in data.items() if key not in ENVELOPE}
    hints = _hints(cls)
    unexpected = [key for key in values if key not in hints]
    missing = [name for name in _REQUIRED[cls] if name not in values]
    if unexpected or missing:
        wrong = ([f"unexpected {', '.join(unexpected)}"] if unexpected else []) + \
            ([f"missing {', '.join(missing)}"] if missing else [])
        raise ValueError(f"{kind} outcome has wrong fields: {'; '.join(wrong)}")
    for key, value in values.items():
        if not _fits(value, hints[key]):
            raise ValueError(f"{kind}.{key}: {value!r} does not fit {hints[key]}")
    return cls(**{key: list(v) if isinstance(v, list) else v for key, v in values.items()})


def _hints(cls: type[Outcome]) -> dict[str, Any]:
    """The resolved field types of an outcome class (worked out once, on first use)."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = {name: hint for name, hint in get_type_hints(cls).items()
                               if name in _FIELDS[cls]}
    return hints


def _fits(value: object, hint: Any) -> bool:
    """True when a JSON value has the type a field declares (a bool is not an int)."""
    origin = get_origin(hint)
    if origin is Literal:
        return any(type(value) is type(a) and value == a for a in get_args(hint))
    if origin is Union or origin is types.UnionType:
        return any(_fits(value, h) for h in get_args(hint))
    if origin is dict:
        return isinstance(value, dict)
    if origin is list:
        return isinstance(value, list) and all(_fits(v, get_args(hint)[0]) for v in value)
    if hint is type(None):
        return value is None
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)
