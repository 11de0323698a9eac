"""Chinese line breaking (禁则) for every paragraph of the documents.

reportlab's CJK wrapping (``wordWrap="CJK"``: ``cjkFragSplit`` and
``textsplit.dumbSplit``) cuts between any two characters, knows only a
Japanese list of characters that cannot start a line, and fixes a violation by
hanging at most one of them past the right margin.  It has no rule for the end
of a line and none for the last line.  So "…判定标准（" ended a line, "。违反"
began one (after a hung "）") and "理。" stood alone on a paragraph's last line.

:func:`break_lines` replaces it (``Para.breakLinesCJK`` in layout.py calls it):

* no line ends with an opening mark (:data:`CANNOT_END`, e.g. （《“‘〔);
* no line starts with a closing mark (:data:`CANNOT_START`, e.g. 。，、；：？！）》”’〕);
* a run of Latin letters and digits (EMS-ELEC-03, 2026, 0757-86661234) is not cut;
* the last line of a paragraph (and of each part ended by ``<br/>``) holds at
  least two characters other than punctuation (no widow character such as "理。");
* nothing hangs past the margin: a character that cannot end or start a line is
  moved to the next line with its neighbour (推出), and a justified line that
  ends early is spread to the full width with character spacing.

When a line offers no allowed break at all (a Latin run longer than the
line), it is cut where it is full, as before.
"""
from __future__ import annotations

import itertools

from reportlab.platypus import paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

from export.fonts import char_widths

# GB/T 15834 punctuation and the usual Latin marks (closing / opening).
CANNOT_START = "。，、；：？！）》〉」』】〕〗”’…—‥·％‰℃°.,;:?!)]}%"
CANNOT_END = "（《〈「『【〔〖“‘([{"
_LATIN_JOIN = "-./_:#+&'@"
_FUZZ = 1e-6
MAX_GAP = 0.25  # at most this many ems between two characters of a justified line


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in _LATIN_JOIN)


def _real(ch: str) -> bool:
    """A character that counts for the last line (not punctuation, not space)."""
    return bool(ch) and not ch.isspace() and ch not in CANNOT_START and ch not in CANNOT_END


def allowed(before: str, after: str) -> bool:
    """May a line end with ``before`` and the next begin with ``after``?"""
    if not before or not after:
        return True
    if before in CANNOT_END or after in CANNOT_START or after.isspace():
        return False
    return not (_latin(before) and _latin(after))


def split_points(text: str, widths: list[float], max_widths: list[float]) -> list[int]:
    """The indexes where the lines of ``text`` begin after the first one (greedy
    fill, each break moved back to the nearest allowed one, then the widow
    rule); ``widths`` are the characters' widths, ``max_widths`` each line's."""
    n = len(text)
    breaks: list[int] = []
    start = 0
    while True:
        limit = max_widths[min(len(breaks), len(max_widths) - 1)] + _FUZZ
        end, used = start, 0.0
        while end < n and used + widths[end] <= limit:
            used += widths[end]
            end += 1
        if end >= n:
            break
        k = end
        while k > start and not allowed(text[k - 1], text[k]):
            k -= 1
        if k == start:  # no allowed break on this line: cut where it is full
            k = max(end, start + 1)
        breaks.append(k)
        start = k
    return _no_widow(text, breaks)


def _no_widow(text: str, breaks: list[int]) -> list[int]:
    """Move the last break back until the last line has two real characters."""
    if not breaks or sum(map(_real, text[breaks[-1]:])) >= 2:
        return breaks
    previous = breaks[-2] if len(breaks) > 1 else 0
    for k in range(breaks[-1] - 1, previous + 1, -1):
        if allowed(text[k - 1], text[k]) and sum(map(_real, text[k:])) >= 2:
            return [*breaks[:-1], k]
    return breaks


class _Run(cjkU):
    """Consecutive characters of one fragment handed to reportlab as one unit:
    ``makeCJKParaLine`` makes the same words of them as of the single characters
    (it joins the characters of a fragment), in one step instead of one per character."""

    frag = width = None  # plain attributes here (read-only properties in cjkU)

    def __new__(cls, text: str, frag, width: float):
        self = str.__new__(cls, text)
        self.frag, self.width = frag, width
        return self


