"""Topic taxonomy: cues from the data file, matching on folded text, masks, analyst-added topics."""

from __future__ import annotations

import pytest

from app.extraction.datamodels import DataFileError
from app.extraction.topics import PassageCues, Taxonomy, get_taxonomy

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
    ("Les pourparlers de Vienne et le rôle de l'AIEA ont été abordés.", ["nuclear"]),
    ("Ils ont dénoncé les mesures coercitives des pays occidentaux.", ["sanctions"]),
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


def test_a_bad_topics_file_names_the_file_and_the_key(tmp_path):

    path = tmp_path / "topics.yaml"
    path.write_text("- slug: space\n  cues: [satellite]\n- slug: Bad Slug\n  cues: [x]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"topics\.yaml: 1\.slug"):
        Taxonomy.load(path)
    path.write_text("- slug: space\n  cues: []\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"topics\.yaml: 0\.cues"):
        Taxonomy.load(path)
    path.write_text("- slug: space\n  cues: [a]\n  colour: red\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"colour"):
        Taxonomy.load(path)


def test_a_bad_passage_file_names_the_key(tmp_path):

    path = tmp_path / "topic_passages.yaml"
    path.write_text("talks: [abordé]\nback_references: [cette rencontre]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"topic_passages\.yaml: points_back"):
        PassageCues.load(path)


PASSAGES = [
    # the meeting named again, then a participant's own words
    ("Moscou, 4 mars 2024. Vladimir Poutine a reçu mardi au Kremlin le président iranien Ebrahim Raïssi.\n"
     "Lors de cette rencontre, le président iranien a plaidé pour une riposte commune aux sanctions.\n"
     "« Le corridor Nord-Sud doit être achevé au plus vite », a déclaré Ebrahim Raïssi.\n"
     "Par ailleurs, le prix du blé a fortement baissé cette année.\n",
     {"sanctions", "transport"}, {"economy"}),
    # what was said, then "C'est ce qu'a déclaré X lors d'un entretien avec Y"
    ("Téhéran, 5 mai 2024. L'Iran veut renforcer sa coopération au sein des BRICS. "
     "C'est ce qu'a déclaré Ebrahim Raïssi lors d'un entretien téléphonique avec Vladimir Poutine.\n",
     {"multilateral"}, set()),
    # a pronoun subject and the meeting named with a definite article, past a byline
    ("Moscou, 4 mars 2024. Vladimir Poutine a reçu mardi au Kremlin le président iranien Ebrahim Raïssi.\n"
     "Avec notre envoyé spécial\n"
     "La rencontre a porté en grande partie sur les sanctions.\n"
     "Il a aussi plaidé pour un accord de libre-échange.\n"
     "Le prix du pétrole a baissé.\n",
     {"sanctions", "economy"}, {"energy"}),
    # what the talks covered, in the next sentence
    ("Sergueï Lavrov a rencontré lundi à Moscou son homologue iranien Hossein Amir-Abdollahian.\n"
     "Les deux ministres ont abordé le programme nucléaire et les livraisons de gaz.\n"
     "Un autre sujet, le tourisme, progresse.\n",
     {"nuclear", "energy"}, set()),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), PASSAGES, ids=["back-reference", "points-back", "pronoun-and-byline", "talks"])
def test_contact_takes_the_topics_of_its_passage(text, wanted, unwanted):
    from app.extraction.pipeline import extract_documents

    (extraction,) = extract_documents([("passage.txt", text)])
    assert extraction.contacts, "the contact itself must be found"
    topics = set().union(*(c.topics for c in extraction.contacts))
    assert wanted <= topics
    assert not unwanted & topics
