"""How the command line prints results: readable tables at any width, JSON and CSV.

Tables never break a word: cells wrap between words, and a word longer than its column can be is cut
with an ellipsis. Missing values print as "-".
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .records import Actor, ArticleDocument, Event

TITLE_WIDTH = 100
MISSING = "-"


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 event', '2 events', '1,204 quotes'."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def cell(value) -> str:
    if value is None or value == "":
        return MISSING
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value)) or MISSING
    return str(value)


def table(
    title: str | Text | None, columns: Sequence[str], rows: Iterable[Sequence], caption: str | None = None
):
    """A table whose cells wrap between words, and cut a word too long for its column with an ellipsis
    (rich's "fold" would break it); text is never markup."""
    cells = [[cell(value) for value in row] for row in rows]
    result = Table(title=title, caption=caption, show_lines=False, expand=False, title_justify="left")
    for index, name in enumerate(columns):
        numeric = bool(cells) and all(row[index].replace(",", "").replace(".", "").isdigit() for row in cells)
        result.add_column(name, overflow="ellipsis", justify="right" if numeric else "left")
    for row in cells:
        result.add_row(*map(Text, row))
    return result


def print_tables(*tables, console: Console | None = None) -> None:
    (console or Console(highlight=False)).print(Group(*tables))


def write_csv(columns: Sequence[str], rows: Iterable[Sequence], out=None) -> None:
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if value is None else _csv_value(value) for value in row])


def _csv_value(value):
    return ";".join(map(str, value)) if isinstance(value, (list, tuple)) else value


def write_json(value, out=None) -> None:
    (out or sys.stdout).write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")


# --------------------------------------------------------------------------------------------------
# One coded article as a table


def _actors(actors: list[Actor]) -> str:
    return "; ".join(
        f"{actor.text} [{' '.join(filter(None, (actor.country, actor.sector, actor.org))) or '?'}]"
        for actor in actors
    )


def _when(event: Event) -> str | None:
    if event.date is None:
        return None
    return f"{event.date.value} ({event.date.text})" if event.date.text else event.date.value


def _where(event: Event) -> str | None:
    if event.location is None:
        return None
    return ", ".join(filter(None, (event.location.name, event.location.country)))


def _according_to(event: Event) -> str | None:
    if event.attribution is None:
        return None
    speaker = event.attribution.speaker.text if event.attribution.speaker else None
    return " via ".join(filter(None, (speaker, event.attribution.outlet))) or None


EVENT_COLUMNS = ("type", "source", "target", "trigger", "date", "place", "according to")


def event_row(event: Event) -> list:
    kind = "\n".join(filter(None, (event.event_type, event.mode, event.cameo)))
    trigger = f"{event.trigger.text}\n({event.modality})"
    return [kind, _actors(event.sources), _actors(event.targets), trigger, _when(event), _where(event),
            _according_to(event)]  # fmt: skip


def document_title(document: ArticleDocument) -> str:
    """The article's title, else its first line of text (after any dateline), shortened."""
    from .time import dateline_length  # coding already loaded spaCy, which eventcoder.time needs

    article = document.article
    if article.title:
        return shorten(article.title, TITLE_WIDTH)
    body = article.text[dateline_length(article.text) :].strip()
    return shorten(body.splitlines()[0] if body else article.id, TITLE_WIDTH)


def event_table(document: ArticleDocument):
    article = document.article
    counts = (
        plural(len(document.events), "event"),
        plural(len(document.mentions), "actor mention"),
        plural(len(document.places), "place"),
        plural(len(document.quotes), "quote"),
    )
    result = table(
        Text.assemble(
            (document_title(document), "bold"),
            f"\n{article.published or 'no publication date'} · {article.source or article.url or article.id}",
        ),
        EVENT_COLUMNS,
        (event_row(event) for event in document.events),
        caption=" · ".join(counts),
    )
    result.show_lines = True
    return result


def key_values(title: str, values: Mapping[str, object]):
    return table(title, ("", ""), values.items())
