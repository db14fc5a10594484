"""Photos and drawings from phones: checked, cleaned and shrunk before they are kept.

Every image is decoded by Pillow and encoded again from its pixels alone, so nothing
else in the file survives: no EXIF, no GPS position, no hidden payload. Files that are
not images, are truncated, or would decode to more pixels than a phone camera makes
(a "decompression bomb") are refused with a message.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 48-megapixel phone camera fits; a bomb does not
PHOTO_SIDE = 1600  # as large as a projector shows it
DRAWING_SIDE = 800
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "HEIF", "MPO"}


class ImageRefused(ValueError):
    """An upload that is not kept, with the reason in the user's language."""


def _open(upload: UploadedFile) -> Image.Image:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ImageRefused(
            _("The picture is too large: at most %(mb)s MB.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it; refuse those too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRefused(_("That file is not a picture we can show."))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRefused(_("The picture has too many pixels."))
            image.load()
        except ImageRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageRefused(_("The picture has too many pixels.")) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ImageRefused(
                _("That file is not a picture, or it is damaged. Try another one.")
            ) from error
    return image


def clean_photo(upload: UploadedFile) -> ContentFile[bytes]:
    """A photo turned upright, shrunk to fit the projector, as a JPEG without metadata."""
    image = ImageOps.exif_transpose(_open(upload))
    image = image.convert("RGB")
    image.thumbnail((PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def clean_drawing(upload: UploadedFile) -> ContentFile[bytes]:
    """A finger drawing as a small PNG, transparent background kept."""
    image = _open(upload).convert("RGBA")
    image.thumbnail((DRAWING_SIDE, DRAWING_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.png")
