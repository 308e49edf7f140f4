"""Quote and speech candidates, matched to speakers and outlets in text order, so that "he added"
finds the speaker before it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..pipeline.doc import ActorMention
from ..records import Actor
from .lexicon import SpeechLexicon
from .marks import SENTENCE_END, QuoteSpan, find_quote_spans, is_full_sentence, is_title, word_count
from .speakers import (
    SpeakerHistory,
    find_outlet,
    mention_for,
    nearest_person,
    resolve_speaker,
    speaker_span,
    subject_actor,
)
from .speech import (
    CONTENT_DEPS,
    Speech,
    according_to_source,
    clause_tokens,
    is_as_clause,
    is_speech_verb,
    sentence_subject,
    speech_around,
    speech_context,
    subject_of,
)

CARRY_OVER_CHARS = 1500  # a bare quote continues the previous speaker when it is this close
REPORT_OVERLAP = 0.8  # share of a clause an outlet's report must cover to pass its outlet on


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


def quote_candidates(doc: Doc, full_text: str, lexicon: SpeechLexicon) -> Iterator[QuoteCandidate]:
    """Quotes long enough to be speech and not titles, with the speech clause around each."""
    spans = []
    for quote in find_quote_spans(full_text):
        token_range = _token_range(doc, quote)
        if token_range is None:
            continue
        quote = _quote_text_span(full_text, quote)
        text = full_text[quote.start : quote.end]
        if word_count(text) >= lexicon.min_quote_words and not is_title(full_text, quote, text, lexicon):
            spans.append((quote, text, token_range))
    # Only quotes that may be speech bound the clause of another; a name in quotes does not.
    quoted = {index for _, _, (first, last) in spans for index in range(first, last + 1)}
    for quote, text, (first, last) in spans:
        context = speech_context(doc, first, last, quoted, text.rstrip()[-1:] in SENTENCE_END)
        speech = speech_around(doc, context, (first, last), quoted, lexicon)
        yield QuoteCandidate(quote, text, speech, first, last, context, quoted)


def _past_reporting_aside(head: Token, lexicon: SpeechLexicon) -> Token:
    """ "X said that [the pipeline renders ...], Cyprus Mail reported" parsed with "reported" as the
    content of "said": the content is what "reported" follows."""
    if is_speech_verb(head, lexicon.speech_verbs) and any(child.dep_ == "nsubj" for child in head.children):
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
            and is_speech_verb(token, lexicon.speech_verbs)
            and token.dep_ in ("parataxis", "ccomp", "conj", "advcl")
            and any(child.dep_ == "nsubj" for child in token.children)
            and not any(child.dep_ == "mark" for child in token.children)
        ):
            aside.update(t.i for t in token.subtree)
    return [token for token in head.subtree if token.i not in aside]


def speech_candidates(
    doc: Doc, quoted_chars: list[tuple[int, int]], lexicon: SpeechLexicon
) -> Iterator[SpeechCandidate]:
    """Clauses of indirect speech: the that-clause of a speech verb, or what "according to X" modifies.

    Speech verbs without such a clause come too, with an empty range: their subject is still the
    latest speaker, for a "she explained" further on.
    """
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
        if is_speech_verb(token, lexicon.speech_verbs):
            subject, carrier = subject_of(token, lexicon)
            speech = Speech(verb=token, subject=subject, clause=clause_tokens(carrier, set()))
            content = [child for child in token.children if child.dep_ in CONTENT_DEPS]
            if token.lemma_.lower() not in verbs or is_as_clause(token):
                pass
            elif content:
                clause = _without_asides(_past_reporting_aside(content[0], lexicon), lexicon)
            elif token.dep_ == "parataxis" and token.head.tag_.startswith("VB"):
                # "The four officials, Kalın said, had agreed ...": the content is the verb's head.
                own = {t.i for t in token.subtree}
                clause = [t for t in token.head.subtree if t.i not in own]
        else:
            source = according_to_source(token)
            if source is None:
                continue
            governor = token.head
            if is_speech_verb(governor, lexicon.speech_verbs):
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


def _outlet_speaker(outlet: tuple[str, Span] | None, subject: Token | None, lexicon: SpeechLexicon) -> bool:
    """Whether the outlet is itself the speaker: "Reuters reported", "the Bild paper wrote" (but not
    "The book, by Sunday Telegraph journalist Robert Peston, said")."""
    if outlet is None or subject is None:
        return False
    span = outlet[1]
    if span.start <= subject.i < span.end:
        return True
    speaker = speaker_span(subject)
    inside = speaker.start <= span.start and span.end <= speaker.end
    return subject.lower_ in lexicon.outlet_head_words and inside


def attribute(
    doc: Doc, speech: Speech, mentions: list[ActorMention], history: SpeakerHistory, lexicon: SpeechLexicon
) -> tuple[Actor | None, str | None]:
    """Speaker and outlet of one speech clause."""
    outlet = find_outlet(doc, sorted(speech.clause), mentions, lexicon)
    outlet = outlet or find_outlet(doc, sorted(speech.medium), mentions, lexicon)
    if outlet is None and speech.reported_by is not None:
        outlet = (speech.reported_by.text, speech.reported_by)  # "as quoted by Greek Reporter"
    if outlet is not None and _outlet_speaker(outlet, speech.subject, lexicon):
        # "the Bild paper wrote", "according to state media": the outlet speaks for itself.
        mention = mention_for(mentions, speech.subject) if speech.subject is not None else None
        speaker = mention.actor if mention else subject_actor(outlet[1], "quotes:outlet", kind="media")
        return speaker, outlet[0]
    speaker = resolve_speaker(speech.subject, mentions, history, lexicon)
    return speaker, outlet[0] if outlet else None


def _fallback_subject(doc: Doc, candidate: QuoteCandidate, quoted: set[int]) -> Token | None:
    """The subject of the sentence a quote sits in, when that sentence is more than the quote."""
    subject = sentence_subject(doc[candidate.first])
    if subject is None or subject.i in quoted or subject.sent.root.i in quoted:
        return None
    return subject


def resolve_quote(
    doc: Doc,
    candidate: QuoteCandidate,
    mentions: list[ActorMention],
    history: SpeakerHistory,
    lexicon: SpeechLexicon,
) -> FoundQuote | None:
    """A quote with its speaker, verb and outlet; None for a fragment nobody is said to have said."""
    quote, text, speech = candidate.quote, candidate.text, candidate.speech
    sentence_start = doc[candidate.first].sent.start
    if speech.verb is not None or speech.according_to is not None:
        speaker, outlet = attribute(doc, speech, mentions, history, lexicon)
        verb = speech.verb.lemma_.lower() if speech.verb is not None else None
        lost_subject = speech.subject is None and speech.verb is not None and speech.verb.tag_ != "VBN"
        if speaker is None and lost_subject:
            speaker = nearest_person(speech.verb, mentions, set(candidate.context))
        found = FoundQuote(quote, speaker, verb, outlet)
        history.heard(speaker)
    elif sentence_start == history.last_quote_sentence:
        # '... is "null and void" and "infringes upon ..."': the second quote shares the first's frame.
        found = FoundQuote(
            quote, history.last_quote_speaker, history.last_quote_verb, history.last_quote_outlet
        )
    elif (
        not candidate.context
        and is_full_sentence(text)
        and history.last_quote_end >= 0
        and (quote.outer_start - history.last_quote_end <= CARRY_OVER_CHARS)
    ):
        # A quote standing alone right after another goes on with the same speaker.
        found = FoundQuote(quote, history.last_quote_speaker, None, history.last_quote_outlet)
    elif (subject := _fallback_subject(doc, candidate, candidate.quoted)) is not None:
        # 'she was directing the committees to "proceed with their investigations"'.
        speaker = resolve_speaker(subject, mentions, history, lexicon)
        found = FoundQuote(quote, speaker, None, None)
    elif is_full_sentence(text) and text.rstrip()[-1:] in ".!?…":
        found = FoundQuote(quote, None, None, None)
    else:
        return None  # a scare quote or a name
    history.last_quote_end = quote.outer_end
    history.last_quote_sentence = sentence_start
    history.last_quote_speaker, history.last_quote_outlet = found.speaker, found.outlet
    history.last_quote_verb = found.verb
    return found


def match(
    doc: Doc, mentions: list[ActorMention], full_text: str, lexicon: SpeechLexicon
) -> tuple[list[FoundQuote], list[FoundSpeech]]:
    """Direct quotes and clauses of indirect speech, each with its speaker and outlet.

    ``full_text`` is the Doc's text (:func:`pipeline.syntax.doc_text`), passed along rather than looked
    up again; ``lexicon`` is the component's :class:`SpeechLexicon`.
    """
    quotes = list(quote_candidates(doc, full_text, lexicon))
    quoted_chars = [(item.quote.outer_start, item.quote.outer_end) for item in quotes]
    speeches = list(speech_candidates(doc, quoted_chars, lexicon))
    ordered: list[tuple[int, QuoteCandidate | SpeechCandidate]]
    ordered = [(item.quote.outer_start, item) for item in quotes]
    ordered += [(item.position, item) for item in speeches]
    ordered.sort(key=lambda pair: pair[0])
    history = SpeakerHistory()
    found_quotes: list[FoundQuote] = []
    found_speech: list[FoundSpeech] = []
    for _, item in ordered:
        if isinstance(item, QuoteCandidate):
            found = resolve_quote(doc, item, mentions, history, lexicon)
            if found is not None:
                found_quotes.append(found)
            continue
        speaker, outlet = attribute(doc, item.speech, mentions, history, lexicon)
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
