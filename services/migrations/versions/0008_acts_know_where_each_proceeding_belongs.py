"""acts know where each proceeding belongs

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 17:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('acts_proceedings',
    sa.Column('proceeding_id', sa.String(length=128), nullable=False),
    sa.Column('bailiff_id', sa.String(length=128), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=False),
    sa.Column('district', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('proceeding_id')
    )
    op.create_index(op.f('ix_acts_proceedings_bailiff_id'), 'acts_proceedings', ['bailiff_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_acts_proceedings_bailiff_id'), table_name='acts_proceedings')
    op.drop_table('acts_proceedings')
