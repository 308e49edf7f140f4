"""The REST API and the offline dashboard: a thin FastAPI layer over :mod:`eventcoder.analysis`."""

from .app import create_app

__all__ = ["create_app"]
