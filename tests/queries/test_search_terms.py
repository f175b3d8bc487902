"""When SQLite's full-text index alone decides a search term: plain folded words only."""

from __future__ import annotations

import pytest

from app.queries.search import Term, index_decides


@pytest.mark.parametrize("spellings, decided", [
    (("rencontre",), True),
    (("sergei lavrov", "lavrov", "serguei lavrov"), True),
    (("l energie",), True),
    (("s 400", "s400"), True),
    (("tehran", "teheran"), True),
    (("al_assad",), False),  # an underscore: one word folded, two for the index
    (("tehran", "تهران"), False),  # another script: the folding and the tokenizer may differ
    (("cœur",), False),
])
def test_plain_folded_words_are_decided_by_the_index(spellings, decided):
    term = Term(typed=spellings[0], spellings=spellings)
    assert index_decides(term, "sqlite") is decided
    assert index_decides(term, "postgresql") is False
