"""Locate the data folders (``assets/`` and ``curriculum/``) shipped with the package.

A wheel carries them inside the package as ``simulator/_data/<name>`` (hatchling
force-include). A source checkout or an editable install keeps them at the repository root.
Both are found through ``importlib.resources`` first, so zip-safe loaders keep working.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir(name: str) -> Path:
    """Return the folder of shipped data called ``name`` ("assets" or "curriculum").

    Args:
        name: The top-level data folder to find.

    Returns:
        The path to that folder.

    Raises:
        FileNotFoundError: If neither the installed copy nor the checkout copy exists.

    """
    installed = Path(str(resources.files("simulator") / "_data" / name))
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the '{name}' data folder is missing from this installation")


def scenarios_dir() -> Path:
    """Return the folder of shipped scenario files."""
    return Path(str(resources.files("simulator") / "scenarios"))
