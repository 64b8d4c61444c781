"""Named, seeded random streams, and the per-process Faker cache.

Every concern (slots, patients, calls, ...) draws from its own ``random.Random`` seeded from
``f"{seed}:{name}"`` (string seeds hash with SHA-512, so they are stable across processes
and PYTHONHASHSEED values). Adding a draw to one stream never shifts another. The module
level ``random`` functions are never used.
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

#: The one Faker provider the roster draws from (first and last names).
PERSON_PROVIDER = "faker.providers.person"


class Streams:
    """A lazily created ``random.Random`` per stream name, for one seed."""

    def __init__(self, seed: int | str):
        self.seed = seed
        self._streams: dict[str, random.Random] = {}

    def __getitem__(self, name: str) -> random.Random:
        stream = self._streams.get(name)
        if stream is None:
            stream = self._streams[name] = random.Random(f"{self.seed}:{name}")
        return stream


@lru_cache(maxsize=16)
def faker_for(locale: str) -> Faker:
    """Return this process's Faker for ``locale``, built once.

    Only the person provider is loaded: the roster draws names and nothing else from Faker,
    and the other providers cost most of Faker's construction (each one lists its locales on
    disk). Draws do not depend on which providers are loaded: they all share the one seeded
    generator. Callers must call ``seed_instance`` before drawing, so the cache never leaks
    state from one shift into another.
    """
    from faker import Faker

    return Faker(locale, providers=[PERSON_PROVIDER])
