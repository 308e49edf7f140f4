"""The quotes stage: direct quotes and indirect speech, with who said them and which outlet reported them.

``QuoteRecognizer`` sets ``doc._.quotes`` (direct quotes as :class:`records.Quote`) and
``doc._.attributions`` (every direct quote and every clause of indirect speech as an
:class:`nlp.AttributedRange`), so that the events stage can tell what the article asserts from what
someone told it.

The work is a regex pass over the text for quotation marks (:func:`find_quote_spans`), then a walk of
the parse around each quote: the clause outside the marks up to the sentence end, its speech verb
("said", "told", "according to"), the verb's subject resolved to an actor, and any outlet named in
the clause ("told Reuters", "according to state media").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .nlp import ActorMention, AttributedRange, doc_text
from .records import Actor, Attribution, Quote

SPEECH_PATH = Path(__file__).with_name("data") / "speech.yaml"

OPENING_DOUBLE = "“„«"
CLOSING_DOUBLE = "”»"
DOUBLE_MARKS = re.compile(r"[\"“”„«»]")
# A straight or curly single quote that opens (after a space, before a letter) or closes a quote.
SINGLE_OPENING = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))['‘](?=[\w\"“])", re.MULTILINE)
SINGLE_CLOSING = re.compile(r"(?<=[\w.,!?;:…\"”])['’](?=[\s.,;:!?)—–-]|$)", re.MULTILINE)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
SENTENCE_END = frozenset(".!?")
QUOTE_MARKS = frozenset("\"“”„«»'‘’")
WORD = re.compile(r"\w+(?:['’-]\w+)*")
# Content clauses of a speech verb (a parenthetical "X said" hangs from its content as parataxis).
CONTENT_DEPS = frozenset({"ccomp"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# A verb without a subject of its own takes the subject of the verb it hangs from ("he added, saying").
CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "acl"})
# Parts of a subject phrase that are not the speaker's name: "Kalın, who ..., said".
SPEAKER_CUT_DEPS = frozenset({"relcl", "appos", "acl", "punct", "cc", "conj", "advcl", "parataxis"})
CONTEXT_LIMIT = 60  # tokens either side of a quote searched for its speech clause
CARRY_OVER_CHARS = 1500  # a bare quote continues the previous speaker when it is this close
PRONOUN_SENTENCE_WINDOW = 3  # sentences back in which "she said" may find the person named
MEDIUM_PREPOSITIONS = frozenset({"to", "with", "on", "via"})
REPORT_OVERLAP = 0.8  # share of a clause an outlet's report must cover to pass its outlet on


@dataclass(frozen=True)
class SpeechLexicon:
    speech_verbs: frozenset[str]
    hearer_verbs: frozenset[str]
    inverted_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    direct_only_verbs: frozenset[str]
    title_cues: frozenset[str]
    name_cues: frozenset[str]
    max_name_words: int
    min_quote_words: int
    pronoun_speakers: frozenset[str]
    person_pronouns: frozenset[str]
    role_speakers: frozenset[str]
    anonymous_heads: dict[str, str | None]
    sector_modifiers: dict[str, str]
    outlet_pattern: re.Pattern
    outlet_head_pattern: re.Pattern
    outlet_head_words: frozenset[str]


def _alternation(words: list[str]) -> str:
    """A regex alternative of words, longest first, any whitespace between the words of a phrase."""
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def load_lexicon(path: Path = SPEECH_PATH) -> SpeechLexicon:
    """The word lists of ``data/speech.yaml``, read once per process."""
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    outlets = sorted(set(table["outlets"]), key=len, reverse=True)  # longest name wins
    # Lower-case entries ("state media") match any case; names match as written.
    alternatives = [
        f"(?i:{re.escape(name)})" if name.islower() or name[0].islower() else re.escape(name)
        for name in outlets
    ]
    outlet_pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
    alternation = _alternation
    name = r"[A-Z][\w'’.&-]*(?:\s+(?:of\s+|de\s+|el\s+)?[A-Z][\w'’.&-]*)*"
    outlet_head_pattern = re.compile(
        rf"(?<![\w-])(?:(?:[Tt]he\s+)?(?P<before>{name})\s+(?:{alternation(table['outlet_heads'])})"
        rf"(?![\w-]|\s+[A-Z])"
        rf"|(?:{alternation(table['outlet_heads_before'])})\s+(?P<after>{name})"
        rf"|(?P<whole>(?:The\s+)?{name}\s+(?:{alternation(table['outlet_name_ends'])}))(?![\w-]|\s+[A-Z]))"
    )
    return SpeechLexicon(
        speech_verbs=frozenset(table["speech_verbs"]),
        hearer_verbs=frozenset(table["hearer_verbs"]),
        inverted_verbs=frozenset(table["inverted_verbs"]),
        speech_nouns=frozenset(table["speech_nouns"]),
        direct_only_verbs=frozenset(table["direct_only_verbs"]),
        title_cues=frozenset(table["title_cues"]),
        name_cues=frozenset(table["name_cues"]),
        max_name_words=int(table["max_name_words"]),
        min_quote_words=int(table["min_quote_words"]),
        pronoun_speakers=frozenset(table["pronoun_speakers"]),
        person_pronouns=frozenset(table["person_pronouns"]),
        role_speakers=frozenset(table["role_speakers"]),
        anonymous_heads=dict(table["anonymous_heads"]),
        sector_modifiers=dict(table["sector_modifiers"]),
        outlet_pattern=outlet_pattern,
        outlet_head_pattern=outlet_head_pattern,
        outlet_head_words=frozenset(head.lower() for head in table["outlet_heads"]),
    )


# ---------------------------------------------------------------------------------------------------
# Quotation marks


@dataclass(frozen=True)
class QuoteSpan:
    """Quoted text between quotation marks: ``start``/``end`` without the marks, ``outer_*`` with them."""

    start: int
    end: int
    outer_start: int
    outer_end: int


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in PARAGRAPH_BREAK.finditer(text)]


def _opens(text: str, index: int) -> bool:
    """Whether a straight double quote at ``index`` opens a quote (by the characters around it)."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/":
        # ... 'I'm a drummer' ", he recalled: a mark before punctuation closes.
        return not after.isspace() and after not in ",.;:!?)]"
    return False


