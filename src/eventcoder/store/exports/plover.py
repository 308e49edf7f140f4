"""PLOVER JSON records (the manual's chapter "Data Fields"), one per event or per event cluster.

Fields follow the manual's tables "PLOVER JSON", "Information object for entities", "... for text",
"... for citations" and "Location object"; ``data/plover_record_schema.json`` is their JSON Schema and
every record written here validates against it. Optional fields without a value are left out, never
written as null. eventcoder's own fields (``cameo``, ``quad_class``, ``content_type``,
``date_precision``; ``reports``, ``outlets``, ``events`` of a cluster) are extra fields, as the manual
allows a data provider.

Modality goes where the manual puts it, in ``context`` as an auxiliary mode (:data:`AUXILIARY_MODES`);
a prevented event ("thwarted an attack") did not happen, so it is a ``negation`` like a negated one,
and negated events are left out of the data set unless asked for, as the manual allows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ... import __version__
from ...records import Actor, DateValue, Event, Location
from ..rows import event_date_range
from .common import country_names, day, quad

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "data" / "plover_record_schema.json"

# The manual's version (PLOVER_MANUAL.tex, openeventdata/PLOVER @ 5e0c24f: "DRAFT Version: 2.0") in its
# codebook naming ("plover-base-1.3.1"); cite_info.codebook adds the eventcoder version that coded the
# text, whose tables read the manual (plover.yaml, cameo.tsv, lexicon.yaml).
PLOVER_CODEBOOK = "plover-base-2.0"
# eventcoder's modality -> the manual's auxiliary mode, put in ``context``; asserted has none.
AUXILIARY_MODES = {
    "future": "future",
    "hypothetical": "hypothetical",
    "negated": "negation",
    "prevented": "negation",
    "historical": "historical",
}
NEGATED_MODALITIES = frozenset(modality for modality, mode in AUXILIARY_MODES.items() if mode == "negation")
# Location "resolution": 5=sub-city, 4=city, 3=district, 2=province, 1=country; by place kind, with
# second-level regions (feature code ADM2) at 3. Seas have none; a hand-made region is no finer than
# its country.
PLOVER_RESOLUTION = {"site": 5, "city": 4, "admin1": 2, "country": 1, "region": 1, "water": None}
DISTRICT_CODE = "ADM2"
# eventcoder codes news outlets MED (its record contract); PLOVER's media sector is JRN, its MED health.
MEDIA_SECTOR = "JRN"
LANGUAGE = re.compile(r"[a-z]{2}")


def present(fields: Mapping) -> dict:
    """The fields that have a value: the manual's fields are optional, and a missing one is left out."""
    return {name: value for name, value in fields.items() if value is not None}


def coder_version(context: Mapping) -> str:
    """The eventcoder version that coded the article (from the context's coder), else this one."""
    if context.get("coder_version"):
        return context["coder_version"]
    found = re.match(r"eventcoder (\S+)", context.get("coder") or "")
    return found.group(1) if found else __version__


def codebook(version: str) -> str:
    return f"{PLOVER_CODEBOOK}+eventcoder-{version}"


def plover_entity(actor: Actor) -> dict:
    """An actor as the manual's entity object; ``office`` when the actor's office is known."""
    sector = MEDIA_SECTOR if actor.kind == "media" and actor.sector == "MED" else actor.sector
    return present(
        {
            "code": actor.country or actor.org,
            "sector": sector,
            "entity_text": actor.text,
            "identifier_text": actor.name,
            "office": actor.office,
        }
    )


def resolution(location: Location) -> int | None:
    if location.feature_code == DISTRICT_CODE:
        return 3
    if location.kind == "region" and location.country is None:
        return None
    return PLOVER_RESOLUTION.get(location.kind)


def plover_location(location: Location | None) -> dict | None:
    """A location as the manual's location object (GeoNames fields where the gazetteer row has them)."""
    if location is None:
        return None
    return present(
        {
            "extracted_place": location.text,
            "resolved_place": location.name,
            "geonameid": location.geonameid,
            "lat": location.lat,
            "lon": location.lon,
            "city": location.name if location.kind == "city" else None,
            "district": location.name if location.feature_code == DISTRICT_CODE else None,
            "province": location.admin1,
            "country": country_names().get(location.country) if location.country else None,
            "country_code": location.country,
            "feature_class": location.feature_class,
            "feature_code": location.feature_code,
            "resolution": resolution(location),
        }
    )


