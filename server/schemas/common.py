from marshmallow import RAISE, Schema, fields


class StrictSchema(Schema):
    """Unknown keys are refused, never silently ignored."""

    class Meta:
        unknown = RAISE


class ApiErrorDetailSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(required=True, attribute="fields", data_key="fields")


class ApiErrorSchema(Schema):
    error = fields.Nested(ApiErrorDetailSchema, required=True)
