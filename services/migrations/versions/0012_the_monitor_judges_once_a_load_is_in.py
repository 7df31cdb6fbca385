"""the monitor counts each subject's facts and judges once a load is in

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 19:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('monitor_subjects') as batch:
        batch.add_column(sa.Column('facts', sa.BigInteger(), server_default='0',
                                   nullable=False))
        batch.add_column(sa.Column('pending_since', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_monitor_subjects_pending', 'monitor_subjects', ['pending_since'],
                    postgresql_where=sa.text('pending_since IS NOT NULL'),
                    sqlite_where=sa.text('pending_since IS NOT NULL'))
    # The count of the facts stored so far: the monitor's copy in memory is checked against it.
    op.execute("UPDATE monitor_subjects SET facts = (SELECT count(*) FROM monitor_facts "
               "WHERE monitor_facts.subject = monitor_subjects.subject)")


def downgrade() -> None:
    op.drop_index('ix_monitor_subjects_pending', 'monitor_subjects')
    with op.batch_alter_table('monitor_subjects') as batch:
        batch.drop_column('pending_since')
        batch.drop_column('facts')
