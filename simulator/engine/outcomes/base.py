"""The base of every outcome class, and the small types they share."""

from __future__ import annotations

from dataclasses import Field
from typing import Any, ClassVar, Literal

#: Who caused an outcome: a trainee's command, or the shift's clock (arrivals, timers).
Cause = Literal["trainee", "clock"]
#: How a caller was waiting when they gave up.
HangUpWhile = Literal["ringing", "on hold"]
#: How a conversation ended.
ConversationResult = Literal["resolved", "escalated", "left", "acted_on", "asked_to_leave"]
#: Keys of the JSON form that are not fields of the dataclass.
ENVELOPE = frozenset({"t", "kind", "by"})


class Outcome:
    """Base of every outcome: a past-tense fact about one task or the whole clinic."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]  # set by @dataclass on each kind
    task: str | None
