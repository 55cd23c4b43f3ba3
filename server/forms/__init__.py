"""Flask-WTF forms of every HTML page, desk and admin (the API's schemas are in server/schemas/):
shapes, allowed values and French messages; business rules live in services."""
