"""Flask-WTF forms of every HTML page, desk and admin (marshmallow serves /api only): shapes,
allowed values and French messages; business rules live in services."""
