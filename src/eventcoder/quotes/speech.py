"""The speech clause around a quote: its speech verb (or "according to"), the verb's subject, and the
tokens where an outlet may be named."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .lexicon import SpeechLexicon
from .marks import QUOTE_MARKS, SENTENCE_END
from .speakers import speaker_span

# Content clauses of a speech verb (a parenthetical "X said" hangs from its content as parataxis).
CONTENT_DEPS = frozenset({"ccomp"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# A verb without a subject of its own takes the subject of the verb it hangs from ("he added, saying").
CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "acl"})
CONTEXT_LIMIT = 60  # tokens either side of a quote searched for its speech clause
MEDIUM_PREPOSITIONS = frozenset({"to", "with", "on", "via"})


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


def speech_context(doc: Doc, first: int, last: int, quoted: set[int], text_end_punct: bool) -> list[int]:
    """Token indices of the clause outside a quote (tokens ``first..last``): back to the sentence
    start and on to the sentence end, stopping at other quotes and paragraph breaks."""
    indices = []
    index = first - 1
    while index >= 0 and len(indices) < CONTEXT_LIMIT:
        token = doc[index]
        if index in quoted or token.text in SENTENCE_END:
            break
        # "He said:" closing the previous paragraph introduces a quote set apart below it.
        if (
            _is_break(token)
            and token.text != ":"
            and not (token.is_space and index > 0 and doc[index - 1].text == ":")
        ):
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


def is_speech_verb(token: Token, verbs: frozenset[str]) -> bool:
    return token.lemma_.lower() in verbs and token.tag_.startswith("VB")


def according_to_source(token: Token) -> Token | None:
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


def subject_of(verb: Token, lexicon: SpeechLexicon) -> tuple[Token | None, Token]:
    """The subject of a speech verb and the verb that carries it (climbing "and added", "by saying")."""
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
            # 'X said the use "costs ...", further saying': "saying" goes with "said".
            if (
                participle
                and current.dep_ == "ccomp"
                and not is_speech_verb(current, lexicon.speech_verbs)
                and is_speech_verb(current.head, lexicon.speech_verbs)
            ):
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


def clause_tokens(verb: Token, quoted: set[int]) -> set[int]:
    """Tokens of a speech verb's clause where an outlet may be named: not the quote, not the content."""
    excluded: set[int] = set(quoted)
    for child in verb.children:
        if child.dep_ in ("ccomp", "relcl", "parataxis") and child.i not in quoted:
            excluded.update(token.i for token in child.subtree)
    return {token.i for token in verb.subtree if token.i not in excluded}


def is_as_clause(verb: Token) -> bool:
    """ "as reported by Hurriyet", "as quoted by Greek Reporter": names an outlet, not the speaker."""
    return any(child.lower_ == "as" and child.dep_ in ("mark", "advmod") for child in verb.children)


def _is_relative(verb: Token) -> bool:
    """ "which the BBC noted as unusual": a relative clause aside, not the frame of the quote."""
    return verb.dep_ == "relcl" or any(child.tag_ in ("WDT", "WP") for child in verb.children)


def speech_around(
    doc: Doc, context: list[int], quote: tuple[int, int], quoted: set[int], lexicon: SpeechLexicon
) -> Speech:
    """The speech verb (or "according to") nearest the quote in its clause, and its subject."""
    best: Speech | None = None
    best_rank = (True, len(doc) + 1)
    as_clauses: set[int] = set()
    reported_by: Span | None = None
    according: Speech | None = None
    for index in context:
        token = doc[index]
        distance = min(abs(index - quote[0]), abs(index - quote[1]))
        source = according_to_source(token)
        if source is not None and according is None:
            according = Speech(according_to=source, subject=source, clause={tok.i for tok in token.subtree})
        elif is_speech_verb(token, lexicon.speech_verbs):
            if is_as_clause(token):
                as_clauses.update(tok.i for tok in token.subtree)
                agent = _agent(token)
                reported_by = speaker_span(agent) if agent is not None else reported_by
            elif (rank := (_is_relative(token), distance)) < best_rank:
                subject, carrier = subject_of(token, lexicon)
                best, best_rank = Speech(verb=token, subject=subject), rank
                best.clause = clause_tokens(carrier, quoted) | clause_tokens(token, quoted)
    # A speech verb names the speaker; "according to" then names the outlet ("..., according to NBC").
    best = best or according
    if best is None:
        return Speech()
    # "according to state media" or "as reported by X" elsewhere in the sentence still names the outlet.
    for index in context:
        source = according_to_source(doc[index])
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
    if best.subject is None and best.verb is not None and best.verb.tag_ != "VBN":
        fallback = sentence_subject(best.verb)  # a parse gone astray: the sentence's subject
        if fallback is not None and fallback.i not in quoted and fallback.sent.root.i not in quoted:
            best.subject = fallback
    best.clause &= set(context) | {token.i for token in (best.subject.subtree if best.subject else [])}
    return best
