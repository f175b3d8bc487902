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

from app.extraction.contacts.checks import (
    check_not_thing_received,
    check_partner_present,
    check_person_on_each_side,
    check_sides_named,
)
from app.extraction.contacts.cues import Cues, get_cues
from app.extraction.contacts.predicates import assertion_verdict, find_predicates, is_asserted
from app.extraction.contacts.scope import clause_scope
from app.extraction.contacts.step import extract_contacts, trace_contacts

__all__ = [
    "Cues", "assertion_verdict", "check_not_thing_received", "check_partner_present",
    "check_person_on_each_side", "check_sides_named", "clause_scope", "extract_contacts",
    "find_predicates", "get_cues", "is_asserted", "trace_contacts",
]
