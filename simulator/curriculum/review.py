"""Spaced review with FSRS: every answered item becomes a card for its trainee.

A wrong answer is rated Again, a partly right one Hard, a right one Good, so mistakes come
back sooner. Mistakes made in the simulator add the items that test the glossary terms of
the debrief's feedback, due at once. Times are always UTC-aware datetimes passed in by the
caller (the quiz never reads the clock itself). State lives behind :class:`DeckStore`; this
implementation is a small SQLite file in the platform's data folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from fsrs import Card, Rating, Scheduler
from platformdirs import user_data_dir

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
    base = os.environ.get("FRONTDESK_DATA_DIR") or user_data_dir("frontdesk-simulator")
    return Path(base) / "review.sqlite"


class DeckStore:
    """Each trainee's FSRS cards, one row per (trainee, item)."""

    def __init__(self, path: Path | None = None, *, fuzzing: bool = True):
        self.path = path or deck_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS cards (trainee TEXT, item TEXT, "
                        "card TEXT, PRIMARY KEY (trainee, item))")
        self.scheduler = Scheduler(desired_retention=DESIRED_RETENTION, enable_fuzzing=fuzzing)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def card(self, trainee: str, item_id: str) -> Card | None:
        """The card for an item, if the trainee has one."""
        row = self.db.execute("SELECT card FROM cards WHERE trainee=? AND item=?",
                              (trainee, item_id)).fetchone()
        return Card.from_dict(json.loads(row[0])) if row else None

    def _save(self, trainee: str, item_id: str, card: Card) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO cards VALUES (?, ?, ?)",
                            (trainee, item_id, json.dumps(card.to_dict())))

    def review(self, trainee: str, item_id: str, credit: int, now: datetime) -> Card:
        """Record an answer and reschedule the item's card."""
        if now.tzinfo is None:
            raise ValueError("review times must be UTC-aware")
        card = self.card(trainee, item_id) or Card(card_id=card_id(trainee, item_id), due=now)
        card, _ = self.scheduler.review_card(card, rating_for(credit), review_datetime=now)
        self._save(trainee, item_id, card)
        return card

    def add_due(self, trainee: str, item_ids: list[str], now: datetime) -> int:
        """Put items in the deck due now (simulator mistakes); returns how many were new."""
        added = 0
        for item_id in item_ids:
            card = self.card(trainee, item_id)
            if card is None:
                card = Card(card_id=card_id(trainee, item_id), due=now)
                added += 1
            elif card.due > now:
                card.due = now
            else:
                continue
            self._save(trainee, item_id, card)
        return added

    def due(self, trainee: str, now: datetime) -> list[str]:
        """Item ids due for review, most overdue first."""
        rows = self.db.execute("SELECT item, card FROM cards WHERE trainee=?", (trainee,))
        due = []
        for item, text in rows:
            card = Card.from_dict(json.loads(text))
            if card.due <= now:
                due.append((card.due, item))
        return [item for _, item in sorted(due)]
