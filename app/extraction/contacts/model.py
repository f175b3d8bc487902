"""The small records the contact step passes between its stages."""

from __future__ import annotations

from dataclasses import dataclass

from app.extraction.records import Contact, DateValue

SIDES = ("RU", "IR")


PARTY_KINDS = ("person", "group", "institution")  # what stands for a side; a bare country does not


@dataclass
class Detection:
    """A contact found in one sentence, before merging with other mentions in the article."""

    contact: Contact
    sentence: int  # index into ctx.sentences
    continues: bool = False  # its clause continues the account of a trip ("a également rencontré")


@dataclass
class Event:
    """Something the article says took place, whoever took part (a contact, a trilateral
    meeting, a summit): what a later "en marge de cette réunion" may refer to."""

    token: int  # doc index of its predicate
    classes: set[str]  # visit | meeting | summit | talks | call | signing
    date: DateValue
    location: str | None
