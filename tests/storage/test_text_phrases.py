"""Phrases in the ledger's text filter (storage/textplan.py, storage/fts.py): the first
page, however it is found (the walk, the index's candidates sorted, or the page's order
walked against them), equals a plain scan of the findings: the phrase in the description
or the note (``instr``), or in the enterprise's name, in the page's order, both ways."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from checklists.common.vocabulary import FindingState
from storage import fts, textplan
from storage.bulk import bulk_insert
from storage.ids import uuid7
from storage.ledger import FindingQuery
from storage.workspace import Workspace

TODAY = date(2026, 11, 20)
PLACES = ("一号车间", "锅炉房", "仓库", "后厨", "地下车库", "配电房")
HAZARDS = ("安全阀未按期校验", "压力表超期未检", "配电箱门锁损坏", "动火作业未审批", "安全出口指示灯不亮",
           "锅炉水质化验记录不全", "气瓶超期未检仍在使用", "有限空间未设置警示标志")
DISTRICTS = ("上城区", "西湖区", None)


@pytest.fixture(scope="module")
def hq(tmp_path_factory):
    """4,000 findings of 30 enterprises (one named 后厨安全出口设备公司), texts as a
    place, a hazard and a second hazard, so that phrases of every share occur."""
    rng = random.Random(21)
    with Workspace.open(tmp_path_factory.mktemp("phrases") / "hq.sitecheck") as ws:
        ents = [{"id": uuid7(), "name": "后厨安全出口设备公司" if n == 4 else f"测试{n}号公司",
                 "district": DISTRICTS[n % 3]} for n in range(30)]
        bulk_insert(ws, "enterprise", ents)
        insps, rows = [], []
        for _ in range(800):
            ent = rng.choice(ents)
            day = TODAY - timedelta(days=rng.randint(0, 500))
            stamp = f"{day.isoformat()}T0{rng.randint(8, 9)}:00:00.000+08:00"      # ties
            insp = {"id": uuid7(), "enterprise_id": ent["id"], "mode": "routine", "family": "ems",
                    "checklists": "[]", "inspectors": json.dumps([{"name": "王"}, {"name": "李"}]),
                    "started_at": stamp, "created_at": stamp, "updated_at": stamp}
            insps.append(insp)
            rows += [_finding(rng, insp, ent, day, stamp) for _ in range(5)]
        bulk_insert(ws, "inspection", insps)
        bulk_insert(ws, "finding", rows)
        yield ws


def _finding(rng, insp, ent, day, stamp) -> dict:
    return {"id": uuid7(), "inspection_id": insp["id"], "enterprise_id": ent["id"],
            "level": "general", "rectification": "deadline",
            "description": f"{rng.choice(PLACES)}{rng.choice(HAZARDS)}，{rng.choice(HAZARDS)}",
            "deadline": rng.choice([None, (day + timedelta(days=rng.choice((7, 15)))).isoformat()]),
            "state": rng.choice(("open", "ordered", "rectified", "closed")), "state_at": stamp,
            "note": rng.choice(("现场已拍照取证，锅炉房 安全阀未按期校验", None, None, None, None)),
            "created_at": stamp, "updated_at": stamp}


def scan(ws: Workspace, query: FindingQuery) -> list[str]:
    """Every matching id in page order, by reading every finding: the text in the
    description or note (these phrases have no letters), or in the enterprise's name."""
    rows = ws.execute("SELECT f.id, f.created_at, f.deadline, f.description, f.note, f.state, "
                      "e.name, e.district FROM finding f JOIN enterprise e ON e.id = f.enterprise_id "
                      "WHERE f.deleted = 0").fetchall()
    text = query.text
    hits = [r for r in rows
            if (text in r[3] or text in (r[4] or "") or text in r[6])
            and (not query.states or r[5] in query.states)
            and (not query.district or r[7] == query.district)]
    column = 1 if query.order_by == "created_at" else 2
    hits.sort(key=lambda r: (r[column] is not None, r[column] or "", r[0]),     # NULL first
              reverse=query.descending)
    return [r[0] for r in hits]


def pages(ws: Workspace, query: FindingQuery, size: int) -> list[str]:
    ids, after = [], None
    while True:
        page = ws.ledger(query, limit=size, after=after)
        ids += [r.finding.id for r in page]
        if len(page) < size:
            return ids
        assert len(ids) <= 4000, "pages that never end"
        after = page[-1].cursor


