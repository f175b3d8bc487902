"""Contact cues in a sentence (verbs, nouns with a light verb, noun events) and whether
the predicate asserts an event: the assertion checks."""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from app.extraction.candidates import Verdict
from app.extraction.contacts.cues import Cues, get_cues
from app.extraction.textfold import fold


def _has_reflexive(tok: Token) -> bool:
    return any(c.lemma_ in ("se", "s'", "nous", "vous") or c.dep_.startswith("expl") for c in tok.children)


def _light_verb(noun: Token, cues: Cues) -> Token | None:
    """The verb that makes a contact noun an event: "a eu un entretien", "a une rencontre",
    "a effectué une visite", "l'entretien a eu lieu", "est en visite"."""
    head = noun.head
    if noun.dep_ in ("obj", "nsubj:pass") and head.lemma_ in cues.light_verbs:
        return head  # "a supervisé la signature", "la signature a été supervisée par X"
    if noun.dep_.startswith("nsubj") and head.lemma_ in ("avoir", "tenir", "dérouler") and (
        any(c.lemma_ == "lieu" for c in head.children) or head.lemma_ != "avoir"
    ):
        return head
    markers = cues.circumstance_markers
    if head.pos_ == "VERB" and any(c.lower_ in markers for c in noun.children) \
            or (head.lower_ in markers and head.head.pos_ == "VERB"):
        # "Lors d'un entretien téléphonique lundi, X et Y ont évoqué ...": the clause's verb
        return head if head.pos_ == "VERB" else head.head
    misattached = _light_verb_above(noun, cues) or _light_verb_before(noun, cues)
    if misattached is not None:
        return misattached
    for c in noun.children:
        # spaCy often hangs the light verb under the noun: "a une rencontre" -> aux on the noun.
        if c.lemma_ in ("avoir", "tenir", "effectuer", "mener") and c.dep_ in ("aux:tense", "aux", "cop"):
            return c
        if c.lemma_ == "être" and c.dep_ == "cop" and any(x.lemma_ == "en" for x in noun.children):
            return c
    return None


def _light_verb_above(noun: Token, cues: Cues) -> Token | None:
    """"a mené mardi des pourparlers": the parse often hangs the object on the date before it;
    the first verb above is its light verb when nothing but "de" introduces the noun."""
    if noun.dep_ not in ("nmod", "obl:mod", "obl:arg", "obl", "appos") or any(
            c.dep_ == "case" and c.lower_ not in ("de", "des", "d'", "du") for c in noun.children):
        return None
    for a in noun.ancestors:
        if a.pos_ in ("VERB", "AUX"):
            return a if a.lemma_ in cues.light_verbs and a.i < noun.i else None
        if a.pos_ not in ("NOUN", "PROPN", "NUM"):
            return None
    return None


def _light_verb_before(noun: Token, cues: Cues) -> Token | None:
    """"ont eu hier [jeudi 7/12] des entretiens, abordant ...": a bare noun phrase the parse hung
    elsewhere is the object of the light verb just before it, when no object stands between."""
    if any(c.dep_ == "case" for c in noun.children) or noun.dep_ in ("obj", "obl", "obl:arg", "obl:mod", "nmod"):
        return None
    for t in reversed(noun.doc[noun.sent.start:noun.i]):
        if t.pos_ in ("VERB", "AUX") and not t.dep_.startswith("aux"):
            if t.lemma_ in cues.light_verbs and not any(c.dep_ == "obj" and t.i < c.i < noun.i for c in t.children):
                return t
            return None
    return None


class Trigger(NamedTuple):
    """A contact cue in a sentence: the cue word, the word that carries its tense (itself, or a
    noun's light verb), the contact kind, and the cue's pattern id ("verb:rencontrer")."""

    pred: Token
    verb: Token
    kind: str
    pattern: str


def find_predicates(sent: SpacySpan, cues: Cues) -> list[Trigger]:
    """Every contact cue in a sentence, as a ``Trigger``."""
    out = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") and any(c.dep_ == "aux:tense" for c in tok.children):
            # A participle mistagged as a noun ("a téléphoné"): read the verb from its form.
            guess = fold(re.sub(r"(?:é|ée|és|ées)$", "er", tok.lower_))
            lemma = next((v for v in cues.verbs if fold(v) == guess), lemma)
            if lemma in cues.verbs:
                out.append(Trigger(tok, tok, cues.verbs[lemma], f"verb:{lemma}"))
                continue
        if tok.pos_ in ("VERB", "AUX") and lemma in cues.verbs:
            if lemma in cues.reflexive_only and not _has_reflexive(tok):
                continue
            out.append(Trigger(tok, tok, cues.verbs[lemma], f"verb:{lemma}"))
        elif tok.pos_ == "NOUN" and lemma in cues.nouns:
            light = _light_verb(tok, cues) or _noun_event_head(tok, cues)
            if light is not None:
                out.append(Trigger(tok, light, cues.nouns[lemma], f"noun:{lemma}"))
    return out


