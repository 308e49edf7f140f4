"""Indexes for pages of events and real-world events in another order than newest first: by intensity
and type (events), by reports, intensity and type (real-world events), the id last as in the pages.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = {
    "events": (("intensity", "id"), ("event_type", "id")),
    "event_clusters": (("report_count", "id"), ("intensity", "id"), ("event_type", "id")),
}


def _name(table: str, columns: tuple[str, ...]) -> str:
    return f"ix_{table}_{'_'.join(columns)}"


def upgrade() -> None:
    for table, indexes in INDEXES.items():
        for columns in indexes:
            op.create_index(_name(table, columns), table, list(columns))


def downgrade() -> None:
    for table, indexes in INDEXES.items():
        for columns in indexes:
            op.drop_index(_name(table, columns), table_name=table)
