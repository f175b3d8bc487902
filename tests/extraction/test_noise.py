"""Page furniture found in article text, and article prose left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.extraction.noise import find_noise
from app.extraction.records import NoiseSpan

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def labelled(text: str) -> list[tuple[str, str]]:
    return [(n.label, text[n.start:n.end]) for n in find_noise(text)]


def noise_text(text: str, label: str | None = None) -> str:
    return "\n".join(t for lab, t in labelled(text) if label is None or lab == label)


def assert_well_formed(text: str, spans: list[NoiseSpan]) -> None:
    assert spans == sorted(spans, key=lambda s: s.start)
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end].strip() == text[s.start:s.end]


def body_paragraphs(text: str) -> list[str]:
    """Every paragraph a test names as article prose must stay outside noise."""
    return [p for p in text.split("\n") if p.startswith(("Le ", "La ", "Les ", "Selon", "«"))]


# ---------------------------------------------------------------- seeds


def test_seed_002_page_furniture() -> None:
    text = seed("002")
    spans = find_noise(text)
    assert_well_formed(text, spans)
    labels = [s.label for s in spans]
    assert labels.count("social-follow") == 2
    assert "audio-notice" in labels and "photo-caption" in labels and "cookie-banner" in labels
    assert "mécanisme de lecture" in noise_text(text, "audio-notice")
    captions = noise_text(text, "photo-caption")
    assert "© Alexeï Nikolski / RIA Novosti" in captions
    assert "le 21 février 2022 (photo d'illustration)." in captions
    assert "Raconter l'actualité" == noise_text(text, "navigation").split("\n")[0]
    assert "OK" in noise_text(text, "navigation").split("\n")
    cookies = noise_text(text, "cookie-banner")
    assert cookies.startswith('En cliquant sur "Tout Accepter"')
    assert cookies.endswith("Tout AccepterTout refuserParamétrer vos choix")
    assert "RT en français utilise des cookies" in cookies


def test_seed_002_keeps_title_subheading_and_paragraphs() -> None:
    text = seed("002")
    noise = noise_text(text)
    assert "Coopération russo-iranienne : les secrétaires des Conseils de sécurité se rencontrent à Moscou\n" \
        in text[: text.index("Nous avons")]
    first_line_end = text.index("\n")
    assert all(s.start >= first_line_end for s in find_noise(text))
    for kept in ("a rencontré ce 24 janvier à Moscou son homologue iranien",
                 "Des relations bilatérales en plein essor",
                 "assure la présidence tournante en 2024",
                 "avait précisé le 17 janvier Maria Zakharova"):
        assert kept not in noise


def test_seed_004_most_commented_list_is_noise_and_only_it() -> None:
    text = seed("004")
    spans = find_noise(text)
    assert [s.label for s in spans] == ["related-list"]
    (span,) = spans
    assert text[span.start:].startswith("Les plus commentés\n")
    assert text[span.end - len("experts en cybersécurité"):span.end] == "experts en cybersécurité"
    assert "Depuis le début de l'année" not in text[span.start:span.end]


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_plain_wire_seeds_have_no_noise(prefix: str) -> None:
    assert find_noise(seed(prefix)) == []


# ---------------------------------------------------------------- page dumps of our own

LE_MONDE = """\
International
Iran : Téhéran et Moscou signent un accord de coopération militaire
Le ministre iranien de la défense a reçu son homologue russe à Téhéran, mardi.
Le Monde avec AFP
Publié le 19 septembre 2023 à 14h02
Article réservé aux abonnés
Écouter cet article
Partager
Le ministre russe de la défense, Sergueï Choïgou, est arrivé mardi 19 septembre à Téhéran pour une visite officielle de deux jours, a annoncé l'agence officielle IRNA, au moment où les Occidentaux accusent l'Iran de fournir des drones à Moscou.
Lire aussi : Guerre en Ukraine : les drones iraniens au cœur de l'offensive russe
Selon le ministère russe, les discussions porteront sur la coopération militaire et technique entre les deux pays, sous le coup de sanctions occidentales.
Il vous reste 62% de cet article à lire. La suite est réservée aux abonnés.
Sergueï Choïgou à Téhéran, le 19 septembre 2023. IRANIAN DEFENCE MINISTRY / via REUTERS
"""


def test_le_monde_style_dump() -> None:
    found = labelled(LE_MONDE)
    by_text = {t: lab for lab, t in found}
    assert by_text["Article réservé aux abonnés"] == "newsletter"
    assert by_text["Écouter cet article"] == "audio-notice"
    assert by_text["Partager"] == "navigation"
    assert by_text["Lire aussi : Guerre en Ukraine : les drones iraniens au cœur de l'offensive russe"] \
        == "related-list"
    assert by_text["Il vous reste 62% de cet article à lire. La suite est réservée aux abonnés."] == "newsletter"
    assert by_text["Sergueï Choïgou à Téhéran, le 19 septembre 2023. IRANIAN DEFENCE MINISTRY / via REUTERS"] \
        == "photo-caption"
    noise = noise_text(LE_MONDE)
    assert "Le ministre russe de la défense, Sergueï Choïgou, est arrivé mardi" not in noise
    assert "Selon le ministère russe" not in noise
    assert_well_formed(LE_MONDE, find_noise(LE_MONDE))


FRANCE_24 = """\
Poutine et Raïssi s'entretiennent au téléphone

