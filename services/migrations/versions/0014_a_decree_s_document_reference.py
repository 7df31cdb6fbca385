"""a decree's document: where the bailiff system serves it

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('sanction_requests') as batch:
        batch.add_column(sa.Column('document_url', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sanction_requests') as batch:
        batch.drop_column('document_url')