def _make_span(text: str, outer_start: int, outer_end: int, closed: bool = True) -> QuoteSpan | None:
    inner_end = outer_end - 1 if closed else outer_end
    inner = text[outer_start + 1 : inner_end]
    stripped = inner.strip()
    if not stripped:
        return None
    start = outer_start + 1 + (len(inner) - len(inner.lstrip()))
    return QuoteSpan(start, start + len(stripped), outer_start, outer_end)


def _opening(text: str, index: int, mark: str) -> bool:
    if mark in OPENING_DOUBLE:
        return True
    return mark == '"' and _opens(text, index)


def _closing(text: str, index: int, mark: str) -> bool:
    if mark in CLOSING_DOUBLE:
        return True
    return mark == '"' and not _opens(text, index)


def find_double_quotes(text: str) -> list[QuoteSpan]:
    """Spans between double quotation marks, straight or curly, across paragraphs.

    A quote open at the end of a paragraph continues when the next paragraph opens with a quotation
    mark (the news convention for a quote of several paragraphs); otherwise it ends with its paragraph.
    """
    spans: list[QuoteSpan | None] = []
    open_at: int | None = None
    checked = 0  # paragraph breaks before this offset are already accounted for
    for match in DOUBLE_MARKS.finditer(text):
        index, mark = match.start(), match.group()
        if open_at is not None:
            paragraph_break = PARAGRAPH_BREAK.search(text, checked, index)
            if paragraph_break is not None:
                if paragraph_break.end() == index and _opening(text, index, mark):
                    checked = index + 1  # the quote goes on in this paragraph
                    continue
                spans.append(_make_span(text, open_at, paragraph_break.start(), closed=False))
                open_at = None
        if open_at is None:
            if _opening(text, index, mark):
                open_at, checked = index, index + 1
        elif _closing(text, index, mark):
            spans.append(_make_span(text, open_at, index + 1))
            open_at = None
        elif text[open_at:index].rstrip()[-1:] in SENTENCE_END:
            # '"This is a gaffe. "We all know ...": a paragraph break lost in the text, the quote goes on.
            continue
        else:
            open_at, checked = index, index + 1  # two openers in a row: the first was stray
    if open_at is not None:
        paragraph_break = PARAGRAPH_BREAK.search(text, checked)
        end = paragraph_break.start() if paragraph_break is not None else len(text.rstrip())
        spans.append(_make_span(text, open_at, end, closed=False))
    return [span for span in spans if span is not None]


