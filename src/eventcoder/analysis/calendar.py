"""Periods of a series: a day, a week (from its Monday) or a month (from its 1st)."""

from __future__ import annotations

import datetime as dt

SERIES_INTERVALS = ("day", "week", "month")


def period_start(day: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day
