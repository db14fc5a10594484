"""Photos and drawings from phones, and pictures for slides: checked, cleaned and shrunk.

Every image is decoded by Pillow and encoded again from its pixels alone, so nothing
else in the file survives: no EXIF, no GPS position, no comment, no colour profile, no
hidden payload. Files that are not images, are truncated, or would decode to more pixels
than a phone camera makes (a "decompression bomb") are refused with a message.

Memory is what a picture really costs, so it is bounded before any pixel is decoded:

- a JPEG is decoded straight at a half, a quarter or an eighth of its size when that is
  still at least the size it is shrunk to (`Image.draft`), so a 48-megapixel photo
  never exists in memory at full size;
- other formats are decoded whole, in the mode the file holds (one byte a pixel for a
  1-bit or palette PNG), and shrunk a band of rows at a time before they are converted
  to colour, so no full-size colour copy is made either;
- what that would hold (the decoded pixels plus the shrunk working copy) must fit in
  MAX_DECODED_BYTES, or the picture is refused before it is decoded;
- at most MAX_CLEANING_AT_ONCE pictures are cleaned at a time in a process (uploads run
  in worker threads); the others wait their turn, and are refused with a message if the
  wait would pass BUSY_WAIT_SECONDS, rather than piling up.
"""

from __future__ import annotations

import io
import math
import threading
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 48-megapixel phone camera fits; a bomb does not
# What one picture may hold while it is cleaned: its pixels as decoded (Pillow keeps RGB
# in four bytes a pixel, like RGBA) plus the reduced working copy. Real uploads fit with
# room: a 4000x3000 PNG screenshot with transparency holds 48 + 12 MB, a 5K one
# (5120x2880) 59 + 7 MB, 74 MB as a slide; a phone camera's JPEG, decoded at a fraction,
# at most 41 MB. A 7000x7000 1-bit PNG holds 49 + 3 MB. A 6000x4000 colour PNG (96 MB
# decoded) is refused: no phone sends one, and it fits in MAX_UPLOAD_BYTES only blank.
MAX_DECODED_BYTES = 80 * 1024 * 1024
MAX_CLEANING_AT_ONCE = 2  # so cleaning holds at most 2 x 80 MiB in a process
BUSY_WAIT_SECONDS = 30.0
CLEANING = threading.BoundedSemaphore(MAX_CLEANING_AT_ONCE)
PHOTO_SIDE = 1600  # as large as a projector shows it
DRAWING_SIDE = 800
SLIDE_WIDTH = 1920  # a projector's width: text on a slide stays sharp
SLIDE_HEIGHT = 4 * SLIDE_WIDTH  # room for a page taller than wide (A4 portrait: 1920x2715)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "HEIF", "MPO"}

_BAND_ROWS = 128  # rows converted at a time while a picture is shrunk
# Bytes a pixel takes in Pillow's memory, by mode; every other mode takes four (RGB too).
_PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}
_ALPHA_MODES = {"LA", "La", "PA", "RGBA", "RGBa"}
_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_QUARTER_TURNS = {
    Image.Transpose.TRANSPOSE,
    Image.Transpose.ROTATE_270,
    Image.Transpose.TRANSVERSE,
    Image.Transpose.ROTATE_90,
}

# The mode a cleaned picture is stored in; "RGB or RGBA" keeps transparency only when
# some pixel is not opaque.
_Output = Literal["RGB", "RGBA", "RGB or RGBA"]


class ImageRefused(ValueError):
    """An upload that is not kept, with the reason in the user's language."""


def clean_photo(upload: UploadedFile) -> ContentFile[bytes]:
    """A photo turned upright, shrunk to fit the projector, as a JPEG without metadata."""
    data = _clean(
        upload.size,
        upload.chunks,
        (PHOTO_SIDE, PHOTO_SIDE),
        "RGB",
        lambda image, out: image.save(out, format="JPEG", quality=82, optimize=True),
    )
    return ContentFile(data, name=f"{uuid.uuid4().hex}.jpg")


def clean_drawing(upload: UploadedFile) -> ContentFile[bytes]:
    """A finger drawing as a small PNG, transparent background kept."""
    data = _clean(
        upload.size,
        upload.chunks,
        (DRAWING_SIDE, DRAWING_SIDE),
        "RGBA",
        lambda image, out: image.save(out, format="PNG", optimize=True),
    )
    return ContentFile(data, name=f"{uuid.uuid4().hex}.png")


def clean_slide_image(data: bytes) -> bytes:
    """A picture for a slide as a PNG at most SLIDE_WIDTH wide (and SLIDE_HEIGHT high),
    never enlarged, turned upright; RGBA if it has transparency, else RGB."""
    return _clean(
        len(data),
        lambda: iter((data,)),
        (SLIDE_WIDTH, SLIDE_HEIGHT),
        "RGB or RGBA",
        lambda image, out: image.save(out, format="PNG", optimize=True),
    )


def _clean(
    length: int | None,
    chunks: Callable[[], Iterator[bytes]],
    box: tuple[int, int],
    output: _Output,
    encode: Callable[[Image.Image, io.BytesIO], None],
) -> bytes:
    if length is not None and length > MAX_UPLOAD_BYTES:
        raise _too_large()
    with _cleaning_slot():
        data = b"".join(chunks())  # read only now: what waits for a turn holds no bytes
        if len(data) > MAX_UPLOAD_BYTES:
            raise _too_large()
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it; refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(io.BytesIO(data))
                try:
                    cleaned = _cleaned(image, box, output)
                finally:
                    image.close()  # the decoded pixels go before the next picture's turn
            except ImageRefused:
                raise
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise _too_many_pixels() from error
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
                raise ImageRefused(
                    _("That file is not a picture, or it is damaged. Try another one.")
                ) from error
        out = io.BytesIO()
        encode(cleaned, out)
        return out.getvalue()


