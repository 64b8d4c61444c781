"""Opens the readiness quiz from the title screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.ui.app import App


def open_quiz(app: App) -> None:
    """Push the quiz screen, or say plainly that it is not built yet."""
    from simulator.ui.screens.quiz import QuizScreen

    app.push(QuizScreen(app, trainee=app.trainee))
