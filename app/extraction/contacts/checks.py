"""Named checks on a contact candidate, each returning a verdict with its reason."""

from __future__ import annotations

from spacy.tokens import Token

from app.extraction.candidates import Verdict
from app.extraction.contacts.cues import Cues, get_cues
from app.extraction.contacts.model import PARTY_KINDS, SIDES
from app.extraction.contacts.participants import has_both_sides
from app.extraction.contacts.predicates import _has_reflexive, _within_phrase
from app.extraction.records import Participant
from app.extraction.textfold import fold


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


def _person_partner_with_avec(pred: Token, person_tokens: set[int]) -> bool:
    """"a évoqué avec X ...": a named person introduced by "avec" in the predicate's clause."""
    for t in pred.subtree:
        if t.i in person_tokens and any(c.lower_ in get_cues().partner_markers for c in t.children):
            return True
    return False


def _has_person_partner(parts: list[Participant]) -> bool:
    return sum(1 for p in parts if p.kind == "person") >= 2 or len({p.country for p in parts}) >= 2
