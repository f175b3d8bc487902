"""Read side of articles: the list, one article with its highlighted spans, site counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlmodel import Session

from app.queries.filters import Filter
from app.queries.timeline import review_conditions
from app.storage.models import Actor, Article, Claim, Contact, ContactSource, NoiseSpan

ARTICLES_PAGE = 50
_CLASS_SAFE = re.compile(r"[^a-z0-9-]")


def css_token(value: str | None) -> str:
    """A value safe to use inside a class attribute ("allegation", "cookie-banner")."""
    return _CLASS_SAFE.sub("-", (value or "other").lower())[:40] or "other"


@dataclass
class Span:
    """One highlighted range of the stored text."""

    anchor: str  # "claim-12", "src-7", "noise-3"
    start: int
    end: int
    group: str  # claim | contact | noise
    kind: str
    label: str


@dataclass
class Segment:
    """A run of text covered by exactly the same spans (overlapping spans split into segments)."""

    text: str
    spans: list[Span] = field(default_factory=list)
    opens: list[str] = field(default_factory=list)  # anchors of spans starting here

    @property
    def classes(self) -> str:
        tokens = {"seg"}
        for span in self.spans:
            tokens.add(f"g-{span.group}")
            tokens.add(f"k-{css_token(span.kind)}")
        if len(self.spans) > 1:
            tokens.add("overlap")
        return " ".join(sorted(tokens))

    @property
    def anchors(self) -> str:
        return " ".join(span.anchor for span in self.spans)

    @property
    def noise_label(self) -> str:
        """Label shown (by CSS) where a page-noise span begins, e.g. "page noise: cookie banner"."""
        labels = [s.label for s in self.spans if s.group == "noise" and s.anchor in self.opens]
        return "; ".join(labels)

    @property
    def title(self) -> str:
        return "; ".join(span.label for span in self.spans)


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece lists the spans covering it."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *[s.start for s in valid], *[s.end for s in valid]})
    pieces: list[Segment] = []
    for left, right in zip(cuts, cuts[1:]):
        covering = [s for s in valid if s.start <= left and right <= s.end]
        opens = [s.anchor for s in covering if s.start == left]
        pieces.append(Segment(text=text[left:right], spans=covering, opens=opens))
    return pieces


@dataclass
class ArticleView:
    article: Article
    segments: list[Segment]
    claims: list[tuple[Claim, str | None]]  # (claim, attributed actor name)
    sources: list[tuple[ContactSource, Contact]]
    noise: list[NoiseSpan]
    legend: list[tuple[str, str, str]]  # (group, kind, label)

    @property
    def contacts(self) -> list[tuple[Contact, list[ContactSource]]]:
        """Each contact this article reports, once, with its mentions here (in text order)."""
        grouped: dict[int, tuple[Contact, list[ContactSource]]] = {}
        for source, contact in self.sources:
            grouped.setdefault(contact.id, (contact, []))[1].append(source)
        return list(grouped.values())


def article_view(session: Session, article_id: int) -> ArticleView | None:
    """An article with every claim, contact source and noise span, ready to highlight."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    claims = session.execute(
        select(Claim, Actor.name).outerjoin(Actor, Actor.id == Claim.attributed_actor_id)
        .where(Claim.article_id == article_id).order_by(Claim.start)).all()
    sources = session.execute(
        select(ContactSource, Contact).join(Contact, Contact.id == ContactSource.contact_id)
        .where(ContactSource.article_id == article_id, Contact.retired.is_(False),
               Contact.merged_into.is_(None)).order_by(ContactSource.start)).all()
    noise = session.execute(select(NoiseSpan).where(NoiseSpan.article_id == article_id)
                            .order_by(NoiseSpan.start)).scalars().all()
    spans = ([Span(f"noise-{n.id}", n.start, n.end, "noise", n.label, f"page noise: {n.label}")
              for n in noise]
             + [Span(f"src-{s.id}", s.start, s.end, "contact", "contact",
                     f"contact #{c.id} ({c.kind})") for s, c in sources]
             + [Span(f"claim-{c.id}", c.start, c.end, "claim", c.kind,
                     f"claim: {c.kind}" + (f" by {name or c.attributed_to}" if (name or c.attributed_to) else ""))
                for c, name in claims])
    legend = sorted({(s.group, css_token(s.kind), s.kind) for s in spans})
    return ArticleView(article=article, segments=segments(article.text, spans),
                       claims=[(c, name) for c, name in claims],
                       sources=[(s, c) for s, c in sources], noise=list(noise), legend=legend)


@dataclass
class ArticleRow:
    article: Article
    contacts: int
    claims: int


def list_articles(session: Session, page: int = 1) -> tuple[list[ArticleRow], int]:
    """A page of articles (newest ingested first) with their contact and claim counts."""
    total = session.execute(select(func.count()).select_from(Article)).scalar_one()
    contacts = (select(func.count(ContactSource.contact_id.distinct()))
                .where(ContactSource.article_id == Article.id).scalar_subquery())
    claims = select(func.count()).where(Claim.article_id == Article.id).scalar_subquery()
    rows = session.execute(
        select(Article, contacts, claims)
        .order_by(Article.ingested_at.desc(), Article.id.desc())
        .limit(ARTICLES_PAGE).offset((max(page, 1) - 1) * ARTICLES_PAGE)).all()
    return [ArticleRow(a, n_contacts, n_claims) for a, n_contacts, n_claims in rows], total


def site_counts(session: Session) -> dict[str, int]:
    """Article and contact totals for the footer."""
    return {
        "articles": session.execute(select(func.count()).select_from(Article)).scalar_one(),
        "contacts": session.execute(select(func.count()).select_from(Contact).where(
            *review_conditions(Filter()))).scalar_one(),
    }


@dataclass
class Findings:
    """What one ingested article gave: its contacts (id, kind, names) and its claim count."""

    article_id: int
    contacts: list[tuple[int, str, str]]
    claims: int


def findings(session: Session, article_id: int) -> Findings:
    """The contacts and claims of one article, for the summary after an ingest."""
    contact_ids = select(ContactSource.contact_id).where(ContactSource.article_id == article_id)
    contacts = session.execute(select(Contact).where(Contact.id.in_(contact_ids))
                               .order_by(Contact.id)).scalars().all()
    from app.queries.timeline import load_rows

    rows = load_rows(session, contacts, with_topics=False)
    claims = session.execute(select(func.count()).select_from(Claim)
                             .where(Claim.article_id == article_id)).scalar_one()
    return Findings(article_id, [(r.id, r.kind, r.names or "(no named participant)") for r in rows],
                    claims)
