"""the sanction decision term is the monitor's: requests no longer mark their overdue alert, and
proceedings with decrees are judged again by the next sweep (their next check was counted
without the new rule)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 12:00:00.000000
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('sanction_requests', schema=None) as batch_op:
        batch_op.drop_column('overdue_alerted')
    # Without this, a request falling due before its proceeding's stored next check would be
    # raised only at that check: the sanctions service's own sweep, which covered it, is gone.
    subjects = sa.table('monitor_subjects', sa.column('subject', sa.String),
                        sa.column('next_check', sa.Date), sa.column('evaluated_on', sa.Date))
    facts = sa.table('monitor_facts', sa.column('subject', sa.String),
                     sa.column('type', sa.String))
    op.execute(subjects.update()
               .where(subjects.c.subject.in_(
                   sa.select(facts.c.subject).where(facts.c.type == 'decree.issued')))
               .values(next_check=date(2000, 1, 1), evaluated_on=None))


def downgrade() -> None:
    with op.batch_alter_table('sanction_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overdue_alerted', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
