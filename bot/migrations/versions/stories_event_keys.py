"""stories: per-article event keys replace the story term index

Revision ID: stories_event_keys
Revises: 0001
Create Date: 2026-12-04 02:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "stories_event_keys"
down_revision: str | None = "harden_analysis"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "story_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_story_keys_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_story_keys_story_id_stories"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_keys")),
    )
    with op.batch_alter_table("story_keys", schema=None) as batch_op:
        batch_op.create_index(
            "ix_story_keys_key_seen", ["key", "seen_at", "article_id", "story_id"], unique=False
        )
        batch_op.create_index("ix_story_keys_article", ["article_id", "key", "weight"], unique=False)
        batch_op.create_index("ix_story_keys_story", ["story_id"], unique=False)
    with op.batch_alter_table("story_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_story_terms_term_seen")
        batch_op.drop_index(batch_op.f("ix_story_terms_story_id"))
    op.drop_table("story_terms")


def downgrade() -> None:
    op.create_table(
        "story_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_story_terms_story_id_stories"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_terms")),
        sa.UniqueConstraint("story_id", "term", name=op.f("uq_story_terms_story_id")),
    )
    with op.batch_alter_table("story_terms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_terms_story_id"), ["story_id"], unique=False)
        batch_op.create_index("ix_story_terms_term_seen", ["term", "last_seen_at"], unique=False)
    with op.batch_alter_table("story_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_story_keys_story")
        batch_op.drop_index("ix_story_keys_article")
        batch_op.drop_index("ix_story_keys_key_seen")
    op.drop_table("story_keys")
