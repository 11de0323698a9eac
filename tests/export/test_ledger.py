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


class CancelAfter:
    """A real Progress that records the reports and cancels after ``limit`` of them."""

    def __init__(self, limit: int):
        self.limit, self.reports = limit, []

    def report(self, done: int, total: int, text: str = "") -> None:
        self.reports.append((done, total))

    def check(self) -> None:
        from checklists.common.progress import Cancelled

        if len(self.reports) >= self.limit:
            raise Cancelled()


@pytest.fixture
def big(ws, monkeypatch):
    """The demo workspace, with progress reported every 5 rows (several steps)."""
    import export.ledger as ledger

    monkeypatch.setattr(ledger, "REPORT_EVERY", 5)
    assert ws.count_findings() > 15
    return ws


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_long_exports_report_progress_and_every_row_arrives(big, tmp_path, suffix):
    progress = CancelAfter(limit=10**9)
    out = tmp_path / f"ledger{suffix}"
    count = export_ledger(big, out, progress=progress)
    total = big.count_findings()
    assert count == total and progress.reports[-1] == (total, total)
    assert [d for d, _ in progress.reports[:3]] == [5, 10, 15]
    if suffix == ".csv":
        ids = [line.split(",", 1)[0] for line in out.read_text(encoding="utf-8-sig").splitlines()[1:]]
    else:
        ids = [r[0] for r in load_workbook(out, read_only=True)["隐患台账"].iter_rows(min_row=2, values_only=True)]
    assert len(ids) == len(set(ids)) == total


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_cancelled_export_leaves_no_file(big, tmp_path, suffix):
    from checklists.common.progress import Cancelled

    (tmp_path / f"ledger{suffix}").write_bytes(b"the previous export")
    with pytest.raises(Cancelled):
        export_ledger(big, tmp_path / f"ledger{suffix}", progress=CancelAfter(limit=1))
    assert (tmp_path / f"ledger{suffix}").read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"ledger{suffix}"]    # no partial file left


def test_more_rows_than_excel_holds_are_refused_before_writing(big, tmp_path, monkeypatch):
    import export.ledger as ledger

    monkeypatch.setattr(ledger, "XLSX_MAX_ROWS", 10)      # Excel's real limit needs a million rows
    with pytest.raises(InvalidInput, match="超过 Excel 每张工作表 9 行的上限") as err:
        export_ledger(big, tmp_path / "ledger.xlsx")
    assert ".csv" in err.value.hint and not (tmp_path / "ledger.xlsx").exists()
