"""Claims: attributed statements (allegations, denials, admissions, agreements, sanctions,
media reports, quoted statements), each anchored to the clause that states it.

Pure: an ``ArticleContext`` in, ``records.Claim`` out. The cue words live in
``app/data/claim_cues.yaml``. Rules, in short:

- A stance without a quote or a "que" clause ("X a souligné l'importance de…", "a salué…",
  "a appelé à…", "… a été saluée par X") is a statement: the verb is a lemma of
  ``stance_verbs`` on the parse, its speaker the verb's subject, passive agent, or the subject
  of the verb it hangs on ("est intervenu pour souligner").
- The unit is a sentence of the body (sentences that a quotation spans are joined, parser breaks
  that are plainly wrong are mended; a final relative clause "…, ce que Téhéran dément" or
  "…, qui est accusé de…" is its own unit). Page noise never holds a unit.
- A unit is a claim when it holds a claim verb (accuse, dément, a reconnu, ont signé, ont imposé
  des sanctions…), a verb of saying with its speaker and what is said (a quote, a "que" clause
  or a bare infinitive: "a affirmé avoir abattu…"), a "selon X" source, or the press conditional
  ("l'Iran aurait livré"). A sourced sentence that only reports a past contact is left to the
  contact step ("a reçu le ministre" is a contact, "a reçu des missiles" is not); a planned
  contact announced is a statement of its speaker; a speaker's "que" clause about a past contact is kind
  "contact". A "selon X" source of one side about another side is an allegation.
- "selon lequel/laquelle/lesquels/lesquelles/qui" and "d'après lesquels" are relative pronouns,
  never speakers: "X n'a pas commenté les informations selon lesquelles Y aurait livré…" is two
  claims, X's own clause and the reported one, a hedged "report" attributed to the reporting
  noun as written ("informations", "rapports") or to the speaker it names ("un analyste").
  When the relative sits inside a subject ("Les informations selon lesquelles…, sont fausses, a
  dit X") the sentence stays one claim.
- "Des informations faisant état de…", "X fait état de…" is a hedged report of its subject noun
  (a past contact reported so is left to the contact step).
- Declining to confirm or deny ("a refusé de commenter", "n'a ni confirmé ni démenti", "s'est
  refusé à tout commentaire", "n'a pas confirmé") is a non-denial: kind "other", hedged, said by
  the subject; it wins over the denial cue inside it.
- The speaker is found before the verb ("Kiev affirme"), after it ("…», a déclaré X"), as a
  passive agent ("accusé par les Occidentaux"), after "ce que", "selon" or "pour". The subject
  speaks, never the object: a phrase after the verb is an inverted speaker only when a clause or
  a quote precedes; "Le porte-parole, X, a démenti toute livraison" is X's denial (appositions,
  "lui", "de son côté" and participle asides before the verb are passed over). Persons,
  outlets and office titles resolve to the gazetteer's canonical name; pronouns, "la chaîne"
  and "le texte" to the last speaker or outlet named; countries, groups and institutions keep
  their surface name ("Téhéran", "Occidentaux"). Sanctions and agreements stated as fact have
  no speaker.
- Hedged: conditional or unconfirmed wording outside direct quotes (in reported speech only the
  press conditional counts), a media outlet's report, or a short next sentence saying the claim
  is unconfirmed.
- Date: the first date expression of the unit outside what is said (quotes, "que" clause).
"""

from app.extraction.claims.attributes import claim_date, claim_topics
from app.extraction.claims.cues import ClaimCuesFile, Cues, get_cues, phrase_regex
from app.extraction.claims.step import (
           explain_claim_trace,
           explain_claims,
           extract_claims,
           trace_claims,
)
from app.extraction.claims.units import find_quotes

__all__ = ["ClaimCuesFile", "Cues", "claim_date", "claim_topics", "explain_claim_trace", "explain_claims",
           "extract_claims",
           "find_quotes", "get_cues", "phrase_regex", "trace_claims"]
