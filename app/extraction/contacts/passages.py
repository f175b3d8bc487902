"""Topics of a contact: its sentences and the passage describing the talks."""

from __future__ import annotations

from app.extraction.actors import ActorFinder, ActorRef
from app.extraction.contacts.cues import Cues
from app.extraction.contacts.model import Detection
from app.extraction.context import ArticleContext
from app.extraction.gazetteer import get_gazetteer
from app.extraction.records import Contact
from app.extraction.textfold import fold
from app.extraction.topics import get_taxonomy


def _assign_topics(ctx: ArticleContext, finder: ActorFinder, contacts: list[tuple[Contact, set[int]]],
                   detections: list[Detection], sentence_refs: list[list[ActorRef]], cues: Cues) -> None:
    taxonomy = get_taxonomy()
    n = len(ctx.sentences)
    for contact, sentences in contacts:
        keys = {p.actor_key for p in contact.participants if p.actor_key and p.kind == "person"}
        passage = set(sentences)
        # Another contact's own sentences describe that contact, not this one.
        others = set().union(*(s for c, s in contacts if c is not contact)) - passage
        for i in range(n):
            sent = ctx.sentences[i]
            if i in others:
                continue
            folded_sentence = fold(sent.text)
            continues = (i - 1) in passage or _after_heading(ctx, i, passage)
            if continues and cues.passage_cues.search(folded_sentence):
                passage.add(i)
            elif cues.talk_cues.search(folded_sentence) and (
                    {r.key for r in sentence_refs[i] if r.key} & keys
                    or (any(r.kind in ("pair", "office_pair") for r in sentence_refs[i]) and _latest_before(contacts, i) is contact)):
                passage.add(i)
        slugs: list[str] = []
        for i in sorted(passage):
            sent = ctx.sentences[i]
            # Names and titles are masked ("Conseil de sécurité" is an office, not a topic);
            # countries are not ("la situation en Ukraine" is one).
            gaz = get_gazetteer()
            masks = [(m.start, m.end) for m in ctx.mentions_in(sent.start_char, sent.end_char)
                     if gaz.actors[m.key].kind != "country"]
            masks += finder.title_spans(ctx.text, sent.start_char, sent.end_char)
            masks += [(r.start, r.end) for r in sentence_refs[i] if r.kind != "country"]
            masks += [(nz.start, nz.end) for nz in ctx.noise]
            for slug in taxonomy.topics_in(ctx.text, sent.start_char, sent.end_char, masks):
                if slug not in slugs:
                    slugs.append(slug)
        contact.topics = [s for s in taxonomy.slugs if s in slugs]


def _latest_before(contacts: list[tuple[Contact, set[int]]], i: int) -> Contact | None:
    """The contact described last before sentence ``i`` ("les deux présidents" refers to it)."""
    best, best_index = None, -1
    for contact, sentences in contacts:
        last = max((j for j in sentences if j <= i), default=-1)
        if last > best_index:
            best, best_index = contact, last
    return best


def _after_heading(ctx: ArticleContext, i: int, passage: set[int]) -> bool:
    """A short verbless line (a subheading) does not break a passage about the talks."""
    j = i - 1
    while j >= 0 and not any(t.pos_ in ("VERB", "AUX") for t in ctx.sentences[j]) and len(ctx.sentences[j]) <= 12:
        j -= 1
    return j != i - 1 and j in passage
