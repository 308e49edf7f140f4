"""The library API: code one text or a stream of articles into :class:`ArticleDocument` records.

The CLI, the database loader and the web API are thin layers over these two functions.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from . import __version__
from .errors import InputError
from .ingest import ArticleInput, article_id, check_language
from .nlp import load
from .pipeline.syntax import doc_text
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
    result = next(code_articles([item], model=model, actors=actors, lexicon=lexicon))
    if isinstance(result, InputError):
        raise result
    return result


def code_articles(
    articles: Iterable[ArticleInput | InputError],
    *,
    model: str | None = None,
    actors: str | None = None,
    lexicon: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[ArticleDocument | InputError]:
    """Code a stream of articles, in order: one document for each article.

    An article that cannot be coded (not English) comes out as an :class:`errors.InputError` in its
    place, and errors already in the stream (from :func:`ingest.iter_articles`) pass through, so a
    batch goes on around a bad item.
    """
    nlp = load(model, actors=actors, lexicon=lexicon)
    model_name = f"{nlp.lang}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    queue: deque[ArticleInput | InputError] = deque()

    def docs() -> Iterator[Doc]:
        for item in articles:
            queue.append(item)
            if isinstance(item, ArticleInput):
                try:
                    check_language(item.text, item.where)
                except InputError as error:
                    queue[-1] = error
                    continue
                doc = nlp.make_doc(item.text)
                doc._.published = item.published
                yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        while isinstance(queue[0], InputError):
            yield queue.popleft()
        yield to_document(queue.popleft(), doc, model_name)
    yield from queue


def to_document(item: ArticleInput, doc: Doc, model_name: str) -> ArticleDocument:
    """Gather what the stages set on the Doc into one record."""
    article = Article(
        id=item.id or article_id(item.text),
        title=item.title,
        published=item.published.isoformat() if item.published else None,
        source=item.source,
        url=item.url,
        language="en",
        text=doc_text(doc),
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
