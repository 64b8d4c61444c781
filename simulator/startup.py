"""Start-up: garbage collection quiet while a command loads, and no plugin discovery.

A command's start-up creates a few hundred thousand long-lived objects (classes, validators,
the loaded scenario) and nothing cyclic worth collecting. With the default thresholds the
collector's youngest generation rescans them a few hundred times, about a twentieth of a
short command's time. :func:`quiet_collector` raises the thresholds for the start-up;
:func:`settle_collector` moves everything built so far out of the collector's sight
(``gc.freeze``) and restores the defaults, for a long-running loop such as the desk.

pydantic looks for third-party plugins (observability hooks) the first time it builds a
validator, which means reading every installed package's entry points: about a thirtieth of
a ``verify`` for plugins this program never uses. :func:`no_plugin_discovery` turns that off
unless the user set ``PYDANTIC_DISABLE_PLUGINS`` themselves.
"""

from __future__ import annotations

import gc
import os

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


def no_plugin_discovery() -> None:
    """Tell pydantic not to look for plugins (an explicit setting by the user is kept)."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
