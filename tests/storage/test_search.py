"""Workspace.search_all (the window's Ctrl+F) against a real workspace file."""
from __future__ import annotations

import pytest

from checklists.common.vocabulary import EquipmentKind
from storage.search import EnterpriseHit, EquipmentHit, FindingHit, SearchResults

INSPECTORS = [{"name": "王建国", "cert_no": "33010020230001"},
              {"name": "李晓燕", "cert_no": "33010020230002"}]


@pytest.fixture
def data(ws):
    """Two enterprises with equipment, and an inspection with findings."""
    hongda = ws.add_enterprise(name="宏达精密五金有限公司", credit_code="91441900MA4UJ7XK2P",
                               address="东莞市长安镇锦厦路8号")
    plant = ws.add_enterprise(name="杭州100%_纯净水厂", address="西湖区文三路")
    lift = ws.add_equipment(hongda.id, kind=EquipmentKind.ELEVATOR, name="1号客梯",
                            register_code="31104419002019060001", location="办公楼东侧")
    boiler = ws.add_equipment(plant.id, kind=EquipmentKind.BOILER, name="燃气锅炉",
                              registration_no="锅11浙A0042(21)", location="锅炉房")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(hongda.id, [checklist.hash], INSPECTORS)
    door = ws.add_finding(insp.id, description="配电箱门锁损坏")
    duty = ws.add_finding(insp.id, description="未见考核记录", checklist_hash=checklist.hash,
                          item_id="GS-01-02")
    return dict(hongda=hongda, plant=plant, lift=lift, boiler=boiler, insp=insp, door=door,
                duty=duty)


def ids(group) -> list[str]:
    return [hit.id for hit in group.hits]


def test_one_search_finds_every_kind_grouped(ws, data):
    result = ws.search_all("宏达")
    assert isinstance(result, SearchResults)
    assert ids(result.enterprises) == [data["hongda"].id]
    assert result.equipment.hits == () and result.findings.hits == ()
    hit = result.enterprises.hits[0]
    assert isinstance(hit, EnterpriseHit) and hit.credit_code == "91441900MA4UJ7XK2P"
    with pytest.raises(AttributeError):                 # frozen
        hit.name = "x"
    # credit code (any case) and address find the enterprise too
    assert ids(ws.search_all("ma4uj7").enterprises) == [data["hongda"].id]
    assert ids(ws.search_all("锦厦路").enterprises) == [data["hongda"].id]


def test_one_and_two_chinese_characters(ws, data):
    one = ws.search_all("锁")                           # 1 character: the finding's description
    assert ids(one.findings) == [data["door"].id]
    assert isinstance(one.findings.hits[0], FindingHit)
    assert one.findings.hits[0].enterprise_name == "宏达精密五金有限公司"
    two = ws.search_all("门锁")                         # 2 characters
    assert ids(two.findings) == [data["door"].id]
    assert ids(ws.search_all("锅").equipment) == [data["boiler"].id]        # 1 character: 锅炉
    assert ids(ws.search_all("五金").enterprises) == [data["hongda"].id]    # 2 characters


def test_equipment_by_code_type_and_location(ws, data):
    assert ids(ws.search_all("2019060001").equipment) == [data["lift"].id]
    assert ids(ws.search_all("浙A0042").equipment) == [data["boiler"].id]   # registration number
    by_type = ws.search_all("电梯")                     # the type is a code; its label is searched
    assert ids(by_type.equipment) == [data["lift"].id]
    assert ids(ws.search_all("elevator").equipment) == [data["lift"].id]   # the English label
    hit = ws.search_all("东侧").equipment.hits[0]
    assert isinstance(hit, EquipmentHit) and hit.kind == EquipmentKind.ELEVATOR
    assert hit.enterprise_id == data["hongda"].id and hit.enterprise_name == "宏达精密五金有限公司"


def test_findings_by_checklist_item(ws, data):
    # GS-01-02 asks about 监督考核机制; the finding's own words do not say it
    result = ws.search_all("监督考核机制")
    assert ids(result.findings) == [data["duty"].id]
    assert "监督考核机制" in result.findings.hits[0].item_question
    assert ws.search_all("门锁").findings.hits[0].item_question is None


def test_wildcards_are_literal(ws, data):
    assert ids(ws.search_all("%").enterprises) == [data["plant"].id]
    assert ids(ws.search_all("_").enterprises) == [data["plant"].id]
    assert ids(ws.search_all("100%_").enterprises) == [data["plant"].id]
    assert ws.search_all("1_0").enterprises.hits == ()          # _ is not "any character"
    assert ws.search_all("宏%公司").enterprises.hits == ()       # % is not "anything"
    assert ws.search_all("\\").count == 0
    assert ws.search_all('"').count == 0 and ws.search_all("门 OR 锅").count == 0   # FTS syntax is text


def test_deleted_rows_are_not_found(ws, data):
    ws.delete_finding(data["door"].id)
    assert ws.search_all("门锁").findings.hits == ()
    ws._update("equipment", data["boiler"].id, {"deleted": 1})   # a tombstone, as sync brings them
    assert ws.search_all("锅炉").equipment.hits == ()
    ws._update("enterprise", data["hongda"].id, {"deleted": 1})
    gone = ws.search_all("宏达")
    assert gone.count == 0
    assert ws.search_all("客梯").equipment.hits == ()          # equipment of a deleted enterprise
    assert ws.search_all("考核").findings.hits == ()           # findings of a deleted enterprise


def test_empty_search_and_limits(ws, data):
    assert ws.search_all("").count == 0 and ws.search_all("  \u200b ").count == 0
    for n in range(5):
        ws.add_enterprise(name=f"宏达物流{n}号仓")
    limited = ws.search_all("宏达", limit=3)
    assert len(limited.enterprises.hits) == 3 and limited.enterprises.more
    everything = ws.search_all("宏达", limit=10)
    assert len(everything.enterprises.hits) == 6 and not everything.enterprises.more
    names = [h.name for h in everything.enterprises.hits]
    assert names == sorted(names)
