"""A disk cache of what reportlab extracts from a TrueType font.

Parsing Noto Serif SC (15 MB, ~31,000 glyphs) and HanaMinB (31 MB) walks every
cmap, hmtx and loca entry in pure Python; the first document of every process
paid for it.  Here the result of one parse (character map, widths, glyph
positions, metrics) is written to the user's cache folder and read back by
later processes; the font file itself is memory-mapped, so subsetting reads
only the pages of the glyphs a document uses.

Reading is cheap because nothing is unpacked up front: the tables are typed
views of the cache file's bytes (sorted by character code), and a character's
glyph and width are looked up by bisection the first time a document asks for
them (then remembered).  A document uses a few hundred of the 30,000-60,000
characters, so building the full dictionaries (10 ms a face, and 20 ms for the
31 MB fallback face) was most of the cost of reading a cache.

The cache is a convenience, never trusted blindly:

- the format is parsed here (JSON for the scalar attributes, typed arrays for
  the tables), never unpickled, so a cache file cannot run code;
- a SHA-256 of the content, checked before anything is decoded, rejects a
  damaged or truncated file; a file larger than ``MAX_CACHE_BYTES`` is not read;
- the key (font path, size, modification time, the font's own table directory
  with its per-table checksums, reportlab's version, this format's version)
  must match, so a changed font or reportlab parses again;
- the decoded tables are checked against each other and the font (glyph numbers
  within the font, the cached table directory the font file's own) before use;
  glyph positions are not cached at all: they are read from the font's own loca
  table where subsetting looks (:class:`_Loca`).

Any failure (missing, damaged, forged, unreadable, unwritable) means the font is
parsed as before and the cache rewritten (atomically); it is never an error for
the user.  A forged but consistent file would need the user's own write access
to their cache folder, which already allows replacing the program.
"""
from __future__ import annotations

import hashlib
import json
import mmap
import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from fnmatch import fnmatch
from functools import cached_property
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont, TTFontFace

FORMAT = 3  # 2: tables sorted by character code, read lazily; 3: glyph positions from the font
MAGIC = b"SCRLFNT1"
MAX_CACHE_BYTES = 64 * 1024 * 1024
# per process: how many fonts were parsed from the font file / read from the cache
STATS = {"parsed": 0, "cached": 0}

_SKIP = {"_ttf_data", "_pos", "_pdfScale"}
_TABLES = {"charToGlyph", "charWidths", "glyphToChar", "hmetrics", "glyphPos", "table", "tables"}
_REQUIRED = {"name", "numGlyphs", "unitsPerEm", "ascent", "descent", "capHeight", "bbox", "flags",
             "italicAngle", "stemV", "defaultWidth", "subfontNameX"}


class BadCache(ValueError):
    """The cache file cannot be used (damaged, foreign, inconsistent)."""


def cache_dir() -> Path:
    from storage.paths import cache_dir as user_cache

    return user_cache() / "fonts"


def load(name: str, path: Path, folder: Path | None = None) -> TTFont:
    """A reportlab TTFont for the font file ``path``, registered under ``name``
    by the caller: from the cache when it holds this very font, else parsed
    (and the cache written for the next process)."""
    path = Path(path).resolve()
    folder = folder or cache_dir()
    key = font_key(path)
    cache_file = folder / (hashlib.sha256(str(path).encode()).hexdigest()[:32] + ".rlfont")
    try:
        font = _font_from(name, path, decode(cache_file.read_bytes() if _small(cache_file) else b"", key))
    except (OSError, BadCache):
        font = None
    if font is not None:
        STATS["cached"] += 1
        return font
    STATS["parsed"] += 1
    font = TTFont(name, str(path))
    _store(cache_file, font.face, key)
    return font


def _small(cache_file: Path) -> bool:
    return cache_file.stat().st_size <= MAX_CACHE_BYTES


def font_key(path: Path) -> dict:
    """What identifies a font file cheaply: path, size, mtime and its sfnt table
    directory (every table's checksum), plus the versions of the parser."""
    st = path.stat()
    with open(path, "rb") as fh:
        head = fh.read(12)
        count = struct.unpack(">H", head[4:6])[0] if len(head) == 12 else 0
        directory = head + fh.read(16 * count)
    return {"format": FORMAT, "reportlab": reportlab.Version, "path": str(path), "size": st.st_size,
            "mtime_ns": st.st_mtime_ns, "directory": hashlib.sha256(directory).hexdigest(),
            "byteorder": sys.byteorder}


