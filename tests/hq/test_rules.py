"""The headquarters rules, run against both engines (the ``hq`` fixture: a workspace
file and a PostgreSQL database): idempotent, order-free, hostile bundles refused with
nothing changed, conflicts reported, ledger and statistics the same on both; what later
workspace migrations added (per-equipment answers, a plan task, signatures on a
document) merged alike, and a signature its document does not list refused."""
from __future__ import annotations

import json
import shutil
from datetime import datetime

import pytest

from checklists.common.errors import BundleRejected
from checklists.common.vocabulary import FindingState, HazardLevel, Result
from export import issue
from export.demo import fill_with_documents
from export.onsite import signed_kind
from export.sync.bundle import export_bundle
from export.sync.hq import import_to_hq
from storage import audit
from storage.demo import INSPECTORS, fill
from storage.hq import open_hq
from storage.ledger import FindingQuery
from storage.sync import merging
from storage.workspace import Workspace
from tests.equipment_sample import CHECKLIST
from tests.export.test_issue import EMS_DEPARTMENT, SAMR_DEPARTMENT
from tests.export.test_sync import resign
from tests.faults.test_forged_rows import FORGED
from tests.storage.test_signatures import handwriting

from .conftest import TODAY

GROUPS = ("district", "enterprise", "equipment_kind", "inspector", "month")
QUERIES = {
    "all": FindingQuery(),
    "open": FindingQuery(states=(FindingState.OPEN, FindingState.ORDERED)),
    "major": FindingQuery(level=HazardLevel.MAJOR),
    "overdue": FindingQuery(overdue_on=TODAY, order_by="deadline", descending=False),
    "by_level": FindingQuery(order_by="level"),
    "by_enterprise": FindingQuery(order_by="enterprise", descending=False),
    "by_district": FindingQuery(order_by="district"),
    "by_checklist": FindingQuery(order_by="checklist", descending=False),
    "by_deadline": FindingQuery(order_by="deadline"),
    "by_state": FindingQuery(order_by="state", descending=False),
    "by_description": FindingQuery(order_by="description"),
    "text_1": FindingQuery(text="未"),
    "text_2": FindingQuery(text="安全"),
    "text_3": FindingQuery(text="查阅资料"),
    "text_name": FindingQuery(text="物业"),          # enterprise names too
    "text_ascii": FindingQuery(text="a"),
    "supervised": FindingQuery(supervised=True),                 # 挂牌督办, not yet 摘牌
    "supervision_overdue": FindingQuery(supervision_overdue_on=TODAY, order_by="deadline",
                                        descending=False),
}


def snapshot(hq) -> dict:
    """What a clerk sees: the ledger (every filter, page by page), statistics, home figures."""
    out = {"lines": list(hq.ledger_rows(today=TODAY)),
           "stats": {by: hq.statistics(by=by, today=TODAY) for by in GROUPS},
           "counts": hq.hazard_counts(TODAY)}
    for name, query in QUERIES.items():
        out[name] = (hq.count_findings(query), _all_pages(hq, query))
    return out


def _all_pages(hq, query: FindingQuery, size: int = 4) -> list[tuple]:
    """Every row, read by key in pages of ``size``."""
    rows, after = [], None
    while True:
        page = hq.page(query, limit=size, after=after)
        rows += [(r.finding.id, r.enterprise_name, r.district, r.checklist_label, r.finding.state,
                  r.supervision_deadline) for r in page]
        if len(page) < size:
            return rows
        after = page[-1].cursor


