"""The JSON API: every page's data, from the same query functions as the pages, with response
models (documented at ``/docs``). List endpoints take the Filter's query parameters; a value
that cannot be honoured is a 400 whose ``detail`` says why in one line."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from app.queries.actors import actor_summaries, actor_view, country_name
from app.queries.articles import ARTICLES_PAGE, article_view, list_articles
from app.queries.claims import ClaimRow, claims_page, load_claim_rows
from app.queries.contacts import contact_view
from app.queries.filters import MAX_VALUES, Filter, parse_page
from app.queries.sources import source_name
from app.queries.timeline import ContactRow, list_page
from app.queries.topics import topic_claims, topics_with_counts
from app.review.decisions import resolve_contact_id
from app.review.history import history
from app.storage.models import Article, Topic
from app.web import schemas
from app.web.deps import get_session
from app.web.filtering import strict_filter

router = APIRouter(prefix="/api", tags=["api"])

BAD_FILTER = {400: {"model": schemas.ErrorPublic, "description": "A filter value cannot be honoured"}}
NOT_FOUND = {404: {"model": schemas.ErrorPublic, "description": "No such item"}}


def _param(name: str, description: str, *, many: bool = False, example: str | None = None) -> dict:
    schema: dict = {"type": "array", "items": {"type": "string"}, "maxItems": MAX_VALUES} if many \
        else {"type": "string"}
    param = {"name": name, "in": "query", "required": False, "description": description,
             "schema": schema}
    if many:
        param["style"], param["explode"] = "form", True
    if example:
        param["example"] = [example] if many else example
    return param


COMMON = [
    _param("actor", "Actor keys; every one must take part (all of)", many=True, example="putin"),
    _param("who", "An actor's name or alias, resolved to a key (\"Shoigu\", \"Choïgou\")"),
    _param("topic", "Topic slugs (any of)", many=True),
    _param("kind", "Kinds (any of)", many=True),
    _param("outlet", "Outlets of the reporting articles (any of)", many=True),
    _param("date_from", "YYYY, YYYY-MM or YYYY-MM-DD"),
    _param("date_to", "YYYY, YYYY-MM or YYYY-MM-DD (not before date_from)"),
    _param("q", "Words, actor or place names (every spelling the gazetteer knows); all must match"),
    _param("scope", "Where q looks: 'contact' (own evidence, default) or 'article'"),
    _param("sort", "newest (default), oldest, kind; contacts also: sources"),
    _param("page", "Page number, 1 to 100000"),
]
CONTACT_PARAMS = COMMON + [
    _param("country", "Participant countries, ISO codes (any of)", many=True, example="IR"),
    _param("corroborated", "1: only contacts reported by two articles or more"),
]
CLAIM_PARAMS = COMMON + [
    _param("speaker", "Keys of the actors the claim is attributed to (any of)", many=True),
    _param("hedged", "1: hedged wording only; 0: firm wording only"),
]


def contact_public(row: ContactRow) -> schemas.ContactPublic:
    return schemas.ContactPublic(
        id=row.id, kind=row.kind, date=row.date, date_precision=row.date_precision,
        location=row.location, source_count=row.source_count,
        participants=[schemas.ParticipantPublic(actor_id=p.actor_id, key=p.key, name=p.name,
                                                country=p.country, role=p.role)
                      for p in row.participants],
        topics=[slug for slug, _label in row.topics],
        review=schemas.ReviewSummary(status=row.review_status, by=row.reviewed_by, at=row.reviewed_at))


def article_ref(article: Article) -> schemas.ArticleRef:
    name = source_name(article)
    return schemas.ArticleRef(id=article.id, title=name.title, title_derived=name.derived,
                              outlet=name.outlet, published=article.published,
                              published_precision=article.published_precision)


def claim_public(row: ClaimRow) -> schemas.ClaimPublic:
    c = row.claim
    date, precision, what = row.date
    speaker = (schemas.ActorRef(key=row.speaker[1], name=row.speaker[2]) if row.speaker
               else schemas.ActorRef(key=None, name=c.attributed_to) if c.attributed_to else None)
    return schemas.ClaimPublic(
        id=c.id, kind=c.kind, hedged=c.hedged, text=c.text, start=c.start, end=c.end,
        speaker=speaker, actors=[schemas.ActorRef(key=k, name=n) for _i, k, n in row.actors],
        topics=[slug for slug, _label in row.topics], date=date,
        date_precision=precision if date else "unknown", date_of=what,
        article=article_ref(row.article))


@router.get("/contacts", response_model=schemas.ContactList, responses=BAD_FILTER,
            summary="Contacts of a filter (the timeline's list), one page",
            openapi_extra={"parameters": CONTACT_PARAMS})
def api_contacts(request: Request, session: Session = Depends(get_session)):
    f = strict_filter(request, session, "contacts")
    page = list_page(session, f)
    return schemas.ContactList(filter=f.to_query(), total=page.total, page=page.number,
                               pages=page.pages, contacts=[contact_public(r) for r in page.rows])


@router.get("/contacts/{contact_id}", response_model=schemas.ContactDetail,
            responses={**NOT_FOUND, 308: {"description": "Merged into another contact: its URL"}},
            summary="One contact with every source, where they disagree, its review and history")
def api_contact(contact_id: int, session: Session = Depends(get_session)):
    target = resolve_contact_id(session, contact_id)
    if target is None:
        raise HTTPException(404, "No such contact")
    if target != contact_id:  # merged into another contact: a script follows it
        return RedirectResponse(f"/api/contacts/{target}", status_code=308)
    return contact_detail(session, contact_id)


def contact_detail(session: Session, contact_id: int) -> schemas.ContactDetail:
    """The one JSON shape of a contact: what GET answers and what every review change returns."""
    view = contact_view(session, contact_id)
    if view is None:
        raise HTTPException(404, "No such contact")
    c = view.contact
    return schemas.ContactDetail(
        **contact_public(view.row).model_dump(exclude={"review"}), date_reason=c.date_reason,
        conflicts=view.conflicts, suggestion_check=c.suggestion_check, retired=c.retired,
        sources=[schemas.SourcePublic(
            id=sv.source.id, article=article_ref(sv.article), quote=sv.source.quote,
            start=sv.source.start, end=sv.source.end, date=sv.source.date,
            date_precision=sv.source.date_precision, date_reason=sv.source.date_reason,
            location=sv.source.location, kind=sv.source.kind, differs=sv.differs,
            origin=sv.source.origin)
            for sv in view.sources],
        review=schemas.ReviewPublic(
            status=c.review_status, by=c.reviewed_by, at=c.reviewed_at, note=c.review_note,
            needs_rereview=c.needs_rereview, origin=c.origin, locked=sorted((c.locked or {}).keys())),
        history=[schemas.ReviewEventPublic.model_validate(e, from_attributes=True)
                 for e in history(session, "contact", contact_id)])


@router.get("/claims", response_model=schemas.ClaimList, responses=BAD_FILTER,
            summary="Claims of a filter (the claims view), one page",
            openapi_extra={"parameters": CLAIM_PARAMS})
def api_claims(request: Request, session: Session = Depends(get_session)):
    f = strict_filter(request, session, "claims")
    page = claims_page(session, f)
    return schemas.ClaimList(filter=f.to_query(), total=page.total, page=page.number,
                             pages=page.pages, claims=[claim_public(r) for r in page.rows])


@router.get("/actors", response_model=list[schemas.ActorPublic],
            summary="Actors taking part in contacts, with role, country, count and last contact")
def api_actors(q: str = "", sort: str = "name", session: Session = Depends(get_session)):
    return [schemas.ActorPublic(**{k: getattr(a, k) for k in schemas.ActorPublic.model_fields})
            for a in actor_summaries(session, q[:100], sort)]


@router.get("/actors/{actor_id}", response_model=schemas.ActorDetail, responses=NOT_FOUND,
            summary="One actor: roles, a page of their contacts, counterparts and the newest claims")
def api_actor(actor_id: int, request: Request, session: Session = Depends(get_session)):
    number, problem = parse_page(request.query_params.get("page"))
    if problem:
        raise HTTPException(400, f"page: {problem.message}")
    view = actor_view(session, actor_id, number)
    if view is None:
        raise HTTPException(404, "No such actor")
    a = view.actor
    by = load_claim_rows(session, [c.id for c, _a in view.claims_by])
    about = load_claim_rows(session, [c.id for c, _a in view.claims_about])
    return schemas.ActorDetail(
        id=a.id, key=a.key, name=a.name, country=a.country, country_name=country_name(a.country),
        kind=a.kind, aliases=list(a.aliases or []),
        roles=[schemas.RolePublic(title=r.get("title", ""), start=r.get("start"), end=r.get("end"))
               for r in a.roles or []],
        contacts_total=view.page.total, page=view.page.number, pages=view.page.pages,
        contacts=[contact_public(r) for r in view.page.rows],
        counterparts=[schemas.CounterpartPublic(actor=schemas.ActorRef(key=o.key, name=o.name),
                                                contacts=n) for o, n in view.counterparts],
        claims_by=[claim_public(r) for r in by], claims_about=[claim_public(r) for r in about],
        claims_by_total=view.claims_by_total, claims_about_total=view.claims_about_total)


@router.get("/topics", response_model=list[schemas.TopicPublic], summary="Topics with contact counts")
def api_topics(session: Session = Depends(get_session)):
    return [schemas.TopicPublic(slug=t.slug, label=t.label, description=t.description, contacts=n)
            for t, n in topics_with_counts(session)]


@router.get("/topics/{slug}", response_model=schemas.TopicDetail, responses={**NOT_FOUND, **BAD_FILTER},
            summary="One topic: a page of its contacts, and its claims")
def api_topic(slug: str, request: Request, session: Session = Depends(get_session)):
    topic = session.get(Topic, slug)
    if topic is None:
        raise HTTPException(404, "No such topic")
    number, problem = parse_page(request.query_params.get("page"))
    if problem:
        raise HTTPException(400, f"page: {problem.message}")
    page = list_page(session, Filter(topic=(slug,), page=number))
    claims = load_claim_rows(session, [c.id for c, _a in topic_claims(session, slug)])
    total = sum(n for t, n in topics_with_counts(session) if t.slug == slug)
    return schemas.TopicDetail(slug=topic.slug, label=topic.label, description=topic.description,
                               contacts=total, page=page.number, pages=page.pages,
                               contact_list=[contact_public(r) for r in page.rows],
                               claims=[claim_public(r) for r in claims])


def article_public(article: Article, contacts: int, claims: int) -> dict:
    return {**article_ref(article).model_dump(), "origin": article.origin,
            "origin_kind": article.origin_kind, "published_reason": article.published_reason,
            "ingested_at": article.ingested_at, "contacts": contacts, "claims": claims}


@router.get("/articles", response_model=schemas.ArticleList, responses=BAD_FILTER,
            summary="Articles, newest ingested first, with their contact and claim counts")
def api_articles(request: Request, session: Session = Depends(get_session)):
    number, problem = parse_page(request.query_params.get("page"))
    if problem:
        raise HTTPException(400, f"page: {problem.message}")
    rows, total = list_articles(session, number)
    return schemas.ArticleList(
        total=total, page=number, pages=max(1, -(-total // ARTICLES_PAGE)),
        articles=[schemas.ArticlePublic(**article_public(r.article, r.contacts, r.claims)) for r in rows])


@router.get("/articles/{article_id}", response_model=schemas.ArticleDetail, responses=NOT_FOUND,
            summary="One article: its stored text and every highlighted span (offsets into it)")
def api_article(article_id: int, session: Session = Depends(get_session)):
    view = article_view(session, article_id)
    if view is None:
        raise HTTPException(404, "No such article")
    spans = ([schemas.SpanPublic(anchor=f"src-{s.id}", group="contact", kind=c.kind, start=s.start,
                                 end=s.end, label=f"contact #{c.id} ({c.kind})", contact_id=c.id)
              for s, c in view.sources]
             + [schemas.SpanPublic(anchor=f"claim-{c.id}", group="claim", kind=c.kind, start=c.start,
                                   end=c.end, label=f"claim: {c.kind}", claim_id=c.id)
                for c, _name in view.claims]
             + [schemas.SpanPublic(anchor=f"noise-{n.id}", group="noise", kind=n.label, start=n.start,
                                   end=n.end, label=f"page noise: {n.label}") for n in view.noise])
    return schemas.ArticleDetail(**article_public(view.article, len(view.contacts), len(view.claims)),
                                 text=view.article.text, spans=sorted(spans, key=lambda s: s.start))
