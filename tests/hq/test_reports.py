"""Reports (统计报表) and the statistics view's period filter on both engines: the same
merged bundles give every figure alike on a workspace headquarters and on PostgreSQL,
for several periods, a district and both 执法系统, and those figures are the rows'
own counts (``tests.storage.test_reports.expected``); the ``report`` command writes
them from PostgreSQL, for a read-only clerk too."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from checklists.common.vocabulary import Family, OnSiteMeasure
from export.demo import fill_with_documents
from export.sync.bundle import export_bundle
from export.sync.hq import import_to_hq
from storage import ledger, reports
from storage.hq import open_hq
from storage.workspace import Workspace
from tests.storage.test_reports import TODAY as COUNTED_ON
from tests.storage.test_reports import check, expected

from .conftest import TODAY
from .test_postgres import login

PERIODS = [(date(2026, 1, 1), date(2026, 11, 20)), (date(2026, 7, 1), date(2026, 9, 30)),
           (date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 11, 1), date(2026, 11, 20)),
           (date(2025, 1, 1), date(2025, 12, 31))]
GROUPS = ("district", "enterprise", "equipment_kind", "inspector", "month")


@pytest.fixture(scope="module")
def enforcing(tmp_path_factory) -> list:
    """Two laptops' bundles with every kind of event: inspections of every mode and both
    families, hazards closed and overdue, documents (measures, 查封（扣押） and 解除,
    corrections), penalties filed and decided, 挂牌督办 and 摘牌."""
    base = tmp_path_factory.mktemp("hq-reports")
    files = []
    for name, seed, count in (("r", 63, 14), ("s", 62, 10)):
        with Workspace.open(base / f"{name}.sitecheck") as ws:
            fill_with_documents(ws, inspections=count, seed=seed, today=TODAY)
            if name == "r":
                _decide_measures(ws)
            files.append(export_bundle(ws, base / f"{name}.scbundle").path)
    return files


def _decide_measures(ws: Workspace) -> None:
    """A 现场处理措施决定书 of an 应急管理 inspection's live major hazards, issued when it ended
    (this seed's sample data has one such inspection)."""
    from export import decisions

    real = ws.clock
    for insp in sorted(ws.inspections(limit=1000), key=lambda i: i.started_at):
        if insp.finished_at and decisions.document_family(ws, insp) == Family.EMS \
                and (found := decisions.measure_candidates(ws, insp.id)):
            ws.clock = lambda at=insp.finished_at: datetime.fromisoformat(at)
            choices = [dataclasses.replace(c.choice, measure=OnSiteMeasure.STOP_ACTIVITY, object="（示例）动火作业")
                       for c in found]
            decisions.issue_measure(ws, insp.id, choices, photos=False)
            break
    ws.clock = real


@pytest.fixture(scope="module")
def both(enforcing, tmp_path_factory, pg_cluster):
    """The bundles merged into a workspace headquarters and into PostgreSQL."""
    from storage.hq.postgres import init

    pg_cluster.sql("CREATE DATABASE hqreports")
    url = pg_cluster.url("hqreports")
    init(url, roles=True)
    opened = {}
    for target in (tmp_path_factory.mktemp("hq-reports-ws") / "hq.sitecheck", url):
        hq = open_hq(target)
        import_to_hq(hq, enforcing, trust=True)
        opened[hq.engine] = hq
    yield opened["sqlite"], opened["postgresql"], url
    for hq in opened.values():
        hq.close()
    pg_cluster.sql("DROP DATABASE hqreports WITH (FORCE)")


def scopes(ws: Workspace) -> list[reports.Scope]:
    found = [reports.scope(start, end) for start, end in PERIODS]
    found += [reports.scope(PERIODS[0][0], PERIODS[0][1], district=d) for d in reports.districts(ws)[:2]]
    found += [reports.scope(PERIODS[0][0], PERIODS[0][1], family=f) for f in Family]
    found.append(reports.scope(PERIODS[1][0], PERIODS[1][1], district=reports.districts(ws)[0],
                               family=Family.SAMR))
    return found


def test_every_figure_is_the_same_on_both_engines(both):
    local, pg, _ = both
    for where in scopes(local.ws):
        want = local.report(where, TODAY)
        assert pg.report(where, TODAY) == want, where
        # and each is the rows' own count (docs/reports.md; that count's overdue is of
        # its own day), not only the same on both
        check(pg.report(where, COUNTED_ON), expected(local.ws, where.start.isoformat(), where.end.isoformat(),
                                                     where.district, where.family and str(where.family)))


def test_the_figures_are_not_trivial(both):
    local, _, _ = both
    year = local.report(reports.scope(*PERIODS[0]), TODAY)
    h = year.total_hazards
    assert year.enterprises and year.total_inspections and h.found and h.closed and h.overdue
    assert all(year.hazards[lv].found for lv in reports.LEVELS)
    assert sum(year.documents.values()) and sum(year.measures.values()) and year.seized_items
    assert year.supervision[0] and year.supervision[1]
    assert year.filed and year.decided and year.amount_fen and sum(year.penalty_kinds.values())
    assert local.report(reports.scope(*PERIODS[4]), TODAY).total_inspections == 0
    quarter = local.report(reports.scope(*PERIODS[1]), TODAY)
    assert 0 < quarter.total_inspections < year.total_inspections
    assert [m for m, *_ in quarter.months] == ["2026-07", "2026-08", "2026-09"]


def test_a_finding_closed_in_the_period_counts_whenever_it_was_found(both):
    """本期销号: closed in the period although found before it (the second branch of the
    hazards' query), the same on both engines."""
    local, pg, _ = both
    for start, end in PERIODS[1:4]:
        where = reports.scope(start, end)
        got = local.report(where, TODAY)
        earlier = local.ws.execute(
            "SELECT COUNT(*) FROM finding f JOIN inspection i ON i.id = f.inspection_id "
            "WHERE f.deleted = 0 AND i.deleted = 0 AND f.state = 'closed' AND substr(f.state_at, 1, 10) "
            "BETWEEN ? AND ? AND substr(i.started_at, 1, 10) < ?",
            [start.isoformat(), end.isoformat(), start.isoformat()]).fetchone()[0]
        closed = got.total_hazards.closed
        assert closed >= earlier and pg.report(where, TODAY).total_hazards.closed == closed
    assert any(local.ws.execute(
        "SELECT COUNT(*) FROM finding f JOIN inspection i ON i.id = f.inspection_id WHERE f.state = 'closed' "
        "AND substr(f.state_at, 1, 7) > substr(i.started_at, 1, 7)").fetchone())


@pytest.mark.parametrize("by", GROUPS)
def test_statistics_of_a_period_are_the_same_on_both_engines(both, by):
    local, pg, _ = both
    for period in PERIODS:
        want = ledger.statistics_scan(local.ws, by=by, today=TODAY, period=period)    # the reference
        assert local.statistics(by=by, today=TODAY, period=period) == want
        assert pg.statistics(by=by, today=TODAY, period=period) == want, (by, period)
    assert local.statistics(by=by, today=TODAY, period=PERIODS[1])      # not an empty comparison
    # without a period: the summary, as before
    assert pg.statistics(by=by, today=TODAY) == local.statistics(by=by, today=TODAY)


def test_totals_of_a_period(both):
    local, pg, _ = both
    for period in PERIODS:
        want = ledger.totals(local.ws, today=TODAY, period=period)
        assert local.totals(today=TODAY, period=period) == want == pg.totals(today=TODAY, period=period)
    assert pg.totals(today=TODAY, period=PERIODS[1]).inspections < pg.totals(today=TODAY).inspections


def test_report_command_on_postgresql_by_a_read_only_clerk(both, pg_cluster, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from tests.faults.hostile import run_cli

    local, _, url = both
    clerk = login(pg_cluster, url, "sitecheck_clerk")
    start, end = PERIODS[1]
    want = local.report(reports.scope(start, end), TODAY)
    book, pdf = tmp_path / "季报.xlsx", tmp_path / "季报.pdf"
    done, _ = run_cli("--hq", clerk, "report", "--from", start.isoformat(), "--to", end.isoformat(),
                      "--xlsx", book, "--pdf", pdf)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    h = want.total_hazards
    assert f"检查 {want.total_inspections} 次，排查隐患 {h.found} 项" in done.stdout
    overview = {r[0]: r[1] for r in load_workbook(book, read_only=True)["概况"].iter_rows(values_only=True)}
    assert overview["统计期间"] == "2026年7月1日至2026年9月30日"
    assert (overview["检查（次）"], overview["排查隐患（项）"], overview["本期销号（项）"]) == \
        (want.total_inspections, h.found, h.closed)
    assert overview["执法文书（份）"] == sum(want.documents.values())
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", "").replace(" ", "")
    assert "安全监管执法统计报表" in text and "2026年7月1日至2026年9月30日" in text
    assert f"检查（次）{want.total_inspections}" in text and f"排查隐患（项）{h.found}" in text
    assert "管理局" not in text            # no department without a workspace to name it


def test_the_pdf_names_the_department_of_the_workspace_given(both, tmp_path):
    from pypdf import PdfReader

    from export.dossier import department_name
    from storage.demo import sample_departments
    from tests.faults.hostile import run_cli

    _, _, url = both
    with Workspace.open(tmp_path / "clerk.sitecheck") as ws:
        sample_departments(ws)
        department = department_name(ws)
    pdf = tmp_path / "年报.pdf"
    done, _ = run_cli("--workspace", tmp_path / "clerk.sitecheck", "--hq", url, "report", "--from", "2026-01-01",
                      "--to", "2026-11-20", "--pdf", pdf)
    assert done.returncode == 0, done.stderr
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", "").replace(" ", "")
    assert department and department.replace(" ", "") in text


def test_report_command_by_district_and_family_from_the_environment(both, tmp_path):
    import os
    import subprocess
    import sys

    from openpyxl import load_workbook

    from tests.faults.hostile import REPO

    local, _, url = both
    district = reports.districts(local.ws)[0]
    start, end = PERIODS[0]
    want = local.report(reports.scope(start, end, district, Family.EMS), TODAY)
    book = tmp_path / "西湖.xlsx"
    env = {**os.environ, "SITECHECK_HQ_URL": url, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "report", "--from", start.isoformat(),
                           "--to", end.isoformat(), "--district", district, "--family", "ems",
                           "--xlsx", str(book)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    overview = {r[0]: r[1] for r in load_workbook(book, read_only=True)["概况"].iter_rows(values_only=True)}
    assert overview["统计范围"] == f"{district}，{Family.EMS.label_zh}"
    assert overview["检查（次）"] == want.total_inspections > 0


def test_a_bad_period_is_refused_before_connecting(tmp_path):
    from tests.faults.hostile import run_cli

    done, _ = run_cli("--hq", "postgresql://nobody@127.0.0.1:1/none", "report", "--from", "2026-09-30",
                      "--to", "2026-07-01", "--xlsx", tmp_path / "x.xlsx")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "早于起始日期" in done.stderr and not (tmp_path / "x.xlsx").exists()


def test_report_scope_is_plain_data():
    where = reports.scope("2026-07-01", "2026-09-30", " 西湖区 ", "samr")
    assert dataclasses.astuple(where) == (date(2026, 7, 1), date(2026, 9, 30), "西湖区", Family.SAMR)
    assert where.params(TODAY)["after"] == "2026-10-01"
