"""Initial schema: every table of app/storage/models.py.

Revision ID: 0001_initial
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('country', sa.String(), nullable=True),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('in_gazetteer', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('actor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actor_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_actor_key'), ['key'], unique=True)
        batch_op.create_index(batch_op.f('ix_actor_name'), ['name'], unique=False)

    op.create_table('article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(), nullable=False),
    sa.Column('origin_kind', sa.String(), nullable=False),
    sa.Column('content_type', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=True),
    sa.Column('outlet', sa.String(), nullable=True),
    sa.Column('language', sa.String(), nullable=False),
    sa.Column('published', sa.String(), nullable=True),
    sa.Column('published_precision', sa.String(), nullable=False),
    sa.Column('published_source', sa.String(), nullable=False),
    sa.Column('published_reason', sa.String(), nullable=False),
    sa.Column('published_sort', sa.String(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_outlet'), ['outlet'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_published_sort'), ['published_sort'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_sha256'), ['sha256'], unique=True)

    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('date', sa.String(), nullable=True),
    sa.Column('date_precision', sa.String(), nullable=False),
    sa.Column('date_reason', sa.String(), nullable=False),
    sa.Column('date_sort', sa.String(), nullable=True),
    sa.Column('location', sa.String(), nullable=True),
    sa.Column('conflicts', sa.JSON(), nullable=False),
    sa.Column('source_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_date_sort'), ['date_sort'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_source_count'), ['source_count'], unique=False)

    op.create_table('topic',
    sa.Column('slug', sa.String(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('slug')
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('password_hash', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_name'), ['name'], unique=True)

    op.create_table('claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('attributed_to', sa.String(), nullable=True),
    sa.Column('attributed_actor_id', sa.Integer(), nullable=True),
    sa.Column('hedged', sa.Boolean(), nullable=False),
    sa.Column('date', sa.String(), nullable=True),
    sa.Column('date_precision', sa.String(), nullable=False),
    sa.Column('date_reason', sa.String(), nullable=False),
    sa.Column('date_sort', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['attributed_actor_id'], ['actor.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_attributed_actor_id'), ['attributed_actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_date_sort'), ['date_sort'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_kind'), ['kind'], unique=False)

    op.create_table('contactparticipant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(), nullable=True),
    sa.Column('country', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], ),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contact_id', 'actor_id')
    )
    with op.batch_alter_table('contactparticipant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contactparticipant_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contactparticipant_contact_id'), ['contact_id'], unique=False)

    op.create_table('contactsource',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('date', sa.String(), nullable=True),
    sa.Column('date_precision', sa.String(), nullable=False),
    sa.Column('date_reason', sa.String(), nullable=False),
    sa.Column('location', sa.String(), nullable=True),
    sa.Column('kind', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contactsource', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contactsource_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contactsource_contact_id'), ['contact_id'], unique=False)

    op.create_table('contacttopic',
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('topic_slug', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_slug'], ['topic.slug'], ),
    sa.PrimaryKeyConstraint('contact_id', 'topic_slug')
    )
    with op.batch_alter_table('contacttopic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacttopic_topic_slug'), ['topic_slug'], unique=False)

    op.create_table('noisespan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('noisespan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_noisespan_article_id'), ['article_id'], unique=False)

    op.create_table('claimactor',
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], ),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', 'actor_id')
    )
    with op.batch_alter_table('claimactor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claimactor_actor_id'), ['actor_id'], unique=False)

    op.create_table('claimtopic',
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('topic_slug', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_slug'], ['topic.slug'], ),
    sa.PrimaryKeyConstraint('claim_id', 'topic_slug')
    )
    with op.batch_alter_table('claimtopic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claimtopic_topic_slug'), ['topic_slug'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('claimtopic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claimtopic_topic_slug'))

    op.drop_table('claimtopic')
    with op.batch_alter_table('claimactor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claimactor_actor_id'))

    op.drop_table('claimactor')
    with op.batch_alter_table('noisespan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_noisespan_article_id'))

    op.drop_table('noisespan')
    with op.batch_alter_table('contacttopic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacttopic_topic_slug'))

    op.drop_table('contacttopic')
    with op.batch_alter_table('contactsource', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contactsource_contact_id'))
        batch_op.drop_index(batch_op.f('ix_contactsource_article_id'))

    op.drop_table('contactsource')
    with op.batch_alter_table('contactparticipant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contactparticipant_contact_id'))
        batch_op.drop_index(batch_op.f('ix_contactparticipant_actor_id'))

    op.drop_table('contactparticipant')
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_kind'))
        batch_op.drop_index(batch_op.f('ix_claim_date_sort'))
        batch_op.drop_index(batch_op.f('ix_claim_attributed_actor_id'))
        batch_op.drop_index(batch_op.f('ix_claim_article_id'))

    op.drop_table('claim')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_name'))

    op.drop_table('user')
    op.drop_table('topic')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_source_count'))
        batch_op.drop_index(batch_op.f('ix_contact_kind'))
        batch_op.drop_index(batch_op.f('ix_contact_date_sort'))

    op.drop_table('contact')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_sha256'))
        batch_op.drop_index(batch_op.f('ix_article_published_sort'))
        batch_op.drop_index(batch_op.f('ix_article_outlet'))

    op.drop_table('article')
    with op.batch_alter_table('actor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actor_name'))
        batch_op.drop_index(batch_op.f('ix_actor_key'))
        batch_op.drop_index(batch_op.f('ix_actor_country'))

    op.drop_table('actor')
