"""Aggregate tables for the analytics, and the database version.

- ``event_aggregates``: events (reports) and the sum of their intensity per kind of key, scope, key,
  day, precision, type and modality;
- ``cluster_aggregates``: real-world events (clusters) per kind of key, scope, key, the cluster's day,
  type and set of modalities;
- ``database_version``: one row, one number raised by every write (the web app's cache key);
- indexes for an actor's page: ``event_actors`` by (name, role, event_id), ``quotes`` by speaker name.

Both tables are filled here from the stored events and clusters (``store.aggregates.rebuild``, which
reads only columns that exist at this revision) and kept up to date by every write after it. See
``docs/schema.md``, "Aggregate tables".

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eventcoder.store.aggregates import rebuild

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_aggregates",
        sa.Column("kind", sa.Text(), primary_key=True, comment="all, country, where, dyad, ..."),
        sa.Column("scope", sa.Text(), primary_key=True, comment="'' for every event, else a country the events involve"),
        sa.Column("key", sa.Text(), primary_key=True, comment="the key's parts joined by U+001F"),
        sa.Column("day", sa.String(10), primary_key=True, comment="events.event_date; '' for none"),
        sa.Column("precise", sa.Integer(), primary_key=True, comment="1 unless dated to a month or year"),
        sa.Column("event_type", sa.Text(), primary_key=True),
        sa.Column("modality", sa.Text(), primary_key=True),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("intensity", sa.Double(), nullable=False),
    )  # fmt: skip
    op.create_index("ix_event_aggregates_kind_scope_day", "event_aggregates", ["kind", "scope", "day"])
    op.create_table(
        "cluster_aggregates",
        sa.Column("kind", sa.Text(), primary_key=True),
        sa.Column("scope", sa.Text(), primary_key=True),
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True, comment="event_clusters.event_date; '' for none"),
        sa.Column("event_type", sa.Text(), primary_key=True),
        sa.Column("modalities", sa.Text(), primary_key=True, comment="comma-joined, in a fixed order"),
        sa.Column("clusters", sa.Integer(), nullable=False),
    )  # fmt: skip
    op.create_index("ix_cluster_aggregates_kind_scope_day", "cluster_aggregates", ["kind", "scope", "day"])
    op.create_table(
        "database_version",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO database_version (id, version) VALUES (1, 0)")
    op.create_index("ix_event_actors_name_role_event_id", "event_actors", ["name", "role", "event_id"])
    op.create_index("ix_quotes_speaker_name", "quotes", ["speaker_name"])
    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_quotes_speaker_name", table_name="quotes")
    op.drop_index("ix_event_actors_name_role_event_id", table_name="event_actors")
    op.drop_table("database_version")
    op.drop_index("ix_cluster_aggregates_kind_scope_day", table_name="cluster_aggregates")
    op.drop_table("cluster_aggregates")
    op.drop_index("ix_event_aggregates_kind_scope_day", table_name="event_aggregates")
    op.drop_table("event_aggregates")
