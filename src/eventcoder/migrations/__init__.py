"""Alembic migrations of the event database, shipped in the package and applied by :func:`store.upgrade`."""
