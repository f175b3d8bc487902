"""Contacts (PLOVER CONSULT family) that an article says took place between Russia and Iran.

A contact is found from a predicate (verb "s'entretenir", "rencontrer", "recevoir", "se rendre"...
or a noun with a light verb, "a eu un entretien"), then checked on the spaCy parse: the verb must
assert a past or present event (no future, conditional, modal, negation, hypothesis, nor an
earlier meeting only counted). Its participants, place and date come from the predicate's own
clause, never from a reporting clause ("a annoncé samedi le Kremlin") or page noise. The same
contact described in several sentences of an article is merged into one.

Every event the article reports is remembered, whoever took part (a trilateral meeting, a
summit, a visit by a third country's leader): a contact placed by reference to one ("en marge de
cette visite", "lors de la réunion", "en marge du sommet") and stating no date of its own takes
the date of the latest earlier event of that kind, and its place when it names none; a side
meeting with no place at all is where the dateline is. "Les présidents des deux pays" and other
office pairs (contact_cues.yaml) are the holders of both offices on the contact's date, or the
holders last named when it is undated; when no single holder is known, there is no contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date as calendar_date
from datetime import timedelta

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from app.extraction import dates
from app.extraction.actors import ActorFinder, ActorRef, get_actor_finder, load_cues
from app.extraction.candidates import Candidate, ContactTrace, Verdict
from app.extraction.context import ArticleContext
from app.extraction.gazetteer import get_gazetteer
from app.extraction.locations import get_places
from app.extraction.merge import dates_compatible, locations_compatible, merge_article_contacts
from app.extraction.records import Contact, DateValue, Participant, Source
from app.extraction.textfold import fold
from app.extraction.topics import get_taxonomy, phrase_pattern

SIDES = ("RU", "IR")
PARTY_KINDS = ("person", "group", "institution")  # what stands for a side; a bare country does not


@dataclass
class Detection:
    """A contact found in one sentence, before merging with other mentions in the article."""

    contact: Contact
    sentence: int  # index into ctx.sentences


@dataclass
class Event:
    """Something the article says took place, whoever took part (a contact, a trilateral
    meeting, a summit): what a later "en marge de cette réunion" may refer to."""

    token: int  # doc index of its predicate
    classes: set[str]  # visit | meeting | summit | talks | call | signing
    date: DateValue
    location: str | None


class Cues:
    """The cue lists of app/data/contact_cues.yaml, prepared for lookups."""

    def __init__(self) -> None:
        raw = load_cues()
        self.verbs: dict[str, str] = raw.get("verbs", {})
        self.reflexive_only = set(raw.get("reflexive_only", []))
        self.person_object_only = set(raw.get("person_object_only", []))
        self.needs_partner = set(raw.get("needs_partner", []))
        self.nouns: dict[str, str] = raw.get("nouns", {})
        self.things = {fold(t) for t in raw.get("things_received", [])}
        self.light_verbs = set(raw.get("light_verbs", []))
        self.partner_markers = set(raw.get("partner_markers", []))
        self.locatives = set(raw.get("locatives", []))
        self.arrival_verbs = set(raw.get("arrival_verbs", []))
        self.circumstance_markers = set(raw.get("circumstance_markers", []))
        days = raw.get("relative_days") or {}
        self.relative_day = re.compile(
            r"(?<![\w-])(?:(" + "|".join(re.escape(fold(p)) for p in days.get("same_day", []) or ["(?!x)x"]) + ")|("
            + "|".join(re.escape(fold(p)) for p in days.get("day_before", []) or ["(?!x)x"]) + ")|("
            + "|".join(re.escape(fold(p)) for p in days.get("day_after", []) or ["(?!x)x"]) + r"))(?![\w-])")
        nouns = "|".join(re.escape(fold(n)) for n in sorted(raw.get("place_nouns", []), key=len, reverse=True))
        # "dans la station balnéaire russe de Sotchi", "à la ville iranienne d'Ispahan"
        self.described_place = re.compile(
            rf"(?<![\w-])(?:a|dans|en|au)\s+(?:la|le|l')\s*(?:{nouns})(?:\s+[\w-]+){{0,2}}\s+(?:de|d')\s*$"
            if nouns else r"(?!x)x")
        self.recipient_markers = set(raw.get("recipient_markers", []))
        self.back_reference = phrase_pattern(raw.get("back_reference_markers", []))
        endings = sorted(raw.get("future_endings", []) + raw.get("conditional_endings", []), key=len, reverse=True)
        self.irrealis_endings = re.compile(r"\w{3,}(?:" + "|".join(map(re.escape, endings)) + ")" if endings else r"(?!x)x")
        self.event_markers = set(raw.get("event_markers", []))
        self.call_markers = phrase_pattern(raw.get("call_markers", []))
        self.reporting = set(raw.get("reporting_verbs", []))
        self.modals = {m.replace("s'", "") for m in raw.get("modal_verbs", [])}
        self.denials = set(raw.get("denial_verbs", []))
        self.earlier = phrase_pattern(raw.get("earlier_markers", []))
        self.weak_earlier = phrase_pattern(raw.get("weak_earlier_markers", []))
        self.needs_person_partner = set(raw.get("needs_person_partner", []))
        self.negations = set(raw.get("negations", []))
        self.talk_cues = phrase_pattern(raw.get("talk_cues", []))
        self.passage_cues = phrase_pattern(raw.get("talk_cues", []) + raw.get("passage_cues", []))
        self.counterparts: list[list[str]] = raw.get("counterparts", [])
        self.event_nouns = {fold(k): v for k, v in (raw.get("event_nouns") or {}).items()}
        self.hosting = set(raw.get("hosting_verbs", []))
        self.event_verbs = set(raw.get("event_verbs", []))
        self.anaphora_nouns = {fold(k): set(v) for k, v in (raw.get("event_anaphora_nouns") or {}).items()}
        self.anaphora = _anaphora_pattern(raw.get("event_anaphora_markers", []), self.anaphora_nouns)


def _anaphora_pattern(markers: list[str], nouns: dict[str, set[str]]) -> re.Pattern[str]:
    """"en marge de cette visite", "lors de la réunion", "en marge du sommet" (folded text):
    a definite or demonstrative noun right after the marker, no adjective between."""
    def alts(words):
        return "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True)) or "(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{alts(markers)})\s+(?:(?:de|d')\s*)?"
                      rf"(?:cette|cet|ce|ces|la|le|les|l'|du|des)\s*({alts(nouns)})(?![\w-])")


_CUES: Cues | None = None


def get_cues() -> Cues:
    global _CUES
    if _CUES is None:
        _CUES = Cues()
    return _CUES


# ---------------------------------------------------------------------------------------------
# Predicates and their assertion
# ---------------------------------------------------------------------------------------------

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


def find_predicates(sent: SpacySpan, cues: Cues) -> list[tuple[Token, Token, str]]:
    """(predicate token, token that carries tense, kind) for every contact cue in a sentence."""
    out = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") and any(c.dep_ == "aux:tense" for c in tok.children):
            # A participle mistagged as a noun ("a téléphoné"): read the verb from its form.
            guess = fold(re.sub(r"(?:é|ée|és|ées)$", "er", tok.lower_))
            lemma = next((v for v in cues.verbs if fold(v) == guess), lemma)
            if lemma in cues.verbs:
                out.append((tok, tok, cues.verbs[lemma]))
                continue
        if tok.pos_ in ("VERB", "AUX") and lemma in cues.verbs:
            if lemma in cues.reflexive_only and not _has_reflexive(tok):
                continue
            out.append((tok, tok, cues.verbs[lemma]))
        elif tok.pos_ == "NOUN" and lemma in cues.nouns:
            light = _light_verb(tok, cues) or _noun_event_head(tok, cues)
            if light is not None:
                out.append((tok, light, cues.nouns[lemma]))
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
    """"rencontre avec X", "entretien téléphonique entre X et Y" read off the words, since the
    parse often hangs the "avec" phrase elsewhere."""
    for t in noun.doc[noun.i + 1:noun.sent.end]:
        if t.pos_ == "ADJ":
            continue
        return t.lower_ in cues.partner_markers
    return False


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
    out = set()
    for t in pred.doc[pred.i + 1:pred.sent.end]:
        if t.pos_ in ("VERB", "AUX") or t.text in (";", ":") or t.lower_ == "que":
            break
        out.add(t.i)
    return out


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
    return t.pos_ == "VERB" and "Part" not in t.morph.get("VerbForm") \
        and bool(get_cues().irrealis_endings.fullmatch(t.lower_))


def _under_reporting(verb: Token, cues: Cues) -> bool:
    """Whether the clause is what someone reports ("Le Kremlin a annoncé que X s'était entretenu")."""
    return any(a.lemma_ in cues.reporting for a in verb.ancestors)


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
    for check in (_check_not_infinitive, _check_tense, _check_not_denied, _check_not_under_modal,
                  _check_not_negated, _check_not_counted):
        verdict = check(pred, verb, cues, has_own_date)
        if not verdict.passed:
            return verdict
    return Verdict.ok("asserted", "a past or present event")


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


# ---------------------------------------------------------------------------------------------
# Scope: the tokens of the predicate's own clause
# ---------------------------------------------------------------------------------------------

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
    return (scope - dateline) | anchors


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


_DATELINE_HEAD = re.compile(r"^[^\n]{0,80}?(?:\d{4}|\))\s*[-\u2013\u2014](?:\s|$)")


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


# ---------------------------------------------------------------------------------------------
# Dates: which mention belongs to the contact predicate
# ---------------------------------------------------------------------------------------------

_DATELINE_TAIL = re.compile(r"\s*(?:\([^)\n]{1,40}\))?\s*[-\u2013\u2014]\s")


def _is_dateline(text: str, end: int) -> bool:
    """"Kazan, 24 octobre 2024 (AFP) - ...": the dateline dates the article, not the contact."""
    return bool(_DATELINE_TAIL.match(text, end))


def _governor(tok: Token, pred: Token, verb: Token) -> Token:
    """The clause head that a date expression modifies."""
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.i == pred.i or t.i == verb.i:
            return t
        if t.pos_ == "VERB" or (t.pos_ == "AUX" and not t.dep_.startswith("aux")):
            return t
    return t


@dataclass
class DateChoice:
    own: list  # date mentions attached to the predicate (or the visit's arrival)
    reported: bool  # a date or a reporting verb dates the report, not the contact
    future: bool = False  # "mardi prochain", "la semaine prochaine" outside a reporting clause


def choose_date_mentions(ctx: ArticleContext, sent: SpacySpan, pred: Token, verb: Token,
                         participant_tokens: set[int], cues: Cues) -> DateChoice:
    own, reported, future = [], False, False
    last = None  # the last date of the contact's own, which a bracketed date may restate
    for mention in dates.find_date_mentions(ctx.text, sent.start_char, sent.end_char):
        if ctx.in_noise(mention.start, mention.end) or _is_dateline(ctx.text, mention.end):
            continue
        if own and _restates(ctx.text, last, mention):
            own.insert(0, mention)  # the more explicit restatement is tried first
            last = mention
            continue
        span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        gov = _governor(span.root, pred, verb)
        if getattr(mention, "direction", None) == "future" and gov.lemma_ not in cues.reporting:
            future = True
        if gov.i == pred.i or gov.i == verb.i or (
                gov.lemma_ in cues.arrival_verbs and _arrival_of_participant(gov, participant_tokens)):
            own.append(mention)
            last = mention
        elif gov.lemma_ in cues.reporting:
            reported = True
    return DateChoice(own, reported, future)


_RESTATEMENT_GAP = re.compile(r"^[\s\[(,]*$")


def _restates(text: str, before: dates.DateMention, mention: dates.DateMention) -> bool:
    """"hier [jeudi 07/12/2023]", "mardi (14 mars)": a date that follows another with only a
    bracket or comma between restates it, and belongs where the first belongs."""
    return before.end <= mention.start and bool(_RESTATEMENT_GAP.match(text[before.end:mention.start]))


def _arrival_of_participant(gov: Token, participant_tokens: set[int]) -> bool:
    """An arrival verb whose traveller is a participant ("Poutine, qui est arrivé mardi...")."""
    subj = [c for c in gov.children if c.dep_.startswith("nsubj")]
    ids = {t.i for s in subj for t in s.subtree}
    if gov.dep_ == "acl:relcl":
        ids.add(gov.head.i)
        ids.update(t.i for t in gov.head.subtree if t.i < gov.i)
    if gov.dep_ == "conj":
        ids.update(t.i for c in gov.head.children if c.dep_.startswith("nsubj") for t in c.subtree)
    return bool(ids & participant_tokens)


def resolve_contact_date(ctx: ArticleContext, choice: DateChoice) -> DateValue:
    for mention in choice.own:
        value = dates.resolve(mention, ctx.anchor)
        if value.known:
            return value
    if choice.own:
        return DateValue.unknown("the day named in the text cannot be placed: no usable publication date")
    if choice.reported and ctx.meta.published.known:
        return publication_month(ctx.meta.published, "reported as recent; exact day not given")
    return DateValue.unknown("no date for this contact in the text")


def year_from_weekday_and_terms(mentions: list, parts: list[Participant]) -> DateValue | None:
    """"ce lundi 5 novembre" in an article without a publication date: the one year in which
    that day fell on that weekday while every named participant held office, else None."""
    gaz = get_gazetteer()
    terms = []
    for p in parts:
        entry = gaz.actors.get(p.actor_key or "")
        if entry is None or not entry.roles:
            continue
        terms.append([(int((r.start or "1900")[:4]), int((r.end or "2100")[:4])) for r in entry.roles])
    if not terms:
        return None
    for m in mentions:
        if m.weekday is None or m.day is None or m.month is None or m.year is not None:
            continue
        years = [y for y in range(1990, 2100)
                 if all(any(lo <= y <= hi for lo, hi in spans) for spans in terms)
                 and _weekday_of(y, m.month, m.day) == m.weekday]
        if len(years) == 1:
            value = f"{years[0]:04d}-{m.month:02d}-{m.day:02d}"
            names = " and ".join(p.name for p in parts if p.actor_key)
            return DateValue(value, "day", f"'{m.text}': {years[0]} is the only year in which that day fell "
                                           f"on that weekday while {names} held office")
    return None


def _weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return calendar_date(year, month, day).weekday()
    except ValueError:
        return None


RECENT_REASON = "no date of its own, told in the present or passé composé as news"


def _trip_date_applies(date: DateValue, trip: DateValue) -> bool:
    """A trip's date dates a meeting during it that has none, or only the publication month."""
    if not trip.known:
        return False
    if not date.known:
        return True
    return RECENT_REASON in date.reason and dates_compatible(date, trip) and len(trip.value or "") > len(date.value or "")


