"""Configuration read from the environment, with safe defaults for development."""

import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    """A yes/no environment variable: 1, true, yes or on."""
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
    behind_tls = env_flag("BEHIND_TLS_PROXY", False)
    default_db = f"sqlite:///{ROOT / 'instance' / 'mediatap.db'}"
    return {
        "ENV_NAME": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        "DEFAULT_TIMEZONE": os.environ.get("MEDIATAP_TIMEZONE", "Europe/Paris"),
        "BEHIND_TLS_PROXY": behind_tls,
        "SESSION_COOKIE_SECURE": env_flag("SESSION_COOKIE_SECURE", behind_tls),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "mediatap-db://"),
        "LOGIN_ADDRESS_LIMIT": os.environ.get("MEDIATAP_LOGIN_ADDRESS_LIMIT", DEFAULTS["LOGIN_ADDRESS_LIMIT"]),
    }


def deployment_warnings(binds: list[str], behind_tls_proxy: bool) -> list[str]:
    """What is unsafe in how the server listens, given BEHIND_TLS_PROXY (read at gunicorn's start).

    Behind the proxy, X-Forwarded-For names the client: a server anyone reaches directly lets
    each request name itself (and so escape the per-address sign-in limit). Without it, a
    server only a local proxy reaches sees every client as the proxy's one address.
    """
    public = [bind for bind in binds if not _local_bind(bind)]
    if behind_tls_proxy and public:
        return [
            f"BEHIND_TLS_PROXY=1 trusts X-Forwarded-For, but gunicorn listens on {', '.join(public)}, where "
            "anyone can send that header: bind to 127.0.0.1 or a unix socket behind the proxy (docs/deploy.md)."
        ]
    if not behind_tls_proxy and not public:
        return [
            f"gunicorn listens on {', '.join(binds)} only, as behind a proxy, but BEHIND_TLS_PROXY is off: every "
            "client would share the proxy's address for the sign-in limit and cookies would lack Secure. "
            "Set BEHIND_TLS_PROXY=1 (docs/deploy.md)."
        ]
    return []


def _local_bind(bind: str) -> bool:
    if bind.startswith(("unix:", "fd://")):
        return True
    host = bind.rsplit(":", 1)[0] if not bind.startswith("[") else bind[1 : bind.index("]")]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to, it is meant to be reached


DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "mediatap_session",
    # The cookie already lives as long as the longest session may (create_app), and the
    # session's clocks are checked on the server: signing and sending it again on every
    # answer only cost time. It is sent when it changes (the idle clock, once a minute).
    "SESSION_REFRESH_EACH_REQUEST": False,
    # A mediator can stay offline for a whole shift: the CSRF token lives as long as the
    # server-side session instead of expiring after an hour.
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_CSRF_HEADERS": ["X-CSRFToken"],
    # Desk roles (coordinators, admins): a shared office computer left signed in is closed
    # after 4 hours without a request, and any session after 14 hours.
    "SESSION_IDLE_TIMEOUT": timedelta(hours=4),
    "SESSION_ABSOLUTE_TIMEOUT": timedelta(hours=14),
    # Mediators: a session that ends mid-shift stops the sync and sends a mediator standing on
    # a tram to a sign-in form (issue 11, item 5), and a phone may sit unused in a pocket, out
    # of network, for most of a split day. So no idle limit bites within a working day (14 h),
    # and the absolute 16 h covers a 6:00 to 22:00 day yet still ends the session overnight:
    # each morning starts with a sign-in. A phone is carried by its user, not left on a
    # counter, and its sign-out ends the server session, so the longer window costs less here
    # than on a desk computer.
    "MEDIATOR_SESSION_IDLE_TIMEOUT": timedelta(hours=14),
    "MEDIATOR_SESSION_ABSOLUTE_TIMEOUT": timedelta(hours=16),
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
