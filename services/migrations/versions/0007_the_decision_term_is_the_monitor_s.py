"""the sanction decision term is the monitor's: requests no longer mark their overdue alert

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('sanction_requests', schema=None) as batch_op:
        batch_op.drop_column('overdue_alerted')


def downgrade() -> None:
    with op.batch_alter_table('sanction_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overdue_alerted', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
