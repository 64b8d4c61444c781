"""Schema version 1, as first shipped (created by ``metadata.create_all``).

The base of the chain: a version-1 database is stamped with this revision, never built
by it.

Revision ID: 0001_version_1
Revises:
"""

from __future__ import annotations

revision = "0001_version_1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing: version 1 predates the migrations."""


def downgrade() -> None:
    """Records are only moved forward."""
    raise NotImplementedError("records are never downgraded")
