"""Red annotations drawn on a copy of a normalised photo."""
from __future__ import annotations

import io
import math

import pytest
from PIL import Image, ImageChops, ImageStat

from checklists.common.errors import InvalidInput, PhotoRejected
from storage.photos import Arrow, Circle, Text, annotate, arrow_geometry


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


def test_arrowhead_is_a_filled_triangle_aligned_with_the_shaft():
    x1, y1, x2, y2 = 100.0, 500.0, 600.0, 100.0
    shaft_end, (tip, left, right) = arrow_geometry(x1, y1, x2, y2, 8, 60)
    assert tip == (x2, y2)
    axis = (x2 - x1, y2 - y1)
    base = ((left[0] + right[0]) / 2, (left[1] + right[1]) / 2)
    along = (tip[0] - base[0], tip[1] - base[1])
    assert abs(axis[0] * along[1] - axis[1] * along[0]) < 1e-6  # the head points along the shaft
    assert math.dist(base, tip) == pytest.approx(60)
    assert math.dist(left, base) == pytest.approx(math.dist(right, base))  # symmetric
    # the shaft ends inside the head, on the same line
    assert math.dist(shaft_end, tip) < 60 and abs(
        axis[0] * (shaft_end[1] - y1) - axis[1] * (shaft_end[0] - x1)) < 1e-6

    result = opened(annotate(grey_jpeg(), [Arrow(0.1, 0.9, 0.8, 0.1)]))
    _, (tip, left, right) = arrow_geometry(80, 540, 640, 60, 4, 0.045 * 800)
    inner = (tip[0] + left[0] + right[0]) / 3, (tip[1] + left[1] + right[1]) / 3
    assert is_red(result.getpixel((round(inner[0]), round(inner[1]))))  # filled, not an outline


def test_an_arrow_shorter_than_its_head_does_not_poke_out_behind():
    shaft_end, (tip, left, right) = arrow_geometry(100, 100, 110, 100, 8, 60)
    assert math.dist(shaft_end, (100, 100)) < 1  # no shaft to speak of: all head
    assert math.dist(tip, ((left[0] + right[0]) / 2, 100)) <= 16  # a head of two line widths at most


@pytest.mark.parametrize("background", [(230, 0, 0), (255, 255, 255), (0, 0, 0), (128, 128, 128)])
def test_text_stays_readable_on_any_background(background):
    out = io.BytesIO()
    Image.new("RGB", (800, 600), background).save(out, "JPEG", quality=95)
    result = opened(annotate(out.getvalue(), [Text(0.1, 0.4, "安全出口堵塞", 0.1)]))
    label = result.crop((85, 245, 430, 295))
    # red letters on a light box, whatever was behind them (red, black or white)
    assert ImageStat.Stat(label.convert("L")).median[0] > 180
    assert red_share(result, (85, 245, 430, 295)) > 0.08
