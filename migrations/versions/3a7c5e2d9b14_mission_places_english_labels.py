"""Each mission's places; English labels of missions and sites. Created 2026-12-01.

`mission.places` lists the place codes the phone offers for the mission (no "Bureau de
poste" on a tram). Existing missions get what a new mission of their kind gets
(`places_of_kind` in server/models/mission.py, copied here as it is today): a transport
mission its pole's vehicle, stop, platform and station places, a polyvalent mission with a
default place that place alone, another polyvalent mission its pole's places, and the
default place always among them. Admins refine it on the mission page.

`mission.label_en` and `site.label_en` are empty: the phone shows the French label until an
admin types an English one.
"""
import sqlalchemy as sa
from alembic import op

from revision_helpers import table


revision = '3a7c5e2d9b14'
down_revision = 'f7911582c5db'

PLACES = ('on_board', 'platform', 'stop', 'station', 'post_office', 'desk', 'phone', 'home')
POLE_PLACES = {
    'transport': ('on_board', 'platform', 'stop', 'station'),
    'polyvalent': ('post_office', 'desk', 'phone', 'home'),
}


def _places_of_kind(pole, default_place):
    if pole != 'transport' and default_place:
        chosen = {default_place}
    else:
        chosen = set(POLE_PLACES.get(pole or 'transport', ())) | ({default_place} if default_place else set())
    return [code for code in PLACES if code in chosen]


def upgrade():
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label_en', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('places', sa.JSON(), nullable=True))
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label_en', sa.String(length=120), nullable=False, server_default=''))

    mission = table('mission', id=sa.Integer, pole=sa.String, default_place=sa.String, places=sa.JSON)
    connection = op.get_bind()
    rows = connection.execute(sa.select(mission.c.id, mission.c.pole, mission.c.default_place)).all()
    for mission_id, pole, default_place in rows:
        connection.execute(
            mission.update().where(mission.c.id == mission_id).values(places=_places_of_kind(pole, default_place))
        )

    # The defaults only filled the rows already there: the models give every new row its values.
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.alter_column('places', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('label_en', existing_type=sa.String(length=120), server_default=None)
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.alter_column('label_en', existing_type=sa.String(length=120), server_default=None)


def downgrade():
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('label_en')
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.drop_column('places')
        batch_op.drop_column('label_en')
