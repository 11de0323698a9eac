"""Photo ingest: check, normalise and describe one picture, and draw annotations on it.

``process_photo`` turns the bytes of a camera or phone file into a
:class:`ProcessedPhoto`: the untouched original (kept as evidence, addressed by
its SHA-256), a normalised JPEG (EXIF orientation applied, RGB, long side at most
2048 px, metadata stripped), a thumbnail, and the few EXIF facts SiteCheck uses
(time taken, GPS position).  Anything that is not a readable picture raises
:class:`PhotoRejected` with a message the inspector can act on; nothing else
escapes for bad input.

Speed: a JPEG is decoded with libjpeg's DCT scaling (``Image.draft``) straight to
about the size we keep, and the orientation is applied to the small image, never
to the full-size one.  Pillow only, no Qt; the workspace stores what we return.
"""
from __future__ import annotations

import hashlib
import io
import math
import re
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError
from PIL.ExifTags import GPS, IFD, Base

from checklists.common.errors import InvalidInput, PhotoRejected
from checklists.common.messages import Msg
from checklists.common.sizes import format_size

from .printsize import PrintPhoto, print_rendition

NORMAL_LONG_SIDE = 2048
THUMB_LONG_SIDE = 320
NORMAL_QUALITY = 85
THUMB_QUALITY = 80
MAX_PIXELS = 80_000_000  # refuse larger pictures before decoding them (decompression bombs)
# ... and pictures whose decoded pixels would take more memory than this: a small
# file can hold a huge plain picture (an 8900 x 8900 RGBA PNG of 308 KB decodes to
# 317 MB and took 1 GB and 14 s to import).  Checked after a JPEG's DCT scaling.
MAX_DECODED_BYTES = 256 * 1024 * 1024
# Bytes per pixel as Pillow holds a mode in memory: one byte for 1/L/P, two for the
# 16-bit greys, four for everything else (RGB is stored as 4 bytes too).
_PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}
# Pillow resizes these modes with nearest neighbour only, so they are converted to RGB
# before shrinking, at full size (4 more bytes per pixel); all others shrink first.
_CONVERT_FIRST = frozenset({"1", "P", "PA"})
MAX_FILE_BYTES = 256 * 1024 * 1024
# A JPEG may be DCT-scaled to a long side down to this share of NORMAL_LONG_SIDE
# (4000 px -> 2000 px) instead of being decoded in full and resampled: ~2x faster.
DRAFT_SLACK = 0.95
# Only these decoders run on user files (EPS would start Ghostscript, for one).
ACCEPTED_FORMATS = ("JPEG", "MPO", "PNG", "TIFF", "WEBP", "BMP", "GIF", "HEIF")
HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
HEIC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx"})
FONT_PATH = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "NotoSerifSC-Bold.ttf"
ANNOTATION_RED = (230, 0, 0)
ARROW_SPREAD = math.radians(28)   # half the angle at an arrowhead's tip
ARROW_HEAD_SHARE = 0.045          # arrowhead length as a share of the photo's long side
LABEL_OPACITY = 225               # of the white box behind annotation text (of 255)

# EXIF orientation -> the transpose that shows the picture upright (as ImageOps.exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# What Pillow's EXIF parser raises on malformed blocks; such fields are ignored.
_EXIF_ERRORS = (
    OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
    struct.error, SyntaxError, ZeroDivisionError, OverflowError, EOFError, MemoryError,
)
# In JPEG entropy-coded data 0xFF is followed by 0x00 (stuffing), a restart marker or
# more 0xFF fill; anything else ends the scan.
_JPEG_RESTART = re.compile(rb"\xff([\xd0-\xd7])")
_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_HINT_PICK = Msg("请选择 JPEG、PNG 或 HEIC 照片")
_HINT_RECOPY = Msg("请从相机或手机重新复制原始文件后再导入")


