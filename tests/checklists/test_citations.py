"""Every citation of every built-in checklist names a provision that exists.

Instruments whose text is in ``../shared/domain/laws/`` are parsed from it: the article
must exist and, down to 款 (paragraph) and 项 (item), so must the cited paragraph and
item.  Instruments whose text is not there are listed in ``NOT_HELD`` with a table of
their provisions, checked separately; any other instrument fails.  GB 45067-2024: every
``gb45067:`` value and every citation of the standard is one of its clauses, and an
item's ``gb45067`` is the clause its criterion cites.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from checklists import check_file
from checklists.loader import builtin_files
from checklists.model import Citation, Item

LAWS = Path(__file__).resolve().parents[2].parent / "shared" / "domain" / "laws"
needs_laws = pytest.mark.skipif(not LAWS.is_dir(), reason="../shared/domain/laws is absent")

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL = "[〇零一二两三四五六七八九十百]+"
ARTICLE_LINE = re.compile(rf"^第({NUMERAL})条(?:\s|$)")
ITEM_LINE = re.compile(rf"^[（(]({NUMERAL})[）)]")
CITE = re.compile(rf"第(?P<art>{NUMERAL})条(?:第(?P<para>{NUMERAL})款)?(?:第（(?P<item>{NUMERAL})）项)?")

GB45067 = "特种设备重大事故隐患判定准则（GB 45067-2024）"
MEM10 = "工贸企业重大事故隐患判定标准（应急管理部令第10号）"
# GB 45067-2024 chapter 4: clause -> its lettered items (47 in all).  4.1-4.6 as in
# REFERENCE.md section 3; every clause checked against the standard's text as
# published (openstd.samr.gov.cn), reproduced in the An-0726/safety-basis collection.
GB45067_CLAUSES = {"4.1": "abcd", "4.2": "abcdefg", "4.3": "abcdef", "4.4": "ab", "4.5": "abc",
                   "4.6": "abcde", "4.7": "abcde", "4.8": "abcde", "4.9": "abcde", "4.10": "abcde"}
GB45067_CITE = re.compile(r"(4\.\d+)(?: ([a-z])\))?")
# 应急管理部令第10号 (2023): article -> number of its items (第三条 to 第十三条 hold the
# 64 items; 第一、二、十四、十五条 have none), from the text published by the ministry.
MEM10_ITEMS = {1: 0, 2: 0, 3: 3, 4: 8, 5: 13, 6: 8, 7: 7, 8: 7, 9: 2, 10: 2, 11: 10,
               12: 2, 13: 2, 14: 0, 15: 0}


def number(text: str) -> int:
    """A Chinese numeral up to the hundreds: 一百零一 -> 101, 十四 -> 14, 二十 -> 20."""
    total, digit = 0, 0
    for char in text:
        if char == "百":
            total, digit = total + (digit or 1) * 100, 0
        elif char == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            digit = DIGITS[char]
    return total + digit


@dataclass
class Article:
    """One article: its paragraphs (款), each with the numbers of its items (项)."""

    paragraphs: list[list[int]] = field(default_factory=lambda: [[]])

    def add_line(self, line: str) -> None:
        item = ITEM_LINE.match(line)
        if item:
            self.paragraphs[-1].append(number(item.group(1)))
        else:
            self.paragraphs.append([])


def parse_law(text: str) -> tuple[str, dict[int, Article]]:
    """The instrument's title (the first heading) and its articles by number."""
    lines = [line.strip() for line in text.splitlines()]
    title = next(line.lstrip("# ").strip() for line in lines if line.startswith("# "))
    articles: dict[int, Article] = {}
    current: Article | None = None
    for line in lines:
        head = ARTICLE_LINE.match(line)
        if head:
            current = articles.setdefault(number(head.group(1)), Article())
        elif line.startswith("#"):
            current = None
        elif line and current is not None:
            current.add_line(line)
    return title, articles


