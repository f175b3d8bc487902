"""The actor gazetteer: alias matching on real-looking French sentences."""

from __future__ import annotations

import pytest

from app.extraction.gazetteer import get_gazetteer


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Selon l'agence Tass, le ministre est arrivé à Téhéran.", ["tass", "iran"]),
        ("L'agence officielle Irna rapporte la rencontre.", ["irna"]),
        ("Le Kremlin a confirmé l'appel entre Poutine et Pezeshkian.", ["kremlin", "putin", "pezeshkian"]),
        ("M. Choigou a rencontré le général Bagheri.", ["shoigu", "bagheri"]),
        ("L'UE a adopté un nouveau paquet de sanctions.", ["eu"]),
        # Lower-case "ue" inside prose is a word ending, never the European Union.
        ("La flotte a été déployée au large de la côte.", []),
        ("Nikolai Patrushev et Ali Akbar Ahmadian se sont rencontrés à Moscou.", ["patrushev", "ahmadian", "russia"]),
    ],
)
def test_mentions_resolve_aliases(sentence: str, expected: list[str]) -> None:
    keys = [m.key for m in get_gazetteer().find_mentions(sentence)]
    assert keys == expected


def test_mention_offsets_index_the_original_text() -> None:
    text = "Le ministre Sergueï Choïgou est arrivé mardi en Iran."
    for mention in get_gazetteer().find_mentions(text):
        assert text[mention.start:mention.end] == mention.surface


@pytest.mark.parametrize(
    ("title", "day", "holder"),
    [
        ("président iranien", "2022-11-09", "raisi"),
        ("président iranien", "2024-10-23", "pezeshkian"),
        ("président iranien", "2019-06-01", "rouhani"),
        ("ministre russe de la Défense", "2023-09-19", "shoigu"),
        ("ministre russe de la Défense", "2024-09-01", "belousov"),
        ("secrétaire du Conseil suprême de sécurité nationale", "2024-01-24", "ahmadian"),
    ],
)
def test_office_holders_on_a_day(title: str, day: str, holder: str) -> None:
    assert [a.key for a in get_gazetteer().holders(title, on=day)] == [holder]


def test_data_dir_overrides_only_the_files_it_holds(tmp_path, monkeypatch) -> None:
    from app.extraction.datafiles import PACKAGED, data_file

    (tmp_path / "topics.yaml").write_text("[]\n", encoding="utf-8")
    monkeypatch.setenv("LIAISON_DATA_DIR", str(tmp_path))
    assert data_file("topics.yaml") == tmp_path / "topics.yaml"
    assert data_file("actors.yaml") == PACKAGED / "actors.yaml"


FUZZY = [
    ("Poutne a reçu mardi son invité.", "putin"),
    ("Hier, Amirabdollahian est arrivé à Moscou.", "amir-abdollahian"),
    ("Selon Lavrof, la coopération progresse.", "lavrov"),
    ("Arakchi s'est rendu à Moscou.", "araghchi"),
    ("Le président Mokhbere a parlé.", "mokhber"),
]


@pytest.mark.parametrize(("text", "key"), FUZZY)
def test_a_misspelt_surname_is_matched(text, key):
    from app.extraction.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    assert [m.key for m in gaz.find_mentions(text) if gaz.actors[m.key].kind == "person"] == [key]


@pytest.mark.parametrize("text", [
    "Bagheri a parlé.",  # part of a listed name ("Mohammad Bagheri"): not a misspelt "Baghaei"
    "Moscou et Pékin ont parlé.",
    "Poursuivant sa tournée, le ministre a parlé.",
    "La Turquie et la Chine ont parlé.",
])
def test_no_misspelling_is_read_into_ordinary_words(text):
    from app.extraction.gazetteer import get_gazetteer

    assert all(m.surface.lower() in {"moscou", "pékin", "turquie", "chine"} for m in get_gazetteer().find_mentions(text))
