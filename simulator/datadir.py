"""The user's data folder: the default database, the desk key, journals and progress.

``FRONTDESK_DATA_DIR`` overrides the platform's folder (tests and kiosks use it). Kept apart
from the records store so a command that only signs or reads a file does not import the
database layer.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The folder for the default database and key (``FRONTDESK_DATA_DIR`` overrides)."""
    base = os.environ.get("FRONTDESK_DATA_DIR")
    if not base:
        from platformdirs import user_data_dir

        base = user_data_dir("frontdesk-simulator")
    return Path(base)
