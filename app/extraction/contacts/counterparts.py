"""One contact per counterpart: "X a rencontré A, B et C" during a visit is three meetings.

A person who meets several people of the other side in one clause usually met them one after
the other (a visit's programme, a summary of a trip, a back-reference), and the analyst follows
each pair. Two readings keep them together: a clause that gives the sitting its own day
("s'est entretenu mercredi avec A et son homologue B": one sitting), unless its cue says the
meetings were several ("a tenu des réunions avec A et avec B").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from app.extraction.candidates import Verdict
from app.extraction.contacts.cues import Cues
from app.extraction.contacts.model import SIDES
from app.extraction.contacts.participants import person_key
from app.extraction.records import Contact, Participant


def split_by_counterpart(contact: Contact, positions: dict[str, int], pred: Token,
                         cues: Cues) -> tuple[list[Contact], Verdict]:
    """The contacts a kept candidate stands for, and the decision with its reason."""
    anchor, counterparts = _anchor_and_counterparts(contact.participants, positions, pred.idx)
    if anchor is None or len(counterparts) < 2:
        return [contact], Verdict.ok("one_contact", "one person on each side of the cue")
    several = _several_sittings(pred, cues)
    if contact.date.precision == "day" and not several:
        return [contact], Verdict.ok("one_contact", "one sitting on its own day with every counterpart")
    others = [p for p in contact.participants if p.kind != "person" and p.country == anchor.country]
    split = [replace(contact, participants=[anchor, q, *others], sources=list(contact.sources),
                     topics=list(contact.topics), conflicts=dict(contact.conflicts))
             for q in counterparts if {anchor.country, q.country} == set(SIDES)]
    if not split:
        return [contact], Verdict.ok("one_contact", "no counterpart of the other side to split on")
    why = f"'{pred.text}' says the meetings were several" if several else "no day of its own for one sitting"
    names = ", ".join(q.name for q in counterparts)
    return split, Verdict.ok("one_per_counterpart", f"{anchor.name} with {names}: {why}")


def _anchor_and_counterparts(parts: list[Participant], positions: dict[str, int],
                             cue_at: int) -> tuple[Participant | None, list[Participant]]:
    """The one person named before the cue (or by a pronoun) and the persons named after it,
    when those are all of other countries than the anchor's."""
    persons = [p for p in parts if p.kind == "person"]
    after = [p for p in persons if positions.get(person_key(p), -1) > cue_at]
    before = [p for p in persons if p not in after]
    if len(before) != 1 or before[0].country not in SIDES:
        return None, []
    anchor = before[0]
    if any(p.country == anchor.country for p in after):
        return None, []
    return anchor, after


def _several_sittings(pred: Token, cues: Cues) -> bool:
    """A meeting noun in the plural ("des réunions", "des rencontres")."""
    return pred.pos_ == "NOUN" and pred.lemma_.lower() in cues.several_sittings_nouns \
        and "Plur" in pred.morph.get("Number")
