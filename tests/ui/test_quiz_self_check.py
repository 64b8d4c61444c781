"""Self-ratings in the window quiz: asked after the scored items, never put in the deck."""

from simulator.ui.screens.quiz import QuizScreen


def test_window_quiz_keeps_self_ratings_out_of_the_deck(app, tmp_path):
    """Answering a self-check item in the window does not review it in the deck."""

    quiz = QuizScreen(app, count=2, seed=1, review=False)
    reviewed: list[str] = []
    quiz.deck.review = lambda trainee, item_id, credit, now: reviewed.append(item_id)
    app.push(quiz)
    for _ in range(len(quiz.items)):
        quiz.answer(1)
        quiz.next_item()
    assert len(quiz.items) == 2 + 7
    assert len(reviewed) == 2 and not any(i.startswith("ck-") for i in reviewed)
