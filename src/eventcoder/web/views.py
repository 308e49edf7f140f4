"""The routes of the dashboard's views: real-world events, the map, series, countries and actors, change."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import FastAPI, Path, Query

from .. import analysis
from ..analysis import change_detection as change_defaults
from ..errors import BadOption
from .edge import ERROR_RESPONSES, ApiError
from .params import (
    DYAD_CODE_PATTERN,
    AsOf,
    FilterDependency,
    FilterWithoutCountry,
    StoreDependency,
    invalid,
)

Weeks = Annotated[int, Query(ge=1, le=520)]
Share = Annotated[float, Query(ge=0, le=100)]


def add_view_routes(app: FastAPI) -> None:
    @app.get("/api/clusters", response_model=analysis.ClusterPage, responses=ERROR_RESPONSES, tags=["events"])
    def clusters(
        store: StoreDependency,
        selection: FilterDependency,
        limit: Annotated[int, Query(ge=1, le=analysis.MAX_PAGE_LIMIT)] = analysis.PAGE_LIMIT,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        sort: Annotated[
            str,
            Query(
                description="date, reports, intensity or type, '-' before it for descending (default -date)."
            ),
        ] = analysis.NEWEST_FIRST,
    ) -> analysis.ClusterPage:
        """Real-world events (clusters of reports) with a report matching every filter, newest first or
        in the order ``sort`` names."""
        return analysis.find_clusters(store, selection, limit=limit, offset=offset, sort=sort)

    @app.get(
        "/api/map", response_model=list[analysis.MapPlace], responses=ERROR_RESPONSES, tags=["analytics"]
    )
    def event_map(store: StoreDependency, selection: FilterDependency) -> list[analysis.MapPlace]:
        """One record per place (name and coordinates): events, real-world events, events by quad class."""
        return analysis.event_map(store, selection)

    @app.get("/api/series", response_model=analysis.Series, responses=ERROR_RESPONSES, tags=["analytics"])
    def series(
        store: StoreDependency,
        selection: FilterDependency,
        interval: Literal["day", "week", "month"] = "day",
        source: Annotated[
            str | None, Query(pattern=DYAD_CODE_PATTERN, description="A dyad's source code.")
        ] = None,
        target: Annotated[
            str | None, Query(pattern=DYAD_CODE_PATTERN, description="A dyad's target code.")
        ] = None,
    ) -> analysis.Series:
        """Events, real-world events, intensity and events by quad class per period: of the selection
        (``country`` makes it a country's, ``actor`` an actor's), or of one dyad (``source`` and ``target``)."""
        try:
            return analysis.period_series(store, selection, interval=interval, source=source, target=target)
        except BadOption as error:
            raise invalid("source" if source is None else "target", error) from None

    @app.get(
        "/api/countries",
        response_model=list[analysis.CountryItem],
        responses=ERROR_RESPONSES,
        tags=["analytics"],
    )
    def countries(store: StoreDependency, selection: FilterWithoutCountry) -> list[analysis.CountryItem]:
        """Every country of the codebook with the events that involve it (0 for none), by name."""
        return analysis.country_list(store, selection)

    @app.get(
        "/api/countries/{code}",
        response_model=analysis.CountryProfile,
        responses=ERROR_RESPONSES,
        tags=["analytics"],
    )
    def country(
        store: StoreDependency,
        selection: FilterWithoutCountry,
        code: Annotated[str, Path(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 code.")],
    ) -> analysis.CountryProfile:
        """One country: events, real-world events, weekly series, partners, types, newest events, its
        speakers' newest quotes and its change row."""
        profile = analysis.country_profile(store, code, selection)
        if profile is None:
            raise ApiError(404, f"no country with code {code.upper()!r} in the codebook")
        return profile

    @app.get(
        "/api/actors/{name:path}",
        response_model=analysis.ActorProfile,
        responses=ERROR_RESPONSES,
        tags=["analytics"],
    )
    def actor(
        store: StoreDependency,
        selection: FilterDependency,
        name: Annotated[str, Path(min_length=1, max_length=300, description="The actor's canonical name.")],
    ) -> analysis.ActorProfile:
        """One actor (by its canonical name, as in the events' sources and targets), as a country's page."""
        profile = analysis.actor_profile(store, name, selection)
        if profile is None:
            raise ApiError(404, f"no event has an actor named {name!r}")
        return profile

    @app.get("/api/change", response_model=analysis.Change, responses=ERROR_RESPONSES, tags=["analytics"])
    def change(
        store: StoreDependency,
        selection: FilterDependency,
        level: Literal["country", "admin1"] = "country",
        as_of: AsOf = None,
        recent_days: Annotated[int, Query(ge=1, le=366)] = change_defaults.RECENT_DAYS,
        short_weeks: Weeks = change_defaults.SHORT_WEEKS,
        long_weeks: Weeks = change_defaults.LONG_WEEKS,
        increase: Share = change_defaults.INCREASE,
        surge: Share = change_defaults.SURGE,
        min_events: Annotated[int, Query(ge=0, le=1_000_000)] = change_defaults.MIN_EVENTS,
    ) -> analysis.Change:
        """Change detection per country or region (ACLED's manner): real-world events of the recent
        window against the weekly averages of the short and long baselines before it; a
        ``large_increase`` above ``1 + increase`` times the short average, a ``surge`` from ``1 + surge``
        times, both with at least ``min_events``."""
        return analysis.change(
            store,
            selection,
            level=level,
            as_of=as_of,
            recent_days=recent_days,
            short_weeks=short_weeks,
            long_weeks=long_weeks,
            increase=increase,
            surge=surge,
            min_events=min_events,
        )
