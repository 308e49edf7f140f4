"""The content type of an event coded by PLOVER's conventions: ``events.content_type``.

AGREE read from "will send aid" has content type AID, REJECT from "refused to meet" CONSULT, THREATEN
from "stands ready to strike" ASSAULT; every other event has null (see ``records.Event``). Rows stored
before this revision keep null.

Plain ALTER TABLE on both databases: a batch (copy-and-move) migration in SQLite would drop the search
triggers that migration 0003 put on ``events``. Dropping a column needs SQLite 3.35 or later.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "events",
        sa.Column(
            "content_type",
            sa.Text(),
            nullable=True,
            comment="type of the promised, threatened, refused or demanded event (records.Event)",
        ),
    )


def downgrade() -> None:
    op.drop_column("events", "content_type")
