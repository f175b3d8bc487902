"""Claims: kinds, speakers, hedging, spans, dates and noise, on French news sentences."""

from __future__ import annotations

import pytest

from app.extraction import dates
from app.extraction.claims import extract_claims, find_quotes, get_cues, phrase_regex
from app.extraction.context import ArticleContext
from app.extraction.gazetteer import get_gazetteer
from app.extraction.nlp import get_nlp
from app.extraction.records import ArticleMeta, DateValue, NoiseSpan
from app.extraction.textfold import fold

PUBLISHED = "2022-11-09"  # a Wednesday


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.fixture(scope="module")
def claims_of(nlp):
    def run(text: str, published: str | None = PUBLISHED, noise: list[NoiseSpan] | None = None,
            outlet: str | None = None):
        noise = noise or []
        precision = "unknown" if not published else {10: "day", 7: "month", 4: "year"}[len(published)]
        meta = ArticleMeta(outlet=outlet,
                           published=DateValue(published, precision, "test") if published else DateValue.unknown())
        anchor = dates.build_anchor(text, noise, meta)
        doc = nlp(text)
        overlaps = lambda a, b: any(n.start < b and a < n.end for n in noise)  # noqa: E731
        sentences = [s for s in doc.sents if s.text.strip() and not overlaps(s.start_char, s.end_char)]
        mentions = [m for m in get_gazetteer().find_mentions(text) if not overlaps(m.start, m.end)]
        ctx = ArticleContext("test.txt", text, noise, meta, anchor, doc, sentences, mentions)
        found = extract_claims(ctx)
        for claim in found:
            assert text[claim.start:claim.end] == claim.text
            assert claim.article == "test.txt"
        return found
    return run


def only_claim(claims):
    assert len(claims) == 1, [(c.kind, c.text) for c in claims]
    return claims[0]


