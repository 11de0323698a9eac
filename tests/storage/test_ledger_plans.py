"""The ledger's plans at scale give the rows of the plain reference queries: the text
filter walked or taken from the full-text index (storage/textplan.py), the district
filter on each finding's copy of its district, the checklist filter one installed
version at a time, and statistics from one row per key — sort orders, directions and
keyset cursors included, on a small headquarters with real rows."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from storage import ledger, textplan
from storage.bulk import bulk_insert
from storage.ids import uuid7
from storage.ledger import FindingQuery
from storage.workspace import Workspace

WORDS = ("锅炉", "压力表超期", "灭火器", "门锁损坏", "Valve 泄漏", "配电箱", "安全阀")
DISTRICTS = ("上城区", "西湖区", None)
TODAY = date(2026, 11, 20)


def reference(ws: Workspace, query: FindingQuery) -> list[str]:
    """Every matching id in page order, from one SQL query with the plain filters: the
    enterprise's own district, every hash of the checklist id, the full-text index."""
    clauses, params = ["f.deleted = 0"], []
    if query.district:
        clauses.append("e.district = ?")
        params.append(query.district)
    if query.checklist_id:
        clauses.append("f.checklist_hash IN (SELECT hash FROM checklist WHERE id = ?)")
        params.append(query.checklist_id)
    if query.text:
        clause, more = ledger._text_clause(ws, query.text)
        clauses.append(clause)
        params += more
    order = ledger.LEDGER_ORDER[query.order_by]
    direction = "DESC" if query.descending else "ASC"
    return [r[0] for r in ws.execute(
        f"SELECT f.id {ledger.LEDGER_FROM} WHERE {' AND '.join(clauses)} "
        f"ORDER BY {order} {direction}, f.id {direction}", params)]


def walk(ws: Workspace, query: FindingQuery, size: int) -> list[str]:
    ids, after = [], None
    while True:
        page = ws.ledger(query, limit=size, after=after)
        ids += [r.finding.id for r in page]
        if len(page) < size:
            return ids
        after = page[-1].cursor


@pytest.fixture(scope="module")
def hq(tmp_path_factory):
    """3,000 findings of 40 enterprises: words of every frequency (one in two rows, one in
    300), ties in created_at, no deadline on some, two versions of one checklist."""
    rng = random.Random(3)
    with Workspace.open(tmp_path_factory.mktemp("hq") / "hq.sitecheck") as ws:
        lists = ws.checklists()
        with ws.transaction():          # a second version of the first checklist
            ws.execute("INSERT INTO checklist (hash, id, version, title, family, applies_to, "
                       "item_count, yaml, source, installed_at) SELECT 'f' || substr(hash, 2), "
                       "id, version || '-b', title, family, applies_to, item_count, yaml, source, "
                       "installed_at FROM checklist WHERE hash = ?", [lists[0].hash])
        hashes = [c.hash for c in lists] + ["f" + lists[0].hash[1:]]
        ents = [{"id": uuid7(), "name": f"测试{n}号公司" + ("锅炉厂" if n == 7 else ""),
                 "district": DISTRICTS[n % 3]} for n in range(40)]
        bulk_insert(ws, "enterprise", ents)
        insps, rows = [], []
        for n in range(600):
            ent = rng.choice(ents)
            day = TODAY - timedelta(days=rng.randint(0, 400))
            stamp = f"{day.isoformat()}T0{rng.randint(8, 9)}:00:00.000+08:00"      # many ties
            insp = {"id": uuid7(), "enterprise_id": ent["id"], "mode": "routine", "family": "ems",
                    "checklists": "[]", "inspectors": json.dumps([{"name": "王"}, {"name": "李"}]),
                    "started_at": stamp, "created_at": stamp, "updated_at": stamp}
            insps.append(insp)
            for k in range(5):
                rows.append(_finding(rng, insp, ent, stamp, n * 5 + k, rng.choice(hashes)))
        bulk_insert(ws, "inspection", insps)
        bulk_insert(ws, "finding", rows)
        yield ws