def test_same_bundles_give_the_same_ledger_and_statistics_on_both_engines(bundles, tmp_path, pg_url):
    files = [bundles[k] for k in ("a1", "b1", "a2", "c-all", "b2")]
    seen = {}
    for target in (tmp_path / "hq.sitecheck", pg_url):
        with open_hq(target) as hq:
            import_to_hq(hq, files, trust=True)
            seen[hq.engine] = snapshot(hq)
            assert hq.statistics(by="month", today=TODAY) == hq.statistics_scan(by="month", today=TODAY)
    assert seen["sqlite"]["counts"]["total"] > 10
    assert all(seen["sqlite"][k][0] for k in ("all", "open", "overdue", "text_1", "text_2", "text_3",
                                              "text_name", "supervised", "supervision_overdue"))
    for key in seen["sqlite"]:
        assert seen["postgresql"][key] == seen["sqlite"][key], key


def test_importing_twice_changes_nothing(hq, bundles):
    first = import_to_hq(hq, [bundles["a1"], bundles["b1"]], trust=True)
    before = snapshot(hq)
    again = import_to_hq(hq, [bundles["a1"], bundles["b1"], bundles["a1"]], trust=True)
    assert not any(r.already_imported for r in first)
    assert all(r.already_imported for r in again)
    assert "已导入过" in again[0].summary()
    assert snapshot(hq) == before


@pytest.mark.parametrize("order", [0, 1, 2])
def test_any_order_gives_the_same_result(hq_target, bundles, tmp_path, order):
    names = ["a1", "a2", "b1", "b2", "c1"]
    orders = [names, names[::-1], ["c1", "a2", "b2", "a1", "b1"]]
    reference_path = tmp_path / "reference.sitecheck"
    with open_hq(reference_path) as reference:
        import_to_hq(reference, [bundles[n] for n in names], trust=True)
        expected = snapshot(reference)
    with open_hq(hq_target) as hq:
        for name in orders[order]:          # one import per file: a later one may arrive first
            import_to_hq(hq, [bundles[name]], trust=True)
        got = snapshot(hq)
        assert hq.statistics(by="inspector", today=TODAY) == hq.statistics_scan(by="inspector", today=TODAY)
        assert hq.audit_verify() == []      # re-sequenced chains, headquarters' own events
    assert got == expected


@pytest.fixture(scope="module")
def field(tmp_path_factory):
    base = tmp_path_factory.mktemp("hq-forged")
    ws = Workspace.open(base / "f.sitecheck")
    fill(ws, inspections=1, photos=True, seed=5, today=TODAY)
    export_bundle(ws, base / "good.scbundle")
    yield ws, base / "good.scbundle"
    ws.close()


@pytest.mark.parametrize("case", ["row_changed_after_writing", "row_and_its_event_changed",
                                  "state_out_of_vocabulary", "nan_coordinate", "missing_required",
                                  "bad_id", "control_character_in_a_name", "deep_nested_row"])
def test_hostile_bundle_is_refused_and_changes_nothing(hq, bundles, field, tmp_path, case):
    ws, good = field
    edit, reason = FORGED[case]
    import_to_hq(hq, [bundles["b1"]], trust=True)
    before = snapshot(hq)
    bad = resign(ws, good, tmp_path / f"{case}.scbundle", part_edit=edit)
    with pytest.raises(BundleRejected, match=reason):
        import_to_hq(hq, [bad, bundles["c1"]], trust=True)
    assert snapshot(hq) == before           # nor is the good file after it merged


def test_reference_to_nowhere_is_refused(hq, tmp_path):
    """A later bundle of a device whose first bundle never arrived may point into it; a
    bundle that starts the device's chain must not point to nowhere."""
    with Workspace.open(tmp_path / "d.sitecheck") as ws:
        fill(ws, inspections=1, seed=8, today=TODAY)
        bundle = export_bundle(ws, tmp_path / "d.scbundle").path
        forged = resign(ws, bundle, tmp_path / "nowhere.scbundle",
                        part_edit=_drop_part("records/enterprise.ndjson"),
                        manifest_edit=lambda m: m["counts"].pop("enterprise"))
    with pytest.raises(BundleRejected, match="在数据包和本工作区中都不存在"):
        import_to_hq(hq, [forged], trust=True)
    assert hq.count_findings(FindingQuery()) == 0


