"""story_keys: the article's story is read from the article, not copied on every key row

A merge or a cut rewrote story_keys.story_id for every key of every article it moved (and the
lookup index carried it); the story is now read from ``articles`` for the few candidates.

Revision ID: story_keys_without_story
Revises: story_clusters
Create Date: 2026-12-04 18:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "story_keys_without_story"
down_revision: str | None = "story_clusters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("story_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_story_keys_story")
        batch_op.drop_index("ix_story_keys_key_seen")
        batch_op.drop_constraint(op.f("fk_story_keys_story_id_stories"), type_="foreignkey")
        batch_op.drop_column("story_id")
        batch_op.create_index("ix_story_keys_key_seen", ["key", "seen_at", "article_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("story_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("story_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE story_keys SET story_id = "
        "(SELECT articles.story_id FROM articles WHERE articles.id = story_keys.article_id)"
    )
    op.execute("DELETE FROM story_keys WHERE story_id IS NULL")
    with op.batch_alter_table("story_keys", schema=None) as batch_op:
        batch_op.alter_column("story_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            op.f("fk_story_keys_story_id_stories"), "stories", ["story_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.drop_index("ix_story_keys_key_seen")
        batch_op.create_index(
            "ix_story_keys_key_seen", ["key", "seen_at", "article_id", "story_id"], unique=False
        )
        batch_op.create_index("ix_story_keys_story", ["story_id"], unique=False)
