"""The records store's quiz tables: answered items and the FSRS review cards.

A mixin of :class:`~simulator.records.store.Store`, kept apart so the store module stays
small; it relies on the store's ``read()``, ``write()`` and ``ensure_trainee()``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from simulator.records.schema import quiz_answers, review_cards, trainees
from simulator.records.timeutil import iso, utc_now


class QuizTablesMixin:
    """Quiz answers and review cards, per trainee."""

    # -- quiz answers ----------------------------------------------------------------------

    def add_quiz_answer(self, trainee: str, item_id: str, credit: int,
                        at: datetime | None = None) -> None:
        """Store one answered quiz item (credit 0-100) for a trainee."""
        moment = at or utc_now()
        with self.write() as conn:
            tid = self.ensure_trainee(conn, trainee, moment)
            conn.execute(quiz_answers.insert().values(trainee_id=tid, item_id=item_id,
                                                      credit=int(credit), at=iso(moment)))

    def quiz_answers(self, trainee: str | None = None) -> list[dict[str, Any]]:
        """Stored quiz answers, oldest first: ``trainee``, ``item_id``, ``credit``, ``at``."""
        q = quiz_answers.c
        query = select(trainees.c.display_name.label("trainee"), q.trainee_id, q.item_id,
                       q.credit, q.at).join(trainees, trainees.c.id == q.trainee_id)
        if trainee is not None:
            query = query.where(trainees.c.display_name == trainee)
        with self.read() as conn:
            return [dict(r._mapping) for r in conn.execute(query.order_by(q.at, q.id)).all()]

    # -- review cards (the quiz's FSRS deck) -----------------------------------------------

    def review_card(self, trainee: str, item_id: str) -> str | None:
        """The stored FSRS card (JSON text) of one trainee's item (None if none)."""
        r = review_cards.c
        with self.read() as conn:
            return conn.scalar(select(r.card).join(trainees, trainees.c.id == r.trainee_id)
                               .where(trainees.c.display_name == trainee, r.item_id == item_id))

    def review_cards(self, trainee: str) -> list[tuple[str, str]]:
        """Every stored card of a trainee as ``(item_id, card JSON text)``, by item id."""
        r = review_cards.c
        with self.read() as conn:
            rows = conn.execute(select(r.item_id, r.card)
                                .join(trainees, trainees.c.id == r.trainee_id)
                                .where(trainees.c.display_name == trainee)
                                .order_by(r.item_id)).all()
        return [(row.item_id, row.card) for row in rows]

    def save_review_cards(self, trainee: str, cards: dict[str, str], now: datetime, *,
                          answer: tuple[str, int] | None = None,
                          only_new: bool = False) -> int:
        """Store FSRS cards (item id -> JSON text) and, optionally, the quiz answer behind them.

        One transaction: the card and its ``quiz_answers`` row are saved together or not
        at all.

        Args:
            trainee: The trainee's display name (created if new).
            cards: Card JSON text by item id; existing cards are replaced.
            now: When (UTC-aware); also the answer's time.
            answer: ``(item_id, credit)`` to add to ``quiz_answers``.
            only_new: Keep cards already stored (importing an older deck).

        Returns:
            How many cards were written.
        """
        r = review_cards.c
        written = 0
        with self.write() as conn:
            tid = self.ensure_trainee(conn, trainee, now)
            for item_id, text in cards.items():
                found = conn.scalar(select(r.item_id).where(r.trainee_id == tid,
                                                            r.item_id == item_id))
                if found is None:
                    conn.execute(review_cards.insert().values(
                        trainee_id=tid, item_id=item_id, card=text, updated_at=iso(now)))
                elif only_new:
                    continue
                else:
                    conn.execute(review_cards.update().where(
                        r.trainee_id == tid, r.item_id == item_id).values(
                        card=text, updated_at=iso(now)))
                written += 1
            if answer is not None:
                conn.execute(quiz_answers.insert().values(
                    trainee_id=tid, item_id=answer[0], credit=int(answer[1]), at=iso(now)))
        return written
