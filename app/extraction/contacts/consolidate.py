"""One contact per real-world contact in an article: merging mentions and folding trips."""

from __future__ import annotations

from dataclasses import replace
from datetime import date as calendar_date

from app.extraction.candidates import Candidate
from app.extraction.contacts.dating import _trip_date_applies
from app.extraction.contacts.model import Detection
from app.extraction.locations import get_places
from app.extraction.merge import dates_compatible, locations_compatible, merge_article_contacts
from app.extraction.records import Contact, DateValue


def _consolidate(detections: list[Detection]) -> list[tuple[Contact, set[int]]]:
    """One contact per real-world contact in the article, with the sentences that describe it.

    A trip reported without a named host ("X est arrivé à Téhéran") is folded into the meetings
    the traveller had there; meetings during a trip that state no date or place of their own
    take the trip's ("arrivé mardi à Téhéran, a rencontré ...", "a ensuite rencontré ...").
    """
    _place_where_the_trip_was(detections)
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


def _place_where_the_trip_was(detections: list[Detection]) -> None:
    """A contact that continues the account of a trip ("il a également rencontré Y") with no
    place of its own took place where its traveller was last reported to be: the last report of
    its persons that names a place, if the date allows and one of them was abroad there. It takes
    that report's date too when it has none of its own (or only the publication month)."""
    for i, d in enumerate(detections):
        if not d.continues or d.contact.location or d.contact.kind == "call":
            continue
        persons = _person_keys(d.contact)
        last = next((p for p in reversed(detections[:i])
                     if p.contact.location and p.contact.kind != "call" and _person_keys(p.contact) & persons), None)
        if last is None or not dates_compatible(d.contact.date, last.contact.date):
            continue
        if not _travellers(last.contact) & persons:
            continue
        date = d.contact.date
        if _trip_date_applies(date, last.contact.date):
            date = replace(last.contact.date, reason=f"during the same trip: {last.contact.date.reason}")
        d.contact = replace(d.contact, location=last.contact.location, date=date)


def _person_keys(contact: Contact) -> set[str]:
    return {p.actor_key for p in contact.participants if p.kind == "person" and p.actor_key}


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
