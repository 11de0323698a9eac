"""The built-in 应急管理 checklists of the 工贸 special areas (粉尘涉爆, 液氨制冷, 有限空间),
城镇燃气 users and 危险化学品 users: their shape, which criteria they cite, and the level a
failed item opens at a 工贸 enterprise and elsewhere."""
from __future__ import annotations

import re

import pytest

from checklists.common.vocabulary import CitationRole, Family, HazardLevel, Result, Sector
from checklists.loader import load_builtin
from storage.workspace import Workspace

TRADE_SPECIALS = {"dust-explosion": "DE", "ammonia-refrigeration": "AR", "confined-space": "CS"}
OTHERS = {"gas-user": "GU", "hazchem-user": "HC"}
NEW = {**TRADE_SPECIALS, **OTHERS}
CRITERION = "工贸企业重大事故隐患判定标准（应急管理部令第10号）"
# the articles of 应急管理部令第10号 whose text was read (the checklist headers say where)
READ = {"第三条第（一）项", "第三条第（二）项", "第十四条",
        *(f"第十一条第（{n}）项" for n in "一二三四五六七八九十"),
        "第十二条第（一）项", "第十二条第（二）项", "第十三条第（一）项", "第十三条第（二）项"}
# instruments whose text the new checklists may cite (the 2026 危险化学品安全法 is not one)
INSTRUMENTS = {"中华人民共和国安全生产法", "中华人民共和国消防法", "城镇燃气管理条例",
               "危险化学品安全管理条例", CRITERION}


@pytest.fixture(scope="module")
def builtin():
    return {c.id: c for c in load_builtin()}


@pytest.mark.parametrize("checklist_id", sorted(NEW))
def test_each_new_checklist_is_an_ems_checklist_of_twenty_items_or_more(builtin, checklist_id):
    checklist = builtin[checklist_id]
    assert checklist.family == Family.EMS and checklist.applies_to is None
    assert checklist.item_count >= 20
    prefix = NEW[checklist_id]
    assert all(re.fullmatch(rf"{prefix}-\d\d-\d\d", item.id) for item in checklist.items())
    others = [i.id for c in builtin.values() if c.id != checklist_id for i in c.items()]
    assert not any(i.startswith(prefix + "-") for i in others)          # the prefix is its own
    assert all(item.check_points and item.basis for item in checklist.items())


@pytest.mark.parametrize("checklist_id", sorted(NEW))
def test_citations_name_only_texts_that_were_read(builtin, checklist_id):
    for item in builtin[checklist_id].items():
        for citation in (*item.basis, *item.penalty):
            assert citation.instrument in INSTRUMENTS, (item.id, citation)
            if citation.instrument == CRITERION:
                assert citation.article in READ, (item.id, citation)
                assert citation.role == CitationRole.CRITERION


@pytest.mark.parametrize("checklist_id", sorted(TRADE_SPECIALS))
def test_major_items_are_major_at_trade_enterprises_only_and_name_their_duty(builtin, checklist_id):
    majors = [i for i in builtin[checklist_id].items() if i.hazard_level == HazardLevel.MAJOR]
    assert majors
    for item in majors:
        assert item.major_in == (Sector.TRADE,), item.id
        criteria = [c for c in item.basis if c.role == CitationRole.CRITERION]
        duties = [c for c in item.basis if c.role == CitationRole.OBLIGATION]
        assert len(criteria) == 1 and criteria[0].instrument == CRITERION, item.id
        assert any(c.instrument == "中华人民共和国安全生产法" for c in duties), item.id
        assert item.penalty, item.id                            # every major item has its penalty
        assert any(criteria[0].article in point for point in item.check_points), item.id


@pytest.mark.parametrize("checklist_id, article, items", [
    ("dust-explosion", "第十一条", 10), ("ammonia-refrigeration", "第十二条", 2),
    ("confined-space", "第十三条", 2)])
def test_every_case_of_the_area_article_has_an_item(builtin, checklist_id, article, items):
    cited = {c.article for i in builtin[checklist_id].items() for c in i.basis
             if c.role == CitationRole.CRITERION and c.article.startswith(article)}
    assert len(cited) == items, sorted(cited)


@pytest.mark.parametrize("checklist_id", sorted(OTHERS))
def test_gas_and_hazchem_checklists_make_nothing_major_by_an_unread_criterion(builtin, checklist_id):
    items = builtin[checklist_id].items()
    assert all(i.hazard_level == HazardLevel.GENERAL and not i.major_in for i in items)
    assert not any(c.role == CitationRole.CRITERION for i in items for c in i.basis)


def test_the_hazchem_checklist_says_which_text_is_current(builtin):
    from pathlib import Path

    header = Path(builtin["hazchem-user"].source).read_text(encoding="utf-8").split("\nid:")[0]
    assert "危险化学品安全法" in header and "2026-05-01" in header and "not" in header
    assert "《中华人民共和国危险化学品安全法》自2026年5月1日起施行" in builtin["hazchem-user"].description


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        ws.set_settings({"inspectors": [{"name": "甲", "cert_no": "1"}, {"name": "乙", "cert_no": "2"}]})
        yield ws


@pytest.mark.parametrize("checklist_id, item_id", [
    ("dust-explosion", "DE-01-03"), ("ammonia-refrigeration", "AR-01-01"), ("confined-space", "CS-04-01")])
def test_a_failed_criterion_item_is_major_and_cited_as_ground_only_at_a_trade_enterprise(ws, checklist_id, item_id):
    from export.issue import citations

    checklist = next(c for c in ws.checklists() if c.id == checklist_id)
    for sector, level in ((Sector.TRADE, HazardLevel.MAJOR), (Sector.OTHER, HazardLevel.GENERAL)):
        ent = ws.add_enterprise(name=f"某某{sector.label_zh}", sector=sector)
        insp = ws.start_inspection(ent.id, [checklist.hash], ws.setting("inspectors"))
        finding = ws.record_result(insp.id, checklist.hash, item_id, result=Result.FAIL,
                                   value=None, note=None).finding
        assert finding.level == level
        breached, grounds = citations(ws, finding)
        assert breached and all("安全生产法" in b for b in breached)
        assert bool(grounds) == (sector == Sector.TRADE)
        assert all("应急管理部令第10号" in g for g in grounds)


def test_a_failed_gas_user_item_opens_a_general_hazard_with_its_rectification(ws):
    checklist = next(c for c in ws.checklists() if c.id == "gas-user")
    ent = ws.add_enterprise(name="某某餐饮店", sector=Sector.OTHER)
    insp = ws.start_inspection(ent.id, [checklist.hash], ws.setting("inspectors"))
    finding = ws.record_result(insp.id, checklist.hash, "GU-03-04", result=Result.FAIL,
                               value=None, note=None).finding
    assert finding.level == HazardLevel.GENERAL
    assert any("第三十六条第四款" in b for b in finding.basis)
