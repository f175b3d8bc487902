"""Actor mentions in a sentence: gazetteer names, titles, "M. X", unknown persons, references.

A title in apposition to a name ("le président iranien Ebrahim Raïssi") is one mention of the
named person; a title alone ("le président iranien") designates whoever held the office on the
article's date; "son homologue" and "les deux hommes" are left as references for the contact
step, which knows who the other side is; "les présidents des deux pays" (an office pair) is left
for it to resolve to both office holders on the contact's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Span as SpacySpan

from app.extraction.datamodels import contact_cues
from app.extraction.gazetteer import ActorEntry, Gazetteer, Mention, get_gazetteer
from app.extraction.textfold import fold, fold_key
from app.extraction.topics import folded, phrase_pattern

# Nationality words that give an unknown person (or a bare reference) its side (contact_cues.yaml).
NATIONALITY: dict[str, str] = dict(contact_cues().side_nationalities)
_NATIONALITY_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(NATIONALITY, key=len, reverse=True)) + r")(?![\w-])")
# What may stand between a title and the name it introduces ("le général de division", ", ").
_APPOSITION_GAP = re.compile(r"^[\s,]*(?:(?:le |la |l')?(?:general|generale|amiral|ayatollah|m\.|mme|monsieur|madame|cheikh|hodjatoleslam)(?: de (?:division|brigade|corps d'armee))?[\s,]*)*$")
# The adjective after "homologue" is kept whatever it is: "son homologue turc" is Turkish.
_COUNTERPART = re.compile(r"(?<![\w-])(?:son|leur|sa) homologue(?:s)?(?: ([a-z]+))?(?![\w-])")
# "des responsables iraniens", "une délégation russe": a side without a named person.
# "des responsables iraniens", "une délégation russe", "la direction de l'agence publique russe":
# a side without a named person. The nouns are data (contact_cues.yaml: group_nouns); up to
# four words ("de l'agence publique") may stand between the noun and its nationality.
_GROUP_NOUNS = "|".join(re.escape(fold(n)) for n in sorted(contact_cues().group_nouns, key=len, reverse=True)) or "(?!x)x"
_GROUP = re.compile(rf"(?<![\w-])(?:des |les |une |la |de |d')?(?:hauts? )?(?:{_GROUP_NOUNS})(?: [\w']+){{0,4}}? "
                    r"(iraniens|iraniennes|iranienne|russes|russe)(?![\w-])")
_COUNTRY_NAMES = {"RU": "Russia", "IR": "Iran"}
_HONORIFIC = re.compile(r"(?<![\w-])(?:M\.|Mme|Monsieur|Madame)\s+$")


@dataclass(frozen=True)
class ActorRef:
    """One mention of an actor (or of a reference to be resolved) inside the article text."""

    start: int
    end: int
    kind: str  # person | country | institution | outlet | group | counterpart | pair | office_pair
    name: str | None = None
    country: str | None = None
    key: str | None = None
    role: str | None = None  # English office title, when known
    title_fr: str | None = None  # the French title the text used, if any

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@lru_cache(maxsize=1)
def load_cues() -> dict:
    """The contact cue lists (app/data/contact_cues.yaml), validated."""
    return contact_cues().model_dump()


class ActorFinder:
    """Finds actor mentions in sentences of one article, resolving titles at the article's date."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gaz = gazetteer or get_gazetteer()
        titles = {t for e in self.gaz.actors.values() for r in e.roles for t in r.fr}
        self._title_pattern = phrase_pattern(titles)
        self._pair_pattern = phrase_pattern(load_cues().get("pair_references", []))
        self.office_pairs = {fold_key(phrase): list(group["titles"])
                             for group in load_cues().get("office_pairs", []) for phrase in group["phrases"]}
        self._office_pair_pattern = phrase_pattern(
            phrase for group in load_cues().get("office_pairs", []) for phrase in group["phrases"])

    # -- public -------------------------------------------------------------------------------
    def find(self, text: str, sent: SpacySpan, mentions: list[Mention], on: str | None) -> list[ActorRef]:
        """Every actor mention in ``sent`` (gazetteer ``mentions`` already found), ordered."""
        start, end = sent.start_char, sent.end_char
        folded_text = folded(text)
        names = [self._from_mention(m, on) for m in mentions if start <= m.start and m.end <= end]
        names += self._unknown_persons(text, folded_text, sent, names)
        titles = self._titles(text, folded_text, start, end, on)
        refs = self._merge_titles(folded_text, names, titles)
        refs += self._references(text, folded_text, start, end, refs)
        return sorted(refs, key=lambda r: r.start)

    def role_on(self, entry: ActorEntry, on: str | None, title_fr: str | None = None) -> str | None:
        """The English office of ``entry`` on a date, preferring the one ``title_fr`` describes."""
        roles = entry.roles_on(on) if on else list(entry.roles)
        if title_fr:
            want = fold_key(title_fr)
            named = [r for r in roles if any(fold_key(t) == want for t in r.fr)]
            roles = named or roles
        if not roles:
            return None
        return roles[-1].title

    # -- pieces -------------------------------------------------------------------------------
    def _from_mention(self, m: Mention, on: str | None) -> ActorRef:
        entry = self.gaz.actors[m.key]
        role = None
        if entry.kind == "person" and (on or len(entry.roles) == 1):
            role = self.role_on(entry, on)
        return ActorRef(m.start, m.end, entry.kind, entry.name, entry.country, entry.key, role)

    def _unknown_persons(self, text: str, folded: str, sent: SpacySpan, known: list[ActorRef]) -> list[ActorRef]:
        """Persons the NER finds that the gazetteer does not know; side from nearby nationality."""
        out = []
        for ent in sent.ents:
            if ent.label_ != "PER" or len(ent.text) < 4:
                continue
            if any(k.start < ent.end_char and ent.start_char < k.end for k in known):
                continue
            entry = self.gaz.by_alias(ent.text)
            if entry is not None:
                continue
            if not any(t.pos_ == "PROPN" for t in ent) or not ent.text[:1].isupper():
                continue
            if len(ent) == 1 and not _HONORIFIC.search(text[max(0, ent.start_char - 10):ent.start_char]):
                # A lone word is too often a place or an organisation mis-tagged as a person.
                continue
            country = self._nationality_near(folded, sent.start_char, ent.start_char, ent.end_char)
            out.append(ActorRef(ent.start_char, ent.end_char, "person", ent.text, country))
        return out

    def _nationality_near(self, folded: str, sent_start: int, start: int, end: int) -> str | None:
        """The side that the words just before a name (its title) give it."""
        before = folded[max(sent_start, start - 60):start]
        # Only the title right before the name: cut at the last verb-like boundary.
        before = re.split(r"[.;:!?]|(?<![\w-])(?:a|ont|est|sont|avec|et|qui)(?![\w-])", before)[-1]
        hits = _NATIONALITY_RE.findall(before)
        return NATIONALITY[hits[-1]] if hits else None

    def _titles(self, text: str, folded: str, start: int, end: int, on: str | None) -> list[ActorRef]:
        out = []
        for m in self._title_pattern.finditer(folded, start, end):
            title = text[m.start():m.end()]
            holders = self.gaz.holders(title, on=on) if on else self.gaz.holders(title)
            entry = holders[0] if len(holders) == 1 else None
            country = entry.country if entry else self._title_country(title)
            out.append(ActorRef(
                m.start(), m.end(), "person",
                entry.name if entry else None, country, entry.key if entry else None,
                self.role_on(entry, on, title) if entry else None, title,
            ))
        return out

    def title_spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of office titles ("secrétaire du Conseil de sécurité russe") in ``text[start:end]``."""
        return [(m.start(), m.end()) for m in self._title_pattern.finditer(folded(text), start, end)]

    def _title_country(self, title: str) -> str | None:
        hits = _NATIONALITY_RE.findall(fold(title))
        return NATIONALITY[hits[-1]] if hits else None

    def _merge_titles(self, folded: str, names: list[ActorRef], titles: list[ActorRef]) -> list[ActorRef]:
        """A title right before a name is that person's title; names inside a title are dropped
        ("Conseil de sécurité russe" inside "secrétaire du Conseil de sécurité russe")."""
        names = [n for n in names if not any(t.start <= n.start and n.end <= t.end for t in titles)]
        used: set[int] = set()
        merged = []
        for t in titles:
            follower = next((n for n in names if n.start >= t.end and n.kind == "person"
                             and _APPOSITION_GAP.match(folded[t.end:n.start])), None)
            if follower is not None and id(follower) not in used:
                used.add(id(follower))
                role = follower.role
                if follower.key:
                    role = self.role_on(self.gaz.actors[follower.key], None, t.title_fr) if not role else role
                    entry = self.gaz.actors[follower.key]
                    role = self._role_matching(entry, t.title_fr) or role
                merged.append(replace(follower, country=follower.country or t.country, role=role, title_fr=t.title_fr))
                continue
            if t.name is None and t.country is None:
                continue
            merged.append(t)
        merged += [n for n in names if id(n) not in used]
        # Titles that designate nobody known stay as unnamed persons only if they have a side.
        return [r for r in merged if r.name is not None or r.kind != "person" or r.country]

    def _role_matching(self, entry: ActorEntry, title_fr: str | None) -> str | None:
        if not title_fr:
            return None
        want = fold_key(title_fr)
        for r in reversed(entry.roles):
            if any(fold_key(t) == want for t in r.fr):
                return r.title
        return None

    def _references(self, text: str, folded: str, start: int, end: int, found: list[ActorRef]) -> list[ActorRef]:
        out = []
        for m in _COUNTERPART.finditer(folded, start, end):
            side = _counterpart_side(m.group(1))
            stop = m.end() if side else m.end(0) - (len(m.group(1)) + 1 if m.group(1) else 0)
            nxt = next((r for r in found if r.start >= stop and r.is_person and r.name
                        and _APPOSITION_GAP.match(folded[stop:r.start])), None)
            if nxt is not None and (side is None or nxt.country in (None, side)):
                continue  # "son homologue iranien, Ali Shamkhani": the name says who
            # "Avec son homologue iranien, Vladimir Poutine a ...": a name of the other side
            # after the comma is the clause's subject, not the counterpart's name.
            out.append(ActorRef(m.start(), stop, "counterpart", None, side))
        offices = [ActorRef(m.start(), m.end(), "office_pair", title_fr=fold_key(m.group(0)))
                   for m in self._office_pair_pattern.finditer(folded, start, end)]
        out += offices
        for m in self._pair_pattern.finditer(folded, start, end):
            if not any(o.start < m.end() and m.start() < o.end for o in offices):
                out.append(ActorRef(m.start(), m.end(), "pair"))
        for m in _GROUP.finditer(folded, start, end):
            if any(r.start < m.end() and m.start() < r.end for r in found):
                continue
            side = NATIONALITY[m.group(1)] if m.group(1) in NATIONALITY else NATIONALITY.get(m.group(1).rstrip("s"))
            out.append(ActorRef(m.start(), m.end(), "country", _COUNTRY_NAMES.get(side or ""), side))
        return out


def _counterpart_side(adjective: str | None) -> str | None:
    """The country a nationality adjective names ("iranien" -> IR, "turc" -> TR), else None."""
    if not adjective:
        return None
    return NATIONALITY.get(adjective) or _foreign_nationalities().get(adjective)


@lru_cache(maxsize=1)
def _foreign_nationalities() -> dict[str, str]:
    from app.extraction.dates import date_vocabulary

    return {fold(k): v for k, v in (date_vocabulary().get("nationalities") or {}).items()}


@lru_cache(maxsize=1)
def get_actor_finder() -> ActorFinder:
    return ActorFinder()
