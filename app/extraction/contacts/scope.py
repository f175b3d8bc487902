"""The tokens that describe a contact: the predicate's own clause, repaired where the parse errs."""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from app.extraction.actors import ActorRef
from app.extraction.contacts.cues import Cues, get_cues
from app.extraction.contacts.predicates import _partner_follows
from app.extraction.textfold import fold


def _stranded_subject(verb: Token) -> set[int]:
    """"que Lavrov, lors d'un entretien avec X, a exprimé ...": a verb the parse left without a
    subject takes the name standing just before its clause (commas aside)."""
    if verb.pos_ != "VERB" or any(c.dep_.startswith("nsubj") or c.dep_ == "expl:subj" for c in verb.children):
        return set()
    j = verb.left_edge.i - 1
    while j >= verb.sent.start and verb.doc[j].is_punct:
        j -= 1
    if j < verb.sent.start or verb.doc[j].pos_ != "PROPN":
        return set()
    name = verb.doc[j]
    while name.dep_ == "flat:name" and name.head.i != name.i:
        name = name.head
    return {t.i for t in verb.doc[name.i:j + 1]}


def _partner_window(pred: Token, cues: Cues) -> set[int]:
    """"un entretien téléphonique avec le président de la Fédération de Russie, Vladimir
    Poutine": the words after a contact noun's partner marker, up to the next verb, belong to
    the contact whatever clause the parse hangs them on."""
    if pred.pos_ != "NOUN" or not _partner_follows(pred, cues):
        return set()
    return _words_up_to_a_verb(pred)


def _purpose_recipient(pred: Token, verb: Token, cues: Cues) -> set[int]:
    """"s'est rendu à Moscou pour remettre un message de X à Y", "lors de la réunion pour livrer
    ... au président russe": whom a contact's purpose clause delivers something to is its partner
    (other purpose clauses name no party). The words after the recipient marker up to the next
    verb, or to the phrase after the name, whatever the parse hangs them on."""
    anchors = {pred.i, verb.i}
    governor = next((a for a in pred.ancestors if a.pos_ == "VERB"), None)
    if governor is not None:
        anchors.add(governor.i)
    out: set[int] = set()
    for clause in pred.sent:
        if clause.lemma_ not in cues.delivery_verbs or clause.head.i not in anchors or clause.i == pred.i \
                or not _is_purpose(clause):
            continue
        marker = next((t for t in clause.subtree if t.i > clause.i and t.dep_ == "case"
                       and t.lower_ in cues.recipient_markers), None)
        if marker is None:
            continue
        # "à Vladimir Poutine un message de X": the thing begins after the name
        out |= _words_up_to_a_verb(marker, until_after_name=True)
    return out


def _words_up_to_a_verb(start: Token, until_after_name: bool = False) -> set[int]:
    """The words after ``start`` up to the next verb, ";", ":" or "que" (and, when asked, up to
    a new phrase after a proper name), whatever clause the parse hangs them on."""
    out: set[int] = set()
    named = False
    for t in start.doc[start.i + 1:start.sent.end]:
        if t.pos_ in ("VERB", "AUX") or t.text in (";", ":") or t.lower_ == "que":
            break
        if until_after_name and named and t.pos_ in ("DET", "NUM"):
            break
        named = named or t.pos_ == "PROPN"
        out.add(t.i)
    return out


def _is_clause_head(t: Token) -> bool:
    return t.pos_ == "VERB" or (t.pos_ == "AUX" and not t.dep_.startswith("aux") and t.dep_ != "cop")


def _before_reporting(child: Token, report: Token, pred: Token) -> bool:
    """Whether a child of a reporting verb placed after the contact lies on the contact's side
    (before the verb): a postposed report's own words (its source, its date) follow it."""
    return pred.i < report.i and child.i < report.i


def _is_purpose(h: Token) -> bool:
    """"... pour assister aux funérailles de X": whom a purpose clause names is not a party."""
    return h.dep_ in ("advcl", "xcomp", "acl") and any(
        c.lower_ in ("pour", "afin") and c.dep_ in ("mark", "case") for c in h.children)


