"""The font cache (export/fontcache.py): a second process reads the fonts from the
cache instead of parsing them, renders the same bytes, and a damaged, truncated,
foreign or forged cache file is ignored and rebuilt."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from export import fontcache
from export.fonts import FONT_DIR

ROOT = Path(__file__).resolve().parents[2]
SMALL_FONT = FONT_DIR / "NotoSansSC-Regular.ttf"  # the smallest bundled CJK face: quick to parse

RENDER = """
import json, sys
from export import fontcache
from export.documents import render
from tests.export import samples as s
pdf = render(s.order(unit=s.unit(name=s.RARE_UNIT)))
open(sys.argv[1], "wb").write(pdf)
print(json.dumps(fontcache.STATS))
"""


def render_in_process(cache: Path, out: Path) -> dict:
    env = {**os.environ, "SITECHECK_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", RENDER, str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_second_process_reads_the_cache_and_renders_the_same_bytes(tmp_path):
    cache = tmp_path / "cache"
    first = render_in_process(cache, tmp_path / "first.pdf")
    assert first == {"parsed": 3, "cached": 0}  # body, bold and (rare characters) the fallback
    assert len(list((cache / "fonts").glob("*.rlfont"))) == 3
    second = render_in_process(cache, tmp_path / "second.pdf")
    assert second == {"parsed": 0, "cached": 3}
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()


def test_unwritable_cache_folder_still_renders(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    stats = render_in_process(blocker, tmp_path / "out.pdf")
    assert stats == {"parsed": 3, "cached": 0}
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


# ----- damaged and forged cache files, in this process -------------------------------

@pytest.fixture()
def cached(tmp_path):
    """A copy of a font and its freshly written cache file."""
    font = tmp_path / "font.ttf"
    shutil.copy2(SMALL_FONT, font)
    folder = tmp_path / "cache"
    fontcache.load("T", font, folder)
    (file,) = folder.glob("*.rlfont")
    return font, folder, file


def load_counting(font: Path, folder: Path) -> tuple[str, object]:
    before = dict(fontcache.STATS)
    ttf = fontcache.load("T", font, folder)
    how = "cached" if fontcache.STATS["cached"] > before["cached"] else "parsed"
    return how, ttf


def reference_face():
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont("R", str(SMALL_FONT)).face


def test_good_cache_is_used_and_matches_a_parse(cached):
    font, folder, _ = cached
    how, ttf = load_counting(font, folder)
    assert how == "cached"
    ref = reference_face()
    assert ttf.face.charToGlyph == ref.charToGlyph
    assert ttf.face.charWidths == ref.charWidths
    assert list(ttf.face.glyphPos) == ref.glyphPos
    assert list(ttf.face.hmetrics) == ref.hmetrics
    assert ttf.face.glyphToChar == ref.glyphToChar
    assert (ttf.face.name, ttf.face.ascent, ttf.face.bbox) == (ref.name, ref.ascent, ref.bbox)


def rewrite_body(file: Path, edit) -> None:
    """Change the cache's content and give it a matching hash (a forged file)."""
    data = file.read_bytes()
    body = data[40:]
    (hlen,) = struct.unpack("<I", body[:4])
    header = json.loads(body[4:4 + hlen])
    columns = body[4 + hlen:]
    header, columns = edit(header, columns)
    raw = json.dumps(header).encode()
    body = struct.pack("<I", len(raw)) + raw + columns
    file.write_bytes(data[:8] + hashlib.sha256(body).digest() + body)


def column_offset(header: dict, name: str) -> int:
    sizes = {"q": 8, "d": 8, "H": 2, "I": 4}
    pos = 0
    for col, kind, count in header["columns"]:
        if col == name:
            return pos
        pos += count * (9 if kind == "m" else sizes[kind])
    raise KeyError(name)


def forge_glyph_beyond_font(header, columns):
    at = column_offset(header, "c2g_glyphs")
    return header, columns[:at] + struct.pack("<H", 65535) + columns[at + 2:]


def forge_widths_as_codes(header, columns):
    for entry in header["columns"]:
        if entry[0] == "cw_codes":
            entry[1] = "d"
    return header, columns


def forge_huge_count(header, columns):
    header["columns"][0][2] = 10 ** 12
    return header, columns


def forge_other_font(header, columns):
    header["key"]["size"] += 1
    return header, columns


