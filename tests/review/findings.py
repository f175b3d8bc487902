"""Hand-made extractions for review tests: precise spans without running the parser."""

from __future__ import annotations

from app.extraction import records
from app.extraction.gazetteer import get_gazetteer

DAY = records.DateValue("2023-03-14", "day", "dateline")
TEXT = (
    "Moscou, 15 mars - Vladimir Poutine a reçu mardi au Kremlin Ebrahim Raïssi pour parler d'énergie. "
    "Plus tard, Sergueï Lavrov a téléphoné à Hossein Amir-Abdollahian au sujet du nucléaire. "
    "Le Kremlin dément toute livraison d'armes, selon un porte-parole."
)


def span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def contact(key: str, text: str, sentence: str, *, kind: str = "meeting",
            date: records.DateValue = DAY, location: str | None = "Moscow",
            people: tuple[tuple[str, str], ...] = (("Vladimir Poutine", "RU"), ("Ebrahim Raïssi", "IR")),
            topics: tuple[str, ...] = ("energy",)) -> records.Contact:
    start, end = span(text, sentence)
    gazetteer = get_gazetteer()
    return records.Contact(
        kind=kind, date=date, location=location,
        participants=[records.Participant(name=n, country=c, kind="person",
                                          actor_key=(gazetteer.by_alias(n).key if gazetteer.by_alias(n) else None))
                      for n, c in people],
        sources=[records.Source(article=key, start=start, end=end, quote=text[start:end])],
        topics=list(topics),
    )


def claim(key: str, text: str, sentence: str, kind: str = "denial") -> records.Claim:
    start, end = span(text, sentence)
    return records.Claim(article=key, start=start, end=end, text=text[start:end], kind=kind,
                         attributed_to="Kremlin")


MEETING = "Vladimir Poutine a reçu mardi au Kremlin Ebrahim Raïssi pour parler d'énergie."
MEETING_CLAUSE = "Vladimir Poutine a reçu mardi au Kremlin Ebrahim Raïssi"
CALL = "Sergueï Lavrov a téléphoné à Hossein Amir-Abdollahian au sujet du nucléaire."
DENIAL = "Le Kremlin dément toute livraison d'armes"


def extraction(key: str = "a.txt", contacts: list | None = None, claims: list | None = None,
               suggestions: list | None = None) -> records.ArticleExtraction:
    return records.ArticleExtraction(article=key, meta=records.ArticleMeta(title="Poutine et Raïssi"), noise=[],
                      contacts=list(contacts or []), claims=list(claims or []),
                      suggestions=list(suggestions or []))


def near_miss(key: str, text: str, sentence: str, check: str, why: str, **fields) -> records.Suggestion:
    """A near miss as the pipeline returns it: the contact and the check that dropped it."""
    return records.Suggestion(contact(key, text, sentence, **fields), check, why)


def full(key: str = "a.txt") -> records.ArticleExtraction:
    return extraction(key, [contact(key, TEXT, MEETING),
                            contact(key, TEXT, CALL, kind="call", location=None,
                                    people=(("Sergueï Lavrov", "RU"), ("Hossein Amir-Abdollahian", "IR")),
                                    topics=("nuclear",))],
                      [claim(key, TEXT, DENIAL)])
