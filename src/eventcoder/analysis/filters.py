"""What the analytics count: the modalities they read, and event types parsed from a request or a command."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import BadOption
from ..records import EVENT_TYPES, MODALITIES
from ..store.filters import ALL_MODALITIES, EventFilter

# Events the text reports as having happened; future, hypothetical, negated and prevented ones are not
# counted. Promises, threats and refusals read by PLOVER's conventions ("will send aid" as AGREE) are
# asserted: the promise was made (events.modality).
ANALYSED_MODALITIES = ("asserted", "historical")


def parse_event_types(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """'ASSAULT,coerce' -> ('ASSAULT', 'COERCE'); raises BadOption on an unknown type."""
    if value is None:
        return ()
    parts = value.split(",") if isinstance(value, str) else list(value)
    types = tuple(part.strip().upper() for part in parts if part.strip())
    unknown = [event_type for event_type in types if event_type not in EVENT_TYPES]
    if unknown:
        raise BadOption(f"unknown event type {', '.join(unknown)}; PLOVER types are {', '.join(EVENT_TYPES)}")
    return types


def parse_modalities(value: str | None) -> str | None:
    """'negated,Future' -> 'negated,future'; 'all' stays; raises BadOption on an unknown modality."""
    if value is None or not value.strip():
        return None
    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    if names == [ALL_MODALITIES]:
        return ALL_MODALITIES
    unknown = [name for name in names if name not in MODALITIES]
    if unknown:
        raise BadOption(
            f"unknown modality {', '.join(unknown)}; choose from {', '.join(MODALITIES)} or {ALL_MODALITIES}"
        )
    return ",".join(names)


def counting_rule(selection: EventFilter) -> str:
    """What the analytics count under ``selection``, in words, for the output to say."""
    asked = selection.modalities(ANALYSED_MODALITIES)
    if not asked:
        return "events of every modality (reports, not de-duplicated)"
    if asked == ANALYSED_MODALITIES:
        return "events that happened: modality asserted or historical (reports, not de-duplicated)"
    return f"events of modality {' or '.join(asked)} (reports, not de-duplicated)"
