"""Actor mentions in a contact's scope turned into participants, resolving references."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from app.extraction.actors import ActorFinder, ActorRef
from app.extraction.contacts.cues import Cues
from app.extraction.contacts.model import SIDES, Event
from app.extraction.contacts.scope import _in_scope, _locative_before, _preceding_word, _ref_token
from app.extraction.context import ArticleContext
from app.extraction.gazetteer import get_gazetteer
from app.extraction.locations import get_places
from app.extraction.records import Contact, DateValue, Participant
from app.extraction.textfold import fold


class ParticipantResolver:
    """Turns actor mentions in a predicate's scope into participants, resolving references."""

    def __init__(self, ctx: ArticleContext, finder: ActorFinder, cues: Cues):
        self.ctx = ctx
        self.finder = finder
        self.cues = cues
        self.gaz = get_gazetteer()
        self.places = get_places()
        self.history: list[ActorRef] = []  # RU/IR persons mentioned so far, in order
        self.topic: ActorRef | None = None  # the person last named as a sentence's subject
        self.last_contact: Contact | None = None
        self.events: list[Event] = []  # events described so far, in text order
        self.office_titles: list[list[str]] = []  # "les deux présidents" in the last clause read
        self.metonym_sides: set[str] = set()  # sides a country or group stands for as an argument
        self.positions: dict[str, int] = {}  # where each person of the last clause read is named

    def on(self) -> str | None:
        return self.ctx.meta.published.value if self.ctx.meta.published.known else None

    def participants(self, sent: SpacySpan, refs: list[ActorRef], scope: set[int],
                     pred: Token, verb: Token, kind: str,
                     recipient: set[int] | None = None) -> tuple[list[Participant], str | None, set[int]]:
        """Participants, location and the tokens the participants occupy (``recipient``: the words
        naming whom the contact delivered something to, a party whatever the parse says)."""
        people: list[Participant] = []
        tokens: set[int] = set()
        location = None
        countries: list[Participant] = []
        self.office_titles = []
        self.metonym_sides = set()
        self.positions = {}
        # "Avec son homologue iranien, Poutine a ...": a counterpart is resolved once the
        # person it is the counterpart of is known, wherever it stands.
        for ref in sorted(refs, key=lambda r: r.kind == "counterpart"):
            if not _in_scope(ref, sent, scope):
                continue
            if ref.kind == "office_pair":
                if self._sides_before(ref.start) <= set(SIDES):
                    self.office_titles.append(self.finder.office_pairs[ref.title_fr or ""])
                else:  # "les deux présidents" of Turkey and Iran: not ours to name
                    self.office_titles.append([])
                continue
            tok = _ref_token(ref, sent)
            if ref.kind == "country" or (ref.kind == "institution" and ref.key == "kremlin"):
                place = self.places.lookup(self.ctx.text[ref.start:ref.end])
                locative = _preceding_word(self.ctx.text, ref.start) in self.cues.locatives
                if locative and place is not None:
                    if location is None or (place.name != location and self.places.within(place.name, location)):
                        location = place.name  # "en Iran ..., à Téhéran": the city is finer
                    continue
                # A group ("des responsables iraniens") is a party wherever it stands in the clause;
                # a country or capital only as an argument ("Téhéran a reçu ...").
                if ref.kind == "country" and tok is not None and ref.country in SIDES \
                        and (_is_argument(tok) or ref.key is None):
                    # A group with no gazetteer key ("une délégation russe") is people of that side;
                    # a country or capital as an argument ("Téhéran a reçu X") is its government.
                    countries.append(Participant(ref.name or "", ref.country, None, ref.key,
                                                 "country" if ref.key else "group"))
                    self.metonym_sides.add(ref.country)
                    if place is not None and not place.is_country and tok.dep_.startswith("nsubj") \
                            and verb.lemma_ in ("recevoir", "accueillir"):
                        location = location or place.name  # "Téhéran a reçu": the host city
                continue
            if ref.kind == "person" and tok is not None and tok.i not in (recipient or ()) \
                    and _inside_thing(tok, pred, self.cues):
                continue  # "porteur d'un message de Khamenei à Poutine": named, not a party
            if ref.kind == "person" and ref.name:
                people.append(Participant(ref.name, ref.country, ref.role, ref.key, "person"))
                self.positions.setdefault(person_key(people[-1]), ref.start)
                if tok is not None:
                    tokens.add(tok.i)
            elif ref.kind == "person" and ref.country in SIDES:
                titled = self._titled_person(ref)
                if titled is not None:
                    people.append(titled)
                    self.positions.setdefault(person_key(titled), ref.start)
                    if tok is not None:
                        tokens.add(tok.i)
                else:
                    countries.append(Participant(_country_name(ref.country), ref.country, None, None, "country"))
            elif ref.kind == "pair":
                people.extend(self._pair())
                if tok is not None:
                    tokens.add(tok.i)
            elif ref.kind == "counterpart":
                resolved = self._counterpart(ref, people)
                if resolved:
                    people.append(resolved)
                    self.positions.setdefault(person_key(resolved), ref.start)
                    if tok is not None:
                        tokens.add(tok.i)
                elif ref.country in SIDES:
                    countries.append(Participant(_country_name(ref.country), ref.country, None, None, "country"))
        people += self._pronoun_subject(pred, verb, people, sent, refs)
        if location is None:
            location = self.place_in_scope(sent, refs, scope)
        return _dedupe(people + countries), location, tokens

    def place_in_scope(self, sent: SpacySpan, refs: list[ActorRef], scope: set[int]) -> str | None:
        """The place the clause names, outside names and titles."""
        taken = [(r.start, r.end) for r in refs if r.kind in ("person", "counterpart", "institution", "outlet")]
        taken += self.finder.title_spans(self.ctx.text, sent.start_char, sent.end_char)
        return self._place_in_scope(sent, scope, taken)

    def _place_in_scope(self, sent: SpacySpan, scope: set[int], taken: list[tuple[int, int]]) -> str | None:
        """The first place named with a locative preposition in the clause, outside names and
        titles ("l'ambassadeur d'Iran en Russie" names an office, not where they met); a city of
        that country named too is finer ("en Iran ..., à Téhéran")."""
        found = self._places_in_scope(sent, scope, taken)
        if not found:
            return None
        first = found[0]
        return next((p for p in found[1:] if p != first and self.places.within(p, first)), first)

    def _places_in_scope(self, sent: SpacySpan, scope: set[int], taken: list[tuple[int, int]]) -> list[str]:
        out: list[str] = []
        for pm in self.places.find(self.ctx.text, sent.start_char, sent.end_char):
            if any(a < pm.end and pm.start < b for a, b in taken):
                continue
            span = self.ctx.doc.char_span(pm.start, pm.end, alignment_mode="expand")
            if span is None or not any(t.i in scope for t in span):
                continue
            if pm.place.is_country and self._topic_country(span.root):
                continue  # "la crise en Syrie": what was discussed, not where
            if _locative_before(self.ctx.text, pm.start, fold(self.ctx.text[pm.start:pm.end]).startswith("capitale")):
                out.append(pm.place.name)
        return out

    def _topic_country(self, tok: Token) -> bool:
        """A country that complements a noun other than an event ("la guerre en Ukraine"), and
        no event up its chain of nouns ("le sommet de l'OCS en Chine" is where the summit was)."""
        head = tok.head
        if head.i == tok.i or head.pos_ != "NOUN" or self._is_event_noun(head):
            return False
        while head.head.i != head.i and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head
            if self._is_event_noun(head):
                return False
        return True

    def _is_event_noun(self, tok: Token) -> bool:
        return tok.lemma_ in self.cues.nouns or fold(tok.lemma_) in self.cues.event_nouns

    def _sides_before(self, start: int) -> set[str]:
        """The two countries last named before ``start``: who "les deux pays" are."""
        seen: list[str] = []
        for m in reversed(self.ctx.mentions):
            entry = self.gaz.actors[m.key]
            country = entry.country if entry.kind != "outlet" else None  # an agency's country is not a party
            if m.start < start and country and country not in seen:
                seen.append(country)
            if len(seen) == 2:
                break
        return set(seen)

    def office_holders(self, offices: list[list[str]], date: DateValue) -> list[Participant] | None:
        """Both sides' holders of each office pair on the contact's date; None when an office has
        no single holder then. An undated contact ("les deux présidents ont signé ...") names
        the holders mentioned last in the article, else those of the publication date."""
        on = date.value if date.known else self.on()
        out = []
        for titles in offices:
            if not titles:
                return None
            for title in titles:
                entry = None if date.known else self._named_holder(title)
                if entry is None and on is not None:
                    holders = self.gaz.holders(title, on=on)
                    entry = holders[0] if len(holders) == 1 else None
                if entry is None:
                    return None
                out.append(Participant(entry.name, entry.country, self.finder.role_on(entry, on, title), entry.key))
        return out

    def _named_holder(self, title: str):  # noqa: ANN202 - ActorEntry | None
        """The person last named in the article who ever held the office ``title``."""
        keys = {e.key for e in self.gaz.holders(title)}
        prior = next((r for r in reversed(self.history) if r.key in keys), None)
        return self.gaz.actors[prior.key] if prior is not None else None

    def _pair(self) -> list[Participant]:
        if self.last_contact is not None:
            return [p for p in self.last_contact.participants if p.kind == "person"]
        seen: dict[str, ActorRef] = {}
        for ref in reversed(self.history):
            if ref.country not in seen:
                seen[ref.country] = ref
            if len(seen) == 2:
                break
        return [Participant(r.name or "", r.country, r.role, r.key) for r in seen.values()]

    def _counterpart(self, ref: ActorRef, people: list[Participant]) -> Participant | None:
        """"son homologue": the other side's holder of the same office on the article's date."""
        anchor = next((p for p in people if p.actor_key and p.country in SIDES and p.country != ref.country), None)
        if anchor is None:
            return None
        other = ref.country or ("IR" if anchor.country == "RU" else "RU")
        on = self.on()
        entry = self.gaz.actors[anchor.actor_key]
        titles = {r.title for r in (entry.roles_on(on) if on else entry.roles)}
        for group in self.cues.counterparts:
            if not titles & set(group):
                continue
            if on is None:
                named = self._named_counterpart(ref.start, other, set(group))
                if named is not None:
                    return named
                continue
            for cand in self.gaz.actors.values():
                if cand.country != other:
                    continue
                hit = next((r for r in cand.roles_on(on) if r.title in group), None)
                if hit is not None:
                    return Participant(cand.name, cand.country, hit.title, cand.key)
        return None

    def _titled_person(self, ref: ActorRef) -> Participant | None:
        """An office title with no single holder on a known date ("le chef de la diplomatie
        iranienne" in an undated article): the holder of that office the article names, last
        before the title or else first after it."""
        if not ref.title_fr:
            return None
        want = fold(ref.title_fr)
        before = [m for m in self.ctx.mentions if m.start < ref.start]
        after = [m for m in self.ctx.mentions if m.start >= ref.end]
        for m in list(reversed(before)) + after:
            cand = self.gaz.actors[m.key]
            if cand.kind != "person" or cand.country != ref.country:
                continue
            hit = next((r for r in cand.roles if any(fold(t) == want for t in r.fr)), None)
            if hit is not None:
                return Participant(cand.name, cand.country, hit.title, cand.key)
        return None

    def _named_counterpart(self, at: int, country: str, titles: set[str]) -> Participant | None:
        """Undated: the person the article names (last before ``at``, else first after) who
        ever held one of ``titles`` for ``country``; never a guess among office holders."""
        before = [m for m in self.ctx.mentions if m.start < at]
        after = [m for m in self.ctx.mentions if m.start >= at]
        for m in list(reversed(before)) + after:
            cand = self.gaz.actors[m.key]
            if cand.country != country or cand.kind != "person":
                continue
            hit = next((r for r in cand.roles if r.title in titles), None)
            if hit is not None:
                return Participant(cand.name, cand.country, hit.title, cand.key)
        return None

    def _pronoun_subject(self, pred: Token, verb: Token, people: list[Participant], sent: SpacySpan,
                         refs: list[ActorRef]) -> list[Participant]:
        """"Il a rencontré ...": the subject pronoun is the subject named earlier in the same
        sentence ("X s'est rendu à Moscou, où il a été reçu par Y"), else the person a sentence
        before had as its subject ("X est arrivé ... où Y l'a reçu. Il a ensuite ..."), else the
        last person named before."""
        for t in {pred, verb}:
            for c in t.children:
                if c.dep_.startswith("nsubj") and c.pos_ == "PRON" and c.lower_ in ("ils", "elles"):
                    return [p for p in self._pair() if all(p.actor_key != q.actor_key for q in people)]
                if c.dep_.startswith("nsubj") and c.pos_ == "PRON" and c.lemma_.lower() in ("il", "elle"):
                    prior = _sentence_subject_before(sent, refs, c) or self._topic_before(c.idx) or next(
                        (r for r in reversed(self.history) if r.start < c.idx and r.name), None)
                    if prior is not None and all(p.actor_key != prior.key or not p.actor_key for p in people):
                        return [Participant(prior.name or "", prior.country, prior.role, prior.key)]
        return []

    def note_subject(self, sent: SpacySpan, refs: list[ActorRef]) -> None:
        """Remember the named person the sentence's main clause is about, if it names one."""
        root = sent.root
        for ref in refs:
            if not (ref.is_person and ref.name and ref.country in SIDES):
                continue
            tok = _name_head(_ref_token(ref, sent))
            # a name the parse made the root ("X, que Y a accueilli, est arrivé") is what it is about
            if tok is not None and ((tok.dep_.startswith("nsubj") and tok.head.i == root.i) or tok.i == root.i):
                self.topic = ref
                return

    def _topic_before(self, at: int) -> ActorRef | None:
        return self.topic if self.topic is not None and self.topic.end <= at else None


