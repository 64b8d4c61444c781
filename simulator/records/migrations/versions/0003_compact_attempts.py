"""Schema version 3: compact attempts.

Adds the ``shifts`` table and the attempt columns of ``schema.V3_COLUMNS``, then converts
every stored attempt (see ``migration_steps.compact_attempts``): its shift moves to
``shifts`` (kept once), its ScoreCard is packed, and a finished attempt's command rows are
packed into the attempt. Every signed digest stays valid: the texts read back unchanged.

Revision ID: 0003_compact_attempts
Revises: 0002_desk_key_seals
"""

from __future__ import annotations

from alembic import context, op

revision = "0003_compact_attempts"
down_revision = "0002_desk_key_seals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table and columns, and convert the attempts."""
    from simulator.records.migrate import set_version
    from simulator.records.migration_steps import add_columns, compact_attempts
    from simulator.records.schema import V3_COLUMNS, shifts

    conn = op.get_bind()
    shifts.create(conn, checkfirst=True)
    add_columns(conn, V3_COLUMNS)
    compact_attempts(conn, context.config.attributes.get("progress"))
    set_version(conn, 3)


def downgrade() -> None:
    """Records are only moved forward."""
    raise NotImplementedError("records are never downgraded")
