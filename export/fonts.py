"""Fonts for the enforcement documents: Noto Serif SC with a per-character fallback.

Noto Serif SC covers the BMP ideographs and Extension A; enterprise and person
names may also hold Extension B-F characters (𠀾 U+2003E, 𡈼 U+2123C), which come
from HanaMinB (Hanazono Mincho B, OFL / Hanazono licence, see
assets/fonts/HanaMinB-LICENSE.txt).  Both are TrueType-outline fonts that
reportlab embeds as subsets.

Text is split into runs by the first font that has each character; Paragraph
markup wraps the fallback runs in ``<font name=...>``; canvas code draws the runs
one after another with :func:`draw_runs`.

GB/T 9704 sets body text in 仿宋 and titles in 小标宋; no face of either with
TrueType outlines and a licence that allows embedding is packaged for Debian or
on PyPI (see docs/documents.md, Typography), so Noto Serif SC stays.
"""
from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts

from export import fontcache

FONT_DIR = Path(__file__).resolve().parents[1] / "assets" / "fonts"

BODY = "SC-Serif"
BOLD = "SC-Serif-Bold"
FALLBACK = "SC-HanaMinB"

_LOCK = threading.RLock()  # the GUI loads fonts on a background thread at start
_FILES = {
    BODY: "NotoSerifSC-Regular.ttf",
    BOLD: "NotoSerifSC-Bold.ttf",
    FALLBACK: "HanaMinB.ttf",
}


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, but with UTF-16 (surrogate pairs) for
    characters beyond the BMP; reportlab writes ``<2003E>``, which no reader
    accepts, so Ext-B names would not extract from the PDF."""
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <%02X>" % (len(subset) - 1), "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(lines)


def _patch_reportlab() -> None:
    """reportlab's ToUnicode CMap, fixed for characters beyond the BMP (idempotent).
    Line breaking is export/pdf/linebreak.py's, not reportlab's."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@dataclass(frozen=True)
class FontSet:
    """The registered fonts and the chain used to pick a font per character."""

    body: str = BODY
    bold: str = BOLD
    fallback: str = FALLBACK

    def chain(self, base: str) -> tuple[str, ...]:
        return (base, self.fallback)

    def runs(self, text: str, base: str | None = None) -> list[tuple[str, str]]:
        """Split ``text`` into (font name, text) runs: each character goes to the
        first font in the chain that has a glyph for it (else the base font)."""
        chain = self.chain(base or self.body)
        fonts = _fonts_of(text, chain)
        if fonts is None:  # the usual case: one run in the base font
            return [(chain[0], text)] if text else []
        return [(font, "".join(ch for _, ch in group))
                for font, group in itertools.groupby(zip(fonts, text), key=itemgetter(0))]

    def markup(self, text: str, base: str | None = None) -> str:
        """Paragraph markup for plain ``text``: XML-escaped, fallback runs wrapped
        in ``<font name=...>``, newlines as ``<br/>``."""
        base = base or self.body
        parts = []
        for font, run in self.runs(text, base):
            esc = escape(run).replace("\n", "<br/>")
            parts.append(esc if font == base else f'<font name="{font}">{esc}</font>')
        return "".join(parts)

    def width(self, text: str, size: float, base: str | None = None) -> float:
        return sum(pdfmetrics.stringWidth(run, font, size) for font, run in self.runs(text, base))


def char_widths(text: str, font_name: str, size: float) -> list[float]:
    """The width of each character of ``text``, as ``pdfmetrics.stringWidth`` gives it
    for the character alone (fonts from the cache answer for the whole text at once)."""
    font = pdfmetrics.getFont(font_name)
    each = getattr(font, "char_widths", None)
    if each is not None:
        return each(text, size)
    return [font.stringWidth(ch, size) for ch in text]


def escape(text: str) -> str:
    """XML-escape for Paragraph markup (xml.sax.saxutils.escape without its
    import of urllib, http and email: 15 ms of every process that renders)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_PICKED: dict[tuple[str, ...], dict[int, str]] = {}  # per chain: the font chosen for each character seen


def _fonts_of(text: str, chain: tuple[str, ...]) -> list[str] | None:
    """The font of each character of ``text``, or None when every one is the base font's."""
    if text.isascii():
        return None
    picked = _PICKED.setdefault(chain, {})
    codes = list(map(ord, text))
    try:
        fonts = list(map(picked.__getitem__, codes))
    except KeyError:
        for code in set(codes).difference(picked):
            picked[code] = _font_for(code, chain)
        fonts = list(map(picked.__getitem__, codes))
    return None if fonts.count(chain[0]) == len(fonts) else fonts


def _font_for(code: int, chain: tuple[str, ...]) -> str:
    if code < 0x2E80:  # Latin, punctuation, symbols: Noto has them all
        return chain[0]
    for name in chain:
        if code in _glyph_map(name):
            return name
    return chain[0]


@cache
def _glyph_map(name: str) -> dict[int, int]:
    """The font's character map, registering a lazily loaded font on first use:
    the 31 MB fallback font is parsed only when a text needs a character that
    Noto Serif SC lacks (and then once per process)."""
    _register(name, FONT_DIR)
    return pdfmetrics.getFont(name).face.charToGlyph


def _register(name: str, font_dir: Path) -> None:
    """Register one font: what reportlab extracts from it comes from the disk
    cache when a previous process parsed this very file (export/fontcache.py)."""
    with _LOCK:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(fontcache.load(name, font_dir / _FILES[name]))


def load_fonts(font_dir: Path = FONT_DIR, *, fallback_now: bool = False) -> FontSet:
    """Register the document fonts with reportlab (once per process; later calls
    are cheap) and return the FontSet that names them.  The fallback font for
    rare characters is registered when first needed (or now, ``fallback_now``)."""
    _patch_reportlab()
    for name in (BODY, BOLD, FALLBACK) if fallback_now else (BODY, BOLD):
        _register(name, font_dir)
    addMapping(BODY, 0, 0, BODY)
    addMapping(BODY, 1, 0, BOLD)
    addMapping(BODY, 0, 1, BODY)
    addMapping(BODY, 1, 1, BOLD)
    return FontSet()


def draw_runs(canvas, fonts: FontSet, x: float, y: float, text: str, size: float,
              base: str | None = None, align: str = "left") -> None:
    """Draw one line of ``text`` on a reportlab canvas with per-character fallback."""
    width = fonts.width(text, size, base)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    for font, run in fonts.runs(text, base):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)
