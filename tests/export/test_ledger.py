"""Ledger export (xlsx, csv) and headquarters statistics."""
from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from checklists.common.errors import InvalidInput
from export.ledger import HEADERS, export_ledger
from storage.demo import fill
from storage.ledger import FindingQuery, statistics, totals
from storage.workspace import Workspace

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def ws():
    workspace = Workspace.open(None)
    fill(workspace, inspections=6, seed=3, today=TODAY)
    yield workspace
    workspace.close()


def test_statistics_add_up_to_the_home_figures(ws):
    counts = ws.hazard_counts(TODAY)
    total = totals(ws, today=TODAY)
    assert total.hazards == counts["total"] and total.closed == counts["closed"]
    assert total.overdue == counts["overdue"] and total.inspections == 6
    for by in ("district", "enterprise", "equipment_kind", "month"):
        rows = statistics(ws, by=by, today=TODAY)
        assert sum(r.hazards for r in rows) == counts["total"], by
        assert sum(r.inspections for r in rows) == 6, by
    inspectors = statistics(ws, by="inspector", today=TODAY)
    assert sum(r.inspections for r in inspectors) == 12   # two inspectors on each
    assert all(0 <= r.closure_rate <= 1 for r in inspectors)


def test_statistics_refuses_unknown_grouping(ws):
    with pytest.raises(InvalidInput, match="不支持按"):
        statistics(ws, by="colour")


def test_csv_has_bom_and_chinese_headers(ws, tmp_path):
    out = tmp_path / "台账.csv"
    count = export_ledger(ws, out, today=TODAY)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == list(HEADERS)
    assert len(lines) == count + 1 == ws.hazard_counts(TODAY)["total"] + 1


def test_xlsx_has_ledger_and_summary(ws, tmp_path):
    out = tmp_path / "台账.xlsx"
    count = export_ledger(ws, out, query=FindingQuery(level="major"), today=TODAY)
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["隐患台账", "汇总"]
    rows = list(book["隐患台账"].values)
    assert rows[0] == HEADERS and len(rows) == count + 1
    assert {r[HEADERS.index("隐患等级")] for r in rows[1:]} == {"重大隐患"}
    summary = [r for r in book["汇总"].values if r and r[0] == "合计"]
    assert summary[0][2] == totals(ws, today=TODAY).hazards


def test_unknown_extension_is_refused(ws, tmp_path):
    with pytest.raises(InvalidInput, match=r"\.xlsx 或 \.csv"):
        export_ledger(ws, tmp_path / "ledger.pdf")
    assert not (tmp_path / "ledger.pdf").exists()