# sentence, accepted kinds, speaker (None: the article states it), hedged
CASES = [
    # allegations
    ("Washington accuse Téhéran d'avoir livré des missiles balistiques à Moscou.",
     {"allegation"}, "Washington", False),
    ("Les services de renseignement ukrainiens accusent l'Iran de former des pilotes russes.",
     {"allegation"}, "services de renseignement ukrainiens", False),
    ("La Russie est accusée par Kiev d'utiliser des drones iraniens contre des civils.",
     {"allegation"}, "Kiev", False),
    ("Israël affirme que l'Iran a transféré des composants de missiles à la Russie.",
     {"allegation"}, "Israël", False),
    # a suspicion is hedged by its own verb
    ("Le Pentagone soupçonne Moscou de vouloir acquérir des missiles iraniens.",
     {"allegation"}, "Pentagone", True),
    ("Les Occidentaux reprochent à Téhéran de fournir des munitions à l'armée russe.",
     {"allegation"}, "Occidentaux", False),
    ("La Maison-Blanche a révélé que des officiers russes s'étaient rendus sur une base iranienne.",
     {"allegation", "statement"}, "Maison-Blanche", False),
    # denials
    ("Moscou a démenti toute livraison d'armes iraniennes.", {"denial"}, "Moscou", False),
    ("Le ministère iranien des Affaires étrangères nie avoir fourni des drones à la Russie.",
     {"denial"}, "ministère iranien des Affaires étrangères", False),
    ("Téhéran rejette les accusations de Washington.", {"denial"}, "Téhéran", False),
    ("« Ces informations sont fausses », a démenti Dmitri Peskov.", {"denial", "statement"}, "Dmitry Peskov", False),
    ("Le Kremlin a nié jeudi avoir reçu des missiles iraniens.", {"denial"}, "Kremlin", False),
    # admissions
    ("Téhéran a reconnu lundi avoir livré un petit nombre de drones à Moscou.", {"admission"}, "Téhéran", False),
    ("Le ministre iranien des Affaires étrangères a admis que des drones avaient été envoyés avant la guerre.",
     {"admission"}, "Hossein Amir-Abdollahian", False),
    # agreements
    ("Un accord de coopération militaire a été signé mardi à Moscou.", {"agreement"}, None, False),
    ("La Russie et l'Iran ont signé un mémorandum sur l'énergie.", {"agreement"}, None, False),
    ("Selon l'agence Irna, les deux pays ont conclu un accord sur le gaz.", {"agreement"}, "IRNA", False),
    ("L'Iran a annoncé qu'un accord avait été conclu pour l'achat de chasseurs russes.",
     {"agreement", "statement"}, "Iran", False),
    # sanctions
    ("Les États-Unis ont imposé de nouvelles sanctions à des entreprises iraniennes fabriquant des drones.",
     {"sanction"}, None, False),
    ("L'Union européenne sanctionne quatre responsables iraniens pour leur rôle dans ces livraisons.",
     {"sanction"}, None, False),
    # media reports
    ("Le New York Times a rapporté que des ingénieurs iraniens se trouvaient en Crimée.",
     {"report"}, "New York Times", True),
    ("D'après la chaîne CNN, des conseillers iraniens sont présents dans les zones occupées.",
     {"report"}, "CNN", True),
    ("Le Wall Street Journal révèle que Moscou a payé les drones en lingots d'or.",
     {"report"}, "Wall Street Journal", True),
    # quoted and reported statements
    ("« Notre coopération avec la Russie ne vise aucun pays tiers », a déclaré Nasser Kanaani.",
     {"statement"}, "Nasser Kanaani", False),
    ("Sergueï Lavrov a déclaré : « Nous ne permettrons aucune ingérence dans nos relations avec Téhéran ».",
     {"statement"}, "Sergei Lavrov", False),
    ("« Les relations entre nos deux pays n'ont jamais été aussi solides », a estimé le président iranien, "
     "cité par l'agence Irna.", {"statement"}, "Ebrahim Raisi", False),
    ("Le porte-parole du Kremlin a indiqué que les discussions se poursuivraient.",
     {"statement", "other"}, "Dmitry Peskov", False),
    ("\"Nous suivons de près la coopération militaire entre les deux pays\", a précisé mercredi John Kirby.",
     {"statement"}, "John Kirby", False),
    ("Moscou a annoncé que la livraison des systèmes de défense était terminée.", {"statement"}, "Moscou", False),
    ("« La coopération progresse dans tous les domaines », souligne le communiqué publié par Téhéran.",
     {"statement"}, "communiqué", False),
    # hedged
    ("L'Iran aurait livré des centaines de missiles à la Russie, selon des responsables américains.",
     {"statement", "allegation"}, "responsables américains", True),
    ("Selon des sources diplomatiques, Moscou pourrait livrer des avions de combat à Téhéran.",
     {"statement", "allegation"}, "sources diplomatiques", True),
    ("Kiev affirme que le présumé transfert de missiles a eu lieu en septembre.", {"allegation", "statement"},
     "Kiev", True),
    ("Interrogé par l'AFP, un responsable iranien a démenti ces informations.",
     {"denial"}, "responsable iranien", False),
    ("Téhéran a toujours nié avoir fourni des armes à Moscou pour la guerre en Ukraine.",
     {"denial"}, "Téhéran", False),
    ("Les autorités iraniennes ont démenti vendredi les informations de presse.",
     {"denial"}, "autorités iraniennes", False),
    ("« Il n'y a eu aucune livraison », a assuré à la presse le vice-ministre iranien des Affaires étrangères.",
     {"statement"}, "Ali Bagheri Kani", False),
    ("Dans un communiqué, le ministère russe de la Défense a affirmé que ses forces n'utilisaient pas "
     "de drones iraniens.", {"statement"}, "ministère russe de la Défense", False),
    ("« Nous n'avons jamais fourni de drones pour la guerre », a répété Hossein Amir-Abdollahian.",
     {"statement"}, "Hossein Amir-Abdollahian", False),
    ("L'ambassadeur d'Iran à Moscou, Kazem Jalali, a déclaré que les livraisons étaient légales.",
     {"statement"}, "Kazem Jalali", False),
    ("Moscou a signé avec Téhéran un accord sur la construction de centrales nucléaires.",
     {"agreement"}, None, False),
    ("Washington a sanctionné lundi trois sociétés iraniennes.", {"sanction"}, None, False),
    ("Selon Reuters, qui cite trois sources sécuritaires, l'Iran a livré 200 missiles à la Russie.",
     {"report"}, "Reuters", True),
    ("Citant une source au sein du ministère, l'agence Tasnim affirme que les avions ont été livrés.",
     {"report"}, "Tasnim", True),
    ("« Ce traité ouvre une nouvelle page », a déclaré M. Pezeshkian.", {"statement"}, "Masoud Pezeshkian", False),
    ("L'Union européenne devrait adopter des mesures similaires, a-t-on appris de source diplomatique.",
     {"statement", "other"}, "source diplomatique", True),
    ("Jusqu'ici, la République islamique démentait catégoriquement toute livraison.",
     {"denial"}, "République islamique", False),
    ("Le ministère russe des Affaires étrangères a dénoncé des « accusations infondées ».",
     {"denial"}, "ministère russe des Affaires étrangères", False),
    ("« Ces allégations sont sans fondement », a réagi Téhéran.", {"denial"}, "Téhéran", False),
    ("Les informations selon lesquelles l'Iran aurait livré des missiles sont fausses, a affirmé Nasser Kanaani.",
     {"denial"}, "Nasser Kanaani", False),
    ("Vladimir Poutine, qui s'exprimait devant la presse, a affirmé que l'Occident cherchait à isoler l'Iran.",
     {"allegation", "statement"}, "Vladimir Putin", False),
    ("Lors de sa conférence de presse, Maria Zakharova a déclaré que les sanctions étaient illégales.",
     {"statement"}, "Maria Zakharova", False),
    ("Pour Moscou, les sanctions occidentales sont illégales.", {"statement"}, "Moscou", False),
    ("Le gouvernement a démenti ces informations.", {"denial"}, "gouvernement", False),
    ("Le Parlement iranien a formellement rejeté les accusations.", {"denial"}, "Parlement iranien", False),
    ("L'Iran aurait demandé l'aide du Kremlin pour son programme nucléaire.", {"report"}, None, True),
    ("Le Kremlin a annoncé que Vladimir Poutine s'était entretenu par téléphone avec Ebrahim Raïssi.",
     {"contact"}, "Kremlin", False),
    ("Téhéran conteste ces chiffres.", {"denial"}, "Téhéran", False),
    ("L'Agence internationale de l'énergie atomique affirme dans son dernier rapport que l'Iran a accumulé "
     "de l'uranium enrichi.", {"allegation", "statement"}, "Agence internationale de l'énergie atomique", False),
    ("Washington a averti qu'il pourrait imposer de nouvelles sanctions si Téhéran ne coopérait pas.",
     {"statement"}, "Washington", False),
    ("\"Nous ne céderons pas au chantage\", a déclaré à la télévision d'État le porte-parole du ministère "
     "iranien des Affaires étrangères, Nasser Kanaani.", {"statement"}, "Nasser Kanaani", False),
    ("Selon des diplomates cités par l'agence Reuters, une session de négociations pourrait se tenir à Vienne.",
     {"statement"}, "diplomates", True),
    # a subject with an apposition: the phrase after the verb is its object, never the speaker
    ("La porte-parole de la diplomatie russe, Maria Zakharova, a démenti tout transfert de missiles vers l'Iran.",
     {"denial"}, "Maria Zakharova", False),
    ("Le ministre iranien des Affaires étrangères, Hossein Amir-Abdollahian, a reconnu l'envoi de drones.",
     {"admission"}, "Hossein Amir-Abdollahian", False),
    ("Le ministère, interrogé par la presse, a démenti toute vente d'armes à Moscou.",
     {"denial"}, "ministère", False),
    ("L'ambassadeur d'Iran à Moscou, Kazem Jalali, a rejeté ces accusations mardi.",
     {"denial"}, "Kazem Jalali", False),
    ("Le Kremlin, de son côté, a démenti toute présence de conseillers iraniens en Crimée.",
     {"denial"}, "Kremlin", False),
    ("Téhéran, lui, a nié tout envoi de missiles balistiques.", {"denial"}, "Téhéran", False),
    ("Le ministre iranien de la Défense, arrivé lundi à Moscou, a reconnu l'existence d'un contrat.",
     {"admission"}, "Mohammad Reza Gharaei Ashtiani", False),
    # a verb of saying with a bare infinitive is reported speech, like a "que" clause
    ("L'armée russe a affirmé dimanche avoir détruit vingt drones ukrainiens au-dessus de la Crimée.",
     {"statement"}, "armée russe", False),
    ("Le ministère russe de la Défense assure avoir intercepté douze missiles de croisière.",
     {"statement"}, "ministère russe de la Défense", False),
    ("Les services de sécurité ukrainiens disent n'avoir trouvé aucune trace de pièces iraniennes.",
     {"statement"}, "services de sécurité ukrainiens", False),
    ("Le gouvernement iranien affirme ne pas avoir vendu de missiles à la Russie.",
     {"statement", "denial"}, "gouvernement iranien", False),
    ("L'état-major ukrainien reconnaît avoir perdu deux systèmes de défense aérienne.",
     {"admission"}, "état-major ukrainien", False),
    # sources named through an outlet, office titles resolved on the publication date
    ("Selon des responsables européens cités par le Financial Times, Téhéran aurait accepté d'envoyer des "
     "instructeurs en Crimée.", {"statement", "allegation", "report"}, "responsables européens", True),
    ("Le chef de l'État iranien a déclaré que son pays ne renoncerait pas à l'enrichissement de l'uranium.",
     {"statement"}, "Ebrahim Raisi", False),
    # a source of one side about another side alleges; of no side or about its own, it states
    ("Selon les services de renseignement britanniques, l'Iran aurait envoyé des instructeurs en Crimée.",
     {"allegation"}, "services de renseignement britanniques", True),
    ("D'après le Pentagone, des pilotes russes se seraient entraînés sur des avions iraniens.",
     {"allegation"}, "Pentagone", True),
    ("Selon Kiev, l'armée ukrainienne aurait abattu vingt drones durant la nuit.", {"statement"}, "Kiev", True),
    # sanctions with a date or an addressee between the verb and its object
    ("Washington a imposé jeudi de nouvelles sanctions à trois sociétés iraniennes soupçonnées de livrer "
     "des drones à Moscou.", {"sanction"}, None, False),
    ("L'Union européenne impose à Téhéran des sanctions pour ses livraisons de missiles.", {"sanction"}, None, False),
    # an inverted speaker ends before a circumstance ("au début de l'entretien", "à l'issue de…")
    ("« Nos échanges ont doublé », a déclaré le président russe au début de l'entretien.",
     {"statement"}, "Vladimir Putin", False),
    ("« Aucun document n'a été signé », a précisé Ali Bagheri Kani à l'issue de la réunion.",
     {"statement"}, "Ali Bagheri Kani", False),
    # receiving weapons is not a contact: the claim stays
    ("Selon Kiev, la Russie a reçu des missiles iraniens au début de l'automne.", {"allegation"}, "Kiev", False),
    ("Le Hezbollah affirme ne pas avoir reçu d'armes iraniennes depuis l'été.",
     {"statement", "denial"}, "Hezbollah", False),
    # a planned contact announced is a statement of its speaker (a report when an outlet carries it)
    ("Sergueï Lavrov devrait recevoir son homologue iranien à Moscou, selon des sources diplomatiques.",
     {"statement"}, "sources diplomatiques", True),
    ("Le Kremlin a confirmé que les deux présidents se rencontreront à Kazan.", {"statement"}, "Kremlin", False),
    ("Sergueï Lavrov doit se rendre à Téhéran début décembre, a indiqué son ministère.",
     {"statement"}, "ministère", False),
    ("Selon le Kremlin, Vladimir Poutine se rendra à Téhéran le mois prochain.", {"statement"}, "Kremlin", False),
    ("D'après l'agence Tass, Sergueï Lavrov rencontrera son homologue iranien la semaine prochaine.",
     {"report"}, "TASS", True),
]


