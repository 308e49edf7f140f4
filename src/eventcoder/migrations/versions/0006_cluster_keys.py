"""Clusters kept up to date one article at a time: the key index ``event_cluster_keys``.

A real-world event is now a connected group of matching reports named by its smallest event id
(``store.clustering``): the same whatever order articles arrive in, so each article is clustered
when it is written. This makes the index that finds an arriving event's candidates, one row per
(source, target) key of each datable event, and computes the clusters of the stored events again
under the new rule (``store.cluster_index.recluster_all``, reading only columns that exist at this
revision).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eventcoder.store.cluster_index import recluster_all

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_cluster_keys",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Text(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_type", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False, comment="a source country or organisation code; '' for none"),
        sa.Column("target", sa.Text(), nullable=False, comment="a target country or organisation code; '' for none"),
        sa.Column("day_start", sa.String(10), nullable=False, comment="first day the event may have happened on"),
        sa.Column("day_end", sa.String(10), nullable=False, comment="last day the event may have happened on"),
    )  # fmt: skip
    op.create_index("ix_event_cluster_keys_event_id", "event_cluster_keys", ["event_id"])
    op.create_index(
        "ix_event_cluster_keys_lookup", "event_cluster_keys", ["event_type", "source", "target", "day_start"]
    )
    recluster_all(op.get_bind())


def downgrade() -> None:
    # the clusters stay as the new rule made them: both revisions read them the same way
    op.drop_index("ix_event_cluster_keys_lookup", table_name="event_cluster_keys")
    op.drop_index("ix_event_cluster_keys_event_id", table_name="event_cluster_keys")
    op.drop_table("event_cluster_keys")
