"""Blueprints: thin views that validate with a schema, call a service and serialise."""
