"""Durable follow-ups (an outbox table) and the sent-message ids written in the background.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the follow_ups table and conversations.sent_enc."""
    op.add_column("conversations", sa.Column("sent_enc", sa.Text))
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.String(32), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("payload_enc", sa.LargeBinary, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("last_error", sa.String(64)),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_follow_ups_due", "follow_ups", ["status", "due_at"])
    op.create_index("ix_follow_ups_user_id", "follow_ups", ["user_id"])


def downgrade() -> None:
    """Drop them again."""
    op.drop_table("follow_ups")
    op.drop_column("conversations", "sent_enc")
