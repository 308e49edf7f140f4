"""The library API: code one text or a stream of articles into :class:`ArticleDocument` records.

The CLI, the database loader and the web API are thin layers over these two functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from . import __version__
from .ingest import ArticleInput, article_id, check_language
from .nlp import load
from .records import Article, ArticleDocument, Coder

BATCH_SIZE = 32


def code_text(
    text: str,
    published: dt.date | str | None = None,
    *,
    id: str | None = None,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    model: str | None = None,
    actors: str | None = None,
    lexicon: str | None = None,
) -> ArticleDocument:
    """Code one article's text. ``published`` anchors relative dates ("yesterday")."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    item = ArticleInput(text=text, published=published, id=id, title=title, source=source, url=url)
    return next(code_articles([item], model=model, actors=actors, lexicon=lexicon))


def code_articles(
    articles: Iterable[ArticleInput],
    *,
    model: str | None = None,
    actors: str | None = None,
    lexicon: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[ArticleDocument]:
    """Code a stream of articles, in order, one document each.

    Raises :class:`errors.NotEnglish` for an article in another language; callers that code
    batches check the language first with :func:`ingest.check_language` to skip it instead.
    """
    nlp = load(model, actors=actors, lexicon=lexicon)
    model_name = f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    pending = ((item, _make_doc(nlp, item)) for item in articles)
    items: list[ArticleInput] = []

    def docs() -> Iterator[Doc]:
        for item, doc in pending:
            items.append(item)
            yield doc

    for index, doc in enumerate(nlp.pipe(docs(), batch_size=batch_size)):
        yield to_document(items[index], doc, model_name)
        items[index] = None  # type: ignore[call-overload]  # free the text as we go


def _make_doc(nlp, item: ArticleInput) -> Doc:
    check_language(item.text, item.where)
    doc = nlp.make_doc(item.text)
    doc._.published = item.published
    return doc


def to_document(item: ArticleInput, doc: Doc, model_name: str) -> ArticleDocument:
    """Gather what the stages set on the Doc into one record."""
    article = Article(
        id=item.id or article_id(item.text),
        title=item.title,
        published=item.published.isoformat() if item.published else None,
        source=item.source,
        url=item.url,
        language="en",
        text=doc.text,
    )
    events = doc._.events or []
    for number, event in enumerate(events, start=1):
        event.id = f"{article.id}:e{number}"
    quotes = doc._.quotes or []
    for number, quote in enumerate(quotes, start=1):
        quote.id = f"{article.id}:q{number}"
    return ArticleDocument(
        article=article,
        events=events,
        quotes=quotes,
        mentions=[mention.actor for mention in doc._.actor_mentions or []],
        places=[mention.place for mention in doc._.place_mentions or []],
        coder=Coder(version=__version__, model=model_name),
    )
