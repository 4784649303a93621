"""articles.analysis_attempts: the detector runs on an article at most twice

Revision ID: harden_analysis
Revises: 0001
Create Date: 2026-12-04 02:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "harden_analysis"
down_revision: str | None = "scale_leases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("analysis_attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index("ix_articles_unanalysed", ["processed", "analysis_attempts"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_unanalysed")
        batch_op.drop_column("analysis_attempts")
