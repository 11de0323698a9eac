"""Typography of the enforcement documents: Chinese line breaking (禁则), page
fill, signature lines, the seal mark and embedded fonts.

The line-breaking corpus is real text: every built-in checklist item's question,
check points and legal basis, the findings the sample data makes of them, and
the fixed clauses of every document, laid out at the widths the documents use.
"""
from __future__ import annotations

import io
import itertools
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from checklists.loader import load_builtin
from export.docmodel import FindingLine, ReviewLine
from export.documents import render
from export.fonts import load_fonts
from export.pdf import kinds
from export.pdf.layout import BOTTOM, MAX_EMPTY, SEAL_MARK, SIGN_LINE_MIN, TEXT_H, TEXT_W, KeepTail, make_styles
from export.pdf.linebreak import CANNOT_END, CANNOT_START, allowed, split_points
from export.pdf.photos import CELL_W
from storage.demo import as_finding
from tests.export import samples as s

PAD = 8  # a grid cell's left and right padding (points)
# (style, width) of every text the documents lay out: body text, the order's and
# the review's table columns, a field row value, a photo caption
WIDTHS = [("body", TEXT_W), ("plain", TEXT_W), ("cell", 57 * mm - PAD), ("cell", 44 * mm - PAD),
          ("cell", 42 * mm - PAD), ("cell", 63 * mm - PAD), ("cell", 56 * mm - PAD),
          ("cell", TEXT_W - 30 * mm), ("caption", CELL_W - 12)]


@pytest.fixture(scope="module")
def st():
    return make_styles(load_fonts())


def _checklist_texts() -> list[str]:
    texts = []
    for checklist in load_builtin():
        if checklist.description:
            texts.append(checklist.description)
        for section in checklist.sections:
            for item in section.items:
                basis = "；".join(str(c) for c in item.basis)
                texts += [item.question, *item.check_points, basis,
                          f"{as_finding(item.question)}。违反{basis}的规定。"]
                line = FindingLine(1, as_finding(item.question), tuple(str(c) for c in item.basis),
                                   item_ref=item.id, level=item.hazard_level)
                texts.append(kinds._finding_sentence(line, checklist.family))
    return texts


def _fixed_clauses() -> list[str]:
    texts = []
    for doc in (s.order(), s.samr_order(), s.order(findings=s.findings(9))):
        texts += kinds._order_paragraphs(doc)
    texts += [kinds._review_conclusion(s.review()), kinds._review_note(s.review().lines[1])]
    texts += [part for doc in (s.order(), s.samr_order()) for line in doc.findings
              for part in kinds._measure_text(line, doc).split("\n")]
    return texts


CORPUS = _checklist_texts() + _fixed_clauses()


def lines_of(para: Paragraph, width: float) -> list[str]:
    para.wrap(width, 10_000)
    # reportlab's own lines of one font are (space, [text]) (kind 0), else FragLines
    return ["".join(line[1]) if isinstance(line, tuple) else "".join(w.text for w in line.words)
            for line in para.blPara.lines]


def violations(lines: list[str]) -> list[str]:
    """Every broken rule in the lines of one paragraph (no <br/> in it)."""
    out = []
    for before, after in itertools.pairwise(lines):
        if before[-1:] in CANNOT_END:
            out.append(f"line ends with {before[-1]}: {before}")
        if after[:1] in CANNOT_START:
            out.append(f"line starts with {after[0]}: {after}")
        if before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalnum():
            out.append(f"Latin run cut: {before[-3:]}|{after[:3]}")
    real = [ch for ch in lines[-1] if ch not in CANNOT_START + CANNOT_END and not ch.isspace()]
    if len(lines) > 1 and len(real) < 2:
        out.append(f"widow on the last line: {lines[-1]}")
    return out


# ---------------------------------------------------------------- line breaking

def test_corpus_is_real_and_large():
    assert len(CORPUS) > 600
    assert any("判定标准（" in t for t in CORPUS) or any("（GB 45067-2024）" in t for t in CORPUS)


