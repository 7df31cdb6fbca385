"""acts know where each bailiff and proceeding belongs, and are filed under the bailiff's territory

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
    op.create_table('acts_bailiffs',
    sa.Column('bailiff_id', sa.String(length=128), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=False),
    sa.Column('district', sa.String(length=64), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('bailiff_id')
    )
    # What this database already knows of where proceedings and bailiffs belong (the sanctions
    # service kept every accepted document; the registry every registration), and the acts
    # filed before under the issuer's territory, or none, filed anew under their bailiff's.
    op.execute("INSERT INTO acts_proceedings (proceeding_id, bailiff_id, region, district) "
               "SELECT proceeding_id, bailiff_id, region, district FROM sanctions_proceedings "
               "WHERE bailiff_id IS NOT NULL AND region IS NOT NULL AND district IS NOT NULL")
    op.execute("INSERT INTO acts_bailiffs (bailiff_id, region, district, registered_on) "
               "SELECT bailiff_id, region, district, registered_on FROM chamber_bailiffs")
    registered = ("(SELECT b.{0} FROM acts_bailiffs b "
                  "WHERE b.bailiff_id = supervisory_acts.bailiff_id)")
    op.execute(f"UPDATE supervisory_acts SET region = {registered.format('region')}, "
               f"district = {registered.format('district')} "
               "WHERE bailiff_id IN (SELECT bailiff_id FROM acts_bailiffs)")
    # A bailiff never registered: where the proceedings they hold are (as place_of_bailiff).
    held = ("(SELECT p.{0} FROM acts_proceedings p "
            "WHERE p.bailiff_id = supervisory_acts.bailiff_id ORDER BY p.proceeding_id LIMIT 1)")
    op.execute(f"UPDATE supervisory_acts SET region = {held.format('region')}, "
               f"district = {held.format('district')} "
               "WHERE bailiff_id NOT IN (SELECT bailiff_id FROM acts_bailiffs) "
               "AND bailiff_id IN (SELECT bailiff_id FROM acts_proceedings)")


def downgrade() -> None:
    op.drop_table('acts_bailiffs')
    op.drop_index(op.f('ix_acts_proceedings_bailiff_id'), table_name='acts_proceedings')
    op.drop_table('acts_proceedings')
