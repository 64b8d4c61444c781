"""The adversarial suite: players that try to game the score, by name.

Four kinds, in :data:`CATEGORY`:

* ``skips_work``: gaming policies (:mod:`simulator.bots.gaming`) that press one button
  everywhere or do the least that closes a task; the score must fail every run and keep
  the mean below 40.
* ``serious_habit``: the expert plus one habit that would harm patients or the practice;
  no run where the habit showed may pass.
* ``lesser_habit``: the expert plus a habit that costs money or time, not safety; its
  dimension (in :data:`EXPECTED`) must score below the expert's.
* ``flawed_expert``: the expert minus one skill; where the skill was needed the run must
  fail and the debrief must lead with that skill's dimension (in :data:`EXPECTED`).

Typical use::

    from simulator.bots.adversaries import ADVERSARIES
    bot = ADVERSARIES["disclose-all"](seed)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from simulator.bots import Policy, flawed, flawed_everyday, gaming

_GAMING: tuple[type[gaming.GamingPolicy], ...] = (
    gaming.DoNothing, gaming.DiscloseAll, gaming.RefuseAll, gaming.RouteAll,
    gaming.TransferAll, gaming.HoldAll, gaming.EndAll, gaming.CheckinFast,
    gaming.BookAnything, gaming.CancelAll, gaming.Instruct911All, gaming.CodeAll,
    gaming.AlarmSpam, gaming.FormsAnyhow,
)
#: Reply positions played by the reply-at-k policies (9 means "the last one").
_REPLY_AT = {"first-reply": 0, "reply-1": 1, "reply-2": 2, "last-reply": 9}

_LESSER = ("expert+no-copay", "expert+preauth-always", "expert+hold-unasked")


def _registry() -> dict[str, Callable[[int], Policy]]:
    out: dict[str, Callable[[int], Policy]] = {cls.name: cls for cls in _GAMING}
    for name, position in _REPLY_AT.items():
        out[name] = partial(gaming.ReplyAt, position=position, name=name)
    for command_type in gaming.spam_types():
        out[f"spam-{command_type}"] = partial(gaming.SpamPolicy, command_type=command_type)
    out.update({cls.name: cls for cls in flawed.FLAWED})
    out.update({cls.name: cls for cls in flawed_everyday.EVERYDAY_FLAWED})
    return out


#: Every adversary by name: seed -> a fresh policy.
ADVERSARIES: dict[str, Callable[[int], Policy]] = _registry()

#: Each adversary's kind (see the module docstring).
CATEGORY: dict[str, str] = {
    name: ("skips_work" if not name.startswith("expert")
           else "lesser_habit" if name in _LESSER
           else "serious_habit" if name.startswith("expert+") else "flawed_expert")
    for name in ADVERSARIES
}

#: The score dimension(s) each habit or missing skill belongs to.
EXPECTED: dict[str, tuple[str, ...]] = {
    "expert+false-alarms": ("compliance",),
    "expert+flag-every-card": ("accuracy",),
    "expert+hold-every-call": ("prioritization",),
    "expert+cancel-not-rebook": ("accuracy",),
    "expert+first-reply": ("deescalation",),
    "expert+911-everyone": ("compliance", "accuracy"),
    "expert+no-copay": ("accuracy",),
    "expert+preauth-always": ("accuracy",),
    "expert-no-identity": ("compliance", "accuracy"),
    "expert-no-card-check": ("accuracy",),
    "expert-no-red-flags": ("compliance",),
    "expert-no-greeting": ("deescalation",),
    "expert-no-estimate": ("compliance",),
    "expert-no-preauth": ("accuracy",),
    "expert-no-emergency": ("compliance",),
    "expert-no-alarm": ("compliance",),
    "expert-no-paper": ("compliance", "accuracy"),
    "expert-no-notify": ("deescalation",),
    "expert-no-deescalation": ("deescalation",),
    **flawed_everyday.EVERYDAY_EXPECTED,
}


def make_adversary(name: str, seed: int) -> Policy:
    """Create the adversary called ``name`` for a shift with ``seed``.

    Raises:
        ValueError: If ``name`` is not in :data:`ADVERSARIES`.
    """
    if name not in ADVERSARIES:
        raise ValueError(f"unknown adversary '{name}'")
    return ADVERSARIES[name](seed)
