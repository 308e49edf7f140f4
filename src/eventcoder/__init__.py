"""eventcoder: news articles in, explainable political event data out.

``code_text`` and ``code_articles`` load spaCy and the model on first use, so that importing the
package (the CLI's database commands, the web app) stays light.
"""

__version__ = "0.1.0"

__all__ = ["ArticleInput", "__version__", "code_articles", "code_text"]


def __getattr__(name: str):
    # PEP 562: the library API is imported when it is first asked for, not with the package.
    if name in ("code_articles", "code_text"):
        from . import api

        return getattr(api, name)
    if name == "ArticleInput":
        from .ingest import ArticleInput

        return ArticleInput
    raise AttributeError(f"module 'eventcoder' has no attribute {name!r}")