@pytest.mark.parametrize(("sentence", "kinds", "speaker", "hedged"), CASES, ids=[c[0][:40] for c in CASES])
def test_claim_kind_speaker_and_hedging(claims_of, sentence, kinds, speaker, hedged):
    claim = only_claim(claims_of(sentence))
    assert claim.kind in kinds
    assert claim.attributed_to == speaker
    assert claim.hedged is hedged


NOT_CLAIMS = [
    "Vladimir Poutine a rencontré Ebrahim Raïssi mardi à Téhéran.",
    "Les deux pays ont approfondi leurs liens depuis le début de la guerre.",
    "La Russie est devenue le premier investisseur étranger en Iran.",
    "Le président russe se rendra à Téhéran en juillet.",
    "Les sanctions occidentales pèsent lourdement sur l'économie iranienne.",
    "Le corridor de transport doit relier la mer Baltique à l'océan Indien.",
    "Le jour exact de l'entretien n'a pas été précisé.",
    "La visite intervient alors que les deux pays tentent de resserrer leurs liens.",
    "Moscou assure la présidence tournante du groupe cette année.",
    "Les entretiens ont porté sur la lutte contre le \"terrorisme\".",
    "Sergueï Choïgou a rencontré le général Bagheri à Téhéran, a rapporté l'agence Mehr.",
    "Selon l'agence Tass, Vladimir Poutine a reçu lundi au Kremlin le ministre iranien de l'Économie.",
    "Le ministre a noté une hausse des échanges commerciaux.",
    "Depuis le 1er janvier, l'Iran a intégré le groupe dont Moscou assure la présidence.",
    "Les sanctions imposées par les pays occidentaux ont rapproché Moscou et Téhéran.",
    "L'accord actuel liant les deux pays date de 2001.",
    "Le président russe Vladimir Poutine a promis de renforcer la coopération avec Téhéran.",
    "La Russie et l'Iran devraient signer un traité de partenariat lors de la visite.",
    "La situation serait difficile pour les deux économies.",
    "Selon les chiffres officiels, les échanges ont augmenté de 20 % cette année.",
    "Selon le calendrier prévu, la commission mixte se réunira en mars.",
    "Le président iranien a déclaré l'état d'urgence dans la province.",
    "Il a rappelé l'ambassadeur pour consultations.",
    "On ignore encore comment Moscou paiera les livraisons.",
    "Les missiles ont frappé leurs cibles avec précision, en pleine nuit.",
    "Des ingénieurs qualifiés ont été envoyés à la centrale de Bouchehr.",
    "Le coût du projet est estimé à deux milliards de dollars.",
    "Le porte-parole du gouvernement, Ali Bahadori Jahromi, a inauguré une usine à Ispahan.",
    "Le président a présenté un nouveau plan de relance.",
    "La délégation a noté une hausse du trafic au port.",
]


