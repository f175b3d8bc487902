"""Word patterns the claim rules share: quotes, determiners, verb groups, conditionals."""

from __future__ import annotations

import re

from app.extraction.dates import date_vocabulary
from app.extraction.textfold import fold

# Weekdays and months as app/data/dates.yaml spells them (folded), for the patterns below.
_WEEKDAY = "|".join(re.escape(fold(w)) for w in date_vocabulary()["weekdays"])
_MONTH = "|".join(re.escape(fold(n)) for names in date_vocabulary()["months"].values() for n in names)

OPEN_QUOTES = "«“„"
CLOSE_QUOTES = "»”"
_DETERMINERS = ("le ", "la ", "les ", "l'", "du ", "des ", "de la ", "de l'", "de ", "d'", "un ", "une ",
                "m. ", "mme ", "ce ", "cette ", "ces ", "son ", "sa ", "ses ", "leur ", "leurs ")
_PRONOUNS = {"il", "elle", "ils", "elles", "celui-ci", "celle-ci", "ce dernier", "cette derniere",
             "ceux-ci", "lui", "-il", "-elle", "-ils", "-elles"}
# What may stand between a speech verb and an inverted speaker: adverbs and dates.
_SKIP_AFTER_VERB = re.compile(
    r"(?:\s*(?:-t)?-(?:il|elle|ils|elles|on)\b"
    rf"|\s+(?:le|ce|{_WEEKDAY})?\s*\d{{1,2}}(?:er)?\s+\w+"
    rf"|\s+(?:{_WEEKDAY}|hier|aujourd'hui)(?:\s+dernier|\s+soir|\s+matin)?"
    r"|\s+(?:pour sa part|de son cote|par ailleurs|egalement|aussi|encore|deja|ensuite|enfin|notamment"
    r"|plus tot|dans un communique|dans un tweet|dans une declaration|sur telegram|a la presse"
    r"|\w+ment)"
    # a place or an addressee: "a déclaré à la télévision d'État le porte-parole", "à Moscou"
    r"|\s+(?:a|au|aux|devant)\s+(?:la\s+|le\s+|l'|les\s+)?[a-z][\w-]*"
    r"(?:\s+(?:d'etat|publique|nationale|officielle|russe|iranienne?|americaine?|ukrainienne?))?)*"
)
# Auxiliaries and adverbs that may stand between a subject and its verb.
_VERB_PREFIX = re.compile(
    r"(?:\s+(?:n'a|n'ont|n'avait|n'avaient|n'|ne|ni|a|ont|avait|avaient|aura|auront|aurait|auraient|est|sont|etait|etaient|s'est|se sont"
    r"|a ete|avait ete|ont ete|pour sa part|par ailleurs|d'ailleurs|deja|aussi|egalement|encore|notamment"
    r"|toutefois|cependant|pourtant|lui-meme|elle-meme|eux-memes|quant a lui|quant a elle|de son cote"
    r"|pour la premiere fois|toujours|jamais|pas|plus|deja|bien|\w+ment"
    rf"|(?:{_WEEKDAY})(?: dernier)?))*\s*$"
)
_NP_STOP = re.compile(
    r",|;|:|(?<![\s(]m)(?<!mme)(?<!\sdr)(?<!\sst)\.(?:\s|$)|\(|«|»|\"|“|”| en citant | citant | cite[es]? par | selon | qui | que | qu'| dont "
    r"| de (?:livrer|fournir|vendre|avoir|soutenir|financer|transferer|aider|participer|mener|preparer|utiliser)"
    r"| d'(?:avoir|aider|armer|utiliser|envoyer)| rappelant | soulignant | ajoutant | precisant | estimant "
    r"| lors | dans | pour | sur | avant | apres | depuis "
    r"| a (?=m\. |mme |son |sa |ses |leur |leurs )"  # an addressee: "a déclaré X à M. Y", "à son homologue"
    r"| au debut | a la fin | a l'issue | au cours | au terme | en marge | a l'occasion | en fin | en debut "
    r"| [\w-]+(?:e|ee|es|ees|is|ise|ises|it|ite|ites) par "  # "le communiqué publié par …"
)
_FUTURE_CUE = re.compile(r"(?<![\w-])(?:doit|doivent|devait|devaient|devrait|devraient|prevoit|prevu|prevue"
                         r"|prochain|prochaine|prochainement|envisage|compte)(?![\w-])")
