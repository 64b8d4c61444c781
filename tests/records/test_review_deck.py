"""The quiz's FSRS deck in the records store, and the fallback to the small SQLite file."""

import sqlite3
from datetime import UTC, datetime, timedelta

from simulator.curriculum.review import DeckStore
from simulator.records.deck import RecordsDeckStore, open_deck
from simulator.records.store import Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_review_stores_the_card_and_the_answer(backend):
    """An answer reschedules the card and lands in quiz_answers, in one transaction."""
    deck = open_deck(fuzzing=False)
    assert isinstance(deck, RecordsDeckStore)
    wrong = deck.review("ana", "gl-ehr-define", 0, NOW)
    right = deck.review("ana", "gl-hipaa-define", 100, NOW)
    assert wrong.due < right.due
    deck.close()

    store = Store()
    assert [(a["item_id"], a["credit"]) for a in store.quiz_answers("ana")] == [
        ("gl-ehr-define", 0), ("gl-hipaa-define", 100)]
    assert [item for item, _ in store.review_cards("ana")] == ["gl-ehr-define",
                                                              "gl-hipaa-define"]
    again = RecordsDeckStore(store, fuzzing=False)
    later = NOW + timedelta(minutes=5)
    assert again.due("ana", later) == ["gl-ehr-define"]
    assert again.card("ana", "gl-ehr-define").due == wrong.due
    assert again.card("bo", "gl-ehr-define") is None
    again.review("ana", "gl-ehr-define", 100, later)  # replaces the card
    assert len(store.review_cards("ana")) == 2 and len(store.quiz_answers("ana")) == 3
    store.close()


def test_add_due_puts_mistakes_up_front(backend):
    """add_due: new items count as added, a later card is brought forward, none answered."""
    store = Store()
    deck = open_deck(store, fuzzing=False)
    deck.review("ben", "a", 100, NOW)
    assert deck.add_due("ben", ["a", "b", "c"], NOW) == 2
    assert set(deck.due("ben", NOW)) == {"a", "b", "c"}
    assert deck.add_due("ben", ["a", "b"], NOW) == 0
    deck.close()  # the deck does not close a store it was given
    assert len(store.quiz_answers("ben")) == 1 and len(store.review_cards("ben")) == 3
    store.close()


def test_unusable_records_store_falls_back_to_the_file(data_dir, monkeypatch):
    """A records database that cannot be opened: the deck is the review.sqlite file."""
    monkeypatch.setenv("FRONTDESK_DB", "mysql://nobody@nowhere/db")
    deck = open_deck(fuzzing=False)
    assert isinstance(deck, DeckStore) and deck.path == data_dir / "review.sqlite"
    deck.review("ana", "x", 0, NOW)
    assert deck.due("ana", NOW + timedelta(days=1)) == ["x"]
    deck.close()


def test_an_older_deck_file_is_imported_once(data_dir):
    """Cards in a review.sqlite from before are copied in, then the file is renamed."""
    old = DeckStore(data_dir / "review.sqlite", fuzzing=False)
    card = old.review("ana", "x", 0, NOW)
    old.close()
    deck = open_deck(fuzzing=False, now=NOW)
    assert isinstance(deck, RecordsDeckStore)
    assert deck.card("ana", "x").due == card.due
    deck.close()
    assert not (data_dir / "review.sqlite").exists()
    assert (data_dir / "review.sqlite.imported").exists()


def test_read_only_older_records_still_open(data_dir):
    """A read-only copy made before review_cards and xapi_queue existed still opens."""
    Store().close()
    raw = sqlite3.connect(data_dir / "frontdesk.sqlite")
    raw.execute("DROP TABLE review_cards")
    raw.execute("DROP TABLE xapi_queue")
    raw.commit()
    raw.close()
    url = f"sqlite:///file:{data_dir / 'frontdesk.sqlite'}?mode=ro&uri=true"
    assert Store(url).attempts() == []
    Store().close()  # writable: the later tables are added
    raw = sqlite3.connect(data_dir / "frontdesk.sqlite")
    names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"review_cards", "xapi_queue"} <= names