def publication_month(pub: DateValue, reason: str) -> DateValue:
    """The publication date at month precision at most (a year stays a year)."""
    if pub.precision == "year":
        return DateValue(pub.value, "year", f"{reason}; the year of publication")
    return DateValue((pub.value or "")[:7], "month", f"{reason}; the month of publication")


def reported_as_recent(verb: Token) -> bool:
    """A contact told in the present or the passé composé, not the pluperfect or imperfect
    of a back-reference ("avait rencontré", "rencontrait"): news reports it as recent."""
    return not any("Imp" in t.morph.get("Tense") for t in _tense_tokens(verb) if t.pos_ in ("AUX", "VERB"))


# ---------------------------------------------------------------------------------------------
# Participants
# ---------------------------------------------------------------------------------------------

class ParticipantResolver:
    """Turns actor mentions in a predicate's scope into participants, resolving references."""

    def __init__(self, ctx: ArticleContext, finder: ActorFinder, cues: Cues):
        self.ctx = ctx
        self.finder = finder
        self.cues = cues
        self.gaz = get_gazetteer()
        self.places = get_places()
        self.history: list[ActorRef] = []  # RU/IR persons mentioned so far, in order
        self.last_contact: Contact | None = None
        self.events: list[Event] = []  # events described so far, in text order
        self.office_titles: list[list[str]] = []  # "les deux présidents" in the last clause read
        self.metonym_sides: set[str] = set()  # sides a country or group stands for as an argument

    def on(self) -> str | None:
        return self.ctx.meta.published.value if self.ctx.meta.published.known else None

    def participants(self, sent: SpacySpan, refs: list[ActorRef], scope: set[int],
                     pred: Token, verb: Token, kind: str) -> tuple[list[Participant], str | None, set[int]]:
        """Participants, location and the tokens the participants occupy."""
        people: list[Participant] = []
        tokens: set[int] = set()
        location = None
        countries: list[Participant] = []
        self.office_titles = []
        self.metonym_sides = set()
        # "Avec son homologue iranien, Poutine a ...": a counterpart is resolved once the
        # person it is the counterpart of is known, wherever it stands.
        for ref in sorted(refs, key=lambda r: r.kind == "counterpart"):
            if not _in_scope(ref, sent, scope):
                continue
            if ref.kind == "office_pair":
                if self._sides_before(ref.start) <= set(SIDES):
                    self.office_titles.append(self.finder.office_pairs[ref.title_fr or ""])
                else:  # "les deux présidents" of Turkey and Iran: not ours to name
                    self.office_titles.append([])
                continue
            tok = _ref_token(ref, sent)
            if ref.kind == "country" or (ref.kind == "institution" and ref.key == "kremlin"):
                place = self.places.lookup(self.ctx.text[ref.start:ref.end])
                locative = _preceding_word(self.ctx.text, ref.start) in self.cues.locatives
                if locative and place is not None:
                    location = location or place.name
                    continue
                # A group ("des responsables iraniens") is a party wherever it stands in the clause;
                # a country or capital only as an argument ("Téhéran a reçu ...").
                if ref.kind == "country" and tok is not None and ref.country in SIDES \
                        and (_is_argument(tok) or ref.key is None):
                    # A group with no gazetteer key ("une délégation russe") is people of that side;
                    # a country or capital as an argument ("Téhéran a reçu X") is its government.
                    countries.append(Participant(ref.name or "", ref.country, None, ref.key,
                                                 "country" if ref.key else "group"))
                    self.metonym_sides.add(ref.country)
                    if place is not None and not place.is_country and tok.dep_.startswith("nsubj") \
                            and verb.lemma_ in ("recevoir", "accueillir"):
                        location = location or place.name  # "Téhéran a reçu": the host city
                continue
            if ref.kind == "person" and tok is not None and _inside_thing(tok, pred, self.cues):
                continue  # "porteur d'un message de Khamenei à Poutine": named, not a party
            if ref.kind == "person" and ref.name:
                people.append(Participant(ref.name, ref.country, ref.role, ref.key, "person"))
                if tok is not None:
                    tokens.add(tok.i)
            elif ref.kind == "person" and ref.country in SIDES:
                titled = self._titled_person(ref)
                if titled is not None:
                    people.append(titled)
                    if tok is not None:
                        tokens.add(tok.i)
                else:
                    countries.append(Participant(_country_name(ref.country), ref.country, None, None, "country"))
            elif ref.kind == "pair":
                people.extend(self._pair())
                if tok is not None:
                    tokens.add(tok.i)
            elif ref.kind == "counterpart":
                resolved = self._counterpart(ref, people)
                if resolved:
                    people.append(resolved)
                    if tok is not None:
                        tokens.add(tok.i)
                elif ref.country in SIDES:
                    countries.append(Participant(_country_name(ref.country), ref.country, None, None, "country"))
        people += self._pronoun_subject(pred, verb, people, sent, refs)
        if location is None:
            taken = [(r.start, r.end) for r in refs if r.kind in ("person", "counterpart", "institution", "outlet")]
            taken += self.finder.title_spans(self.ctx.text, sent.start_char, sent.end_char)
            location = self._place_in_scope(sent, scope, taken)
        return _dedupe(people + countries), location, tokens

    def _place_in_scope(self, sent: SpacySpan, scope: set[int], taken: list[tuple[int, int]]) -> str | None:
        """The first place named with a locative preposition in the clause, outside names and
        titles ("l'ambassadeur d'Iran en Russie" names an office, not where they met)."""
        for pm in self.places.find(self.ctx.text, sent.start_char, sent.end_char):
            if any(a < pm.end and pm.start < b for a, b in taken):
                continue
            span = self.ctx.doc.char_span(pm.start, pm.end, alignment_mode="expand")
            if span is None or not any(t.i in scope for t in span):
                continue
            if _locative_before(self.ctx.text, pm.start, fold(self.ctx.text[pm.start:pm.end]).startswith("capitale")):
                return pm.place.name
        return None

    def _sides_before(self, start: int) -> set[str]:
        """The two countries last named before ``start``: who "les deux pays" are."""
        seen: list[str] = []
        for m in reversed(self.ctx.mentions):
            entry = self.gaz.actors[m.key]
            country = entry.country if entry.kind != "outlet" else None  # an agency's country is not a party
            if m.start < start and country and country not in seen:
                seen.append(country)
            if len(seen) == 2:
                break
        return set(seen)

    def office_holders(self, offices: list[list[str]], date: DateValue) -> list[Participant] | None:
        """Both sides' holders of each office pair on the contact's date; None when an office has
        no single holder then. An undated contact ("les deux présidents ont signé ...") names
        the holders mentioned last in the article, else those of the publication date."""
        on = date.value if date.known else self.on()
        out = []
        for titles in offices:
            if not titles:
                return None
            for title in titles:
                entry = None if date.known else self._named_holder(title)
                if entry is None and on is not None:
                    holders = self.gaz.holders(title, on=on)
                    entry = holders[0] if len(holders) == 1 else None
                if entry is None:
                    return None
                out.append(Participant(entry.name, entry.country, self.finder.role_on(entry, on, title), entry.key))
        return out

    def _named_holder(self, title: str):  # noqa: ANN202 - ActorEntry | None
        """The person last named in the article who ever held the office ``title``."""
        keys = {e.key for e in self.gaz.holders(title)}
        prior = next((r for r in reversed(self.history) if r.key in keys), None)
        return self.gaz.actors[prior.key] if prior is not None else None

    def _pair(self) -> list[Participant]:
        if self.last_contact is not None:
            return [p for p in self.last_contact.participants if p.kind == "person"]
        seen: dict[str, ActorRef] = {}
        for ref in reversed(self.history):
            if ref.country not in seen:
                seen[ref.country] = ref
            if len(seen) == 2:
                break
        return [Participant(r.name or "", r.country, r.role, r.key) for r in seen.values()]

    def _counterpart(self, ref: ActorRef, people: list[Participant]) -> Participant | None:
        """"son homologue": the other side's holder of the same office on the article's date."""
        anchor = next((p for p in people if p.actor_key and p.country in SIDES and p.country != ref.country), None)
        if anchor is None:
            return None
        other = ref.country or ("IR" if anchor.country == "RU" else "RU")
        on = self.on()
        entry = self.gaz.actors[anchor.actor_key]
        titles = {r.title for r in (entry.roles_on(on) if on else entry.roles)}
        for group in self.cues.counterparts:
            if not titles & set(group):
                continue
            if on is None:
                named = self._named_counterpart(ref.start, other, set(group))
                if named is not None:
                    return named
                continue
            for cand in self.gaz.actors.values():
                if cand.country != other:
                    continue
                hit = next((r for r in cand.roles_on(on) if r.title in group), None)
                if hit is not None:
                    return Participant(cand.name, cand.country, hit.title, cand.key)
        return None

    def _titled_person(self, ref: ActorRef) -> Participant | None:
        """An office title with no single holder on a known date ("le chef de la diplomatie
        iranienne" in an undated article): the holder of that office the article names, last
        before the title or else first after it."""
        if not ref.title_fr:
            return None
        want = fold(ref.title_fr)
        before = [m for m in self.ctx.mentions if m.start < ref.start]
        after = [m for m in self.ctx.mentions if m.start >= ref.end]
        for m in list(reversed(before)) + after:
            cand = self.gaz.actors[m.key]
            if cand.kind != "person" or cand.country != ref.country:
                continue
            hit = next((r for r in cand.roles if any(fold(t) == want for t in r.fr)), None)
            if hit is not None:
                return Participant(cand.name, cand.country, hit.title, cand.key)
        return None

    def _named_counterpart(self, at: int, country: str, titles: set[str]) -> Participant | None:
        """Undated: the person the article names (last before ``at``, else first after) who
        ever held one of ``titles`` for ``country``; never a guess among office holders."""
        before = [m for m in self.ctx.mentions if m.start < at]
        after = [m for m in self.ctx.mentions if m.start >= at]
        for m in list(reversed(before)) + after:
            cand = self.gaz.actors[m.key]
            if cand.country != country or cand.kind != "person":
                continue
            hit = next((r for r in cand.roles if r.title in titles), None)
            if hit is not None:
                return Participant(cand.name, cand.country, hit.title, cand.key)
        return None

    def _pronoun_subject(self, pred: Token, verb: Token, people: list[Participant], sent: SpacySpan,
                         refs: list[ActorRef]) -> list[Participant]:
        """"Il a rencontré ...": the subject pronoun is the subject named earlier in the same
        sentence ("X s'est rendu à Moscou, où il a été reçu par Y"), else the last person named before."""
        for t in {pred, verb}:
            for c in t.children:
                if c.dep_.startswith("nsubj") and c.pos_ == "PRON" and c.lower_ in ("ils", "elles"):
                    return [p for p in self._pair() if all(p.actor_key != q.actor_key for q in people)]
                if c.dep_.startswith("nsubj") and c.pos_ == "PRON" and c.lemma_.lower() in ("il", "elle"):
                    prior = _sentence_subject_before(sent, refs, c) or next(
                        (r for r in reversed(self.history) if r.start < c.idx and r.name), None)
                    if prior is not None and all(p.actor_key != prior.key or not p.actor_key for p in people):
                        return [Participant(prior.name or "", prior.country, prior.role, prior.key)]
        return []


