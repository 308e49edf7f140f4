"""eventcoder: news articles in, explainable political event data out."""

__version__ = "0.1.0"

from .api import code_articles, code_text  # noqa: E402
from .ingest import ArticleInput  # noqa: E402

__all__ = ["ArticleInput", "code_articles", "code_text", "__version__"]
