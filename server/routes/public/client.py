"""Serves the mediator app (client/): the shell, its service worker and its manifest."""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, send_from_directory

CLIENT = Path(__file__).resolve().parents[3] / "client"


bp = Blueprint("client", __name__)


def _no_cache(response):
    # The browser must always ask: the service worker decides what is served offline.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/")
def index():
    """The app shell; the service worker serves it from its cache when offline."""
    return _no_cache(send_from_directory(CLIENT, "index.html", mimetype="text/html"))


@lru_cache(maxsize=4)
def _service_worker_source(stamp: tuple) -> str:
    # The version is a hash of every client file: a changed file gives a new worker, which
    # installs a new shell cache and offers "Mise à jour disponible".
    digest = hashlib.sha256()
    for path in sorted(CLIENT.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(CLIENT).as_posix().encode())
            digest.update(path.read_bytes())
    return (CLIENT / "sw.js").read_text().replace("__SHELL_VERSION__", digest.hexdigest()[:16])


@bp.get("/sw.js")
def service_worker():
    """At the root so its scope is the whole app."""
    stamp = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(CLIENT.rglob("*")) if path.is_file())
    response = Response(_service_worker_source(stamp), mimetype="text/javascript")
    return _no_cache(response)


@bp.get("/manifest.webmanifest")
def manifest():
    return _no_cache(send_from_directory(CLIENT, "manifest.webmanifest", mimetype="application/manifest+json"))


@bp.get("/<any(js, css, icons, i18n):folder>/<path:filename>")
def asset(folder: str, filename: str):
    """Shell files; send_from_directory refuses paths that leave the folder."""
    return _no_cache(send_from_directory(CLIENT / folder, filename))


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for it whatever the page says; a 404 would be noise in every console.
    return _no_cache(send_from_directory(CLIENT / "icons", "icon-192.png", mimetype="image/png"))
