"""Damaged bytes of every accepted format are imported or refused, never a crash."""
from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw

from checklists.common.errors import PhotoRejected
from storage.photos import process_photo


def sample(fmt: str, **options) -> bytes:
    im = Image.new("RGB", (96, 64), (30, 120, 200))
    ImageDraw.Draw(im).ellipse((10, 10, 60, 50), fill=(250, 200, 0))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 14.0, 5.5), 3: "E", 4: (121.0, 28.0, 1.0)})
    out = io.BytesIO()
    im.save(out, fmt, exif=exif, **options) if fmt in ("JPEG", "PNG", "WEBP", "TIFF") else im.save(out, fmt)
    return out.getvalue()


def damaged(data: bytes, rng: random.Random) -> bytes:
    copy = bytearray(data)
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 6)):
            copy[rng.randrange(len(copy))] = rng.randrange(256)
        return bytes(copy)
    return bytes(copy[: rng.randrange(1, len(copy))])


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns about the EXIF tags it skips
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF", "GIF", "BMP"])
def test_damaged_files_are_imported_or_refused(fmt):
    rng = random.Random(fmt)
    good = sample(fmt)
    outcomes = set()
    for _ in range(40):
        try:
            process_photo(damaged(good, rng), f"damaged.{fmt.lower()}")
            outcomes.add("imported")
        except PhotoRejected as refused:
            assert "damaged." in str(refused)
            outcomes.add("refused")
    assert "refused" in outcomes  # the damage was real enough to be noticed


def test_undamaged_samples_import_with_their_gps():
    photo = process_photo(sample("JPEG"), "ok.jpg")
    assert photo.orientation == 6 and (photo.width, photo.height) == (64, 96)
    assert photo.gps == pytest.approx((31.2348611, 121.4669444), abs=1e-6)
