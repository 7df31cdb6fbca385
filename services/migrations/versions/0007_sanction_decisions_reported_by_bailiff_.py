"""sanction decisions reported by bailiff systems kept apart from prosecutors' signed ones

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('sanction_requests', sa.Column('reported_decision', sa.String(length=16),
                                                 nullable=True))
    op.add_column('sanction_requests', sa.Column('reported_source', sa.Text(), nullable=True))
    op.add_column('sanction_requests', sa.Column('reported_prosecutor_id',
                                                 sa.String(length=128), nullable=True))
    op.add_column('sanction_requests', sa.Column('reported_event_id', sa.String(length=128),
                                                 nullable=True))
    # A decision of ours is always stored with its signature; one without was reported by the
    # bailiff system, and must no longer read as a prosecutor's grant or refusal. Its source
    # was not kept before this revision (the audit log holds its event_id).
    op.execute("UPDATE sanction_requests SET status = 'reported', reported_decision = status, "
               "reported_prosecutor_id = decided_by, decided_by = NULL "
               "WHERE status IN ('granted', 'refused') AND signature IS NULL")


def downgrade() -> None:
    op.execute("UPDATE sanction_requests SET status = reported_decision, "
               "decided_by = reported_prosecutor_id WHERE status = 'reported'")
    op.drop_column('sanction_requests', 'reported_event_id')
    op.drop_column('sanction_requests', 'reported_prosecutor_id')
    op.drop_column('sanction_requests', 'reported_source')
    op.drop_column('sanction_requests', 'reported_decision')
