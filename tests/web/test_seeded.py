"""Every page over the seed articles ingested through the real pipeline."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow


def test_every_page_of_the_seeded_database_renders(seeded_client):
    client = seeded_client
    home = client.get("/").text
    contact_ids = set(re.findall(r'href="/contacts/(\d+)"', home))
    assert contact_ids
    article_ids, actor_ids = set(), set()
    for cid in contact_ids:
        page = client.get(f"/contacts/{cid}")
        assert page.status_code == 200
        article_ids |= set(re.findall(r'href="/articles/(\d+)#src-\d+"', page.text))
        actor_ids |= set(re.findall(r'href="/actors/(\d+)"', page.text))
    for aid in article_ids:
        page = client.get(f"/articles/{aid}").text
        assert 'class="seg g-contact' in page
    for actor in actor_ids:
        assert client.get(f"/actors/{actor}").status_code == 200
    assert client.get("/topics").status_code == 200 and client.get("/articles").status_code == 200


def test_quotes_on_the_source_view_match_the_stored_spans(seeded_client):
    client = seeded_client
    api = client.get("/api/contacts").json()
    assert api["total"] >= 1
    contact = client.get(f"/contacts/{api['contacts'][0]['id']}").text
    for aid, sid in re.findall(r'href="/articles/(\d+)#src-(\d+)"', contact):
        page = client.get(f"/articles/{aid}").text
        marks = re.findall(rf'<mark class="[^"]*" data-anchors="[^"]*\bsrc-{sid}\b[^"]*"[^>]*>(.*?)</mark>', page, re.S)
        assert marks, (aid, sid)


def test_undated_seed_contact_is_in_the_undated_section(seeded_client):
    html = seeded_client.get("/").text
    undated = html.split('id="undated"', 1)[1].split("</section>", 1)[0]
    assert "Shoigu" in undated
