"""Red annotations drawn on a copy of a normalised photo."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from checklists.common.errors import InvalidInput, PhotoRejected
from storage.photos import Arrow, Circle, Text, annotate


def grey_jpeg(size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (128, 128, 128)).save(out, "JPEG", quality=90)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def is_red(pixel) -> bool:
    r, g, b = pixel  # JPEG chroma subsampling softens thin red lines on grey
    return r > 140 and r - g > 80 and r - b > 80


def red_share(im: Image.Image, box) -> float:
    region = im.crop(box)
    reds = sum(1 for y in range(region.height) for x in range(region.width) if is_red(region.getpixel((x, y))))
    return reds / (region.width * region.height)


def test_circle_is_drawn_in_red_where_asked():
    base = grey_jpeg()
    result = opened(annotate(base, [Circle(0.5, 0.5, 0.1)]))  # radius 80 px on an 800 px wide photo
    assert result.size == (800, 600) and result.format == "JPEG"
    assert is_red(result.getpixel((478, 300)))  # on the ring (right edge)
    assert is_red(result.getpixel((400, 222)))  # top edge
    assert not is_red(result.getpixel((400, 300)))  # centre stays as it was
    assert not is_red(result.getpixel((100, 100)))


def test_arrow_has_a_shaft_and_a_head_at_its_end():
    result = opened(annotate(grey_jpeg(), [Arrow(0.1, 0.5, 0.6, 0.5)]))
    assert is_red(result.getpixel((200, 300)))  # shaft
    assert is_red(result.getpixel((470, 300)))  # head, near the tip at x=480
    assert red_share(result, (440, 280, 470, 320)) > red_share(result, (200, 280, 230, 320))  # head is wider
    assert not is_red(result.getpixel((600, 300)))  # nothing beyond the tip


def test_chinese_text_is_rendered_with_real_glyphs():
    first = opened(annotate(grey_jpeg(), [Text(0.1, 0.1, "安全出口堵塞", 0.08)]))
    second = opened(annotate(grey_jpeg(), [Text(0.1, 0.1, "灭火器过期", 0.08)]))
    assert red_share(first, (60, 40, 500, 120)) > 0.05
    # missing glyphs would draw identical boxes for different characters
    assert ImageStat.Stat(ImageChops.difference(first, second).convert("L")).mean[0] > 1


def test_original_bytes_are_kept_and_a_new_photo_returned():
    base = grey_jpeg()
    copy = bytes(base)
    result = annotate(base, [Circle(0.2, 0.2, 0.05), Text(0.5, 0.5, "隐患")])
    assert base == copy
    assert result != base


def test_no_shapes_gives_the_same_picture():
    result = opened(annotate(grey_jpeg(), []))
    assert ImageStat.Stat(result.convert("L")).mean[0] == pytest.approx(128, abs=2)


@pytest.mark.parametrize("make", [
    lambda: Arrow(0.1, 0.1, 1.5, 0.5),
    lambda: Circle(0.5, -0.1, 0.1),
    lambda: Circle(0.5, 0.5, 0.0),
    lambda: Text(0.5, 0.5, "   "),
    lambda: Text(0.5, 0.5, "字", size=float("nan")),
])
def test_shapes_outside_the_photo_are_invalid(make):
    with pytest.raises(InvalidInput):
        make()


def test_annotating_something_that_is_not_a_jpeg_is_refused():
    with pytest.raises(PhotoRejected, match="标注"):
        annotate(b"not a picture", [Circle(0.5, 0.5, 0.1)])
