"""The library API: code one text or a stream of articles into :class:`ArticleDocument` records.

The CLI, the database loader and the web API are thin layers over these two functions.

One guard per article: :func:`code_articles` gives exactly one result for each item it is given, in
order. An article past a known limit is refused before any work (:data:`ingest.MAX_CHARS` characters;
the language check), a long article is parsed in pieces so that memory does not grow with it
(:mod:`pipeline.pieces`), a stretch of text longer than a sentence can be is cut before the parser
sees it (:mod:`pipeline.breaks`), and an article that makes any stage raise becomes one
:class:`errors.CodingFailed` naming it, in its place; the others are coded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import __version__
from .errors import CodingFailed, InputError
from .ingest import MAX_CHARS, ArticleInput, article_id, check_language, check_size, describe
from .nlp import load
from .pipeline import pieces
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
    max_chars: int | None = MAX_CHARS,
) -> Iterator[ArticleDocument | InputError]:
    """Code a stream of articles, in order: exactly one result for each item.

    An article that cannot be coded comes out as an :class:`errors.InputError` in its place: longer
    than ``max_chars`` characters (:class:`errors.TooLarge`, checked before any work; None: no
    limit), not English (:class:`errors.NotEnglish`), or making any stage raise
    (:class:`errors.CodingFailed`). Errors already in the stream (from :func:`ingest.iter_articles`)
    pass through, so a batch goes on around a bad item.
    """
    nlp = load(model, actors=actors, lexicon=lexicon)
    model_name = f"{nlp.lang}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    batch: list[ArticleInput | InputError] = []
    waiting = 0
    for item in articles:
        if isinstance(item, ArticleInput):
            item = _refusal(item, max_chars) or item
        batch.append(item)
        waiting += isinstance(item, ArticleInput)
        if waiting >= batch_size:
            yield from _code_batch(nlp, batch, model_name)
            batch, waiting = [], 0
    yield from _code_batch(nlp, batch, model_name)


def _refusal(item: ArticleInput, max_chars: int | None) -> InputError | None:
    """Why ``item`` is not worth the pipeline's time, checked before any work; None when it is."""
    try:
        check_size(item.text, item.where, max_chars)
        check_language(item.text, item.where)
    except InputError as error:
        return error
    except Exception as error:  # text the checks cannot read (not a str): this article only
        return CodingFailed(item.where, f"cannot be coded: {describe(error)}")
    return None


def _code_batch(
    nlp: Language, batch: list[ArticleInput | InputError], model_name: str
) -> Iterator[ArticleDocument | InputError]:
    """The batch's results in its order. When the batch fails as a whole (``nlp.pipe`` cannot say which
    article raised), each article is coded again on its own, so that only the bad one fails."""
    docs: dict[int, Doc | InputError] = {}
    for index, item in enumerate(batch):
        if isinstance(item, ArticleInput):
            docs[index] = _prepare(nlp, item)
    ready = [index for index, doc in docs.items() if isinstance(doc, Doc)]
    done: dict[int, ArticleDocument | InputError] = {}
    try:  # each Doc becomes its record as it comes: the batch's Docs are never all in memory
        for index, doc in zip(ready, pieces.pipe(nlp, (docs.pop(index) for index in ready))):
            done[index] = _document(batch[index], doc, model_name)
    except Exception:  # not lost: the articles not done are re-run alone below, each its own error
        pass
    for index, item in enumerate(batch):
        if isinstance(item, InputError):
            yield item
        elif isinstance(docs.get(index), InputError):
            yield docs[index]
        elif index in done:
            yield done[index]
        else:
            yield _code_alone(nlp, item, model_name)


def _prepare(nlp: Language, item: ArticleInput) -> Doc | InputError:
    try:
        doc = nlp.make_doc(item.text)
        doc._.published = item.published
        return doc
    except Exception as error:  # spaCy's own limits (E088: longer than nlp.max_length)
        return CodingFailed(item.where, f"coding failed: {describe(error)}")


def _code_alone(nlp: Language, item: ArticleInput, model_name: str) -> ArticleDocument | InputError:
    prepared = _prepare(nlp, item)
    if isinstance(prepared, InputError):
        return prepared
    try:
        doc = next(pieces.pipe(nlp, [prepared]))
    except Exception as error:  # this article alone: reported in its place
        return CodingFailed(item.where, f"coding failed: {describe(error)}")
    return _document(item, doc, model_name)


def _document(item: ArticleInput, doc: Doc, model_name: str) -> ArticleDocument | InputError:
    try:
        return to_document(item, doc, model_name)
    except Exception as error:  # a record the stages built and the schema refuses: this article only
        return CodingFailed(item.where, f"coding failed: {describe(error)}")


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
