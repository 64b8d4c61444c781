"""Opens the readiness quiz from the title screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.ui.app import App


def open_quiz(app: App) -> None:
    """Push the quiz screen, or say plainly that it is not built yet."""
    try:
        from simulator.ui.screens.quiz import QuizScreen
    except ImportError:
        app.sound.play("notify", "The readiness quiz is not built yet: try "
                                 "'frontdesk curriculum list' for the glossary.")
        return
    app.push(QuizScreen(app))
