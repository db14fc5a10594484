"""Cleaning pictures: what is kept, what is refused, and what it may cost the server."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image

from exercises import images

ROOT = Path(__file__).resolve().parents[2]
TOO_MANY_PIXELS = "The picture has too many pixels."
DAMAGED = "That file is not a picture, or it is damaged. Try another one."


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def upload(data: bytes, name: str = "picture") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def photo(width: int = 3000, height: int = 2000) -> SimpleUploadedFile:
    return upload(encoded(Image.new("RGB", (width, height), (200, 40, 40)), "JPEG"), "t.jpg")


def opened(data) -> tuple[str | None, str, tuple[int, int]]:
    with Image.open(data if hasattr(data, "read") else io.BytesIO(data)) as kept:
        return kept.format, kept.mode, kept.size


def refusal(clean, data) -> str:
    with pytest.raises(images.ImageRefused) as error:
        clean(data)
    return str(error.value)


# What a picture may cost -------------------------------------------------------------------

MEASURE_ONE_CLEANING = """
import sys
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from exercises.images import clean_photo

def peak_kb():  # this process's own peak: ru_maxrss would count its parent's size at fork
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

data = sys.stdin.buffer.read()
before = peak_kb()
cleaned = clean_photo(SimpleUploadedFile("bomb.png", data))
after = peak_kb()
with Image.open(cleaned) as kept:
    print(kept.size[0], kept.size[1], (after - before) // 1024)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_a_one_bit_png_of_7000x7000_pixels_is_shrunk_without_a_full_size_colour_copy():
    # 6 kB on the wire, 49 Mpx: under MAX_PIXELS. Converted to RGB at full size, as
    # before, it held about 270 MB; shrunk in grey first it holds the 49 MB decoded.
    bomb = encoded(Image.new("1", (7000, 7000)), "PNG")
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE_ONE_CLEANING],
        input=bomb,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
    )
    width, height, peak_mb = map(int, measured.stdout.split())

    assert (len(bomb) < 10_000, (width, height), peak_mb < 100) == (True, (1600, 1600), True)


def test_a_6000x4000_jpeg_is_decoded_at_a_fraction_and_kept_where_a_png_that_size_is_refused():
    # Both would hold 96 MB decoded whole, more than MAX_DECODED_BYTES allows; the JPEG
    # is decoded straight at half its size (3000x2000, still more than 1600 wide).
    big_png = upload(encoded(Image.new("RGB", (6000, 4000), (30, 90, 160)), "PNG"), "p.png")

    assert (
        refusal(images.clean_photo, big_png),
        opened(images.clean_photo(photo(6000, 4000))),
    ) == (TOO_MANY_PIXELS, ("JPEG", "RGB", (1600, 1067)))


# What is kept ------------------------------------------------------------------------------


def test_a_drawing_from_a_phone_canvas_keeps_its_transparency_and_nothing_else_of_the_file():
    canvas = Image.new("RGBA", (2000, 2000), (0, 0, 0, 0))
    canvas.paste((20, 20, 200, 255), (500, 500, 1500, 1500))
    drawing = upload(encoded(canvas, "PNG", icc_profile=b"a hidden payload"), "d.png")

    cleaned = images.clean_drawing(drawing)

    with Image.open(cleaned) as kept:
        assert (
            kept.format,
            kept.mode,
            kept.size,
            kept.getpixel((10, 10)),
            kept.getpixel((400, 400)),
            "icc_profile" in kept.info,
        ) == ("PNG", "RGBA", (800, 800), (0, 0, 0, 0), (20, 20, 200, 255), False)


def test_a_photo_is_turned_upright_and_keeps_no_comment_of_the_file():
    stored = Image.new("RGB", (3000, 2000), (250, 250, 250))
    stored.paste((220, 0, 0), (0, 0, 300, 300))  # a red corner, top left as stored
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned a quarter clockwise
    data = encoded(stored, "JPEG", exif=exif, comment=b"a hidden payload")

    cleaned = images.clean_photo(upload(data, "t.jpg"))

    with Image.open(cleaned) as kept:
        corner = kept.getpixel((kept.width - 20, 20))  # top right, now that it is upright
        assert (kept.size, corner[0] > 200 and corner[1] < 40, "comment" in kept.info) == (
            (1067, 1600),
            True,
            False,
        )


# How many at a time -------------------------------------------------------------------------


class WatchedSlots(threading.BoundedSemaphore):
    """Cleaning slots that tell when someone finds them all taken and waits."""

    def __init__(self, value: int) -> None:
        super().__init__(value)
        self.someone_waits = threading.Event()

    def acquire(self, blocking: bool = True, timeout: float | None = None) -> bool:
        if super().acquire(blocking=False):
            return True
        self.someone_waits.set()
        return super().acquire(blocking, timeout)