@pytest.mark.parametrize(("style", "width"), WIDTHS)
def test_every_line_of_the_corpus_follows_the_rules(st, style, width):
    problems, lines_seen = [], 0
    for text in CORPUS:
        lines = lines_of(st.p(text, getattr(st, style)), width)
        lines_seen += len(lines)
        assert "".join(lines) == text  # nothing lost or added
        problems += violations(lines)
    assert lines_seen > len(CORPUS)  # the texts do wrap at this width
    assert problems == []


def test_lines_never_run_past_their_width(st):
    style = st.body
    for text in CORPUS[:300]:
        para = st.p(text, style)
        para.wrap(TEXT_W, 10_000)
        for n, line in enumerate(para.blPara.lines):
            room = TEXT_W - (style.firstLineIndent if n == 0 else 0)
            assert line.currentWidth <= room + 1e-3


def test_reportlab_alone_breaks_the_rules_on_this_corpus(st):
    """The corpus has teeth: reportlab's own CJK wrapping breaks the rules on it."""
    problems = []
    for text in CORPUS:
        for style, width in WIDTHS[:3]:
            para = Paragraph(st.fonts.markup(text), getattr(st, style))
            problems += violations(lines_of(para, width))
    assert len(problems) > 20


def test_the_cases_seen_in_issued_documents():
    em = [16.0] * 40
    # "…判定标准（" at a line end: the bracket goes down with its text
    text = "依据特种设备重大事故隐患判定标准（GB 45067-2024）"
    breaks = split_points(text, em[:len(text)], [16 * 16.0])
    assert text[breaks[0] - 1] != "（" and text[breaks[0]] == "（"
    # "）。违反" must not start a line: two closing marks go down with a character
    text = "车间二楼配电箱前堆放纸箱杂物（检查项）。违反规定"
    breaks = split_points(text, [16.0] * len(text), [16 * 16.0])
    assert text[breaks[0]] not in CANNOT_START
    # "理。" alone on the last line: a second character comes down with it
    text = "整改完成后及时报告。逾期仍未整改的，依法予以处理。"
    breaks = split_points(text, [16.0] * len(text), [23 * 16.0])
    assert len(text) - breaks[-1] >= 3 and text[breaks[-1]:] == "处理。"


def test_allowed_breaks():
    assert not allowed("《", "中") and not allowed("法", "》") and not allowed("A", "0")
    assert not allowed("条", "，") and not allowed("“", "安") and not allowed("2", "0")
    assert allowed("条", "第") and allowed("6", "年") and allowed("，", "（")


def test_an_unbreakable_run_is_cut_where_the_line_is_full():
    text = "X" * 50
    breaks = split_points(text, [8.0] * 50, [100.0])
    assert breaks[:3] == [12, 24, 36]


def test_forced_line_breaks_keep_their_lines(st):
    lines = lines_of(st.p("第一行\n第二行文字", st.caption), 200)
    assert lines == ["第一行", "第二行文字"]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize("kind", ["record", "order"])
def test_rendered_pdf_lines_follow_the_rules(tmp_path, kind):
    """The rules hold in the PDF too, read back with ``pdftotext -layout``: every
    run of text (columns are apart by two spaces or more) of every line."""
    items = [i for c in load_builtin() for sec in c.sections for i in sec.items][:40]
    findings = tuple(
        FindingLine(n, as_finding(i.question) + "，" + i.check_points[0], tuple(str(c) for c in i.basis),
                    measure="按规定整改", deadline=date(2026, 4, 1), item_ref=i.id)
        for n, i in enumerate(items, 1))
    doc = s.record(findings=findings) if kind == "record" else s.order(findings=findings)
    src = tmp_path / "d.pdf"
    src.write_bytes(render(doc, load_fonts()))
    out = subprocess.run(["pdftotext", "-layout", str(src), "-"], capture_output=True, text=True, check=True)
    runs = [run.strip() for line in out.stdout.splitlines() for run in line.split("  ") if run.strip()]
    assert len(runs) > 200
    starts = [r for r in runs if r[0] in CANNOT_START]
    ends = [r for r in runs if r[-1] in CANNOT_END]
    assert starts == [] and ends == []


# ---------------------------------------------------------------- page layout

