"""articles.analysis_lease_until: one process analyses an article at a time

Revision ID: scale_analysis_lease
Revises: stories_event_keys
Create Date: 2026-12-04 11:25:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "scale_analysis_lease"
down_revision: str | None = "stories_event_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("analysis_lease_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("analysis_lease_until")