def _enddate(value: str | None, precision: str | None) -> str | None:
    """The last day of a date coarser than a day (a week, a month, a year), else None."""
    if value is None or precision not in ("week", "month", "year"):
        return None
    days = event_date_range(DateValue(value=value, precision=precision, text=None), None)
    return days[1].isoformat() if days else None


def _date(value: str | None) -> str | None:
    """A stored day as PLOVER's YYYY-MM-DD, None for anything else."""
    return value if value and len(value) == 10 and day(value) else None


def plover_record(event: Event, context: Mapping) -> dict | None:
    """One event as a PLOVER JSON record; None when it has no day at all (``date`` is required)."""
    date = _date(context["event_date"])
    if date is None:
        return None
    auxiliary = AUXILIARY_MODES.get(event.modality)
    comment = f"{event.evidence.method} (confidence {event.evidence.confidence:g})"
    if event.modality == "prevented":
        comment = f"prevented; {comment}"
    language = context.get("language")
    return present(
        {
            "id": event.id,
            "date": date,
            "enddate": _enddate(event.date.value, event.date.precision) if event.date else None,
            "actor": [plover_entity(actor) for actor in event.sources],
            "recipient": [plover_entity(actor) for actor in event.targets],
            "event": [event.event_type],
            "event_loc": plover_location(event.location),
            "event_text": [event.trigger.text],
            "quad_code": quad(event.event_type)["quad_code"],
            "event_scale": event.intensity,
            "mode": [event.mode] if event.mode else [],
            "context": [*event.context, *([auxiliary] if auxiliary else [])],
            "link": context["cluster_id"],
            "text": event.sentence.text,
            "text_info": {
                "sequence": event.sentence.index,
                "start": event.sentence.start,
                "end": event.sentence.end,
            },
            "cite_info": present(
                {
                    "citation": context["article_id"],
                    "url": context["url"],
                    "title": context["title"],
                    "language": language if language and LANGUAGE.fullmatch(language) else None,
                    "publication": context["source"],
                    "coder": context["coder"],
                    "codebook": codebook(coder_version(context)),
                }
            ),
            "coder": context["coder"],
            "coded_date": _date(context.get("coded_date")),
            "comment": comment,
            # eventcoder's fields
            "date_precision": event.date.precision if event.date else "article",
            "quad_class": quad(event.event_type)["quad_class"],
            "cameo": event.cameo,
            "content_type": event.content_type,
        }
    )


def plover_cluster(record: Mapping) -> dict | None:
    """One event cluster as a PLOVER JSON record: its actors are the codes the clustering compares (a
    country, or an organisation's code), ``link`` its id; None without a day."""
    date = _date(record["event_date"])
    if date is None:
        return None
    location = None
    if record["lat"] is not None:
        country = record["location_country"]
        location = present(
            {
                "resolved_place": record["location_name"],
                "lat": record["lat"],
                "lon": record["lon"],
                "country": country_names().get(country) if country else None,
                "country_code": country,
            }
        )
    return present(
        {
            "id": record["id"],
            "date": date,
            "enddate": _enddate(record["date_value"], record["date_precision"]),
            "actor": [{"code": code} for code in record["source_countries"]],
            "recipient": [{"code": code} for code in record["target_countries"]],
            "event": [record["event_type"]],
            "event_loc": location,
            "quad_code": quad(record["event_type"])["quad_code"],
            "event_scale": record["intensity"],
            "link": record["id"],
            "cite_info": {"codebook": codebook(__version__)},
            # eventcoder's fields
            "date_precision": record["date_precision"] or "article",
            "quad_class": quad(record["event_type"])["quad_class"],
            "cameo": record["cameo"],
            "reports": record["report_count"],
            "outlets": list(record["outlets"]),
            "events": [member["event_id"] for member in record["events"]],
        }
    )
