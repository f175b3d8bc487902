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
    ("Téhéran, 19 juillet 2022 (AFP) - Vladimir Poutine s'est rendu mardi à Téhéran.",
     ({"visit"}, {"Vladimir Putin", "Iran"}, "Tehran", "2022-07-19", "day")),
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
     ({"meeting"}, {"Sergei Lavrov", "Abbas Araghchi"}, None, None, "unknown")),
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
