"""The participant set of each contact as one trigger-kept facet row, ``people``.

The chart's counterpart-pair lanes group contacts by who took part. Grouping them by a stored
value is one GROUP BY; before, every participant row of every matching contact was read into
Python (1.6 s at 100,000 articles). The facet triggers are recreated to keep the new rows exact
on every write to participants, actors and the rest, as they keep the other facets.

Revision ID: 0008_people
Revises: 0006_perf
"""

from __future__ import annotations

from alembic import op

from app.storage import facet_sql
from app.storage.facet_sql import ALL_FACETS, FILTER_FACETS

revision = "0008_people"
down_revision = "0006_perf"
branch_labels = None
depends_on = None


def _recreate_triggers(facets: tuple[str, ...]) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in facet_sql.sqlite_drop_facet_triggers() + facet_sql.sqlite_facet_triggers(facets):
            op.execute(statement)
    elif dialect == "postgresql":
        # The triggers call the functions by name: replacing the functions is enough.
        for statement in facet_sql.postgresql_facet_functions(facets):
            op.execute(statement)


def upgrade() -> None:
    _recreate_triggers(ALL_FACETS)
    op.execute("DELETE FROM contactfacet WHERE facet = 'people'")
    for statement in facet_sql.backfill_sql(("people",), op.get_bind().dialect.name):
        op.execute(statement)
    op.execute("ANALYZE contactfacet")


def downgrade() -> None:
    _recreate_triggers(FILTER_FACETS)
    op.execute("DELETE FROM contactfacet WHERE facet = 'people'")