def _drop_part(name: str):
    def edit(members: dict[str, bytes]) -> dict[str, bytes]:
        members.pop(name)
        return members
    return edit


def test_same_document_number_from_two_devices_is_reported(hq, tmp_path):
    paths = []
    for name, seed in (("x", 1), ("y", 2)):
        with Workspace.open(tmp_path / f"{name}.sitecheck") as ws:
            fill(ws, inspections=1, seed=seed, today=TODAY)
            inspection = ws.inspections()[0]
            ws.issue_document(inspection.id, "order", series="X",
                              format_number=lambda n, y: f"杭安指〔{y}〕{n}号",
                              render=lambda number, at, ws=ws: (f"%PDF {number} {ws.device_id}".encode(), "h"),
                              issued_at=datetime(2026, 11, 1, 9, 0).astimezone())
            paths.append(export_bundle(ws, tmp_path / f"{name}.scbundle").path)
    first, second = import_to_hq(hq, paths, trust=True)
    assert first.added["document"] == 1 and not first.conflicts
    assert [c.kind for c in second.conflicts] == ["document_number"]
    assert "杭安指〔2026〕1号" in str(second.conflicts[0])
    assert [c.kind for c in hq.conflicts()] == ["document_number"]
    # the refused document is missing at headquarters, and the audit check says so
    assert [p.message for p in hq.audit_verify()] == \
        [f"document 记录 {second.conflicts[0].entity_id} 已不存在"]


def test_photo_blobs_are_verified_when_read(hq, bundles):
    import hashlib

    import_to_hq(hq, [bundles["a1"]], trust=True)
    finding_rows = hq.page(FindingQuery(), limit=1)
    assert finding_rows
    from export.sync.container import open_signed

    signed = open_signed(bundles["a1"], kind="bundle")
    try:
        digest = signed.blob_names()[0]
    finally:
        signed.close()
    data = hq.blob(digest)
    assert hashlib.sha256(data).hexdigest() == digest and len(data) > 100


def test_cli_imports_and_reports_on_either_engine(hq_target, bundles, tmp_path):
    from tests.faults.hostile import run_cli

    where = ["--hq", str(hq_target)]
    done, _ = run_cli(*where, "sync", "import", "--trust", bundles["a1"], bundles["b1"])
    assert done.returncode == 0, done.stderr
    assert "新增" in done.stdout and "Traceback" not in done.stderr
    done, _ = run_cli(*where, "audit", "verify")
    assert done.returncode == 0 and "审计链完整" in done.stdout, done.stderr
    done, _ = run_cli(*where, "ledger", "stats", "--by", "区域", "--today", TODAY.isoformat())
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("分组\t检查\t隐患")
    assert len(done.stdout.splitlines()) >= 3
    out = tmp_path / "ledger.csv"
    done, _ = run_cli(*where, "ledger", "export", "--out", out, "--today", TODAY.isoformat())
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) > 5
    book = tmp_path / "ledger.xlsx"
    done, _ = run_cli(*where, "ledger", "export", "--out", book, "--today", TODAY.isoformat())
    assert done.returncode == 0, done.stderr
    from openpyxl import load_workbook

    sheets = load_workbook(book, read_only=True).worksheets
    assert len(sheets) == 2 and sheets[0].max_row == len(lines)       # the ledger, and 汇总
    assert any(row[0] == "合计" for row in sheets[1].iter_rows(values_only=True))



# ----- what workspace migrations 8-11 added: per-equipment answers, a plan task, signatures --
RECORDS = (*merging.RECORD_TABLES, "finding_event")