@pytest.mark.parametrize("sentence", NOT_CLAIMS, ids=[s[:40] for s in NOT_CLAIMS])
def test_plain_facts_and_plans_are_not_claims(claims_of, sentence):
    assert claims_of(sentence) == []


# sentence, then (kind, speaker, hedged, quote) per claim, in order: a relative "selon lesquels"
# never names a speaker; declining to comment is its own non-denial ("other", hedged).
REPORTED_AND_DECLINED = [
    ("La présidence russe a refusé de commenter les informations selon lesquelles Moscou aurait "
     "fourni des avions de chasse à Téhéran.",
     [("other", "présidence russe", True, "La présidence russe a refusé de commenter les informations"),
      ("report", "informations", True, "Moscou aurait fourni des avions de chasse à Téhéran")]),
    ("Le ministère iranien des Affaires étrangères n'a pas souhaité réagir aux rapports selon lesquels "
     "l'Iran aurait envoyé des instructeurs en Crimée.",
     [("other", "ministère iranien des Affaires étrangères", True,
       "Le ministère iranien des Affaires étrangères n'a pas souhaité réagir aux rapports"),
      ("report", "rapports", True, "l'Iran aurait envoyé des instructeurs en Crimée")]),
    ("Un journal israélien cite un analyste militaire selon qui Téhéran aurait déjà expédié des "
     "centaines de drones vers la Russie.",
     [("report", "analyste militaire", True,
       "Téhéran aurait déjà expédié des centaines de drones vers la Russie")]),
    ("Téhéran a qualifié de « pure invention » les informations selon lesquelles l'Iran aurait livré "
     "des missiles à la Russie.",
     [("denial", "Téhéran", False, "Téhéran a qualifié de « pure invention » les informations"),
      ("report", "informations", True, "l'Iran aurait livré des missiles à la Russie")]),
    ("Les diplomates rapportent des témoignages d'après lesquels des ingénieurs russes seraient "
     "arrivés à Ispahan.",
     [("report", "témoignages", True, "des ingénieurs russes seraient arrivés à Ispahan")]),
]


HEARSAY = [
    ("Des informations faisant état de livraisons de drones iraniens à la Russie circulent depuis l'été.",
     "informations"),
    ("Le Wall Street Journal fait état de nouvelles livraisons de munitions iraniennes à Moscou.",
     "Wall Street Journal"),
]


@pytest.mark.parametrize(("sentence", "speaker"), HEARSAY, ids=[c[0][:40] for c in HEARSAY])
def test_reports_that_make_mention_of_something_are_hedged_reports(claims_of, sentence, speaker):
    claim = only_claim(claims_of(sentence))
    assert (claim.kind, claim.attributed_to, claim.hedged) == ("report", speaker, True)


def test_denying_reports_that_make_mention_of_something_stays_a_denial(claims_of):
    claim = only_claim(claims_of("Le Kremlin a démenti des informations faisant état d'une livraison de missiles iraniens."))
    assert (claim.kind, claim.attributed_to, claim.hedged) == ("denial", "Kremlin", False)


@pytest.mark.parametrize(("sentence", "expected"), REPORTED_AND_DECLINED,
                         ids=[c[0][:40] for c in REPORTED_AND_DECLINED])
def test_source_relative_pronoun_is_never_a_speaker(claims_of, sentence, expected):
    found = [c for c in claims_of(sentence) if c.kind != "other" or c.attributed_to]
    got = [(c.kind, c.attributed_to, c.hedged, c.text) for c in found]
    for item in expected:
        assert item in got, got
    assert not any(c.attributed_to and fold(c.attributed_to).startswith(("lequel", "laquelle", "lesquel", "qui "))
                   for c in found)


# sentence, speaker: a speaker who declines to confirm or deny makes a hedged non-denial
NON_DENIALS = [
    ("Le Pentagone a refusé de confirmer que des conseillers iraniens se trouvaient en Crimée.", "Pentagone"),
    ("Le Kremlin n'a ni confirmé ni démenti la présence de drones iraniens sur le front sud.", "Kremlin"),
    ("Interrogé mardi, le Kremlin s'est refusé à tout commentaire.", "Kremlin"),
    ("Moscou n'a pas confirmé l'arrivée de munitions iraniennes dans le port d'Astrakhan.", "Moscou"),
    ("Téhéran n'a pas souhaité commenter ces informations.", "Téhéran"),
    ("Interrogé par l'AFP, un porte-parole du Kremlin, Dmitri Peskov, a refusé de commenter ces informations.",
     "Dmitry Peskov"),
]


@pytest.mark.parametrize(("sentence", "speaker"), NON_DENIALS, ids=[c[0][:40] for c in NON_DENIALS])
def test_declining_to_comment_is_a_hedged_non_denial(claims_of, sentence, speaker):
    claim = only_claim(claims_of(sentence))
    assert (claim.kind, claim.attributed_to, claim.hedged) == ("other", speaker, True)


