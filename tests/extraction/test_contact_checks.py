"""Table tests of the contact step's candidates, checks and trace.

Each phenomenon has several sentences in different word orders, written for these tests. A
dropped candidate must name the check that dropped it; a near miss becomes a suggestion and
never a contact.
"""

from __future__ import annotations

from functools import cache

import pytest

from app.extraction.candidates import WEAK_CHECKS, explain
from app.extraction.pipeline import extract_documents
from app.extraction.records import ArticleExtraction

MOSCOW = "Moscou, 14 mars 2024 (AFP) - "
TEHRAN = "Téhéran, 14 mars 2024 (AFP) - "
UNDATED = ""  # no dateline and no publication date: office holders cannot be read off a date

# (text, names of the one contact expected)
FOUND: list[tuple[str, set[str]]] = [
    # a contact noun with its partner in its own phrase, whatever verb the clause has
    (MOSCOW + "Sergueï Lavrov a affirmé, lors d'un entretien téléphonique avec Hossein Amir-Abdollahian, "
     "que la coopération progressait.", {"Sergei Lavrov", "Hossein Amir-Abdollahian"}),
    (MOSCOW + "Lors d'un entretien téléphonique avec Hossein Amir-Abdollahian, Sergueï Lavrov a affirmé "
     "que la coopération progressait.", {"Sergei Lavrov", "Hossein Amir-Abdollahian"}),
    (MOSCOW + "La coopération progresse, a déclaré Sergueï Lavrov dans une conversation avec "
     "Hossein Amir-Abdollahian.", {"Sergei Lavrov", "Hossein Amir-Abdollahian"}),
    (TEHRAN + "Au début de sa rencontre avec Vladimir Poutine, Ebrahim Raïssi a salué des liens solides.",
     {"Vladimir Putin", "Ebrahim Raisi"}),
    (TEHRAN + "Ebrahim Raïssi a salué des liens solides à l'ouverture de ses discussions avec Vladimir Poutine.",
     {"Vladimir Putin", "Ebrahim Raisi"}),
    (TEHRAN + "Le contact téléphonique entre Ebrahim Raïssi et Vladimir Poutine a porté sur l'énergie.",
     {"Vladimir Putin", "Ebrahim Raisi"}),
    # the partner's whole phrase after the noun, whatever the parse hangs it on
    (TEHRAN + "La coopération progresse, a annoncé mardi le président iranien Ebrahim Raïssi dans un entretien "
     "téléphonique avec le président de la Fédération de Russie, Vladimir Poutine.", {"Vladimir Putin", "Ebrahim Raisi"}),
    (TEHRAN + "Dans un entretien téléphonique avec le chef du Kremlin, Vladimir Poutine, Ebrahim Raïssi a salué "
     "la coopération.", {"Vladimir Putin", "Ebrahim Raisi"}),
    # a verb left without a subject by the parse takes the name just before its clause
    (MOSCOW + "Le ministère a indiqué dans un communiqué que Lavrov, lors d'un entretien téléphonique avec "
     "Amir-Abdollahian, a exprimé son soutien.", {"Sergei Lavrov", "Hossein Amir-Abdollahian"}),
    (MOSCOW + "Selon le communiqué, Lavrov, au cours d'une conversation avec Amir-Abdollahian, a exprimé son soutien.",
     {"Sergei Lavrov", "Hossein Amir-Abdollahian"}),
    # a partner in a coordinated subject: "X et Y ont discuté de ..."
    (MOSCOW + "Sergueï Lavrov et Hossein Amir-Abdollahian ont discuté mardi de la situation régionale.",
     {"Sergei Lavrov", "Hossein Amir-Abdollahian"}),
    (MOSCOW + "Mardi, Hossein Amir-Abdollahian et son homologue russe Sergueï Lavrov ont discuté du nucléaire.",
     {"Sergei Lavrov", "Hossein Amir-Abdollahian"}),
    # a counterpart after "avec" satisfies "aborder": "a abordé avec son homologue"
    (MOSCOW + "Vladimir Poutine a abordé mardi avec son homologue iranien la question des sanctions.",
     {"Vladimir Putin", "Ebrahim Raisi"}),
    (MOSCOW + "Avec son homologue iranien, Vladimir Poutine a abordé mardi la question des sanctions.",
     {"Vladimir Putin", "Ebrahim Raisi"}),
    # a pluperfect contact is a past contact, dated or not
    (MOSCOW + "La veille, Hossein Amir-Abdollahian avait rencontré Sergueï Lavrov.",
     {"Sergei Lavrov", "Hossein Amir-Abdollahian"}),
    (MOSCOW + "Hossein Amir-Abdollahian avait également rencontré le vice-ministre Sergueï Riabkov.",
     {"Sergei Ryabkov", "Hossein Amir-Abdollahian"}),
    # an infinitive or participle clause takes its reporting clause's subject
    (MOSCOW + "La coopération va s'amplifier, a affirmé Sergueï Lavrov après avoir rencontré "
     "Hossein Amir-Abdollahian.", {"Sergei Lavrov", "Hossein Amir-Abdollahian"}),
    (MOSCOW + "Après avoir rencontré Hossein Amir-Abdollahian, Sergueï Lavrov a affirmé que la coopération "
     "allait s'amplifier.", {"Sergei Lavrov", "Hossein Amir-Abdollahian"}),
    # undated: "son homologue" and a bare title are the holder the article names
    (UNDATED + "Hossein Dehghan a défendu la coopération militaire. Sergueï Choïgou a rencontré son homologue "
     "iranien à Moscou.", {"Sergei Shoigu", "Hossein Dehghan"}),
    (UNDATED + "Sergueï Choïgou a rencontré son homologue iranien à Moscou. Hossein Dehghan a ensuite défendu "
     "la coopération militaire.", {"Sergei Shoigu", "Hossein Dehghan"}),
    (UNDATED + "Ali Akbar Salehi a défendu le programme civil. Le chef de l'Organisation iranienne de l'énergie "
     "atomique a rencontré Sergueï Kirienko à Moscou.", {"Ali Akbar Salehi", "Sergei Kiriyenko"}),
    # a host gathers others: the third country's leader is present but not a party
    (MOSCOW + "Vladimir Poutine a réuni mardi Recep Tayyip Erdogan et Ebrahim Raïssi à Sotchi.",
     {"Vladimir Putin", "Ebrahim Raisi"}),
    (MOSCOW + "Mardi à Sotchi, Vladimir Poutine a réuni Ebrahim Raïssi et Recep Tayyip Erdogan.",
     {"Vladimir Putin", "Ebrahim Raisi"}),
    # a signing the leaders supervised
    (TEHRAN + "Ebrahim Raïssi et Vladimir Poutine ont supervisé mardi la signature d'un accord ferroviaire.",
     {"Vladimir Putin", "Ebrahim Raisi"}),
    (TEHRAN + "Mardi, la signature d'un accord ferroviaire a été supervisée par Ebrahim Raïssi et Vladimir Poutine.",
     {"Vladimir Putin", "Ebrahim Raisi"}),
    # the one a message is carried to is a party; its sender is not
    (MOSCOW + "Ali Akbar Velayati a rencontré mardi Vladimir Poutine pour lui remettre un message d'Ali Khamenei.",
     {"Vladimir Putin", "Ali Akbar Velayati"}),
    (MOSCOW + "Lors de la réunion, Ali Akbar Velayati a livré un message d'Ali Khamenei au président russe Vladimir Poutine.",
     {"Vladimir Putin", "Ali Akbar Velayati"}),
    # whose greetings are carried is not a party
    (TEHRAN + "Lors d'une rencontre avec Massoud Pezeshkian, Vitali Saveliev a transmis les salutations de "
     "Vladimir Poutine.", {"Masoud Pezeshkian", "Vitaly Savelyev"}),
    (TEHRAN + "Au cours de son entretien mardi avec Massoud Pezeshkian, Vitali Saveliev a transmis les vœux de "
     "Vladimir Poutine.", {"Masoud Pezeshkian", "Vitaly Savelyev"}),
    # a capital acting as host stands for its government; a delegation is a side
    (TEHRAN + "Téhéran a reçu mardi le secrétaire du Conseil de sécurité russe Sergueï Choïgou.",
     {"Sergei Shoigu", "Iran"}),
    (MOSCOW + "Mohammad Eslami a rencontré mardi à Moscou la direction de l'agence publique russe de l'énergie "
     "atomique.", {"Mohammad Eslami", "Russia"}),
    (MOSCOW + "Mardi à Moscou, une délégation russe a reçu Mohammad Eslami.", {"Mohammad Eslami", "Russia"}),
]