def table_rows(hq, table: str) -> list[dict]:
    """Every row of a record table, as plain values, on either engine (without the
    workspace's local copies, ``audit.LOCAL_COLUMNS``, which never travel)."""
    conn = hq.ws.conn if hq.engine == "sqlite" else hq.conn
    cur = conn.execute(f'SELECT * FROM "{table}" ORDER BY id')
    names = [c[0] for c in cur.description]
    return [{k: v for k, v in zip(names, r) if k not in audit.LOCAL_COLUMNS} for r in cur.fetchall()]


def planned_inspection(ws: Workspace) -> tuple[str, str]:
    """On a laptop: a plan drawn, an inspection started for its task with two pressure
    vessels' tables answered, and a 指令书 signed on screen by the team and the unit.
    Returns (the task's id, the order's id)."""
    ws.set_settings({"department": EMS_DEPARTMENT, "department_samr": SAMR_DEPARTMENT,
                     "inspectors": INSPECTORS})
    checklist = ws.install_checklist(CHECKLIST, "test")
    ent = ws.add_enterprise(name="杭州某某化工机械有限公司", sector="trade", district="西湖区",
                            risk_colour="red")
    a = ws.add_equipment(ent.id, kind="pressure_vessel", name="1号反应釜", register_code="21103301002019000011")
    b = ws.add_equipment(ent.id, kind="pressure_vessel", name="2号储气罐", register_code="21103301002019000022")
    plan = ws.create_plan(title="2027年度双随机抽查计划", family="samr", period_start="2026-01-01",
                          period_end="2027-12-31", ratio_percent=100, key_colours=["red"])
    task = ws.run_draw(plan.id, draw_date="2026-11-01", public_value="上证指数 3412.56",
                       drawn_by="刘洋").tasks[0]
    insp = ws.start_inspection(ent.id, [checklist.hash], list(task.inspectors), task_id=task.id,
                               site="二号车间")
    ws.set_equipment_tables(insp.id, [{"id": a.id, "attributes": {"quick_open": "yes"}},
                                      {"id": b.id, "attributes": {"quick_open": "no"}}])
    ws.record_result(insp.id, checklist.hash, "PV-01-01", result=Result.PASS)
    for item in ("PV-02-01", "PV-02-02"):               # one item, two vessels: two answers
        ws.record_result(insp.id, checklist.hash, item, result=Result.FAIL, equipment_id=a.id,
                         note=f"现场查见，1号反应釜不符合{item}的要求")
        ws.record_result(insp.id, checklist.hash, item, result=Result.PASS, equipment_id=b.id)
    kind = signed_kind(ws, insp.id, "order")
    for n, person in enumerate(task.inspectors, 1):
        ws.add_signature(insp.id, kind, "inspector", person["name"], handwriting(n))
    ws.add_signature(insp.id, kind, "unit", "王五", handwriting(9))
    order = issue.issue_order(ws, insp.id, photos=False)
    assert len(order.data["signatures"]) == 3 and ws.audit_verify() == []
    return task.id, order.id


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """The laptop's bundle, and bundles of copies of it where the device itself (every
    audit event in order, the file signed) changed a signature its order lists."""
    base = tmp_path_factory.mktemp("hq-planned")
    with Workspace.open(base / "f.sitecheck") as ws:
        task_id, order_id = planned_inspection(ws)
        export_bundle(ws, base / "planned.scbundle")
        ws.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    forged = {}
    for case, change in (("signer", {"signer": "张冒名"}), ("kind", {"kind": "order"})):
        shutil.copy(base / "f.sitecheck", base / f"{case}.sitecheck")
        with Workspace.open(base / f"{case}.sitecheck") as ws:
            moved = ws.execute("SELECT id FROM signature ORDER BY id LIMIT 1").fetchone()[0]
            with ws.transaction():
                ws._update("signature", moved, change, action="bind")
            forged[case] = (moved, export_bundle(ws, base / f"{case}.scbundle", everything=True).path)
    return {"bundle": base / "planned.scbundle", "task": task_id, "order": order_id, "forged": forged}


