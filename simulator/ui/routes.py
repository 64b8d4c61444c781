"""Every screen by name, in one table (as Textual's ``App.SCREENS``).

Screens navigate by name (``app.push_screen("pause", desk=self)``) instead of importing
each other, so the import graph stays a star around this table and a screen can be
swapped or tested alone. Modules are imported on first use: the title screen opens
without loading the desk, the quiz or watch mode.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.ui.app import App
    from simulator.ui.screens.base import Screen

#: Screen name -> "module:Class".
SCREENS: dict[str, str] = {
    "title": "simulator.ui.screens.title:TitleScreen",
    "picker": "simulator.ui.screens.picker:PickerScreen",
    "briefing": "simulator.ui.screens.briefing:BriefingScreen",
    "desk": "simulator.ui.screens.desk:DeskScreen",
    "pause": "simulator.ui.screens.pause:PauseScreen",
    "reference": "simulator.ui.screens.reference:ReferenceScreen",
    "settings": "simulator.ui.screens.settings_screen:SettingsScreen",
    "howto": "simulator.ui.screens.howto:HowToScreen",
    "quiz": "simulator.ui.screens.quiz:QuizScreen",
    "debrief": "simulator.ui.screens.debrief:DebriefScreen",
    "watch": "simulator.ui.watch:WatchScreen",
}


def make_screen(app: App, name: str, *args: Any, **kwargs: Any) -> Screen:
    """Build the screen called ``name`` (arguments go to its constructor)."""
    try:
        module, cls = SCREENS[name].split(":")
    except KeyError:
        raise KeyError(f"no screen called {name!r}; known: {', '.join(sorted(SCREENS))}") \
            from None
    screen: Screen = getattr(import_module(module), cls)(app, *args, **kwargs)
    return screen
