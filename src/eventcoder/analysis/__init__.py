"""Analytics over the event database: the library behind ``eventcoder stats``, the REST API and the dashboard.

Every function takes an open :class:`store.Store` and an :class:`store.EventFilter`, reads the tables
with SQLAlchemy expressions (every filter value is a bound parameter) and returns plain records:

- :func:`summary` — what a selection holds: events, real-world events, articles, actors, top types;
- :func:`find_events` — one page of events with the filters of the events table, and the total;
- :func:`event_counts` — events by type, day or country pair;
- :func:`dyad_series` — a conflict-cooperation series per dyad (sum of intensity, quad-class counts),
  with the days on which its escalation signal raised an alert;
- :func:`escalation` — the escalation signal per dyad and per country on one day;
- :func:`actor_network` — who acts on whom, as a weighted :class:`networkx.DiGraph`;
- :func:`quoted_speakers` — the most quoted speakers, grouped by the actor (country or organisation)
  they speak for;
- :func:`find_clusters` — one page of real-world events (clusters of reports), newest first;
- :func:`event_map` — events and real-world events per place;
- :func:`period_series` — events and real-world events by day, week or month, of a country or a dyad;
- :func:`country_list`, :func:`country_profile`, :func:`actor_profile` — countries and actors;
- :func:`change` — change detection per country or region, in the manner of ACLED's.

Analytics count only what the text says happened (:data:`ANALYSED_MODALITIES`) unless a modality is
asked for; the events table shows every event.

The modules: :mod:`.models` and :mod:`.dashboard_models` (the records returned), :mod:`.filters`,
:mod:`.events` (event pages and article documents), :mod:`.counts`, :mod:`.series`
(conflict-cooperation series and escalation), :mod:`.network`, :mod:`.speakers`, :mod:`.clusters`,
:mod:`.places`, :mod:`.periods`, :mod:`.profiles`, :mod:`.change_detection`; :mod:`.facts` (the
numbers the analytics are made of, by scanning the events: :mod:`.keyed` gives their rows) and
:mod:`.aggregates` (the same read from the aggregate tables). The filter itself, :class:`EventFilter`, is the store's.
"""

from ..errors import ArticleExists, ArticleNotFound
from ..store.filters import (
    ALL_EVENTS,
    ALL_MODALITIES,
    EVENT_ACTORS_FTS,
    EVENTS_FTS,
    SPEAKER_ROLE,
    TRIGRAM,
    EventFilter,
    contains,
    escape_like,
)
from .change_detection import CHANGE_LEVELS, change
from .clusters import find_clusters
from .counts import COUNT_KEYS, COUNT_SORTS, event_counts
from .dashboard_models import (
    ActorPartner,
    ActorProfile,
    Change,
    ChangeRow,
    ClusterEvent,
    ClusterPage,
    ClusterRecord,
    CountryItem,
    CountryProfile,
    MapPlace,
    Partner,
    PeriodPoint,
    QuoteItem,
    Series,
    TypeCount,
)
from .events import MAX_PAGE_LIMIT, NEWEST_FIRST, PAGE_LIMIT, article_document, find_events, save_document
from .filters import ANALYSED_MODALITIES, counting_rule, parse_event_types, parse_modalities
from .models import (
    Count,
    DyadSeries,
    Escalation,
    EscalationRow,
    EventPage,
    Network,
    NetworkLink,
    NetworkNode,
    SeriesPoint,
    Signal,
    Speaker,
    SpeakerGroup,
    Summary,
)
from .network import NETWORK_MAX_NODES, actor_network, network_record
from .periods import period_series
from .places import event_map
from .profiles import actor_profile, country_list, country_profile
from .series import (
    BASELINE_DAYS,
    ESCALATION_MIN_EVENTS,
    ESCALATION_THRESHOLD,
    RECENT_DAYS,
    SERIES_INTERVALS,
    DayTotals,
    dyad_series,
    escalation,
    escalation_signal,
    period_start,
)
from .speakers import SPEAKER_EXAMPLE_CHARS, quoted_speakers
from .summary import summary

__all__ = [
    "ALL_EVENTS",
    "ALL_MODALITIES",
    "ANALYSED_MODALITIES",
    "BASELINE_DAYS",
    "CHANGE_LEVELS",
    "COUNT_KEYS",
    "COUNT_SORTS",
    "ESCALATION_MIN_EVENTS",
    "ESCALATION_THRESHOLD",
    "EVENTS_FTS",
    "EVENT_ACTORS_FTS",
    "MAX_PAGE_LIMIT",
    "NETWORK_MAX_NODES",
    "NEWEST_FIRST",
    "PAGE_LIMIT",
    "RECENT_DAYS",
    "SERIES_INTERVALS",
    "SPEAKER_EXAMPLE_CHARS",
    "SPEAKER_ROLE",
    "TRIGRAM",
    "ActorPartner",
    "ActorProfile",
    "ArticleExists",
    "ArticleNotFound",
    "Change",
    "ChangeRow",
    "ClusterEvent",
    "ClusterPage",
    "ClusterRecord",
    "Count",
    "CountryItem",
    "CountryProfile",
    "DayTotals",
    "DyadSeries",
    "Escalation",
    "EscalationRow",
    "EventFilter",
    "EventPage",
    "MapPlace",
    "Network",
    "NetworkLink",
    "NetworkNode",
    "Partner",
    "PeriodPoint",
    "QuoteItem",
    "Series",
    "SeriesPoint",
    "Signal",
    "Speaker",
    "SpeakerGroup",
    "Summary",
    "TypeCount",
    "actor_network",
    "actor_profile",
    "article_document",
    "change",
    "contains",
    "counting_rule",
    "country_list",
    "country_profile",
    "dyad_series",
    "escalation",
    "escalation_signal",
    "escape_like",
    "event_counts",
    "event_map",
    "find_clusters",
    "find_events",
    "network_record",
    "parse_event_types",
    "parse_modalities",
    "period_series",
    "period_start",
    "quoted_speakers",
    "save_document",
    "summary",
]
