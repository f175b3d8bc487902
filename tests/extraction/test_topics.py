"""Topic taxonomy: cues from the data file, matching on folded text, masks, analyst-added topics."""

from __future__ import annotations

from app.extraction.topics import Taxonomy, get_taxonomy

REQUIRED = {"ukraine-war", "drones", "nuclear", "sanctions", "security", "counterterrorism",
            "military", "economy", "transport", "energy", "treaty", "multilateral"}

CASES = [
    ("Ils ont évoqué la situation en Ukraine.", ["ukraine-war"]),
    ("Les discussions ont porté sur la coopération sécuritaire et la lutte contre le terrorisme.",
     ["security", "counterterrorism"]),
    ("Le corridor de transport Nord-Sud et les échanges commerciaux étaient au menu.", ["economy", "transport"]),
    ("Ils ont abordé le programme nucléaire iranien et les sanctions occidentales.", ["nuclear", "sanctions"]),
    ("Un nouvel accord bilatéral global est en préparation.", ["treaty"]),
    ("La coopération au sein des BRICS et de l'OCS a été évoquée.", ["multilateral"]),
    ("Les livraisons de drones Shahed ont été discutées.", ["drones"]),
    ("Les exportations de gaz et de pétrole ont été évoquées.", ["energy"]),
    ("Les entretiens ont porté sur la coopération militaire.", ["military"]),
    ("Ils ont parlé du temps qu'il fait.", []),
]


def test_default_taxonomy_has_the_contract_slugs():
    assert REQUIRED <= set(get_taxonomy().slugs)


def test_topic_table():
    taxonomy = get_taxonomy()
    for text, expected in CASES:
        assert taxonomy.topics_in(text) == [s for s in taxonomy.slugs if s in expected], text


def test_masked_spans_are_not_topics():
    text = "Le secrétaire du Conseil de sécurité russe a parlé."
    start = text.index("secrétaire")
    end = text.index(" a parlé")
    assert get_taxonomy().topics_in(text) == ["security"]
    assert get_taxonomy().topics_in(text, masked=[(start, end)]) == []


def test_an_analyst_adds_a_topic_in_the_data_file(tmp_path):
    path = tmp_path / "topics.yaml"
    path.write_text(
        "- slug: space\n  label: Space\n  description: Satellites and launches.\n"
        "  cues: [satellite*, lanceur, Roscosmos]\n", encoding="utf-8")
    taxonomy = Taxonomy.load(path)
    assert taxonomy.topics_in("Un satellite iranien lancé par une fusée Soyouz.") == ["space"]