# (text, the check expected to drop the candidate)
DROPPED: list[tuple[str, str]] = [
    # a country alone is a placeholder, not a side: a near miss
    (MOSCOW + "Vladimir Poutine s'est rendu mardi à Téhéran.", "person_on_each_side"),
    (MOSCOW + "Mardi, Vladimir Poutine s'est rendu en Iran.", "person_on_each_side"),
    (UNDATED + "Sergueï Choïgou a rencontré son homologue iranien à Moscou.", "person_on_each_side"),
    # no party of one side in the clause at all
    (MOSCOW + "Sergueï Lavrov a rencontré mardi son homologue turc à Ankara.", "both_sides"),
    (MOSCOW + "Mardi à Ankara, Sergueï Lavrov a rencontré Recep Tayyip Erdogan.", "both_sides"),
    # a noun that names both its parties with "entre" borrows none from the clause around it
    (MOSCOW + "Après une rencontre mardi entre les ministres russe et allemand, Hossein Amir-Abdollahian "
     "a salué la médiation de Sergueï Lavrov.", "both_sides"),
    # planned or conditional
    (MOSCOW + "Sergueï Lavrov rencontrera Hossein Amir-Abdollahian à Moscou.", "not_planned_or_conditional"),
    (MOSCOW + "Sergueï Lavrov rencontrerait Hossein Amir-Abdollahian à Moscou selon la presse.",
     "not_planned_or_conditional"),
    (MOSCOW + "Sergueï Lavrov recevra mardi prochain Hossein Amir-Abdollahian.", "not_planned_or_conditional"),
    # under a modal
    (MOSCOW + "Sergueï Lavrov doit rencontrer Hossein Amir-Abdollahian à Moscou.", "not_infinitive"),
    (MOSCOW + "Sergueï Lavrov va s'entretenir avec Hossein Amir-Abdollahian.", "not_infinitive"),
    # negated
    (MOSCOW + "Sergueï Lavrov n'a pas rencontré Hossein Amir-Abdollahian.", "not_negated"),
    (MOSCOW + "Jamais Sergueï Lavrov n'a rencontré Hossein Amir-Abdollahian.", "not_negated"),
    # an earlier meeting only recalled
    (MOSCOW + "Sergueï Lavrov a rencontré Hossein Amir-Abdollahian à plusieurs reprises.", "not_only_recalled"),
    (MOSCOW + "Par le passé, Sergueï Lavrov a rencontré Hossein Amir-Abdollahian.", "not_only_recalled"),
    # what the talks were about, not a new contact
    (MOSCOW + "Sergueï Lavrov a évoqué la coopération avec l'Iran.", "partner_present"),
    (MOSCOW + "La coopération avec l'Iran, Vladimir Poutine l'a évoquée mardi.", "partner_present"),
    # a thing received is not a visitor
    (TEHRAN + "Ebrahim Raïssi a reçu mardi de Sergueï Lavrov une lettre de Vladimir Poutine.", "not_thing_received"),
    (TEHRAN + "Mardi, Ebrahim Raïssi a reçu de Sergueï Lavrov le message du Kremlin.", "not_thing_received"),
    # a sender named inside the thing received is no party at all
    (MOSCOW + "Vladimir Poutine a reçu mardi un message de Ebrahim Raïssi.", "both_sides"),
]


