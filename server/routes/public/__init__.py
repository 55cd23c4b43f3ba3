"""What anyone may open: the mediator app's shell and the sign-in pages."""

from .client import bp as client_bp
from .sign_in import bp as sign_in_bp

blueprints = (client_bp, sign_in_bp)
