"""Date expressions in French news prose and their resolution against the publication date."""

from __future__ import annotations

import pytest

from app.extraction.dates import (
    DateAnchor,
    DateMention,
    build_anchor,
    date_sort_key,
    find_date_mentions,
    resolve,
)
from app.extraction.records import ArticleMeta, DateValue, NoiseSpan


def mentions(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.kind) for m in find_date_mentions(text)]


def only(text: str) -> DateMention:
    found = find_date_mentions(text)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- finding expressions

FOUND = [
    ("Le ministre s'est entretenu mercredi avec son homologue.", [("mercredi", "weekday")]),
    ("L'Iran a reconnu samedi dernier avoir livré des drones.", [("samedi dernier", "weekday")]),
    ("Le sommet se tiendra mardi prochain à Astana.", [("mardi prochain", "weekday")]),
    ("Les frappes ont repris lundi soir sur Kharkiv.", [("lundi soir", "weekday")]),
    ("Dimanche matin, la délégation a quitté Téhéran.", [("Dimanche matin", "weekday")]),
    ("Il a rencontré ce 24 janvier à Moscou son homologue.", [("ce 24 janvier", "day_month")]),
    ("avait précisé le 17 janvier la porte-parole", [("le 17 janvier", "day_month")]),
    ("Depuis le 1er janvier, l'Iran est membre des BRICS.", [("Depuis le 1er janvier", "day_month")]),
    ("Il est arrivé dimanche soir premier septembre à Moscou.",
     [("dimanche soir", "weekday"), ("premier septembre", "day_month")]),
    ("Le premier mars 2024, le ministre était à Téhéran.", [("Le premier mars 2024", "day_month_year")]),
    ("La visite a eu lieu jeudi 12 octobre à Téhéran.", [("jeudi 12 octobre", "day_month")]),
    ("l'invasion du 24 février 2022 a tout changé", [("du 24 février 2022", "day_month_year")]),
    ("En mars, l'Iran a annoncé un accord.", [("En mars", "month")]),
    ("Le contrat sera signé en mars 2023, selon Moscou.", [("en mars 2023", "month_year")]),
    ("Les pourparlers ont commencé début mars.", [("début mars", "month")]),
    ("Une délégation est attendue fin janvier.", [("fin janvier", "month")]),
    ("La livraison est prévue mi-juillet.", [("mi-juillet", "month")]),
    ("L'accord actuel avait été signé en 2001.", [("en 2001", "year")]),
    ("Le président l'a annoncé hier.", [("hier", "relative")]),
    ("Le Kremlin a confirmé aujourd'hui la visite.", [("aujourd'hui", "relative")]),
    ("Les deux hommes se sont parlé avant-hier.", [("avant-hier", "relative")]),
    ("La rencontre a eu lieu la semaine dernière.", [("la semaine dernière", "relative")]),
    ("Le ministre se rendra à Téhéran cette semaine.", [("cette semaine", "relative")]),
    ("Le contrat a été signé le mois dernier.", [("le mois dernier", "relative")]),
    ("Les livraisons doivent commencer ce mois-ci.", [("ce mois-ci", "relative")]),
    ("CNN a rapporté plus tôt ce mois-ci que l'Iran avait demandé de l'aide.",
     [("plus tôt ce mois-ci", "relative")]),
    ("Le navire a accosté il y a deux jours.", [("il y a deux jours", "relative")]),
    ("Le texte a été adopté il y a une semaine.", [("il y a une semaine", "relative")]),
    ("Il y a 3 jours, Téhéran a démenti.", [("Il y a 3 jours", "relative")]),
    ("Le 8 juin et le 15 juillet, des officiels russes ont vu des drones.",
     [("Le 8 juin", "day_month"), ("le 15 juillet", "day_month")]),
    ("MOSCOU, 3 mars (Reuters) - Le Kremlin a annoncé", [("3 mars", "day_month")]),
    ("Le 12 mars prochain, les ministres se retrouveront.", [("Le 12 mars prochain", "day_month")]),
    ("Le forum se tient du 8 au 10 juin 2023 à Kazan.", [("du 8 au 10 juin 2023", "day_month_year")]),
    ("Les ministres se sont vus les 8 et 9 juin.", [("les 8 et 9 juin", "day_month")]),
    ("Communiqué du 24/01/2024 du Conseil de sécurité.", [("24/01/2024", "day_month_year")]),
    ("Le Kremlin a annoncé ce matin la visite.", [("ce matin", "relative")]),
    ("Des drones ont frappé Odessa cette nuit.", [("cette nuit", "relative")]),
    ("Fin 2023, les livraisons ont repris.", [("Fin 2023", "year")]),
    ("Depuis 2022 les échanges ont doublé.", [("Depuis 2022", "year")]),
    ("Les livraisons doivent reprendre à la mi-2024.", [("mi-2024", "year")]),
    ("Le volume est passé de 2019 à 2023 à plus du double.", [("de 2019", "year"), ("à 2023", "year")]),
    ("L'avion vole à 2000 mètres d'altitude.", []),
    ("La centrale a été achevée le 12 sept. 2011.", [("le 12 sept. 2011", "day_month_year")]),
    ("Entre 2015 et 2018, les sanctions ont été levées.", [("Entre 2015", "year"), ("et 2018", "year")]),
    ("En avril dernier, l'accord a été signé.", [("En avril dernier", "month")]),
]


