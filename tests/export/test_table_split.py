"""Tables that run over several pages (export/pdf/layout.py ``grid``): the header
row repeats only at the top of a page, never in the middle of one above a row
cut in two; a row taller than a page still prints, cut at the page ends.
Positions are read back from the PDF with pypdf."""
from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader

from export.documents import render
from export.fonts import load_fonts
from tests.export import samples as s

HEADER = "存在的问题"
MM = 72 / 25.4


@pytest.fixture(scope="module")
def fonts():
    return load_fonts()


def page_runs(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page: (x, y on the page, text) of every text run shown."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, _size, runs=runs):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((round(x, 1), round(y, 1), text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def page_lines(pdf: bytes) -> list[list[tuple[float, str]]]:
    """Per page: (y on the page, text) of every text run shown."""
    return [[(y, text) for _, y, text in runs] for runs in page_runs(pdf)]


def header_rows(runs: list[tuple[float, str]]) -> list[float]:
    return sorted({y for y, text in runs if text == HEADER})


@pytest.mark.parametrize("count", [18, 20, 25])
def test_header_repeats_only_at_the_top_of_a_page(fonts, count):
    pages = page_lines(render(s.order(findings=s.findings(count)), fonts))
    assert len(pages) >= 4
    continued = 0
    for number, runs in enumerate(pages, start=1):
        heads = header_rows(runs)
        assert len(heads) <= 1, f"page {number}: the header row appears {len(heads)} times at {heads}"
        if heads and number > 1:
            continued += 1
            top = max(y for y, _ in runs)
            assert heads[0] == top, f"page {number}: header at y={heads[0]}, text above it at y={top}"
    assert continued >= 2  # the table did run over several pages


def test_row_taller_than_a_page_still_prints(fonts):
    long = "".join(f"第{i}条记录显示该设备未按规定进行定期检验和维护保养。" for i in range(60))
    lines = s.findings(3)
    lines = (lines[0], dataclasses.replace(lines[1], description=long), lines[2])
    pdf = render(s.order(findings=lines), fonts)
    # the 存在的问题 column (13 mm to 70 mm after the 28 mm left margin) above the
    # footer (35 mm), without its header: the whole text, in order, over the pages
    column = [t for runs in page_runs(pdf) for x, y, t in runs
              if (28 + 13) * MM <= x < (28 + 70) * MM and y > 35 * MM and t != HEADER]
    assert "【重大事故隐患】" + long in re.sub(r"\s+", "", "".join(column))
    pages = page_lines(pdf)
    assert len(pages) >= 4
    for number, runs in enumerate(pages[1:], start=2):
        heads = header_rows(runs)
        if heads:
            assert heads == [max(y for y, _ in runs)], f"page {number}"