def test_a_picture_waits_while_every_cleaning_slot_is_taken_and_is_cleaned_when_one_frees(
    monkeypatch,
):
    slots = WatchedSlots(images.MAX_CLEANING_AT_ONCE)
    monkeypatch.setattr(images, "CLEANING", slots)
    for _ in range(images.MAX_CLEANING_AT_ONCE):
        slots.acquire()
    kept = []
    finished = threading.Event()

    def clean() -> None:
        kept.append(opened(images.clean_photo(photo())))
        finished.set()

    worker = threading.Thread(target=clean)
    worker.start()
    try:
        waited = slots.someone_waits.wait(timeout=10)
        finished_while_taken = finished.is_set()
    finally:
        slots.release()
        worker.join(timeout=10)
        for _ in range(images.MAX_CLEANING_AT_ONCE - 1):
            slots.release()

    assert (images.MAX_CLEANING_AT_ONCE, waited, finished_while_taken, kept) == (
        2,
        True,
        False,
        [("JPEG", "RGB", (1600, 1067))],
    )


def test_a_picture_is_refused_as_busy_when_no_slot_frees_in_time(monkeypatch):
    monkeypatch.setattr(images, "BUSY_WAIT_SECONDS", 0.0)
    taken = 0
    try:
        for _ in range(images.MAX_CLEANING_AT_ONCE):
            images.CLEANING.acquire()
            taken += 1
        message = refusal(images.clean_photo, photo())
    finally:
        for _ in range(taken):
            images.CLEANING.release()

    assert (message, opened(images.clean_photo(photo()))) == (
        "The server is busy, try again in a moment.",
        ("JPEG", "RGB", (1600, 1067)),
    )


# Pictures for slides -----------------------------------------------------------------------


def test_a_wide_slide_picture_comes_back_as_a_png_1920_wide():
    data = encoded(Image.new("RGB", (3000, 1500), (30, 90, 160)), "PNG")

    assert opened(images.clean_slide_image(data)) == ("PNG", "RGB", (1920, 960))


def test_a_slide_jpeg_comes_back_as_a_png_of_its_own_size_never_enlarged():
    data = encoded(Image.new("RGB", (1200, 800), (30, 90, 160)), "JPEG")

    assert opened(images.clean_slide_image(data)) == ("PNG", "RGB", (1200, 800))


def test_a_slide_picture_keeps_transparency_only_where_it_has_some():
    see_through = Image.new("RGBA", (3840, 2160), (30, 90, 160, 255))
    see_through.paste((0, 0, 0, 0), (0, 0, 400, 400))
    opaque = Image.new("RGBA", (3840, 2160), (30, 90, 160, 255))

    kept = images.clean_slide_image(encoded(see_through, "PNG"))

    with Image.open(io.BytesIO(kept)) as shown:
        corner = shown.getpixel((10, 10))
    assert (
        opened(kept),
        corner,
        opened(images.clean_slide_image(encoded(opaque, "PNG"))),
    ) == (("PNG", "RGBA", (1920, 1080)), (0, 0, 0, 0), ("PNG", "RGB", (1920, 1080)))


def test_a_tall_slide_page_keeps_its_height_up_to_four_widths():
    a4_page = encoded(Image.new("RGB", (1920, 2715), "white"), "PNG")
    strip = encoded(Image.new("L", (2400, 12000), 255), "PNG")  # a scan: 29 MB decoded

    assert (
        opened(images.clean_slide_image(a4_page)),
        opened(images.clean_slide_image(strip)),
    ) == (("PNG", "RGB", (1920, 2715)), ("PNG", "RGB", (1536, 7680)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"<!doctype html><script>alert(1)</script>", DAMAGED, id="html-named-png"),
        pytest.param(
            encoded(Image.new("RGB", (1920, 1080), (30, 90, 160)), "PNG")[:400],
            DAMAGED,
            id="truncated",
        ),
        pytest.param(encoded(Image.new("1", (12_000, 12_000)), "PNG"), TOO_MANY_PIXELS, id="bomb"),
        pytest.param(
            encoded(Image.new("RGB", (6000, 4000)), "PNG"), TOO_MANY_PIXELS, id="too-big-to-decode"
        ),
        pytest.param(
            encoded(Image.new("RGB", (64, 64)), "TIFF"),
            "That file is not a picture we can show.",
            id="tiff",
        ),
    ],
)
def test_a_slide_file_that_is_not_a_whole_picture_we_show_is_refused(data, message):
    assert refusal(images.clean_slide_image, data) == message