@cache
def _extracted(table: str) -> tuple[ArticleExtraction, ...]:
    """Every text of the named table extracted once (one parse batch per table)."""
    texts = globals()[table]
    return tuple(extract_documents([(f"{table.lower()}{i}.txt", t) for i, (t, _) in enumerate(texts)]))


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(FOUND)), ids=[t[29:80] for t, _ in FOUND])
def test_found(index):
    text, names = FOUND[index]
    x = _extracted("FOUND")[index]
    trace = "\n".join(explain(x.article, x.candidates))
    assert len(x.contacts) == 1, trace
    assert {p.name for p in x.contacts[0].participants} == names, trace
    for source in x.contacts[0].sources:
        assert text[source.start:source.end] == source.quote


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(DROPPED)), ids=[t[29:80] for t, _ in DROPPED])
def test_dropped_by_named_check(index):
    text, check = DROPPED[index]
    x = _extracted("DROPPED")[index]
    trace = "\n".join(explain(x.article, x.candidates))
    assert x.contacts == [], trace
    assert any(c.dropped_by is not None and c.dropped_by.check == check for c in x.candidates), trace
    # a near miss is offered as a suggestion exactly when a weak check dropped it
    suggested = {s.check for s in x.suggestions}
    assert (check in suggested) == (check in WEAK_CHECKS and any(
        c.dropped_by is not None and c.dropped_by.check == check and c.contact is not None for c in x.candidates))