def test_equipment_answers_a_plan_task_and_signatures_merge_alike_on_both_engines(bundles, planned,
                                                                                tmp_path, pg_url):
    files = [bundles["b1"], planned["bundle"]]
    seen = {}
    for target in (tmp_path / "hq.sitecheck", pg_url):
        with open_hq(target) as hq:
            import_to_hq(hq, files, trust=True)
            again = import_to_hq(hq, files, trust=True)
            assert all(r.already_imported for r in again)
            assert hq.audit_verify() == []
            seen[hq.engine] = (snapshot(hq), {t: table_rows(hq, t) for t in RECORDS})
    assert seen["postgresql"] == seen["sqlite"]
    rows = seen["postgresql"][1]
    vessels = [r for r in rows["answer"] if r["for_equipment"]]
    assert len(vessels) == 4 and len({(r["item_id"], r["for_equipment"]) for r in vessels}) == 4
    assert [r["task_id"] for r in rows["inspection"] if r["task_id"]] == [planned["task"]]
    assert [json.loads(r["equipment_tables"])[0]["attributes"] for r in rows["inspection"]
            if r["equipment_tables"]] == [{"quick_open": "yes"}]
    assert {r["document_id"] for r in rows["signature"]} == {planned["order"]}
    assert len(rows["signature"]) == 3 and all(r["strokes"] for r in rows["signature"])
    failed = {r["for_equipment"] for r in vessels if r["result"] == Result.FAIL}
    assert len(failed) == 1          # vessel 1 failed both items, vessel 2 passed them
    assert [r["equipment_id"] for r in rows["finding"] if r["item_id"] in ("PV-02-01", "PV-02-02")] \
        == [*failed, *failed]


@pytest.mark.parametrize("case", ["signer", "kind"])
def test_a_signature_its_document_does_not_list_is_refused_on_both_engines(hq, bundles, planned, case):
    moved, forged = planned["forged"][case]
    import_to_hq(hq, [bundles["b1"]], trust=True)
    before = snapshot(hq)
    with pytest.raises(BundleRejected, match=f"签名 {moved} 不是文书 {planned['order']} 所列的签名"):
        import_to_hq(hq, [forged], trust=True)
    assert snapshot(hq) == before and table_rows(hq, "signature") == []


def test_audit_verify_finds_a_signature_changed_behind_the_programs_back(hq, planned):
    import_to_hq(hq, [planned["bundle"]], trust=True)
    assert hq.audit_verify() == []
    moved = table_rows(hq, "signature")[0]["id"]
    conn = hq.ws.conn if hq.engine == "sqlite" else hq.conn
    conn.execute(f"UPDATE signature SET signer = '张冒名' WHERE id = '{moved}'")
    conn.commit()
    assert sorted(p.message for p in hq.audit_verify()) == [
        f"signature 记录 {moved} 在审计之外被修改",
        f"签名 {moved} 不是文书 {planned['order']} 所列的签名（签名被移到了别的文书）"]


# ----- what workspace migrations 12 and 13 added: 行政处罚 and 挂牌督办 records ----------
@pytest.fixture(scope="module")
def enforced(tmp_path_factory):
    """A laptop's sample data with documents: penalties (decided and only filed) and
    listings (overdue, due soon, 摘牌); its bundle, then a later one in which the filed
    penalty is decided, a decided one deleted and another major hazard listed."""
    base = tmp_path_factory.mktemp("hq-enforced")
    with Workspace.open(base / "e.sitecheck") as ws:
        fill_with_documents(ws, inspections=12, seed=44, today=TODAY)
        export_bundle(ws, base / "e1.scbundle")
        penalties = {p.decided: p for p in ws.penalties()}
        ws.update_penalty(penalties[False].id, decision_number="（示例）应急罚〔2026〕99号",
                          decided_on=TODAY, kinds=["warning"])
        ws.delete_penalty(penalties[True].id)
        live = [f for f in ws.findings(FindingQuery(level=HazardLevel.MAJOR,
                                                    states=(FindingState.OPEN, FindingState.ORDERED)))
                if ws.finding_supervision(f.id) is None]
        listed = ws.list_supervision(live[0].id, deadline=TODAY, listed_on=live[0].created_at[:10])
        export_bundle(ws, base / "e2.scbundle")
    return {"first": base / "e1.scbundle", "later": base / "e2.scbundle", "listed": listed,
            "decided": penalties[False].id, "deleted": penalties[True].id}