def _within_phrase(tok: Token, noun: Token) -> bool:
    """Whether ``tok`` hangs under ``noun`` (a noun or a verb) with no other verb between them."""
    for a in tok.ancestors:
        if a.i == noun.i:
            return True
        if a.pos_ in ("VERB", "AUX"):
            return False
    return False


def _partner_follows(noun: Token, cues: Cues) -> bool:
    """"rencontre avec X", "entretien téléphonique entre X et Y", "une rencontre mardi entre
    X et Y" read off the words, since the parse often hangs the "avec" phrase elsewhere. Up to
    three words (adjectives, a day) may stand between the noun and its partner marker."""
    for t in noun.doc[noun.i + 1:min(noun.i + 5, noun.sent.end)]:
        if t.lower_ in cues.partner_markers:
            return True
        if t.pos_ not in ("ADJ", "NOUN", "NUM", "ADV"):
            return False
    return False


def _noun_event_head(noun: Token, cues: Cues) -> Token | None:
    """A contact noun that reports the event by itself, with its partner inside its own phrase:
    "lors d'un entretien téléphonique avec X", "dans une conversation avec X", "à l'issue de
    sa rencontre avec X", "le contact entre X et Y a porté sur ...", a headline "Rencontre avec
    X". Returns the verb whose clause it sits in (that verb carries the tense), or the noun
    itself when the line has no verb."""
    if not (any(t.lower_ in cues.partner_markers and _within_phrase(t, noun) for t in noun.subtree)
            or _partner_follows(noun, cues)):
        return None
    introduced = any(c.lower_ in cues.event_markers or c.lemma_ in cues.event_markers
                     for c in noun.children if c.dep_ in ("case", "advmod", "fixed", "mark"))
    introduced = introduced or (noun.head.lower_ in cues.event_markers and noun.head.i != noun.i)
    verbless = noun.dep_ == "ROOT" or (noun.head.i == noun.i)
    subject = noun.dep_.startswith("nsubj")
    if not (introduced or verbless or subject):
        return None
    for a in noun.ancestors:
        if a.pos_ in ("VERB", "AUX"):
            return a
    return noun


_AUX_IRREALIS = re.compile(r"^(?:ser|aur|pourr|devr|ir)(?:ai|ais|ait|ions|iez|aient|a|as|ons|ez|ont)$")


def _future_or_conditional_form(t: Token) -> bool:
    """Future or conditional by the word's form, where the tagger gets the mood wrong
    ("se seraient entretenus" is often tagged present indicative)."""
    word = fold(t.text)
    if t.lemma_ in ("être", "avoir", "pouvoir", "devoir", "aller"):
        return bool(_AUX_IRREALIS.match(word))
    # Endings are matched on the word as written: "-erait" (rencontrerait) is a conditional,
    # "-érait" (espérait) an imperfect.
    # No participle ends so, whatever the tagger says of "parapheront".
    return t.pos_ == "VERB" and bool(get_cues().irrealis_endings.fullmatch(t.lower_))


def _tense_tokens(verb: Token) -> list[Token]:
    return [verb] + [c for c in verb.children if c.dep_.startswith("aux")]


def is_asserted(pred: Token, verb: Token, cues: Cues, has_own_date: bool) -> bool:
    """Whether the predicate reports a contact that took place (not planned, hypothetical,
    negated, nor an earlier one only counted)."""
    return assertion_verdict(pred, verb, cues, has_own_date).passed


def assertion_verdict(pred: Token, verb: Token, cues: Cues, has_own_date: bool) -> Verdict:
    """The first of the assertion checks that fails on the predicate, or a pass.

    Each check names what it saw: an infinitive, a future or conditional, a modal, an earlier
    meeting in the pluperfect, a denial, a negation, a hypothesis, an ordinal ("leur troisième
    rencontre"), or an earlier-meeting marker ("pour la dernière fois").
    """
    verb = _clause_of_circumstance(pred, verb, cues)
    for check in (_check_not_infinitive, _check_tense, _check_not_denied, _check_not_under_modal,
                  _check_not_negated, _check_not_counted):
        verdict = check(pred, verb, cues, has_own_date)
        if not verdict.passed:
            return verdict
    return Verdict.ok("asserted", "a past or present event")


def _clause_of_circumstance(pred: Token, verb: Token, cues: Cues) -> Token:
    """"ont signé un accord pour renforcer leur coopération, lors d'une visite de X": a contact
    noun told as a circumstance ("lors de", "au cours de") that the parse hangs on a purpose
    infinitive is asserted or not as the clause the purpose belongs to."""
    if pred.pos_ != "NOUN" or verb.i == pred.i or "Inf" not in verb.morph.get("VerbForm") \
            or not _introduced_by_marker(pred, cues):
        return verb
    head = _purpose_head(verb)
    return head if head is not None and head.pos_ in ("VERB", "AUX") else verb


