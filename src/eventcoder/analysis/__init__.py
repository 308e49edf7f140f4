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
  they speak for.

Analytics count only what the text says happened (:data:`ANALYSED_MODALITIES`) unless a modality is
asked for; the events table shows every event.

The modules: :mod:`.models` (the records returned), :mod:`.filters`, :mod:`.events` (event pages and
article documents), :mod:`.counts`, :mod:`.series` (conflict-cooperation series and escalation),
:mod:`.network` and :mod:`.speakers`. The filter itself, :class:`EventFilter`, is the store's.
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
from .counts import COUNT_KEYS, COUNT_SORTS, event_counts
from .events import MAX_PAGE_LIMIT, PAGE_LIMIT, article_document, find_events, save_document
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
    "COUNT_KEYS",
    "COUNT_SORTS",
    "ESCALATION_MIN_EVENTS",
    "ESCALATION_THRESHOLD",
    "EVENTS_FTS",
    "EVENT_ACTORS_FTS",
    "MAX_PAGE_LIMIT",
    "NETWORK_MAX_NODES",
    "PAGE_LIMIT",
    "RECENT_DAYS",
    "SERIES_INTERVALS",
    "SPEAKER_EXAMPLE_CHARS",
    "SPEAKER_ROLE",
    "TRIGRAM",
    "ArticleExists",
    "ArticleNotFound",
    "Count",
    "DayTotals",
    "DyadSeries",
    "Escalation",
    "EscalationRow",
    "EventFilter",
    "EventPage",
    "Network",
    "NetworkLink",
    "NetworkNode",
    "SeriesPoint",
    "Signal",
    "Speaker",
    "SpeakerGroup",
    "Summary",
    "actor_network",
    "article_document",
    "contains",
    "counting_rule",
    "dyad_series",
    "escalation",
    "escalation_signal",
    "escape_like",
    "event_counts",
    "find_events",
    "network_record",
    "parse_event_types",
    "parse_modalities",
    "period_start",
    "quoted_speakers",
    "save_document",
    "summary",
]