def _finding(rng, insp, ent, stamp, n, checklist) -> dict:
    words = [w for w, every in zip(WORDS, (2, 5, 30, 300, 50, 7, 1000)) if n % every == 0]
    return {"id": uuid7(), "inspection_id": insp["id"], "enterprise_id": ent["id"],
            "checklist_hash": checklist if n % 11 else None, "level": "general",
            "description": "，".join(words) or "其他", "rectification": "deadline",
            "deadline": rng.choice([None, (date.fromisoformat(stamp[:10]) + timedelta(days=15)).isoformat()]),
            "state": rng.choice(("open", "ordered", "closed")), "state_at": stamp,
            "note": "VALVE 已拍照" if n % 13 == 0 else None, "created_at": stamp, "updated_at": stamp}


TEXTS = ("锅", "压力表", "灭火器", "门锁损坏", "valve", "VALVE", "阀", "锈", "配电箱，安全", "锅炉厂")


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("order_by, descending", [("created_at", True), ("created_at", False),
                                                  ("deadline", False), ("deadline", True)])
def test_text_pages_equal_the_index_alone(hq, text, order_by, descending):
    query = FindingQuery(text=text, order_by=order_by, descending=descending)
    expected = reference(hq, query)
    assert walk(hq, query, 200) == expected
    assert walk(hq, query, 37) == expected


@pytest.mark.parametrize("walk_cost, fts_cost", [(1.0, 1e9), (1e9, 1.0)])
@pytest.mark.parametrize("text", ("锅", "灭火器", "门锁损坏", "valve"))
def test_walk_alone_and_index_after_one_batch_agree(hq, monkeypatch, text, walk_cost, fts_cost):
    """Forced to walk to the end, or to switch to the index after the first batch."""
    monkeypatch.setattr(textplan, "WALK_COST", walk_cost)
    monkeypatch.setattr(textplan, "FTS_COST", fts_cost)
    query = FindingQuery(text=text, states=None)
    assert walk(hq, query, 150) == reference(hq, query)


def test_the_walk_switches_to_the_index_for_a_rare_word(hq, monkeypatch):
    calls = []
    real = textplan._from_index
    monkeypatch.setattr(textplan, "_from_index", lambda *a, **k: calls.append(k) or real(*a, **k))
    frequent = hq.ledger(FindingQuery(text="锅"), limit=50)
    assert len(frequent) == 50 and calls == []                  # found by the walk alone
    rare = hq.ledger(FindingQuery(text="门锁损坏"), limit=50)
    assert [r.finding.id for r in rare] == reference(hq, FindingQuery(text="门锁损坏"))
    assert calls and calls[0]["after"] is not None              # the index after the walk


@pytest.mark.parametrize("district", ["上城区", "西湖区", "滨江区"])
@pytest.mark.parametrize("descending", [True, False])
def test_district_pages_equal_the_enterprise_join(hq, district, descending):
    query = FindingQuery(district=district, descending=descending)
    assert walk(hq, query, 45) == reference(hq, query)


def test_district_follows_its_enterprise(tmp_path):
    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        from storage import demo

        demo.fill(ws, inspections=8)
        ent = next(e for e in ws.enterprises() if ws.ledger(FindingQuery(enterprise_id=e.id)))
        ws.update_enterprise(ent.id, district="新设区")
        mine = {r.finding.id for r in ws.ledger(FindingQuery(enterprise_id=ent.id))}
        assert {r.finding.id for r in ws.ledger(FindingQuery(district="新设区"))} == mine
        assert set(reference(ws, FindingQuery(district="新设区"))) == mine
        assert ws.audit_verify() == []          # the local copy is not in the audit hash


@pytest.mark.parametrize("which", [0, 1, -1])
@pytest.mark.parametrize("descending", [True, False])
def test_checklist_pages_equal_every_version(hq, which, descending):
    query = FindingQuery(checklist_id=hq.checklists()[which].id, descending=descending)
    expected = reference(hq, query)
    assert expected
    assert walk(hq, query, 60) == expected
    assert [r.finding.id for r in hq.ledger(query, limit=25, offset=30)] == expected[30:55]
    assert hq.count_findings(query) == len(expected)


def test_statistics_equal_the_scan_on_many_days(hq):
    for day in (TODAY - timedelta(days=200), TODAY, TODAY + timedelta(days=30)):
        for by in ledger.GROUPS:
            assert ledger.statistics(hq, by=by, today=day) == ledger.statistics_scan(hq, by=by, today=day)
