"""The tables of the event database, as SQLAlchemy models; the Alembic migrations compare against them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Columns are Text unless the value has a fixed form (ISO dates, hashes): the stages own their
    codes and names, and PostgreSQL would refuse a value longer than a VARCHAR bound."""


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(16), unique=True, comment="ingest.article_id of the text")
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    source: Mapped[str | None] = mapped_column(Text, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    coder_version: Mapped[str] = mapped_column(Text)
    coder_model: Mapped[str] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text, comment="file (and line) the article was read from")
    coded_at: Mapped[str] = mapped_column(String(32), comment="UTC time of coding, ISO 8601")


class EventClusterRow(Base):
    __tablename__ = "event_clusters"
    # Pages of real-world events in another order than newest first (analysis.find_clusters).
    __table_args__ = (
        Index("ix_event_clusters_report_count_id", "report_count", "id"),
        Index("ix_event_clusters_intensity_id", "intensity", "id"),
        Index("ix_event_clusters_event_type_id", "event_type", "id"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True, comment="id of its first event")
    event_type: Mapped[str] = mapped_column(Text, index=True)
    event_date: Mapped[str | None] = mapped_column(String(10), index=True)
    date_value: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(Text)
    # The same codes as the rows of event_cluster_countries, kept for the SQL written against them
    # before that table existed: query the link table instead.
    source_countries: Mapped[str] = mapped_column(Text, comment="';'-joined ISO codes")
    target_countries: Mapped[str] = mapped_column(Text, comment="';'-joined ISO codes")
    location_name: Mapped[str | None] = mapped_column(Text)
    location_country: Mapped[str | None] = mapped_column(Text, index=True)
    lat: Mapped[float | None] = mapped_column(Double)
    lon: Mapped[float | None] = mapped_column(Double)
    cameo: Mapped[str | None] = mapped_column(Text)
    intensity: Mapped[float] = mapped_column(Double)
    report_count: Mapped[int] = mapped_column(Integer, comment="distinct articles reporting it")
    event_count: Mapped[int] = mapped_column(Integer)
    outlets: Mapped[list] = mapped_column(JSON)


class EventClusterCountryRow(Base):
    """One country (or organisation code) on one side of an event cluster: the link table that SQL
    filters and joins on, instead of the ';'-joined text of ``event_clusters``."""

    __tablename__ = "event_cluster_countries"
    __table_args__ = (
        CheckConstraint("role IN ('source', 'target')", name="ck_event_cluster_countries_role"),
        # the clusters with a country on a side, read from this index alone
        Index("ix_event_cluster_countries_country_role_cluster_id", "country", "role", "cluster_id"),
    )

    cluster_id: Mapped[str] = mapped_column(
        ForeignKey("event_clusters.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(Text, primary_key=True, comment="source or target")
    country: Mapped[str] = mapped_column(
        Text,
        primary_key=True,
        comment="ISO 3166-1 alpha-3 code of an actor's country, else its organisation code",
    )


class EventClusterKeyRow(Base):
    """What finds, for an arriving event, the stored events that may report the same real-world event:
    one row per (source, target) key of a datable event (:func:`clustering.cluster_keys`)."""

    __tablename__ = "event_cluster_keys"
    __table_args__ = (Index("ix_event_cluster_keys_lookup", "event_type", "source", "target", "day_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    event_type: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, comment="a source country or organisation code; '' for none")
    target: Mapped[str] = mapped_column(Text, comment="a target country or organisation code; '' for none")
    day_start: Mapped[str] = mapped_column(String(10), comment="first day the event may have happened on")
    day_end: Mapped[str] = mapped_column(String(10), comment="last day the event may have happened on")


class EventRow(Base):
    __tablename__ = "events"
    # Pages of filtered events, newest first (or by intensity, or by type), read down these indexes
    # (analysis.find_events).
    __table_args__ = (
        Index("ix_events_event_date_id", "event_date", "id"),
        Index("ix_events_intensity_id", "intensity", "id"),
        Index("ix_events_event_type_id", "event_type", "id"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(Text, index=True)
    content_type: Mapped[str | None] = mapped_column(
        Text, comment="type of the promised, threatened, refused or demanded event (records.Event)"
    )
    mode: Mapped[str | None] = mapped_column(Text)
    context: Mapped[list] = mapped_column(JSON)
    cameo: Mapped[str | None] = mapped_column(Text, index=True)
    intensity: Mapped[float] = mapped_column(Double)
    modality: Mapped[str] = mapped_column(Text)
    event_date: Mapped[str | None] = mapped_column(
        String(10), index=True, comment="first day of the event's date, else the publication date"
    )
    date_basis: Mapped[str | None] = mapped_column(
        Text, comment="what event_date comes from: 'event' (its own date), 'publication', or null"
    )
    date_value: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(Text)
    date_text: Mapped[str | None] = mapped_column(Text)
    location_name: Mapped[str | None] = mapped_column(Text)
    location_text: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Double)
    lon: Mapped[float | None] = mapped_column(Double)
    location_country: Mapped[str | None] = mapped_column(Text, index=True)
    location_kind: Mapped[str | None] = mapped_column(Text)
    location_geonameid: Mapped[int | None] = mapped_column(Integer)
    location_feature_class: Mapped[str | None] = mapped_column(Text)
    location_feature_code: Mapped[str | None] = mapped_column(Text)
    location_admin1: Mapped[str | None] = mapped_column(Text)
    trigger_text: Mapped[str] = mapped_column(Text)
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    sentence_index: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence_text: Mapped[str] = mapped_column(Text)
    attributed: Mapped[bool] = mapped_column(Boolean, comment="true when someone else vouches for it")
    attribution_outlet: Mapped[str | None] = mapped_column(Text)
    evidence_method: Mapped[str] = mapped_column(Text)
    evidence_confidence: Mapped[float] = mapped_column(Double)
    cluster_id: Mapped[str | None] = mapped_column(ForeignKey("event_clusters.id"), index=True)


class EventAggregateRow(Base):
    """Events (reports) and the sum of their intensity per kind of key, scope, key, day, precision,
    type and modality, kept up to date as articles are written (``store.aggregates``)."""

    __tablename__ = "event_aggregates"
    # the rows of one kind and scope in a range of days, whatever their key
    __table_args__ = (Index("ix_event_aggregates_kind_scope_day", "kind", "scope", "day"),)

    kind: Mapped[str] = mapped_column(Text, primary_key=True, comment="all, country, where, dyad, ...")
    scope: Mapped[str] = mapped_column(
        Text, primary_key=True, comment="'' for every event, else a country the events involve"
    )
    key: Mapped[str] = mapped_column(Text, primary_key=True, comment="the key's parts joined by U+001F")
    day: Mapped[str] = mapped_column(String(10), primary_key=True, comment="events.event_date; '' for none")
    precise: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="1 unless dated to a month or year"
    )
    event_type: Mapped[str] = mapped_column(Text, primary_key=True)
    modality: Mapped[str] = mapped_column(Text, primary_key=True)
    events: Mapped[int] = mapped_column(Integer)
    intensity: Mapped[float] = mapped_column(Double)


class ClusterAggregateRow(Base):
    """Real-world events (clusters) per kind of key, scope, key, the cluster's day, type and the set of
    modalities of its reports with that key in that scope (``store.aggregates``)."""

    __tablename__ = "cluster_aggregates"
    __table_args__ = (Index("ix_cluster_aggregates_kind_scope_day", "kind", "scope", "day"),)

    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    scope: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    day: Mapped[str] = mapped_column(
        String(10), primary_key=True, comment="event_clusters.event_date; '' for none"
    )
    event_type: Mapped[str] = mapped_column(Text, primary_key=True)
    modalities: Mapped[str] = mapped_column(Text, primary_key=True, comment="comma-joined, in a fixed order")
    clusters: Mapped[int] = mapped_column(Integer)


class DatabaseVersionRow(Base):
    """One row: a number raised by every write, which caches of the analytics are keyed by."""

    __tablename__ = "database_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)


class ActorColumns:
    """The fields of :class:`records.Actor`, shared by the tables that hold actors."""

    text: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text, index=True)
    sector: Mapped[str | None] = mapped_column(Text)
    org: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(Text)
    office: Mapped[str | None] = mapped_column(Text)


class EventActorRow(ActorColumns, Base):
    __tablename__ = "event_actors"
    # The country filter and the organisation-code side of the actor filter of the API read event ids
    # from these indexes alone (the actor names have a substring index, see SEARCH_INDEXES).
    __table_args__ = (
        Index("ix_event_actors_country_role_event_id", "country", "role", "event_id"),
        Index("ix_event_actors_org_role_event_id", "org", "role", "event_id"),
        # an actor's page: its events, by its exact name
        Index("ix_event_actors_name_role_event_id", "name", "role", "event_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(Text, index=True, comment="source, target or speaker")
    position: Mapped[int] = mapped_column(Integer)


class MentionRow(ActorColumns, Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    verb: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_start_char: Mapped[int | None] = mapped_column(Integer)
    speaker_end_char: Mapped[int | None] = mapped_column(Integer)
    speaker_name: Mapped[str | None] = mapped_column(Text, index=True)
    speaker_country: Mapped[str | None] = mapped_column(Text, index=True)
    speaker_sector: Mapped[str | None] = mapped_column(Text)
    speaker_org: Mapped[str | None] = mapped_column(Text)
    speaker_kind: Mapped[str | None] = mapped_column(Text)
    speaker_method: Mapped[str | None] = mapped_column(Text)
    speaker_office: Mapped[str | None] = mapped_column(Text)


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    lat: Mapped[float] = mapped_column(Double)
    lon: Mapped[float] = mapped_column(Double)
    country: Mapped[str | None] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(Text)
    geonameid: Mapped[int | None] = mapped_column(Integer)
    feature_class: Mapped[str | None] = mapped_column(Text)
    feature_code: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)


ACTOR_FIELDS = (
    "text", "start_char", "end_char", "name", "country", "sector", "org", "kind", "method", "office",
)  # fmt: skip
# The GeoNames fields of records.Location: columns of places as they are, of events after "location_".
GEONAMES_FIELDS = ("geonameid", "feature_class", "feature_code", "admin1")

# Search indexes that the models above do not describe; the migrations own them. Substring indexes of
# the events table's text and actor filters (migration 0003): FTS5 tables in SQLite, trigram indexes
# in PostgreSQL. The word index that Datasette and sqlite-utils find for ``events`` (migration 0005):
# an FTS5 table in SQLite, whose content is the events table itself (``content="events"``).
SEARCH_TABLES = ("events_fts", "event_actors_fts", "events_search")
SEARCH_INDEXES = ("ix_events_sentence_text_trgm", "ix_event_actors_name_trgm")
# Views for SQL users and Datasette (migration 0005), in both databases; not models either.
VIEWS = ("dyad_events", "event_summary")


def in_models(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic ``include_name`` hook: False for the search indexes (FTS5 tables and their shadow
    tables, trigram indexes) and the views, which the models do not describe."""
    if type_ == "table":
        if name in VIEWS:
            return False
        return not any(name == table or name.startswith(table + "_") for table in SEARCH_TABLES)
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True