@dataclass(frozen=True)
class ProcessedPhoto:
    """One imported picture: the original bytes plus what SiteCheck derives from them."""

    sha256: str
    original: bytes = field(repr=False)
    original_name: str
    mime: str
    normal: bytes = field(repr=False)
    normal_sha256: str
    thumb: bytes = field(repr=False)
    width: int
    height: int
    taken_at: str | None
    gps: tuple[float, float] | None
    orientation: int
    printed: PrintPhoto | None = None  # the print rendition of ``normal``


@dataclass(frozen=True)
class _Meta:
    taken_at: str | None
    gps: tuple[float, float] | None
    orientation_seen: int
    orientation_to_apply: int


# ---------------------------------------------------------------------------
# Ingest


def process_file(path: str | Path) -> ProcessedPhoto:
    """Read a file and process it; unreadable files are refused like bad pictures."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PhotoRejected(
                "文件过大：{name}（{size}，上限 {limit}）",
                hint="照片文件通常不超过 50 MB，请确认选择的是照片",
                name=path.name, size=format_size(size), limit=format_size(MAX_FILE_BYTES))
        data = path.read_bytes()
    except OSError as exc:
        raise PhotoRejected(
            "无法读取文件：{path}（{reason}）",
            hint="请检查文件是否存在、是否有读取权限", path=path, reason=_os_reason(exc),
        ) from exc
    return process_photo(data, path.name)


def _os_reason(exc: OSError) -> Msg:
    """Why a file could not be read, in the user's words (the system's text is English)."""
    if isinstance(exc, FileNotFoundError):
        return Msg("文件不存在")
    if isinstance(exc, PermissionError):
        return Msg("没有读取权限")
    if isinstance(exc, IsADirectoryError):
        return Msg("这是一个文件夹")
    return Msg("读取出错，错误码 {errno}", errno=exc.errno) if exc.errno else Msg("读取出错")


def process_photo(data: bytes, name: str) -> ProcessedPhoto:
    """Check and normalise one picture; raise PhotoRejected if it is not a usable photo."""
    if not data:
        raise PhotoRejected("照片文件为空：{name}（0 字节）", hint=_HINT_RECOPY, name=name)
    # hashlib and Pillow's decoder both release the GIL: hash while decoding.
    with ThreadPoolExecutor(max_workers=1) as pool:
        sha256 = pool.submit(_sha256_hex, data)
        normal, meta, mime, icc = _read_picture(data, name)
    normal_bytes = _encode_jpeg(normal, NORMAL_QUALITY, icc)
    thumb = _fit(normal, THUMB_LONG_SIDE, Image.Resampling.BICUBIC)  # as Image.thumbnail: ample at 320 px
    thumb_bytes = _encode_jpeg(thumb, THUMB_QUALITY, icc)
    return ProcessedPhoto(
        sha256=sha256.result(),
        original=data,
        original_name=name,
        mime=mime,
        normal=normal_bytes,
        normal_sha256=_sha256_hex(normal_bytes),
        thumb=thumb_bytes,
        width=normal.width,
        height=normal.height,
        taken_at=meta.taken_at,
        gps=meta.gps,
        orientation=meta.orientation_seen,
        printed=print_rendition(normal_bytes),
    )


def _read_picture(data: bytes, name: str) -> tuple[Image.Image, _Meta, str, bytes | None]:
    """Check the file, read its EXIF facts and decode it to the upright normal image."""
    with _open_image(data, name) as im:
        _refuse_oversized(im, name)
        if im.format in ("JPEG", "MPO"):
            _refuse_damaged_jpeg(data, name)
            _draft_jpeg(im)
        _refuse_memory_hungry(im, name)  # before the EXIF: reading a PNG's EXIF decodes it
        meta = _read_meta(im)
        icc = im.info.get("icc_profile") if im.mode == "RGB" else None
        normal = _decode_normal(im, name, meta.orientation_to_apply)
        return normal, meta, _mime(im.format, data), icc


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _open_image(data: bytes, name: str) -> Image.Image:
    if _is_heif(data):
        _enable_heif(name)
    Image.init()
    formats = tuple(f for f in ACCEPTED_FORMATS if f in Image.OPEN)
    try:
        return Image.open(io.BytesIO(data), formats=formats)
    except Image.DecompressionBombError as exc:
        raise _too_large(name) from exc
    except UnidentifiedImageError as exc:
        raise PhotoRejected("文件不是图片：{name}（无法识别的图像格式）", hint=_HINT_PICK, name=name) from exc
    except Exception as exc:
        raise _damaged(name) from exc


def _is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


def _enable_heif(name: str) -> None:
    """Register pillow-heif's opener, only once a HEIC/HEIF file is actually offered."""
    try:
        import pillow_heif
    except ImportError as exc:
        raise PhotoRejected(
            "暂不支持 HEIC 照片：{name}（本机缺少 HEIC 解码组件 pillow-heif）",
            hint="请在手机上导出为 JPEG（iPhone：设置 > 相机 > 格式 > 兼容性最佳）后再导入", name=name,
        ) from exc
    pillow_heif.register_heif_opener()