def _sentence_subject_before(sent: SpacySpan, refs: list[ActorRef], pronoun: Token) -> ActorRef | None:
    """The named person who is the subject of an earlier clause of the same sentence."""
    for ref in refs:
        if not (ref.is_person and ref.name and ref.country in SIDES and ref.end <= pronoun.idx):
            continue
        tok = _ref_token(ref, sent)
        while tok is not None and tok.dep_ in ("appos", "flat:name", "conj") and tok.head.i != tok.i:
            tok = tok.head
        if tok is not None and tok.dep_.startswith("nsubj") and tok.head.i != pronoun.head.i:
            return ref
    return None


def _inside_thing(tok: Token, pred: Token, cues: Cues) -> bool:
    """Whether a name sits inside a phrase about a thing received ("un message de X"). The
    one it is carried to ("un message de X au président Y") is a party."""
    if any(c.dep_ == "case" and c.lower_ in cues.recipient_markers for c in tok.children):
        return False
    for a in tok.ancestors:
        if a.i == pred.i or a.pos_ in ("VERB", "AUX"):
            return False
        if a.pos_ == "NOUN" and fold(a.lemma_.lower()) in cues.things:
            return True
    return False


def _is_argument(tok: Token) -> bool:
    dep = tok.dep_
    if dep == "conj":
        return _is_argument(tok.head)
    if dep in ("nsubj", "nsubj:pass", "obj", "obl:agent", "iobj"):
        return True
    return dep in ("obl:arg", "obl:mod", "nmod") and any(c.lemma_ == "avec" for c in tok.children)


