"""The quiz's review deck in the records store, and the choice of deck for a quiz run.

:class:`RecordsDeckStore` keeps each trainee's FSRS cards in the store's ``review_cards``
table and every answer in ``quiz_answers``; :func:`open_deck` gives that deck, or the
:class:`~simulator.curriculum.review.DeckStore` SQLite file when the records database
cannot be opened. The scheduling itself is :class:`~simulator.curriculum.review.Deck`'s.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.curriculum.review import Deck, DeckStore, deck_path
from simulator.errors import ContentError

if TYPE_CHECKING:
    from simulator.records.store import Store


class RecordsDeckStore(Deck):
    """Each trainee's FSRS cards in the records store; every answer also goes to quiz_answers.

    Args:
        store: An open records :class:`~simulator.records.store.Store`.
        owns: Close the store with the deck (True when :func:`open_deck` opened it).
        fuzzing: FSRS interval fuzzing (off in tests, for exact due dates).
    """

    def __init__(self, store: Store, *, owns: bool = False, fuzzing: bool = True):
        super().__init__(fuzzing=fuzzing)
        self.store = store
        self.owns = owns

    def close(self) -> None:
        """Close the records store if this deck opened it."""
        if self.owns:
            self.store.close()

    def _load(self, trainee: str, item_id: str) -> str | None:
        return self.store.review_card(trainee, item_id)

    def _cards(self, trainee: str) -> list[tuple[str, str]]:
        return self.store.review_cards(trainee)

    def _store(self, trainee: str, cards: dict[str, str], now: datetime,
               answer: tuple[str, int] | None = None) -> None:
        self.store.save_review_cards(trainee, cards, now, answer=answer)

    def import_file(self, path: Path, now: datetime) -> int:
        """Copy the cards of an older deck file in (kept where already stored); the count."""
        db = sqlite3.connect(path)
        try:
            rows = db.execute("SELECT trainee, item, card FROM cards").fetchall()
        finally:
            db.close()
        by_trainee: dict[str, dict[str, str]] = {}
        for trainee, item, text in rows:
            by_trainee.setdefault(trainee, {})[item] = text
        return sum(self.store.save_review_cards(trainee, cards, now, only_new=True)
                   for trainee, cards in by_trainee.items())


def open_deck(trainee_store: Store | None = None, *, fuzzing: bool = True,
              now: datetime | None = None) -> Deck:
    """The review deck: in the records store when it can be opened, else the SQLite file.

    Args:
        trainee_store: An already open records store to keep the deck in (not closed by
            the deck); None opens the default one (``FRONTDESK_DB`` or the data folder).
        fuzzing: FSRS interval fuzzing.
        now: The caller's current UTC time, used to date cards imported from an old
            ``review.sqlite`` (the import waits for a call that passes it).

    Returns:
        A :class:`RecordsDeckStore`, or a :class:`DeckStore` on the ``review.sqlite`` file
        when the records database cannot be opened (a cards file left from before the
        records store is copied in once, then renamed ``review.sqlite.imported``).
    """
    from simulator.records.store import Store

    if trainee_store is not None:
        return RecordsDeckStore(trainee_store, fuzzing=fuzzing)
    try:
        store = Store()
    except ContentError:
        return DeckStore(fuzzing=fuzzing)
    deck = RecordsDeckStore(store, owns=True, fuzzing=fuzzing)
    old = deck_path()
    if old.is_file() and now is not None:  # the caller supplies the time: no clock here
        try:
            deck.import_file(old, now)
            old.rename(old.with_name(old.name + ".imported"))
        except (ContentError, sqlite3.Error, OSError):
            pass  # keep the old file; the import is tried again next time
    return deck
