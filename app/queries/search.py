"""Full-text search over article text/titles and claim text, behind one function.

SQLite uses the FTS5 tables of migration 0002_search (diacritics removed by the tokenizer, so
"Choigou" finds "Choïgou"). PostgreSQL uses the GIN indexes of 0003_pg_search: the French
configuration with unaccent (``liaison_french``). Other backends fall back to a case-insensitive
pattern match.
"""

from __future__ import annotations

import re

from sqlalchemy import column, func, or_, select, text
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session

from app.extraction.textfold import fold
from app.storage.models import Article, Claim

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


# The same expressions as the indexes of migration 0003_pg_search, so that they are used.
_PG_ARTICLE_MATCH = ("to_tsvector('liaison_french', coalesce(title, '') || ' ' || text) "
                     "@@ to_tsquery('liaison_french', :ts_q)")
_PG_CLAIM_MATCH = "to_tsvector('liaison_french', text) @@ to_tsquery('liaison_french', :ts_q)"


def matching_article_ids(dialect: str, user_text: str) -> Select | None:
    """A SELECT of ids of articles whose title, text or any claim matches ``user_text``.

    Returns None when the text has no searchable word (no restriction).
    """
    if dialect == "sqlite":
        expression = fts_query(user_text)
        if expression is None:
            return None
        statement = text(
            "SELECT rowid AS id FROM article_fts WHERE article_fts MATCH :fts_q "
            "UNION SELECT claim.article_id AS id FROM claim_fts "
            "JOIN claim ON claim.id = claim_fts.rowid WHERE claim_fts MATCH :fts_q"
        ).bindparams(fts_q=expression).columns(column("id"))
        return select(statement.subquery().c.id)
    if dialect == "postgresql":
        expression = pg_tsquery(user_text)
        if expression is None:
            return None
        statement = text(
            f"SELECT id FROM article WHERE {_PG_ARTICLE_MATCH} "
            f"UNION SELECT article_id AS id FROM claim WHERE {_PG_CLAIM_MATCH}"
        ).bindparams(ts_q=expression).columns(column("id"))
        return select(statement.subquery().c.id)
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