@pytest.mark.slow
def test_every_verdict_names_its_check_and_kept_candidates_passed_all():
    for x in _extracted("FOUND") + _extracted("DROPPED"):
        for cand in x.candidates:
            assert cand.verdicts, cand
            assert all(v.check for v in cand.verdicts)
            if cand.kept:
                assert all(v.passed for v in cand.verdicts)
            else:
                assert cand.dropped_by is not None and cand.dropped_by.why


@pytest.mark.slow
def test_suggestion_is_never_a_contact():
    x = _extracted("DROPPED")[0]
    assert x.contacts == []
    assert [s.check for s in x.suggestions] == ["person_on_each_side"]
    assert {p.name for p in x.suggestions[0].contact.participants} == {"Vladimir Putin", "Iran"}


# (text, (date, precision)): a contact told as news with no date of its own takes the month of
# publication; a back-reference (pluperfect, "alors", "à l'époque") stays undated.
DATED: list[tuple[str, tuple[str | None, str]]] = [
    (MOSCOW + "Sergueï Lavrov a rencontré Hossein Amir-Abdollahian à Moscou.", ("2024-03", "month")),
    (MOSCOW + "À Moscou, Hossein Amir-Abdollahian a été reçu par Sergueï Lavrov.", ("2024-03", "month")),
    (MOSCOW + "Sergueï Lavrov reçoit Hossein Amir-Abdollahian à Moscou.", ("2024-03", "month")),
    (MOSCOW + "Sergueï Lavrov a rencontré mardi Hossein Amir-Abdollahian.", ("2024-03-12", "day")),
    (MOSCOW + "Sergueï Lavrov avait rencontré Hossein Amir-Abdollahian à Moscou.", (None, "unknown")),
    (MOSCOW + "Sergueï Lavrov a alors rencontré Hossein Amir-Abdollahian à Moscou.", (None, "unknown")),
    (MOSCOW + "À l'époque, Sergueï Lavrov a rencontré Hossein Amir-Abdollahian à Moscou.", (None, "unknown")),
    (UNDATED + "Sergueï Lavrov a rencontré Hossein Amir-Abdollahian à Moscou.", (None, "unknown")),
]


# (text, (place or None)): a place described before its name
PLACED: list[tuple[str, str | None]] = [
    (MOSCOW + "Vladimir Poutine a reçu Ebrahim Raïssi dans la station balnéaire russe de Sotchi.", "Sochi"),
    (MOSCOW + "C'est dans la ville russe de Kazan que Vladimir Poutine a reçu Ebrahim Raïssi.", "Kazan"),
    (MOSCOW + "Vladimir Poutine a reçu Ebrahim Raïssi à la ville iranienne d'Ispahan.", "Isfahan"),
    (MOSCOW + "Vladimir Poutine a reçu Ebrahim Raïssi, originaire de la ville de Mashhad.", None),
    # a country named with "en" is a place too; a side meeting with no place is at the dateline
    (MOSCOW + "En marge du sommet de l'OCS en Chine, Vladimir Poutine a rencontré Ebrahim Raïssi.", "China"),
    # a country that complements another noun is a topic, not a place
    (MOSCOW + "Vladimir Poutine a reçu Ebrahim Raïssi pour discuter de la guerre en Ukraine.", None),
    (MOSCOW + "Vladimir Poutine a reçu Ebrahim Raïssi ; la crise en Syrie était au menu.", None),
    # a city of the country named is finer, whichever comes first
    (MOSCOW + "Le contrat sur sept champs pétrolifères en Iran a été signé par Alexandre Novak et Bijan Namdar "
     "Zanganeh à Téhéran.", "Tehran"),
    (MOSCOW + "En Iran, Vladimir Poutine a rencontré Ebrahim Raïssi à Téhéran.", "Tehran"),
    (MOSCOW + "À Téhéran, le contrat sur sept champs en Iran a été signé par Alexandre Novak et Bijan Namdar "
     "Zanganeh.", "Tehran"),
    # a trip told with an arrival verb lends its place to the meeting that follows
    (MOSCOW + "Abbas Araghtchi a atterri mardi soir à Moscou. Mercredi, il a rencontré Sergueï Lavrov.", "Moscow"),
    (MOSCOW + "Abbas Araghtchi est arrivé mardi à Moscou. Il a ensuite rencontré Sergueï Lavrov.", "Moscow"),
    # an event up the chain of nouns makes the country its place
    (MOSCOW + "Au sommet de l'Organisation de coopération de Shanghai en Chine, Vladimir Poutine a rencontré "
     "Ebrahim Raïssi.", "China"),
    ("Aktau/Les dirigeants de la Caspienne se sont réunis. En marge du sommet, Vladimir Poutine a "
     "rencontré Ebrahim Raïssi.", "Aktau"),
    ("Tianjin/En marge du sommet, Vladimir Poutine s'est entretenu avec Ebrahim Raïssi.", "Tianjin"),
    # ... even when the clause dates the side meeting itself
    ("Aktau/Les dirigeants de la Caspienne se sont réunis. En marge du sommet, Vladimir Poutine a "
     "rencontré aujourd'hui Ebrahim Raïssi.", "Aktau"),
    ("Tianjin/Vladimir Poutine s'est entretenu mardi avec Ebrahim Raïssi en marge du sommet.", "Tianjin"),
]

