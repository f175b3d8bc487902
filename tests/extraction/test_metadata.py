"""Article metadata: title, outlet, language and publication date as the text states them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.extraction.metadata import read_metadata
from app.extraction.noise import find_noise
from app.extraction.records import ArticleMeta
from app.extraction.years import find_office_holders, infer_years

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = json.loads((ROOT / "tests" / "eval" / "seeds_gold.json").read_text(encoding="utf-8"))


def meta_of(text: str) -> ArticleMeta:
    return read_metadata(text, find_noise(text))


def precision_of(value: str | None) -> str:
    return "unknown" if value is None else {10: "day", 7: "month", 4: "year"}[len(value)]


# ---------------------------------------------------------------- seeds against the gold


@pytest.mark.parametrize("article", GOLD["articles"], ids=lambda a: a["file"][:3])
def test_seed_publication_date_matches_gold(article: dict) -> None:
    text = (SEEDS / article["file"]).read_text(encoding="utf-8")
    meta = meta_of(text)
    assert meta.published.value == article["published"]
    assert meta.published.precision == precision_of(article["published"])
    assert meta.published.reason


@pytest.mark.parametrize("article", GOLD["articles"], ids=lambda a: a["file"][:3])
def test_seed_outlet_matches_gold(article: dict) -> None:
    meta = meta_of((SEEDS / article["file"]).read_text(encoding="utf-8"))
    expected = article["source"]
    if expected is None:
        assert meta.outlet is None
    else:
        assert meta.outlet is not None and meta.outlet.lower().split()[0] in expected


def test_seed_details() -> None:
    def seed(prefix: str) -> ArticleMeta:
        return meta_of(next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))

    reuters = seed("000")
    assert (reuters.title, reuters.outlet, reuters.published_source) == (None, "Reuters", "dateline")
    assert "mercredi" in reuters.published.reason and "2022" in reuters.published.reason
    header = seed("001")
    assert header.title == "L'Iran aurait demandé l'aide du Kremlin pour son programme nucléaire"
    assert header.published_source == "header"
    rt = seed("002")
    assert rt.outlet == "RT en français"
    assert rt.title and rt.title.startswith("Coopération russo-iranienne")
    assert rt.published_source == "in-text year" and "2024" in rt.published.reason
    assert seed("003").title is None  # opens straight into prose: no headline invented
    unknown = seed("004")
    assert unknown.published_source == "none" and unknown.outlet is None
    assert all(m.language == "fr" for m in (reuters, header, rt, unknown))


# ---------------------------------------------------------------- datelines and outlets

DATELINES = [
    # (text, outlet, published, source)
    ("PARIS, 9 novembre (AFP) - Le président iranien Ebrahim Raïssi a reçu mercredi à Téhéran le "
     "secrétaire du Conseil de sécurité russe Nikolaï Patrouchev.", "AFP", "2022-11-09", "dateline"),
    ("Moscou, le 3 mars 2023 - Le ministre russe des Affaires étrangères Sergueï Lavrov a reçu son "
     "homologue iranien.", None, "2023-03-03", "dateline"),
    # 19 July falls on a Tuesday in 2022 (Raïssi in office) but not in 2023
    ("TÉHÉRAN, 19 juillet (Reuters) - Le président russe Vladimir Poutine et le président iranien "
     "Ebrahim Raïssi se sont entretenus mardi.", "Reuters", "2022-07-19", "dateline"),
    ("MOSCOU, 15 mars. /TASS/. Le ministre russe des Affaires étrangères Sergueï Lavrov a reçu mercredi "
     "son homologue iranien.", "TASS", None, "none"),
    ("DUBAÏ (Reuters) - L'Iran a annoncé samedi la signature d'un accord avec la Russie.", "Reuters", None, "none"),
    ("Téhéran, IRNA - Le ministre iranien des Affaires étrangères a reçu son homologue russe.", "IRNA", None, "none"),
    ("Moscou - Le ministre russe a reçu son homologue iranien.", None, None, "none"),
    ("Iran : la visite du ministre russe se termine - une page se tourne", None, None, "none"),
]


@pytest.mark.parametrize(("text", "outlet", "published", "source"), DATELINES)
def test_datelines(text: str, outlet: str | None, published: str | None, source: str) -> None:
    meta = meta_of(text)
    assert meta.outlet == outlet
    assert meta.published.value == published
    assert meta.published_source == source
    assert meta.published.reason


def test_tuesday_dateline_year_needs_the_office_holder_in_office_that_day() -> None:
    # 20 July is a Tuesday in 2021, but Raïssi only took office on 3 August 2021; 2022 and 2023
    # remain and neither is a Tuesday, so the year stays unknown rather than guessed.
    text = ("TÉHÉRAN, 20 juillet (Reuters) - Le président iranien Ebrahim Raïssi a reçu mardi "
            "le ministre russe des Affaires étrangères Sergueï Lavrov.")
    meta = meta_of(text)
    assert meta.published.value is None
    assert "no year" in meta.published.reason


def test_agency_cited_in_the_body_is_not_the_outlet() -> None:
    text = ("Le ministre russe de la Défense est arrivé mardi en Iran.\n"
            "Selon l'agence Ria Novosti, il a été reçu par une garde d'honneur.\n"
            "M. Choïgou a rencontré le chef d'état-major iranien, a rapporté l'agence de presse Mehr.\n")
    assert meta_of(text).outlet is None


def test_follow_line_names_the_outlet_but_follow_us_does_not() -> None:
    body = "Le Kremlin a confirmé la visite du ministre iranien des Affaires étrangères à Moscou, mardi soir.\n"
    assert meta_of(body + "Suivez Sputnik Afrique sur Telegram\n").outlet == "Sputnik Afrique"
    assert meta_of(body + "Suivez-nous sur Telegram\n").outlet is None


def test_reuters_sign_off_names_the_outlet() -> None:
    text = ("L'Iran a confirmé samedi la livraison de drones à la Russie. (Reportage Reuters, "
            "version française Jean Dupont)")
    assert meta_of(text).outlet == "Reuters"
    reporter = text.replace("Reportage Reuters", "Reportage Parisa Hafezi")
    assert meta_of(reporter).outlet is None


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize(("text", "title"), [
    (" date 2022-11 Poutine et Raïssi se parlent au téléphone\n\nLe président russe a appelé son homologue.",
     "Poutine et Raïssi se parlent au téléphone"),
    ("(.)\n\nMoscou et Téhéran signent un accord\n\nLe texte a été signé mardi.", "Moscou et Téhéran signent un accord"),
    ("Iran : le ministre russe de la Défense à Téhéran\nLe ministre est arrivé mardi.",
     "Iran : le ministre russe de la Défense à Téhéran"),
    ("Le ministre russe de la Défense est arrivé mardi à Téhéran pour une visite officielle.\nIl a été reçu.", None),
    ("(.)\n\n9 novembre (Reuters) - Le secrétaire du Conseil de sécurité russe est à Téhéran.", None),
    ("Diplomatie\nMoscou et Téhéran signent un accord\nLe texte a été signé mardi.",
     "Moscou et Téhéran signent un accord"),
    ("Par Benjamin Quénelle\nMoscou et Téhéran signent un accord\nLe texte a été signé mardi.",
     "Moscou et Téhéran signent un accord"),
    ("Accueil > International > Moyen-Orient\nMoscou et Téhéran signent un accord\nLe texte a été signé mardi.",
     "Moscou et Téhéran signent un accord"),
    (" date 2022-07 Le chef d'État russe, qui est arrivé mardi à Téhéran, a rencontré le président iranien. "
     "L'entretien a eu lieu dans le bureau présidentiel.", None),
])
def test_titles(text: str, title: str | None) -> None:
    assert meta_of(text).title == title


# ---------------------------------------------------------------- publication dates


def test_header_with_day() -> None:
    meta = meta_of(" date 2023-09-19 Choïgou à Téhéran\n\nLe ministre est arrivé mardi.")
    assert (meta.published.value, meta.published.precision, meta.published_source) == ("2023-09-19", "day", "header")


def test_timestamp_line_of_a_page_dump() -> None:
    text = ("Le ministre russe de la Défense en visite à Téhéran\nOLJ / AFP, le 19 septembre 2023 à 12h30\n"
            "Le ministre russe de la Défense Sergueï Choïgou est arrivé mardi à Téhéran.\n")
    meta = meta_of(text)
    assert (meta.published.value, meta.published_source) == ("2023-09-19", "header")
    updated = text.replace("à 12h30", "à 12h30, mis à jour à 14h02")
    assert meta_of(updated).published.value == "2023-09-19"


def test_a_date_in_an_early_paragraph_is_not_a_timestamp() -> None:
    text = ("Le ministre russe en visite à Téhéran\nLe 19 septembre 2023, le ministre russe est arrivé à "
            "Téhéran.\n")
    assert meta_of(text).published.value is None
    clock = "Le ministre russe en visite à Téhéran\nLe 19 septembre 2023 à 10h30, il est arrivé.\n"
    assert meta_of(clock).published.value is None


def test_header_month_with_a_dateline_in_that_month_gives_the_day() -> None:
    text = " date 2022-11 Patrouchev à Téhéran\n\n9 novembre (Reuters) - Le secrétaire est arrivé mercredi.\n"
    meta = meta_of(text)
    assert (meta.published.value, meta.published.precision, meta.published_source) == ("2022-11-09", "day", "dateline")
    other_month = text.replace("9 novembre", "29 octobre")
    assert meta_of(other_month).published.value == "2022-11"


def test_header_with_an_impossible_day_keeps_the_month() -> None:
    meta = meta_of(" date 2024-02-30 Titre\n\nTexte de l'article.")
    assert (meta.published.value, meta.published.precision) == ("2024-02", "month")


def test_header_with_year_only() -> None:
    meta = meta_of(" date 2023 Choïgou à Téhéran\n\nLe ministre est arrivé mardi.")
    assert (meta.published.value, meta.published.precision, meta.title) == ("2023", "year", "Choïgou à Téhéran")


@pytest.mark.parametrize(("line", "outlet"), [
    ("Le Monde avec AFP", "Le Monde"),
    ("Par Le Figaro avec AFP", "Le Figaro"),
    ("France 24 avec AFP et Reuters", "France 24"),
])
def test_outlet_from_with_agency_line(line: str, outlet: str) -> None:
    text = f"Iran : Choïgou à Téhéran\n{line}\nLe ministre russe de la Défense est arrivé mardi à Téhéran.\n"
    assert meta_of(text).outlet == outlet


def test_published_line_of_a_page_dump() -> None:
    text = ("Iran : Choïgou à Téhéran\nLe Monde avec AFP\nPublié le 19 septembre 2023 à 14h02\n"
            "Le ministre russe de la Défense est arrivé mardi à Téhéran pour une visite officielle.\n")
    meta = meta_of(text)
    assert (meta.published.value, meta.published_source) == ("2023-09-19", "header")
    numeric = meta_of("Iran : Choïgou à Téhéran\nPublié le : 19/09/2023 - 14:02\nLe ministre est arrivé mardi.\n")
    assert (numeric.published.value, numeric.published.precision) == ("2023-09-19", "day")


def test_deictic_day_with_present_year_statement() -> None:
    text = ("Le président russe Vladimir Poutine a reçu ce 5 juillet au Kremlin une délégation iranienne. "
            "La Russie accueille cette année 2023 plusieurs sommets régionaux.")
    meta = meta_of(text)
    assert (meta.published.value, meta.published.precision, meta.published_source) == \
        ("2023-07-05", "day", "in-text year")
    assert "cette année 2023" in meta.published.reason


def test_deictic_day_with_office_holders_and_weekday() -> None:
    # "ce mercredi 24 janvier": Raïssi as president (2021-2024) and a Wednesday -> 2024 only.
    text = ("Le président iranien Ebrahim Raïssi a reçu ce mercredi 24 janvier à Téhéran le "
            "vice-Premier ministre russe Alexandre Novak.")
    meta = meta_of(text)
    assert (meta.published.value, meta.published_source) == ("2024-01-24", "inference")


def test_deictic_day_takes_the_year_written_with_the_same_day() -> None:
    text = ("Le ministre a reçu ce 24 janvier son homologue iranien. La rencontre du 24 janvier 2024 "
            "était prévue de longue date.")
    meta = meta_of(text)
    assert (meta.published.value, meta.published_source) == ("2024-01-24", "in-text year")


def test_anniversary_of_the_same_day_is_not_the_year() -> None:
    text = ("Les deux ministres se retrouvent ce 3 janvier à Téhéran, quatre ans jour pour jour après "
            "la frappe du 3 janvier 2020 contre le général Soleimani.")
    assert meta_of(text).published.value is None


def test_today_written_out_is_deictic() -> None:
    text = ("Le président iranien Ebrahim Raïssi a reçu aujourd'hui, mercredi 24 janvier, à Téhéran le "
            "vice-Premier ministre russe Alexandre Novak.")
    assert meta_of(text).published.value == "2024-01-24"


def test_deictic_day_without_year_evidence_is_unknown() -> None:
    meta = meta_of("Le ministre a reçu ce 24 janvier à Moscou son homologue iranien.")
    assert meta.published.value is None and meta.published_source == "none"


def test_caption_date_never_dates_the_article() -> None:
    text = ("Le ministre russe rencontre son homologue iranien\n"
            "Le ministre russe, le 21 février 2022 (photo d'illustration).\n"
            "Le ministre russe a rencontré ce 24 janvier à Moscou son homologue iranien pour évoquer la "
            "coopération sécuritaire entre les deux pays.\n")
    meta = meta_of(text)
    assert meta.published.value is None


def test_footer_list_never_dates_the_article() -> None:
    text = ("Le ministre russe de la Défense est arrivé mardi en Iran pour une visite officielle, a annoncé "
            "son ministère, cité par les agences de presse russes.\n"
            "Les plus lus\nHezbollah : ce 17 septembre 2024, les bipeurs explosent\n")
    meta = meta_of(text)
    assert meta.published.value is None


def test_english_text_is_detected() -> None:
    meta = meta_of("The Russian defence minister arrived in Tehran on Tuesday for talks with the "
                   "Iranian chief of staff, the ministry said in a statement on its website.")
    assert meta.language == "en"


# ---------------------------------------------------------------- year inference


def test_office_holders_found_before_and_after_their_description() -> None:
    text = ("Le secrétaire du Conseil de sécurité russe Nikolaï Patrouchev a reçu Ebrahim Raïssi, "
            "président iranien, à Moscou.")
    found = {(h.actor.key, h.title) for h in find_office_holders(text, [])}
    assert found == {("patrushev", "secrétaire du Conseil de sécurité russe"), ("raisi", "président iranien")}


def test_former_and_past_context_office_holders_do_not_date_the_article() -> None:
    text = ("L'ancien président iranien Hassan Rohani a critiqué l'accord. "
            "En 2016, le président iranien Hassan Rohani avait reçu Vladimir Poutine. "
            "Le président iranien Ebrahim Raïssi a reçu mercredi le secrétaire du Conseil de sécurité "
            "russe Nikolaï Patrouchev.")
    keys = {h.actor.key for h in find_office_holders(text, [])}
    assert keys == {"raisi", "patrushev"}


@pytest.mark.parametrize("phrase", [
    "feu le président iranien Ebrahim Raïssi",
    "le défunt président iranien Ebrahim Raïssi",
    "le président iranien défunt, Ebrahim Raïssi",
    "le président iranien d'alors, Hassan Rohani",
    "l'ex-président iranien Hassan Rohani",
    "l'ancien président iranien Hassan Rohani",
])
def test_former_office_holders_are_not_evidence(phrase: str) -> None:
    text = f"Le ministre a rendu hommage à {phrase} lors de sa visite."
    assert find_office_holders(text, []) == []


def test_dateline_year_resists_a_recalled_past_president() -> None:
    text = ("9 novembre (Reuters) - Le président iranien Ebrahim Raïssi a reçu mercredi le secrétaire du "
            "Conseil de sécurité russe Nikolaï Patrouchev.\n\n"
            "En 2016, le président iranien Hassan Rohani avait reçu Vladimir Poutine à Téhéran.\n")
    assert meta_of(text).published.value == "2022-11-09"


def test_counterpart_holds_the_same_office_in_their_country() -> None:
    text = ("Le secrétaire du Conseil de sécurité de la Russie, Nikolaï Patrouchev, a rencontré ce 24 janvier "
            "à Moscou son homologue iranien, Ali Akbar Ahmadian.")
    holders = {h.actor.key: h for h in find_office_holders(text, [])}
    assert set(holders) == {"patrushev", "ahmadian"}
    assert min(holders["ahmadian"].years) == 2023
    meta = meta_of(text)
    # Ahmadian took office in May 2023 and Patrouchev left his in May 2024: 24 January 2024 only.
    assert (meta.published.value, meta.published_source) == ("2024-01-24", "inference")


def test_counterpart_of_another_office_is_not_taken() -> None:
    # Lavrov has no office like the Iranian president's: "homologue" gives no evidence here.
    text = "Le président iranien Ebrahim Raïssi a reçu son homologue russe, Sergueï Lavrov."
    assert {h.actor.key for h in find_office_holders(text, [])} == {"raisi"}


def test_past_year_raises_the_floor() -> None:
    text = ("Le secrétaire du Conseil de sécurité russe Nikolaï Patrouchev a reçu son homologue. "
            "L'accord actuel avait été signé en 2023.")
    inferred = infer_years(text, [])
    assert inferred.candidates == (2023, 2024)


RAISI = " Le président iranien Ebrahim Raïssi a reçu Sergueï Lavrov."


@pytest.mark.parametrize(("sentence", "candidates"), [
    ("Moscou assure la présidence tournante des BRICS en 2024.", (2024,)),
    ("La Russie préside en 2024 le groupe des BRICS.", (2024,)),
    ("En ce mois de janvier 2024, les échanges s'intensifient.", (2024,)),
    ("Cette année 2023 marque un tournant.", (2023,)),
    # "assure" meaning "affirms", about the future: no statement of the present year
    ("Moscou assure qu'il livrera les S-400 en 2025.", (2021, 2022, 2023, 2024)),
    # past events lift the floor only when the year follows the past participle
    ("L'accord actuel avait été signé en 2001.", (2021, 2022, 2023, 2024)),
    ("Le traité a été ratifié en 2022.", (2022, 2023, 2024)),
    ("Depuis 2023, les échanges ont doublé.", (2023, 2024)),
    ("Il a annoncé qu'il se rendrait en Iran en 2024.", (2021, 2022, 2023, 2024)),
    ("La Russie a présidé en 2019 le sommet.", (2021, 2022, 2023, 2024)),
])
def test_year_statements(sentence: str, candidates: tuple[int, ...]) -> None:
    assert infer_years(sentence + RAISI, []).candidates == candidates


def test_known_past_events_raise_the_floor() -> None:
    text = ("Le président iranien Ebrahim Raïssi a reçu Sergueï Lavrov, qui a défendu l'offensive russe en "
            "Ukraine.")
    assert infer_years(text, []).candidates == (2022, 2023, 2024)
    # with a story day, the event's own day counts: 20 February 2022 is before the invasion
    day = infer_years(text, [], day=20, month=2)
    assert day.candidates == (2023, 2024)
    assert "invasion of Ukraine" in day.reason


def test_a_mere_mention_of_ukraine_is_no_event() -> None:
    text = "Le président iranien Ebrahim Raïssi a reçu Sergueï Lavrov, de retour d'Ukraine."
    assert infer_years(text, []).candidates == (2021, 2022, 2023, 2024)


def test_conflicting_year_evidence_is_unknown() -> None:
    text = ("Le président iranien Ebrahim Raïssi a reçu ce 5 juillet une délégation russe. "
            "La Russie accueille cette année 2019 plusieurs sommets.")
    meta = meta_of(text)
    assert meta.published.value is None
    assert "conflicting" in meta.published.reason


def test_noise_never_feeds_year_inference() -> None:
    text = ("Le ministre a reçu ce 24 janvier à Moscou son homologue iranien pour évoquer la coopération.\n"
            "Le président iranien Ebrahim Raïssi, le 3 mars (photo d'illustration).\n")
    assert find_noise(text)
    assert infer_years(text, find_noise(text)).candidates == ()


# ---------------------------------------------------------------- a whole page dump

RT_PAGE = """\
International
Russie
Moyen-Orient
Iran : Moscou et Téhéran signent un traité de partenariat stratégique global
Vladimir Poutine et Massoud Pezeshkian au Kremlin, le 17 janvier 2025 (image d'illustration).© Sputnik / Vyacheslav Prokofyev
Suivez RT en français sur Telegram
Lire aussi
Traité russo-iranien : ce que contient le texte

Le président russe Vladimir Poutine et son homologue iranien Massoud Pezeshkian ont signé ce 17 janvier au Kremlin un traité de partenariat stratégique global. Le document remplace l'accord de 2001.

Lire aussi : Iran : Araghchi en visite à Moscou

Selon le Kremlin, le traité couvre la défense, l'énergie et les transports, a précisé le ministre russe des Affaires étrangères Sergueï Lavrov.

Commentaires
Partager sur Facebook
Publicité
"""


def test_rt_page_dump() -> None:
    noise = find_noise(RT_PAGE)
    labels = {RT_PAGE[n.start:n.end].split("\n")[0]: n.label for n in noise}
    assert labels["International"] == "navigation"
    assert labels["Suivez RT en français sur Telegram"] == "social-follow"
    assert labels["Lire aussi"] == "related-list"
    assert labels["Lire aussi : Iran : Araghchi en visite à Moscou"] == "related-list"
    assert labels["Publicité"] == "advertisement"
    meta = read_metadata(RT_PAGE, noise)
    assert meta.title == "Iran : Moscou et Téhéran signent un traité de partenariat stratégique global"
    assert meta.outlet == "RT en français"
    # The caption's "17 janvier 2025" is page noise: Pezeshkian's term leaves more than one
    # year for "ce 17 janvier", so the date stays unknown rather than borrowed from a caption.
    assert meta.published.value is None
    assert "17 janvier" in meta.published.reason


STAMPED_BODY = "Le vice-ministre russe de l'Énergie a reçu mardi à Moscou une délégation iranienne."


@pytest.mark.parametrize(("text", "title"), [
    (f"date 2023-04 Gaz : une délégation iranienne à Moscou\n\n{STAMPED_BODY}",
     "Gaz : une délégation iranienne à Moscou"),
    (f"\n\n   \n date 2023-04 Gaz : une délégation iranienne à Moscou\n{STAMPED_BODY}",
     "Gaz : une délégation iranienne à Moscou"),
    (f"Gaz : une délégation iranienne à Moscou\n\ndate 2023-04\n\n{STAMPED_BODY}",
     "Gaz : une délégation iranienne à Moscou"),
    (f"Gaz : une délégation iranienne à Moscou\ndate 2023-04 \n{STAMPED_BODY}",
     "Gaz : une délégation iranienne à Moscou"),
])
def test_the_date_stamp_need_not_be_on_the_first_line(text: str, title: str) -> None:
    meta = meta_of(text)
    assert (meta.published.value, meta.published.precision, meta_of(text).published_source) \
        == ("2023-04", "month", "header")
    assert meta.title == title


def test_a_stamp_deep_in_the_body_is_not_a_header() -> None:
    text = f"Gaz : une délégation à Moscou\n\n{STAMPED_BODY}\n\nUn paragraphe.\n\ndate 2023-04 tardive"
    assert meta_of(text).published_source != "header"


def test_a_header_stamp_counts_when_the_rest_of_its_line_is_a_caption() -> None:
    text = ("date 2022-01 Vladimir Poutine (g) et Ebrahim Raïssi (d) au Kremlin, le 19 janvier 2022.\n"
            "Le président iranien a été reçu ce mercredi au Kremlin.\n")
    noise = find_noise(text)
    assert [n.label for n in noise] == ["photo-caption"]
    meta = read_metadata(text, noise)
    assert (meta.published.value, meta.published.precision) == ("2022-01", "month")
