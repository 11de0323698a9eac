"""The report's workbook read back with openpyxl, its PDF's text, and the ``report`` command."""
from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from checklists.common.vocabulary import LOCAL_TZ, DocumentKind, InspectionMode
from export.demo import fill_with_documents
from export.reports import NONE, render_pdf, sheets, write_report
from storage.workspace import Workspace

TODAY = date(2026, 6, 30)
SHEETS = ["概况", "检查方式", "隐患排查治理", "按月隐患", "挂牌督办", "执法文书", "现场处理措施", "查封扣押",
          "立案与处罚"]


def _clock():
    return datetime(2026, 6, 30, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    path = base / "w.sitecheck"
    with Workspace.open(path, clock=_clock) as ws:
        fill_with_documents(ws, inspections=30, seed=11, today=TODAY)
        ws.clock = _clock
        report = ws.report("2026-01-01", "2026-06-30", today=TODAY)
        files = write_report(ws, report, xlsx=base / "r.xlsx", pdf=base / "r.pdf")
        yield path, report, files


def test_workbook_has_one_sheet_per_table_with_the_figures(made):
    _, report, (xlsx, _) = made
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert book.sheetnames == SHEETS
    values = {name: [list(r) for r in book[name].iter_rows(values_only=True)] for name in SHEETS}
    assert values["检查方式"][0] == ["检查方式", "检查（次）"]
    modes = {row[0]: row[1] for row in values["检查方式"][1:]}
    assert modes == {**{m.label_zh: n for m, n in report.inspections.items()}, "合计": report.total_inspections}
    assert modes["四不两直"] > 0
    hazards = {row[0]: row[1:] for row in values["隐患排查治理"][1:]}
    total = report.total_hazards
    assert hazards["合计"][:3] == [total.found, total.closed, total.closed_of_found]
    assert hazards["合计"][3] == pytest.approx(total.closure_rate, abs=1e-4)
    assert hazards["合计"][4] == total.overdue
    assert hazards["严重事故隐患（特种设备）"][0] == report.hazards["serious"].found
    docs = {row[0]: row[1] for row in values["执法文书"][1:]}
    assert docs[DocumentKind.SEIZURE.label_zh] == report.documents[DocumentKind.SEIZURE] > 0
    overview = {row[0]: row[1] for row in values["概况"][1:]}
    assert overview["罚没金额（元）"] == pytest.approx(report.amount_fen / 100)
    assert overview["立案（件）"] == report.filed >= 3
    assert overview["挂牌督办（项）"] == (NONE if report.supervision is None else report.supervision[0])
    months = [row for row in values["按月隐患"][1:]]
    assert [m[0] for m in months] == [f"2026-{n:02d}" for n in range(1, 7)]
    assert sum(m[1] for m in months) == total.found


def test_pdf_text_holds_every_table(made):
    _, report, (_, pdf) = made
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert "安全监管执法统计报表" in text and "2026年1月1日至2026年6月30日" in text
    for title in ("一、概况", "三、隐患排查治理", "四、挂牌督办", "八、立案与行政处罚"):
        assert title in text
    total = report.total_hazards
    assert f"合计{total.found}{total.closed}{total.closed_of_found}" in text
    assert f"四不两直{report.inspections[InspectionMode.UNANNOUNCED]}" in text
    amount = f"{Decimal(report.amount_fen) / 100:,.2f}"
    assert f"罚没金额（元）{amount}" in text
    assert "隐患排查与销号（按月，项）" in text and "执法文书（按种类，份）" in text   # the two charts


def test_pdf_and_workbook_print_the_same_tables(made):
    path, report, _ = made
    with Workspace.open(path, clock=_clock) as ws:
        text = re.sub(r"\s+", "", "".join(p.extract_text() for p in
                                          PdfReader(io.BytesIO(render_pdf(ws, report))).pages))
    for sheet in sheets(report):
        for row in sheet.rows:
            if isinstance(row[1], int) and not isinstance(row[1], bool):
                assert f"{row[0]}{row[1]}" in text, (sheet.name, row)


def test_report_command(made, tmp_path, capsys):
    from main import main

    path, _, _ = made
    out = tmp_path / "季报.xlsx"
    assert main(["--workspace", str(path), "report", "--from", "2026-04-01", "--to", "2026-06-30",
                 "--family", "samr", "--xlsx", str(out)]) == 0
    assert "已写出报表" in capsys.readouterr().out
    book = openpyxl.load_workbook(out, read_only=True)
    overview = {r[0]: r[1] for r in book["概况"].iter_rows(values_only=True)}
    assert overview["统计范围"] == "全部区域，市场监管（特种设备）"
    assert main(["--workspace", str(path), "report", "--from", "2026-06-01", "--to", "2026-05-01",
                 "--pdf", str(tmp_path / "x.pdf")]) == 1
    assert "早于起始日期" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert main(["--workspace", str(path), "report", "--from", "2026-06-01", "--to", "2026-06-30"]) == 1


def test_an_empty_period_says_so_instead_of_empty_charts(made):
    path, _, _ = made
    with Workspace.open(path, clock=_clock) as ws:
        report = ws.report("2030-01-01", "2030-03-31", today=TODAY)
        text = re.sub(r"\s+", "", "".join(p.extract_text() for p in
                                          PdfReader(io.BytesIO(render_pdf(ws, report))).pages))
    assert report.total_inspections == 0 and report.total_hazards.closure_rate is None
    assert "本期没有排查或销号的隐患，不作图。" in text and "本期未出具文书，不作图。" in text
    assert "本期排查隐患销号率—" in text
