from marshmallow import Schema, fields, validate

from .common import StrictSchema, Text


class CredentialsSchema(StrictSchema):
    email = Text(required=True, validate=validate.Length(min=3, max=254))
    password = Text(required=True, load_only=True, validate=validate.Length(min=1, max=1024))


class PasswordChangeSchema(StrictSchema):
    # No length rule here: the password policy answers in the person's words (services/passwords.py).
    current_password = Text(required=True, load_only=True)
    new_password = Text(required=True, load_only=True)


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
    # True after an admin set a temporary password: the app asks for a new one
    # (PUT /api/session/password) before anything else; until then /api/sync answers 403.
    must_change_password = fields.Boolean()
    organisation = fields.Nested(OrganisationSchema)


class SessionSchema(Schema):
    user = fields.Nested(UserSchema, required=True)
    csrf_token = Text(required=True)