def _refuse_oversized(im: Image.Image, name: str) -> None:
    width, height = im.size
    if width < 1 or height < 1:
        raise _damaged(name, Msg("图像尺寸为 {width}×{height}", width=width, height=height))
    if width * height > MAX_PIXELS:
        raise _too_large(name, Msg("{width}×{height}，约 {pixels:.0f} 百万像素，", width=width, height=height,
                                   pixels=width * height / 1e6))


def _refuse_damaged_jpeg(data: bytes, name: str) -> None:
    """libjpeg only warns about damaged image data (and Pillow hides warnings), so walk it ourselves."""
    problem = jpeg_stream_problem(data)
    if problem:
        raise _damaged(name, problem)


def jpeg_stream_problem(data: bytes) -> str | None:
    """Walk the segments and scans of a JPEG up to its end marker; say what is wrong, or None."""
    pos = 2
    while True:
        while data[pos : pos + 2] == b"\xff\xff":
            pos += 1  # fill bytes before a marker
        if data[pos : pos + 2] == b"\xff\xd9":
            return None
        if data[pos : pos + 1] != b"\xff" or pos + 4 > len(data):
            return Msg("JPEG 数据在第 {pos} 字节处中断或错乱", pos=pos)
        marker = data[pos + 1]
        after = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker == 0xDA:
            end = _JPEG_MARKER.search(data, after)
            if end is None:
                return Msg("JPEG 数据不完整（缺少结束标记）")
            for index, restart in enumerate(_JPEG_RESTART.finditer(data, after, end.start())):
                if restart.group(1)[0] - 0xD0 != index % 8:
                    return Msg("JPEG 图像数据在第 {pos} 字节处错乱", pos=restart.start())
            after = end.start()
        pos = after


def _refuse_memory_hungry(im: Image.Image, name: str) -> None:
    """Refuse a picture whose decoded pixels would exceed MAX_DECODED_BYTES, from its
    header (size and mode) before decoding; call after any draft scaling."""
    width, height = im.size
    need = width * height * (_PIXEL_BYTES.get(im.mode, 4) + 4 * (im.mode in _CONVERT_FIRST))
    if need > MAX_DECODED_BYTES:
        raise PhotoRejected(
            "图片解码后过大：{name}（{width}×{height}，色彩模式 {mode}，解码需约 {need:.0f} MB 内存，上限 {limit} MB）",
            hint="请先缩小图片或导出为普通 JPEG 后再导入", name=name, width=width, height=height,
            mode=im.mode, need=need / 2**20, limit=MAX_DECODED_BYTES // 2**20,
        )


def _too_large(name: str, detail: str = "") -> PhotoRejected:
    return PhotoRejected(
        "图片尺寸过大：{name}（{detail}上限 {limit} 百万像素）",
        hint="请先缩小图片或导出较小的版本后再导入", name=name, detail=detail, limit=MAX_PIXELS // 1_000_000,
    )