def _country_name(code: str | None) -> str:
    return {"RU": "Russia", "IR": "Iran"}.get(code or "", code or "")


def _dedupe(parts: list[Participant]) -> list[Participant]:
    out: list[Participant] = []
    for p in parts:
        same = next((q for q in out if (p.actor_key and q.actor_key == p.actor_key) or fold(q.name) == fold(p.name)), None)
        if same is None:
            out.append(p)
        elif same.role is None and p.role:
            same.role = p.role
    return out


def _drop_third_parties(parts: list[Participant]) -> list[Participant]:
    """A Russia–Iran contact's participants are of the two sides: a third country's leader at
    the same summit ("X a réuni Erdogan et Rohani") is present but not a party to it."""
    return [p for p in parts if p.country is None or p.country in SIDES]


def _drop_covered_countries(parts: list[Participant]) -> list[Participant]:
    """A country stands for its side only when no person of that side is named."""
    person_sides = {p.country for p in parts if p.kind == "person"}
    return [p for p in parts if not (p.kind == "country" and p.country in person_sides)]


def has_both_sides(parts: list[Participant]) -> bool:
    countries = {p.country for p in parts}
    return all(side in countries for side in SIDES) and any(p.kind == "person" for p in parts)


# ---------------------------------------------------------------------------------------------
# The step
# ---------------------------------------------------------------------------------------------

