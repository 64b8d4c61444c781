"""Spaced review with FSRS: every answered item becomes a card for its trainee.

A wrong answer is rated Again, a partly right one Hard, a right one Good, so mistakes come
back sooner. Mistakes made in the simulator add the items that test the glossary terms of
the debrief's feedback, due at once. Times are always UTC-aware datetimes passed in by the
caller (the quiz never reads the clock itself).

State lives behind the :class:`Deck` interface (``review``, ``add_due``, ``due``, ``card``,
``close``). :class:`DeckStore` keeps the cards in a small SQLite file in the data folder.
The records store's deck (the ``review_cards`` table, and every answer in
``quiz_answers``) is :class:`simulator.records.deck.RecordsDeckStore`, and
:func:`simulator.records.deck.open_deck` picks between the two: this module knows nothing
of the records store.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path

from fsrs import Card, Rating, Scheduler

from simulator.datadir import data_dir

DESIRED_RETENTION = 0.9


def rating_for(credit: int) -> Rating:
    """FSRS rating for an answer's credit (0-100)."""
    if credit >= 100:
        return Rating.Good
    if credit >= 40:
        return Rating.Hard
    return Rating.Again


def card_id(trainee: str, item_id: str) -> int:
    """A stable numeric card id (FSRS wants an int)."""
    digest = hashlib.sha256(f"{trainee}:{item_id}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def deck_path() -> Path:
    """Where the review deck lives (FRONTDESK_DATA_DIR overrides, for tests)."""
    return data_dir() / "review.sqlite"


class Deck:
    """FSRS scheduling over a card storage; subclasses store the cards."""

    def __init__(self, *, fuzzing: bool = True):
        self.scheduler = Scheduler(desired_retention=DESIRED_RETENTION, enable_fuzzing=fuzzing)

    # -- storage (subclasses) ---------------------------------------------------------------

    def _load(self, trainee: str, item_id: str) -> str | None:
        raise NotImplementedError

    def _cards(self, trainee: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    def _store(self, trainee: str, cards: dict[str, str], now: datetime,
               answer: tuple[str, int] | None = None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the storage."""

    # -- the deck -------------------------------------------------------------------------

    def card(self, trainee: str, item_id: str) -> Card | None:
        """The card for an item, if the trainee has one."""
        text = self._load(trainee, item_id)
        return Card.from_dict(json.loads(text)) if text else None

    def review(self, trainee: str, item_id: str, credit: int, now: datetime) -> Card:
        """Record an answer and reschedule the item's card."""
        if now.tzinfo is None:
            raise ValueError("review times must be UTC-aware")
        card = self.card(trainee, item_id) or Card(card_id=card_id(trainee, item_id), due=now)
        card, _ = self.scheduler.review_card(card, rating_for(credit), review_datetime=now)
        self._store(trainee, {item_id: json.dumps(card.to_dict())}, now, (item_id, credit))
        return card

    def add_due(self, trainee: str, item_ids: list[str], now: datetime) -> int:
        """Put items in the deck due now (simulator mistakes); returns how many were new."""
        added = 0
        changed: dict[str, str] = {}
        for item_id in item_ids:
            card = self.card(trainee, item_id)
            if card is None:
                card = Card(card_id=card_id(trainee, item_id), due=now)
                added += 1
            elif card.due > now:
                card.due = now
            else:
                continue
            changed[item_id] = json.dumps(card.to_dict())
        if changed:
            self._store(trainee, changed, now)
        return added

    def due(self, trainee: str, now: datetime) -> list[str]:
        """Item ids due for review, most overdue first."""
        due = []
        for item, text in self._cards(trainee):
            card = Card.from_dict(json.loads(text))
            if card.due <= now:
                due.append((card.due, item))
        return [item for _, item in sorted(due)]


class DeckStore(Deck):
    """Each trainee's FSRS cards in a small SQLite file, one row per (trainee, item).

    The fallback when the records database cannot be opened (and what tests use directly).
    """

    def __init__(self, path: Path | None = None, *, fuzzing: bool = True):
        super().__init__(fuzzing=fuzzing)
        self.path = path or deck_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS cards (trainee TEXT, item TEXT, "
                        "card TEXT, PRIMARY KEY (trainee, item))")

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def _load(self, trainee: str, item_id: str) -> str | None:
        row = self.db.execute("SELECT card FROM cards WHERE trainee=? AND item=?",
                              (trainee, item_id)).fetchone()
        return row[0] if row else None

    def _cards(self, trainee: str) -> list[tuple[str, str]]:
        return self.db.execute("SELECT item, card FROM cards WHERE trainee=?",
                               (trainee,)).fetchall()

    def _store(self, trainee: str, cards: dict[str, str], now: datetime,
               answer: tuple[str, int] | None = None) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO cards VALUES (?, ?, ?)",
                                [(trainee, item, text) for item, text in cards.items()])