PHRASES = {
    "common": "配电箱门锁损坏",                 # about one in four
    "rare": "地下车库安全阀未按期校验，动火",      # a few
    "in notes": "现场已拍照取证，锅炉房",
    "in a name": "后厨安全出口",                 # texts and one enterprise's name
    "across hazards": "校验，安全出口",
    "absent": "安全阀门锁损坏",
    "with a space": "取证，锅炉房 安全阀",
}
ORDERS = [("created_at", True), ("created_at", False), ("deadline", False), ("deadline", True)]
PLANS = {"as planned": (1.0, 0.25, 15.0, 5.0),
         "walked to the end": (1.0, 1e9, 15.0, 5.0),
         "candidates sorted": (1e9, 1.0, 1.0, 1e9),
         "order walked against candidates": (1e9, 1.0, 1e9, 1e9),
         "filter's rows tested, no index": (1e9, 1.0, 15.0, 0.0)}


def force(monkeypatch, plan: str) -> None:
    for name, value in zip(("WALK_COST", "FTS_COST", "ROW_COST", "SCAN_COST"), PLANS[plan]):
        monkeypatch.setattr(textplan, name, value)


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("order_by, descending", ORDERS)
@pytest.mark.parametrize("kind", PHRASES)
def test_phrase_pages_equal_a_plain_scan(hq, monkeypatch, kind, order_by, descending, plan):
    force(monkeypatch, plan)
    query = FindingQuery(text=PHRASES[kind], order_by=order_by, descending=descending)
    expected = scan(hq, query)
    assert (expected == []) == (kind == "absent")
    assert [r.finding.id for r in hq.ledger(query, limit=200)] == expected[:200]
    assert pages(hq, query, 70) == expected


FILTERS = {"unclosed": {"states": (FindingState.OPEN, FindingState.ORDERED, FindingState.RECTIFIED)},
           "district": {"district": "西湖区"},
           "both": {"states": (FindingState.CLOSED,), "district": "上城区"}}


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("kind", ["common", "rare", "in a name", "absent"])
@pytest.mark.parametrize("which", FILTERS)
def test_phrases_with_filters_equal_a_plain_scan(hq, monkeypatch, which, kind, descending, plan):
    force(monkeypatch, plan)
    query = FindingQuery(text=PHRASES[kind], descending=descending, **FILTERS[which])
    assert pages(hq, query, 45) == scan(hq, query)


def test_a_rare_phrase_asks_the_index_for_a_few_pairs_and_tests_them(hq):
    total = hq.execute("SELECT MAX(rowid) FROM finding").fetchone()[0]
    expression, exact, share = textplan._candidates(hq, PHRASES["rare"], total, judged=False)
    assert not exact and expression.count(" AND ") < len(fts.pairs(PHRASES["rare"])) - 1
    assert 0 < share < 0.05
    candidates = {r[0] for r in hq.execute("SELECT f.id FROM finding_fts JOIN finding f ON "
                                           "f.rowid = finding_fts.rowid WHERE finding_fts MATCH ?",
                                           [expression])}
    assert set(scan(hq, FindingQuery(text=PHRASES["rare"]))) - {  # all but the name's
        r[0] for r in hq.execute("SELECT f.id FROM finding f JOIN enterprise e ON "
                                 "e.id = f.enterprise_id WHERE instr(e.name, ?)", [PHRASES["rare"]])
    } <= candidates
    letters = textplan._candidates(hq, "Valve 泄漏", total, judged=True)
    assert letters[:2] == (fts.match_expression("Valve 泄漏"), True)
    assert textplan._candidates(hq, "门锁", total, judged=False) == ('"门 锁"', True, 0.0)
    assert textplan._candidates(hq, "门锁", total, judged=True).share > 0.1    # no filter: not read
    assert textplan._candidates(hq, "配电箱门锁损坏", total, judged=False).share > 0.1      # about a quarter


@pytest.mark.parametrize("text", ["门锁", "锅", "炉房", "Va", "a\"", "%_"])
def test_two_characters_are_one_trigram_and_find_the_same(hq, text):
    """The one trigram of a pair finds what the spaced phrase finds."""
    phrase = '"' + fts.spaced(text).replace('"', '""') + '"'
    by_phrase = hq.execute("SELECT rowid FROM finding_fts WHERE finding_fts MATCH ? ORDER BY rowid",
                           [phrase]).fetchall()
    ours = hq.execute("SELECT rowid FROM finding_fts WHERE finding_fts MATCH ? ORDER BY rowid",
                      [fts.match_expression(text)]).fetchall()
    assert ours == by_phrase
    assert (len(ours) > 0) == (text in ("门锁", "锅", "炉房"))


def test_pairs_leave_out_spaces_and_repeats():
    assert fts.pairs("配电箱门 锁损坏") == ["配电", "电箱", "箱门", "锁损", "损坏"]
    assert fts.pairs("安全安全") == ["安全", "全安"]
    assert fts.all_pairs_expression(["a\"", "门锁"]) == '"a \"\"" AND "门 锁"'
