"""Trainee names: one spelling per name (NFC), and no look-alike letters from another script."""

import pytest

from simulator.errors import ContentError
from simulator.records.attempts import clean_name
from simulator.records.store import Store


def test_a_name_typed_two_ways_is_one_trainee():
    """'é' as one character or as 'e' plus a combining accent: the same stored name."""
    assert clean_name("Jose\u0301 Ruiz") == clean_name("José Ruiz") == "José Ruiz"


def test_a_look_alike_name_is_refused_and_nothing_is_stored(data_dir):
    """'Аlice' with a Cyrillic А would read as 'Alice' in every report: refused, named."""
    from datetime import UTC, datetime

    store = Store()
    try:
        with pytest.raises(ContentError) as caught, store.write() as conn:
            store.ensure_trainee(conn, "\u0410lice", datetime(2026, 1, 1, tzinfo=UTC))
        message = str(caught.value)
        assert "Cyrillic Capital Letter A" in message and "one script" in message
        assert store.trainees() == []
        with store.write() as conn:
            for name in ("Alice", "Алиса", "Dương Thị Hà", "Łukasz Đorđević-Weiß"):
                store.ensure_trainee(conn, name, datetime(2026, 1, 1, tzinfo=UTC))
        assert len(store.trainees()) == 4
    finally:
        store.close()


def test_the_cli_refuses_a_look_alike_trainee_with_exit_2(data_dir, quick_file, capsys):
    """Through `assessment run`: exit 2, one line, no traceback."""
    from simulator.cli import main

    assert main(["assessment", "create", str(quick_file)]) == 0
    capsys.readouterr()
    assert main(["assessment", "run", "quick", "--trainee", "\u0410lice", "--bot",
                 "expert"]) == 2
    err = capsys.readouterr().err
    assert "look-alike letters" in err and "Traceback" not in err
