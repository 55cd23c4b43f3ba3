"""Configuration read from the environment, with safe defaults for development."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret() -> str:
    # Random per checkout, so `make run` sessions survive restarts without a known default key.
    path = ROOT / "instance" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment() -> dict:
    """Build the configuration dict; SECRET_KEY is mandatory unless MEDIATAP_ENV=development."""
    env = os.environ.get("MEDIATAP_ENV", "production")
    development = env in {"development", "test"}
    secret = os.environ.get("SECRET_KEY")
    if not secret:
        if not development:
            raise RuntimeError("SECRET_KEY must be set outside development (MEDIATAP_ENV=development for local use).")
        secret = _development_secret()
    behind_tls = _bool("BEHIND_TLS_PROXY", False)
    default_db = f"sqlite:///{ROOT / 'instance' / 'mediatap.db'}"
    return {
        "ENV_NAME": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        "DEFAULT_TIMEZONE": os.environ.get("MEDIATAP_TIMEZONE", "Europe/Paris"),
        "BEHIND_TLS_PROXY": behind_tls,
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", behind_tls),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "mediatap-db://"),
        "LOGIN_ADDRESS_LIMIT": os.environ.get("MEDIATAP_LOGIN_ADDRESS_LIMIT", DEFAULTS["LOGIN_ADDRESS_LIMIT"]),
    }


DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "mediatap_session",
    # A mediator can stay offline for a whole shift: the CSRF token lives as long as the
    # server-side session instead of expiring after an hour.
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_CSRF_HEADERS": ["X-CSRFToken"],
    "SESSION_IDLE_TIMEOUT": timedelta(hours=4),
    "SESSION_ABSOLUTE_TIMEOUT": timedelta(hours=14),
    "SYNC_MAX_RECORDS": 1000,
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    # Counters in the database: shared by every worker with no extra service to run.
    "RATELIMIT_STORAGE_URI": "mediatap-db://",
    # Sign-in attempts per account from one address (or one known device): 5 at once, then
    # one more every 3 minutes (the count drains over the window, it is never reset whole).
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_WINDOW": timedelta(minutes=15),
    # Per account from every address without a device cookie together: slower, so guessing
    # from many addresses gets 5 attempts an hour, while the owner's own devices keep theirs.
    "LOGIN_ACCOUNT_MAX_FAILURES": 10,
    "LOGIN_ACCOUNT_WINDOW": timedelta(hours=2),
    "LOGIN_ADDRESS_LIMIT": "30 per 15 minutes",
    "API_TITLE": "Mediatap API",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "BABEL_DEFAULT_LOCALE": "fr",
    "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "server" / "translations"),
    "LANGUAGES": ["fr", "en"],
}
