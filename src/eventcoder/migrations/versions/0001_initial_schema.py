"""Initial schema: articles, events, event_actors, mentions, quotes, places, event_clusters.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 03:36:42.844386
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('text_hash', sa.String(length=16), nullable=False, comment='ingest.article_id of the text'),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=10), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('language', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('coder_version', sa.Text(), nullable=False),
    sa.Column('coder_model', sa.Text(), nullable=False),
    sa.Column('origin', sa.Text(), nullable=True, comment='file (and line) the article was read from'),
    sa.Column('coded_at', sa.String(length=32), nullable=False, comment='UTC time of coding, ISO 8601'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('text_hash')
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_source'), ['source'], unique=False)

    op.create_table('event_clusters',
    sa.Column('id', sa.Text(), nullable=False, comment='id of its first event'),
    sa.Column('event_type', sa.Text(), nullable=False),
    sa.Column('event_date', sa.String(length=10), nullable=True),
    sa.Column('date_value', sa.String(length=10), nullable=True),
    sa.Column('date_precision', sa.Text(), nullable=True),
    sa.Column('source_countries', sa.Text(), nullable=False, comment="';'-joined ISO codes"),
    sa.Column('target_countries', sa.Text(), nullable=False, comment="';'-joined ISO codes"),
    sa.Column('location_name', sa.Text(), nullable=True),
    sa.Column('location_country', sa.Text(), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('cameo', sa.Text(), nullable=True),
    sa.Column('intensity', sa.Double(), nullable=False),
    sa.Column('report_count', sa.Integer(), nullable=False, comment='distinct articles reporting it'),
    sa.Column('event_count', sa.Integer(), nullable=False),
    sa.Column('outlets', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event_clusters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_clusters_event_date'), ['event_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_clusters_event_type'), ['event_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_clusters_location_country'), ['location_country'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.Text(), nullable=False),
    sa.Column('mode', sa.Text(), nullable=True),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('cameo', sa.Text(), nullable=True),
    sa.Column('intensity', sa.Double(), nullable=False),
    sa.Column('modality', sa.Text(), nullable=False),
    sa.Column('event_date', sa.String(length=10), nullable=True, comment="first day of the event's date, else the publication date"),
    sa.Column('date_value', sa.String(length=10), nullable=True),
    sa.Column('date_precision', sa.Text(), nullable=True),
    sa.Column('date_text', sa.Text(), nullable=True),
    sa.Column('location_name', sa.Text(), nullable=True),
    sa.Column('location_text', sa.Text(), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('location_country', sa.Text(), nullable=True),
    sa.Column('location_kind', sa.Text(), nullable=True),
    sa.Column('trigger_text', sa.Text(), nullable=False),
    sa.Column('trigger_start', sa.Integer(), nullable=False),
    sa.Column('trigger_end', sa.Integer(), nullable=False),
    sa.Column('sentence_index', sa.Integer(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('sentence_text', sa.Text(), nullable=False),
    sa.Column('attributed', sa.Boolean(), nullable=False, comment='true when someone else vouches for it'),
    sa.Column('attribution_outlet', sa.Text(), nullable=True),
    sa.Column('evidence_method', sa.Text(), nullable=False),
    sa.Column('evidence_confidence', sa.Double(), nullable=False),
    sa.Column('cluster_id', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cluster_id'], ['event_clusters.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_cameo'), ['cameo'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_event_date'), ['event_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_event_type'), ['event_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_location_country'), ['location_country'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('country', sa.Text(), nullable=True),
    sa.Column('sector', sa.Text(), nullable=True),
    sa.Column('org', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('method', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_country'), ['country'], unique=False)

    op.create_table('places',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('country', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_places_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_country'), ['country'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('verb', sa.Text(), nullable=True),
    sa.Column('outlet', sa.Text(), nullable=True),
    sa.Column('speaker_text', sa.Text(), nullable=True),
    sa.Column('speaker_start_char', sa.Integer(), nullable=True),
    sa.Column('speaker_end_char', sa.Integer(), nullable=True),
    sa.Column('speaker_name', sa.Text(), nullable=True),
    sa.Column('speaker_country', sa.Text(), nullable=True),
    sa.Column('speaker_sector', sa.Text(), nullable=True),
    sa.Column('speaker_org', sa.Text(), nullable=True),
    sa.Column('speaker_kind', sa.Text(), nullable=True),
    sa.Column('speaker_method', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_speaker_country'), ['speaker_country'], unique=False)

    op.create_table('event_actors',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False, comment='source, target or speaker'),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('country', sa.Text(), nullable=True),
    sa.Column('sector', sa.Text(), nullable=True),
    sa.Column('org', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('method', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event_actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_actors_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_actors_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_actors_role'), ['role'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('event_actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_actors_role'))
        batch_op.drop_index(batch_op.f('ix_event_actors_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_actors_country'))

    op.drop_table('event_actors')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_speaker_country'))
        batch_op.drop_index(batch_op.f('ix_quotes_article_id'))

    op.drop_table('quotes')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_places_country'))
        batch_op.drop_index(batch_op.f('ix_places_article_id'))

    op.drop_table('places')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_country'))
        batch_op.drop_index(batch_op.f('ix_mentions_article_id'))

    op.drop_table('mentions')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_location_country'))
        batch_op.drop_index(batch_op.f('ix_events_event_type'))
        batch_op.drop_index(batch_op.f('ix_events_event_date'))
        batch_op.drop_index(batch_op.f('ix_events_cluster_id'))
        batch_op.drop_index(batch_op.f('ix_events_cameo'))
        batch_op.drop_index(batch_op.f('ix_events_article_id'))

    op.drop_table('events')
    with op.batch_alter_table('event_clusters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_clusters_location_country'))
        batch_op.drop_index(batch_op.f('ix_event_clusters_event_type'))
        batch_op.drop_index(batch_op.f('ix_event_clusters_event_date'))

    op.drop_table('event_clusters')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_source'))
        batch_op.drop_index(batch_op.f('ix_articles_published'))

    op.drop_table('articles')