def extract_contacts(ctx: ArticleContext, finder: ActorFinder | None = None) -> list[Contact]:
    """Every contact the article says took place, one per real-world contact."""
    return trace_contacts(ctx, finder).contacts


def trace_contacts(ctx: ArticleContext, finder: ActorFinder | None = None) -> ContactTrace:
    """Every contact candidate of the article with each check's verdict, and the contacts kept."""
    finder = finder or get_actor_finder()
    cues = get_cues()
    resolver = ParticipantResolver(ctx, finder, cues)
    on = resolver.on()
    trace = ContactTrace()
    detections: list[Detection] = []
    trips: list[Detection] = []  # visits to a country with no host named: they only lend date and place
    sentence_refs: list[list[ActorRef]] = []
    for index, sent in enumerate(ctx.sentences):
        refs = finder.find(ctx.text, sent, ctx.mentions, on)
        sentence_refs.append(refs)
        for pred, verb, kind in find_predicates(sent, cues):
            candidate = _judge(ctx, sent, index, refs, pred, verb, kind, cues, resolver)
            if candidate is not None:
                trace.candidates.append(candidate)
                if candidate.kept and candidate.contact is not None:
                    detections.append(Detection(candidate.contact, index))
                    resolver.last_contact = candidate.contact
                elif _hostless_trip(candidate):
                    trips.append(Detection(candidate.contact, index))
            event = _event(ctx, sent, refs, pred, verb, kind, cues, resolver)
            if event is not None:
                resolver.events.append(event)
        for noun, verb, kind in _gathering_subjects(sent, cues):
            event = _event(ctx, sent, refs, noun, verb, kind, cues, resolver)
            if event is not None:
                resolver.events.append(event)
        resolver.history.extend(r for r in refs if r.is_person and r.name and r.country in SIDES)
    contacts = _lend_trips(_consolidate(detections), trips)
    _assign_topics(ctx, finder, contacts, detections, sentence_refs, cues)
    trace.contacts = [c for c, _ in contacts]
    return trace


