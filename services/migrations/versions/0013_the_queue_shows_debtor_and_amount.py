"""the queue shows each proceeding's debtor (IIN masked) and the sum to recover

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 13:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Proceedings filed before this revision show no debtor until a document comes again.
    with op.batch_alter_table('acts_proceedings') as batch:
        batch.add_column(sa.Column('debtor_kind', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('debtor_name', sa.Text(), nullable=True))
        batch.add_column(sa.Column('debtor_iin_bin', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('amount_kzt', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('acts_proceedings') as batch:
        batch.drop_column('amount_kzt')
        batch.drop_column('debtor_iin_bin')
        batch.drop_column('debtor_name')
        batch.drop_column('debtor_kind')
