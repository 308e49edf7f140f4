"""Indexes for filtered event pages: events by (date, id), event actors by (country, role, event).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_event_date_id", "events", ["event_date", "id"])
    op.create_index("ix_event_actors_country_role_event_id", "event_actors", ["country", "role", "event_id"])


def downgrade() -> None:
    op.drop_index("ix_event_actors_country_role_event_id", table_name="event_actors")
    op.drop_index("ix_events_event_date_id", table_name="events")
