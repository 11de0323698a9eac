"""A photo's print rendition: the size it prints at in a document's photo annex.

Made when a photo is imported (``storage.photos.process_photo``) and stored beside
it (``storage.photo_store``), so that issuing a document decodes no photo; made
when printing for a photo stored without one (``export.pdf.photos.prescale``).
Apart from ``storage.photos`` so that printing imports no drawing code.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image

# The print rendition: the size a photo prints at in a document's photo annex (a box
# of 72 x 60 mm, in points; reportlab's mm) at PRINT_DPI.  170 dpi is finer than a
# laser printer's halftone screen, and lets a 2048 px normal photo decode at 1/4 DCT
# scale (512 px) instead of 1/2.  Made once when a photo is imported, so issuing a
# document does not decode the photos (export/pdf/photos.py).
PRINT_DPI = 170
PRINT_SLACK = 1.25  # a decoded draft up to this much larger than needed is kept as is
_MM = 72.0 / 2.54 * 0.1  # points per millimetre, as reportlab.lib.units.mm
PRINT_BOX = (72 * _MM, 60 * _MM)
PRINT_QUALITY = 85


@dataclass(frozen=True)
class PrintPhoto:
    """A photo at its print size: JPEG bytes and their size in pixels."""

    jpeg: bytes = field(repr=False)
    width: int
    height: int


def print_rendition(jpeg: bytes, box_w: float = PRINT_BOX[0], box_h: float = PRINT_BOX[1],
                    dpi: int = PRINT_DPI) -> PrintPhoto:
    """``jpeg`` (any picture Pillow reads) upright, scaled to fit ``box_w`` x ``box_h``
    points at ``dpi`` and re-encoded; a picture already about that size is kept as
    it is.  OSError (or UnidentifiedImageError) for bytes that are no picture."""
    from PIL import ImageOps  # only here: issuing a document with stored renditions needs none

    with Image.open(io.BytesIO(jpeg)) as img:
        need = print_pixels(img.size, box_w, box_h, dpi)
        upright = img.format == "JPEG" and img.getexif().get(ORIENTATION_TAG, 1) == 1
        if upright and img.mode in ("RGB", "L") and img.size[0] <= need[0] * PRINT_SLACK:
            return PrintPhoto(jpeg, *img.size)
        img.draft("RGB", need)  # JPEG: decode at the smallest 1/2..1/8 scale still >= need
        img = ImageOps.exif_transpose(img).convert("RGB")
    need = print_pixels(img.size, box_w, box_h, dpi)
    if img.size[0] > need[0] * PRINT_SLACK:
        img = img.resize(need, Image.Resampling.LANCZOS, reducing_gap=2.0)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=PRINT_QUALITY, optimize=False)
    return PrintPhoto(out.getvalue(), *img.size)


ORIENTATION_TAG = 0x0112


def print_pixels(size: tuple[int, int], box_w: float, box_h: float, dpi: int) -> tuple[int, int]:
    """Pixels of an image of ``size`` printed to fit the box at ``dpi``."""
    scale = min(box_w / size[0], box_h / size[1]) / 72 * dpi
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))