# sentence, kind, speaker: the subject speaks, whatever adverb stands before the verb
SUBJECT_STANCES = [
    ("Les autorités iraniennes ont toujours nié toute livraison d'armes à la Russie.",
     "denial", "autorités iraniennes", False),
    ("Le gouvernement iranien a toujours démenti fournir des drones à Moscou.", "denial", "gouvernement iranien", False),
    ("Kiev soupçonne Moscou de préparer une nouvelle commande de missiles iraniens.", "allegation", "Kiev", True),
    ("Les services ukrainiens soupçonnent Téhéran d'avoir formé des opérateurs de drones russes.",
     "allegation", "services ukrainiens", True),
]


@pytest.mark.parametrize(("sentence", "kind", "speaker", "hedged"), SUBJECT_STANCES,
                         ids=[c[0][:40] for c in SUBJECT_STANCES])
def test_subject_of_a_stance_verb_is_its_speaker(claims_of, sentence, kind, speaker, hedged):
    claim = only_claim(claims_of(sentence))
    assert (claim.kind, claim.attributed_to, claim.hedged) == (kind, speaker, hedged)


# A stance stated with a noun or a preposition instead of a quote or a "que" clause: the
# subject, the passive agent or the subject of the governing verb speaks.
STANCES = [
    ("Sergueï Lavrov a souligné mardi l'importance d'un dialogue régional sans ingérence.", "Sergei Lavrov"),
    ("Mardi, Sergueï Lavrov a salué les progrès des négociations sur le corridor.", "Sergei Lavrov"),
    ("Dénonçant les pressions occidentales, Sergueï Lavrov a appelé à un front commun.", "Sergei Lavrov"),
    ("Vladimir Poutine avait alors exprimé sa satisfaction quant au rythme des travaux.", "Vladimir Putin"),
    ("Le volume des échanges entre les deux pays a été salué par Vladimir Poutine.", "Vladimir Putin"),
    ("Vladimir Poutine est intervenu par vidéo pour souligner le rôle du nouveau port.", "Vladimir Putin"),
    ("Le porte-parole du Kremlin, Dmitri Peskov, a tenu à saluer la retenue de Téhéran.", "Dmitry Peskov"),
    ("Moscou a confirmé la livraison des systèmes de défense.", "Moscou"),
    ("Le gouvernement a annoncé la fermeture temporaire de l'ambassade.", "gouvernement"),
    ("Vladimir Poutine a présenté ses condoléances au peuple iranien après le séisme.", "Vladimir Putin"),
    ("Les deux ministres ont tenu à saluer la coopération entre leurs pays.", "deux ministres"),
    ("À l'issue du sommet, les trois dirigeants se sont dits favorables à un cessez-le-feu.", "trois dirigeants"),
    ("Les participants font savoir que le calendrier des travaux a été arrêté.", "participants"),
    ("La partie iranienne a souligné que toute frappe contre ses installations serait une faute grave.",
     "partie iranienne"),
    # a stance inside a contact report is a claim of its own
    ("Lors de leur entretien téléphonique, Sergueï Lavrov a réaffirmé le soutien de Moscou à l'accord, "
     "a indiqué le ministère.", "Sergei Lavrov"),
]


# Verb groups the parser sees through: adverbs between auxiliary and verb, an incise between
# commas, "ce dernier" after a speaker, a plural outlet noun.
SPEAKER_SHAPES = [
    ("Vladimir Poutine avait de même dit que les échanges allaient doubler.", "Vladimir Putin"),
    ("Sergueï Lavrov a ensuite longuement souligné que la coopération se poursuivrait.", "Sergei Lavrov"),
    ("Les livraisons, a souligné Sergueï Lavrov, « se poursuivront comme prévu ».", "Sergei Lavrov"),
    ("L'accord, a rappelé Vladimir Poutine, « reste la base de notre travail commun ».", "Vladimir Putin"),
]


@pytest.mark.parametrize(("sentence", "speaker"), SPEAKER_SHAPES, ids=[c[0][:40] for c in SPEAKER_SHAPES])
def test_speaker_through_adverbs_and_incises(claims_of, sentence, speaker):
    claim = only_claim(claims_of(sentence))
    assert (claim.kind, claim.attributed_to) == ("statement", speaker)


def test_ce_dernier_after_selon_is_the_last_speaker(claims_of):
    found = claims_of("Le Kremlin s'est exprimé lundi, a précisé Dmitri Peskov. "
                      "Selon ce dernier, « le dialogue avec Téhéran se poursuivra ».")
    assert [c.attributed_to for c in found][-1] == "Dmitry Peskov"


def test_plural_outlet_noun_is_a_report(claims_of):
    claim = only_claim(claims_of("Des journaux russes ont rappelé que Moscou avait levé l'embargo en novembre."))
    assert (claim.kind, claim.attributed_to) == ("report", "journaux russes")


@pytest.mark.parametrize(("sentence", "speaker"), STANCES, ids=[c[0][:40] for c in STANCES])
def test_stance_without_quote_or_que_clause_is_a_statement_of_its_subject(claims_of, sentence, speaker):
    claim = only_claim(claims_of(sentence))
    assert (claim.kind, claim.attributed_to, claim.hedged) == ("statement", speaker, False)



def test_relative_denial_with_an_adverb_speaks_for_its_subject(claims_of):
    found = claims_of("Selon Kiev, Téhéran aurait livré des missiles à Moscou, "
                      "ce que les autorités iraniennes ont toujours nié.")
    assert [(c.kind, c.attributed_to, c.hedged) for c in found] == [
        ("allegation", "Kiev", True), ("denial", "autorités iraniennes", False)]


def test_relative_denial_is_its_own_claim(claims_of):
    text = ("L'Iran est accusé par les pays occidentaux de livrer des drones à l'armée russe, "
            "ce que Téhéran dément.")
    allegation, denial = claims_of(text)
    assert (allegation.kind, allegation.attributed_to) == ("allegation", "pays occidentaux")
    assert (denial.kind, denial.attributed_to, denial.text) == ("denial", "Téhéran", "ce que Téhéran dément")
    assert allegation.end <= denial.start


