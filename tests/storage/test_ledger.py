"""The ledger read model: text search over findings and enterprise names, checklist
titles, and sort orders that read the way the column is understood."""
from __future__ import annotations

import pytest

from checklists.common.vocabulary import FindingState, HazardLevel, Rectification
from storage.ledger import FindingQuery

INSPECTORS = [{"name": "王建国", "cert_no": "33010020230001"},
              {"name": "李晓燕", "cert_no": "33010020230002"}]


def _inspect(ws, name: str, checklist_id: str = "general-sbls"):
    ent = ws.add_enterprise(name=name, district="西湖区")
    checklist = next(c for c in ws.checklists() if c.id == checklist_id)
    return ws.start_inspection(ent.id, [checklist.hash], INSPECTORS), checklist


def test_text_search_covers_enterprise_names_as_well_as_findings(ws):
    boiler, checklist = _inspect(ws, "杭州燊垚印染有限公司")
    market, _ = _inspect(ws, "杭州万通商业广场管理有限公司")
    a = ws.add_finding(boiler.id, description="锅炉水质化验记录不全", checklist_hash=checklist.hash)
    b = ws.add_finding(boiler.id, description="安全阀未按期校验")
    c = ws.add_finding(market.id, description="印染车间通道堆放杂物")     # 印染 in the text
    ws.add_finding(market.id, description="安全出口指示灯不亮")

    def ids(text: str) -> set[str]:
        return {r.finding.id for r in ws.ledger(FindingQuery(text=text))}

    assert ids("燊垚") == {a.id, b.id}                    # the enterprise's name only
    assert ids("印染") == {a.id, b.id, c.id}              # name of one, text of another
    assert ids("安全阀") == {b.id}
    assert ws.count_findings(FindingQuery(text="万通")) == 2
    assert ws.count_findings(FindingQuery(text="有限公司", states=(FindingState.OPEN,))) == 4
    assert ids("%") == set() and ids("_") == set()       # LIKE wildcards are literal text
    ws.update_enterprise(ws.enterprises("万通")[0].id, name="杭州万_通商业广场管理有限公司")
    assert ws.count_findings(FindingQuery(text="万_通")) == 2


def test_ledger_shows_checklist_titles_or_the_id_of_one_not_installed(ws):
    insp, checklist = _inspect(ws, "杭州堃喆机械制造有限公司")
    with_list = ws.add_finding(insp.id, description="甲", checklist_hash=checklist.hash,
                               item_id=next(checklist.items()).id)
    without = ws.add_finding(insp.id, description="乙")
    rows = {r.finding.id: r for r in ws.ledger()}
    assert rows[with_list.id].checklist_label == checklist.title != checklist.id
    assert rows[without.id].checklist_label == ""
    # Headquarters without that checklist version: the inspection still names its id.
    ws.db.execute("DELETE FROM checklist WHERE hash = ?", [checklist.hash])
    rows = {r.finding.id: r for r in ws.ledger()}
    assert rows[with_list.id].checklist_title is None
    assert rows[with_list.id].checklist_label == checklist.id == "general-sbls"


@pytest.mark.parametrize("key, enum, attr", [
    ("state", FindingState, "state"), ("level", HazardLevel, "level"),
    ("rectification", Rectification, "rectification")])
def test_coded_columns_sort_in_their_vocabulary_order(ws, key, enum, attr):
    insp, _ = _inspect(ws, "杭州恒达机械制造有限公司")
    for n in range(4):
        f = ws.add_finding(insp.id, description=f"隐患{n}", deadline="2026-12-31",
                           level=list(HazardLevel)[n % 2],
                           rectification=list(Rectification)[n % 3])
        for state in list(FindingState)[1:n + 1]:
            ws.transition(f.id, state)
    rank = {member: n for n, member in enumerate(enum)}
    for descending in (False, True):
        rows = ws.ledger(FindingQuery(order_by=key, descending=descending))
        values = [rank[getattr(r.finding, attr)] for r in rows]
        assert values == sorted(values, reverse=descending) and len(set(values)) > 1
