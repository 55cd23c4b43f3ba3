from marshmallow import Schema, fields, validate

from ..vocabulary import RATING_SCALES


class CodeLabelSchema(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)


_LABELS = {
    "description": "The label in each language the app speaks; the French one where no English was typed.",
    "example": {"fr": "Aide automate", "en": "Ticket machine help"},
}


class CatalogueEntrySchema(CodeLabelSchema):
    """A line or site, or an intervention type: `label` is French, `labels` every language."""

    labels = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata=_LABELS)


class ColleagueSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class CatalogueMissionSchema(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True, metadata={"description": "French; kept for apps older than `labels`."})
    labels = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata=_LABELS)
    partner = fields.String(required=True)
    fields_ = fields.List(fields.String(), required=True, attribute="fields", data_key="fields")
    multi_motif = fields.Boolean(required=True)
    places = fields.List(
        fields.String(),
        required=True,
        metadata={
            "description": "The place codes (of `vocabularies.places`) this mission offers, in display order; "
            "a record naming another place is refused (`invalid` on `place`)."
        },
    )
    default_place = fields.String(allow_none=True, metadata={"description": "One of `places`, or null."})
    rating_scale = fields.String(
        required=True,
        validate=validate.OneOf(RATING_SCALES),
        metadata={
            "description": "How the rating step asks: `stars` (1 to 5) or `three_levels` (the buttons of "
            "`vocabularies.three_levels`, each sent as its code read as a number: 3, 2 or 1)."
        },
    )
    sites = fields.List(fields.Nested(CatalogueEntrySchema), required=True)
    types = fields.List(fields.Nested(CatalogueEntrySchema), required=True)


class TermSchema(Schema):
    code = fields.String(required=True)
    labels = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={
            "description": "The label in each language the app speaks, by language code.",
            "example": {"fr": "Femme", "en": "Woman"},
        },
    )


class VocabulariesSchema(Schema):
    """The fixed answers the phone offers, each a list of terms in display order."""

    genders = fields.List(fields.Nested(TermSchema), required=True)
    age_bands = fields.List(fields.Nested(TermSchema), required=True)
    places = fields.List(fields.Nested(TermSchema), required=True)
    durations = fields.List(fields.Nested(TermSchema), required=True)
    mask_outcomes = fields.List(fields.Nested(TermSchema), required=True)
    three_levels = fields.List(fields.Nested(TermSchema), required=True)


class CatalogueSchema(Schema):
    version = fields.Integer(required=True)
    places = fields.List(
        fields.Nested(CodeLabelSchema),
        required=True,
        metadata={
            "description": "The places labelled in the request's language; kept for apps older than `vocabularies`."
        },
    )
    vocabularies = fields.Nested(
        VocabulariesSchema,
        required=True,
        metadata={
            "description": "Codes the phone sends for gender, age band, place, duration and mask outcome, "
            "with their labels in every language (the app switches language offline)."
        },
    )
    colleagues = fields.List(
        fields.Nested(ColleagueSchema),
        required=True,
        metadata={"description": "The organisation's other active mediators: who may be named as teammates."},
    )
    missions = fields.List(
        fields.Nested(CatalogueMissionSchema),
        required=True,
        metadata={
            "description": "A mediator's assigned missions; with none assigned, their pole's; all for a "
            "mediator without a pole, a coordinator or an admin."
        },
    )