def test_relative_accusation_leaves_the_contact_clause_out(claims_of):
    text = ("Le ministre russe de la Défense est arrivé mardi à Téhéran, qui est accusé de lui fournir "
            "des drones.")
    claim = only_claim(claims_of(text))
    assert claim.kind == "allegation"
    assert claim.text.startswith("qui est accusé")
    assert claim.attributed_to is None


def test_relative_denial_speaks_for_its_antecedent(claims_of):
    claim = only_claim(claims_of("Le ministre russe s'est rendu à Téhéran, qui dément toute livraison de drones."))
    assert (claim.kind, claim.attributed_to, claim.text) == ("denial", "Téhéran", "qui dément toute livraison de drones")
    inside = only_claim(claims_of("Téhéran, qui dément toute livraison, a reçu le ministre russe de la Défense."))
    assert (inside.kind, inside.attributed_to) == ("denial", "Téhéran")


def test_turn_from_admission_to_denial_makes_two_claims(claims_of):
    text = "L'Iran a admis avoir envoyé des drones à la Russie, mais a démenti les avoir livrés pendant la guerre."
    admission, denial = claims_of(text)
    assert (admission.kind, admission.attributed_to) == ("admission", "Iran")
    assert (denial.kind, denial.attributed_to) == ("denial", "Iran")
    assert denial.text.startswith("mais a démenti")


def test_quote_over_several_sentences_is_one_claim(claims_of):
    text = ("\"Nous avons exprimé nos préoccupations. Nous continuerons de suivre la situation\", "
            "a déclaré Antony Blinken.")
    claim = only_claim(claims_of(text))
    assert claim.attributed_to == "Antony Blinken"
    assert claim.start == 0 and claim.text.rstrip(".").endswith("Antony Blinken")


def test_byline_in_brackets_is_left_out_of_the_claim(claims_of):
    text = ("L'Iran a reconnu avoir livré des drones. (Reportage Reuters, édité par Jean Dupont)")
    claim = only_claim(claims_of(text))
    assert claim.text == "L'Iran a reconnu avoir livré des drones."


def test_missed_sentence_break_before_a_quote(claims_of):
    text = ("Pour Washington, des officiers russes ont visité une usine le 8 juin. \"Nous sommes inquiets\", "
            "a déclaré Antony Blinken.")
    claims = claims_of(text)
    quote = next(c for c in claims if c.attributed_to == "Antony Blinken")
    assert quote.text.startswith("\"Nous sommes inquiets\"")
    assert not quote.date.known  # the 8 June belongs to the previous sentence


def test_speaker_incise_inside_a_quote(claims_of):
    text = ("« Nous ne fournissons pas d'armes, a déclaré Nasser Kanaani, et nous restons neutres. » "
            "Il répondait à une question sur la guerre.")
    claim = only_claim(claims_of(text))
    assert claim.attributed_to == "Nasser Kanaani"
    assert claim.text.endswith("neutres. »")


def test_pronoun_speaker_is_the_last_speaker(claims_of):
    text = ("Maria Zakharova a déclaré que les sanctions étaient illégales. "
            "« Elles ne changeront rien », a-t-elle ajouté.")
    first, second = claims_of(text)
    assert first.attributed_to == second.attributed_to == "Maria Zakharova"


def test_verb_that_says_only_after_a_quote(claims_of):
    text = ("Hossein Amir-Abdollahian a reconnu que des drones avaient été livrés. "
            "« Qu'on nous montre les preuves », a-t-il lancé devant la presse. "
            "Moscou a lancé son offensive en février.")
    first, second = claims_of(text)
    assert second.kind == "statement" and second.attributed_to == "Hossein Amir-Abdollahian"


def test_document_speaks_for_the_last_speaker_even_of_a_contact_report(claims_of):
    text = ("Sergueï Riabkov a reçu lundi Ali Bagheri Kani, a indiqué la diplomatie russe dans un communiqué. "
            "\"Les deux parties ont souligné l'importance de l'accord\", précise le texte.")
    claim = only_claim(claims_of(text))
    assert claim.attributed_to == "diplomatie russe"


def test_outlet_noun_is_the_outlet_named_before(claims_of):
    text = ("Le Washington Post a révélé que des drones iraniens étaient assemblés en Russie. "
            "Citant des responsables américains, le journal affirme que l'usine se trouve au Tatarstan.")
    first, second = claims_of(text)
    assert second.attributed_to == first.attributed_to == "Washington Post"
    assert second.kind == "report" and second.hedged


def test_outlet_citing_a_named_actor_attributes_to_the_actor(claims_of):
    text = "« Les échanges ont été constructifs », a indiqué Reuters en citant Moscou."
    assert only_claim(claims_of(text)).attributed_to == "Moscou"


def test_own_reporting_is_the_publishing_outlet(claims_of):
    claim = only_claim(claims_of("Selon nos informations, Téhéran aurait livré des missiles à Moscou.",
                                 outlet="Le Monde"))
    assert (claim.kind, claim.attributed_to, claim.hedged) == ("report", "Le Monde", True)


def test_next_sentence_that_unconfirms_hedges_the_claim(claims_of):
    text = ("Kiev affirme que des instructeurs iraniens ont été tués en Crimée. "
            "Une information non confirmée de source indépendante.")
    claim = only_claim(claims_of(text))
    assert claim.kind == "allegation" and claim.hedged


def test_conditional_inside_a_quote_is_not_hedging(claims_of):
    text = ("Le porte-parole ukrainien a averti Téhéran que \"les conséquences seraient lourdes\" pour "
            "ses relations avec l'Europe.")
    assert only_claim(claims_of(text)).hedged is False


def test_claim_date_is_its_own_date(claims_of):
    claim = only_claim(claims_of("Téhéran a reconnu samedi dernier avoir livré des drones à Moscou."))
    assert (claim.date.value, claim.date.precision) == ("2022-11-05", "day")
    undated = only_claim(claims_of("Téhéran dément avoir livré des drones à Moscou."))
    assert not undated.date.known


