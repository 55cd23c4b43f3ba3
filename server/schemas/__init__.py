"""marshmallow schemas: one per resource, instantiated once per module that uses them."""
