"""The printed report's logo: a small PNG or SVG, checked by content, not by its name."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from ..errors import invalid

LOGO_MAX_BYTES = 200 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# An SVG can carry scripts, external references and entity bombs. It is also served under a
# sandboxing CSP (routes/admin/organisation.py), but nothing of the kind is stored in the first place.
_SVG_FORBIDDEN = re.compile(
    r"<!DOCTYPE|<!ENTITY|<script|<foreignObject|javascript:|\son[a-z]+\s*=|<iframe|<embed|<object",
    re.IGNORECASE,
)


def checked_logo(data: bytes) -> tuple[str, bytes]:
    """(content type, bytes) of an acceptable logo, or a field error for `logo`."""
    if not data:
        raise invalid("logo", _("Le fichier est vide."))
    if len(data) > LOGO_MAX_BYTES:
        raise invalid("logo", _("Le logo dépasse 200 Ko : choisissez une image plus légère."))
    if data.startswith(_PNG_SIGNATURE):
        return "image/png", data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if re.search(r"<svg[\s>]", text[:4096], re.IGNORECASE):
        if _SVG_FORBIDDEN.search(text):
            raise invalid("logo", _("Ce SVG contient des scripts ou des références externes : exportez-le sans."))
        return "image/svg+xml", data
    raise invalid("logo", _("Le logo doit être une image PNG ou SVG."))