def test_dates_in_what_is_said_do_not_date_the_claim(claims_of):
    claim = only_claim(claims_of("Kiev affirme mardi que l'attaque iranienne a eu lieu le 3 mars."))
    assert (claim.date.value, claim.date.precision) == ("2022-11-08", "day")
    quoted = only_claim(claims_of("« Nous nous verrons le 15 décembre », a déclaré Sergueï Lavrov."))
    assert not quoted.date.known


def test_claim_actors_are_canonical(claims_of):
    claim = only_claim(claims_of("Washington accuse Téhéran d'avoir livré des missiles à Moscou."))
    assert claim.actors == ["United States", "Iran", "Russia"]


def test_claim_topics_come_from_the_taxonomy(claims_of):
    claim = only_claim(claims_of("Washington accuse Téhéran d'avoir livré des drones à Moscou."))
    assert "drones" in claim.topics


def test_noise_never_holds_a_claim(claims_of):
    body = "Moscou a démenti toute livraison d'armes iraniennes.\n"
    footer = "Les plus lus\n« Nous riposterons », a déclaré le ministre israélien.\n"
    text = body + footer
    noise = [NoiseSpan(len(body), len(text), "related-list")]
    claims = claims_of(text, noise=noise)
    assert [c.kind for c in claims] == ["denial"]
    assert all(c.end <= len(body) for c in claims)


def test_unknown_publication_date_keeps_titles_unresolved(claims_of):
    claim = only_claim(claims_of("Le président iranien a déclaré que la coopération se renforçait.", published=None))
    assert claim.attributed_to == "président iranien"


def test_find_quotes_pairs_guillemets_and_straight_quotes():
    text = "Il a dit « oui » puis \"non\" et “peut-être”."
    assert [text[a:b] for a, b in find_quotes(text)] == ["« oui »", "\"non\"", "“peut-être”"]


def test_cue_phrases_match_folded_words_with_free_endings():
    pattern = phrase_regex(["accus*", "rejette* les accusations", "qu'"])
    assert pattern.search(fold("Kiev accusent"))
    assert pattern.search(fold("Téhéran rejette   les accusations"))
    assert not pattern.search(fold("une excuse"))


def test_every_claim_kind_in_the_cue_file_is_a_record_kind():
    from app.extraction.records import CLAIM_KINDS

    assert set(get_cues().kinds) <= set(CLAIM_KINDS)


# The conditional in what a speaker says: the tense of reported speech, a possibility said of
# someone else, or the press conditional after a verb in the present.
REPORTED_CONDITIONALS = [
    ("Le Kremlin a déclaré que la Russie serait représentée par son vice-Premier ministre.", False),
    ("Dmitri Peskov a répondu que tout dépendrait des besoins de Téhéran.", False),
    ("Le ministère a indiqué que le sommet pourrait se tenir avant la fin de l'année.", True),
    ("Recep Tayyip Erdogan affirme que des milliers de familles pourraient rentrer chez elles.", True),
    ("Washington affirme que l'Iran aurait livré des drones à la Russie.", True),
    ("La partie iranienne a souligné que toute frappe contre ses installations serait une faute grave.", False),
]


@pytest.mark.parametrize(("sentence", "hedged"), REPORTED_CONDITIONALS, ids=[c[0][:40] for c in REPORTED_CONDITIONALS])
def test_conditional_in_reported_speech(claims_of, sentence, hedged):
    assert only_claim(claims_of(sentence)).hedged is hedged


# A bare role with a nationality is the last person of that side named before it.
ROLE_SPEAKERS = [
    ("Vladimir Poutine a reçu Ebrahim Raïssi au Kremlin. "
     "Le chef de l'État iranien a souligné l'importance du corridor.", "Ebrahim Raisi"),
    ("Sergueï Lavrov a rencontré son homologue à Moscou. "
     "Le haut diplomate russe a salué « des entretiens francs ».", "Sergei Lavrov"),
    ("Ali Larijani s'est rendu à Moscou mardi. "
     "Selon le responsable iranien, « la coopération reste solide ».", "Ali Larijani"),
]


@pytest.mark.parametrize(("text", "speaker"), ROLE_SPEAKERS, ids=[c[1] for c in ROLE_SPEAKERS])
def test_bare_role_is_the_last_person_of_that_side(claims_of, text, speaker):
    assert claims_of(text)[-1].attributed_to == speaker


# "a déclaré que" about another side is a statement; accusing, suspecting, denouncing allege.
DECLARED_ABOUT_OTHERS = [
    ("Vladimir Poutine a déclaré que l'Iran était un partenaire fiable.", "statement"),
    ("L'Iran reste un partenaire fiable, a déclaré Vladimir Poutine.", "statement"),
    ("Sergueï Lavrov a déclaré que la commission mixte russo-iranienne jouerait un rôle important.", "statement"),
    ("Sergueï Lavrov a accusé Washington de livrer des armes aux rebelles.", "allegation"),
]


@pytest.mark.parametrize(("sentence", "kind"), DECLARED_ABOUT_OTHERS, ids=[c[0][:40] for c in DECLARED_ABOUT_OTHERS])
def test_declaring_about_another_side_is_not_an_allegation(claims_of, sentence, kind):
    assert only_claim(claims_of(sentence)).kind == kind


# An outlet's own announcement is a plain report; what it reports or reveals stays hedged.
OUTLET_REPORTS = [
    ("L'agence Tass a indiqué que les deux ministres s'étaient entretenus par téléphone lundi.", False),
    ("La ligne ferroviaire sera achevée en 2027, a annoncé l'agence Tass.", False),
    ("Le Wall Street Journal a rapporté que des conseillers iraniens étaient présents en Crimée.", True),
    ("Selon la chaîne CNN, des conseillers iraniens sont présents en Crimée.", True),
]