def clause_scope(pred: Token, verb: Token, cues: Cues) -> set[int]:
    """Token indices that describe this contact: the sentence without other clauses.

    Kept: the predicate's own clause, its antecedent when it sits in a relative clause, the
    subject it shares with a coordinated verb. Removed: clauses it does not belong to, the rest
    of a reporting clause above it ("..., a annoncé samedi le Kremlin"), attributions ("selon").
    The parse of long news sentences is often wrong about where a name hangs, so everything
    not in another clause stays in scope.
    """
    sent = pred.sent
    anchors = {pred.i, verb.i}
    dateline = _dateline_tokens(sent)
    own = {t.i for t in pred.subtree} | {t.i for t in verb.subtree}
    ancestors = {a.i for a in pred.ancestors} | {a.i for a in verb.ancestors}
    # A participle's agent is its subject ("le traité signé par X"), and a participle that
    # modifies a noun never borrows the subject of the clause around it.
    has_subject = any(c.dep_.startswith("nsubj") or c.dep_ == "obl:agent" for t in (pred, verb) for c in t.children) \
        or (verb.dep_ == "acl" and "Part" in verb.morph.get("VerbForm"))
    scope = set(range(sent.start, sent.end))
    for h in sent:
        if h.i in anchors or not _is_clause_head(h):
            continue
        subtree = {t.i for t in h.subtree}
        if h.i in ancestors:
            keep_subject = not has_subject and (h.lemma_ not in cues.reporting or _subordinate_of(verb, h))
            for c in h.children:
                sub = {t.i for t in c.subtree}
                if sub & (own | anchors):
                    continue
                if keep_subject and (c.dep_.startswith("nsubj") or _inverted_subject(c, h, cues)):
                    continue
                if h.lemma_ in cues.reporting and _before_reporting(c, h, pred):
                    continue  # "X a rencontré Y, a rapporté Z": the parse may hang Y on the report
                if h.lemma_ in cues.reporting or c.dep_ not in ("punct", "cc"):
                    scope -= sub
            if h.lemma_ in cues.reporting:
                scope.discard(h.i)
        elif h.i in own:
            if h.lemma_ in cues.reporting or _is_purpose(h):
                scope -= subtree
        else:
            scope -= _clause_side(h, pred)
    for t in sent:
        if t.lower_ == "selon":
            # "Selon l'agence X, ..." up to the comma: the source, not a party (the parse often
            # swallows the next name into the source's phrase).
            j = t.i
            while j < sent.end and sent.doc[j].text != "," and j not in anchors:
                scope.discard(j)
                j += 1
    if _modifies_a_noun(verb):
        # "le président russe ayant rencontré X", "le ministre reçu par Y": the noun and what
        # follows the participle (the parse often hangs its object on the noun); whatever the
        # noun itself belongs to, before it, is another matter.
        scope &= own | _noun_phrase(verb.head) | set(range(verb.i, sent.end))
    return (scope - dateline) | anchors


def _modifies_a_noun(verb: Token) -> bool:
    return verb.dep_ == "acl" and "Part" in verb.morph.get("VerbForm") and verb.head.pos_ in ("NOUN", "PROPN")


def _noun_phrase(noun: Token) -> set[int]:
    """A noun with its determiners, adjectives and names, without the phrases it governs."""
    out = {noun.i}
    for c in noun.children:
        if c.dep_ in ("det", "amod", "flat:name", "nummod") or (c.dep_ == "appos" and c.pos_ == "PROPN"):
            out |= {t.i for t in c.subtree}
    return out


def _inverted_subject(c: Token, h: Token, cues: Cues) -> bool:
    """"..., a affirmé Sergueï Lavrov": a name right after a reporting verb is its subject,
    though the parse often calls it the object."""
    return h.lemma_ in cues.reporting and c.dep_ == "obj" and c.pos_ == "PROPN" and c.i > h.i


def _subordinate_of(verb: Token, h: Token) -> bool:
    """"X a déclaré après avoir rencontré Y", "en recevant Y, X a affirmé": a participle,
    gerund or infinitive clause hanging on ``h`` whose subject is ``h``'s subject."""
    return verb.head.i == h.i and verb.dep_ in ("advcl", "xcomp") and (
        any(c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm") for c in verb.children)
        or "Ger" in verb.morph.get("VerbForm")
        or any(c.lower_ == "en" and c.dep_ in ("mark", "case") for c in verb.children))


def _clause_side(h: Token, pred: Token) -> set[int]:
    """The part of another clause that lies on its own side of its verb.

    A clause after the contact ("..., a annoncé jeudi le Kremlin") is its verb onwards; one
    before it is up to its verb. The parse often hangs words of the contact's clause on the
    other verb ("par téléphone avec X"), so the subtree alone would cut them out.
    """
    if h.i > pred.i:
        start = min([h.i] + [c.left_edge.i for c in h.children
                             if c.dep_.startswith("aux") or (c.dep_.startswith("nsubj") and c.i > pred.i)])
        return {t.i for t in h.subtree if t.i >= start}
    return {t.i for t in h.subtree if t.i <= h.i}


# "Moscou, 4 janvier 2024 (AFP) - ", and the agency style "Téhéran/" glued to the first word.
_DATELINE_HEAD = re.compile(r"^(?:[^\n]{0,80}?(?:\d{4}|\))\s*[-\u2013\u2014](?:\s|$)|[A-ZÀ-Ý][\w' -]{1,30}/(?=\S))")


def _dateline_tokens(sent: SpacySpan) -> set[int]:
    """Tokens of a dateline opening the sentence ("Moscou, 4 janvier 2024 (AFP) - ")."""
    m = _DATELINE_HEAD.match(sent.text)
    if not m:
        return set()
    limit = sent.start_char + m.end()
    return {t.i for t in sent if t.idx < limit}


def _in_scope(ref: ActorRef, sent: SpacySpan, scope: set[int]) -> bool:
    span = sent.doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span is not None and any(t.i in scope for t in span)


def _ref_token(ref: ActorRef, sent: SpacySpan) -> Token | None:
    span = sent.doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _locative_before(text: str, start: int, described: bool = False) -> bool:
    """"à Moscou", "dans la capitale iranienne": a locative preposition (before a described
    place, its article). "à l'Iran" is a recipient, not a place."""
    words = re.findall(r"[\w']+", fold(text[max(0, start - 20):start]))
    if described and words and words[-1] == "la":
        words = words[:-1]
    if bool(words) and words[-1] in get_cues().locatives:
        return True
    return bool(get_cues().described_place.search(fold(text[max(0, start - 80):start])))


def _preceding_word(text: str, start: int) -> str:
    words = re.findall(r"[\w']+", fold(text[max(0, start - 12):start]))
    return words[-1] if words else ""
