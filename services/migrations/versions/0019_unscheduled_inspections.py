"""an inspection on file: its kind, ground (for an unscheduled one), order, end and certificate

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 17:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ('inspection_kind', sa.String(length=16)), ('ground', sa.String(length=16)),
    ('ground_ref', sa.String(length=128)), ('actions_concerned', sa.Text()),
    ('order_no', sa.String(length=128)), ('ordered_on', sa.Date()),
    ('notified_on', sa.Date()), ('ended_on', sa.Date()),
    ('certificate_sent_on', sa.Date()),
)


def upgrade() -> None:
    with op.batch_alter_table('chamber_bailiff_records') as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('chamber_bailiff_records') as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