# (text, (date, precision)): no publication date, so the year comes from the weekday and the
# terms of office of everyone named; with no single year left, the contact stays undated.
WEEKDAY_YEARS: list[tuple[str, tuple[str | None, str]]] = [
    ("Alexandre Lavrentiev s'est entretenu ce lundi 5 novembre avec Ali Shamkhani à Téhéran.",
     ("2018-11-05", "day")),
    ("Ce lundi 5 novembre, Ali Shamkhani a reçu Alexandre Lavrentiev à Téhéran.", ("2018-11-05", "day")),
    ("Vladimir Poutine s'est entretenu ce lundi 5 novembre avec Ali Khamenei.", (None, "unknown")),
]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(PLACED)), ids=[t[29:80] for t, _ in PLACED])
def test_described_place(index):
    _, place = PLACED[index]
    [contact] = _extracted("PLACED")[index].contacts
    assert contact.location == place


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(WEEKDAY_YEARS)), ids=[t[:50] for t, _ in WEEKDAY_YEARS])
def test_year_from_weekday_and_terms_of_office(index):
    _, expected = WEEKDAY_YEARS[index]
    [contact] = _extracted("WEEKDAY_YEARS")[index].contacts
    assert (contact.date.value, contact.date.precision) == expected, contact.date.reason


# A date inside another event's phrase dates that event, not the contact around it.
OTHER_EVENT = [
    (MOSCOW + "Après une rencontre mardi entre les ministres russe et allemand, ce mercredi Vladimir Poutine "
     "reçoit Ebrahim Raïssi au Kremlin.", ("2024-03-13", "day")),
    (MOSCOW + "Ce mercredi, au lendemain d'une rencontre mardi avec le chancelier allemand, Vladimir Poutine a reçu "
     "Ebrahim Raïssi.", ("2024-03-13", "day")),
]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(OTHER_EVENT)), ids=[t[29:80] for t, _ in OTHER_EVENT])
def test_a_date_of_another_event_is_not_the_contacts(index):
    _, expected = OTHER_EVENT[index]
    contacts = _extracted("OTHER_EVENT")[index].contacts
    assert [(c.date.value, c.date.precision) for c in contacts] == [expected]


# A date restated in brackets after "hier" is the contact's own; the noun the bracket pushed off
# its light verb is still the light verb's object.
RESTATED: list[tuple[str, tuple[str | None, str]]] = [
    ("Vladimir Poutine et Ebrahim Raïssi ont eu hier [jeudi 07/12/2023] des entretiens à Moscou, abordant "
     "plusieurs dossiers, a indiqué le Kremlin.", ("2023-12-07", "day")),
    ("Hier (mardi 5 mars 2024), Vladimir Poutine a reçu Ebrahim Raïssi au Kremlin.", ("2024-03-05", "day")),
    ("Vladimir Poutine a reçu Ebrahim Raïssi au Kremlin hier, mardi 5 mars 2024.", ("2024-03-05", "day")),
]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(RESTATED)), ids=[t[:50] for t, _ in RESTATED])
def test_bracketed_restatement_dates_the_contact(index):
    _, expected = RESTATED[index]
    [contact] = _extracted("RESTATED")[index].contacts
    assert (contact.date.value, contact.date.precision) == expected, contact.date.reason


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(DATED)), ids=[t[29:80] for t, _ in DATED])
def test_date_of_a_contact_told_as_news(index):
    _, expected = DATED[index]
    [contact] = _extracted("DATED")[index].contacts
    assert (contact.date.value, contact.date.precision) == expected, contact.date.reason
    assert contact.date.reason


