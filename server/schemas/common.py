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


class UtcTime(fields.DateTime):
    """A stored time as every API answer gives it: ISO 8601 with its offset, UTC `+00:00`.

    Times are stored naive in UTC; dumped as they are, they would lose the offset that
    `/api/sync` requires of the phone (issue 10 item 14)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault("description", "ISO 8601 with offset, in UTC (+00:00).")
        super().__init__(format="iso", dump_only=True, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        # Imported here: the models import the extensions, which import this module.
        from ..models.clock import iso_utc

        return iso_utc(value)


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
