"""an act's answer has a result and the sums recovered on the act's strength

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 15:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ('supervisory_acts', 'acts_early_answers'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('answer_result', sa.String(length=16), nullable=True))
            batch.add_column(sa.Column('recovered_kzt', sa.Float(), nullable=True))


def downgrade() -> None:
    for table in ('supervisory_acts', 'acts_early_answers'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('recovered_kzt')
            batch.drop_column('answer_result')
