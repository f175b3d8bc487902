"""Merging reports of one contact: pure functions over records (no parsing)."""

from __future__ import annotations

from app.extraction.merge import merge_all, merge_contacts, same_contact
from app.extraction.records import (
    ArticleExtraction,
    ArticleMeta,
    Contact,
    DateValue,
    Participant,
    Source,
)

PATRUSHEV = Participant("Nikolai Patrushev", "RU", "Secretary of the Security Council of Russia", "patrushev")
RAISI = Participant("Ebrahim Raisi", "IR", "President of Iran", "raisi")
SHAMKHANI = Participant("Ali Shamkhani", "IR", None, "shamkhani")
PUTIN = Participant("Vladimir Putin", "RU", "President of Russia", "putin")
KHAMENEI = Participant("Ali Khamenei", "IR", "Supreme Leader of Iran", "khamenei")
IRAN = Participant("Iran", "IR", None, "iran", "country")


def contact(people, date=None, precision="unknown", location=None, kind="meeting", article="a.txt", start=0):
    value = DateValue(date, precision, "test") if date else DateValue.unknown()
    return Contact(kind=kind, date=value, participants=list(people),
                   sources=[Source(article, start, start + 5, "quote")], location=location)


def test_same_day_same_person_merges_with_month_report():
    day = contact([PATRUSHEV, RAISI, SHAMKHANI], "2022-11-09", "day", "Tehran", "talks", "000.txt")
    month = contact([PATRUSHEV, IRAN], "2022-11", "month", "Tehran", "meeting", "001.txt")
    assert same_contact(day, month)
    merged = merge_contacts(day, month)
    assert (merged.date.value, merged.date.precision) == ("2022-11-09", "day")
    assert [p.name for p in merged.participants] == ["Nikolai Patrushev", "Ebrahim Raisi", "Ali Shamkhani"]
    assert [s.article for s in merged.sources] == ["000.txt", "001.txt"]
    assert merged.location == "Tehran"


def test_different_persons_of_one_side_are_different_meetings():
    a = contact([PUTIN, RAISI], "2022-07-19", "day", "Tehran")
    b = contact([PUTIN, KHAMENEI], "2022-07-19", "day", "Tehran")
    assert not same_contact(a, b)


def test_call_is_not_a_meeting():
    call = contact([PUTIN, RAISI], "2022-11", "month", None, "call")
    meeting = contact([PUTIN, RAISI], "2022-11-09", "day", "Tehran", "meeting")
    assert not same_contact(call, meeting)


def test_incompatible_dates_do_not_merge():
    a = contact([PUTIN, RAISI], "2022-07-19", "day", "Tehran")
    b = contact([PUTIN, RAISI], "2022-10-18", "day", "Sochi")
    assert not same_contact(a, b)


def test_undated_report_never_joins_a_dated_contact_of_another_article():
    dated = contact([PUTIN, RAISI], "2022-07-19", "day", "Tehran")
    for undated in (contact([PUTIN, RAISI], location="Tehran", article="b.txt"),
                    contact([PUTIN, RAISI], location="Moscow", article="c.txt"),
                    contact([PUTIN, RAISI], article="d.txt")):
        assert not same_contact(dated, undated)
        assert not same_contact(undated, dated)


def test_undated_reports_of_two_articles_stay_apart():
    """The same people at the same place, undated: possibly years apart, so two contacts."""
    undated = contact([PUTIN, RAISI], location="Tehran", article="a.txt")
    for other in (contact([PUTIN, RAISI], location="Tehran", article="b.txt"),
                  contact([PUTIN, RAISI], location="Moscow", article="c.txt"),
                  contact([PUTIN, RAISI], article="d.txt")):
        assert not same_contact(undated, other)
        assert not same_contact(other, undated)


def test_undated_reports_of_one_article_join():
    a = contact([PUTIN, RAISI], location="Tehran", article="a.txt")
    assert same_contact(a, contact([PUTIN, RAISI], article="a.txt"), same_article=True)


def test_city_within_country_is_compatible_and_finer_wins():
    a = contact([PUTIN, RAISI], "2022-07-19", "day", "Iran")
    b = contact([PUTIN, RAISI], "2022-07-19", "day", "Tehran")
    assert same_contact(a, b)
    assert merge_contacts(a, b).location == "Tehran"


def test_same_day_different_places_keeps_conflict():
    a = contact([PUTIN, RAISI], "2022-07-19", "day", "Tehran")
    b = contact([PUTIN, RAISI], "2022-07-19", "day", "Moscow")
    assert same_contact(a, b)
    assert merge_contacts(a, b).conflicts == {"location": ["Tehran", "Moscow"]}


def test_merge_all_across_articles():
    meta = ArticleMeta()
    x = ArticleExtraction("000.txt", meta, [], [contact([PATRUSHEV, RAISI], "2022-11-09", "day", "Tehran", article="000.txt")], [])
    y = ArticleExtraction("001.txt", meta, [], [
        contact([PATRUSHEV, IRAN], "2022-11", "month", "Tehran", article="001.txt"),
        contact([PUTIN, RAISI], "2022-11", "month", None, "call", article="001.txt"),
    ], [])
    merged = merge_all([x, y])
    assert len(merged) == 2
    assert len(merged[0].sources) == 2 and merged[1].kind == "call"
