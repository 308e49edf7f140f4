"""What the analytics count: the modalities they read, and event types parsed from a request or a command."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import BadOption
from ..records import EVENT_TYPES

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
