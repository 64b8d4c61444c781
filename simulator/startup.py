"""Start-up garbage collection: quiet while a command loads, normal once it settles.

A command's start-up creates a few hundred thousand long-lived objects (classes, validators,
the loaded scenario) and nothing cyclic worth collecting. With the default thresholds the
collector's youngest generation rescans them a few hundred times, about a twentieth of a
short command's time. :func:`quiet_collector` raises the thresholds for the start-up;
:func:`settle_collector` moves everything built so far out of the collector's sight
(``gc.freeze``) and restores the defaults, for a long-running loop such as the desk.
"""

from __future__ import annotations

import gc

#: Python's own default thresholds (generation 0, 1, 2).
DEFAULT_THRESHOLDS = (700, 10, 10)
#: While starting: collect generation 0 after 50,000 net allocations instead of 700.
STARTUP_THRESHOLDS = (50_000, 20, 20)


def quiet_collector() -> None:
    """Collect rarely: for start-up and for short commands that exit when done."""
    gc.set_threshold(*STARTUP_THRESHOLDS)


def settle_collector() -> None:
    """Freeze what start-up built and collect with the default thresholds from now on."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*DEFAULT_THRESHOLDS)