def _judge(ctx: ArticleContext, sent: SpacySpan, index: int, refs: list[ActorRef], pred: Token,
           verb: Token, kind: str, cues: Cues, resolver: ParticipantResolver) -> Candidate | None:
    """The candidate a contact cue makes, judged by every check in turn (None inside page noise)."""
    if ctx.in_noise(sent.start_char, sent.end_char):
        return None
    quote_start, quote_end = _trimmed(ctx.text, sent.start_char, sent.end_char)
    lemma = pred.lemma_.lower()
    cand = Candidate(ctx.key, index, pred.text, f"{'noun' if pred.pos_ == 'NOUN' else 'verb'}:{lemma}",
                     kind, quote_start, quote_end)
    scope = clause_scope(pred, verb, cues) | _partner_window(pred, cues) | _stranded_subject(verb)
    parts, location, tokens = resolver.participants(sent, refs, scope, pred, verb, kind)
    offices = list(resolver.office_titles)
    is_visit = lemma in cues.arrival_verbs or kind == "visit"
    if is_visit and location:
        place = get_places().lookup(location)
        if place is not None and place.country in SIDES and not any(p.country == place.country for p in parts):
            parts.append(Participant(_country_name(place.country), place.country, None, None, "country"))
    source = Source(ctx.key, quote_start, quote_end, ctx.text[quote_start:quote_end])
    cand.contact = Contact(kind=kind, date=DateValue.unknown(), participants=parts, sources=[source], location=location)
    if not cand.judge(check_sides_named(parts, offices)):
        return cand
    if not cand.judge(check_not_thing_received(pred, cues)):
        return cand
    if not cand.judge(check_partner_present(pred, lemma, tokens, cues)):
        return cand
    choice = choose_date_mentions(ctx, sent, pred, verb, tokens, cues)
    if not cand.judge(Verdict.fail("not_planned_or_conditional", "a date ahead ('prochain', 'la semaine prochaine')")
                      if choice.future else Verdict.ok("not_planned_or_conditional")):
        return cand
    if not cand.judge(assertion_verdict(pred, verb, cues, bool(choice.own))):
        return cand
    scope_text = " ".join(ctx.doc[i].text for i in sorted(scope))
    if cues.call_markers.search(fold(scope_text)):
        kind = "call"
        location = None
    date = resolve_contact_date(ctx, choice)
    if not date.known and choice.own:
        date = year_from_weekday_and_terms(choice.own, parts) or date
    if not choice.own:
        date = _date_relative_to_event(ctx, scope, pred, date, resolver.events)
    anaphor = _anaphor(ctx, sent, scope, cues)
    repeats = anaphor is not None and anaphor.token == pred.i and (anaphor.demonstrative or not choice.own) \
        and _referent(anaphor, resolver.events) is not None
    if not cand.judge(Verdict.fail("not_event_reference", f"'{anaphor.phrase}' names the earlier event again")
                      if repeats and anaphor is not None else Verdict.ok("not_event_reference")):
        return cand
    if anaphor is not None and not choice.own and kind != "call":
        date, location = _date_from_referent(ctx, anaphor, date, location, resolver.events)
    if not date.known and not choice.own and not offices and ctx.meta.published.known \
            and reported_as_recent(verb) and not cues.back_reference.search(fold(_own_clause_text(pred, verb))):
        date = publication_month(ctx.meta.published, RECENT_REASON)
    cand.contact = replace(cand.contact, kind=kind, date=date, location=location)
    if offices:
        holders = resolver.office_holders(offices, date)
        if not cand.judge(Verdict.fail("office_holders_known", "no single holder of the offices named on this date")
                          if holders is None else Verdict.ok("office_holders_known")):
            return cand
        parts = _dedupe(parts + (holders or []))
    parts = _drop_third_parties(_drop_covered_countries(parts))
    cand.contact = replace(cand.contact, participants=parts)
    if not cand.judge(check_person_on_each_side(parts, resolver.metonym_sides)):
        return cand
    if lemma in cues.person_object_only and not cand.judge(
            Verdict.ok("person_partner") if _has_person_partner(parts)
            else Verdict.fail("person_partner", f"'{pred.text}' needs a person as its object")):
        return cand
    cand.judge(Verdict.fail("not_planned_or_conditional", f"dated {date.value}, after the publication date")
               if _after_publication(date, ctx.meta.published) else Verdict.ok("not_after_publication"))
    return cand


def check_sides_named(parts: list[Participant], offices: list[list[str]]) -> Verdict:
    """Both countries appear among the clause's parties (or an office pair names both)."""
    if offices or has_both_sides(parts):
        return Verdict.ok("both_sides", "Russian and Iranian parties in the clause")
    missing = [side for side in SIDES if side not in {p.country for p in parts}]
    return Verdict.fail("both_sides", f"no {'/'.join(missing) or 'named'} party in the clause")


def check_not_thing_received(pred: Token, cues: Cues) -> Verdict:
    """"a reçu le message de X": a thing received, not a visitor."""
    thing = next((c for c in pred.children if c.dep_ == "obj" and fold(c.lemma_.lower()) in cues.things), None)
    if thing is not None:
        return Verdict.fail("not_thing_received", f"'{pred.text} … {thing.text}': a thing received")
    return Verdict.ok("not_thing_received")


def check_partner_present(pred: Token, lemma: str, person_tokens: set[int], cues: Cues) -> Verdict:
    """Verbs that are contacts only with a partner: "évoquer avec X", "discuter avec X"."""
    if lemma in cues.needs_person_partner and not _person_partner_with_avec(pred, person_tokens):
        return Verdict.fail("partner_present", f"'{pred.text}' without 'avec' + a person: a topic, not a partner")
    if lemma in cues.needs_partner and not (any(t.lower_ in cues.partner_markers and _within_phrase(t, pred)
                                                for t in pred.subtree) or _has_reflexive(pred)
                                            or _coordinated_subject(pred, person_tokens)):
        return Verdict.fail("partner_present", f"'{pred.text}' without a partner: what a contact was about")
    return Verdict.ok("partner_present")


def _coordinated_subject(pred: Token, person_tokens: set[int]) -> bool:
    """"X et son homologue Y ont discuté de ...": the partner is in a coordinated subject.

    Read off the words as well as the parse: two parties before the verb joined by "et",
    with no other verb between them and it."""
    for subj in (c for c in pred.children if c.dep_.startswith("nsubj")):
        members = {t.i for t in subj.subtree}
        if any(c.dep_ == "conj" for c in subj.children) and len(members & person_tokens) >= 2:
            return True
    before = sorted(i for i in person_tokens if pred.sent.start <= i < pred.i)
    if len(before) < 2:
        return False
    doc = pred.doc
    between = doc[before[0]:pred.i]
    joined = any(t.lower_ == "et" for t in doc[before[0]:before[-1]])
    return joined and not any(t.pos_ == "VERB" and not t.dep_.startswith("aux") for t in between)


def check_person_on_each_side(parts: list[Participant], metonym_sides: set[str]) -> Verdict:
    """Each side is a person, a delegation, or a country acting as an argument ("Téhéran a
    reçu X"); a country that is only where a visit went, or an unresolved "son homologue", is a
    placeholder: the candidate is then a near miss for review. At least one party is a person."""
    missing = [side for side in SIDES if side not in metonym_sides
               and not any(p.country == side and p.kind in PARTY_KINDS for p in parts)]
    if not missing and any(p.kind == "person" for p in parts):
        return Verdict.ok("person_on_each_side")
    return Verdict.fail("person_on_each_side", f"{'/'.join(missing) or 'a side'} named only as a country, "
                        "with no person or delegation: " + ", ".join(f"{p.name} ({p.kind})" for p in parts))


# ---------------------------------------------------------------------------------------------
# Events and references to them ("en marge de cette visite")
# ---------------------------------------------------------------------------------------------

@dataclass
class Anaphor:
    """"en marge de la réunion": a contact placed at an event named by a definite noun."""

    token: int  # doc index of the noun
    phrase: str  # the words as written
    accepts: set[str]  # event classes the noun may designate
    margin: bool  # "en marge de": a side meeting, held where the event was
    demonstrative: bool  # "cette visite" (surely an earlier one), not "la visite de X à Moscou"