def _store(cache_file: Path, face: TTFontFace, key: dict) -> None:
    """Write the cache; a folder that cannot be written only costs the next parse."""
    from checklists.common.errors import SiteCheckError
    from storage.files import atomic_write

    try:
        data = encode(face, key)
    except BadCache:
        return  # a face this format does not describe: keep parsing it
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache_file, lambda fh: fh.write(data), doing="写入字体缓存")
    except (OSError, SiteCheckError):
        pass


# ----- encoding -------------------------------------------------------------------------

def _scalar(value):
    """A JSON form of one scalar attribute, tagged where JSON would lose the type."""
    if value is None or (isinstance(value, bool | int | float | str) and not isinstance(value, TTFNameBytes)):
        return value
    if isinstance(value, TTFNameBytes):
        return {"namebytes": value.ustr}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, tuple):
        return {"tuple": [_scalar(v) for v in value]}
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    if isinstance(value, dict):
        return {"dict": [[_scalar(k), _scalar(v)] for k, v in value.items()]}
    raise BadCache(f"unsupported attribute type {type(value).__name__}")


def _unscalar(value):
    if isinstance(value, list):
        return [_unscalar(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"namebytes"} and isinstance(value["namebytes"], str):
            return TTFNameBytes(value["namebytes"].encode("utf-8"))
        if set(value) == {"bytes"} and isinstance(value["bytes"], str):
            return bytes.fromhex(value["bytes"])
        if set(value) == {"tuple"} and isinstance(value["tuple"], list):
            return tuple(_unscalar(v) for v in value["tuple"])
        if set(value) == {"dict"} and isinstance(value["dict"], list):
            return {_unscalar(k): _unscalar(v) for k, v in value["dict"]}
        raise BadCache("unknown tagged value")
    return value


def _numbers(values: list, typecode: str | None = None) -> tuple[str, list[array]]:
    """A column of numbers as arrays: whole numbers in the column's fixed unsigned
    type (``typecode``); a measure column all ints ('q'), all floats ('d') or
    mixed ('m': the values as doubles and a flag per value saying which were ints)."""
    if typecode:
        try:
            return typecode, [array(typecode, values)]
        except (OverflowError, TypeError) as exc:
            raise BadCache(f"value out of range for {typecode}") from exc
    kinds = {type(v) for v in values}
    if kinds <= {int}:
        return "q", [array("q", values)]
    if kinds <= {float}:
        return "d", [array("d", values)]
    if kinds <= {int, float}:
        return "m", [array("d", values), array("B", [type(v) is int for v in values])]
    raise BadCache("non-numeric table value")


# each column's array type: unsigned, so a glyph or code is never negative;
# None: a measure, which may hold fractions (widths scaled to 1000 units per em)
_COLUMNS = {"c2g_codes": "I", "c2g_glyphs": "H", "cw_codes": "I", "cw_widths": None, "g2c_glyphs": "H",
            "g2c_counts": "H", "g2c_codes": "I", "hm_advance": None, "hm_lsb": "H"}


def _columns(face: TTFontFace) -> dict[str, tuple[str, list[array]]]:
    """The tables as columns; the two character tables sorted by code, so that a
    reader can look a character up by bisection without building a dictionary."""
    g2c = face.glyphToChar
    c2g = sorted(face.charToGlyph.items())
    widths = sorted(face.charWidths.items())
    values = {
        "c2g_codes": [c for c, _ in c2g], "c2g_glyphs": [g for _, g in c2g],
        "cw_codes": [c for c, _ in widths], "cw_widths": [w for _, w in widths],
        "g2c_glyphs": list(g2c), "g2c_counts": [len(v) for v in g2c.values()],
        "g2c_codes": [c for v in g2c.values() for c in v],
        "hm_advance": [a for a, _ in face.hmetrics], "hm_lsb": [b for _, b in face.hmetrics],
    }
    return {name: _numbers(values[name], typecode) for name, typecode in _COLUMNS.items()}


def encode(face: TTFontFace, key: dict) -> bytes:
    """The cache file's bytes for a parsed face."""
    if face.charWidths is None or getattr(face, "_full_font", False):
        raise BadCache("face without character tables")
    attrs = {k: _scalar(v) for k, v in vars(face).items() if k not in _SKIP | _TABLES}
    columns = _columns(face)
    layout, blobs = [], []
    for col, (kind, arrays) in columns.items():
        layout.append([col, kind, len(arrays[0])])
        blobs += [a.tobytes() for a in arrays]
    tables = [dict(r) for r in face.tables]
    header = json.dumps({"key": key, "attrs": attrs, "tables": tables, "columns": layout},
                        ensure_ascii=True, sort_keys=True).encode("ascii")
    body = struct.pack("<I", len(header)) + header + b"".join(blobs)
    return MAGIC + hashlib.sha256(body).digest() + body


# ----- decoding -------------------------------------------------------------------------

_SIZES = {"q": 8, "d": 8, "B": 1, "H": 2, "I": 4}


def decode(data: bytes, key: dict) -> dict:
    """The face attributes held by a cache file, or BadCache.  The tables stay
    views of ``data`` (nothing is copied or unpacked here)."""
    if len(data) < 44 or data[:8] != MAGIC:
        raise BadCache("not a font cache")
    body = memoryview(data)[40:]
    if hashlib.sha256(body).digest() != data[8:40]:
        raise BadCache("content hash does not match (damaged or truncated)")
    (hlen,) = struct.unpack("<I", body[:4])
    try:
        header = json.loads(bytes(body[4:4 + hlen]).decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadCache("unreadable header") from exc
    if not isinstance(header, dict) or header.get("key") != key:
        raise BadCache("cache of another font, program or format")
    columns = _read_columns(body[4 + hlen:], header.get("columns"))
    try:
        attrs = _attributes(header, columns)
        _check(attrs, columns)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
        raise BadCache(f"inconsistent content: {exc}") from exc
    return attrs


def _read_columns(blob: memoryview, layout) -> dict[str, Sequence]:
    """The typed columns as views of ``blob``: one typed view each, or for a
    mixed measure column ('m') its values with the flags saying which are ints."""
    if not isinstance(layout, list):
        raise BadCache("no column layout")
    out, pos = {}, 0
    for entry in layout:
        if not (isinstance(entry, list) and len(entry) == 3 and entry[0] in _COLUMNS
                and isinstance(entry[2], int) and entry[2] >= 0):
            raise BadCache("bad column entry")
        name, kind, count = entry
        if kind not in ((_COLUMNS[name],) if _COLUMNS[name] else ("q", "d", "m")):
            raise BadCache(f"column {name} has the wrong type")
        parts = []
        for code in ("d", "B") if kind == "m" else (kind,):
            end = pos + count * _SIZES[code]
            if end > len(blob):
                raise BadCache("truncated column")
            parts.append(blob[pos:end].cast(code))
            pos = end
        out[name] = parts[0] if kind != "m" else _Mixed(*parts)
    if pos != len(blob):
        raise BadCache("trailing bytes")
    if set(out) != set(_COLUMNS):
        raise BadCache("columns missing")
    return out


class _Mixed(Sequence):
    """A measure column of ints and floats: doubles, and a flag per value that
    says it was an int (reportlab mixes both in ``hmetrics`` and ``charWidths``)."""

    def __init__(self, values, is_int) -> None:
        self._values, self._is_int = values, is_int

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        value = self._values[i]
        return int(value) if self._is_int[i] else value


class _Lookup(Mapping):
    """``charToGlyph`` / ``charWidths``: a character code's value from two aligned
    columns sorted by code, found by bisection on first use and then remembered.
    Writable as a dict is (reportlab adds private characters when shaping)."""

    def __init__(self, codes, values) -> None:
        self._codes, self._values = codes, values
        self._known: dict = {}
        self._added: dict = {}

    def __getitem__(self, code):
        try:
            return self._known[code]
        except KeyError:
            pass
        if code in self._added:
            return self._added[code]
        i = bisect_left(self._codes, code) if isinstance(code, int) else len(self._codes)
        if i == len(self._codes) or self._codes[i] != code:
            raise KeyError(code)
        value = self._values[i]
        self._known[code] = value
        return value

    def __contains__(self, code) -> bool:
        if code in self._known:
            return True
        try:
            self[code]
        except KeyError:
            return False
        return True

    def __setitem__(self, code, value) -> None:
        self._added[code] = self._known[code] = value

    def __len__(self) -> int:
        return len(self._codes) + sum(1 for c in self._added if not self._stored(c))

    def __iter__(self):
        yield from self._codes
        yield from (c for c in self._added if not self._stored(c))

    def _stored(self, code) -> bool:
        i = bisect_left(self._codes, code)
        return i < len(self._codes) and self._codes[i] == code


class _Pairs(Sequence):
    """``hmetrics`` (advance, left side bearing) per glyph, read from two columns
    on demand: subsetting looks up only the glyphs a document uses."""

    def __init__(self, first, second):
        self._a, self._b = first, second

    def __len__(self) -> int:
        return len(self._a)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(zip(self._a[i], self._b[i]))
        return (self._a[i], self._b[i])


class CachedFace(TTFontFace):
    """A TTFontFace restored from the cache.  ``glyphToChar`` (used by reportlab
    only to shape text, which needs uharfbuzz) is built on first use."""

    @cached_property
    def glyphToChar(self) -> dict[int, list[int]]:
        glyphs, counts, codes = self._g2c
        if len(glyphs) != len(counts) or sum(counts) != len(codes) or min(counts, default=1) < 1:
            raise BadCache("glyph-to-character table does not add up")
        out, pos = {}, 0
        for glyph, count in zip(glyphs, counts):
            out[glyph] = list(codes[pos:pos + count])
            pos += count
        return out

    def get_table(self, tag):
        """reportlab copies the whole glyf table (13-28 MB) for every subset it
        embeds, only to slice single glyphs out of it: hand it a view that
        copies just the slices taken."""
        if tag != "glyf":
            return super().get_table(tag)
        offset, length = self.get_table_pos(tag)
        return _TableView(self._ttf_data, offset, length)


class CachedFont(TTFont):
    """A TTFont over a CachedFace whose string widths add up the remembered width
    of each character (the sum reportlab computes, in the same order)."""

    def stringWidth(self, text, size, encoding="utf8"):  # reportlab names it
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        return 0.001 * size * sum(self._each(text))

    def char_widths(self, text: str, size: float) -> list[float]:
        """The width of each character of ``text`` alone (what ``stringWidth`` gives
        for it, to the last bit), for a whole run of text at once."""
        scale = 0.001 * size
        return [scale * w for w in self._each(text)]

    def _each(self, text: str) -> list:
        """Each character's width in font units (the font's default where it has none)."""
        widths = self._widths
        try:
            return list(map(widths.__getitem__, map(ord, text)))
        except KeyError:
            face = self.face
            for code in set(map(ord, text)).difference(widths):
                widths[code] = face.charWidths.get(code, face.defaultWidth)
            return list(map(widths.__getitem__, map(ord, text)))


class _TableView:
    """A table of the mapped font file; slicing it gives bytes, as slicing the
    bytes of the table would."""

    def __init__(self, data, offset: int, length: int) -> None:
        self._data, self._offset, self._length = data, offset, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            return self.tobytes()[key]
        start, stop, _ = key.indices(self._length)
        return self._data[self._offset + start:self._offset + max(start, stop)]

    def tobytes(self) -> bytes:
        return self._data[self._offset:self._offset + self._length]


def _attributes(header: dict, col: dict) -> dict:
    attrs = {k: _unscalar(v) for k, v in header["attrs"].items()}
    if not isinstance(header["tables"], list):
        raise BadCache("bad table directory")
    tables = [{"tag": str(r["tag"]), "checksum": int(r["checksum"]), "offset": int(r["offset"]),
               "length": int(r["length"])} for r in header["tables"]]
    for a, b in (("c2g_codes", "c2g_glyphs"), ("cw_codes", "cw_widths"), ("g2c_glyphs", "g2c_counts"),
                 ("hm_advance", "hm_lsb")):
        if len(col[a]) != len(col[b]):
            raise BadCache(f"columns {a} and {b} differ in length")
    attrs.update(
        charToGlyph=_Lookup(col["c2g_codes"], col["c2g_glyphs"]),
        charWidths=_Lookup(col["cw_codes"], col["cw_widths"]),
        _g2c=(col["g2c_glyphs"], col["g2c_counts"], col["g2c_codes"]),
        hmetrics=_Pairs(col["hm_advance"], col["hm_lsb"]),
        tables=tables, table={r["tag"]: r for r in tables},
    )
    return attrs


def _check(attrs: dict, col: dict) -> None:
    """The tables agree with each other and with the font's glyph count: the glyph
    numbers subsetting indexes with stay inside the font (the glyph positions are the
    font's own, :class:`_Loca`).  The order of the character codes is not checked: a
    forged order could only pick other glyphs of the font, as a forged table could anyway."""
    missing = _REQUIRED - attrs.keys()
    if missing:
        raise BadCache(f"missing attributes {sorted(missing)}")
    n = attrs["numGlyphs"]
    units = attrs["unitsPerEm"]
    if not (isinstance(n, int) and 0 < n <= 65535 and isinstance(units, int) and 16 <= units <= 16384):
        raise BadCache("bad glyph count or units per em")
    if not {"glyf", "loca", "head"} <= attrs["table"].keys() or len(col["hm_advance"]) != n:
        raise BadCache("glyph tables do not match the glyph count")
    # unsigned columns: no glyph number is negative; none may lie beyond the font
    # (a character code beyond Unicode would only never be looked up)
    if max(col["c2g_glyphs"], default=0) >= n:
        raise BadCache("glyph number outside the font")


class _Loca(Sequence):
    """``glyphPos``: each glyph's offset in the glyf table, read from the font file's own
    loca table when subsetting asks (as reportlab's parse reads it, short offsets doubled)."""

    def __init__(self, data, offset: int, long_offsets: bool, count: int) -> None:
        self._data, self._offset, self._count = data, offset, count
        self._format, self._size, self._scale = (">I", 4, 1) if long_offsets else (">H", 2, 2)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._count))]
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError(i)
        return struct.unpack_from(self._format, self._data, self._offset + i * self._size)[0] * self._scale


