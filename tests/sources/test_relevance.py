"""Relevance of arriving items: both sides named (gazetteer actors or side words), or a term."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sources.relevance import Relevance, get_relevance

KEPT = [
    # a person of each side, both word orders
    ("Vladimir Poutine a téléphoné jeudi à Massoud Pezeshkian.", "names Russia (Vladimir Poutine) and Iran (Massoud Pezeshkian)"),
    ("Massoud Pezeshkian a reçu un appel de Vladimir Poutine jeudi.", "names Russia (Vladimir Poutine) and Iran (Massoud Pezeshkian)"),
    # capitals as metonyms
    ("Téhéran et Moscou préparent un accord sur le gaz.", "names Russia (Moscou) and Iran (Téhéran)"),
    ("Moscou a livré des turbines à Téhéran.", "names Russia (Moscou) and Iran (Téhéran)"),
    # side words of relevance.yaml, without any gazetteer name
    ("Le vice-ministre iranien s'est rendu à la Douma mardi.", "names Russia (Douma) and Iran (iranien)"),
    ("Des diplomates russes ont accueilli une délégation iranienne.", "names Russia (russes) and Iran (iranienne)"),
    # a term alone
    ("Le partenariat irano-russe avance lentement.", "uses the term “irano-russe”"),
    ("Nouvelle étape du rapprochement russo-iranien dans l'espace.", "uses the term “russo-iranien”"),
]

SKIPPED = [
    ("Le Kremlin a commenté les élections en Moldavie.", "names Russia (Kremlin) but not Iran"),
    ("Téhéran a convoqué l'ambassadeur de France.", "names Iran (Téhéran) but not Russia"),
    ("Le chancelier allemand a été reçu à Pékin.", "names neither Russia nor Iran"),
    # "russes" inside another word, or an accent-less lookalike, names nobody
    ("Les Prusses et les Perses dans un musée de Berlin.", "names neither Russia nor Iran"),
]


@pytest.mark.parametrize(("text", "reason"), KEPT)
def test_items_naming_both_sides_or_a_term_are_kept(text: str, reason: str) -> None:
    decision = get_relevance().decide(text)
    assert decision.relevant
    assert decision.reason == reason


@pytest.mark.parametrize(("text", "reason"), SKIPPED)
def test_other_items_are_skipped_with_the_reason(text: str, reason: str) -> None:
    decision = get_relevance().decide(text)
    assert not decision.relevant
    assert decision.reason == reason


def test_a_source_term_keeps_an_item_the_shared_rule_would_skip() -> None:
    text = "Le port de Bandar Abbas reçoit un nouveau terminal céréalier."
    assert not get_relevance().decide(text).relevant
    decision = get_relevance().decide(text, ["Bandar Abbas"])
    assert decision.relevant and decision.reason == "uses the term “Bandar Abbas”"


def test_the_data_file_can_be_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "relevance.yaml").write_text(
        "sides:\n  - {country: RU, label: Russie, words: [russe]}\n  - {country: CN, label: Chine, words: [chinois]}\n"
        "terms: []\n", encoding="utf-8")
    monkeypatch.setenv("LIAISON_DATA_DIR", str(tmp_path))
    decision = get_relevance().decide("Un cargo russe dans un port chinois.")
    assert decision.relevant and decision.reason == "names Russie (russe) and Chine (chinois)"


@pytest.mark.parametrize("content", [
    "sides: []\n",
    "sides:\n  - {country: RU, label: Russia}\n",
    "sides:\n  - {country: RU}\n  - {country: IR, label: Iran}\n",
    "sides:\n  - {country: RU, label: Russia}\n  - {country: IR, label: Iran}\nterms: russo-iranien\n",
])
def test_a_malformed_data_file_is_refused_by_name(tmp_path: Path, content: str) -> None:
    path = tmp_path / "relevance.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="relevance.yaml"):
        Relevance.load(path)
