"""The contact step: candidates from every sentence, judged by the checks, then merged."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from app.extraction.actors import ActorFinder, ActorRef, get_actor_finder
from app.extraction.candidates import Candidate, ContactTrace, Verdict
from app.extraction.contacts.checks import (
    _has_person_partner,
    check_not_thing_received,
    check_partner_present,
    check_person_on_each_side,
    check_sides_named,
)
from app.extraction.contacts.consolidate import _consolidate, _hostless_trip, _lend_trips
from app.extraction.contacts.counterparts import split_by_counterpart
from app.extraction.contacts.cues import Cues, get_cues
from app.extraction.contacts.dating import (
    RECENT_REASON,
    _after_publication,
    choose_date_mentions,
    publication_month,
    reported_as_recent,
    resolve_contact_date,
    year_from_weekday_and_terms,
)
from app.extraction.contacts.events import (
    _anaphor,
    _date_from_referent,
    _date_relative_to_event,
    _event,
    _gathering_subjects,
    _referent,
)
from app.extraction.contacts.model import SIDES, Detection
from app.extraction.contacts.participants import (
    ParticipantResolver,
    _country_name,
    _dedupe,
    _drop_covered_countries,
    _drop_third_parties,
)
from app.extraction.contacts.passages import _assign_topics
from app.extraction.contacts.predicates import _own_clause_text, assertion_verdict, find_predicates
from app.extraction.contacts.scope import (
    _partner_window,
    _purpose_recipient,
    _stranded_subject,
    clause_scope,
)
from app.extraction.context import ArticleContext
from app.extraction.locations import get_places
from app.extraction.records import Contact, DateValue, Participant, Source
from app.extraction.textfold import fold


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
        for pred, verb, kind, pattern in find_predicates(sent, cues):
            candidate = _judge(ctx, sent, index, refs, pred, verb, kind, pattern, cues, resolver)
            if candidate is not None:
                trace.candidates.append(candidate)
                if candidate.kept and candidate.contact is not None:
                    continues = bool(cues.continuation.search(fold(_own_clause_text(pred, verb))))
                    detections.extend(Detection(c, index, continues) for c in candidate.split or [candidate.contact])
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
        resolver.note_subject(sent, refs)
    contacts = _lend_trips(_consolidate(detections), trips)
    _assign_topics(ctx, finder, contacts, detections, sentence_refs, cues)
    trace.contacts = [c for c, _ in contacts]
    return trace


def _judge(ctx: ArticleContext, sent: SpacySpan, index: int, refs: list[ActorRef], pred: Token,
           verb: Token, kind: str, pattern: str, cues: Cues, resolver: ParticipantResolver) -> Candidate | None:
    """The candidate a contact cue makes, judged by every check in turn (None inside page noise)."""
    if ctx.in_noise(sent.start_char, sent.end_char):
        return None
    quote_start, quote_end = _trimmed(ctx.text, sent.start_char, sent.end_char)
    lemma = pred.lemma_.lower()
    cand = Candidate(ctx.key, index, pred.text, pattern, kind, quote_start, quote_end)
    recipient = _purpose_recipient(pred, verb, cues)
    clause = clause_scope(pred, verb, cues) | _partner_window(pred, cues) | _stranded_subject(verb) | recipient
    between = _between_scope(pred, cues)
    scope = between or clause
    parts, location, tokens = resolver.participants(sent, refs, scope, pred, verb, kind, recipient)
    positions = dict(resolver.positions)
    offices = list(resolver.office_titles)
    if between and location is None:
        location = resolver.place_in_scope(sent, refs, clause)  # "... a eu lieu mardi à Moscou"
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
    if anaphor is not None and kind != "call":
        # "en marge du sommet" places a side meeting even when the clause dates it itself
        referred, location = _date_from_referent(ctx, anaphor, date, location, resolver.events)
        date = date if choice.own else referred
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
    if not cand.judge(Verdict.fail("not_planned_or_conditional", f"dated {date.value}, after the publication date")
                      if _after_publication(date, ctx.meta.published) else Verdict.ok("not_after_publication")):
        return cand
    cand.split, decision = split_by_counterpart(cand.contact, positions, pred, cues)
    cand.judge(decision)
    return cand


def _between_scope(pred: Token, cues: Cues) -> set[int]:
    """"une rencontre entre X et Y": a contact noun that names both its parties with "entre"
    has them in its own phrase; the clause around it ("..., Z reçoit W") is another matter."""
    if pred.pos_ != "NOUN":
        return set()
    window = _partner_window(pred, cues)
    if not any(pred.doc[i].lower_ in cues.between_markers for i in window):
        return set()
    return {t.i for t in pred.subtree} | window | {pred.i}


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