def load_laws() -> dict[str, dict[int, Article]]:
    texts = (parse_law(path.read_text(encoding="utf-8")) for path in sorted(LAWS.glob("*.md")))
    return dict(texts)


def check_held(articles: dict[int, Article], cited: str) -> str | None:
    """What is wrong with ``cited`` (e.g. 第八十三条第（一）项) against the parsed text."""
    match = CITE.fullmatch(cited)
    if not match:
        return "not written as 第N条[第N款][第（N）项]"
    article = articles.get(number(match["art"]))
    if article is None:
        return "no such article"
    paragraphs = article.paragraphs
    if match["para"]:
        index = number(match["para"])
        if index > len(paragraphs):
            return f"the article has {len(paragraphs)} paragraph(s)"
        paragraphs = [paragraphs[index - 1]]
    if match["item"]:
        holding = [p for p in paragraphs if number(match["item"]) in p]
        if not holding:
            return "no such item in the cited article or paragraph"
        if len([p for p in paragraphs if p]) > 1:
            return "items in several paragraphs: name the paragraph (第N款)"
    return None


def check_gb45067(cited: str) -> str | None:
    match = GB45067_CITE.fullmatch(cited)
    if not match or match[1] not in GB45067_CLAUSES:
        return "not a clause of GB 45067-2024 chapter 4 (4.1-4.10)"
    if match[2] and match[2] not in GB45067_CLAUSES[match[1]]:
        return f"clause {match[1]} has items {', '.join(GB45067_CLAUSES[match[1]])}"
    return None


def check_mem10(cited: str) -> str | None:
    match = CITE.fullmatch(cited)
    if not match or number(match["art"]) not in MEM10_ITEMS:
        return "not an article of 应急管理部令第10号 (第一条-第十五条)"
    if match["para"]:
        return "paragraphs of 应急管理部令第10号 are not verified here: cite the article or its item"
    if match["item"] and number(match["item"]) > MEM10_ITEMS[number(match["art"])]:
        return f"the article has {MEM10_ITEMS[number(match['art'])]} item(s)"
    return None


NOT_HELD = {GB45067: check_gb45067, MEM10: check_mem10}


def citation_problem(laws: dict[str, dict[int, Article]], citation: Citation) -> str | None:
    if citation.instrument in laws:
        return check_held(laws[citation.instrument], citation.article)
    if citation.instrument in NOT_HELD:
        return NOT_HELD[citation.instrument](citation.article)
    return "instrument neither in ../shared/domain/laws/ nor in NOT_HELD"


def builtin_items(path: Path) -> list[Item]:
    checklist, problems = check_file(path)
    assert checklist is not None, "\n".join(str(p) for p in problems)
    return list(checklist.items())


@pytest.fixture(scope="module")
def laws() -> dict[str, dict[int, Article]]:
    return load_laws()


@needs_laws
@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.name)
def test_every_citation_exists_down_to_paragraph_and_item(laws, path):
    wrong = [f"{path.name}:{item.line}: {item.id} 《{c.instrument}》{c.article}: {problem}"
             for item in builtin_items(path) for c in (*item.basis, *item.penalty)
             if (problem := citation_problem(laws, c))]
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.name)
def test_gb45067_values_are_clauses_and_match_the_criterion_cited(path):
    wrong = []
    for item in builtin_items(path):
        cited = {c.article for c in item.basis if c.instrument == GB45067}
        if item.gb45067 and check_gb45067(item.gb45067):
            wrong.append(f"{item.id}: gb45067 {item.gb45067}: {check_gb45067(item.gb45067)}")
        if item.gb45067 and cited != {item.gb45067}:
            wrong.append(f"{item.id}: gb45067 {item.gb45067} but the criterion cited is {cited or 'none'}")
    assert wrong == [], "\n".join(wrong)