# (text, the contacts expected, each as its participants' names): a person who meets several
# people of the other side in one clause met each of them, unless the clause gives the sitting a
# day of its own; a plural "réunions"/"rencontres" says the meetings were several even on one day.
COUNTERPARTS: list[tuple[str, set[frozenset[str]]]] = [
    (MOSCOW + "Sergueï Lavrov a rencontré à Téhéran le président Massoud Pezeshkian et le ministre "
     "Abbas Araghtchi.",
     {frozenset({"Sergei Lavrov", "Masoud Pezeshkian"}), frozenset({"Sergei Lavrov", "Abbas Araghchi"})}),
    (MOSCOW + "À Téhéran, Sergueï Lavrov a été reçu par le président Massoud Pezeshkian puis par le ministre "
     "Abbas Araghtchi.",
     {frozenset({"Sergei Lavrov", "Masoud Pezeshkian"}), frozenset({"Sergei Lavrov", "Abbas Araghchi"})}),
    (MOSCOW + "Sergueï Lavrov est arrivé à Téhéran. Au cours de ce séjour, il a eu un entretien avec Massoud "
     "Pezeshkian, Ali Larijani, chef du Conseil de sécurité, et Abbas Araghtchi.",
     {frozenset({"Sergei Lavrov", "Masoud Pezeshkian"}), frozenset({"Sergei Lavrov", "Ali Larijani"}),
      frozenset({"Sergei Lavrov", "Abbas Araghchi"})}),
    (UNDATED + "Ali Larijani avait également rencontré le président Vladimir Poutine et le ministre "
     "Sergueï Lavrov.",
     {frozenset({"Ali Larijani", "Vladimir Putin"}), frozenset({"Ali Larijani", "Sergei Lavrov"})}),
    (MOSCOW + "Mardi, Abbas Araghtchi a tenu des réunions avec Sergueï Lavrov et avec Sergueï Choïgou.",
     {frozenset({"Abbas Araghchi", "Sergei Lavrov"}), frozenset({"Abbas Araghchi", "Sergei Shoigu"})}),
    # a third country's leader in the list is nobody's contact here
    (MOSCOW + "Sergueï Lavrov a rencontré à Ankara Recep Tayyip Erdogan et Abbas Araghtchi.",
     {frozenset({"Sergei Lavrov", "Abbas Araghchi"})}),
    # one sitting: its own day, or several people on the side named before the cue
    (MOSCOW + "Sergueï Lavrov s'est entretenu mardi à Téhéran avec le président Massoud Pezeshkian et son "
     "homologue Abbas Araghtchi.", {frozenset({"Sergei Lavrov", "Masoud Pezeshkian", "Abbas Araghchi"})}),
    (MOSCOW + "Mardi à Téhéran, le président Massoud Pezeshkian et Abbas Araghtchi ont reçu Sergueï Lavrov.",
     {frozenset({"Sergei Lavrov", "Masoud Pezeshkian", "Abbas Araghchi"})}),
    (MOSCOW + "Le président Massoud Pezeshkian et Abbas Araghtchi ont rencontré Sergueï Lavrov à Téhéran.",
     {frozenset({"Sergei Lavrov", "Masoud Pezeshkian", "Abbas Araghchi"})}),
]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(COUNTERPARTS)), ids=[t[29:80] for t, _ in COUNTERPARTS])
def test_one_contact_per_counterpart(index):
    text, expected = COUNTERPARTS[index]
    x = _extracted("COUNTERPARTS")[index]
    trace = "\n".join(explain(x.article, x.candidates))
    assert {frozenset(p.name for p in c.participants if p.kind == "person") for c in x.contacts} == expected, trace
    decisions = {v.check for c in x.candidates if c.kept for v in c.verdicts}
    assert ("one_per_counterpart" in decisions) == (len(expected) > 1), trace


ARRIVED = "Sergueï Lavrov est arrivé dimanche à Téhéran, où il a été reçu par le président Massoud Pezeshkian. "

