"""Serves the mediator app (client/): the shell, its service worker and its manifest."""

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Response, request, send_from_directory

CLIENT = Path(__file__).resolve().parents[3] / "client"
# The folders served as they are, each file at /<folder>/<path>.
ASSET_FOLDERS = ("css", "i18n", "icons", "js")
# In sw.js, `const SHELL = ["__SHELL_FILES__"];`: valid JavaScript before and after.
SHELL_PLACEHOLDER = '"__SHELL_FILES__"'
# In index.html, where the server lists every module for the browser to fetch at once.
MODULES_PLACEHOLDER = "<!-- __MODULE_PRELOADS__ -->"
VERSION_PLACEHOLDER = "__SHELL_VERSION__"


bp = Blueprint("client", __name__)


def _no_cache(response):
    # The browser must always ask: the service worker decides what is served offline.
    response.headers["Cache-Control"] = "no-cache"
    return response


def _client_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _client_stamp(folder: Path) -> tuple:
    return tuple((path.as_posix(), path.stat().st_mtime_ns) for path in _client_files(folder))


@lru_cache(maxsize=4)
def _index_source(folder: Path, stamp: tuple) -> str:
    # Without the list, a first visit discovers the modules import by import, one round trip
    # per level (app.js, then i18n.js, then its language file…): slow on a phone's network.
    modules = [path.relative_to(folder).as_posix() for path in _client_files(folder / "js") if path.suffix == ".js"]
    links = "\n  ".join(f'<link rel="modulepreload" href="{quote("/" + module)}">' for module in modules)
    source = (folder / "index.html").read_text()
    if MODULES_PLACEHOLDER not in source:
        raise RuntimeError(f"client/index.html has lost its {MODULES_PLACEHOLDER} placeholder")
    # The page says which shell it is, so each sync tells the desk which version a phone runs.
    return source.replace(MODULES_PLACEHOLDER, links).replace(VERSION_PLACEHOLDER, _shell(folder, stamp)[1])


@bp.get("/")
def index():
    """The app shell; the service worker serves it from its cache when offline."""
    response = Response(_index_source(CLIENT, _client_stamp(CLIENT)), mimetype="text/html")
    response.add_etag()
    return _no_cache(response.make_conditional(request))


def _shell_url(relative: Path) -> str | None:
    """Where the worker fetches a client file to precache it; None for a file it must not."""
    if relative.as_posix() == "index.html":
        return "/"
    if relative.as_posix() == "manifest.webmanifest" or (
        relative.parts[0] in ASSET_FOLDERS and not any(part.startswith(".") for part in relative.parts)
    ):
        return quote(f"/{relative.as_posix()}")
    # sw.js: the browser fetches the worker itself, past every cache, to learn of an update.
    # Anything else (an editor's hidden file, a file beside the served folders) is not served:
    # one 404 would make the whole install fail.
    return None


@lru_cache(maxsize=4)
def _shell(folder: Path, stamp: tuple) -> tuple[list[str], str]:
    """The URLs the worker precaches, and the shell's version: a hash of every client file.
    A changed file gives a new worker, which installs a new shell cache and offers "Mise à
    jour disponible"; the same walk lists the shell, so a new client file is cached offline
    without editing sw.js."""
    digest = hashlib.sha256()
    shell = []
    for path in _client_files(folder):
        relative = path.relative_to(folder)
        digest.update(relative.as_posix().encode())
        digest.update(path.read_bytes())
        if url := _shell_url(relative):
            shell.append(json.dumps(url))
    return shell, digest.hexdigest()[:16]


@lru_cache(maxsize=4)
def _service_worker_source(folder: Path, stamp: tuple) -> str:
    shell, version = _shell(folder, stamp)
    source = (folder / "sw.js").read_text()
    if SHELL_PLACEHOLDER not in source:  # say, reformatted: the worker would never install
        raise RuntimeError(f"client/sw.js has lost its {SHELL_PLACEHOLDER} placeholder")
    return source.replace(SHELL_PLACEHOLDER, ", ".join(shell)).replace(VERSION_PLACEHOLDER, version)


@bp.get("/sw.js")
def service_worker():
    """At the root so its scope is the whole app."""
    response = Response(_service_worker_source(CLIENT, _client_stamp(CLIENT)), mimetype="text/javascript")
    return _no_cache(response)


@bp.get("/manifest.webmanifest")
def manifest():
    return _no_cache(send_from_directory(CLIENT, "manifest.webmanifest", mimetype="application/manifest+json"))


@bp.get(f"/<any({', '.join(ASSET_FOLDERS)}):folder>/<path:filename>")
def asset(folder: str, filename: str):
    """Shell files; send_from_directory refuses paths that leave the folder."""
    return _no_cache(send_from_directory(CLIENT / folder, filename))


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for it whatever the page says; a 404 would be noise in every console.
    return _no_cache(send_from_directory(CLIENT / "icons", "icon-192.png", mimetype="image/png"))