def _damaged(name: str, detail: str = "") -> PhotoRejected:
    """The refusal of a damaged picture; ``detail`` is our own words (a decoder's own
    English text stays on the exception's cause, for the log)."""
    if detail:
        return PhotoRejected("图片已损坏或不完整：{name}（{detail}）", hint=_HINT_RECOPY, name=name, detail=detail)
    return PhotoRejected("图片已损坏或不完整：{name}", hint=_HINT_RECOPY, name=name)


def _mime(fmt: str | None, data: bytes) -> str:
    if fmt == "HEIF":
        return "image/heic" if data[8:12] in HEIC_BRANDS else "image/heif"
    if fmt == "MPO":
        return "image/jpeg"
    return Image.MIME.get(fmt or "", "application/octet-stream")


def _decode_normal(im: Image.Image, name: str, orientation: int) -> Image.Image:
    """Decode fully (so damage is caught), shrink to the cap, to RGB, then turn upright."""
    try:
        im.load()
    except Exception as exc:
        raise _damaged(name) from exc
    # shrink before converting: a full-size RGB copy of a large grey or RGBA picture
    # tripled the memory (8900 x 8900 grey: 79 MB decoded, 507 MB peak)
    small = im if im.mode in _CONVERT_FIRST else _fit(im, NORMAL_LONG_SIDE)
    normal = _fit(_to_rgb(small, name), NORMAL_LONG_SIDE)
    transpose = _TRANSPOSE.get(orientation)
    return normal.transpose(transpose) if transpose is not None else normal


def _draft_jpeg(im: Image.Image) -> None:
    """Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still gives about the size we keep.

    The long side is the same before and after an orientation swap (5-8), so the
    request is made in stored coordinates.
    """
    width, height = im.size
    keep = NORMAL_LONG_SIDE * DRAFT_SLACK
    if max(width, height) <= keep:
        return
    factor = keep / max(width, height)
    im.draft("RGB", (max(1, math.ceil(width * factor)), max(1, math.ceil(height * factor))))


def _to_rgb(im: Image.Image, name: str) -> Image.Image:
    mode = im.mode
    if mode == "RGB":
        return im
    if mode in ("I", "F") or mode.startswith("I;16"):
        return _high_depth_to_l(im).convert("RGB")
    if mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        return _flatten_on_white(im)
    try:
        return im.convert("RGB")
    except ValueError as exc:
        raise PhotoRejected(
            "无法处理的图像类型：{name}（色彩模式 {mode}）",
            hint="请导出为普通 JPEG 或 PNG 后再导入", name=name, mode=mode,
        ) from exc


def _high_depth_to_l(im: Image.Image) -> Image.Image:
    """16-bit and 32-bit grey to 8-bit grey, keeping brightness (not clipping to white)."""
    wide = im.convert("F")
    high = wide.getextrema()[1]
    return (wide.point(lambda v: v / 256) if high > 255 else wide).convert("L")


def _flatten_on_white(im: Image.Image) -> Image.Image:
    rgba = im.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def _fit(
    im: Image.Image, long_side: int, resample: Image.Resampling = Image.Resampling.LANCZOS
) -> Image.Image:
    """Shrink so the long side is at most ``long_side`` (never enlarge).

    ``reducing_gap`` first box-reduces by a whole factor, then resamples the last
    step at most 2x: nearly the quality of a full LANCZOS at a fraction of the cost.
    """
    width, height = im.size
    if max(width, height) <= long_side:
        return im
    scale = long_side / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return im.resize(size, resample, reducing_gap=2.0)


def _encode_jpeg(im: Image.Image, quality: int, icc: bytes | None = None) -> bytes:
    out = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    im.save(out, "JPEG", quality=quality, optimize=False, **options)
    return out.getvalue()


# ---------------------------------------------------------------------------
# EXIF facts


