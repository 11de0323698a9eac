"""Legal basis as bureaus write it in a cell -> structured citations.

``《中华人民共和国安全生产法》第二十一条第（一）项、第二十二条；《特种设备安全法》第33条``
becomes three citations (instrument without 《》, article as the law prints it:
Chinese numerals, full-width brackets).  Understood:

* an instrument in 《》, optionally followed by its code in brackets, e.g.
  ``《特种设备重大事故隐患判定准则》（GB 45067-2024）`` (kept as part of the name);
* articles ``第N条`` (``之N``), ``第N款``, ``第（N）项``, numbers in Chinese or Arabic
  numerals, brackets full- or half-width; several items of one article
  (``第（一）（二）项``, ``第（一）、（二）项``) and an article's 款 or 项 written on
  its own after it (``第二十一条第一款、第二款``);
* a standard's clause ``4.6 b)`` / ``4.6b）`` / ``5.2.1``;
* joined by 、，,；; 和 及 与 or line breaks; framing words 违反 依据 根据 按照 and
  (之/的)规定 are skipped.

Anything else is refused, naming the text that could not be read (never guessed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from checklists.common.messages import Msg

_NUM = r"[一二三四五六七八九十百零〇两]+|\d{1,3}"
_OPEN, _CLOSE = r"[（(]", r"[）)]"
_SKIP = re.compile(r"(?:[\s、，,；;。]|以及|和|及|与|或|违反了?|依据|根据|按照|参照|之规定|的规定|规定|等)+")
_CODE = rf"(?:\s*{_OPEN}\s*((?:GB|AQ|TSG|JB|DB)[^（）()\n]{{0,40}}?)\s*{_CLOSE})?"     # （GB 45067-2024）
_INSTRUMENT = re.compile(rf"《([^《》\n]{{1,80}})》{_CODE}")
_ARTICLE = re.compile(rf"第({_NUM})条(?:之({_NUM}))?")
_PARAGRAPH = re.compile(rf"第({_NUM})款")
_ITEMS = re.compile(rf"第?((?:{_OPEN}\s*(?:{_NUM})\s*{_CLOSE}[、,，和及]?)+)项|第({_NUM})项")
_ITEM_NUMBER = re.compile(rf"{_OPEN}\s*({_NUM})\s*{_CLOSE}")
_CLAUSE = re.compile(rf"(\d{{1,2}}(?:\.\d{{1,2}}){{1,4}})(?:\s*{_OPEN}?([a-z]){_CLOSE})?(?![\d.])")
_DIGITS = "零一二三四五六七八九"
_CITED = re.compile(r"《[^《》]+》\s*(?:第|\d)")       # a citation inside quoted wording


@dataclass(frozen=True)
class Parsed:
    citations: list[dict]
    error: Msg | None = None
    quoted: bool = False            # an article's wording after "：" was left out


def chinese_number(text: str) -> str:
    """An article number as the law prints it: "21" -> "二十一", "十" stays."""
    if not text.isdigit():
        return text.replace("两", "二").replace("〇", "零")
    n = int(text)
    if n < 10:
        return _DIGITS[n]
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = _DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_DIGITS[ones] if ones else "")


def parse(text: str, role: str | None = None) -> Parsed:
    """The citations in ``text``, or the problem that stops reading it."""
    state = _State(role)
    position = 0
    while True:
        skip = _SKIP.match(text, position)
        position = skip.end() if skip else position
        if position >= len(text):
            break
        step = state.step(text, position)
        if isinstance(step, Msg):
            return Parsed([], step)
        position = step
    if state.instrument is not None and not state.found_article:
        return Parsed([], Msg("《{name}》后面没有条款", name=state.instrument))
    return Parsed(state.citations, quoted=state.quoted)


class _State:
    def __init__(self, role: str | None) -> None:
        self.role = role
        self.instrument: str | None = None
        self.found_article = False
        self.article: str | None = None        # 第N条(之N)
        self.paragraph: str = ""               # 第N款 of the last article
        self.citations: list[dict] = []
        self.cited = False                     # the last piece read was an article
        self.quoted = False

    def add(self, article: str) -> None:
        citation = {"instrument": self.instrument, "article": article}
        if self.role:
            citation["role"] = self.role
        self.citations.append(citation)
        self.found_article = True

    def step(self, text: str, at: int) -> int | Msg:
        """Read one piece at ``at``; returns where the next starts, or the problem."""
        cited, self.cited = self.cited, False
        if text[at] in "：:":
            return self._wording(text, at) if cited else at + 1
        if m := _INSTRUMENT.match(text, at):
            if self.instrument is not None and not self.found_article:
                return Msg("《{name}》后面没有条款", name=self.instrument)
            name = m.group(1).strip()
            self.instrument = f"{name}（{' '.join(m.group(2).split())}）" if m.group(2) else name
            self.found_article, self.article, self.paragraph = False, None, ""
            return m.end()
        if self.instrument is None:
            return Msg("“{text}”前面没有用《》写出的法规或标准名称", text=_excerpt(text, at))
        for read in (self._article, self._paragraph, self._items, self._clause):
            end = read(text, at)
            if end is not None:
                self.cited = True
                return end
        return Msg("无法识别“{text}”", text=_excerpt(text, at))

    def _wording(self, text: str, at: int) -> int | Msg:
        """"第二十一条：生产经营单位……": the article's wording, to the line's end, is left out;
        another citation on that line cannot be told from the wording, so it is refused."""
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if _CITED.search(text, at, end):
            return Msg("条文原文“{text}”中还有《》引用，无法分清哪些是依据", text=_excerpt(text, at + 1))
        self.quoted = True
        return end

    def _article(self, text: str, at: int) -> int | None:
        m = _ARTICLE.match(text, at)
        if not m:
            return None
        self.article = f"第{chinese_number(m.group(1))}条" + (f"之{chinese_number(m.group(2))}" if m.group(2) else "")
        self.paragraph = ""
        end = m.end()
        if p := _PARAGRAPH.match(text, end):
            self.paragraph, end = f"第{chinese_number(p.group(1))}款", p.end()
        if i := _ITEMS.match(text, end):
            return self._add_items(i)
        self.add(self.article + self.paragraph)
        return end

    def _paragraph(self, text: str, at: int) -> int | None:
        m = _PARAGRAPH.match(text, at)
        if not m or self.article is None:
            return None
        self.paragraph = f"第{chinese_number(m.group(1))}款"
        if i := _ITEMS.match(text, m.end()):
            return self._add_items(i)
        self.add(self.article + self.paragraph)
        return m.end()

    def _items(self, text: str, at: int) -> int | None:
        m = _ITEMS.match(text, at)
        if not m or self.article is None:
            return None
        return self._add_items(m)

    def _add_items(self, m: re.Match) -> int:
        """第（一）（二）项 / 第（一）、（二）项 / 第一项: one citation an item."""
        numbers = _ITEM_NUMBER.findall(m.group(1)) if m.group(1) else [m.group(2)]
        for number in numbers:
            self.add(f"{self.article}{self.paragraph}第（{chinese_number(number)}）项")
        return m.end()

    def _clause(self, text: str, at: int) -> int | None:
        m = _CLAUSE.match(text, at)
        if not m:
            return None
        self.add(f"{m.group(1)} {m.group(2)})" if m.group(2) else m.group(1))
        self.article = None
        return m.end()


def _excerpt(text: str, at: int) -> str:
    rest = text[at:].strip()
    return rest if len(rest) <= 24 else rest[:24] + "…"
