"""Contact, source (article), actor, topic and articles pages through the real app."""

from __future__ import annotations

import re

from sqlmodel import Session

from app.queries.articles import Span, segments
from app.storage.db import get_engine

from . import factories


def test_contact_page_shows_date_reason_participants_and_every_source(client, corpus):
    c = corpus["meeting"]
    html = client.get(f"/contacts/{c.id}").text
    assert "2022-11-09" in html and "mercredi before the 9 November dateline" in html
    for name in ("Nikolai Patrushev", "Ali Shamkhani", "Ebrahim Raisi"):
        assert name in html
    assert "Tehran" in html and "Drones" in html and "Security" in html
    links = re.findall(r'href="/articles/(\d+)#src-(\d+)"', html)
    assert {int(a) for a, _s in links} == {corpus["first"].id, corpus["second"].id}
    assert "Agence" in html and "Hebdo" in html
    assert "s&#39;est entretenu mercredi à Téhéran" in html


def test_contact_page_shows_where_sources_disagree(client, corpus):
    html = client.get(f"/contacts/{corpus['meeting'].id}").text
    assert "Where the sources disagree" in html
    # Sources are listed oldest publication first ("2022-11" sorts before "2022-11-09").
    assert re.search(r"<strong>kind</strong> \(merged: meeting\): visit <span class=\"muted\">in Moscou et Téhéran</span>"
                     r" · meeting <span class=\"muted\">in Patrouchev à Téhéran</span>", html)
    assert html.count('class="differs"') == 1


def test_conflicts_recorded_at_merge_are_listed(migrated_db, client, corpus):
    with Session(get_engine(migrated_db)) as session:
        row = session.get(type(corpus["call"]), corpus["call"].id)
        row.conflicts = {"location": ["Moscou", "Téhéran"]}
        session.add(row)
        session.commit()
    html = client.get(f"/contacts/{corpus['call'].id}").text
    assert "<strong>location</strong>: Moscou · Téhéran" in html


def test_less_precise_source_date_is_consistent_not_a_conflict(migrated_db, client, corpus):
    from sqlalchemy import select

    from app.storage.models import ContactSource
    with Session(get_engine(migrated_db)) as session:
        source = session.execute(select(ContactSource).where(
            ContactSource.contact_id == corpus["meeting"].id)).scalars().first()
        source.date, source.date_precision = "2022-11", "month"
        session.add(source)
        session.commit()
    html = client.get(f"/contacts/{corpus['meeting'].id}").text
    assert "less precise, consistent" in html
    assert "<strong>date</strong>" not in html


def test_contact_without_disagreement_has_no_conflict_section(client, corpus):
    assert "Where the sources disagree" not in client.get(f"/contacts/{corpus['call'].id}").text


def test_undated_contact_says_undated(client, corpus):
    html = client.get(f"/contacts/{corpus['visit'].id}").text
    assert 'class="undated-tag">undated' in html


def test_source_view_highlights_every_span_with_its_anchor(client, corpus):
    article = corpus["first"]
    html = client.get(f"/articles/{article.id}").text
    source_id = re.search(rf'href="/articles/{article.id}#src-(\d+)"',
                          client.get(f"/contacts/{corpus['meeting'].id}").text).group(1)
    assert f'id="src-{source_id}"' in html
    assert f'id="claim-{corpus["accusation"].id}"' in html and f'id="claim-{corpus["denial"].id}"' in html
    assert re.search(r'<mark class="[^"]*g-noise[^"]*"[^>]*title="page noise: cookie banner"[^>]*>Accepter les cookies</mark>', html)
    assert "Agence" in html and "dateline" in html and "test.txt" in html


def test_source_view_text_is_the_stored_text(client, corpus):
    html = client.get(f"/articles/{corpus['first'].id}").text
    body = re.search(r'<div class="text" id="article-text">(.*?)</div>', html, re.S).group(1)
    visible = re.sub(r"<[^>]+>", "", body).replace("&#39;", "'").replace("&amp;", "&")
    assert visible == corpus["first"].text


def test_article_text_is_escaped(client, corpus):
    html = client.get(f"/articles/{corpus['third'].id}").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in html


def test_overlapping_spans_split_into_segments():
    text = "Le président a reçu son homologue à Téhéran."
    source_start, claim_start = text.index("président"), text.index("a reçu")
    spans = [Span("src-1", source_start, text.index(" à Téhéran"), "contact", "contact", "contact"),
             Span("claim-2", claim_start, text.index("."), "claim", "report", "claim: report")]
    pieces = segments(text, spans)
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, [s.anchor for s in p.spans]) for p in pieces] == [
        ("Le ", []),
        ("président ", ["src-1"]),
        ("a reçu son homologue", ["src-1", "claim-2"]),
        (" à Téhéran", ["claim-2"]),
        (".", []),
    ]
    assert pieces[1].opens == ["src-1"] and pieces[2].opens == ["claim-2"]
    assert "overlap" in pieces[2].classes


