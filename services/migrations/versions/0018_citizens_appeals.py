"""the register of citizens' appeals about bailiffs

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 17:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'appeals',
        sa.Column('appeal_id', sa.String(length=128), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=True),
        sa.Column('region', sa.String(length=64), nullable=True),
        sa.Column('district', sa.String(length=64), nullable=True),
        sa.Column('bailiff_id', sa.String(length=128), nullable=True),
        sa.Column('proceeding_id', sa.String(length=128), nullable=True),
        sa.Column('applicant_kind', sa.String(length=16), nullable=True),
        sa.Column('applicant_name', sa.Text(), nullable=True),
        sa.Column('applicant_iin_bin', sa.String(length=32), nullable=True),
        sa.Column('summary', sa.Text(), nullable=True),
        sa.Column('extensions', sa.JSON(), nullable=False),
        sa.Column('notified_on', sa.Date(), nullable=True),
        sa.Column('inspection_ordered_on', sa.Date(), nullable=True),
        sa.Column('inspection_ended_on', sa.Date(), nullable=True),
        sa.Column('answered_on', sa.Date(), nullable=True),
        sa.Column('result', sa.String(length=16), nullable=True),
        sa.Column('answer_text', sa.Text(), nullable=True),
        sa.Column('source', sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint('appeal_id'),
    )
    op.create_index('ix_appeals_region', 'appeals', ['region'])
    op.create_table(
        'ingest_appeals',
        sa.Column('appeal_id', sa.String(length=128), nullable=False),
        sa.Column('region', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('appeal_id'),
    )
    op.create_index('ix_appeals_bailiff_id', 'appeals', ['bailiff_id'])


def downgrade() -> None:
    op.drop_table('ingest_appeals')
    op.drop_index('ix_appeals_bailiff_id', table_name='appeals')
    op.drop_index('ix_appeals_region', table_name='appeals')
    op.drop_table('appeals')