def _anaphor(ctx: ArticleContext, sent: SpacySpan, scope: set[int], cues: Cues) -> Anaphor | None:
    """The event reference in the predicate's own clause, if any."""
    for m in cues.anaphora.finditer(fold(sent.text)):
        start, end = sent.start_char + m.start(1), sent.start_char + m.end(1)
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not any(t.i in scope for t in span):
            continue
        phrase = ctx.text[sent.start_char + m.start():end]
        demonstrative = bool(re.search(r"(?<![\w-])(?:cette|cet|ce|ces)\s*$", m.group(0)[:m.start(1) - m.start()]))
        return Anaphor(span.root.i, phrase, cues.anaphora_nouns[m.group(1)], m.group(0).startswith("en marge"),
                       demonstrative)
    return None


def _referent(anaphor: Anaphor, events: list[Event]) -> Event | None:
    """The latest event before the reference of a kind its noun may designate."""
    earlier = [e for e in events if e.token < anaphor.token and e.classes & anaphor.accepts]
    return earlier[-1] if earlier else None


def _date_from_referent(ctx: ArticleContext, anaphor: Anaphor, date: DateValue, location: str | None,
                        events: list[Event]) -> tuple[DateValue, str | None]:
    """The date (and, lacking one, the place) of the latest earlier event of the kind the
    anaphoric noun names; a side meeting with no place at all is where the dateline is."""
    referent = _referent(anaphor, events)
    if referent is not None and referent.date.known:
        date = replace(referent.date, reason=f"'{anaphor.phrase}': the event described earlier in the article; "
                                             f"{referent.date.reason}")
        location = location or referent.location
    if location is None and anaphor.margin and (referent is None or referent.location is None):
        location = _dateline_place(ctx)
    return date, location


def _event(ctx: ArticleContext, sent: SpacySpan, refs: list[ActorRef], pred: Token, verb: Token, kind: str,
           cues: Cues, resolver: ParticipantResolver) -> Event | None:
    """The event a predicate reports, whoever its parties; None when it did not take place or
    is itself placed by reference to another event."""
    if ctx.in_noise(sent.start_char, sent.end_char):
        return None
    scope = clause_scope(pred, verb, cues)
    if _anaphor(ctx, sent, scope, cues) is not None:
        return None
    _, location, tokens = resolver.participants(sent, refs, scope, pred, verb, kind)
    choice = choose_date_mentions(ctx, sent, pred, verb, tokens, cues)
    if choice.future or not is_asserted(pred, verb, cues, bool(choice.own)):
        return None
    date = resolve_contact_date(ctx, choice) if choice.own else DateValue.unknown("no date for this event")
    return Event(pred.i, _event_classes(pred, kind, cues), date, location)


def _gathering_subjects(sent: SpacySpan, cues: Cues) -> list[tuple[Token, Token, str]]:
    """(noun, verb, class) for a gathering that is its verb's subject ("le sommet s'est ouvert")."""
    out = []
    for tok in sent:
        found = cues.event_nouns.get(fold(tok.lemma_.lower())) or cues.event_nouns.get(fold(tok.lower_))
        if found and tok.pos_ == "NOUN" and tok.dep_.startswith("nsubj") and tok.head.lemma_ in cues.event_verbs:
            out.append((tok, tok.head, found))
    return out


def _event_classes(pred: Token, kind: str, cues: Cues) -> set[str]:
    """What kind of gathering: the predicate's kind, a host receiving a visitor, and the
    nouns of its clause ("se sont réunis ... pour un sommet")."""
    classes = {kind}
    if pred.lemma_.lower() in cues.hosting:
        classes.add("visit")
    for t in pred.subtree:
        found = cues.event_nouns.get(fold(t.lemma_.lower())) or cues.event_nouns.get(fold(t.lower_))
        if found:
            classes.add(found)
    return classes




def _date_relative_to_event(ctx: ArticleContext, scope: set[int], pred: Token, date: DateValue,
                            events: list[Event]) -> DateValue:
    """"Le même jour", "la veille", "le lendemain" in the contact's clause: relative to the
    latest dated event the article described before it."""
    clause = fold(" ".join(ctx.doc[i].text for i in sorted(scope)))
    m = get_cues().relative_day.search(clause)
    if m is None:
        return date
    earlier = [e for e in events if e.token < pred.i and e.date.known]
    if not earlier:
        return date
    ref = earlier[-1].date
    offset = 0 if m.group(1) else (-1 if m.group(2) else 1)
    if offset == 0:
        return DateValue(ref.value, ref.precision, f"'{m.group(0)}': the day of the event described before; {ref.reason}")
    if ref.precision != "day":
        return date
    day = calendar_date.fromisoformat(ref.value or "") + timedelta(days=offset)
    return DateValue(day.isoformat(), "day", f"'{m.group(0)}': relative to the event described before; {ref.reason}")


def _dateline_place(ctx: ArticleContext) -> str | None:
    """The city of the article's dateline ("ASTANA, 21 juin (AFP) -"), if it opens a sentence."""
    for sent in ctx.sentences[:4]:
        tokens = _dateline_tokens(sent)
        if tokens:
            end = max(ctx.doc[i].idx + len(ctx.doc[i]) for i in tokens)
            cities = [pm for pm in get_places().find(ctx.text, sent.start_char, end) if not pm.place.is_country]
            return cities[0].place.name if cities else None
    return None


def _after_publication(date: DateValue, published: DateValue) -> bool:
    """Whether a contact's date lies wholly after the article's publication period."""
    if not date.known or not published.known:
        return False
    n = min(len(date.value or ""), len(published.value or ""))
    return (date.value or "")[:n] > (published.value or "")[:n]


def _person_partner_with_avec(pred: Token, person_tokens: set[int]) -> bool:
    """"a évoqué avec X ...": a named person introduced by "avec" in the predicate's clause."""
    for t in pred.subtree:
        if t.i in person_tokens and any(c.lower_ in get_cues().partner_markers for c in t.children):
            return True
    return False


def _has_person_partner(parts: list[Participant]) -> bool:
    return sum(1 for p in parts if p.kind == "person") >= 2 or len({p.country for p in parts}) >= 2


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _consolidate(detections: list[Detection]) -> list[tuple[Contact, set[int]]]:
    """One contact per real-world contact in the article, with the sentences that describe it.

    A trip reported without a named host ("X est arrivé à Téhéran") is folded into the meetings
    the traveller had there; meetings during a trip that state no date or place of their own
    take the trip's ("arrivé mardi à Téhéran, a rencontré ...", "a ensuite rencontré ...").
    """
    merged = merge_article_contacts([d.contact for d in detections])
    result = [(contact, {detections[i].sentence for i in members}) for contact, members in merged]
    result = _fold_trips(result)
    places = get_places()
    trips = [(c, _travellers(c)) for c, _ in result if c.kind != "call" and c.date.known and c.location]
    for contact, _ in result:
        if contact.kind == "call" or (contact.date.known and contact.location):
            continue
        keys = {p.actor_key for p in contact.participants if p.actor_key}
        for trip, travellers in trips:
            if trip is contact or not keys & travellers:
                continue
            if contact.location and not (places.within(contact.location, trip.location)
                                         or places.within(trip.location, contact.location)):
                continue
            if _trip_date_applies(contact.date, trip.date):
                contact.date = replace(trip.date, reason=f"during the same trip: {trip.date.reason}")
            if contact.location is None:
                contact.location = trip.location
            break
    return result


