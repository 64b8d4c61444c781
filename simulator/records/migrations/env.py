"""Alembic's entry point: run the migrations on the connection the store passes in.

There is no ``alembic.ini`` and no URL here: :mod:`simulator.records.migrate` hands over a
connection already inside the store's write transaction (Alembic's "sharing a connection"
recipe), so the migrations and the version stamp commit or roll back together.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