def _name_head(tok: Token | None) -> Token | None:
    """The word a name stands for in its clause: past appositions, name parts and coordination."""
    while tok is not None and tok.dep_ in ("appos", "flat:name", "conj") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _sentence_subject_before(sent: SpacySpan, refs: list[ActorRef], pronoun: Token) -> ActorRef | None:
    """The named person who is the subject of an earlier clause of the same sentence."""
    for ref in refs:
        if not (ref.is_person and ref.name and ref.country in SIDES and ref.end <= pronoun.idx):
            continue
        tok = _name_head(_ref_token(ref, sent))
        if tok is not None and tok.dep_.startswith("nsubj") and tok.head.i != pronoun.head.i:
            return ref
    return None


def _inside_thing(tok: Token, pred: Token, cues: Cues) -> bool:
    """Whether a name sits inside a phrase about a thing received ("un message de X"). The
    one it is carried to ("un message de X au président Y") is a party."""
    for a in [tok, *tok.ancestors]:
        if any(c.dep_ == "case" and c.lower_ in cues.recipient_markers for c in a.children):
            return False  # "au président russe, Vladimir Poutine": the name in apposition too
        if a.i == pred.i or a.pos_ in ("VERB", "AUX"):
            return False
        if a.i != tok.i and a.pos_ == "NOUN" and fold(a.lemma_.lower()) in cues.things:
            return True
    return False


