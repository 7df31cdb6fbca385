"""an act rejected or left unconsidered: the day the prosecutor went to court

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 17:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('supervisory_acts') as batch:
        batch.add_column(sa.Column('court_filed_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('supervisory_acts') as batch:
        batch.drop_column('court_filed_on')