def _text_bottoms(pdf: bytes) -> list[float]:
    """Per page, the lowest text baseline in the text block (the footer aside)."""
    bottoms = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        ys = []

        def visit(text, cm, tm, font, size, ys=ys):
            y = cm[5] + tm[5]
            if text.strip() and y > BOTTOM + 1:
                ys.append(y)
        page.extract_text(visitor_text=visit)
        bottoms.append(min(ys))
    return bottoms


def _reviews(n: int):
    opinions = ("rectified", "partly", "not_rectified")
    return s.review(lines=tuple(ReviewLine(i + 1, s.FINDINGS[i % 4][0], opinions[i % 3], "除尘器尚未移至室外",
                                           deadline=None if i % 3 == 0 else date(2026, 5, 15))
                                for i in range(n)))


@pytest.mark.parametrize("kind", ["record", "order", "review"])
def test_no_page_but_the_last_is_left_emptier_than_forty_percent(kind):
    fonts, worst = load_fonts(), []
    for n in (3, 4, 6, 9, 10, 14, 30):
        doc = {"record": s.record, "order": s.order}[kind](findings=s.findings(n)) if kind != "review" \
            else _reviews(n)
        bottoms = _text_bottoms(render(doc, fonts))
        assert len(bottoms) > (2 if n == 30 else 0)
        worst += [(n, page, (y - BOTTOM) / TEXT_H) for page, y in enumerate(bottoms[:-1], 1)]
    assert [w for w in worst if w[2] > MAX_EMPTY] == []


def test_a_short_last_paragraph_goes_over_with_the_signatures(st):
    """The signatures never stand on a page alone: they take the end of the text."""
    pdf = render(s.record(findings=s.findings(4)), load_fonts())
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    last = pages[-1].replace("\n", "")
    assert "执法人员（签名）" in last and "未如实记录" in last


def _closing_tables(story) -> list[Table]:
    tails = [f for f in story if isinstance(f, KeepTail)]
    assert len(tails) == 1
    return [f for f in tails[0].block if isinstance(f, Table)]


@pytest.mark.parametrize("build", [kinds.record_story, kinds.order_story, kinds.review_story])
def test_signature_lines_are_long_enough_for_a_name(st, build):
    doc = {kinds.record_story: s.record(), kinds.order_story: s.order(), kinds.review_story: s.review()}[build]
    tables = _closing_tables(build(st, doc))
    assert len(tables) == 2  # the inspectors, the unit
    rows = 0
    for table in tables:
        table.wrap(TEXT_W, TEXT_H)
        assert table._colWidths[1] >= SIGN_LINE_MIN >= 40 * mm
        assert sum(table._colWidths) <= TEXT_W + 1e-6
        rows += len(table._cellvalues)
    assert rows == 3


def test_the_seal_place_is_marked_beside_the_department(tmp_path):
    fonts = load_fonts()
    for doc in (s.order(), s.samr_order(), s.review()):
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render(doc, fonts))).pages)
        assert f"{doc.department.name}{SEAL_MARK}" in text.replace(" ", "")
    record = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render(s.record(), fonts))).pages)
    assert SEAL_MARK not in record  # the record takes no seal
    seal = s.jpeg(200, 200)
    with_seal = render(s.order(department=s.department(seal_png=_png(seal))), fonts)
    assert SEAL_MARK not in "".join(p.extract_text() for p in PdfReader(io.BytesIO(with_seal)).pages)


def _png(jpeg: bytes) -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.open(io.BytesIO(jpeg)).save(out, "PNG")
    return out.getvalue()


# ---------------------------------------------------------------- fonts

ALL_KINDS = {"record": s.record, "order": s.order, "samr_order": s.samr_order, "review": s.review,
             "annex": s.annex}


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_font_is_embedded(kind, tmp_path):
    pdf = render(ALL_KINDS[kind](), load_fonts())
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for obj in [page, *[x.get_object() for x in page["/Resources"].get("/XObject", {}).values()]]:
            for font in obj.get("/Resources", {}).get("/Font", {}).values():
                font = font.get_object()
                fonts[font["/BaseFont"]] = font.get("/FontDescriptor", {})
    assert fonts and all("/FontFile2" in d for d in fonts.values()), sorted(fonts)
    if shutil.which("pdffonts"):
        (tmp_path / "d.pdf").write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(tmp_path / "d.pdf")], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
        assert out and all(line.split()[-5] == "yes" for line in out), out
