"""alert changes are numbered per subject, and the queue keeps the newest it applied

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 18:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('monitor_subjects') as batch:
        batch.add_column(sa.Column('changes', sa.BigInteger(), server_default='0',
                                   nullable=False))
    with op.batch_alter_table('alerts') as batch:
        batch.add_column(sa.Column('version', sa.BigInteger(), server_default='0',
                                   nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('alerts') as batch:
        batch.drop_column('version')
    with op.batch_alter_table('monitor_subjects') as batch:
        batch.drop_column('changes')
