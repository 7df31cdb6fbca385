"""the decree's materials are signed: what the accepted document says of the sum and the debtor;
answers that come before their acts wait for them

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('acts_early_answers',
    sa.Column('act_id', sa.String(length=128), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('act_id')
    )
    op.create_table('sanctions_properties',
    sa.Column('proceeding_id', sa.String(length=128), nullable=False),
    sa.Column('property_id', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('proceeding_id', 'property_id')
    )
    with op.batch_alter_table('sanction_requests') as batch:
        batch.add_column(sa.Column('property_id', sa.String(length=128), nullable=True))
    with op.batch_alter_table('sanctions_proceedings') as batch:
        batch.add_column(sa.Column('document_number', sa.String(length=128), nullable=True))
        batch.add_column(sa.Column('amount_kzt', sa.Float(), nullable=True))
        batch.add_column(sa.Column('debtor_kind', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('debtor_name', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_table('acts_early_answers')
    with op.batch_alter_table('sanction_requests') as batch:
        batch.drop_column('property_id')
    op.drop_table('sanctions_properties')
    with op.batch_alter_table('sanctions_proceedings') as batch:
        batch.drop_column('debtor_name')
        batch.drop_column('debtor_kind')
        batch.drop_column('amount_kzt')
        batch.drop_column('document_number')
