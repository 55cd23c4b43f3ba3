"""Flask-WTF forms of the admin pages: shapes and allowed values; rules live in services."""