def mentioned(laws: dict[str, dict[int, Article]], text: str) -> list[Citation]:
    """Articles named in free text (check points): 特种设备安全法第十四条, 《安全生产法》第四十三条."""
    short = {title.removeprefix("中华人民共和国"): title for title in laws}
    names = "|".join(sorted(map(re.escape, short), key=len, reverse=True))
    pattern = rf"《?({names})》?(第{NUMERAL}条(?:第{NUMERAL}款)?(?:第（{NUMERAL}）项)?)"
    return [Citation(short[m[1]], m[2]) for m in re.finditer(pattern, text)]


@needs_laws
@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.name)
def test_articles_named_in_check_points_exist(laws, path):
    wrong = [f"{path.name}:{item.line}: {item.id} 《{c.instrument}》{c.article}: {problem}"
             for item in builtin_items(path) for point in item.check_points
             for c in mentioned(laws, point) if (problem := citation_problem(laws, c))]
    assert wrong == [], "\n".join(wrong)


@needs_laws
def test_articles_are_found_in_free_text(laws):
    found = mentioned(laws, "属于严重事故隐患（特种设备安全监督检查办法第二十五条第（五）项），依照《安全生产法》第一百零一条处罚")
    assert found == [Citation("特种设备安全监督检查办法", "第二十五条第（五）项"),
                     Citation("中华人民共和国安全生产法", "第一百零一条")]
    assert citation_problem(laws, mentioned(laws, "特种设备安全法第八十三条第（九）项")[0]) \
        == "no such item in the cited article or paragraph"


@needs_laws
def test_the_texts_parse_into_articles_paragraphs_and_items(laws):
    special = laws["中华人民共和国特种设备安全法"]
    assert len(special) == 101
    assert [len(p) for p in special[83].paragraphs] == [6]          # one paragraph, six items
    assert [len(p) for p in special[85].paragraphs] == [2, 0]       # items in the first of two
    assert len(special[40].paragraphs) == 3
    assert laws["中华人民共和国安全生产法"][101].paragraphs == [[1, 2, 3, 4, 5]]
    assert "特种设备安全监察条例" in laws           # half-width (一) items parse too
    assert laws["特种设备安全监察条例"][83].paragraphs[0] == list(range(1, 11))


@needs_laws
@pytest.mark.parametrize("instrument,article,problem", [
    ("中华人民共和国特种设备安全法", "第八十三条第（六）项", None),
    ("中华人民共和国特种设备安全法", "第八十三条第（七）项", "no such item in the cited article or paragraph"),
    ("中华人民共和国特种设备安全法", "第四十条第三款", None),
    ("中华人民共和国特种设备安全法", "第四十条第四款", "the article has 3 paragraph(s)"),
    ("中华人民共和国特种设备安全法", "第一百零二条", "no such article"),
    ("中华人民共和国特种设备安全法", "第八十五条第二款第（一）项", "no such item in the cited article or paragraph"),
    ("中华人民共和国特种设备安全法", "第33条", "not written as 第N条[第N款][第（N）项]"),
    ("中华人民共和国安全生产法", "第一百一十条第二款", None),
    ("中华人民共和国安全生产法", "第一百零一条第（三）项", None),
    ("中华人民共和国特种设备安全法（2013）", "第三十三条", "instrument neither in ../shared/domain/laws/ nor in NOT_HELD"),
    (GB45067, "4.7 e)", None),
    (GB45067, "4.7 f)", "clause 4.7 has items a, b, c, d, e"),
    (GB45067, "4.11 a)", "not a clause of GB 45067-2024 chapter 4 (4.1-4.10)"),
    (MEM10, "第十三条第（二）项", None),
    (MEM10, "第十三条第（三）项", "the article has 2 item(s)"),
    (MEM10, "第十六条", "not an article of 应急管理部令第10号 (第一条-第十五条)"),
])
def test_a_wrong_citation_is_caught(laws, instrument, article, problem):
    assert citation_problem(laws, Citation(instrument, article)) == problem


def test_chinese_numerals():
    assert [number(t) for t in ("一", "十", "十四", "二十", "三十三", "一百", "一百零一", "一百一十", "一百二十三")] \
        == [1, 10, 14, 20, 33, 100, 101, 110, 123]
