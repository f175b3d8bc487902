"""The JSON API: each page's data from the same queries, with response models in the OpenAPI
document; /docs served from this origin."""

from __future__ import annotations

import re

from .test_claims_and_exports import listed_claim_ids
from .test_timeline import listed_contact_ids


def test_every_page_has_its_documented_json(client, corpus):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/contacts", "/api/contacts/{contact_id}", "/api/claims", "/api/actors",
                 "/api/actors/{actor_id}", "/api/topics", "/api/topics/{slug}", "/api/articles",
                 "/api/articles/{article_id}", "/export/contacts.csv", "/export/claims.json"):
        assert path in paths, path
    for path, item in paths.items():
        if path.startswith("/api/"):
            ok = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            assert ok, path  # a response model, not a bare object
    assert not any(p in paths for p in ("/", "/claims", "/articles/{article_id}"))
    names = {p["name"] for p in paths["/api/contacts"]["get"]["parameters"]}
    assert {"actor", "who", "q", "scope", "date_from", "page", "country"} <= names
    assert {"speaker", "hedged"} <= {p["name"] for p in paths["/api/claims"]["get"]["parameters"]}


def test_lists_match_their_pages(client, corpus):
    for query in ("", "actor=raisi", "q=Tehran", "topic=security&kind=visit"):
        api = {c["id"] for c in client.get(f"/api/contacts?{query}").json()["contacts"]}
        assert api == listed_contact_ids(client.get(f"/?{query}").text), query
    for query in ("", "kind=denial", "speaker=iran"):
        api = {c["id"] for c in client.get(f"/api/claims?{query}").json()["claims"]}
        assert api == listed_claim_ids(client.get(f"/claims?{query}").text), query


def test_contact_detail_carries_every_source_with_its_quote(client, corpus):
    data = client.get(f"/api/contacts/{corpus['meeting'].id}").json()
    assert data["date_reason"] == "mercredi before the 9 November dateline"
    by_title = {s["article"]["title"]: s for s in data["sources"]}
    assert set(by_title) == {"Patrouchev à Téhéran", "Moscou et Téhéran"}
    assert by_title["Moscou et Téhéran"]["differs"] == ["kind"]
    assert by_title["Moscou et Téhéran"]["quote"] == "Téhéran a reçu mercredi le chef de la sécurité russe Nikolaï"
    assert client.get("/api/contacts/999999").status_code == 404


def test_article_detail_gives_spans_that_index_the_stored_text(client, corpus):
    data = client.get(f"/api/articles/{corpus['first'].id}").json()
    assert data["contacts"] == 1 and data["claims"] == 2
    for span in data["spans"]:
        assert 0 <= span["start"] < span["end"] <= len(data["text"])
    quoted = {s["anchor"]: data["text"][s["start"]:s["end"]] for s in data["spans"]}
    assert quoted[f"claim-{corpus['denial'].id}"] == "ce que Téhéran dément"
    assert {s["group"] for s in data["spans"]} == {"contact", "claim", "noise"}


def test_actors_topics_and_articles(client, corpus):
    actors = {a["key"]: a for a in client.get("/api/actors?sort=contacts").json()}
    assert actors["raisi"]["contacts"] == 2 and actors["raisi"]["country_name"] == "Iran"
    assert actors["raisi"]["last_contact"] == "2022-11-09"
    assert [a["key"] for a in client.get("/api/actors?q=choigou").json()] == ["shoigu"]
    actor = client.get(f"/api/actors/{corpus['iran'].id}").json()
    assert [c["text"] for c in actor["claims_by"]] == ["ce que Téhéran dément"]
    topics = {t["slug"]: t["contacts"] for t in client.get("/api/topics").json()}
    assert topics["security"] == 2
    topic = client.get("/api/topics/drones").json()
    assert [c["id"] for c in topic["contact_list"]] == [corpus["meeting"].id]
    assert len(topic["claims"]) == 2
    assert client.get("/api/topics/drones?page=%C2%B2").status_code == 400
    listing = client.get("/api/articles").json()
    assert listing["total"] == 3 and {a["title"] for a in listing["articles"]} >= {"Patrouchev à Téhéran"}
    assert client.get("/api/articles?page=-3").status_code == 400


def test_docs_load_their_assets_from_this_origin_without_inline_script(client, corpus):
    response = client.get("/docs")
    html = response.text
    assert "content-security-policy" in response.headers
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources)
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)
    for asset in ("/static/swagger/swagger-ui-bundle.js", "/static/swagger/swagger-ui.css",
                  "/static/js/docs.js"):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/static/swagger/../../etc/passwd").status_code == 404
