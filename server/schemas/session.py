from marshmallow import Schema, fields, validate

from .common import StrictSchema, Text


class CredentialsSchema(StrictSchema):
    email = Text(required=True, validate=validate.Length(min=3, max=254))
    password = Text(required=True, load_only=True, validate=validate.Length(min=1, max=1024))


class OrganisationSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    timezone = fields.String()


class UserSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    pole = fields.String(allow_none=True)
    # True after an admin set a temporary password: the app sends the person to
    # /account/password before anything else.
    must_change_password = fields.Boolean()
    organisation = fields.Nested(OrganisationSchema)


class SessionSchema(Schema):
    user = fields.Nested(UserSchema, required=True)
    csrf_token = Text(required=True)
