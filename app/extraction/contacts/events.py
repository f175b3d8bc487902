"""Events the article tells, and references to them ("en marge de cette visite")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date as calendar_date
from datetime import timedelta

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from app.extraction.actors import ActorRef
from app.extraction.contacts.cues import Cues, get_cues
from app.extraction.contacts.dating import choose_date_mentions, resolve_contact_date
from app.extraction.contacts.model import Event
from app.extraction.contacts.participants import ParticipantResolver
from app.extraction.contacts.predicates import is_asserted
from app.extraction.contacts.scope import _dateline_tokens, clause_scope
from app.extraction.context import ArticleContext
from app.extraction.locations import get_places
from app.extraction.records import DateValue
from app.extraction.textfold import fold


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