# (text, where the Lavrov–Araghchi contact took place): a contact that continues the account of a
# trip ("il a également rencontré") with no place of its own is where its traveller was last reported.
TRIP_CONTINUED: list[tuple[str, str | None]] = [
    (ARRIVED + "Il a également eu des entretiens avec Abbas Araghtchi.", "Tehran"),
    (ARRIVED + "Sergueï Lavrov s'est aussi entretenu avec son homologue Abbas Araghtchi.", "Tehran"),
    (ARRIVED + "Ensuite, Sergueï Lavrov a rencontré Abbas Araghtchi.", "Tehran"),
    (ARRIVED + "Abbas Araghtchi a par ailleurs reçu Sergueï Lavrov.", "Tehran"),
    # nothing says it continues the trip: no place is guessed
    (ARRIVED + "Sergueï Lavrov a rencontré Abbas Araghtchi.", None),
    # the one who is at home on the last report is no traveller
    ("Sergueï Lavrov a reçu Ali Larijani à Moscou. Sergueï Lavrov a également rencontré Abbas Araghtchi.", None),
]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(TRIP_CONTINUED)), ids=[t[-60:] for t, _ in TRIP_CONTINUED])
def test_a_contact_continuing_a_trip_takes_its_place(index):
    text, place = TRIP_CONTINUED[index]
    x = _extracted("TRIP_CONTINUED")[index]
    [contact] = [c for c in x.contacts if {p.name for p in c.participants} == {"Sergei Lavrov", "Abbas Araghchi"}]
    assert contact.location == place, "\n".join(explain(x.article, x.candidates))


def test_two_meetings_of_one_pair_in_two_cities_stay_two():
    text = ("Sergueï Choïgou est arrivé dimanche à Téhéran, où il a été reçu par Hassan Rohani. "
            "M. Choïgou a également eu des entretiens avec son homologue Hossein Dehghan. "
            "Mardi, Choïgou avait rencontré Hossein Dehghan à Moscou.")
    [x] = extract_documents([("two-cities.txt", text)])
    pair = [c for c in x.contacts if {p.name for p in c.participants} == {"Sergei Shoigu", "Hossein Dehghan"}]
    assert sorted(c.location for c in pair) == ["Moscow", "Tehran"], "\n".join(explain(x.article, x.candidates))


# (text, the pair of the second sentence's contact): "il" opening a sentence is the person the
# sentence before was about (its subject), not the last person it happened to name.
PRONOUN_TOPIC: list[tuple[str, set[str]]] = [
    (MOSCOW + "Sergueï Choïgou a atterri à Téhéran, où le général Mohammad Bagheri l'attendait. "
     "Il a ensuite rencontré Ali Shamkhani.", {"Sergei Shoigu", "Ali Shamkhani"}),
    (MOSCOW + "Accueilli par le général Mohammad Bagheri, Sergueï Choïgou est arrivé à Téhéran. "
     "Il s'est ensuite entretenu avec Ali Shamkhani.", {"Sergei Shoigu", "Ali Shamkhani"}),
    (MOSCOW + "Sergueï Choïgou, que le général Mohammad Bagheri a accueilli, est arrivé à Téhéran. "
     "Mardi, il a eu un entretien avec Ali Shamkhani.", {"Sergei Shoigu", "Ali Shamkhani"}),
]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(PRONOUN_TOPIC)), ids=[t[29:80] for t, _ in PRONOUN_TOPIC])
def test_a_sentence_opening_pronoun_is_the_previous_subject(index):
    text, pair = PRONOUN_TOPIC[index]
    x = _extracted("PRONOUN_TOPIC")[index]
    second = text.index(". ") + 2
    contacts = [c for c in x.contacts if any(s.start >= second for s in c.sources)]
    assert [{p.name for p in c.participants if p.kind == "person"} for c in contacts] == [pair], \
        "\n".join(explain(x.article, x.candidates))