def test_penalties_and_supervisions_merge_alike_on_both_engines(enforced, tmp_path, pg_url):
    files = [enforced["first"], enforced["later"]]
    seen = {}
    for target in (tmp_path / "hq.sitecheck", pg_url):
        with open_hq(target) as hq:
            reports = import_to_hq(hq, files, trust=True)
            assert hq.audit_verify() == []
            # (a workspace has the built-in checklists already: the checklists added differ)
            seen[hq.engine] = (snapshot(hq), {t: table_rows(hq, t) for t in RECORDS},
                               [({k: n for k, n in r.added.items() if k != "checklist"}, r.updated)
                                for r in reports])
    assert seen["postgresql"] == seen["sqlite"]
    got, rows, reports = seen["postgresql"]
    assert reports[0][0]["penalty"] == 4 and reports[0][0]["supervision"] == 3
    assert reports[1][0]["supervision"] == 1 and reports[1][1]["penalty"] == 2
    penalties = {r["id"]: r for r in rows["penalty"]}
    assert penalties[enforced["deleted"]]["deleted"] == 1
    assert penalties[enforced["decided"]]["decision_number"] == "（示例）应急罚〔2026〕99号"
    states = {r["finding_id"]: (r["deadline"], r["delisted_on"]) for r in rows["supervision"]}
    listed = {k: v[0] for k, v in states.items() if v[1] is None}
    assert len(states) == 4 and len(listed) == 3 and enforced["listed"].finding_id in listed
    # the ledger: the listings not yet 摘牌, those past their deadline, and each row's deadline
    assert {r[0]: r[5] for r in got["supervised"][1]} == listed
    assert got["supervision_overdue"][0] == sum(d < TODAY.isoformat() for d in listed.values()) == 1
    assert {r[0]: r[5] for r in got["all"][1] if r[5]} == listed


def test_a_later_bundle_of_penalties_and_supervisions_arriving_first(hq, enforced, tmp_path):
    with open_hq(tmp_path / "reference.sitecheck") as reference:
        import_to_hq(reference, [enforced["first"], enforced["later"]], trust=True)
        expected = snapshot(reference), table_rows(reference, "penalty"), \
            table_rows(reference, "supervision")
    for name in ("later", "first"):
        import_to_hq(hq, [enforced[name]], trust=True)
    assert (snapshot(hq), table_rows(hq, "penalty"), table_rows(hq, "supervision")) == expected
    assert hq.audit_verify() == []


def test_a_supervision_past_its_rules_is_refused_on_both_engines(hq, bundles, enforced, tmp_path):
    """A 督办期限 before the day of listing breaks a rule of storage/sync/rules.py: the file
    is refused and nothing changes, on either engine."""
    from tests.faults.test_forged_rows import set_value

    import_to_hq(hq, [bundles["b1"]], trust=True)
    before = snapshot(hq)
    with Workspace.open(enforced["first"].parent / "e.sitecheck") as field:    # its key signs
        bad = resign(field, enforced["first"], tmp_path / "early.scbundle",
                     part_edit=set_value("supervision", "deadline", "2000-01-01"))
    with pytest.raises(BundleRejected, match=r"挂牌督办记录 .* 的字段 deadline 的值 '2000-01-01' 无效"):
        import_to_hq(hq, [bad], trust=True)
    assert snapshot(hq) == before and table_rows(hq, "supervision") == []