def _is_argument(tok: Token) -> bool:
    dep = tok.dep_
    if dep == "conj":
        return _is_argument(tok.head)
    if dep in ("nsubj", "nsubj:pass", "obj", "obl:agent", "iobj"):
        return True
    return dep in ("obl:arg", "obl:mod", "nmod") and any(c.lemma_ == "avec" for c in tok.children)


def _country_name(code: str | None) -> str:
    return {"RU": "Russia", "IR": "Iran"}.get(code or "", code or "")


def person_key(p: Participant) -> str:
    """Who a participant is, for telling persons apart within one clause."""
    return p.actor_key or fold(p.name)


def _dedupe(parts: list[Participant]) -> list[Participant]:
    out: list[Participant] = []
    for p in parts:
        same = next((q for q in out if (p.actor_key and q.actor_key == p.actor_key) or fold(q.name) == fold(p.name)), None)
        if same is None:
            out.append(p)
        elif same.role is None and p.role:
            same.role = p.role
    return out


def _drop_third_parties(parts: list[Participant]) -> list[Participant]:
    """A Russia–Iran contact's participants are of the two sides: a third country's leader at
    the same summit ("X a réuni Erdogan et Rohani") is present but not a party to it."""
    return [p for p in parts if p.country is None or p.country in SIDES]


def _drop_covered_countries(parts: list[Participant]) -> list[Participant]:
    """A country stands for its side only when no person of that side is named."""
    person_sides = {p.country for p in parts if p.kind == "person"}
    return [p for p in parts if not (p.kind == "country" and p.country in person_sides)]


def has_both_sides(parts: list[Participant]) -> bool:
    """Both countries appear among the parties (a country name is enough at this first gate;
    ``check_person_on_each_side`` asks for a person or delegation later) and one is a person."""
    countries = {p.country for p in parts}
    return all(side in countries for side in SIDES) and any(p.kind == "person" for p in parts)
