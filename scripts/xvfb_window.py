"""What the real-window scripts share: X key names, a private home, the game's window.

Used by ``xvfb_tutorial.py`` and ``xvfb_desk_tour.py`` (run from this folder, so the
import finds it). Nothing here touches the game's state.
"""

from __future__ import annotations

import os
import sys
import tempfile

#: xdotool's names for the pygame key names the settings use.
KEYSYM = {"down": "Down", "up": "Up", "return": "Return", "tab": "Tab", "escape": "Escape",
          "space": "space", "backspace": "BackSpace", "plus": "plus", "minus": "minus"}


def keysym(name: str) -> str:
    """A pygame key name as xdotool spells it ("f12" -> "F12", "down" -> "Down")."""
    if name in KEYSYM:
        return KEYSYM[name]
    if len(name) > 1 and name[0] == "f" and name[1:].isdigit():
        return name.upper()
    return name


def open_app(text_scale: int, prefix: str):
    """The game with its own settings and data folders, on the title screen.

    Returns None (after saying why) when there is no display to open a window on.
    """
    if not os.environ.get("DISPLAY"):
        print("no display: run under xvfb-run (see the usage line)", file=sys.stderr)
        return None
    home = tempfile.mkdtemp(prefix=prefix)
    os.environ["FRONTDESK_CONFIG_DIR"] = f"{home}/config"
    os.environ["FRONTDESK_DATA_DIR"] = f"{home}/data"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from simulator.ui.app import App
    from simulator.ui.settings import Settings

    app = App(Settings(text_scale=text_scale))
    app.push_screen("title")
    return app
