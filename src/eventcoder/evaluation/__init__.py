"""Scoring eventcoder against gold and silver data (``eventcoder eval ...``)."""