# (text, the persons of the one contact, or None for no contact): whom a contact's purpose clause
# delivers something to is its partner; whose message it is, or whom any other purpose clause
# names, is not.
PURPOSE_RECIPIENT: list[tuple[str, set[str] | None]] = [
    (MOSCOW + "Ali Larijani s'est rendu à Moscou pour remettre un message d'Ali Khamenei à Vladimir Poutine.",
     {"Ali Larijani", "Vladimir Putin"}),
    (MOSCOW + "Ali Larijani a été reçu au Kremlin pour transmettre à Vladimir Poutine un message d'Ali Khamenei.",
     {"Ali Larijani", "Vladimir Putin"}),
    (MOSCOW + "La coopération est vitale, a déclaré Ali Larijani lors de la réunion pour livrer un message "
     "d'Ali Khamenei et de Massoud Pezeshkian au président russe Vladimir Poutine.",
     {"Ali Larijani", "Vladimir Putin"}),
    (MOSCOW + "Ali Larijani a eu une rencontre mardi pour remettre au président Vladimir Poutine une lettre "
     "d'Ali Khamenei.", {"Ali Larijani", "Vladimir Putin"}),
    (MOSCOW + "Ali Larijani s'est rendu à Moscou pour assister aux obsèques d'un proche de Vladimir Poutine.", None),
]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(PURPOSE_RECIPIENT)), ids=[t[29:80] for t, _ in PURPOSE_RECIPIENT])
def test_the_recipient_of_a_purpose_clause_is_a_partner(index):
    _, persons = PURPOSE_RECIPIENT[index]
    x = _extracted("PURPOSE_RECIPIENT")[index]
    found = [{p.name for p in c.participants if p.kind == "person"} for c in x.contacts]
    assert found == ([persons] if persons else []), "\n".join(explain(x.article, x.candidates))


# (text, the persons of the one contact): a participle that modifies a noun ("le président russe
# ayant rencontré X") takes that noun as its subject, not the phrase the noun hangs on.
PARTICIPLE_ON_NOUN: list[tuple[str, set[str]]] = [
    ("Moscou, 14 septembre 2024 (AFP) - Il s'agira d'une première rencontre entre MM. Poutine et Pezeshkian, "
     "le président russe ayant rencontré l'ancien président iranien Ebrahim Raïssi en juillet à Moscou.",
     {"Vladimir Putin", "Ebrahim Raisi"}),
    ("Moscou, 14 septembre 2024 (AFP) - Un sommet réunira bientôt MM. Poutine et Pezeshkian, le dirigeant russe "
     "ayant déjà reçu en juillet l'ancien président Ebrahim Raïssi.", {"Vladimir Putin", "Ebrahim Raisi"}),
    ("Moscou, 14 septembre 2024 (AFP) - Vladimir Poutine, ayant reçu Ebrahim Raïssi en juillet à Moscou, "
     "doit rencontrer Massoud Pezeshkian en octobre.", {"Vladimir Putin", "Ebrahim Raisi"}),
]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(PARTICIPLE_ON_NOUN)), ids=[t[34:90] for t, _ in PARTICIPLE_ON_NOUN])
def test_a_participle_on_a_noun_takes_that_noun_as_subject(index):
    _, persons = PARTICIPLE_ON_NOUN[index]
    x = _extracted("PARTICIPLE_ON_NOUN")[index]
    found = [({p.name for p in c.participants if p.kind == "person"}, c.date.value) for c in x.contacts]
    assert found == [(persons, "2024-07")], "\n".join(explain(x.article, x.candidates))


# (text, the check that drops the contact noun's candidate, or None when it is kept): a contact noun
# told as a circumstance of a purpose infinitive ("pour renforcer ... lors d'une visite") is judged
# by the clause the purpose belongs to; an infinitive of intention ("veulent renforcer") still drops it.
CIRCUMSTANCE: list[tuple[str, str | None]] = [
    (MOSCOW + "Moscou et Téhéran ont signé mardi un protocole pour renforcer leur coopération, lors d'une "
     "visite à Téhéran de Sergueï Lavrov auprès d'Abbas Araghtchi.", None),
    (MOSCOW + "Les deux pays ont signé mardi un protocole afin de renforcer leur coopération au cours d'une "
     "rencontre entre Sergueï Lavrov et Abbas Araghtchi.", None),
    (MOSCOW + "Moscou et Téhéran veulent renforcer leur coopération lors d'une rencontre entre Sergueï Lavrov "
     "et Abbas Araghtchi.", "not_infinitive"),
    (MOSCOW + "Moscou et Téhéran signeront un protocole pour renforcer leur coopération lors d'une rencontre "
     "entre Sergueï Lavrov et Abbas Araghtchi.", "not_planned_or_conditional"),
]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(CIRCUMSTANCE)), ids=[t[29:80] for t, _ in CIRCUMSTANCE])
def test_a_circumstance_of_a_purpose_is_judged_by_its_clause(index):
    _, check = CIRCUMSTANCE[index]
    x = _extracted("CIRCUMSTANCE")[index]
    [noun] = [c for c in x.candidates if c.pattern in ("noun:visite", "noun:rencontre")]
    assert (noun.dropped_by.check if noun.dropped_by else None) == check, "\n".join(explain(x.article, x.candidates))
