"""Where each value of a content file sits: the positions every located problem uses.

Kept apart from :mod:`simulator.yamlio` so that code which only names positions (the
validators, the lints) does not import the YAML parser: a file served from the content
cache is never parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.errors import Problem

PathKey = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each value of a loaded document sits in its file.

    Attributes:
        file: The file name used in messages.
        values: (line, col) of each value, 1-based, keyed by path.
        keys: (line, col) of each mapping key, keyed by the path of its value.

    """

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, *, prefer_key: bool = False) -> tuple[int, int]:
        """Return the best known (line, col) for ``path``, walking up to a parent if needed."""
        for cut in range(len(path), -1, -1):
            sub = path[:cut]
            if prefer_key and sub in self.keys:
                return self.keys[sub]
            if sub in self.values:
                return self.values[sub]
        return (1, 1)

    def problem(self, path: PathKey, message: str, hint: str = "", *,
                prefer_key: bool = False) -> Problem:
        """Build a :class:`Problem` located at ``path``."""
        line, col = self.locate(path, prefer_key=prefer_key)
        return Problem(self.file, line, col, format_path(path), message, hint)


def format_path(path: PathKey) -> str:
    """Render ``("events", 2, "minutes")`` as ``events[2].minutes``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
