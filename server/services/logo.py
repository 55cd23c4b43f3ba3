"""The printed report's logo: a raster image (PNG, JPEG or WebP), decoded and re-encoded by
Pillow, so what is stored and served is pixels the server drew itself, never the sent file.

SVG is refused: it is a document that can carry scripts, external references and entity
bombs, and a hand-written filter let crafted ones through. A logo on a printed page needs
no vectors.
"""

from __future__ import annotations

import io
import warnings

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import invalid

LOGO_MAX_BYTES = 200 * 1024
# Checked from the header, before any pixel is decoded: a few hundred bytes can declare
# 50,000 × 50,000 pixels (a "decompression bomb") that would take gigabytes once decoded.
LOGO_MAX_SIDE = 2000
# What is kept: 800 pixels are 6.8 cm at 300 dpi, more than a report's header needs.
_STORED_SIDE = 800
_ACCEPTED = ("PNG", "JPEG", "WEBP")


def checked_logo(data: bytes) -> tuple[str, bytes]:
    """(content type, bytes) of the logo re-encoded from the file sent, or a field error for `logo`."""
    if not data:
        raise invalid("logo", _("Le fichier est vide."))
    if len(data) > LOGO_MAX_BYTES:
        raise invalid("logo", _("Le logo dépasse 200 Ko : choisissez une image plus légère."))
    with warnings.catch_warnings():
        # Pillow's own bomb check warns then raises; ours below answers first, in words.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=_ACCEPTED)
        except UnidentifiedImageError:
            raise invalid("logo", _("Le logo doit être une image PNG, JPEG ou WebP.")) from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise invalid("logo", _too_many_pixels()) from None
        with image:
            width, height = image.size
            if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
                raise invalid("logo", _too_many_pixels(width, height))
            try:
                return _reencoded(image)
            except (OSError, SyntaxError, ValueError, EOFError):
                raise invalid("logo", _("Ce fichier image est abîmé ou incomplet : exportez-le à nouveau.")) from None


def _too_many_pixels(width: int | None = None, height: int | None = None) -> str:
    if width is None:
        return _("Cette image annonce des millions de pixels : 2 000 × 2 000 au plus.")
    return _("Cette image annonce %(width)d × %(height)d pixels : 2 000 × 2 000 au plus.", width=width, height=height)


def _reencoded(image: Image.Image) -> tuple[str, bytes]:
    photo = image.format == "JPEG"
    image.load()
    # Upright as the camera meant it; the metadata itself (place, device) is not kept.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((_STORED_SIDE, _STORED_SIDE))
    output = io.BytesIO()
    if photo:
        image.convert("L" if image.mode == "L" else "RGB").save(output, "JPEG", quality=90)
        return "image/jpeg", output.getvalue()
    if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        image = image.convert("RGBA")
    image.save(output, "PNG", optimize=True)
    return "image/png", output.getvalue()