Publicité

Le président russe Vladimir Poutine s'est entretenu samedi par téléphone avec son homologue iranien Ebrahim Raïssi, a annoncé le Kremlin, qui évoque un renforcement de la coopération commerciale.

Les deux dirigeants ont notamment discuté du corridor de transport Nord-Sud, selon le communiqué.

Suivez-nous sur WhatsApp
Recevez chaque jour l'essentiel de l'actualité internationale. Je m'abonne
Abonnez-vous à notre newsletter

À lire aussi
Ukraine : Kiev accuse Moscou d'utiliser des drones iraniens
L'Iran dément toute livraison d'armes à la Russie

Le Conseil de l'Europe réclame de nouvelles sanctions contre Téhéran.
"""


def test_france_24_style_dump() -> None:
    by_text = {t: lab for lab, t in labelled(FRANCE_24)}
    assert by_text["Publicité"] == "advertisement"
    assert by_text["Suivez-nous sur WhatsApp"] == "social-follow"
    assert "Abonnez-vous à notre newsletter" in [t for lab, t in labelled(FRANCE_24) if lab == "newsletter"][0]
    related = noise_text(FRANCE_24, "related-list")
    assert related.startswith("À lire aussi\nUkraine : Kiev accuse Moscou")
    noise = noise_text(FRANCE_24)
    assert "Le président russe Vladimir Poutine s'est entretenu samedi" not in noise
    assert "Les deux dirigeants ont notamment discuté" not in noise
    # A single "À lire aussi" takes one headline; the prose that follows stays article text.
    assert "Le Conseil de l'Europe réclame" not in noise


LE_FIGARO = """\
Moscou et Téhéran resserrent leurs liens sécuritaires
Par Le Figaro avec AFP
Le secrétaire du Conseil de sécurité russe, Nikolaï Patrouchev, le 12 mars 2023 à Moscou. Crédit photo : SPUTNIK / REUTERS
Le secrétaire du Conseil de sécurité russe Nikolaï Patrouchev a reçu lundi à Moscou son homologue iranien, a indiqué le Kremlin dans un communiqué.
Les deux responsables ont évoqué « la lutte contre le terrorisme » et la coopération entre services de renseignement.
Nous utilisons des cookies pour vous proposer des contenus adaptés à vos centres d'intérêt. En cliquant sur Accepter, vous acceptez notre politique de confidentialité.
Accepter Refuser Paramétrer vos choix
Les plus lus
Présidentielle américaine : les derniers sondages
Guerre au Proche-Orient : ce que l'on sait des frappes de la nuit
Réforme des retraites : le gouvernement recule
"""


def test_le_figaro_style_dump() -> None:
    found = labelled(LE_FIGARO)
    labels = [lab for lab, _ in found]
    assert labels == ["photo-caption", "cookie-banner", "related-list"]
    assert noise_text(LE_FIGARO, "cookie-banner").endswith("Accepter Refuser Paramétrer vos choix")
    assert noise_text(LE_FIGARO, "related-list").count("\n") == 3
    assert "a reçu lundi à Moscou son homologue iranien" not in noise_text(LE_FIGARO)


RFI = """\
Iran-Russie: visite du chef de la diplomatie iranienne à Moscou
Écouter - 02:31
Le chef de la diplomatie iranienne Hossein Amir-Abdollahian est arrivé à Moscou, mercredi 29 mars, pour des entretiens avec Sergueï Lavrov.
Le ministre iranien des Affaires étrangères Hossein Amir-Abdollahian (à gauche) et son homologue russe Sergueï Lavrov, le 29 mars 2023. © AP
La rencontre intervient alors que l'Iran cherche à approfondir son partenariat avec la Russie.
Suivez toute l'actualité internationale en téléchargeant l'application RFI
Sur le même sujet
Iran: Téhéran répond aux accusations de Kiev
Russie: le Kremlin salue « un partenaire fiable »
"""


def test_rfi_style_dump() -> None:
    by_label: dict[str, list[str]] = {}
    for lab, t in labelled(RFI):
        by_label.setdefault(lab, []).append(t)
    assert by_label["audio-notice"] == ["Écouter - 02:31"]
    assert any("© AP" in t for t in by_label["photo-caption"])
    assert by_label["related-list"][0].startswith("Sur le même sujet\nIran: Téhéran répond")
    assert "est arrivé à Moscou, mercredi 29 mars" not in noise_text(RFI)
    assert "La rencontre intervient alors que" not in noise_text(RFI)


# ---------------------------------------------------------------- prose that only looks like noise

PROSE = [
    # cookie legislation, told in the third person
    "La CNIL a infligé une amende de 150 millions d'euros à Google pour ses cookies publicitaires, "
    "jugeant que le refus des traceurs était plus difficile que leur acceptation.",
    # personal data and consent, in a quotation
    "« Vous devez protéger les données personnelles de nos citoyens », a exigé le ministre, qui réclame le "
    "consentement explicite des usagers avant tout transfert vers l'étranger.",
    # a voice generated by AI, in a news story about disinformation
    "Selon les enquêteurs, une voix générée par l'IA imitant le ministre a été diffusée sur Telegram "
    "pendant plusieurs heures avant d'être retirée par la plateforme.",
    # "suivez" inside a quotation
    "« Suivez les consignes des autorités », a lancé le gouverneur de la région de Belgorod sur Telegram, "
    "après une nouvelle attaque de drones dans la nuit.",
    # a caption-like word in a sentence
    "Le photographe de l'AFP a été blessé par des éclats d'obus alors qu'il couvrait les combats près de Bakhmout, "
    "a indiqué l'agence dans un communiqué publié dimanche soir.",
    # list letters and acronyms with slashes
    "Le texte prévoit (a) la levée des sanctions, (b) le dégel des avoirs et (c) la reprise des "
    "inspections, selon une source proche de l'OTAN/UE.",
    # "lire aussi" in running prose
    "Les diplomates iraniens ont demandé aux journalistes de lire aussi le communiqué russe avant de conclure à un "
    "désaccord entre les deux capitales sur le calendrier des livraisons.",
]


@pytest.mark.parametrize("paragraph", PROSE)
def test_prose_is_never_noise(paragraph: str) -> None:
    text = "Titre de l'article\n\n" + paragraph + "\n\nLe Kremlin n'a pas commenté ces informations dans l'immédiat.\n"
    assert find_noise(text) == []


def test_list_stops_at_the_first_paragraph() -> None:
    text = ("Les plus lus\nIran : la riposte se prépare\nUkraine : nouvelle vague de drones\n"
            "Le ministre russe des Affaires étrangères Sergueï Lavrov s'est rendu mardi à Téhéran pour y "
            "rencontrer son homologue iranien, a annoncé la diplomatie russe.\n")
    spans = find_noise(text)
    assert [s.label for s in spans] == ["related-list"]
    assert text[spans[0].start:spans[0].end].endswith("nouvelle vague de drones")


def test_subheading_in_the_middle_of_an_article_is_kept() -> None:
    text = ("Le ministre russe est arrivé mardi à Téhéran pour une visite de deux jours, selon l'agence "
            "officielle iranienne.\n\nUne coopération en plein essor\n\nLes échanges commerciaux entre les deux "
            "pays ont progressé de 20 % l'an dernier, selon les douanes iraniennes, qui citent l'énergie.\n")
    assert find_noise(text) == []


def test_menu_items_between_menu_items() -> None:
    text = ("International\nRussie\nMoyen-Orient\nMoscou et Téhéran signent un traité\n"
            "Le président russe et son homologue iranien ont signé un traité de partenariat stratégique "
            "global au Kremlin, selon la présidence russe.\n")
    assert labelled(text) == [("navigation", "International\nRussie\nMoyen-Orient")]


def test_short_closing_quote_is_not_a_slogan() -> None:
    text = ("Le ministre iranien des Affaires étrangères a rejeté mardi les accusations occidentales sur la "
            "livraison de drones à la Russie, lors d'une conférence de presse à Téhéran.\n"
            "« Nous ne céderons pas »\nRaconter l'actualité\n")
    assert labelled(text) == [("navigation", "Raconter l'actualité")]


def test_adjacent_lines_of_one_kind_merge() -> None:
    text = ("Le Kremlin a confirmé la visite du ministre iranien des Affaires étrangères à Moscou mardi, "
            "sans donner de détails sur le programme.\n\nSuivez-nous sur Telegram\nSuivez-nous sur X\n")
    spans = find_noise(text)
    assert len(spans) == 1 and spans[0].label == "social-follow"
    assert text[spans[0].start:spans[0].end] == "Suivez-nous sur Telegram\nSuivez-nous sur X"


@pytest.mark.parametrize(("line", "label"), [
    ("Temps de lecture : 3 min", "navigation"),
    ("Lecture : 2 min.", "navigation"),
    ("Facebook Twitter LinkedIn E-mail", "navigation"),
    ("Partager sur :", "navigation"),
    ("Commentaires (12)", "navigation"),
    ("© 2023 Agence France-Presse. Tous droits réservés.", "photo-caption"),
    ("Copyright 2023 Reuters", "photo-caption"),
    ("(c) 2024 Sputnik", "photo-caption"),
    ("Signaler une erreur", "navigation"),
    ("Accueil > International > Moyen-Orient", "navigation"),
    ("Pour ne rien manquer, rejoignez-nous sur Telegram", "social-follow"),
    ("Abonnez-vous à notre chaîne Telegram", "social-follow"),
    ("PUBLICITÉ", "advertisement"),
    ("Inscrivez-vous à la newsletter Moyen-Orient", "newsletter"),
])
def test_interface_lines(line: str, label: str) -> None:
    text = ("Le ministre iranien des Affaires étrangères est arrivé mardi à Moscou pour des entretiens avec "
            "son homologue russe, a annoncé la diplomatie iranienne.\n" + line + "\n"
            "Les deux ministres doivent signer un accord de coopération, selon l'agence officielle Irna.\n")
    assert labelled(text) == [(label, line)]


def test_empty_text() -> None:
    assert find_noise("") == []
    assert find_noise("\n\n  \n") == []


@pytest.mark.parametrize("caption", [
    "Vladimir Poutine (g) et Ebrahim Raïssi (d) au Kremlin, le 19 janvier 2022.",
    "Le ministre iranien (à droite) accueille son homologue russe à Téhéran, le 5 mars 2023.",
    "Sergueï Lavrov (au centre) entouré de ses homologues, à Moscou le 3 mai.",
])
def test_a_caption_naming_who_stands_where_is_noise(caption: str) -> None:
    text = f"{caption}\nLe président iranien a été reçu mercredi au Kremlin, a annoncé la présidence.\n"
    assert labelled(text) == [("photo-caption", caption)]