def _single(frag) -> bool:
    """A fragment whose characters reportlab keeps apart: a forced break or an image."""
    return hasattr(frag, "lineBreak") or hasattr(frag, "cbDefn")


def _columns(frags) -> tuple[list[str], list[float], list]:
    """The units of a paragraph (its characters; an empty fragment or one with an
    image as reportlab makes them) as columns: text, width, fragment."""
    texts: list[str] = []
    widths: list[float] = []
    owners: list = []
    for f in frags:
        text = f.text.decode("utf8") if isinstance(f.text, bytes) else f.text
        if text and not hasattr(f, "cbDefn"):
            texts.extend(text)
            widths.extend(char_widths(text, f.fontName, f.fontSize))
            owners.extend([f] * len(text))
            continue
        for u in [cjkU(t, f, "utf8") for t in text] if text else [cjkU(text, f, "utf8")]:
            texts.append(str(u))
            widths.append(u.width)
            owners.append(f)
    return texts, widths, owners


def _segments(owners: list) -> list[tuple[int, int, bool]]:
    """Unit ranges cut after each forced line break (``<br/>``): (start, end, ends with one)."""
    out, start = [], 0
    for i, f in enumerate(owners):
        if hasattr(f, "lineBreak"):
            out.append((start, i + 1, True))
            start = i + 1
    if start < len(owners) or not out:
        out.append((start, len(owners), False))
    return out


def _runs(texts: list[str], widths: list[float], owners: list, a: int, b: int) -> list[cjkU]:
    """Units a..b as reportlab's line maker takes them, a run of one fragment as one."""
    out: list[cjkU] = []
    i = a
    while i < b:
        f = owners[i]
        j = i + 1
        if not _single(f):
            while j < b and owners[j] is f:
                j += 1
        out.append(_Run("".join(texts[i:j]), f, sum(widths[i:j])))
        i = j
    return out


def break_lines(frags, max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """reportlab's ``cjkFragSplit`` with the rules above: ``frags`` of a paragraph
    to lines (FragLines, kind 1) for the line widths ``max_widths``."""
    texts, widths, owners = _columns(frags)
    lines: list = []
    for start, end, forced in _segments(owners):
        stop = end - 1 if forced else end  # the characters, without the break itself
        if stop == start and not forced:
            continue
        text = "".join(t or "\0" for t in texts[start:stop])  # "\0" keeps one place per unit
        own = widths[start:stop]
        bounds = [0, *split_points(text, own, max_widths[len(lines):] or max_widths[-1:]), stop - start]
        for a, b in itertools.pairwise(bounds):
            last = b == stop - start
            width = max_widths[min(len(lines), len(max_widths) - 1)]
            used = sum(own[a:b])
            units = _runs(texts, widths, owners, start + a, end if last else start + b)
            line = makeCJKParaLine(units, width, used, width - used, forced and last, calc_bounds)
            line.cjk = not last  # justified by character spacing (the last line is not)
            lines.append(line)
    return ParaLines(kind=1, lines=lines)


_plain_justify = paragraph._justifyDrawParaLineX


def _justify(tx, offset, line, last=0):
    """reportlab justifies by word spacing, which Chinese text (no spaces) never
    gets: lines made by :func:`break_lines` are spread by character spacing."""
    count = sum(len(w.text) for w in line.words if not hasattr(w, "cbDefn"))
    gap = line.extraSpace / (count - 1) if count > 1 else 0
    if not getattr(line, "cjk", False) or last or not 1e-8 < gap <= MAX_GAP * line.fontSize:
        return _plain_justify(tx, offset, line, last)
    tx._x_offset = offset
    paragraph.setXPos(tx, offset)
    tx.setCharSpace(gap)
    paragraph._putFragLine(offset, tx, line, last, "justify")
    tx.setCharSpace(0)
    paragraph.setXPos(tx, -offset)
    return None


def install() -> None:
    """Let justified paragraphs use :func:`_justify` (idempotent; lines not made
    by :func:`break_lines` are drawn exactly as before)."""
    paragraph._justifyDrawParaLineX = _justify
