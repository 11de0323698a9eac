"""Photo ingest on real camera files and on pictures generated with Pillow."""
from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFile, ImageStat

from checklists.common.errors import PhotoRejected
from storage.photos import (
    MAX_PIXELS,
    NORMAL_LONG_SIDE,
    THUMB_LONG_SIDE,
    jpeg_stream_problem,
    parse_exif_datetime,
    process_file,
    process_photo,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
PHOTOS = REPO_ROOT.parent / "shared" / "testdata" / "photos"
JPG = PHOTOS / "jpg"

needs_photos = pytest.mark.skipif(not PHOTOS.is_dir(), reason="shared test photos not present")


def opened(jpeg: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(jpeg))
    im.load()
    return im


def signature(im: Image.Image) -> Image.Image:
    return im.convert("L").resize((16, 16), Image.Resampling.BOX)


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return ImageStat.Stat(ImageChops.difference(signature(a), signature(b))).mean[0]


def jpeg_bytes(im: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG", **options)
    return out.getvalue()


def png_bytes(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def scene(size=(640, 480), mode="RGB") -> Image.Image:
    """A picture with an unmistakable top-left corner so turns and flips show."""
    im = Image.new("RGB", size, (40, 90, 160))
    draw = ImageDraw.Draw(im)
    w, h = size
    draw.rectangle((0, 0, w // 3, h // 3), fill=(250, 220, 30))
    draw.ellipse((w // 2, h // 2, w - 10, h - 10), fill=(200, 30, 30))
    return im.convert(mode) if mode != "RGB" else im


def assert_rejected(data: bytes, name: str, *words: str) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as caught:
        process_photo(data, name)
    text = str(caught.value)
    assert name in text
    for word in words:
        assert word in text
    assert caught.value.hint, "a refusal says what to do"
    return caught.value


# ---------------------------------------------------------------------------
# Real camera files


SAME_SHAPE_TURNS = (
    Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.FLIP_TOP_BOTTOM, Image.Transpose.ROTATE_180,
)


@needs_photos
@pytest.mark.parametrize("kind", ["landscape", "portrait"])
def test_all_eight_orientations_come_out_upright(kind):
    # Samples 2-8 are one picture (with its number drawn in); sample 1 is a brighter
    # edit of it, so it is matched by "closer than any other way up" instead.
    results = [opened(process_file(JPG / "orientation" / f"{kind}_{v}.jpg").normal) for v in range(1, 9)]
    first, second = results[0], results[1]
    for value, result in enumerate(results, start=1):
        assert result.size == first.size
        assert (result.width > result.height) == (kind == "landscape")
        if value > 1:
            assert mean_difference(result, second) < 3, f"{kind}_{value} is not upright"
    upright = mean_difference(second, first)
    for turn in SAME_SHAPE_TURNS:
        assert upright + 5 < mean_difference(second.transpose(turn), first)


@needs_photos
def test_orientation_values_are_reported():
    for value in range(1, 9):
        assert process_file(JPG / "orientation" / f"portrait_{value}.jpg").orientation == value


@needs_photos
def test_orientation_check_would_notice_a_picture_left_as_stored():
    upright = opened(process_file(JPG / "orientation" / "landscape_2.jpg").normal)
    stored = Image.open(JPG / "orientation" / "landscape_3.jpg")  # stored upside down
    assert mean_difference(stored, upright) > 20


def raw_gps(path: Path) -> tuple[float, float]:
    gps = Image.open(path).getexif().get_ifd(0x8825)

    def decimal(parts, ref, negative):
        value = sum(float(p) / 60**i for i, p in enumerate(parts))
        return -value if ref == negative else value

    return decimal(gps[2], gps[1], "S"), decimal(gps[4], gps[3], "W")


@needs_photos
@pytest.mark.parametrize("name", ["DSCN0010.jpg", "DSCN0012.jpg", "DSCN0021.jpg"])
def test_gps_position_is_read_in_decimal_degrees(name):
    photo = process_file(JPG / "gps" / name)
    assert photo.gps is not None
    lat, lon = photo.gps
    assert 43.0 < lat < 44.0 and 11.5 < lon < 12.0  # near Arezzo, Italy
    expected = raw_gps(JPG / "gps" / name)
    assert lat == pytest.approx(expected[0], abs=1e-6)
    assert lon == pytest.approx(expected[1], abs=1e-6)


@needs_photos
def test_taken_at_comes_from_date_time_original():
    photo = process_file(JPG / "Canon_40D.jpg")
    assert photo.taken_at == "2008-05-30T15:56:01"
    assert photo.gps is None
    assert photo.mime == "image/jpeg"
    assert photo.original_name == "Canon_40D.jpg"


@needs_photos
def test_photo_without_exif_has_no_facts():
    photo = process_file(JPG / "orientation" / "landscape_1.jpg")
    assert photo.taken_at is None and photo.gps is None


def malformed_exif_files() -> list[Path]:
    if not PHOTOS.is_dir():
        return []
    return sorted(p for folder in ("invalid", "tests") for p in (JPG / folder).iterdir() if p.suffix.lower() in (".jpg", ".jpeg"))


@needs_photos
@pytest.mark.parametrize("path", malformed_exif_files(), ids=lambda p: p.name)
def test_malformed_exif_imports_or_is_refused_cleanly(path):
    try:
        photo = process_file(path)
    except PhotoRejected as refused:
        assert path.name in str(refused)
        return
    assert max(opened(photo.normal).size) <= NORMAL_LONG_SIDE
    assert photo.gps is None or (-90 <= photo.gps[0] <= 90 and -180 <= photo.gps[1] <= 180)


@needs_photos
def test_corrupted_camera_file_is_refused():
    data = (JPG / "corrupted.jpg").read_bytes()
    assert_rejected(data, "corrupted.jpg", "损坏")


@needs_photos
def test_truncated_copy_of_a_real_photo_is_refused():
    data = (JPG / "mobile" / "jolla.jpg").read_bytes()
    assert_rejected(data[: len(data) * 2 // 3], "jolla.jpg", "损坏")


@needs_photos
def test_big_phone_photo_is_capped_and_thumbnailed():
    photo = process_file(JPG / "mobile" / "jolla.jpg")
    normal, thumb = opened(photo.normal), opened(photo.thumb)
    assert max(normal.size) == NORMAL_LONG_SIDE
    assert (photo.width, photo.height) == normal.size
    assert max(thumb.size) == THUMB_LONG_SIDE
    assert normal.mode == thumb.mode == "RGB"
    assert not normal.getexif(), "EXIF is stripped from the normalised copy"


@needs_photos
def test_tiff_is_accepted():
    photo = process_file(PHOTOS / "tiff" / "Arbitro.tiff")
    assert photo.mime == "image/tiff"
    assert opened(photo.normal).mode == "RGB"


@needs_photos
@pytest.mark.parametrize("name", ["IMG_5195.HEIC", "mobile/iphone_13_pro_max.HEIC"])
def test_heic_phone_photo_imports(name):
    photo = process_file(PHOTOS / "heic" / name)
    normal = opened(photo.normal)
    assert photo.mime == "image/heic"
    assert normal.format == "JPEG" and normal.mode == "RGB"
    assert max(normal.size) == NORMAL_LONG_SIDE
    assert normal.height > normal.width  # both are portrait phone shots
    assert photo.taken_at and photo.taken_at.startswith("20")


# ---------------------------------------------------------------------------
# Generated pictures


def test_result_describes_the_bytes():
    data = jpeg_bytes(scene())
    photo = process_photo(data, "scene.jpg")
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.original == data
    assert photo.normal_sha256 == hashlib.sha256(photo.normal).hexdigest()
    assert process_photo(data, "again.jpg").normal_sha256 == photo.normal_sha256
    assert (photo.width, photo.height) == (640, 480)
    assert photo.orientation == 1


@pytest.mark.parametrize(("size", "normal", "thumb"), [
    ((4000, 3000), (2000, 1500), (320, 240)),  # DCT-scaled to half, within 5% of the cap
    ((5000, 2500), (2048, 1024), (320, 160)),
    ((1200, 2600), (945, 2048), (148, 320)),
    ((300, 200), (300, 200), (300, 200)),  # never enlarged
])
def test_long_side_limits(size, normal, thumb):
    photo = process_photo(jpeg_bytes(scene(size), quality=80), "big.jpg")
    assert opened(photo.normal).size == normal
    assert opened(photo.thumb).size == thumb


def test_orientation_six_turns_a_wide_jpeg_upright():
    upright = scene((1600, 1200))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what a camera held sideways writes
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = process_photo(jpeg_bytes(stored, exif=exif), "side.jpg")
    result = opened(photo.normal)
    assert photo.orientation == 6
    assert result.size == (1600, 1200)
    assert mean_difference(result, upright) < 8


@pytest.mark.parametrize("orientation", [5, 6, 7, 8])
def test_cap_applies_to_the_turned_picture(orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    photo = process_photo(jpeg_bytes(scene((4400, 2200)), quality=70, exif=exif), "big.jpg")
    assert opened(photo.normal).size == (1024, 2048)  # stored wide, shown tall
    assert opened(photo.thumb).size == (160, 320)


def test_cmyk_jpeg_becomes_rgb():
    photo = process_photo(jpeg_bytes(scene(mode="CMYK")), "print.jpg")
    result = opened(photo.normal)
    assert result.mode == "RGB"
    assert mean_difference(result, scene()) < 12


def test_sixteen_bit_png_keeps_its_brightness():
    grey = Image.new("I;16", (64, 48), 32768)  # mid grey in 16 bits
    photo = process_photo(png_bytes(grey), "scan.png")
    result = opened(photo.normal)
    assert photo.mime == "image/png"
    assert result.mode == "RGB"
    assert 120 <= ImageStat.Stat(result.convert("L")).mean[0] <= 136


def test_palette_png_with_transparency_is_flattened_on_white():
    im = Image.new("P", (50, 50), 0)
    im.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    ImageDraw.Draw(im).rectangle((0, 0, 24, 49), fill=1)
    im.info["transparency"] = 0
    result = opened(process_photo(png_bytes(im), "sign.png").normal)
    assert result.mode == "RGB"
    assert result.getpixel((40, 25))[0] > 240 and result.getpixel((40, 25))[1] > 240  # transparent -> white
    assert result.getpixel((10, 25))[0] > 200 and result.getpixel((10, 25))[1] < 60  # red stays red


@pytest.mark.parametrize("mode", ["RGBA", "LA"])
def test_alpha_is_flattened_on_white(mode):
    im = Image.new(mode, (40, 40), (0, 0, 0, 0) if mode == "RGBA" else (0, 0))
    ImageDraw.Draw(im).rectangle((0, 0, 19, 39), fill=(0, 0, 0, 255) if mode == "RGBA" else (0, 255))
    result = opened(process_photo(png_bytes(im), "overlay.png").normal)
    assert result.mode == "RGB"
    assert min(result.getpixel((30, 20))) > 240
    assert max(result.getpixel((8, 20))) < 20


@pytest.mark.parametrize("mode", ["L", "1", "P"])
def test_other_modes_become_rgb(mode):
    photo = process_photo(png_bytes(scene((100, 80)).convert(mode)), f"{mode}.png")
    assert opened(photo.normal).mode == "RGB"


def test_webp_and_gif_are_accepted():
    for fmt in ("WEBP", "GIF"):
        out = io.BytesIO()
        scene((120, 90)).save(out, fmt)
        photo = process_photo(out.getvalue(), f"x.{fmt.lower()}")
        assert opened(photo.normal).size == (120, 90)


def test_progressive_and_restart_marker_jpegs_are_not_mistaken_for_damage():
    for options in ({"progressive": True}, {"restart_marker_blocks": 4}, {"optimize": True}):
        data = jpeg_bytes(scene(), **options)
        assert jpeg_stream_problem(data) is None, options
        process_photo(data, "fine.jpg")


def test_damaged_scan_data_is_refused():
    data = bytearray(jpeg_bytes(scene(), restart_marker_blocks=4))
    middle = len(data) // 2
    data[middle : middle + 4000] = b"\xff" * 4000
    assert_rejected(bytes(data), "damaged.jpg", "损坏")


def test_empty_file_is_refused():
    assert_rejected(b"", "empty.jpg", "为空")


def test_text_file_is_refused():
    error = assert_rejected("现场检查记录\n".encode() * 20, "notes.pdf", "不是图片")
    assert "JPEG" in error.hint


def test_eps_is_not_opened():
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    assert_rejected(eps, "drawing.eps", "不是图片")


def test_truncated_png_is_refused():
    data = png_bytes(scene())
    assert_rejected(data[: len(data) // 2], "half.png", "损坏")


def bomb_png(width: int, height: int) -> bytes:
    """A PNG header claiming a huge picture, with a token of image data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")


def test_decompression_bomb_is_refused_from_its_header():
    assert MAX_PIXELS < 9000 * 9000
    # "过大" rather than "损坏": refused before the (token) image data is decoded
    assert_rejected(bomb_png(9000, 9000), "bomb.png", "过大", "9000×9000")
    assert_rejected(bomb_png(30000, 30000), "bigger.png", "过大")


def test_pillow_globals_are_left_alone():
    limit = Image.MAX_IMAGE_PIXELS
    with pytest.raises(PhotoRejected):
        process_photo(bomb_png(9000, 9000), "bomb.png")
    process_photo(jpeg_bytes(scene()), "ok.jpg")
    assert limit == Image.MAX_IMAGE_PIXELS
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_unreadable_path_is_refused(tmp_path):
    with pytest.raises(PhotoRejected, match="无法读取"):
        process_file(tmp_path / "missing.jpg")
    with pytest.raises(PhotoRejected, match="无法读取"):
        process_file(tmp_path)


def test_process_file_uses_the_file_name(tmp_path):
    path = tmp_path / "现场 1.jpg"
    path.write_bytes(jpeg_bytes(scene()))
    assert process_file(path).original_name == "现场 1.jpg"


@pytest.mark.parametrize(("raw", "expected"), [
    ("2008:05:30 15:56:01", "2008-05-30T15:56:01"),
    (b"2008:05:30 15:56:01\x00", "2008-05-30T15:56:01"),
    ("2021:04:11 15:47:53.123+08:00", "2021-04-11T15:47:53"),
    ("0000:00:00 00:00:00", None),
    ("    :  :     :  :  ", None),
    ("", None),
    (20080530, None),
    (None, None),
])
def test_exif_dates(raw, expected):
    assert parse_exif_datetime(raw) == expected


def test_malformed_gps_is_ignored_but_the_photo_imports():
    exif = Image.Exif()
    exif[0x0132] = "2024:03:01 09:30:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "Q", (31.0, 14.0, 0.0)  # no such hemisphere
    gps[3], gps[4] = "E", (121.0, 28.0, 0.0)
    photo = process_photo(jpeg_bytes(scene(), exif=exif), "gps.jpg")
    assert photo.gps is None
    assert photo.taken_at == "2024-03-01T09:30:00"


def test_southern_and_western_positions_are_negative():
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (33.0, 51.0, 36.0)
    gps[3], gps[4] = "W", (70.0, 39.0, 0.0)
    photo = process_photo(jpeg_bytes(scene(), exif=exif), "santiago.jpg")
    assert photo.gps == pytest.approx((-33.86, -70.65), abs=1e-4)