# "accusé par X", "annoncée plus tôt par X": the agent of a claim or speech participle.
_AGENT = re.compile(r"(?<![\w])([\w-]+?(?:e|ee|es|ees|i|ie|is|ies|u|ue|us|ues))"
                    r"(?:\s+(?:plus tot|notamment|aussi|egalement|\w+ment))?\s+par\s+")
# Asides between a subject and its verb: relative clauses, participles, adverbial phrases.
_ASIDE = re.compile(r"\s*(?:qui|dont|lequel|laquelle|lesquels|lesquelles|ou|selon|d'apres|dans|lors|en|pour|devant"
                    r"|depuis|apres|avant|au cours|a l'issue|interroge\w*|cite\w*|joint\w*|[\w-]+ant)(?![\w-])")
# Stressed pronouns and stance phrases set off by commas: "Le Kremlin, lui, a démenti…".
_STANCE_ASIDE = re.compile(r"lui|elle|eux|elles|lui aussi|elle aussi|de son cote|de leur cote|pour sa part"
                           r"|pour leur part|quant a lui|quant a elle|a son tour|a leur tour|en revanche|toutefois"
                           r"|cependant|pourtant|neanmoins|en effet|par ailleurs|de meme|lui-meme|elle-meme|\w+ment")
# Modal verbs in the conditional: hedging in the article's voice, tense in reported speech.
_MODAL = re.compile(r"(?:aurai|serai|pourrai|devrai)(?:t|ent)")
# Conditional verb forms the tagger may miss ("se poursuivraient"): a plan or a hypothesis.
_CONDITIONAL_FORM = re.compile(r"(?<![\w-])[\w-]{3,}(?:rait|raient)(?![\w-])")
# The press conditional: "aurait livré", "seraient impliqués" (a claim the outlet does not vouch for).
_JOURNALISTIC_CONDITIONAL = re.compile(r"(?<![\w])(?:aurai(?:t|ent)|serai(?:t|ent))\s+(?:(?:deja|bien|egalement|aussi|meme)\s+)?"
                                       r"[\w-]+(?:e|ee|es|ees|i|is|ie|ies|u|us|ue|ues|t|ts|te|tes)(?![\w-])")
# A speaker's incise inside a quote: ", a déclaré X," / ", a-t-il ajouté,".
_INCISE = re.compile(r",\s+(?:(?:a|avait|ont|a-t-il|a-t-elle|ont-ils|ont-elles)\s+)?([\w'-]+)[^,.;«»\"]{0,60},")
# Dependents of a verb that belong to its group: auxiliaries, clitics, negation, adverbs.
_GROUP_DEPS = {"aux", "aux:tense", "aux:pass", "advmod", "expl:comp", "expl:pass", "expl:subj", "cop"}
# Kinds whose verb names who acts, not who speaks ("ont imposé des sanctions", "ont signé").
_AGENT_KINDS = {"sanction", "agreement"}
_QUE = re.compile(r"^\s*(?:que|qu')|^\s*:")
# Time words the parser may take for an object ("a reçu lundi le ministre").
_TIME_WORD = re.compile(rf"{_WEEKDAY}|{_MONTH}|hier|matin|soir|semaine|mois|an|annee")
# Negation that may open an infinitive clause: "affirme ne pas avoir", "assure n'avoir jamais".
_INFINITIVE_LEAD = re.compile(r"\s*(?:ne\s+(?:pas|jamais|plus|rien)\s+|n'\s*)?(?=\w)")


def _singular(word: str) -> str:
    """"journaux" → "journal", "médias" → "média" (enough to compare with the cue nouns)."""
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word
