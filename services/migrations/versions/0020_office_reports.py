"""reports up the prosecutor hierarchy: the offices, their reports, the sanction decisions
they count; documents and deliveries of an office's report

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'offices',
        sa.Column('region', sa.String(length=64), nullable=False),
        sa.Column('district', sa.String(length=64), nullable=False),
        sa.Column('name', sa.Text(), nullable=True),
        sa.Column('email', sa.String(length=320), nullable=True),
        sa.Column('webhook_url', sa.Text(), nullable=True),
        sa.Column('webhook_secret', sa.String(length=256), nullable=True),
        sa.Column('languages', sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint('region', 'district'),
    )
    op.create_table(
        'office_reports',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True,
                  nullable=False),
        sa.Column('level', sa.String(length=16), nullable=False),
        sa.Column('region', sa.String(length=64), nullable=False),
        sa.Column('district', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('period_from', sa.Date(), nullable=False),
        sa.Column('period_to', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('stamp', sa.String(length=64), nullable=False),
        sa.Column('made_by', sa.String(length=128), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=True),
        sa.Column('sent_by', sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('level', 'region', 'district', 'kind', 'period_from', 'stamp',
                            name='uq_office_report'),
    )
    op.create_index('ix_office_reports_inbox', 'office_reports', ['region', 'id'])
    op.create_table(
        'oversight_sanctions',
        sa.Column('decree_id', sa.String(length=128), nullable=False),
        sa.Column('proceeding_id', sa.String(length=128), nullable=False),
        sa.Column('decision', sa.String(length=16), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('decree_id'),
    )
    op.create_index('ix_oversight_sanctions_proceeding_id', 'oversight_sanctions',
                    ['proceeding_id'])
    op.create_index('ix_oversight_sanctions_decided_on', 'oversight_sanctions', ['decided_on'])
    with op.batch_alter_table('chamber_documents') as batch:
        batch.add_column(sa.Column('office_report_id', sa.BigInteger(), nullable=True))
        batch.create_index('ix_chamber_documents_office_report_id', ['office_report_id'])
    with op.batch_alter_table('chamber_deliveries') as batch:
        batch.add_column(sa.Column('office_report_id', sa.BigInteger(), nullable=True))
        batch.create_index('ix_chamber_deliveries_office_report_id', ['office_report_id'])
        batch.alter_column('report_id', existing_type=sa.BigInteger(), nullable=True)


def downgrade() -> None:
    # An office report's deliveries and documents have no place in the older schema.
    op.execute('DELETE FROM chamber_delivery_attempts WHERE delivery_id IN '
               '(SELECT id FROM chamber_deliveries WHERE office_report_id IS NOT NULL)')
    op.execute('DELETE FROM chamber_deliveries WHERE office_report_id IS NOT NULL')
    op.execute('DELETE FROM chamber_documents WHERE office_report_id IS NOT NULL')
    with op.batch_alter_table('chamber_deliveries') as batch:
        batch.alter_column('report_id', existing_type=sa.BigInteger(), nullable=False)
        batch.drop_index('ix_chamber_deliveries_office_report_id')
        batch.drop_column('office_report_id')
    with op.batch_alter_table('chamber_documents') as batch:
        batch.drop_index('ix_chamber_documents_office_report_id')
        batch.drop_column('office_report_id')
    op.drop_table('oversight_sanctions')
    op.drop_table('office_reports')
    op.drop_table('offices')