@pytest.mark.parametrize(("sentence", "expected"), FOUND)
def test_finds_date_expressions(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(sentence) == expected


NOT_DATES = [
    "Le Premier ministre russe a reçu son homologue.",
    "Pour la première fois, le premier vice-ministre a parlé.",
    "Un projet de 7 200 kilomètres relie la Baltique à l'océan Indien.",
    "L'Iran a vendu des avions de combat Soukhoï Su-35 à la Russie.",
    "Moscou a utilisé des drones Shahed-136 contre des centrales électriques.",
    "L'armée abat au moins 10 drones iraniens par jour.",
    "Moscou en a commandé environ 2 000, selon Kiev.",
    "Kiev dit avoir abattu 2000 drones depuis l'automne.",
    "La résolution 2231 du Conseil de sécurité encadre l'accord.",
    "La planète Mars n'a rien à voir avec la diplomatie.",
    "Les lundis, le marché de Tabriz est fermé.",
    "Le bilan s'élève à 1,5 million de déplacés.",
    "Le conseil compte 17 sept membres permanents depuis la réforme.",
    "La sonde doit se poser en Mars, selon l'agence spatiale.",
    "Les années 1990 ont vu naître la coopération nucléaire.",
    "L'horizon 2030 reste l'objectif affiché par Téhéran.",
    "Le missile Kh-101 a frappé à 13h00, faisant 48 blessés.",
    "Le décret n° 2023-1234 encadre les exportations.",
    "Le vol PS752 transportait 176 personnes.",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_ignores_numbers_that_are_not_dates(sentence: str) -> None:
    assert find_date_mentions(sentence) == []


def test_mention_offsets_point_into_the_text() -> None:
    text = "Selon l’agence, Sergueï Choïgou est arrivé mardi à Téhéran, après l'accord conclu le 17 janvier."
    for m in find_date_mentions(text):
        assert text[m.start:m.end] == m.text


def test_search_window_limits_mentions_and_keeps_offsets() -> None:
    text = "Mardi, rien. Mercredi, la rencontre. Jeudi, le départ."
    found = find_date_mentions(text, 13, 36)
    assert [(m.text, m.start) for m in found] == [("Mercredi", 13)]


def test_parsed_parts() -> None:
    m = only("La visite a eu lieu jeudi 12 octobre 2023.")
    assert (m.kind, m.weekday, m.day, m.month, m.year) == ("day_month_year", 3, 12, 10, 2023)
    m = only("L'Iran a reconnu samedi dernier sa livraison.")
    assert (m.weekday, m.direction) == (5, "past")
    m = only("Le sommet aura lieu mardi prochain.")
    assert (m.weekday, m.direction) == (1, "future")
    m = only("Il est arrivé il y a deux jours.")
    assert (m.relative, m.direction) == ("days_ago:2", "past")


# ---------------------------------------------------------------- resolution


def anchor(published: str | None, precision: str = "day", not_before: str | None = None,
           years: tuple[int, ...] = ()) -> DateAnchor:
    value = DateValue(published, precision, "test") if published else DateValue.unknown()  # type: ignore[arg-type]
    return DateAnchor(value, not_before=not_before, years=years)


WEDNESDAY_9_NOV_2022 = anchor("2022-11-09")
RESOLVED_ON_DAY = [
    # wire copy: a bare weekday may be the publication day itself
    ("Il s'est entretenu mercredi à Téhéran.", "2022-11-09", "day"),
    ("L'Iran a reconnu samedi dernier avoir livré des drones.", "2022-11-05", "day"),
    ("Le porte-parole s'est exprimé mardi.", "2022-11-08", "day"),
    ("Les frappes ont repris jeudi.", "2022-11-03", "day"),
    ("Les entretiens se poursuivront mardi prochain.", "2022-11-15", "day"),
    ("Il l'avait annoncé mercredi dernier.", "2022-11-02", "day"),
    ("Les frappes ont repris lundi soir.", "2022-11-07", "day"),
    ("Dimanche matin, la délégation est partie.", "2022-11-06", "day"),
    ("Le Kremlin l'a confirmé hier.", "2022-11-08", "day"),
    ("Le Kremlin l'a confirmé avant-hier.", "2022-11-07", "day"),
    ("Le Kremlin le confirme aujourd'hui.", "2022-11-09", "day"),
    ("La délégation arrivera demain.", "2022-11-10", "day"),
    ("Le navire a accosté il y a deux jours.", "2022-11-07", "day"),
    ("avant l'invasion russe du 24 février", "2022-02-24", "day"),
    ("Les deux pays avaient signé le 12 décembre un mémorandum.", "2021-12-12", "day"),
    ("Le traité sera signé le 12 décembre prochain.", "2022-12-12", "day"),
    ("Le ministre était à Moscou le 9 novembre.", "2022-11-09", "day"),
    ("Le sommet doit se tenir le 3 novembre 2023 à Kazan.", "2023-11-03", "day"),
    ("Le sommet doit se tenir le 3 décembre à Kazan.", "2022-12-03", "day"),
    ("Le traité devrait être signé mardi à Moscou.", "2022-11-15", "day"),
    ("Le sommet prévu en mars réunira les trois présidents.", "2023-03", "month"),
    ("En mars, l'Iran a annoncé un accord.", "2022-03", "month"),
    ("Le contrat a été signé en décembre.", "2021-12", "month"),
    ("Les pourparlers ont commencé fin octobre.", "2022-10", "month"),
    ("La livraison est prévue en mars 2023.", "2023-03", "month"),
    ("L'accord a été conclu le mois dernier.", "2022-10", "month"),
    ("CNN a rapporté plus tôt ce mois-ci une demande iranienne.", "2022-11", "month"),
    ("Les livraisons ont commencé cette semaine.", "2022-11", "month"),
    ("Le ministre a visité Téhéran l'an dernier.", "2021", "year"),
    ("La rencontre a eu lieu la semaine dernière.", "2022", "year"),  # 31 Oct - 6 Nov
    ("L'invasion a commencé le 24 février 2022.", "2022-02-24", "day"),
    ("L'accord actuel avait été signé en 2001.", "2001", "year"),
    ("Le Kremlin a annoncé ce matin la visite.", "2022-11-09", "day"),
    ("L'accord signé en novembre dernier a expiré.", "2021-11", "month"),
    ("L'accord signé en avril dernier a expiré.", "2022-04", "month"),
    ("Il l'avait dit le 9 novembre dernier.", "2021-11-09", "day"),
    ("Il l'avait dit le 2 novembre dernier.", "2022-11-02", "day"),
    ("Des drones ont frappé Odessa cette nuit.", "2022-11", "month"),
    ("Les ministres se sont vus les 8 et 9 juin.", "2022-06-08", "day"),
    ("Le ministre était à Téhéran il y a trois semaines.", "2022-10", "month"),  # 16-22 Oct
    ("Les contacts se sont multipliés ces dernières semaines.", "2022", "year"),
    ("Le texte a été signé il y a quelques jours.", "2022-11", "month"),  # 2-7 Nov
]


@pytest.mark.parametrize(("sentence", "value", "precision"), RESOLVED_ON_DAY)
def test_resolves_against_a_publication_day(sentence: str, value: str, precision: str) -> None:
    result = resolve(only(sentence), WEDNESDAY_9_NOV_2022)
    assert (result.value, result.precision) == (value, precision)
    assert result.reason and result.reason != "test"


JULY_2022_AFTER_15 = anchor("2022-07", "month", not_before="2022-07-15")
RESOLVED_ON_MONTH = [
    ("Le président russe, arrivé mardi à Téhéran, a rencontré son homologue.",
     JULY_2022_AFTER_15, "2022-07-19", "day"),
    ("La rencontre a eu lieu vendredi.", JULY_2022_AFTER_15, "2022-07-15", "day"),
    ("Le président russe est arrivé mardi.", anchor("2022-07", "month"), "2022-07", "month"),
    ("Le président russe est arrivé mardi.", anchor("2022-07", "month", not_before="2022-07-28"),
     "2022-07", "month"),
    ("Le président russe est arrivé mardi.", anchor("2022-07", "month", not_before="2022-06-30"),
     "2022-07", "month"),
    ("Le président arrivera mardi prochain.", JULY_2022_AFTER_15, "2022-07", "month"),
    ("des officiels russes ont vu des drones le 8 juin", JULY_2022_AFTER_15, "2022-06-08", "day"),
    ("et le 15 juillet", JULY_2022_AFTER_15, "2022-07-15", "day"),
    ("Les deux pays avaient signé le 12 août un mémorandum.", JULY_2022_AFTER_15, "2021-08-12", "day"),
    ("En mars, l'Iran a annoncé un accord.", JULY_2022_AFTER_15, "2022-03", "month"),
    ("Le contrat a été signé en décembre.", JULY_2022_AFTER_15, "2021-12", "month"),
    ("Les livraisons ont commencé ce mois-ci.", JULY_2022_AFTER_15, "2022-07", "month"),
    ("Le contrat a été signé le mois dernier.", JULY_2022_AFTER_15, "2022-06", "month"),
    ("Il l'a annoncé hier.", JULY_2022_AFTER_15, "2022", "year"),  # 30 June .. 30 July
    ("Il l'a annoncé l'an dernier.", JULY_2022_AFTER_15, "2021", "year"),
    ("Téhéran a reçu mercredi le chef de la sécurité russe.", anchor("2022-11", "month"), "2022-11", "month"),
]


@pytest.mark.parametrize(("sentence", "anchor_", "value", "precision"), RESOLVED_ON_MONTH)
def test_resolves_against_a_publication_month(sentence: str, anchor_: DateAnchor, value: str,
                                              precision: str) -> None:
    result = resolve(only(sentence), anchor_)
    assert (result.value, result.precision) == (value, precision)
    assert result.reason


def test_weekday_reason_names_the_bound() -> None:
    result = resolve(only("Le président est arrivé mardi."), JULY_2022_AFTER_15)
    assert "2022-07-15" in result.reason and "2022-07" in result.reason
    month_only = resolve(only("Le président est arrivé mardi."), anchor("2022-07", "month"))
    assert "cannot be determined" in month_only.reason


RESOLVED_ON_YEAR = [
    ("Le président est arrivé mardi.", "2023", "year"),
    ("Les deux pays ont signé le 5 mai un accord.", "2023-05-05", "day"),
    ("En mars, l'Iran a annoncé un accord.", "2023-03", "month"),
]


@pytest.mark.parametrize(("sentence", "value", "precision"), RESOLVED_ON_YEAR)
def test_resolves_against_a_publication_year(sentence: str, value: str, precision: str) -> None:
    result = resolve(only(sentence), anchor("2023", "year"))
    assert (result.value, result.precision) == (value, precision)


UNKNOWN_PUBLICATION = [
    ("Le ministre est arrivé mardi en Iran.", (2022,), None, "unknown"),
    ("Il l'a annoncé hier.", (2022,), None, "unknown"),
    ("La semaine dernière, Téhéran a démenti.", (2022,), None, "unknown"),
    ("avant l'invasion russe du 24 février", (2022,), "2022-02-24", "day"),
    ("avant l'invasion russe du 24 février", (2021, 2022), None, "unknown"),
    ("avant l'invasion russe du 24 février", (), None, "unknown"),
    ("En mars, l'Iran a annoncé un accord.", (2023,), "2023-03", "month"),
    ("En mars, l'Iran a annoncé un accord.", (2016, 2017, 2018), None, "unknown"),
    # the weekday picks the one plausible year in which 12 October is a Thursday
    ("La visite a eu lieu jeudi 12 octobre.", (2021, 2022, 2023, 2024), "2023-10-12", "day"),
    ("L'invasion a commencé le 24 février 2022.", (), "2022-02-24", "day"),
    ("Le contrat sera signé en mars 2023.", (), "2023-03", "month"),
    ("L'accord actuel avait été signé en 2001.", (), "2001", "year"),
]


@pytest.mark.parametrize(("sentence", "years", "value", "precision"), UNKNOWN_PUBLICATION)
def test_resolves_without_a_publication_date(sentence: str, years: tuple[int, ...], value: str | None,
                                             precision: str) -> None:
    result = resolve(only(sentence), anchor(None, years=years))
    assert (result.value, result.precision) == (value, precision)
    assert result.reason


def test_weekday_without_publication_says_why() -> None:
    result = resolve(only("Il est arrivé mardi."), anchor(None))
    assert result.reason == "'mardi': no publication date to resolve against"


def test_invalid_calendar_dates_are_unknown() -> None:
    assert resolve(only("Le 31 février 2022, rien."), anchor(None)).precision == "unknown"
    assert resolve(only("le 29 février"), anchor("2023-03-10")).precision == "unknown"


# ---------------------------------------------------------------- anchor and sort key

ARTICLE_JULY = (
    " date 2022-07 Le chef d'État russe Vladimir Poutine, qui est arrivé mardi à Téhéran, a rencontré "
    "le président iranien Ebrahim Raïssi. Selon Washington, des officiels russes ont vu des drones "
    "le 8 juin et le 15 juillet.\nLégende : Vladimir Poutine le 28 juillet (photo d'illustration).\n"
)


def test_anchor_lower_bound_is_latest_body_day_outside_noise() -> None:
    meta = ArticleMeta(published=DateValue("2022-07", "month", "header"))
    caption_start = ARTICLE_JULY.index("Légende")
    noise = [NoiseSpan(caption_start, len(ARTICLE_JULY) - 1, "photo-caption")]
    built = build_anchor(ARTICLE_JULY, noise, meta)
    assert built.not_before == "2022-07-15"
    assert built.years == (2022,)
    tuesday = next(m for m in find_date_mentions(ARTICLE_JULY) if m.kind == "weekday")
    assert resolve(tuesday, built).value == "2022-07-19"
    # Without the noise span, the caption's later date would move the bound (and the answer).
    assert build_anchor(ARTICLE_JULY, [], meta).not_before == "2022-07-28"


def test_anchor_ignores_dates_after_the_publication_month() -> None:
    text = "Le sommet est prévu le 3 septembre. Les ministres se sont vus le 2 juillet."
    meta = ArticleMeta(published=DateValue("2022-07", "month", "header"))
    assert build_anchor(text, [], meta).not_before == "2022-07-02"


def test_anchor_lower_bound_skips_announced_future_days() -> None:
    text = ("Les ministres se sont vus le 12 juillet. Le sommet, prévu le 28 juillet à Téhéran, "
            "réunira les trois présidents.")
    meta = ArticleMeta(published=DateValue("2022-07", "month", "header"))
    assert build_anchor(text, [], meta).not_before == "2022-07-12"


def test_anchor_for_day_precision_has_no_lower_bound() -> None:
    meta = ArticleMeta(published=DateValue("2022-11-09", "day", "dateline"))
    built = build_anchor("Il est arrivé le 8 novembre.", [], meta)
    assert built.not_before is None and built.years == (2022,)


def test_anchor_years_from_office_holders_when_publication_unknown() -> None:
    text = ("Le ministre russe de la Défense Sergueï Choïgou est arrivé mardi en Iran, où l'attendait "
            "le président iranien Ebrahim Raïssi.")
    built = build_anchor(text, [], ArticleMeta())
    assert built.years == (2021, 2022, 2023, 2024)
    assert not built.published.known


@pytest.mark.parametrize(("value", "key"), [
    ("2022-11", "2022-11-01"), ("2022", "2022-01-01"), ("2022-11-09", "2022-11-09"), (None, None),
])
def test_date_sort_key(value: str | None, key: str | None) -> None:
    assert date_sort_key(value) == key


# ---------------------------------------------------------------- whole articles through the text layer

WIRE = """\
Moscou et Téhéran promettent d'approfondir leur coopération

MOSCOU, 20 septembre (Reuters) - Le ministre russe des Affaires étrangères Sergueï Lavrov a reçu mercredi à Moscou le ministre iranien des Affaires étrangères Hossein Amir-Abdollahian, au lendemain d'un entretien téléphonique entre les deux présidents.

Les deux hommes ont évoqué la mise en œuvre de l'accord conclu le 12 septembre et la préparation d'un sommet prévu le 26 octobre à Téhéran, a précisé la diplomatie russe.

Mardi, le président russe Vladimir Poutine s'était entretenu au téléphone avec le président iranien Ebrahim Raïssi. Les deux dirigeants s'étaient déjà parlé le mois dernier.

(Reportage Reuters ; version française Jean Dupont)

Les plus lus
Iran : le 12 octobre, une date à retenir
"""


def resolved(text: str) -> dict[str, DateValue]:
    from app.extraction.metadata import read_metadata
    from app.extraction.noise import find_noise

    noise = find_noise(text)
    built = build_anchor(text, noise, read_metadata(text, noise))
    out = {}
    for lo, hi in [(0, len(text))]:
        for m in find_date_mentions(text, lo, hi):
            if not any(n.start < m.end and m.start < n.end for n in noise):
                out[m.text] = resolve(m, built)
    return out


def test_wire_article_end_to_end() -> None:
    dates = resolved(WIRE)
    # 20 September is a Wednesday in 2023, the only such year with Amir-Abdollahian and Raïssi in office.
    assert dates["20 septembre"].value == "2023-09-20"
    assert dates["mercredi"].value == "2023-09-20"
    assert dates["le 12 septembre"].value == "2023-09-12"
    assert dates["Mardi"].value == "2023-09-19"
    assert dates["le mois dernier"].value == "2023-08"
    assert dates["le 26 octobre"].value == "2023-10-26"  # "un sommet prévu le 26 octobre": ahead
    assert "le 12 octobre" not in dates  # the "most read" footer is page noise
