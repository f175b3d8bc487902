"""Run-on and very long texts: bounded sentences, segmented parsing, offsets unchanged."""

from __future__ import annotations

import pytest

from app.extraction import nlp
from app.extraction.pipeline import extract_documents

pytestmark = pytest.mark.slow

RUN_ON_WORDS = ("le vice-ministre russe a accueilli la délégation iranienne qui avait rencontré "
                "le conseiller dont le bureau a appelé le ministre que Moscou a chargé de suivre "
                "le dossier et qui a évoqué avec eux les échanges puis ").split()


def run_on(words: int) -> str:
    return " ".join(RUN_ON_WORDS[i % len(RUN_ON_WORDS)] for i in range(words))


def test_run_on_text_is_cut_into_bounded_sentences() -> None:
    text = run_on(3000)
    doc = nlp.parse(text)
    lengths = [len([t for t in s if not t.is_space]) for s in doc.sents]
    assert max(lengths) <= nlp.HARD_MAX_TOKENS
    assert sum(lengths) == len([t for t in doc if not t.is_space])
    assert doc.text == text


@pytest.mark.parametrize("text", [
    # Long real-world sentences of several shapes stay whole.
    "Le ministre iranien des Affaires étrangères, arrivé mardi soir à Moscou à la tête d'une "
    "délégation de diplomates, d'experts du nucléaire et de responsables de la banque centrale, "
    "a été reçu mercredi par son homologue russe, avec qui il a évoqué, selon un communiqué "
    "publié à l'issue de la rencontre, la coopération énergétique, les corridors de transport "
    "vers l'océan Indien, le règlement des échanges en monnaies nationales et la situation au "
    "Proche-Orient, avant de s'entretenir avec le secrétaire du Conseil de sécurité.",
    "Selon l'agence officielle, qui cite un responsable ayant requis l'anonymat, le vice-ministre "
    "russe de la Défense, venu à Téhéran pour une visite de deux jours, aurait rencontré le chef "
    "d'état-major iranien, puis le commandant de la force aérospatiale, et aurait discuté avec "
    "eux de livraisons de drones, de pièces détachées, de munitions et de systèmes de défense "
    "aérienne, ce que Moscou n'a ni confirmé ni démenti jeudi.",
])
def test_long_news_sentences_are_not_cut(text: str) -> None:
    assert len(list(nlp.parse(text).sents)) == 1


def test_segments_join_back_to_the_text() -> None:
    text = ("Premier paragraphe sur une rencontre.\n" * 50) + ("mot " * 400) + "fin"
    pieces = nlp.segments(text, 500)
    assert "".join(pieces) == text
    assert all(len(piece) <= 500 for piece in pieces)
    assert pieces[0].endswith("\n")


def test_text_longer_than_spacy_max_length_is_parsed_in_segments() -> None:
    """spaCy refuses a text over its max_length (E088); segments keep every offset exact."""
    paragraph = ("Le président russe Vladimir Poutine a reçu le 12 mars 2024 à Moscou le ministre "
                 "iranien des Affaires étrangères Hossein Amir-Abdollahian pour évoquer la "
                 "coopération économique.\n")
    text = paragraph * 60
    model = nlp.get_nlp()
    saved = model.max_length
    model.max_length = 2000
    try:
        (doc,) = list(nlp.parse_many([text]))
        (extraction,) = extract_documents([("long", text)])
    finally:
        model.max_length = saved
    assert doc.text == text
    assert len(list(doc.sents)) == 60
    assert len(extraction.contacts) >= 1
    for contact in extraction.contacts:
        for source in contact.sources:
            assert text[source.start:source.end] == source.quote
