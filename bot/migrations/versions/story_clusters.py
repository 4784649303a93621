"""stories.cluster_id: an over-large same-event piece cut into stories; story_id indexes for merges

Revision ID: story_clusters
Revises: scale_analysis_lease (chained after it when the two branches met)
Create Date: 2026-12-04 11:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "story_clusters"
down_revision: str | None = "scale_analysis_lease"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cluster_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_stories_cluster_id"), ["cluster_id"], unique=False)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_story_id"), ["story_id"], unique=False)
    with op.batch_alter_table("story_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_alerts_story_id"), ["story_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("story_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_alerts_story_id"))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_story_id"))
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stories_cluster_id"))
        batch_op.drop_column("cluster_id")
