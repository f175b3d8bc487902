"""Table tests: French news sentences and the contact (or the absence of one) they report.

Each text opens with a dateline so that relative dates and office holders resolve against a
publication day. The sentences are written for these tests.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from app.extraction.pipeline import extract_documents
from app.extraction.records import ArticleExtraction

# (text, expected) where expected is None (no contact) or (kinds, names, location, date, precision)
CASES: list[tuple[str, tuple | None]] = [
    # predicates and kinds
    ("Moscou, 16 décembre 2024 (AFP) - Sergueï Lavrov s'est entretenu lundi avec Abbas Araghchi à Moscou.",
     ({"talks", "meeting"}, {"Sergei Lavrov", "Abbas Araghchi"}, "Moscow", "2024-12-16", "day")),
    ("Téhéran, 5 août 2024 (AFP) - Le président iranien Massoud Pezeshkian a eu lundi un entretien téléphonique avec Vladimir Poutine.",
     ({"call"}, {"Masoud Pezeshkian", "Vladimir Putin"}, None, "2024-08-05", "day")),
    ("Moscou, 25 janvier 2023 (Reuters) - Vladimir Poutine a reçu mercredi au Kremlin le président du Parlement iranien Mohammad Bagher Ghalibaf.",
     ({"meeting"}, {"Vladimir Putin", "Mohammad Bagher Ghalibaf"}, "Moscow", "2023-01-25", "day")),
    # a visit with no host named anywhere is a near miss for review, not a contact
    ("Téhéran, 19 juillet 2022 (AFP) - Vladimir Poutine s'est rendu mardi à Téhéran.", None),
    ("Moscou, 17 janvier 2025 (Reuters) - Vladimir Poutine et Massoud Pezeshkian ont signé vendredi un traité au Kremlin.",
     ({"signing"}, {"Vladimir Putin", "Masoud Pezeshkian"}, "Moscow", "2025-01-17", "day")),
    # future, planned, hypothetical, negated, denied, earlier meetings only counted
    ("Moscou, 14 octobre 2024 (AFP) - Vladimir Poutine rencontrera Massoud Pezeshkian la semaine prochaine à Kazan.", None),
    ("Moscou, 14 octobre 2024 (AFP) - Vladimir Poutine devrait rencontrer Massoud Pezeshkian à Kazan.", None),
    ("Moscou, 14 octobre 2024 (AFP) - Sergueï Lavrov n'a pas rencontré Abbas Araghchi lors de sa tournée.", None),
    ("Moscou, 14 octobre 2024 (AFP) - Si Vladimir Poutine rencontre Massoud Pezeshkian, ils signeront un traité.", None),
    ("Moscou, 14 juillet 2022 (AFP) - Vladimir Poutine et Ebrahim Raïssi se sont entretenus à plusieurs reprises par le passé.", None),
    ("Moscou, 14 octobre 2024 (AFP) - Un accord doit être signé par Vladimir Poutine et Massoud Pezeshkian.", None),
    ("Téhéran, 12 mars 2023 (AFP) - Téhéran a démenti que Mohammad Bagheri ait rencontré Valeri Guerassimov.", None),
    ("Téhéran, 12 mars 2023 (AFP) - Selon la presse, Mohammad Bagheri et Valeri Guerassimov se seraient rencontrés en secret.", None),
    ("Moscou, 14 octobre 2024 (AFP) - Massoud Pezeshkian aura des entretiens avec Vladimir Poutine à Kazan.", None),
    ("Moscou, 5 avril 2024 (AFP) - Sergueï Lavrov et Hossein Amir-Abdollahian s'étaient entretenus pour la dernière fois en janvier.", None),
    # titles and references
    ("Moscou, 12 juin 2023 (AFP) - Vladimir Poutine a reçu lundi le président iranien au Kremlin.",
     ({"meeting"}, {"Vladimir Putin", "Ebrahim Raisi"}, "Moscow", "2023-06-12", "day")),
    ("Moscou, 16 décembre 2024 (AFP) - Sergueï Lavrov a rencontré lundi son homologue à Moscou.",
     ({"meeting"}, {"Sergei Lavrov", "Abbas Araghchi"}, "Moscow", "2024-12-16", "day")),
    ("Téhéran, 20 septembre 2023 (AFP) - Le général Mohammad Bagheri a accueilli mardi M. Choïgou à Téhéran.",
     ({"meeting"}, {"Mohammad Bagheri", "Sergei Shoigu"}, "Tehran", "2023-09-19", "day")),
    ("Moscou, 16 décembre 2024 (AFP) - Sergueï Lavrov a salué le rôle d'Abbas Araghchi. Les deux hommes se sont entretenus lundi à Moscou.",
     ({"talks", "meeting"}, {"Sergei Lavrov", "Abbas Araghchi"}, "Moscow", "2024-12-16", "day")),
    ("Moscou, 16 décembre 2024 (AFP) - Sergueï Lavrov a salué le rôle d'Abbas Araghchi. Ils se sont entretenus lundi à Moscou.",
     ({"talks", "meeting"}, {"Sergei Lavrov", "Abbas Araghchi"}, "Moscow", "2024-12-16", "day")),
    ("Téhéran, 9 novembre 2022 (Reuters) - Le dirigeant russe s'est entretenu mercredi avec le chef de la diplomatie iranienne.",
     ({"talks", "meeting"}, {"Vladimir Putin", "Hossein Amir-Abdollahian"}, None, "2022-11-09", "day")),
    # places, summits, announcements
    ("Kazan, 23 octobre 2024 (AFP) - En marge du sommet des BRICS à Kazan, Vladimir Poutine a rencontré mercredi Massoud Pezeshkian.",
     ({"meeting"}, {"Vladimir Putin", "Masoud Pezeshkian"}, "Kazan", "2024-10-23", "day")),
    ("Moscou, 20 octobre 2022 (AFP) - Vladimir Poutine a reçu mardi à Sotchi le président iranien Ebrahim Raïssi.",
     ({"meeting"}, {"Vladimir Putin", "Ebrahim Raisi"}, "Sochi", "2022-10-18", "day")),
    ("Moscou, 4 janvier 2024 (AFP) - Vladimir Poutine s'est entretenu par téléphone avec Ebrahim Raïssi, a annoncé jeudi le Kremlin.",
     ({"call"}, {"Vladimir Putin", "Ebrahim Raisi"}, None, "2024-01", "month")),
    ("Moscou, 10 septembre 2024 (AFP) - Ali Akbar Ahmadian s'est rendu lundi à Moscou, où il a rencontré Sergueï Choïgou.",
     ({"meeting", "visit"}, {"Ali Akbar Ahmadian", "Sergei Shoigu"}, "Moscow", "2024-09-09", "day")),
    ("Moscou, 3 avril 2024 (AFP) - Sergueï Lavrov a reçu mercredi le vice-ministre iranien des Affaires étrangères Mehdi Safari.",
     ({"meeting"}, {"Sergei Lavrov", "Mehdi Safari"}, None, "2024-04-03", "day")),
    ("Moscou, 11 octobre 2024 (AFP) - « Nous avons eu des discussions constructives », a déclaré M. Lavrov à l'issue de sa rencontre avec M. Araghchi.",
     ({"meeting"}, {"Sergei Lavrov", "Abbas Araghchi"}, None, "2024-10", "month")),
    ("Moscou, 11 octobre 2024 (AFP) - Sergueï Lavrov et Abbas Araghchi se sont parlé au téléphone mercredi.",
     ({"call"}, {"Sergei Lavrov", "Abbas Araghchi"}, None, "2024-10-09", "day")),
    ("Moscou, 11 octobre 2024 (AFP) - Abbas Araghchi a téléphoné mercredi à Sergueï Lavrov.",
     ({"call"}, {"Sergei Lavrov", "Abbas Araghchi"}, None, "2024-10-09", "day")),
    ("Moscou, 11 octobre 2024 (AFP) - Sergueï Choïgou a rencontré mercredi à Téhéran des responsables iraniens.",
     ({"meeting"}, {"Sergei Shoigu", "Iran"}, "Tehran", "2024-10-09", "day")),
    ("Moscou, 11 octobre 2024 (AFP) - Une rencontre entre Vladimir Poutine et Massoud Pezeshkian a eu lieu mardi à Moscou.",
     ({"meeting"}, {"Vladimir Putin", "Masoud Pezeshkian"}, "Moscow", "2024-10-08", "day")),
    ("Moscou, 11 octobre 2024 (AFP) - Le président iranien, qui s'est entretenu mardi avec Vladimir Poutine, a ensuite quitté Moscou.",
     ({"talks", "meeting"}, {"Masoud Pezeshkian", "Vladimir Putin"}, None, "2024-10-08", "day")),
    ("Moscou, 11 octobre 2024 (AFP) - Vladimir Poutine a annulé sa rencontre avec Massoud Pezeshkian.", None),
    ("Moscou, 11 octobre 2024 (AFP) - Vladimir Poutine n'a pas exclu de rencontrer Massoud Pezeshkian.", None),
    ("Moscou, 11 octobre 2024 (AFP) - Vladimir Poutine va rencontrer Massoud Pezeshkian.", None),
    ("Moscou, 18 avril 2025 (AFP) - Le président russe a reçu vendredi le message du guide suprême Ali Khamenei, a indiqué Dmitri Peskov.", None),
    ("Moscou, 11 octobre 2024 (AFP) - Vladimir Poutine reçoit mardi prochain Massoud Pezeshkian au Kremlin.", None),
    ("Vladimir Poutine a reçu mardi au Kremlin le ministre iranien des Affaires étrangères Hossein Amir-Abdollahian.",
     ({"meeting"}, {"Vladimir Putin", "Hossein Amir-Abdollahian"}, "Moscow", None, "unknown")),
    # a contact held at an event described earlier takes that event's date (and place)
    ("Ankara, 9 février 2024 (Reuters) - Le président turc Recep Tayyip Erdogan a accueilli jeudi à Ankara "
     "les chefs de la diplomatie de plusieurs pays voisins. En marge de cette réunion, Sergueï Lavrov "
     "s'est entretenu avec Hossein Amir-Abdollahian de la situation dans le Caucase.",
     ({"talks", "meeting"}, {"Sergei Lavrov", "Hossein Amir-Abdollahian"}, "Ankara", "2024-02-08", "day")),
    ("Achgabat, 12 octobre 2024 (AFP) - Un sommet régional consacré au commerce s'est tenu vendredi dans la "
     "capitale turkmène. En marge du sommet, Vladimir Poutine a rencontré Massoud Pezeshkian.",
     ({"meeting"}, {"Vladimir Putin", "Masoud Pezeshkian"}, "Ashgabat", "2024-10-11", "day")),
    ("Bakou, 30 avril 2023 (AFP) - Des délégations de l'Azerbaïdjan, de la Russie et de l'Iran se sont réunies "
     "samedi dans la capitale azerbaïdjanaise pour parler de transport. Le vice-ministre russe des Affaires "
     "étrangères Andreï Roudenko a eu en marge de la réunion un entretien avec Ali Bagheri Kani.",
     ({"talks", "meeting"}, {"Andrei Rudenko", "Ali Bagheri Kani"}, "Baku", "2023-04-29", "day")),
    ("Téhéran, 15 août 2023 (AFP) - Le président iranien Ebrahim Raïssi a reçu lundi le chef de la diplomatie "
     "chinoise. Lors de cette visite, Mehdi Safari a rencontré mardi l'ambassadeur russe Alexeï Dedov.",
     ({"meeting"}, {"Mehdi Safari", "Alexey Dedov"}, None, "2023-08-15", "day")),
    # told as news with no date of its own: the month of publication
    ("Douchanbé, 7 juin 2024 (AFP) - En marge de la réunion, Sergueï Lavrov s'est entretenu avec Ali Bagheri Kani.",
     ({"talks", "meeting"}, {"Sergei Lavrov", "Ali Bagheri Kani"}, "Dushanbe", "2024-06", "month")),
    ("Téhéran, 20 mai 2023 (AFP) - Ebrahim Raïssi a reçu mardi à Téhéran le président du Tadjikistan. Les pays "
     "de la région se sont réunis jeudi à Douchanbé. En marge de cette visite, Mehdi Safari a rencontré l'ambassadeur russe Alexeï Dedov.",
     ({"meeting"}, {"Mehdi Safari", "Alexey Dedov"}, "Tehran", "2023-05-16", "day")),
    ("Téhéran, 20 mai 2023 (AFP) - Ebrahim Raïssi a reçu mardi à Téhéran le président du Tadjikistan. Les pays "
     "de la région se sont réunis jeudi à Douchanbé. En marge de la réunion, Mehdi Safari a rencontré l'ambassadeur russe Alexeï Dedov.",
     ({"meeting"}, {"Mehdi Safari", "Alexey Dedov"}, "Dushanbe", "2023-05-18", "day")),
    ("Genève, 14 novembre 2023 (AFP) - La conférence sur le désarmement s'est ouverte lundi à Genève. "
     "En marge de la conférence, Sergueï Riabkov s'est entretenu avec Kazem Gharibabadi.",
     ({"talks", "meeting"}, {"Sergei Ryabkov", "Kazem Gharibabadi"}, "Geneva", "2023-11-13", "day")),
    ("Moscou, 20 mars 2023 (AFP) - Le chef de la diplomatie chinoise a été reçu lundi par Vladimir Poutine. "
     "Lors de la visite d'Ebrahim Raïssi à Moscou mardi, Vladimir Poutine a salué une coopération exemplaire.",
     ({"visit", "meeting"}, {"Vladimir Putin", "Ebrahim Raisi"}, "Moscow", "2023-03-14", "day")),
    # capitals described by their country's adjective
    ("Moscou, 16 décembre 2024 (AFP) - Sergueï Lavrov a reçu lundi dans la capitale russe son homologue iranien Abbas Araghchi.",
     ({"meeting"}, {"Sergei Lavrov", "Abbas Araghchi"}, "Moscow", "2024-12-16", "day")),
    ("Téhéran, 20 septembre 2023 (AFP) - Sergueï Choïgou a rencontré mardi dans la capitale iranienne le général Mohammad Bagheri.",
     ({"meeting"}, {"Sergei Shoigu", "Mohammad Bagheri"}, "Tehran", "2023-09-19", "day")),
    # office pairs: both office holders on the contact's date, or no contact
    ("Téhéran, 10 juin 2023 (AFP) - Les chefs de la diplomatie des deux pays se sont entretenus samedi par téléphone.",
     ({"call"}, {"Sergei Lavrov", "Hossein Amir-Abdollahian"}, None, "2023-06-10", "day")),
    ("Moscou, 3 septembre 2024 (AFP) - Les deux présidents ont eu un entretien en 2024 à Moscou.", None),
    ("Moscou, 3 septembre 2025 (AFP) - Retour sur une alliance : Vladimir Poutine avait salué Ebrahim Raïssi. "
     "Les deux présidents ont alors signé un accord de coopération.",
     ({"signing"}, {"Vladimir Putin", "Ebrahim Raisi"}, None, None, "unknown")),
    ("Les présidents des deux pays ont signé un accord de coopération énergétique.", None),
    ("Ankara, 5 mai 2023 (AFP) - Recep Tayyip Erdogan a salué Ebrahim Raïssi. Les deux présidents se sont entretenus vendredi par téléphone.", None),
    # "où il a été reçu par X": the traveller named earlier in the sentence meets the host
    ("Moscou, 6 novembre 2024 (AFP) - Le ministre iranien des Affaires étrangères, Abbas Araghchi, est arrivé mardi "
     "à Moscou, où il a été accueilli par son homologue russe Sergueï Lavrov, a annoncé la diplomatie russe dans un communiqué.",
     ({"meeting"}, {"Abbas Araghchi", "Sergei Lavrov"}, "Moscow", "2024-11-05", "day")),
    ("Téhéran, 21 mai 2024 (Reuters) - Le ministre russe de la Défense, Andreï Belooussov, s'est rendu mardi à Téhéran, "
     "où il a été reçu par le président du Parlement Mohammad Bagher Ghalibaf, a rapporté l'agence Irna.",
     ({"meeting"}, {"Andrei Belousov", "Mohammad Bagher Ghalibaf"}, "Tehran", "2024-05-21", "day")),
    # a pluperfect contact with its own date is a real one; "déjà" alone does not make it counted
    ("Moscou, 20 août 2023 (AFP) - En juillet, le président russe Vladimir Poutine avait déjà évoqué avec Ebrahim "
     "Raïssi, lors d'un entretien téléphonique, la coopération dans le nucléaire civil.",
     ({"call"}, {"Vladimir Putin", "Ebrahim Raisi"}, None, "2023-07", "month")),
    ("Moscou, 20 août 2023 (AFP) - Vladimir Poutine et Ebrahim Raïssi s'étaient déjà entretenus par téléphone.", None),
    ("Moscou, 20 août 2023 (AFP) - Vladimir Poutine a évoqué mardi la coopération avec l'Iran.", None),
    ("Téhéran, 12 mai 2024 (AFP) - Le chef de la diplomatie iranienne a abordé samedi avec Sergueï Lavrov, "
     "à Téhéran, la question des sanctions.",
     ({"talks"}, {"Hossein Amir-Abdollahian", "Sergei Lavrov"}, "Tehran", "2024-05-11", "day")),
    # a light verb with a contact noun ("avoir des consultations", "mener des pourparlers")
    ("Moscou, 14 mars 2024 (AFP) - Le vice-ministre russe des Affaires étrangères Sergueï Riabkov a eu des "
     "consultations mercredi à Téhéran avec Ali Bagheri Kani.",
     ({"talks"}, {"Sergei Ryabkov", "Ali Bagheri Kani"}, "Tehran", "2024-03-13", "day")),
    ("Moscou, 14 mars 2024 (AFP) - Sergueï Lavrov a mené mardi des pourparlers avec Hossein Amir-Abdollahian à Moscou.",
     ({"talks"}, {"Sergei Lavrov", "Hossein Amir-Abdollahian"}, "Moscow", "2024-03-12", "day")),
    ("Moscou, 14 mars 2024 (AFP) - Sergueï Lavrov et Hossein Amir-Abdollahian ont tenu mardi des pourparlers à Moscou.",
     ({"talks"}, {"Sergei Lavrov", "Hossein Amir-Abdollahian"}, "Moscow", "2024-03-12", "day")),
    ("Moscou, 14 mars 2024 (AFP) - Sergueï Lavrov a eu mardi des consultations avec Hossein Amir-Abdollahian à Moscou.",
     ({"talks"}, {"Sergei Lavrov", "Hossein Amir-Abdollahian"}, "Moscow", "2024-03-12", "day")),
    ("Moscou, 14 mars 2024 (AFP) - Sergueï Lavrov aura des consultations avec Hossein Amir-Abdollahian à Moscou.", None),
    # a counterpart of a third country, named or not, is not the other side
    ("Moscou, 9 mars 2024 (AFP) - Vladimir Poutine a reçu samedi Ebrahim Raïssi au Kremlin. Dans la soirée, le chef "
     "du Kremlin a parlé au téléphone avec son homologue turc Recep Tayyip Erdogan.",
     ({"meeting"}, {"Vladimir Putin", "Ebrahim Raisi"}, "Moscow", "2024-03-09", "day")),
    ("Téhéran, 2 avril 2024 (AFP) - Le président iranien s'est entretenu mardi par téléphone avec son homologue chinois.", None),
    # a visit with no named host folds into the traveller's meeting there
    ("Moscou, 18 octobre 2023 (AFP) - Le ministre iranien des Affaires étrangères Hossein Amir-Abdollahian est arrivé "
     "lundi à Moscou. Il s'est entretenu mardi avec Sergueï Lavrov.",
     ({"talks", "meeting"}, {"Hossein Amir-Abdollahian", "Sergei Lavrov"}, "Moscow", "2023-10-17", "day")),
]


@lru_cache(maxsize=1)
def _extractions() -> tuple[ArticleExtraction, ...]:
    return tuple(extract_documents([(f"case{i}.txt", text) for i, (text, _) in enumerate(CASES)]))


@pytest.mark.parametrize("index", range(len(CASES)), ids=[t[36:90] for t, _ in CASES])
def test_contact_table(index):
    text, expected = CASES[index]
    contacts = _extractions()[index].contacts
    if expected is None:
        assert contacts == [], [(c.kind, [p.name for p in c.participants]) for c in contacts]
        return
    kinds, names, location, date, precision = expected
    assert len(contacts) == 1, [(c.kind, [p.name for p in c.participants]) for c in contacts]
    contact = contacts[0]
    assert contact.kind in kinds
    assert {p.name for p in contact.participants} == names
    assert contact.location == location
    assert (contact.date.value, contact.date.precision) == (date, precision)
    for source in contact.sources:
        assert text[source.start:source.end] == source.quote


RELATIVE_DAYS = [
    ("Le lendemain", "2024-03-19"),
    ("Le même jour", "2024-03-18"),
    ("La veille", "2024-03-17"),
]


@pytest.mark.parametrize("phrase, expected", RELATIVE_DAYS)
def test_relative_day_follows_previous_event(phrase, expected):
    text = ("Moscou, 20 mars 2024 (AFP) - Vladimir Poutine a reçu le 18 mars au Kremlin Ebrahim Raïssi. "
            f"{phrase}, Sergueï Lavrov s'est entretenu au téléphone avec Hossein Amir-Abdollahian.")
    contacts = extract_documents([("relative.txt", text)])[0].contacts
    call = next(c for c in contacts if {p.name for p in c.participants} == {"Sergei Lavrov", "Hossein Amir-Abdollahian"})
    assert (call.date.value, call.date.precision) == (expected, "day")
    assert len(contacts) == 2
