from marshmallow import RAISE, Schema, ValidationError, fields


class Text(fields.String):
    """A string both databases can store: JSON allows lone surrogates and NUL, UTF-8 and
    PostgreSQL do not, and they would otherwise fail the write instead of the field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault("pattern", "^[^\\u0000]*$")
        super().__init__(*args, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Text must not contain NUL characters.")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValidationError("Text is not valid Unicode.") from error
        return text


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
