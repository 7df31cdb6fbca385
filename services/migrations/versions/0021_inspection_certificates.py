"""an inspection's result certificate: its recommendations and the chamber's copy

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 00:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('chamber_bailiff_records') as batch:
        batch.add_column(sa.Column('recommendations', sa.Text(), nullable=True))
        batch.add_column(sa.Column('certificate_report_id', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    # The certificates' copies are a kind of chamber report the older schema does not know.
    copies = "SELECT id FROM chamber_reports WHERE kind = 'certificate'"
    op.execute('DELETE FROM chamber_delivery_attempts WHERE delivery_id IN (SELECT id FROM '
               f'chamber_deliveries WHERE report_id IN ({copies}))')
    op.execute(f'DELETE FROM chamber_deliveries WHERE report_id IN ({copies})')
    op.execute(f'DELETE FROM chamber_documents WHERE report_id IN ({copies})')
    op.execute("DELETE FROM chamber_reports WHERE kind = 'certificate'")
    with op.batch_alter_table('chamber_bailiff_records') as batch:
        batch.drop_column('certificate_report_id')
        batch.drop_column('recommendations')
