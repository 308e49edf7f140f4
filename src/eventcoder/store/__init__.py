"""The event database: articles and everything coded from them, in plain relational tables.

SQLite by default (``./eventcoder.db``, or ``$EVENTCODER_DB``), PostgreSQL with a ``postgresql://`` URL.
The schema is managed by the Alembic migrations shipped in ``eventcoder/migrations``, applied when a
database is opened. The tables read well in Datasette or sqlite-utils:

=================  ======================================================================
table              one row per
=================  ======================================================================
``articles``       coded article (its exact text, the outlet, the coder that coded it)
``events``         event, with its trigger, sentence, date, location and evidence
``event_actors``   actor of an event, ``role`` = source, target or speaker (attribution)
``mentions``       actor mention anywhere in an article
``quotes``         quote, with its speaker
``places``         geocoded place name
``event_clusters`` real-world event: the events that report it, from one or more outlets
``event_cluster_countries`` country (or organisation) code on one side of a real-world event
``event_aggregates``  kind of key, scope, key, day, type and modality: events and their intensity
``cluster_aggregates`` the same for real-world events, each on its own day
``database_version``  one row: a number every write raises
=================  ======================================================================

Two views read well too: ``dyad_events`` (one row per event and source-target pair, with countries,
sectors, names, date, type, modality and place) and ``event_summary`` (one row per event with its
article). In SQLite, ``events_search`` is a full-text index of ``events`` that Datasette and
sqlite-utils find by themselves (see ``docs/schema.md``).

Every field of an :class:`records.ArticleDocument` is stored, so :meth:`Store.load_document` gives
back the very document that was written. Each document is written in one transaction: after a crash an
article is either there with all its records, or not there at all.

The modules, each importing only those above it:

- :mod:`.schema` — the tables, as SQLAlchemy models;
- :mod:`.engine` — the database URL, the engine and the migrations;
- :mod:`.rows` — rows from records and back;
- :mod:`.filters` — :class:`EventFilter`, which events to read;
- :mod:`.clustering` — which events report the same real-world event;
- :mod:`.aggregates` — the aggregate tables, kept up to date with each article;
- :mod:`.exports` — the export formats;
- :mod:`.core` — :class:`Store` and :func:`open_store`.
"""

from .clustering import CLUSTER_MAX_DATE_SPAN_DAYS, CLUSTER_MAX_KM, cluster_reports, same_event
from .core import Store, open_store
from .engine import DEFAULT_DB, MIGRATIONS, resolve_url, upgrade
from .exports import (
    CLUSTER_COLUMNS,
    DYADIC_COLUMNS,
    EVENT_COLUMNS,
    EXPORT_FORMATS,
    PLOVER_CODEBOOK,
    PLOVER_RESOLUTION,
    WRITERS,
    actor_code,
    dyadic_rows,
    flat_event,
    plover_record,
)
from .filters import ALL_EVENTS, SPEAKER_ROLE, EventFilter, contains, escape_like
from .rows import ARTICLE_DATE_LEEWAY_DAYS, LOOKUP_CHUNK, actor_from_row, event_date_range, event_location
from .schema import (
    ACTOR_FIELDS,
    SEARCH_INDEXES,
    SEARCH_TABLES,
    VIEWS,
    ActorColumns,
    ArticleRow,
    Base,
    ClusterAggregateRow,
    DatabaseVersionRow,
    EventActorRow,
    EventAggregateRow,
    EventClusterCountryRow,
    EventClusterRow,
    EventRow,
    MentionRow,
    PlaceRow,
    QuoteRow,
    in_models,
)

__all__ = [
    "ACTOR_FIELDS",
    "ALL_EVENTS",
    "ARTICLE_DATE_LEEWAY_DAYS",
    "CLUSTER_COLUMNS",
    "CLUSTER_MAX_DATE_SPAN_DAYS",
    "CLUSTER_MAX_KM",
    "DEFAULT_DB",
    "DYADIC_COLUMNS",
    "EVENT_COLUMNS",
    "EXPORT_FORMATS",
    "LOOKUP_CHUNK",
    "MIGRATIONS",
    "PLOVER_CODEBOOK",
    "PLOVER_RESOLUTION",
    "SEARCH_INDEXES",
    "SEARCH_TABLES",
    "SPEAKER_ROLE",
    "VIEWS",
    "WRITERS",
    "ActorColumns",
    "ArticleRow",
    "Base",
    "ClusterAggregateRow",
    "DatabaseVersionRow",
    "EventActorRow",
    "EventAggregateRow",
    "EventClusterCountryRow",
    "EventClusterRow",
    "EventFilter",
    "EventRow",
    "MentionRow",
    "PlaceRow",
    "QuoteRow",
    "Store",
    "actor_code",
    "actor_from_row",
    "cluster_reports",
    "contains",
    "dyadic_rows",
    "escape_like",
    "event_date_range",
    "event_location",
    "flat_event",
    "in_models",
    "open_store",
    "plover_record",
    "resolve_url",
    "same_event",
    "upgrade",
]