def _read_meta(im: Image.Image) -> _Meta:
    try:
        exif = im.getexif()
    except _EXIF_ERRORS:
        return _Meta(None, None, 1, 1)
    orientation = _orientation(exif)
    seen = im.info.get("original_orientation")  # pillow-heif has already turned the pixels
    return _Meta(
        taken_at=_taken_at(exif),
        gps=_gps(exif),
        orientation_seen=seen if seen in range(1, 9) else orientation,
        orientation_to_apply=orientation,
    )


def _orientation(exif: Image.Exif) -> int:
    value = exif.get(Base.Orientation)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _ifd(exif: Image.Exif, tag: int) -> dict:
    try:
        return dict(exif.get_ifd(tag))
    except _EXIF_ERRORS:
        return {}


def _taken_at(exif: Image.Exif) -> str | None:
    original = _ifd(exif, IFD.Exif).get(Base.DateTimeOriginal)
    for raw in (original, exif.get(Base.DateTime)):
        parsed = parse_exif_datetime(raw)
        if parsed:
            return parsed
    return None


def parse_exif_datetime(raw: object) -> str | None:
    """'2008:05:30 15:56:01' -> '2008-05-30T15:56:01'; None for anything malformed."""
    text = _text(raw)[:19]
    for pattern in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).isoformat(timespec="seconds")
        except ValueError:
            continue
    return None


def _text(raw: object) -> str:
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    return raw.strip("\x00 \t\r\n") if isinstance(raw, str) else ""


def _gps(exif: Image.Exif) -> tuple[float, float] | None:
    gps = _ifd(exif, IFD.GPSInfo)
    lat = _coordinate(gps.get(GPS.GPSLatitude), gps.get(GPS.GPSLatitudeRef), "N", "S", 90)
    lon = _coordinate(gps.get(GPS.GPSLongitude), gps.get(GPS.GPSLongitudeRef), "E", "W", 180)
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None
    return lat, lon


def _coordinate(value: object, ref: object, positive: str, negative: str, limit: float) -> float | None:
    """Degrees, minutes, seconds and a hemisphere letter -> signed decimal degrees."""
    hemisphere = _text(ref).upper()[:1]
    if hemisphere not in (positive, negative):
        return None
    try:
        deg, minutes, seconds = (float(part) for part in value)  # type: ignore[union-attr]
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    parts = (deg, minutes, seconds)
    if not all(math.isfinite(p) and p >= 0 for p in parts) or minutes >= 60 or seconds >= 60:
        return None
    decimal = deg + minutes / 60 + seconds / 3600
    if decimal > limit:
        return None
    return round(-decimal if hemisphere == negative else decimal, 7)


# ---------------------------------------------------------------------------
# Annotation


def _check_unit(name: str, value: float, *, low: float = 0.0, high: float = 1.0) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and low <= value <= high):
        raise InvalidInput(name, "标注坐标应在 {low} 到 {high} 之间，收到 {value!r}", hint="请在照片范围内标注",
                           low=low, high=high, value=value)


@dataclass(frozen=True)
class Arrow:
    """An arrow from (x1, y1) to its head at (x2, y2); coordinates are fractions of width/height."""

    x1: float
    y1: float
    x2: float
    y2: float

    def __post_init__(self) -> None:
        for name in ("x1", "y1", "x2", "y2"):
            _check_unit(name, getattr(self, name))


@dataclass(frozen=True)
class Circle:
    """A circle centred at (x, y); the radius r is a fraction of the image width."""

    x: float
    y: float
    r: float

    def __post_init__(self) -> None:
        _check_unit("x", self.x)
        _check_unit("y", self.y)
        _check_unit("r", self.r, low=0.001)


@dataclass(frozen=True)
class Text:
    """Text whose top-left corner is at (x, y); size is the letter height as a fraction of image height."""

    x: float
    y: float
    text: str
    size: float = 0.05

    def __post_init__(self) -> None:
        _check_unit("x", self.x)
        _check_unit("y", self.y)
        _check_unit("size", self.size, low=0.005, high=0.5)
        if not self.text.strip():
            raise InvalidInput("text", "标注文字为空", hint="请输入要标注的文字")


Shape = Arrow | Circle | Text


