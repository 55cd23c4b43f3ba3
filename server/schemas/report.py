from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .common import StrictSchema, Text


class NetworkSummaryQuerySchema(StrictSchema):
    # Loaded under the names services/reports.py's summary() and network_summary() take.
    first = fields.Date(data_key="from", required=True)
    last = fields.Date(data_key="to", required=True)
    partner = Text(load_default=None, validate=validate.Length(min=1, max=120))

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data["last"] < data["first"]:
            raise ValidationError("Must not be before from.", "to")
        if (data["last"] - data["first"]).days > 3660:
            raise ValidationError("At most ten years.", "to")


class SummaryQuerySchema(NetworkSummaryQuerySchema):
    """An organisation's summary may also be one mission's."""

    mission_code = Text(data_key="mission", load_default=None, validate=validate.Length(min=1, max=40))


class ProfileSchema(Schema):
    type = fields.String(allow_none=True)
    duration = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    age_band = fields.String(allow_none=True)


class SummarySchema(Schema):
    from_ = fields.String(attribute="from", data_key="from")
    to = fields.String()
    interventions = fields.Integer()
    people = fields.Integer()
    motifs = fields.Integer()
    by_type = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_gender = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_age_band = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_place = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_duration = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_mission = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_partner = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={
            "description": "Interventions per partner name. Missions without a partner (the organisation's own) "
            "are left out: they count in `interventions` and `by_mission`, not here."
        },
    )
    mask_reminders = fields.Integer()
    mask_complied = fields.Integer()
    hours = fields.Float(metadata={"description": "Hours of ended shifts (a team counts once)."})
    person_hours = fields.Float(
        metadata={"description": "Presence hours of every team member (teammates without a shift of their own)."}
    )
    profile = fields.Nested(ProfileSchema)


class MemberFiguresSchema(Schema):
    interventions = fields.Integer()
    people = fields.Integer()
    motifs = fields.Integer()
    hours = fields.Float(metadata={"description": "Hours of the member's ended shifts (a team counts once)."})
    person_hours = fields.Float(metadata={"description": "Presence hours of every team member of its shifts."})


class NetworkSummarySchema(SummarySchema):
    by_organisation = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(MemberFiguresSchema),
        metadata={"description": "Each member organisation (by name) whose figures reach the network in the period."},
    )