def forge_glyph_positions_elsewhere(header, columns):
    """The glyph positions are read from the font's loca table where the cached table
    directory says it is: a directory that is not the font's own is refused."""
    for table in header["tables"]:
        if table["tag"] == "loca":
            table["offset"] += 2
    return header, columns


def forge_without_glyph_table(header, columns):
    header["tables"] = [t for t in header["tables"] if t["tag"] != "glyf"]
    return header, columns


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


DAMAGE = {
    "truncated": lambda f: f.write_bytes(f.read_bytes()[: f.stat().st_size // 2]),
    "empty": lambda f: f.write_bytes(b""),
    "flipped byte": lambda f: f.write_bytes(_flip(f.read_bytes(), 5000)),
    "glyph beyond the font": lambda f: rewrite_body(f, forge_glyph_beyond_font),
    "codes as fractions": lambda f: rewrite_body(f, forge_widths_as_codes),
    "huge column count": lambda f: rewrite_body(f, forge_huge_count),
    "another font's key": lambda f: rewrite_body(f, forge_other_font),
    "glyph positions elsewhere": lambda f: rewrite_body(f, forge_glyph_positions_elsewhere),
    "no glyph table": lambda f: rewrite_body(f, forge_without_glyph_table),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_bad_cache_is_ignored_and_rebuilt(cached, damage):
    font, folder, file = cached
    DAMAGE[damage](file)
    how, ttf = load_counting(font, folder)
    assert how == "parsed"
    assert ttf.face.charToGlyph == reference_face().charToGlyph
    # rebuilt: the next load uses it again
    assert load_counting(font, folder)[0] == "cached"


def test_pickle_in_the_cache_is_never_run(cached, tmp_path):
    font, folder, file = cached
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    file.write_bytes(pickle.dumps(Payload()))
    assert load_counting(font, folder)[0] == "parsed"
    assert not marker.exists()
    body = pickle.dumps(Payload())  # the same payload behind a valid magic and hash
    file.write_bytes(fontcache.MAGIC + hashlib.sha256(body).digest() + body)
    assert load_counting(font, folder)[0] == "parsed"
    assert not marker.exists()


def test_changed_font_file_is_parsed_again(cached):
    font, folder, _ = cached
    st = font.stat()
    os.utime(font, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert load_counting(font, folder)[0] == "parsed"
    assert load_counting(font, folder)[0] == "cached"


def test_lazy_tables_answer_as_the_parsed_dictionaries(cached):
    """The cached character tables are looked up on demand; every way reportlab
    reads them (index, get, in, len, iteration, truth) answers as the parse does."""
    font, folder, _ = cached
    face = fontcache.load("T", font, folder).face
    ref = reference_face()
    for code in (0x20, 0xA0, ord("A"), ord("安"), ord("。"), 0x2003E, 0x10FFFF, -1):
        assert (code in face.charToGlyph) == (code in ref.charToGlyph)
        assert face.charToGlyph.get(code) == ref.charToGlyph.get(code)
        assert face.charWidths.get(code, -5) == ref.charWidths.get(code, -5)
        if code in ref.charToGlyph:
            assert face.charToGlyph[code] == ref.charToGlyph[code]
        else:
            with pytest.raises(KeyError):
                face.charToGlyph[code]
    assert "安" not in face.charToGlyph  # a key of the wrong type is simply absent
    assert len(face.charToGlyph) == len(ref.charToGlyph) and bool(face.charToGlyph)
    assert sorted(face.charWidths) == sorted(ref.charWidths)
    face.charToGlyph[0xF0000] = 3  # reportlab adds private characters when it shapes text
    assert face.charToGlyph[0xF0000] == 3 and len(face.charToGlyph) == len(ref.charToGlyph) + 1


def test_cached_string_widths_are_reportlabs(cached):
    """Widths summed from the remembered per-character widths are reportlab's
    (characters the font lacks count its default width): to the last bit with its pure
    Python sum, to 1e-12 with its C accelerator (rl-accel), which sums in another order."""
    from reportlab.pdfbase.ttfonts import TTFont

    font, folder, _ = cached
    ttf = fontcache.load("T", font, folder)
    ref = TTFont("R", str(SMALL_FONT))
    for text in ("安全生产法第三十五条（一）", "ACME Co., Ltd. 0757-86661234", "𠀾记", "", "安全".encode()):
        for size in (16, 14, 7.5):
            assert ttf.stringWidth(text, size) == pytest.approx(ref.stringWidth(text, size), rel=1e-12, abs=1e-12)