def annotate(normal_jpeg: bytes, shapes: list[Shape]) -> bytes:
    """Draw the shapes in red on a copy of a normalised photo and return the new JPEG."""
    image = _open_for_annotation(normal_jpeg)
    draw = ImageDraw.Draw(image)
    line = max(4, round(max(image.size) / 250))
    for shape in shapes:
        match shape:
            case Arrow():
                _draw_arrow(draw, image.size, shape, line)
            case Circle():
                _draw_circle(draw, image.size, shape, line)
            case Text():
                _draw_text(image, shape)
            case _:
                raise InvalidInput("shapes", "未知的标注类型：{kind}", hint="请使用箭头、圆圈或文字",
                                   kind=type(shape).__name__)
    return _encode_jpeg(image, NORMAL_QUALITY)


def _open_for_annotation(data: bytes) -> Image.Image:
    try:
        with Image.open(io.BytesIO(data), formats=("JPEG",)) as im:
            return im.convert("RGB")
    except Exception as exc:
        raise PhotoRejected("无法在该照片上标注：照片数据已损坏", hint="请重新导入该照片后再标注") from exc


def arrow_geometry(x1: float, y1: float, x2: float, y2: float, line: float,
                   head: float) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """Where an arrow's shaft ends and the three corners of its filled head, in
    pixels: the head is a triangle ``head`` long with its tip at (x2, y2), aligned
    with the shaft, which ends inside it (so no blunt line end shows past the
    head); an arrow shorter than its head is all head."""
    length = math.hypot(x2 - x1, y2 - y1)
    head = min(head, max(length, 2 * line))
    ux, uy = ((x2 - x1) / length, (y2 - y1) / length) if length else (1.0, 0.0)
    half = head * math.tan(ARROW_SPREAD)
    bx, by = x2 - head * ux, y2 - head * uy
    corners = [(x2, y2), (bx - half * uy, by + half * ux), (bx + half * uy, by - half * ux)]
    inside = max(0.0, length - 0.6 * head)
    return (x1 + inside * ux, y1 + inside * uy), corners


def arrow_head_length(line: float, long_side: float) -> float:
    return max(5 * line, ARROW_HEAD_SHARE * long_side)


def _draw_arrow(draw: ImageDraw.ImageDraw, size: tuple[int, int], arrow: Arrow, line: int) -> None:
    w, h = size
    x1, y1, x2, y2 = arrow.x1 * w, arrow.y1 * h, arrow.x2 * w, arrow.y2 * h
    shaft_end, head = arrow_geometry(x1, y1, x2, y2, line, arrow_head_length(line, max(size)))
    if shaft_end != (x1, y1):
        draw.line([(x1, y1), shaft_end], fill=ANNOTATION_RED, width=line)
    draw.polygon(head, fill=ANNOTATION_RED)


def _draw_circle(draw: ImageDraw.ImageDraw, size: tuple[int, int], circle: Circle, line: int) -> None:
    w, h = size
    cx, cy, r = circle.x * w, circle.y * h, circle.r * w
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ANNOTATION_RED, width=line)


def _draw_text(image: Image.Image, text: Text) -> None:
    """Red letters on a white label box (slightly see-through) with a red border:
    readable on any background, dark, light or red."""
    w, h = image.size
    px = max(8, round(text.size * h))
    font = ImageFont.truetype(str(FONT_PATH), px)
    x, y = text.x * w, text.y * h
    left, top, right, bottom = ImageDraw.Draw(image).textbbox((x, y), text.text, font=font, anchor="lt")
    pad, border = max(2, px // 5), max(1, px // 16)
    box = (left - pad, top - pad, right + pad, bottom + pad)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    layer = ImageDraw.Draw(overlay)
    layer.rounded_rectangle(box, radius=pad, fill=(255, 255, 255, LABEL_OPACITY), outline=ANNOTATION_RED,
                            width=border)
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"))
    ImageDraw.Draw(image).text((x, y), text.text, font=font, fill=ANNOTATION_RED, anchor="lt")
