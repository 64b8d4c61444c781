"""The readiness quiz in the window, played with the keyboard alone."""

import pygame

from simulator.ui.screens.quiz import QuizScreen


def test_quiz_by_keyboard_from_the_title(pilot, app):
    """Tab to the quiz, answer every item with number keys and N, see the report."""
    pilot.tab_to("title-quiz")
    pilot.press(pygame.K_RETURN)
    quiz = app.top
    assert isinstance(quiz, QuizScreen)
    total = len(quiz.items)
    for _ in range(total):
        pilot.press(pygame.K_1)
        assert quiz.answered == 1
        pilot.press(pygame.K_n)
    assert quiz.item is None and len(quiz.answers) == total
    assert "quiz-done" in quiz.buttons
    pilot.tab_to("quiz-done")
    pilot.press(pygame.K_RETURN)
    assert type(app.top).__name__ == "TitleScreen"
