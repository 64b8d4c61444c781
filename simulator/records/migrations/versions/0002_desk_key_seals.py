"""Schema version 2: desk-key seals, the chain position and the bot's name on attempts.

Only nullable columns are added (``schema.V2_COLUMNS``); version-1 attempts keep their
shared-key HMAC until a trainer re-seals them (``frontdesk desk reseal-legacy``).

Revision ID: 0002_desk_key_seals
Revises: 0001_version_1
"""

from __future__ import annotations

from alembic import op

revision = "0002_desk_key_seals"
down_revision = "0001_version_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the version-2 columns that are missing."""
    from simulator.records.migrate import set_version
    from simulator.records.migration_steps import add_columns
    from simulator.records.schema import V2_COLUMNS

    add_columns(op.get_bind(), V2_COLUMNS)
    set_version(op.get_bind(), 2)


def downgrade() -> None:
    """Records are only moved forward."""
    raise NotImplementedError("records are never downgraded")
