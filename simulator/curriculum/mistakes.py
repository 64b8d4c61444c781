"""Turn a debrief's mistakes into review cards: the items that test the terms it names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from simulator.curriculum.questions import Question
from simulator.curriculum.review import Deck


def items_for_mistakes(card, bank: list[Question], limit: int = 12) -> list[str]:
    """Item ids testing the glossary terms linked from the ScoreCard's feedback."""
    terms: list[str] = []
    for item in card.feedback:
        for term in item.terms:
            if term not in terms:
                terms.append(term)
    chosen: list[str] = []
    for term in terms:
        for q in bank:
            if term in q.terms and q.id not in chosen and q.kind != "checklist":
                chosen.append(q.id)
                break
    return chosen[:limit]


def add_mistakes_to_deck(card, bank: list[Question], trainee: str, now: datetime,
                         deck: Deck | None = None, *,
                         open_deck: Callable[[], Deck] | None = None) -> int:
    """Add those items to the trainee's deck, due now; returns how many were new.

    ``deck`` is used as given (and left open); otherwise ``open_deck()`` opens one, which
    is closed afterwards (the caller chooses the storage, e.g. a closure over
    :func:`simulator.records.deck.open_deck`).

    Raises:
        TypeError: Neither ``deck`` nor ``open_deck`` was given.
    """
    own = deck is None
    if deck is None:
        if open_deck is None:
            raise TypeError("add_mistakes_to_deck needs a deck or an open_deck factory")
        deck = open_deck()
    try:
        return deck.add_due(trainee, items_for_mistakes(card, bank), now)
    finally:
        if own:
            deck.close()