def _directory(data) -> list[dict]:
    """The font file's table directory (what reportlab's parse records as ``tables``)."""
    (count,) = struct.unpack_from(">H", data, 4)
    entries = (struct.unpack_from(">4sIII", data, 12 + 16 * k) for k in range(count))
    return [{"tag": tag.decode("latin-1"), "checksum": checksum, "offset": offset, "length": length}
            for tag, checksum, offset, length in entries]


def _glyph_positions(data, attrs: dict) -> _Loca:
    """The font's loca table as glyph positions, once the cached table directory is
    found to be the font file's own (so that it points where the font's tables are)."""
    try:
        real = _directory(data)
    except struct.error as exc:
        raise BadCache("unreadable table directory of the font") from exc
    if sorted(real, key=lambda r: r["tag"]) != sorted(attrs["tables"], key=lambda r: r["tag"]):
        raise BadCache("table directory is not the font's")
    head, loca, n = attrs["table"]["head"], attrs["table"]["loca"], attrs["numGlyphs"]
    if head["length"] < 54 or head["offset"] + 54 > len(data):
        raise BadCache("head table too short")
    (index_format,) = struct.unpack_from(">h", data, head["offset"] + 50)
    size = {0: 2, 1: 4}.get(index_format)
    if size is None or loca["length"] < (n + 1) * size or loca["offset"] + (n + 1) * size > len(data):
        raise BadCache("loca table does not hold the glyphs")
    return _Loca(data, loca["offset"], index_format == 1, n + 1)


def _font_from(name: str, path: Path, attrs: dict) -> TTFont:
    """A TTFont as reportlab's constructor makes it, from cached attributes and
    the memory-mapped font file (read only where subsetting looks); BadCache when
    the cache does not fit the file."""
    face = CachedFace.__new__(CachedFace)
    vars(face).update(attrs)
    with open(path, "rb") as fh:
        face._ttf_data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    face.glyphPos = _glyph_positions(face._ttf_data, attrs)
    face._pos = 0
    face.filename = str(path)
    units = attrs["unitsPerEm"]
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
    font = CachedFont.__new__(CachedFont)
    font._widths = {}
    font.fontName = name
    font.face = face
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


def clear(folder: Path | None = None) -> None:
    """Remove the cache files (tests; a user may also delete the folder)."""
    folder = folder or cache_dir()
    for f in folder.glob("*.rlfont") if folder.is_dir() else ():
        f.unlink(missing_ok=True)