def _purpose_head(verb: Token) -> Token | None:
    """The clause a purpose infinitive ("pour renforcer", "afin de renforcer") belongs to."""
    if any(c.lower_ in ("pour", "afin") and c.dep_ in ("mark", "case") for c in verb.children):
        return verb.head if verb.head.i != verb.i else None
    if verb.head.lower_ == "afin" and verb.head.head.i != verb.head.i:
        return verb.head.head
    return None


def _introduced_by_marker(pred: Token, cues: Cues) -> bool:
    return any(t.lower_ in cues.circumstance_markers for t in pred.doc[max(pred.sent.start, pred.i - 4):pred.i])


def _check_not_infinitive(pred: Token, verb: Token, cues: Cues, has_own_date: bool) -> Verdict:
    if verb.pos_ in ("VERB", "AUX") and "Inf" in verb.morph.get("VerbForm"):
        return Verdict.fail("not_infinitive", f"'{verb.text}' is an infinitive: an intention, not an event")
    return Verdict.ok("not_infinitive")


def _check_tense(pred: Token, verb: Token, cues: Cues, has_own_date: bool) -> Verdict:
    """No future, conditional, subjunctive or modal. A pluperfect ("avait rencontré") is a past
    contact like any other: news prose uses it for the earlier steps of the trip it reports."""
    for t in _tense_tokens(verb):
        if "Fut" in t.morph.get("Tense") or "Cnd" in t.morph.get("Mood") or "Sub" in t.morph.get("Mood") \
                or _future_or_conditional_form(t):
            return Verdict.fail("not_planned_or_conditional", f"'{t.text}' is a future, conditional or subjunctive")
        if t.i != verb.i and t.lemma_ in cues.modals:
            return Verdict.fail("not_under_modal", f"modal '{t.text}'")
    return Verdict.ok("not_planned_or_conditional")


def _check_not_denied(pred: Token, verb: Token, cues: Cues, has_own_date: bool) -> Verdict:
    denial = next((a for a in verb.ancestors if a.lemma_ in cues.denials), None)
    if denial is not None:
        return Verdict.fail("not_denied", f"under the denial '{denial.text}'")
    return Verdict.ok("not_denied")


def _check_not_under_modal(pred: Token, verb: Token, cues: Cues, has_own_date: bool) -> Verdict:
    up = verb
    while up.dep_ in ("xcomp", "ccomp") and up.head.i != up.i:
        up = up.head
        if up.lemma_ in cues.modals or "Fut" in up.morph.get("Tense") or "Cnd" in up.morph.get("Mood"):
            return Verdict.fail("not_under_modal", f"governed by '{up.text}'")
    return Verdict.ok("not_under_modal")


def _check_not_negated(pred: Token, verb: Token, cues: Cues, has_own_date: bool) -> Verdict:
    for t in {pred, verb}:
        for c in t.children:
            if c.lemma_.lower() in cues.negations and c.dep_ in ("advmod", "det", "obj"):
                return Verdict.fail("not_negated", f"negated by '{c.text}'")
            if c.dep_ == "mark" and c.lemma_.lower() in ("si", "s'"):
                return Verdict.fail("not_hypothetical", f"hypothesis '{c.text}'")
    return Verdict.ok("not_negated")


def _check_not_counted(pred: Token, verb: Token, cues: Cues, has_own_date: bool) -> Verdict:
    for t in {pred, verb}:
        for c in t.children:
            if c.dep_ == "amod" and ("Ord" in c.morph.get("NumType") or c.lemma_.endswith("ième")):
                return Verdict.fail("not_counted", f"'{c.text} {t.text}': a meeting counted, not reported")
    clause = fold(_own_clause_text(pred, verb))
    m = cues.earlier.search(clause)
    if m:
        return Verdict.fail("not_only_recalled", f"earlier-meeting marker '{m.group(0)}'")
    m = cues.weak_earlier.search(clause)
    if m and not has_own_date:
        return Verdict.fail("not_only_recalled", f"'{m.group(0)}' with no date of its own")
    return Verdict.ok("not_counted")


def _own_clause_text(pred: Token, verb: Token) -> str:
    """The predicate's clause without nested clauses (where an earlier marker would belong)."""
    toks = set()
    for root in {pred, verb}:
        toks.add(root.i)
        for c in root.children:
            if c.pos_ in ("VERB",) and c.dep_ not in ("aux", "aux:tense", "aux:pass"):
                continue
            toks.update(t.i for t in c.subtree)
    doc = pred.doc
    return "".join(doc[i].text_with_ws for i in sorted(toks))  # "l'époque" stays one phrase
