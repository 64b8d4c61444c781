"""Two desks, one shared PostgreSQL: each signs with its own key; trust makes them agree.

Desk A and desk B are two data folders (two computers, or two trainers' accounts) pointed
at the same database. No secret is copied between them: B trusts A's key by its id, which
it finds in the shared records.
"""

import json

import pytest

from simulator.cli import main
from tests.records.conftest import create_pg_database, drop_pg_database


@pytest.fixture
def shared(pg_server, tmp_path, monkeypatch, quick_file):
    name, url = create_pg_database()
    monkeypatch.setenv("FRONTDESK_DB", url)
    desks = {d: tmp_path / f"desk-{d}" for d in "AB"}
    for folder in desks.values():
        folder.mkdir()
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(desks["A"]))
    assert main(["assessment", "create", str(quick_file)]) == 0
    yield desks
    drop_pg_database(name)


def _on(monkeypatch, folder):
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(folder))


def _results(capsys):
    capsys.readouterr()
    assert main(["assessment", "results", "quick", "--json"]) == 0
    return {r["trainee"]: r for r in json.loads(capsys.readouterr().out)}


def test_two_desks_verify_each_other_after_trust(shared, monkeypatch, capsys):
    """Before trust each desk sees the other's attempt unverified; after, both verify."""
    from tests.records.sittings import sit

    _on(monkeypatch, shared["A"])
    sit("quick", "Ada", ["expert"])
    _on(monkeypatch, shared["B"])
    sit("quick", "Bea", ["expert"])
    seen_by_b = _results(capsys)
    assert seen_by_b["Bea"]["verified"] and not seen_by_b["Ada"]["verified"]
    assert "does not trust" in seen_by_b["Ada"]["verify_problem"]
    assert main(["verify", seen_by_b["Ada"]["attempt_id"]]) == 1

    capsys.readouterr()
    _on(monkeypatch, shared["A"])
    assert main(["desk", "show"]) == 0
    a_key = capsys.readouterr().out.split()[2]
    _on(monkeypatch, shared["B"])
    assert main(["desk", "list"]) == 0
    listing = capsys.readouterr().out
    assert f"{a_key}  NOT TRUSTED" in listing and "this desk" in listing
    assert main(["desk", "trust", a_key[:12]]) == 0
    _on(monkeypatch, shared["A"])
    b_key = [line.split()[0] for line in _listing(capsys) if "NOT TRUSTED" in line]
    assert len(b_key) == 1 and main(["desk", "trust", b_key[0]]) == 0

    for folder in shared.values():
        _on(monkeypatch, folder)
        rows = _results(capsys)
        assert rows["Ada"]["verified"] and rows["Bea"]["verified"], rows
        for row in rows.values():
            assert main(["verify", row["attempt_id"]]) == 0
    assert (shared["B"] / "desk.key").read_bytes() != (shared["A"] / "desk.key").read_bytes()


def test_a_public_key_swapped_in_the_database_is_flagged_and_ignored(shared, monkeypatch,
                                                                    capsys):
    """Trust uses this desk's own copy of each public key, never the database's."""
    import os

    from sqlalchemy import create_engine, text

    from tests.records.sittings import sit

    _on(monkeypatch, shared["A"])
    sit("quick", "Ada", ["expert"])
    with create_engine(os.environ["FRONTDESK_DB"]).begin() as conn:
        conn.execute(text("UPDATE desk_keys SET public_key = :k"), {"k": "00" * 32})
    listing = _listing(capsys)
    assert any("DIFFERS from the trusted public key" in line for line in listing)
    assert _results(capsys)["Ada"]["verified"]  # checked with the trusted copy


def _listing(capsys):
    capsys.readouterr()
    assert main(["desk", "list"]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_new_desk_can_be_trusted_by_id_before_it_records_anything(shared, monkeypatch,
                                                                    capsys):
    """`desk show` registers the key, so `desk trust ID` works on the other desk at once."""
    _on(monkeypatch, shared["B"])
    capsys.readouterr()
    assert main(["desk", "show"]) == 0
    out = capsys.readouterr().out
    assert "registered in the records" in out
    b_key = out.split()[2]
    _on(monkeypatch, shared["A"])
    assert main(["desk", "trust", b_key[:10]]) == 0
    assert any(b_key in line and "trusted" in line for line in _listing(capsys))
