"""Which date mentions belong to a contact, and how an undated one may still be dated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as calendar_date
from functools import lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from app.extraction import dates
from app.extraction.contacts.cues import Cues
from app.extraction.contacts.predicates import _tense_tokens
from app.extraction.context import ArticleContext
from app.extraction.gazetteer import get_gazetteer
from app.extraction.merge import dates_compatible
from app.extraction.records import DateValue, Participant
from app.extraction.textfold import fold

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
    for mention in _sentence_dates(ctx.text, sent.start_char, sent.end_char):
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
        if _dates_another_event(span.root, gov, pred, cues):
            continue
        if getattr(mention, "direction", None) == "future" and gov.lemma_ not in cues.reporting \
                and _above_or_at(gov, pred, verb):
            future = True  # not a date ahead in a clause of its own ("ayant reçu X, doit voir Y en mai")
        if gov.i == pred.i or gov.i == verb.i or (
                gov.lemma_ in cues.arrival_verbs and _arrival_of_participant(gov, participant_tokens)):
            own.append(mention)
            last = mention
        elif gov.lemma_ in cues.reporting:
            reported = True
    return DateChoice(own, reported, future)


def _above_or_at(gov: Token, pred: Token, verb: Token) -> bool:
    """Whether ``gov`` is the contact's predicate or verb, or a clause they depend on."""
    return gov.i in {pred.i, verb.i} | {a.i for a in pred.ancestors} | {a.i for a in verb.ancestors}


@lru_cache(maxsize=8)  # the cues of one sentence come one after another; few texts held
def _sentence_dates(text: str, start: int, end: int) -> tuple[dates.DateMention, ...]:
    """The date mentions of a sentence, read once for all the contact cues it holds."""
    return tuple(dates.find_date_mentions(text, start, end))


_RESTATEMENT_GAP = re.compile(r"^[\s\[(,]*$")


def _dates_another_event(tok: Token, gov: Token, pred: Token, cues: Cues) -> bool:
    """"après une rencontre mardi entre X et Y, ce mercredi Z reçoit W": a date inside another
    event noun's phrase dates that event, not the contact whose clause it sits in."""
    for a in [tok, *tok.ancestors]:
        if a.i in (gov.i, pred.i):
            return False
        if a.pos_ == "NOUN" and (a.lemma_ in cues.nouns or fold(a.lemma_) in cues.event_nouns):
            return True
    return False


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


def _after_publication(date: DateValue, published: DateValue) -> bool:
    """Whether a contact's date lies wholly after the article's publication period."""
    if not date.known or not published.known:
        return False
    n = min(len(date.value or ""), len(published.value or ""))
    return (date.value or "")[:n] > (published.value or "")[:n]