def find_single_quotes(text: str, outside: list[QuoteSpan]) -> list[QuoteSpan]:
    """Spans between single quotation marks in one paragraph, outside double quotes (which may nest them)."""
    covered = [(span.outer_start, span.outer_end) for span in outside]

    def is_covered(index: int) -> bool:
        return any(start <= index < end for start, end in covered)

    spans = []
    paragraph_starts = _paragraph_starts(text) + [len(text) + 1]
    closings = [match.start() for match in SINGLE_CLOSING.finditer(text) if not is_covered(match.start())]
    taken_until = -1
    for match in SINGLE_OPENING.finditer(text):
        index = match.start()
        if index < taken_until or is_covered(index):
            continue
        paragraph_end = next(start for start in paragraph_starts if start > index)
        closing = next((close for close in closings if index + 1 < close < paragraph_end), None)
        if closing is None:
            continue
        span = _make_span(text, index, closing + 1)
        if span is not None:
            spans.append(span)
            taken_until = closing + 1
    return spans


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All spans between quotation marks, in text order; single quotes nested in double ones are not kept."""
    double = find_double_quotes(text)
    return sorted(double + find_single_quotes(text, double), key=lambda span: span.start)


# ---------------------------------------------------------------------------------------------------
# The speech clause around a quote


@dataclass
class Speech:
    """What the clause around one quote (or one reporting verb) says about its source."""

    verb: Token | None = None
    subject: Token | None = None
    according_to: Token | None = None
    clause: set[int] = field(default_factory=set)  # token indices where an outlet may be named
    # Elsewhere in the sentence, the objects of "to", "with", "on", "via" ("Speaking to NBC News, she
    # said"), searched when the clause names no outlet; and the agent of "as quoted by X".
    medium: set[int] = field(default_factory=set)
    reported_by: Span | None = None


def _is_break(token: Token) -> bool:
    return "\n" in token.text or "\n" in token.whitespace_


def _context(doc: Doc, first: int, last: int, quoted: set[int], text_end_punct: bool) -> list[int]:
    """Token indices of the clause outside a quote (tokens ``first..last``): back to the sentence
    start and on to the sentence end, stopping at other quotes and paragraph breaks."""
    indices = []
    index = first - 1
    while index >= 0 and len(indices) < CONTEXT_LIMIT:
        token = doc[index]
        if index in quoted or token.text in SENTENCE_END:
            break
        if _is_break(token):
            # "He said:" closing the previous paragraph introduces a quote set apart below it.
            if token.text != ":" and not (token.is_space and index > 0 and doc[index - 1].text == ":"):
                break
        if not token.is_space and token.text not in QUOTE_MARKS:  # marks of a name in quotes
            indices.append(index)
        index -= 1
    index = last + 1
    # A quote that ends its own sentence ("... end." He left) has no clause after it, unless the next
    # word goes on in lower case ("Why?" he asked).
    if text_end_punct:
        following = next((token for token in doc[last + 1 :] if not token.is_punct), None)
        if following is None or not following.text[:1].islower():
            return sorted(indices)
    while index < len(doc) and len(indices) < 2 * CONTEXT_LIMIT:
        token = doc[index]
        if index in quoted or token.text in SENTENCE_END:
            break
        if not token.is_space and token.text not in QUOTE_MARKS:
            indices.append(index)
        if _is_break(token):
            break
        index += 1
    return sorted(indices)


def _is_speech_verb(token: Token, verbs: frozenset[str]) -> bool:
    return token.lemma_.lower() in verbs and token.tag_.startswith("VB")


def _according_to(token: Token) -> Token | None:
    """The source noun of "according to X", or None."""
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            return next((grand for grand in child.children if grand.dep_ == "pobj"), None)
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ == "to":
        return next((grand for grand in following.children if grand.dep_ == "pobj"), None)
    return None


def subject_of(verb: Token) -> tuple[Token | None, Token]:
    """The subject of a speech verb and the verb that carries it (climbing "and added", "by saying")."""
    lexicon = load_lexicon()
    current = verb
    for _ in range(4):
        agent = _agent(current)
        subjects = [child for child in current.children if child.dep_ in SUBJECT_DEPS]
        if agent is not None:
            return agent, current  # "he was told by Zinichev", "it was reported by X"
        if subjects:
            # "Niger's president Mahamadou Issoufou said" may come out with two subjects: the
            # nearer one is the name.
            subject = min(subjects, key=lambda child: abs(child.i - current.i))
            hearer = current.lemma_ in lexicon.hearer_verbs
            if subject.dep_ == "nsubjpass" and (subject.lower_ == "it" or hearer):
                return None, current  # "it was reported", "he was told": the speaker is not named
            if subject.tag_ in ("WDT", "WP") and current.dep_ == "relcl":
                subject = current.head  # "Kalın, who said ...", "a statement which said ..."
            if subject.lemma_.lower() in lexicon.speech_nouns:
                # "They released a statement which said", "the ministry's statement said".
                owner = next((child for child in subject.children if child.dep_ == "poss"), None)
                if owner is None and subject.head.i != current.i:
                    owner = _governing_subject(subject)
                subject = owner or subject
            return subject, current
        if current.dep_ == "relcl":
            return current.head, current
        if current.lemma_ in lexicon.inverted_verbs:
            # '"...," said a protester': the parser often takes the speaker for an object.
            inverted = [child for child in current.children if child.dep_ == "dobj" and child.i > current.i]
            if inverted and current.i > 0 and _quote_just_before(current):
                return inverted[0], current
        if current.dep_ == "pcomp" and current.head.head.i != current.head.i:
            current = current.head.head  # "underlined the call by saying ..."
            continue
        climbable = current.head.i != current.i and current.head.pos_ in ("VERB", "AUX")
        if current.dep_ in CLIMB_DEPS and climbable:
            participle = current.tag_ == "VBG" and current.dep_ in ("advcl", "xcomp")
            current = current.head
            if participle and current.dep_ == "ccomp" and not _is_speech_verb(current, lexicon.speech_verbs):
                # 'X said the use "costs ...", further saying': "saying" goes with "said".
                if _is_speech_verb(current.head, lexicon.speech_verbs):
                    current = current.head
            continue
        break
    return None, current  # no subject, but the clause ends here: "Calling it ..., X of Y told Reuters"


def _quote_just_before(verb: Token) -> bool:
    """Whether a quote (or its comma) comes right before the verb: '"...," said X'."""
    previous = [token for token in verb.doc[max(0, verb.i - 3) : verb.i] if not token.is_space]
    return any(token.text in "\"”’'" for token in previous)


def _governing_subject(noun: Token) -> Token | None:
    """The subject of the verb a noun hangs from: "They" of "They released a statement"."""
    verb = noun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return next((child for child in verb.children if child.dep_ in ("nsubj",)), None)


def sentence_subject(token: Token) -> Token | None:
    """The subject of the main verb of a token's sentence, the fallback speaker of a bare fragment."""
    root = token.sent.root
    subject = next((child for child in root.children if child.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ == "it":
        return None
    return subject


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((grand for grand in child.children if grand.dep_ == "pobj"), None)
    return None


def _clause_tokens(verb: Token, quoted: set[int]) -> set[int]:
    """Tokens of a speech verb's clause where an outlet may be named: not the quote, not the content."""
    excluded: set[int] = set(quoted)
    for child in verb.children:
        if child.dep_ in ("ccomp", "relcl", "parataxis") and child.i not in quoted:
            excluded.update(token.i for token in child.subtree)
    return {token.i for token in verb.subtree if token.i not in excluded}


def _is_as_clause(verb: Token) -> bool:
    """ "as reported by Hurriyet", "as quoted by Greek Reporter": names an outlet, not the speaker."""
    return any(child.lower_ == "as" and child.dep_ in ("mark", "advmod") for child in verb.children)


def _is_relative(verb: Token) -> bool:
    """ "which the BBC noted as unusual": a relative clause aside, not the frame of the quote."""
    return verb.dep_ == "relcl" or any(child.tag_ in ("WDT", "WP") for child in verb.children)


def speech_around(doc: Doc, context: list[int], quote: tuple[int, int], quoted: set[int]) -> Speech:
    """The speech verb (or "according to") nearest the quote in its clause, and its subject."""
    lexicon = load_lexicon()
    best: Speech | None = None
    best_rank = (True, len(doc) + 1)
    as_clauses: set[int] = set()
    reported_by: Span | None = None
    according: Speech | None = None
    for index in context:
        token = doc[index]
        distance = min(abs(index - quote[0]), abs(index - quote[1]))
        source = _according_to(token)
        if source is not None and according is None:
            according = Speech(according_to=source, subject=source, clause={tok.i for tok in token.subtree})
        elif _is_speech_verb(token, lexicon.speech_verbs):
            if _is_as_clause(token):
                as_clauses.update(tok.i for tok in token.subtree)
                agent = _agent(token)
                reported_by = speaker_span(agent) if agent is not None else reported_by
            elif (rank := (_is_relative(token), distance)) < best_rank:
                subject, carrier = subject_of(token)
                best, best_rank = Speech(verb=token, subject=subject), rank
                best.clause = _clause_tokens(carrier, quoted) | _clause_tokens(token, quoted)
    # A speech verb names the speaker; "according to" then names the outlet ("..., according to NBC").
    best = best or according
    if best is None:
        return Speech()
    # "according to state media" or "as reported by X" elsewhere in the sentence still names the outlet.
    for index in context:
        source = _according_to(doc[index])
        if source is not None:
            best.clause |= {tok.i for tok in doc[index].subtree}
    best.clause |= as_clauses
    best.reported_by = reported_by
    best.medium = {
        token.i
        for index in context
        if doc[index].lower_ in MEDIUM_PREPOSITIONS and doc[index].dep_ == "prep"
        for child in doc[index].children
        if child.dep_ == "pobj"
        for token in child.subtree
    } & set(context)
    if best.subject is None and best.verb is not None and not best.verb.tag_ == "VBN":
        fallback = sentence_subject(best.verb)  # a parse gone astray: the sentence's subject
        if fallback is not None and fallback.i not in quoted and fallback.sent.root.i not in quoted:
            best.subject = fallback
    best.clause &= set(context) | {token.i for token in (best.subject.subtree if best.subject else [])}
    return best


# ---------------------------------------------------------------------------------------------------
# Speakers and outlets


def speaker_span(subject: Token) -> Span:
    """The subject phrase without relative clauses, appositions and conjuncts: "Ibrahim Kalın"."""
    doc = subject.doc
    keep = {subject.i}
    stack = [subject]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in SPEAKER_CUT_DEPS:
                continue
            keep.add(child.i)
            stack.append(child)
    start, end = min(keep), max(keep) + 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _mention_for(mentions: list[ActorMention], token: Token) -> ActorMention | None:
    for mention in mentions:
        if mention.span.start <= token.i < mention.span.end:
            return mention
    return None


def _mentions_inside(mentions: list[ActorMention], span: Span) -> list[ActorMention]:
    return [m for m in mentions if span.start <= m.span.start and m.span.end <= span.end]


def _anonymous_actor(span: Span, head: Token, inner: list[ActorMention]) -> Actor | None:
    """An unnamed speaker coded from its words: "a Turkish military source" -> TUR MIL."""
    lexicon = load_lexicon()
    head_word = head.lower_
    if head_word not in lexicon.anonymous_heads:
        return None
    inner_actor = inner[0].actor if inner else None
    sector = None
    for token in span:
        if token.i != head.i and token.lower_ in lexicon.sector_modifiers:
            sector = lexicon.sector_modifiers[token.lower_]
    if sector is None and inner_actor is not None and inner_actor.sector:
        sector = inner_actor.sector
    if sector is None:
        sector = lexicon.anonymous_heads[head_word]
    country = inner_actor.country if inner_actor is not None else None
    if country is None and sector is None:
        return None
    return Actor(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=span.text,
        country=country,
        sector=sector,
        org=inner_actor.org if inner_actor is not None else None,
        kind="person",
        method="quotes:anonymous",
    )


def _subject_actor(span: Span, method: str = "quotes:subject", kind: str = "person") -> Actor:
    return Actor(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=span.text,
        country=None,
        sector=None,
        org=None,
        kind=kind,  # type: ignore[arg-type]
        method=method,
    )


def find_outlet(doc: Doc, indices: Iterable[int], mentions: list[ActorMention]) -> tuple[str, Span] | None:
    """The first outlet named within the given tokens: a media actor, a known name, "the X paper"."""
    allowed = set(indices)
    if not allowed:
        return None
    for mention in mentions:
        if mention.actor.kind == "media" and mention.span.start in allowed:
            return mention.actor.name, mention.span
    lexicon = load_lexicon()
    low, high = min(allowed), max(allowed)
    offset = doc[low].idx
    window = doc[low : high + 1].text  # not doc.text, which joins the whole document each time
    found: list[tuple[int, str, int, int]] = []
    for match in lexicon.outlet_pattern.finditer(window):
        found.append((match.start(), match.group(), match.start(), match.end()))
    for match in lexicon.outlet_head_pattern.finditer(window):
        group = next(name for name in ("before", "after", "whole") if match.group(name))
        name = match.group(group)
        if group != "whole" and name.split()[0] in ("The", "A", "An"):
            continue
        found.append((match.start(group), name, match.start(group), match.end(group)))
    for _, name, start, end in sorted(found):
        span = doc.char_span(offset + start, offset + end, alignment_mode="expand")
        if span is not None and span.start in allowed:
            return name, span
    return None


@dataclass
class SpeakerHistory:
    """The speakers met so far in the article, for "he added" and "the official claimed"."""

    last: Actor | None = None
    last_quote_end: int = -1
    last_quote_speaker: Actor | None = None
    last_quote_outlet: str | None = None
    last_quote_verb: str | None = None
    last_quote_sentence: int = -1

    def heard(self, speaker: Actor | None) -> None:
        if speaker is not None and speaker.kind != "media":
            self.last = speaker


def _named_apposition(subject: Token, mentions: list[ActorMention]) -> Token:
    """ "The Senate Minority Leader, Chuck Schumer", "First Minister of Scotland Nicola Sturgeon":
    the person named in a title's phrase speaks."""
    if subject.ent_type_ == "PERSON" or _is_person_mention(_mention_for(mentions, subject)):
        return subject
    phrase = _subtree_span(subject)
    for token in phrase:
        if token.dep_ in ("appos", "compound", "nsubj"):  # not "a spokesman for Erdogan"
            if token.ent_type_ == "PERSON" and token.i != subject.i and token.head.ent_type_ != "PERSON":
                return token
            if _is_person_mention(_mention_for(mentions, token)) and token.i != subject.i:
                return token
    return subject


def _is_person_mention(mention: ActorMention | None) -> bool:
    return mention is not None and mention.actor.kind == "person" and mention.actor.method != "coref:pronoun"


def _subtree_span(subject: Token) -> Span:
    """The subject phrase up to its relative clause: where an inner actor mention may be found."""
    cut = {t.i for child in subject.children if child.dep_ == "relcl" for t in child.subtree}
    indices = [token.i for token in subject.subtree if token.i not in cut]
    return subject.doc[min(indices) : max(indices) + 1]


def _previous_subject(token: Token, mentions: list[ActorMention]) -> Actor | None:
    """The state, organisation or group that was the subject of the sentence before: "They" of
    "USCIRF also criticized the move. They released a statement which said ..."."""
    sentence = token.sent
    if sentence.start == 0:
        return None
    previous = token.doc[sentence.start - 1].sent
    subject = next((child for child in previous.root.children if child.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or not (subject.tag_ in ("NNS", "NNPS") or subject.pos_ == "PROPN"):
        return None  # "the Italian foreign minister" is not "they"
    inside = _mentions_inside(mentions, _subtree_span(subject))
    found = _mention_for(mentions, subject) or (inside[0] if inside else None)
    if found is None:
        # A name the actor stage does not know: "the United States Commission on ... (USCIRF)".
        return _subject_actor(speaker_span(subject), kind="organization") if subject.pos_ == "PROPN" else None
    return None if found.actor.kind == "person" else found.actor


def _antecedent_by_head(subject: Token, mentions: list[ActorMention]) -> Actor | None:
    """The latest named person before a definite noun whose mention has that noun in it."""
    for mention in reversed(mentions):
        if mention.span.end > subject.i or not _is_person_mention(mention):
            continue
        if any(token.lower_ == subject.lower_ for token in mention.span):
            return mention.actor
    return None


def _nearest_person(verb: Token, mentions: list[ActorMention], context: set[int]) -> Actor | None:
    """The person named nearest a verb in its clause, for a parse that lost the subject
    ('Calling it "just another apology", Anna Franowska of ... told Reuters')."""
    candidates = [m for m in mentions if m.span.start in context and _is_person_mention(m)]
    if not candidates:
        return None
    return min(candidates, key=lambda m: min(abs(m.span.start - verb.i), abs(m.span.end - 1 - verb.i))).actor


def _person_named_before(pronoun: Token, mentions: list[ActorMention]) -> Actor | None:
    """No speaker yet: the person named last in the sentences just before the pronoun."""
    doc = pronoun.doc
    window_start = pronoun.sent.start
    for _ in range(PRONOUN_SENTENCE_WINDOW):
        if window_start == 0:
            break
        window_start = doc[window_start - 1].sent.start
    earlier = [m for m in mentions if window_start <= m.span.start < pronoun.i and _is_person_mention(m)]
    if earlier:
        return earlier[-1].actor
    people = [ent for ent in doc.ents if ent.label_ == "PERSON" and window_start <= ent.start < pronoun.i]
    return _subject_actor(people[-1]) if people else None


def _pronoun_speaker(pronoun: Token, mentions: list[ActorMention], history: SpeakerHistory) -> Actor | None:
    """ "he added": the last speaker if it can be a person; "they said": the organisation just named."""
    lexicon = load_lexicon()
    last = history.last
    if pronoun.lower_ in lexicon.person_pronouns:
        if last is not None and last.kind == "person":
            return last
        mention = _mention_for(mentions, pronoun)
        if mention is not None:
            return mention.actor
        return _person_named_before(pronoun, mentions)
    previous = _previous_subject(pronoun, mentions)
    if previous is not None:
        return previous
    return last if last is not None and last.kind != "person" else None


def resolve_speaker(
    subject: Token | None, mentions: list[ActorMention], history: SpeakerHistory
) -> Actor | None:
    """The actor who speaks as ``subject``: its actor mention, an anonymous source, or an earlier speaker."""
    if subject is None:
        return None
    lexicon = load_lexicon()
    word = subject.lower_
    if word in lexicon.pronoun_speakers:
        return _pronoun_speaker(subject, mentions, history)
    subject = _named_apposition(subject, mentions)
    mention = _mention_for(mentions, subject)
    if mention is not None:
        return mention.actor
    span = speaker_span(subject)
    definite = any(child.lower_ in ("the", "this", "that") for child in subject.children)
    if definite and subject.pos_ == "NOUN":
        antecedent = _antecedent_by_head(subject, mentions)
        if antecedent is not None:
            return antecedent  # "The commissioner said": "commissioner Albert Muchanga" before
    if subject.lower_ in lexicon.role_speakers and definite and len(span) <= 2 and history.last is not None:
        return history.last  # "the official claimed": the official named before
    inner = _mentions_inside(mentions, _subtree_span(subject))
    anonymous = _anonymous_actor(span, subject, inner)
    if anonymous is not None:
        return anonymous
    if inner:
        # "the head of the Syrian Observatory" speaks for the Observatory; "a protester using the
        # pseudonym Katya" is Katya.
        return inner[0].actor
    if subject.pos_ == "PRON":
        return None
    return _subject_actor(span)


# ---------------------------------------------------------------------------------------------------
# Whether a quote is speech


def _word_count(text: str) -> int:
    return len(WORD.findall(text))


def is_title(full_text: str, quote: QuoteSpan, text: str) -> bool:
    """A name or title in quotes ("an article titled ...", the charity "Have no fear"), not speech."""
    lexicon = load_lexicon()
    before = full_text[max(0, quote.outer_start - 40) : quote.outer_start].rstrip()
    previous_word = before.rsplit(None, 1)[-1].lower().strip(",:") if before else ""
    if previous_word in lexicon.title_cues:
        return True
    words = WORD.findall(text)
    if (
        previous_word in lexicon.name_cues
        and len(words) <= lexicon.max_name_words
        and text[:1].isupper()
        and text[-1:].isalnum()
    ):
        return True
    long_words = [word for word in words if len(word) > 3]
    return len(long_words) >= 2 and all(word[0].isupper() for word in long_words)


def _is_full_sentence(text: str) -> bool:
    stripped = text.lstrip("…. ")
    return stripped[:1].isupper() or stripped[:1].isdigit()


# ---------------------------------------------------------------------------------------------------
# Matching, in text order so that "he added" finds the speaker before it


@dataclass(frozen=True)
class FoundQuote:
    quote: QuoteSpan
    speaker: Actor | None
    verb: str | None
    outlet: str | None


@dataclass(frozen=True)
class FoundSpeech:
    """A clause of indirect speech ("Kalın told AP that ...")."""

    start: int
    end: int
    speaker: Actor | None
    outlet: str | None


@dataclass(frozen=True)
class QuoteCandidate:
    quote: QuoteSpan
    text: str
    speech: Speech
    first: int  # token indices of the quotation marks
    last: int
    context: list[int]
    quoted: set[int]  # tokens inside any quote of the text


@dataclass(frozen=True)
class SpeechCandidate:
    position: int
    start: int
    end: int
    speech: Speech


def _token_range(doc: Doc, quote: QuoteSpan) -> tuple[int, int] | None:
    span = doc.char_span(quote.outer_start, quote.outer_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end - 1


def _quote_text_span(full_text: str, quote: QuoteSpan) -> QuoteSpan:
    """Drop the comma that ends a quote before its attribution: "We will stay," he said."""
    text = full_text[quote.start : quote.end]
    trimmed = text.rstrip(",;: ")
    return QuoteSpan(quote.start, quote.start + len(trimmed), quote.outer_start, quote.outer_end)


def quote_candidates(doc: Doc, full_text: str) -> Iterator[QuoteCandidate]:
    """Quotes long enough to be speech and not titles, with the speech clause around each."""
    lexicon = load_lexicon()
    spans = []
    for quote in find_quote_spans(full_text):
        token_range = _token_range(doc, quote)
        if token_range is None:
            continue
        quote = _quote_text_span(full_text, quote)
        text = full_text[quote.start : quote.end]
        if _word_count(text) >= lexicon.min_quote_words and not is_title(full_text, quote, text):
            spans.append((quote, text, token_range))
    # Only quotes that may be speech bound the clause of another; a name in quotes does not.
    quoted = {index for _, _, (first, last) in spans for index in range(first, last + 1)}
    for quote, text, (first, last) in spans:
        context = _context(doc, first, last, quoted, text.rstrip()[-1:] in SENTENCE_END)
        speech = speech_around(doc, context, (first, last), quoted)
        yield QuoteCandidate(quote, text, speech, first, last, context, quoted)


def _past_reporting_aside(head: Token, lexicon: SpeechLexicon) -> Token:
    """ "X said that [the pipeline renders ...], Cyprus Mail reported" parsed with "reported" as the
    content of "said": the content is what "reported" follows."""
    if _is_speech_verb(head, lexicon.speech_verbs) and any(child.dep_ == "nsubj" for child in head.children):
        earlier = [child for child in head.children if child.dep_ == "ccomp" and child.i < head.i]
        if earlier:
            return earlier[0]
    return head


def _without_asides(head: Token, lexicon: SpeechLexicon) -> list[Token]:
    """A content clause without a reporting aside inside it: "..., Cyprus Mail reported"."""
    aside: set[int] = set()
    for token in head.subtree:
        if (
            token.i != head.i
            and token.i > head.i
            and _is_speech_verb(token, lexicon.speech_verbs)
            and token.dep_ in ("parataxis", "ccomp", "conj", "advcl")
            and any(child.dep_ == "nsubj" for child in token.children)
            and not any(child.dep_ == "mark" for child in token.children)
        ):
            aside.update(t.i for t in token.subtree)
    return [token for token in head.subtree if token.i not in aside]


def speech_candidates(doc: Doc, quoted_chars: list[tuple[int, int]]) -> Iterator[SpeechCandidate]:
    """Clauses of indirect speech: the that-clause of a speech verb, or what "according to X" modifies.

    Speech verbs without such a clause come too, with an empty range: their subject is still the
    latest speaker, for a "she explained" further on.
    """
    lexicon = load_lexicon()
    verbs = lexicon.speech_verbs - lexicon.direct_only_verbs

    quoted_tokens = {
        token.i
        for start, end in quoted_chars
        for token in (doc.char_span(start, end, alignment_mode="expand") or [])
    }

    def inside_quote(token: Token) -> bool:
        return token.i in quoted_tokens

    for token in doc:
        if inside_quote(token):
            continue
        clause: list[Token] = []
        if _is_speech_verb(token, lexicon.speech_verbs):
            subject, carrier = subject_of(token)
            speech = Speech(verb=token, subject=subject, clause=_clause_tokens(carrier, set()))
            content = [child for child in token.children if child.dep_ in CONTENT_DEPS]
            if token.lemma_.lower() not in verbs or _is_as_clause(token):
                pass
            elif content:
                clause = _without_asides(_past_reporting_aside(content[0], lexicon), lexicon)
            elif token.dep_ == "parataxis" and token.head.tag_.startswith("VB"):
                # "The four officials, Kalın said, had agreed ...": the content is the verb's head.
                own = {t.i for t in token.subtree}
                clause = [t for t in token.head.subtree if t.i not in own]
        else:
            source = _according_to(token)
            if source is None:
                continue
            governor = token.head
            if _is_speech_verb(governor, lexicon.speech_verbs):
                continue  # "X said, according to Y": the said-clause carries the outlet
            own = {t.i for t in token.subtree}
            scope = governor.subtree if governor.tag_.startswith("VB") else governor.sent
            clause = [t for t in scope if t.i not in own]
            speech = Speech(according_to=source, subject=source, clause=own)
        if clause and all(inside_quote(t) for t in clause if not (t.is_punct or t.is_space)):
            clause = []  # the content is a direct quote, attributed as such
        content_range = _content_range(doc, clause) or (-1, -1)
        yield SpeechCandidate(token.idx, content_range[0], content_range[1], speech)


def _content_range(doc: Doc, tokens: Iterable[Token]) -> tuple[int, int] | None:
    """Character range of a clause, without the "that" that introduces it and outer punctuation."""
    indices = sorted(token.i for token in tokens if not token.is_punct and not token.is_space)
    if indices and doc[indices[0]].dep_ == "mark":
        indices = indices[1:]
    if not indices:
        return None
    return doc[indices[0]].idx, doc[indices[-1]].idx + len(doc[indices[-1]].text)


def _outlet_speaker(outlet: tuple[str, Span] | None, subject: Token | None) -> bool:
    """Whether the outlet is itself the speaker: "Reuters reported", "the Bild paper wrote" (but not
    "The book, by Sunday Telegraph journalist Robert Peston, said")."""
    if outlet is None or subject is None:
        return False
    span = outlet[1]
    if span.start <= subject.i < span.end:
        return True
    lexicon = load_lexicon()
    speaker = speaker_span(subject)
    inside = speaker.start <= span.start and span.end <= speaker.end
    return subject.lower_ in lexicon.outlet_head_words and inside


def attribute(
    doc: Doc, speech: Speech, mentions: list[ActorMention], history: SpeakerHistory
) -> tuple[Actor | None, str | None]:
    """Speaker and outlet of one speech clause."""
    outlet = find_outlet(doc, sorted(speech.clause), mentions)
    outlet = outlet or find_outlet(doc, sorted(speech.medium), mentions)
    if outlet is None and speech.reported_by is not None:
        outlet = (speech.reported_by.text, speech.reported_by)  # "as quoted by Greek Reporter"
    if outlet is not None and _outlet_speaker(outlet, speech.subject):
        # "the Bild paper wrote", "according to state media": the outlet speaks for itself.
        mention = _mention_for(mentions, speech.subject) if speech.subject is not None else None
        speaker = mention.actor if mention else _subject_actor(outlet[1], "quotes:outlet", kind="media")
        return speaker, outlet[0]
    speaker = resolve_speaker(speech.subject, mentions, history)
    return speaker, outlet[0] if outlet else None


def _fallback_subject(doc: Doc, candidate: QuoteCandidate, quoted: set[int]) -> Token | None:
    """The subject of the sentence a quote sits in, when that sentence is more than the quote."""
    subject = sentence_subject(doc[candidate.first])
    if subject is None or subject.i in quoted or subject.sent.root.i in quoted:
        return None
    return subject


def resolve_quote(
    doc: Doc, candidate: QuoteCandidate, mentions: list[ActorMention], history: SpeakerHistory
) -> FoundQuote | None:
    """A quote with its speaker, verb and outlet; None for a fragment nobody is said to have said."""
    quote, text, speech = candidate.quote, candidate.text, candidate.speech
    sentence_start = doc[candidate.first].sent.start
    if speech.verb is not None or speech.according_to is not None:
        speaker, outlet = attribute(doc, speech, mentions, history)
        verb = speech.verb.lemma_.lower() if speech.verb is not None else None
        lost_subject = speech.subject is None and speech.verb is not None and speech.verb.tag_ != "VBN"
        if speaker is None and lost_subject:
            speaker = _nearest_person(speech.verb, mentions, set(candidate.context))
        found = FoundQuote(quote, speaker, verb, outlet)
        history.heard(speaker)
    elif sentence_start == history.last_quote_sentence:
        # '... is "null and void" and "infringes upon ..."': the second quote shares the first's frame.
        found = FoundQuote(
            quote, history.last_quote_speaker, history.last_quote_verb, history.last_quote_outlet
        )
    elif not candidate.context and _is_full_sentence(text) and history.last_quote_end >= 0 and (
        quote.outer_start - history.last_quote_end <= CARRY_OVER_CHARS
    ):
        # A quote standing alone right after another goes on with the same speaker.
        found = FoundQuote(quote, history.last_quote_speaker, None, history.last_quote_outlet)
    elif (subject := _fallback_subject(doc, candidate, candidate.quoted)) is not None:
        # 'she was directing the committees to "proceed with their investigations"'.
        speaker = resolve_speaker(subject, mentions, history)
        found = FoundQuote(quote, speaker, None, None)
    elif _is_full_sentence(text) and text.rstrip()[-1:] in ".!?…":
        found = FoundQuote(quote, None, None, None)
    else:
        return None  # a scare quote or a name
    history.last_quote_end = quote.outer_end
    history.last_quote_sentence = sentence_start
    history.last_quote_speaker, history.last_quote_outlet = found.speaker, found.outlet
    history.last_quote_verb = found.verb
    return found


def match(
    doc: Doc, mentions: list[ActorMention], full_text: str
) -> tuple[list[FoundQuote], list[FoundSpeech]]:
    """Direct quotes and clauses of indirect speech, each with its speaker and outlet.

    ``full_text`` is the Doc's text (:func:`nlp.doc_text`), passed along rather than looked up again.
    """
    quotes = list(quote_candidates(doc, full_text))
    quoted_chars = [(item.quote.outer_start, item.quote.outer_end) for item in quotes]
    speeches = list(speech_candidates(doc, quoted_chars))
    ordered: list[tuple[int, QuoteCandidate | SpeechCandidate]]
    ordered = [(item.quote.outer_start, item) for item in quotes]
    ordered += [(item.position, item) for item in speeches]
    ordered.sort(key=lambda pair: pair[0])
    history = SpeakerHistory()
    found_quotes: list[FoundQuote] = []
    found_speech: list[FoundSpeech] = []
    for _, item in ordered:
        if isinstance(item, QuoteCandidate):
            found = resolve_quote(doc, item, mentions, history)
            if found is not None:
                found_quotes.append(found)
            continue
        speaker, outlet = attribute(doc, item.speech, mentions, history)
        if item.speech.verb is not None:
            history.heard(speaker)  # "according to" names sources, often documents: not "he" later
        if item.start < 0 or (speaker is None and outlet is None):
            continue
        found_speech.append(FoundSpeech(item.start, item.end, speaker, outlet))
    return _with_reporting_outlets(found_quotes, found_speech)


def _outlet_speaks(speaker: Actor | None, outlet: str | None) -> bool:
    if speaker is None or outlet is None:
        return False
    return speaker.kind == "media" or outlet in speaker.text or outlet == speaker.name


def _with_reporting_outlets(
    found_quotes: list[FoundQuote], found_speech: list[FoundSpeech]
) -> tuple[list[FoundQuote], list[FoundSpeech]]:
    """ "A Turkish official said that ..., Cyprus Mail reported": what an outlet reports that
    someone said reaches us through that outlet."""
    reports = [item for item in found_speech if _outlet_speaks(item.speaker, item.outlet)]
    if not reports:
        return found_quotes, found_speech

    def reporting_outlet(start: int, end: int) -> str | None:
        # The report covers the clause, or most of it: parsers often hang "X reported" inside it.
        def share(report: FoundSpeech) -> float:
            overlap = min(end, report.end) - max(start, report.start)
            return overlap / max(1, min(end - start, report.end - report.start))

        outer = [report for report in reports if share(report) >= REPORT_OVERLAP]
        return max(outer, key=share).outlet if outer else None

    quotes = [
        item if item.outlet else replace(item, outlet=reporting_outlet(item.quote.start, item.quote.end))
        for item in found_quotes
    ]
    speech = [
        item if item.outlet else replace(item, outlet=reporting_outlet(item.start, item.end))
        for item in found_speech
    ]
    return quotes, speech


class QuoteRecognizer:
    """spaCy component: sets ``doc._.quotes`` and ``doc._.attributions``."""

    def __init__(self, nlp: Language):
        load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        full_text = doc_text(doc)
        found_quotes, found_speech = match(doc, list(doc._.actor_mentions or []), full_text)
        self.set_annotations(doc, full_text, found_quotes, found_speech)
        return doc

    @staticmethod
    def set_annotations(
        doc: Doc, full_text: str, found_quotes: list[FoundQuote], found_speech: list[FoundSpeech]
    ) -> None:
        quotes = []
        ranges = []
        for number, item in enumerate(found_quotes, start=1):
            quote = item.quote
            attribution = Attribution(speaker=item.speaker, outlet=item.outlet)
            quotes.append(
                Quote(
                    id=f"q{number}",
                    text=full_text[quote.start : quote.end],
                    start=quote.start,
                    end=quote.end,
                    speaker=item.speaker,
                    verb=item.verb,
                    outlet=item.outlet,
                )
            )
            ranges.append(AttributedRange(quote.start, quote.end, attribution))
        for speech in found_speech:
            attribution = Attribution(speaker=speech.speaker, outlet=speech.outlet)
            ranges.append(AttributedRange(speech.start, speech.end, attribution))
        doc._.quotes = quotes
        doc._.attributions = sorted(ranges, key=lambda item: (item.start, item.end))