def _hostless_trip(cand: Candidate) -> bool:
    """A visit dropped only because its destination country stands for the host."""
    dropped = cand.dropped_by
    return dropped is not None and dropped.check == "person_on_each_side" and cand.contact is not None \
        and cand.contact.kind == "visit" and cand.contact.location is not None and bool(_travellers(cand.contact))


def _lend_trips(result: list[tuple[Contact, set[int]]], trips: list[Detection]) -> list[tuple[Contact, set[int]]]:
    """A hostless trip ("X est arrivé mardi à Téhéran") gives its date, place and sentence to a
    meeting the traveller had there; it is never a contact of its own."""
    for trip in trips:
        travellers = _travellers(trip.contact)
        for i, (c, sents) in enumerate(result):
            if c.kind == "call" or not travellers & {p.actor_key for p in c.participants} \
                    or not (c.location is None or locations_compatible(c.location, trip.contact.location)) \
                    or not _same_trip_dates(c.date, trip.contact.date):
                continue
            if _trip_date_applies(c.date, trip.contact.date):
                c.date = replace(trip.contact.date, reason=f"during the same trip: {trip.contact.date.reason}")
            c.location = c.location or trip.contact.location
            c.sources = c.sources + [src for src in trip.contact.sources if src not in c.sources]
            result[i] = (c, sents | {trip.sentence})
            break
    return result


def _same_trip_dates(a: DateValue, b: DateValue) -> bool:
    """Dates that may belong to one trip: compatible, or days at most a week apart."""
    if dates_compatible(a, b):
        return True
    if a.precision != "day" or b.precision != "day":
        return False
    gap = calendar_date.fromisoformat(a.value or "") - calendar_date.fromisoformat(b.value or "")
    return abs(gap.days) <= 7


def _travellers(contact: Contact) -> set[str]:
    """Persons of the contact who are abroad: their country is not the place's country."""
    host = get_places().country_of(contact.location)
    if host is None:
        return set()
    return {p.actor_key for p in contact.participants if p.kind == "person" and p.actor_key and p.country != host}


def _fold_trips(result: list[tuple[Contact, set[int]]]) -> list[tuple[Contact, set[int]]]:
    """Drop a trip with no named host when the article names whom the traveller met there."""
    out = list(result)
    for trip, sentences in result:
        if any(p.kind == "person" and p.country == get_places().country_of(trip.location) for p in trip.participants):
            continue
        travellers = _travellers(trip)
        if not travellers:
            continue
        host_meeting = next((c for c, _ in out if c is not trip and c.kind != "call"
                             and travellers & {p.actor_key for p in c.participants}
                             and (c.location is None or locations_compatible(c.location, trip.location))), None)
        if host_meeting is None:
            continue
        for i, (c, sents) in enumerate(out):
            if c is host_meeting:
                if _trip_date_applies(c.date, trip.date):
                    c.date = replace(trip.date, reason=f"during the same trip: {trip.date.reason}")
                c.location = c.location or trip.location
                c.sources = c.sources + [s for s in trip.sources if s not in c.sources]
                out[i] = (c, sents | sentences)
        out = [(c, sents) for c, sents in out if c is not trip]
    return out


# ---------------------------------------------------------------------------------------------
# Topics: the contact's sentences and the passage describing the talks
# ---------------------------------------------------------------------------------------------

def _assign_topics(ctx: ArticleContext, finder: ActorFinder, contacts: list[tuple[Contact, set[int]]],
                   detections: list[Detection], sentence_refs: list[list[ActorRef]], cues: Cues) -> None:
    taxonomy = get_taxonomy()
    n = len(ctx.sentences)
    for contact, sentences in contacts:
        keys = {p.actor_key for p in contact.participants if p.actor_key and p.kind == "person"}
        passage = set(sentences)
        # Another contact's own sentences describe that contact, not this one.
        others = set().union(*(s for c, s in contacts if c is not contact)) - passage
        for i in range(n):
            sent = ctx.sentences[i]
            if i in others:
                continue
            folded_sentence = fold(sent.text)
            continues = (i - 1) in passage or _after_heading(ctx, i, passage)
            if continues and cues.passage_cues.search(folded_sentence):
                passage.add(i)
            elif cues.talk_cues.search(folded_sentence) and (
                    {r.key for r in sentence_refs[i] if r.key} & keys
                    or (any(r.kind in ("pair", "office_pair") for r in sentence_refs[i]) and _latest_before(contacts, i) is contact)):
                passage.add(i)
        slugs: list[str] = []
        for i in sorted(passage):
            sent = ctx.sentences[i]
            # Names and titles are masked ("Conseil de sécurité" is an office, not a topic);
            # countries are not ("la situation en Ukraine" is one).
            gaz = get_gazetteer()
            masks = [(m.start, m.end) for m in ctx.mentions_in(sent.start_char, sent.end_char)
                     if gaz.actors[m.key].kind != "country"]
            masks += finder.title_spans(ctx.text, sent.start_char, sent.end_char)
            masks += [(r.start, r.end) for r in sentence_refs[i] if r.kind != "country"]
            masks += [(nz.start, nz.end) for nz in ctx.noise]
            for slug in taxonomy.topics_in(ctx.text, sent.start_char, sent.end_char, masks):
                if slug not in slugs:
                    slugs.append(slug)
        contact.topics = [s for s in taxonomy.slugs if s in slugs]


def _latest_before(contacts: list[tuple[Contact, set[int]]], i: int) -> Contact | None:
    """The contact described last before sentence ``i`` ("les deux présidents" refers to it)."""
    best, best_index = None, -1
    for contact, sentences in contacts:
        last = max((j for j in sentences if j <= i), default=-1)
        if last > best_index:
            best, best_index = contact, last
    return best


def _after_heading(ctx: ArticleContext, i: int, passage: set[int]) -> bool:
    """A short verbless line (a subheading) does not break a passage about the talks."""
    j = i - 1
    while j >= 0 and not any(t.pos_ in ("VERB", "AUX") for t in ctx.sentences[j]) and len(ctx.sentences[j]) <= 12:
        j -= 1
    return j != i - 1 and j in passage
