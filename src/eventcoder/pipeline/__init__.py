"""The spaCy side of eventcoder: the Doc attributes the stages share, syntax helpers, the factories."""
