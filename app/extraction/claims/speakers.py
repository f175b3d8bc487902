"""Speakers: who says a claim, resolved to a canonical name where the gazetteer knows it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.extraction.claims.cues import Cues
from app.extraction.claims.patterns import _DETERMINERS, _NP_STOP, _PRONOUNS, _singular
from app.extraction.gazetteer import Gazetteer
from app.extraction.textfold import fold, fold_key


@dataclass
class Memory:
    """What earlier sentences named: resolves pronouns and "la chaîne"."""

    last_speaker: str | None = None
    last_outlet: str | None = None


@dataclass
class Speaker:
    start: int
    end: int
    name: str
    is_outlet: bool = False
    actor_key: str | None = None
    how: str = ""  # relative | agent | inverted | preverbal | source (selon, pour) | pronoun


def _strip_determiner(text: str) -> tuple[int, str]:
    """Offset of the name after leading determiners, and the name."""
    offset = 0
    changed = True
    while changed:
        changed = False
        low = fold(text[offset:])
        for det in _DETERMINERS:
            if low.startswith(det) and len(low) > len(det):
                offset += len(det)
                changed = True
                break
    return offset, text[offset:]


def _np_end(folded: str, start: int, limit: int) -> int:
    m = _NP_STOP.search(folded, start, limit)
    end = m.start() if m else limit
    while end > start and folded[end - 1] in " .":
        end -= 1
    return end


_HOLDERS_CACHE: dict[tuple, list] = {}
_ALIAS_CACHE: dict[tuple, object] = {}


def _bound(cache: dict, size: int = 20000) -> None:
    if len(cache) >= size:
        cache.clear()


class SpeakerResolver:
    """Turns a speaker phrase into the name a claim is attributed to."""

    def __init__(self, ctx, gazetteer: Gazetteer, cues: Cues):
        self.ctx = ctx
        self.gaz = gazetteer
        self.cues = cues
        self.folded = fold(ctx.text)
        self.day = ctx.meta.published.value if ctx.meta and ctx.meta.published else None

    def resolve(self, start: int, end: int, memory: Memory, trailing: bool = True) -> Speaker | None:
        """The speaker a phrase names; ``trailing``: the phrase may run on past the name
        ("le communiqué publié par…"), else it must end where the verb starts."""
        raw = self.ctx.text[start:end].strip()
        if not raw or len(raw.split()) > 14:
            return None
        start = start + self.ctx.text[start:end].find(raw)
        offset, name = _strip_determiner(raw)
        key = fold_key(name)
        if not name or not self._starts_noun_phrase(start):
            return None
        if re.match(r"(?:nos|notre) ", fold(raw)):
            # "selon nos informations": the outlet that publishes the article
            outlet = self.ctx.meta.outlet if self.ctx.meta else None
            return Speaker(start, start + len(raw), outlet, True) if outlet else None
        if key in ("on", "-on", "nous", "je", "vous"):
            return None  # impersonal or first person: the speaker is named elsewhere
        if key in _PRONOUNS or key.lstrip("-") in _PRONOUNS or fold_key(raw) in _PRONOUNS:
            return Speaker(start, start + len(raw), memory.last_speaker, False) if memory.last_speaker else None
        cut = self._verb_cut(start, start + len(raw))
        if cut is not None and not trailing:
            return None
        if cut is not None:
            raw = self.ctx.text[start:cut].rstrip(" ,")
            if not raw:
                return None
        mentions = self.ctx.mentions_in(start, start + len(raw))
        persons = [m for m in mentions if self.gaz.actors[m.key].kind == "person"]
        outlets = [m for m in mentions if self.gaz.actors[m.key].kind == "outlet"]
        if persons:
            entry = self.gaz.actors[persons[-1].key]
            return Speaker(start, start + len(raw), entry.name, False, entry.key)
        if outlets:
            entry = self.gaz.actors[outlets[0].key]
            return Speaker(start, start + len(raw), entry.name, True, entry.key)
        entry = self._by_alias(name) or self._by_alias(" ".join(name.split()[1:]))
        if entry is not None and not mentions:
            is_outlet = entry.kind == "outlet"
            shown = entry.name if entry.kind in ("person", "outlet") else name.strip()
            return Speaker(start, start + len(raw), shown, is_outlet, entry.key)
        holders = self._holders(name)
        if len(holders) == 1:
            return Speaker(start, start + len(raw), holders[0].name, False, holders[0].key)
        named = None if mentions else self._last_named(name, start)
        if named is not None:
            return Speaker(start, start + len(raw), named.name, False, named.key)
        head = key.split()[0] if key else ""
        if head in self.cues.outlet_nouns and len(key.split()) <= 2 and memory.last_outlet:
            return Speaker(start, start + len(raw), memory.last_outlet, True)
        if head in self.cues.document_nouns and len(key.split()) <= 2 and memory.last_speaker:
            return Speaker(start, start + len(raw), memory.last_speaker, False)
        if not mentions and not name[:1].isupper():
            # A common-noun speaker ("le porte-parole du ministère") is kept as written.
            lone = self.cues.outlet_nouns | self.cues.document_nouns | self.cues.institution_nouns
            if len(key.split()) < 2 and head not in lone and _singular(head) not in self.cues.speaker_nouns:
                return None
            first = self._head_noun(start + offset, start + len(raw)) or (fold(name).split() or [""])[0]
            if _singular(first) not in self.cues.speaker_nouns | lone and first not in lone:
                return None  # "selon les chiffres officiels": a source, not a speaker
        actor = mentions[0].key if len(mentions) == 1 else None
        known_outlet = self.cues.outlet_names.search(fold(name)) is not None
        if head in self.cues.outlet_nouns and len(key.split()) > 1 and name.split()[1][:1].isupper():
            name = " ".join(name.split()[1:])  # "la chaîne CNN" is CNN
            known_outlet = True
        institution = any(self.gaz.actors[m.key].kind != "outlet" for m in mentions)
        is_outlet = known_outlet or (_singular(head) in self.cues.outlet_nouns and not institution)
        return Speaker(start, start + len(raw), name.strip(), is_outlet, actor)

    def _last_named(self, name: str, start: int):  # noqa: ANN202 - ActorEntry or None
        """The person a bare role with a nationality designates ("le responsable russe", "le
        haut diplomate iranien", "le chef du parlement russe"): the last person of that side
        named before, preferring one whose offices use the same head noun."""
        words = fold_key(name).split()
        if not words or len(words) > 8:
            return None
        head = next((w for w in words if _singular(w) in self.cues.speaker_nouns), None)
        if head is None or {head, _singular(head)} & (self.cues.institution_nouns | self.cues.outlet_nouns
                                                     | self.cues.document_nouns):
            return None
        folded_name = " ".join(words)
        sides = {c for c, p in self.cues.nationalities.items() if p.search(folded_name)}
        if len(sides) != 1:
            return None
        side = sides.pop()
        persons = []
        for m in self.ctx.mentions:
            entry = self.gaz.actors[m.key]
            if m.end <= start and entry.kind == "person" and entry.country == side:
                persons.append(entry)
        if not persons:
            return None
        same_office = [e for e in persons if any(head in fold_key(t).split() or _singular(head) in fold_key(t).split()
                                                for r in e.roles for t in r.fr)]
        return (same_office or persons)[-1]

    def _head_noun(self, start: int, end: int) -> str | None:
        """The first noun of a phrase, folded ("les trois présidents" → "presidents")."""
        span = self.ctx.doc.char_span(start, end, alignment_mode="expand")
        tok = next((t for t in span if t.pos_ in ("NOUN", "PROPN")), None) if span is not None else None
        return fold(tok.text.lower()) if tok is not None else None

    def _starts_noun_phrase(self, start: int) -> bool:
        span = self.ctx.doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None or not len(span):
            return True
        tok = span[0]
        return tok.pos_ in ("DET", "PROPN", "NOUN", "PRON", "NUM", "ADJ", "X") or tok.text[:1].isupper()

    def _verb_cut(self, start: int, end: int) -> int | None:
        """Where a verb starts inside a speaker phrase ("le communiqué publié par…"), if anywhere."""
        span = self.ctx.doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return None
        mentioned = self.ctx.mentions_in(start, end)
        for t in span:
            if t.pos_ in ("VERB", "AUX") and not any(m.start <= t.idx < m.end for m in mentioned):
                return t.idx
        return None

    def _holders(self, title: str) -> list:
        """Gazetteer actors holding the office ``title`` on the publication date (cached)."""
        key = (id(self.gaz), fold_key(title), self.day)
        if key not in _HOLDERS_CACHE:
            _bound(_HOLDERS_CACHE)
            _HOLDERS_CACHE[key] = self.gaz.holders(title, on=self.day) if len(title) < 120 else []
        return _HOLDERS_CACHE[key]

    def _by_alias(self, name: str):
        """The actor an exact alias names (cached: the gazetteer's own lookup scans every alias)."""
        if not name.strip():
            return None
        key = (id(self.gaz), fold_key(name))
        if key not in _ALIAS_CACHE:
            _bound(_ALIAS_CACHE)
            _ALIAS_CACHE[key] = self.gaz.by_alias(name)
        return _ALIAS_CACHE[key]
