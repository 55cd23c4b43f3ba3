from marshmallow import Schema, fields


class CodeLabelSchema(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)


class ColleagueSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class CatalogueMissionSchema(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    partner = fields.String(required=True)
    fields_ = fields.List(fields.String(), required=True, attribute="fields", data_key="fields")
    multi_motif = fields.Boolean(required=True)
    default_place = fields.String(allow_none=True)
    sites = fields.List(fields.Nested(CodeLabelSchema), required=True)
    types = fields.List(fields.Nested(CodeLabelSchema), required=True)


class CatalogueSchema(Schema):
    version = fields.Integer(required=True)
    places = fields.List(fields.Nested(CodeLabelSchema), required=True)
    colleagues = fields.List(fields.Nested(ColleagueSchema), required=True)
    missions = fields.List(fields.Nested(CatalogueMissionSchema), required=True)
