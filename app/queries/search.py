"""Full-text search over article text/titles and claim text, behind one function.

SQLite uses the FTS5 tables of migration 0002_search (diacritics removed by the tokenizer, so
"Choigou" finds "Choïgou"). PostgreSQL uses the GIN indexes of 0003_pg_search: the French
configuration with unaccent (``liaison_french``). Other backends fall back to a case-insensitive
pattern match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from sqlalchemy import bindparam, column, func, or_, select, text
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session

from app.extraction.textfold import fold, fold_key
from app.storage.models import Actor, Article, Claim, ContactSource

_WORD = re.compile(r"\w+", re.UNICODE)
ACCENTED = "àáâãäåāăąçćčďèéêëēėęěìíîïīįñńňòóôõöōőœŕřśšşťùúûüūůűųýÿźżž"
PLAIN = "aaaaaaaaacccdeeeeeeeeiiiiiinnnoooooooorrssstuuuuuuuuyyzzz"


def fts_query(user_text: str) -> str | None:
    """An FTS5 MATCH expression: every word must appear (prefix match on the last one).

    User text never reaches FTS5 syntax: each word is quoted, so operators and quotes are inert.
    """
    words = _WORD.findall(user_text)
    if not words:
        return None
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def pg_tsquery(user_text: str) -> str | None:
    """A ``to_tsquery`` expression: every word must appear (prefix match on the last one).

    Words are quoted lexemes, so ``&``, ``|``, ``!`` typed by the user are never operators.
    """
    words = _WORD.findall(user_text)
    if not words:
        return None
    terms = [f"'{word}'" for word in words]
    terms[-1] += ":*"
    return " & ".join(terms)


# The same expressions as the indexes of migrations 0003_pg_search and 0009_quote_search, so
# that they are used.
_PG_ARTICLE_MATCH = ("to_tsvector('liaison_french', coalesce(title, '') || ' ' || text) "
                     "@@ to_tsquery('liaison_french', :ts_q)")
_PG_CLAIM_MATCH = "to_tsvector('liaison_french', text) @@ to_tsquery('liaison_french', :ts_q)"
_PG_QUOTE_MATCH = "to_tsvector('liaison_french', quote) @@ to_tsquery('liaison_french', :ts_q)"  # 0009


def _ids(sql: str, name: str, value: str) -> Select:
    """A SELECT of the ``id`` column of raw full-text ``sql`` whose ``:name`` is ``value``; each
    call binds its own parameter, so two of them in one statement never share a value."""
    statement = text(sql).bindparams(bindparam(name, value, unique=True)).columns(column("id"))
    return select(statement.subquery().c.id)


def matching_article_ids(dialect: str, user_text: str) -> Select | None:
    """A SELECT of ids of articles whose title, text or any claim matches ``user_text``.

    Returns None when the text has no searchable word (no restriction).
    """
    if dialect == "sqlite":
        expression = fts_query(user_text)
        if expression is None:
            return None
        return _ids("SELECT rowid AS id FROM article_fts WHERE article_fts MATCH :fts_q "
                    "UNION SELECT claim.article_id AS id FROM claim_fts "
                    "JOIN claim ON claim.id = claim_fts.rowid WHERE claim_fts MATCH :fts_q",
                    "fts_q", expression)
    if dialect == "postgresql":
        expression = pg_tsquery(user_text)
        if expression is None:
            return None
        return _ids(f"SELECT id FROM article WHERE {_PG_ARTICLE_MATCH} "
                    f"UNION SELECT article_id AS id FROM claim WHERE {_PG_CLAIM_MATCH}",
                    "ts_q", expression)
    words = [fold(w) for w in _WORD.findall(user_text)]
    if not words:
        return None
    in_articles = select(Article.id).where(
        *[or_(folded(Article.text).contains(w, autoescape=True),
              folded(Article.title).contains(w, autoescape=True)) for w in words])
    in_claims = select(Claim.article_id).where(
        *[folded(Claim.text).contains(w, autoescape=True) for w in words])
    return select(in_articles.union(in_claims).subquery().c.id)


def folded(column_: ColumnElement) -> ColumnElement:
    """SQL for the lowercase, accent-free text of ``column_`` (same letters as ``fold``)."""
    return func.translate(func.lower(func.coalesce(column_, "")), ACCENTED, PLAIN)


def search_articles(session: Session, user_text: str, limit: int = 50) -> list[Article]:
    """Articles matching ``user_text``, newest first."""
    ids = matching_article_ids(session.get_bind().dialect.name, user_text)
    if ids is None:
        return []
    statement = (select(Article).where(Article.id.in_(ids))
                 .order_by(Article.published_sort.desc().nulls_last(), Article.id.desc())
                 .limit(limit))
    return list(session.execute(statement).scalars())


# ---------------------------------------------------------------- gazetteer-aware search terms
#
# A search is a list of terms, all of which must match. A term is either one word the analyst
# typed, or a run of words naming an actor or a place: then every spelling the gazetteer knows
# for it (aliases, transliterations: "Shoigu", "Choïgou", "Sergueï Choïgou") is an alternative,
# and so are the actor's participation and the place's location on a contact.

MAX_ALIAS_WORDS = 5


@dataclass(frozen=True)
class Term:
    """One thing every match must contain, in any of its spellings (folded)."""

    typed: str
    spellings: tuple[str, ...]
    actor_keys: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    prefix: bool = False  # a free word also matches longer words ("drone" -> "drones")


@dataclass
class Vocabulary:
    """Folded names (hyphens and apostrophes as spaces) -> actor keys and place names."""

    actors: dict[str, set[str]] = field(default_factory=dict)
    places: dict[str, set[str]] = field(default_factory=dict)
    spellings: dict[str, set[str]] = field(default_factory=dict)  # key or place -> folded names

    def add(self, table: dict[str, set[str]], target: str, names) -> None:
        for name in names:
            key = fold_key(name or "")
            if key:
                table.setdefault(key, set()).add(target)
                self.spellings.setdefault(target, set()).add(key)


def vocabulary(session: Session) -> Vocabulary:
    """Every name of every actor (stored or in the gazetteer) and place, once per session."""
    cached = session.info.get("search_vocabulary")
    if cached is not None:
        return cached
    from app.extraction.gazetteer import get_gazetteer

    vocab = Vocabulary()
    for key, name, aliases in session.execute(select(Actor.key, Actor.name, Actor.aliases)).all():
        vocab.add(vocab.actors, f"actor:{key}", [name, *(aliases or [])])
    for entry in get_gazetteer().actors.values():
        vocab.add(vocab.actors, f"actor:{entry.key}", entry.aliases)
    for place in _place_entries():
        vocab.add(vocab.places, f"place:{place['name']}", [place["name"], *(place.get("aliases") or [])])
    session.info["search_vocabulary"] = vocab
    return vocab


@lru_cache(maxsize=1)
def _place_entries() -> tuple[dict, ...]:
    from app.extraction.datafiles import data_file

    return tuple(yaml.safe_load(data_file("places.yaml").read_text(encoding="utf-8")) or [])


def search_terms(session: Session, user_text: str) -> list[Term]:
    """The terms of ``user_text``: runs of words naming an actor or place (longest first), and
    single words."""
    words = fold_key(" ".join(_WORD.findall(user_text))).split()
    vocab = vocabulary(session)
    terms: list[Term] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_ALIAS_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + n])
            targets = vocab.actors.get(phrase, set()) | vocab.places.get(phrase, set())
            if targets:
                spellings = {s for t in targets for s in vocab.spellings[t]}
                terms.append(Term(
                    typed=phrase, spellings=tuple(sorted(spellings)),
                    actor_keys=tuple(sorted(t[6:] for t in targets if t.startswith("actor:"))),
                    places=tuple(sorted(t[6:] for t in targets if t.startswith("place:")))))
                i += n
                break
        else:
            terms.append(Term(typed=words[i], spellings=(words[i],), prefix=True))
            i += 1
    return terms


def _fts_alternatives(term: Term) -> str:
    phrases = [" ".join(_WORD.findall(s)) for s in term.spellings]
    quoted = [f'"{p}"' + ("*" if term.prefix else "") for p in phrases if p]
    return "(" + " OR ".join(quoted) + ")"


def _ts_alternatives(term: Term) -> str:
    phrases = []
    for spelling in term.spellings:
        words = _WORD.findall(spelling)
        if len(words) == 1:
            phrases.append(f"'{words[0]}'" + (":*" if term.prefix else ""))
        elif words:
            phrases.append("(" + " <-> ".join(f"'{w}'" for w in words) + ")")
    return "(" + " | ".join(phrases) + ")"


def articles_matching_terms(dialect: str, terms: list[Term]) -> Select:
    """A SELECT of ids of articles whose title or text contains every term (in any spelling)."""
    if dialect == "sqlite":
        return _ids("SELECT rowid AS id FROM article_fts WHERE article_fts MATCH :fts_q",
                    "fts_q", " AND ".join(_fts_alternatives(t) for t in terms))
    if dialect == "postgresql":
        return _ids(f"SELECT id FROM article WHERE {_PG_ARTICLE_MATCH}",
                    "ts_q", " & ".join(_ts_alternatives(t) for t in terms))
    return select(Article.id).where(*[
        or_(*[or_(folded(Article.text).contains(s, autoescape=True),
                  folded(Article.title).contains(s, autoescape=True)) for s in t.spellings])
        for t in terms])


def claims_matching_terms(dialect: str, terms: list[Term]) -> Select:
    """A SELECT of ids of claims whose text contains every term (full-text index of claims)."""
    if dialect == "sqlite":
        return _ids("SELECT rowid AS id FROM claim_fts WHERE claim_fts MATCH :fts_q",
                    "fts_q", " AND ".join(_fts_alternatives(t) for t in terms))
    if dialect == "postgresql":
        return _ids(f"SELECT id FROM claim WHERE {_PG_CLAIM_MATCH}",
                    "ts_q", " & ".join(_ts_alternatives(t) for t in terms))
    return select(Claim.id).where(*[
        or_(*[folded(Claim.text).contains(s, autoescape=True) for s in t.spellings]) for t in terms])


def quotes_matching_term(dialect: str, term: Term) -> ColumnElement:
    """A condition on ``contactsource`` narrowing evidence quotes to those that may hold
    ``term`` (``text_in`` decides, unless ``index_decides``): the quotes' own full-text index
    (FTS5 on SQLite, GIN on PostgreSQL); elsewhere the quotes of the articles holding it."""
    if dialect == "postgresql":
        return ContactSource.id.in_(_ids(f"SELECT id FROM contactsource WHERE {_PG_QUOTE_MATCH}",
                                         "ts_q", _ts_alternatives(term)))
    if dialect == "sqlite":
        return ContactSource.id.in_(_ids(
            "SELECT rowid AS id FROM contactsource_fts WHERE contactsource_fts MATCH :fts_q",
            "fts_q", _fts_alternatives(term)))
    return ContactSource.article_id.in_(articles_matching_terms(dialect, [term]))


_PLAIN_WORDS = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def index_decides(term: Term, dialect: str) -> bool:
    """Whether SQLite's full-text match of ``term`` already is ``text_in``'s answer, so the
    folded words need not be compared (in Python, once per quote or claim found).

    It is when every spelling is plain words of letters a-z and digits: the FTS5 tokenizer
    (case and diacritics removed, every other character a separator) then reads a text as
    the folding does. Only an underscore inside a word ("a_b", two words for the index, one
    for the folding) could tell them apart.
    """
    return dialect == "sqlite" and all(
        _PLAIN_WORDS.fullmatch(" ".join(_WORD.findall(s)).lower()) for s in term.spellings)


def text_in(column_: ColumnElement, term: Term, dialect: str) -> ColumnElement:
    """``column_`` contains one of the term's spellings as whole words (a free word: as the
    start of a word), compared on folded words."""
    if dialect == "sqlite":
        words = func.liaison_words(column_)
    else:
        words = func.concat(" ", func.regexp_replace(folded(column_), "[^[:alnum:]]+", " ", "g"), " ")
    needles = [" " + " ".join(_WORD.findall(s)) + ("" if term.prefix else " ") for s in term.spellings]
    return or_(*[words.contains(n, autoescape=True) for n in needles if n.strip()])