@pytest.mark.parametrize(("sentence", "hedged"), OUTLET_REPORTS, ids=[c[0][:40] for c in OUTLET_REPORTS])
def test_outlet_announcement_is_a_plain_report(claims_of, sentence, hedged):
    claim = only_claim(claims_of(sentence))
    assert (claim.kind, claim.hedged) == ("report", hedged)


# Who speaks when the text rules alone would pick the wrong phrase.
SPEAKER_PICKS = [
    # the subject of a claim verb hung on another verb
    ("Sergueï Lavrov est allé jusqu'à dénoncer les livraisons d'armes de Washington.", "Sergei Lavrov"),
    # an addressee after the inverted speaker
    ("« Nous resterons à vos côtés », a déclaré Vladimir Poutine à son homologue iranien.", "Vladimir Putin"),
    ("« Rien ne justifie ces frappes », a affirmé Vladimir Poutine à M. Araghchi.", "Vladimir Putin"),
    # a present participle never has its speaker after it
    ("La France et l'Allemagne menacent de rétablir les sanctions, accusant Téhéran de tricher.",
     "France et l'Allemagne"),
    # the title's holder named in apposition, before a participle aside
    ("« Nos liens sont solides », a déclaré le ministre, Sergueï Lavrov, notant que la visite était utile.",
     "Sergei Lavrov"),
    # the subject who takes the stance, not the document or outlet that carries it
    ("Selon un communiqué de la présidence, Sergueï Lavrov a fait part de la volonté russe d'avancer.",
     "Sergei Lavrov"),
    ("Vladimir Poutine a réaffirmé son soutien à l'accord, ajoute le communiqué.", "Vladimir Putin"),
]


@pytest.mark.parametrize(("sentence", "speaker"), SPEAKER_PICKS, ids=[c[0][:40] for c in SPEAKER_PICKS])
def test_speaker_picks(claims_of, sentence, speaker):
    assert claims_of(sentence)[-1].attributed_to == speaker


# Sanctions and agreements stated as fact, in more of the shapes real press uses.
FACTS = [
    ("Les deux pays sont visés par des sanctions américaines depuis des années.", "sanction"),
    ("Depuis 2018, l'Iran est frappé de sanctions occidentales.", "sanction"),
    ("Réunis à Bruxelles, les ministres européens ont décidé de sanctionner six entreprises iraniennes.", "sanction"),
    ("Le Parlement iranien a ratifié l'accord de partenariat en mai.", "agreement"),
    ("En mai, l'accord de partenariat a été ratifié par le Parlement iranien.", "agreement"),
    ("Les deux délégations sont convenues de poursuivre les consultations.", "agreement"),
]


@pytest.mark.parametrize(("sentence", "kind"), FACTS, ids=[c[0][:40] for c in FACTS])
def test_sanctions_and_agreements_as_fact(claims_of, sentence, kind):
    claim = only_claim(claims_of(sentence))
    assert (claim.kind, claim.attributed_to) == (kind, None)


def test_a_bad_cue_file_names_the_file_and_the_key(tmp_path):
    from pathlib import Path

    import yaml

    from app.extraction.claims import Cues
    from app.extraction.datafiles import data_file
    from app.extraction.datamodels import DataFileError

    good = yaml.safe_load(Path(data_file("claim_cues.yaml")).read_text(encoding="utf-8"))
    path = tmp_path / "claim_cues.yaml"
    for broken, where in [({**good, "speech_verbs": []}, "speech_verbs"),
                          ({**good, "unread_key": ["x"]}, "unread_key"),
                          ({**good, "kinds": {**good["kinds"], "denial": None}}, "kinds.denial"),
                          ({**good, "kind_priority": ["denial", "rumour"]}, "kind_priority")]:
        path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
        with pytest.raises(DataFileError, match=rf"claim_cues\.yaml: {where}"):
            Cues.load(path)


def test_every_key_of_the_cue_file_is_read():
    from pathlib import Path

    import yaml

    from app.extraction.claims import ClaimCuesFile
    from app.extraction.datafiles import data_file

    keys = set(yaml.safe_load(Path(data_file("claim_cues.yaml")).read_text(encoding="utf-8")))
    assert keys == set(ClaimCuesFile.model_fields)


def test_trace_says_why_each_unit_was_kept_or_dropped(nlp):
    from app.extraction.claims import trace_claims
    from app.extraction.pipeline import build_context

    text = ("Le prix du blé a baissé.\n"
            "Sergueï Lavrov a salué « des entretiens francs ».\n"
            "Vladimir Poutine a reçu mardi Ebrahim Raïssi au Kremlin, a indiqué l'agence Tass.\n")
    claims, trace = trace_claims(build_context("t.txt", text, nlp(text)))
    assert [c.attributed_to for c in claims] == ["Sergei Lavrov"]
    assert [v.kept for v in trace] == [False, True, False]
    assert "no claim cue" in trace[0].why
    assert "Sergei Lavrov" in trace[1].why and "salué" in trace[1].why
    assert "contact step" in trace[2].why


# A wire dateline opening the paragraph is no speaker and no part of the claim.
DATELINED = [
    ("Moscou, 5 mars (AFP) - Kiev accuse Moscou d'avoir reçu des drones iraniens.", "Kiev", "Kiev accuse"),
    ("TÉHÉRAN, 5 mars 2024 (Reuters) - Le Kremlin a démenti toute livraison de drones.", "Kremlin",
     "Le Kremlin a démenti"),
    ("Washington (AFP) - Washington accuse Téhéran d'avoir livré des missiles à Moscou.", "Washington",
     "Washington accuse"),
    ("Moscou, le 5 mars - Selon Kiev, l'Iran aurait livré des drones à la Russie.", "Kiev", "Selon Kiev"),
]


@pytest.mark.parametrize("text,speaker,opening", DATELINED, ids=[t[:30] for t, _, _ in DATELINED])
def test_a_dateline_is_neither_speaker_nor_claim(claims_of, text, speaker, opening):
    [claim] = claims_of(text)
    assert claim.attributed_to == speaker
    assert claim.text.startswith(opening)