@contextmanager
def _cleaning_slot() -> Iterator[None]:
    if not CLEANING.acquire(timeout=BUSY_WAIT_SECONDS):
        raise ImageRefused(_("The server is busy, try again in a moment."))
    try:
        yield
    finally:
        CLEANING.release()


def _too_large() -> ImageRefused:
    return ImageRefused(
        _("The picture is too large: at most %(mb)s MB.")
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
    )


def _too_many_pixels() -> ImageRefused:
    return ImageRefused(_("The picture has too many pixels."))


@dataclass(frozen=True)
class _Plan:
    """How a picture is shrunk: decoded at `extent` (its whole size in decoded pixels, a
    fraction for a drafted JPEG), reduced `factor` times in `working` mode, resampled to
    `size` (still as stored: turned upright after)."""

    size: tuple[int, int]
    extent: tuple[float, float]
    factor: int
    working: str
    turn: Image.Transpose | None


def _cleaned(image: Image.Image, box: tuple[int, int], output: _Output) -> Image.Image:
    if image.format not in ACCEPTED_FORMATS:
        raise ImageRefused(_("That file is not a picture we can show."))
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels()
    plan = _plan(image, box, output)
    image.load()
    shrunk = _shrunk(image, plan)
    if plan.turn is not None:
        shrunk = shrunk.transpose(plan.turn)
    if output == "RGB or RGBA":
        output = "RGB"
        if shrunk.mode in _ALPHA_MODES:
            shrunk = shrunk.convert("RGBA")
            if shrunk.getchannel("A").getextrema()[0] != 255:
                output = "RGBA"  # some pixel shows through
    cleaned = shrunk.convert(output)
    cleaned.info = {}  # Pillow would write the original's colour profile or comment again
    return cleaned


def _plan(image: Image.Image, box: tuple[int, int], output: _Output) -> _Plan:
    """Set the JPEG decoder's scale and work out the rest; refuse what needs too much memory."""
    # The file's own word before its pixels: a PNG's getexif() would decode them first,
    # and PNG puts its eXIf chunk before the image data.
    turn = _TURNS.get(Image.Image.getexif(image).get(ExifTags.Base.Orientation, 1))
    if turn in _QUARTER_TURNS:
        box = (box[1], box[0])  # shown turned a quarter: the box as the stored pixels see it
    size = _fitted(image.size, box)
    original = image.size
    drafted = image.draft(None, size)  # JPEG only: decode at 1/2, 1/4 or 1/8, still >= size
    extent: tuple[float, float] = drafted[1][2:] if drafted is not None else original
    factor = max(1, int(min(extent[0] / size[0], extent[1] / size[1])))
    has_alpha = image.mode in _ALPHA_MODES or "transparency" in image.info
    if output != "RGB" and has_alpha:
        working = "RGBa"  # premultiplied, so shrinking blends only what is visible
    elif image.mode in ("1", "L"):
        working = "L"
    else:
        working = "RGB"
    width, height = image.size  # what load() will decode, after the draft
    decoded = width * height * _pixel_bytes(image.mode)
    copied = factor > 1 or image.mode != working
    working_copy = -(-width // factor) * -(-height // factor) * _pixel_bytes(working)
    if decoded + (working_copy if copied else 0) > MAX_DECODED_BYTES:
        raise _too_many_pixels()
    return _Plan(size=size, extent=extent, factor=factor, working=working, turn=turn)


def _shrunk(image: Image.Image, plan: _Plan) -> Image.Image:
    """The picture in the working mode at the planned size. It is reduced by a whole factor
    (each block of factor x factor pixels averaged) a band of rows at a time, each band
    converted to the working mode on its own, so no full-size copy of it is ever made; only
    the reduced picture is resampled."""
    factor = plan.factor
    if factor == 1 and image.mode == plan.working:
        reduced = image
    else:
        width, height = image.size
        reduced = Image.new(plan.working, (-(-width // factor), -(-height // factor)))
        rows = max(1, _BAND_ROWS // factor) * factor
        for top in range(0, height, rows):
            band = _converted(image.crop((0, top, width, min(top + rows, height))), plan.working)
            reduced.paste(band.reduce(factor) if factor > 1 else band, (0, top // factor))
    extent = (0.0, 0.0, plan.extent[0] / factor, plan.extent[1] / factor)
    if reduced.size == plan.size and extent[2:] == reduced.size:
        return reduced
    return reduced.resize(plan.size, Image.Resampling.LANCZOS, box=extent)


def _converted(band: Image.Image, mode: str) -> Image.Image:
    if band.mode == mode:
        return band
    if (mode == "RGBa" and band.mode != "RGBA") or (
        band.mode == "P" and "transparency" in band.info
    ):
        # Pillow premultiplies only from RGBA (and warns turning a palette with
        # transparency straight into RGB).
        band = band.convert("RGBA")
    return band.convert(mode)


def _fitted(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The size Image.thumbnail() gives: within box, aspect kept, never enlarged."""
    width, height = size
    x, y = box
    if x >= width and y >= height:
        return size
    aspect = width / height

    def rounded(number: float, error: Callable[[int], float]) -> int:
        return max(min(math.floor(number), math.ceil(number), key=error), 1)

    if x / y >= aspect:
        return rounded(y * aspect, lambda n: abs(aspect - n / y)), y
    return x, rounded(x / aspect, lambda n: 0 if n == 0 else abs(aspect - x / n))


def _pixel_bytes(mode: str) -> int:
    return _PIXEL_BYTES.get(mode, 4)