def test_spans_outside_the_text_are_ignored():
    pieces = segments("court", [Span("claim-9", 2, 50, "claim", "statement", "x")])
    assert [p.text for p in pieces] == ["court"] and not pieces[0].spans


def test_overlapping_claim_and_source_render_in_the_page(migrated_db, client, corpus):
    with Session(get_engine(migrated_db)) as session:
        art = session.get(type(corpus["first"]), corpus["first"].id)
        overlap = factories.claim(session, art, "Ebrahim Raïssi et avec Ali Shamkhani", "report")
        session.commit()
        claim_id = overlap.id
    html = client.get(f"/articles/{corpus['first'].id}").text
    assert re.search(rf'<mark class="[^"]*overlap[^"]*" data-anchors="src-\d+ claim-{claim_id}"[^>]*>Ebrahim Raïssi</mark>', html)
    assert re.search(rf'<mark class="[^"]*" data-anchors="claim-{claim_id}"[^>]*> et avec Ali Shamkhani</mark>', html)


def test_actor_page_shows_roles_aliases_contacts_counterparts_and_claims(client, corpus):
    html = client.get(f"/actors/{corpus['putin'].id}").text
    assert "President of Russia" in html and "2012-05-07" in html and "Poutine" in html
    assert f'data-contact-id="{corpus["call"].id}"' in html
    assert 'id="counterparts-chart"' in html and "Ebrahim Raisi" in html
    iran = client.get(f"/actors/{corpus['iran'].id}").text
    assert "ce que Téhéran dément" in iran
    assert f'href="/articles/{corpus["first"].id}#claim-{corpus["denial"].id}"' in iran


def test_topic_pages(client, corpus):
    listing = client.get("/topics").text
    assert 'href="/topics/security"' in listing
    html = client.get("/topics/drones").text
    assert f'data-contact-id="{corpus["meeting"].id}"' in html
    assert "Kiev accuse Moscou" in html
    assert client.get("/topics/nope").status_code == 404


def test_articles_list_counts_contacts_and_claims(client, corpus):
    html = client.get("/articles").text
    row = re.search(rf'<a href="/articles/{corpus["first"].id}">Patrouchev à Téhéran</a>.*?</tr>', html, re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["1", "2"]


def csrf_token(client) -> str:
    """The token the articles page embeds in its forms (the session cookie stays in the client)."""
    return re.search(r'name="csrf_token" value="([^"]*)"', client.get("/articles").text).group(1)


def test_paste_of_empty_text_is_refused_with_a_reason(client, corpus):
    response = client.post("/articles/paste",
                           data={"text": "   ", "title": "vide", "csrf_token": csrf_token(client)})
    assert response.status_code == 200
    assert "outcome-failed" in response.text
    assert len(re.findall(r'<a href="/articles/\d+">', response.text)) == 3


def test_upload_reports_each_file_with_reasons(client, corpus):
    files = [("files", ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "image/png")),
             ("files", ("vide.txt", b"", "text/plain"))]
    response = client.post("/articles/upload", files=files, data={"csrf_token": csrf_token(client)},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.text
    assert body.lstrip().startswith('<section id="ingest-results"')
    assert body.count("outcome-failed") == 2
    assert "photo.png" in body and "vide.txt" in body


def test_missing_pages_are_404(client, corpus):
    for url in ("/contacts/999999", "/articles/999999", "/actors/999999", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Back to the timeline" in response.text
    assert client.get("/api/nowhere").json() == {"detail": "Not Found"}


def test_layout_has_navigation_search_and_footer_counts(client, corpus):
    html = client.get(f"/contacts/{corpus['call'].id}").text
    assert 'role="search"' in html and 'aria-label="Main"' in html
    assert "3 articles · 3 contacts" in html


def test_pages_load_scripts_only_from_this_origin_and_inline_none(client, corpus):
    for url in ("/", f"/contacts/{corpus['meeting'].id}", f"/articles/{corpus['first'].id}",
                f"/actors/{corpus['raisi'].id}", "/articles"):
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\ssrc=\"/static/)", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        assert "http://" not in html.replace("http://testserver", "") and "https://" not in html


def test_plotly_and_htmx_are_served_locally(client, corpus):
    plotly = client.get("/static/plotly.min.js")
    assert plotly.status_code == 200 and "javascript" in plotly.headers["content-type"]
    assert len(plotly.content) > 1_000_000
    assert client.get("/static/js/app.js").status_code == 200


def test_noise_spans_carry_a_visible_label(client, corpus):
    html = client.get(f"/articles/{corpus['first'].id}").text
    assert 'data-noise-label="page noise: cookie banner">Accepter les cookies</mark>' in html
