"""Applicability by kind of enterprise: the checklist fields, their errors, and the
hazard level a failed item opens at a 工贸 enterprise and elsewhere."""
from __future__ import annotations

import pytest

from checklists.common.errors import ChecklistInvalid
from checklists.common.vocabulary import HazardLevel, Result, Sector
from checklists.loader import check_text, load_builtin, load_text
from storage.workspace import Workspace

from .conftest import GOOD


def with_item_lines(*lines: str) -> str:
    """GOOD with ``lines`` added to its first item (after its hazard level)."""
    marker = '        hazard_level: major\n'
    assert marker in GOOD
    return GOOD.replace(marker, marker + "".join(f"        {line}\n" for line in lines), 1)


def problems(text: str) -> list[str]:
    _checklist, found = check_text(text, "t.yaml")
    return [f"{p.line}: {p.message} | {p.hint}" for p in found if not p.warning]


def test_major_in_and_sectors_load_and_narrow_the_level():
    checklist = load_text(with_item_lines("sectors: [trade, hazchem]", "major_in: [trade]"))
    item = checklist.item("EL-01")
    assert item.sectors == (Sector.TRADE, Sector.HAZCHEM) and item.major_in == (Sector.TRADE,)
    assert item.level_for(Sector.TRADE) == HazardLevel.MAJOR
    assert item.level_for(Sector.HAZCHEM) == HazardLevel.GENERAL
    assert item.level_for(None) == HazardLevel.GENERAL          # unknown: the mapping is not applied
    assert item.applies_in(Sector.TRADE) and item.applies_in(None) and not item.applies_in(Sector.OTHER)
    plain = load_text(GOOD).item("EL-01")
    assert plain.level_for(Sector.OTHER) == HazardLevel.MAJOR   # no major_in: major everywhere


def test_fields_left_out_keep_the_hash_of_older_checklists():
    assert load_text(GOOD).hash == load_text(GOOD + "\n").hash
    assert load_text(with_item_lines("major_in: [trade]")).hash != load_text(GOOD).hash


# the first item's hazard level is on line 22, the added lines follow
@pytest.mark.parametrize("lines, line, expected", [
    (("major_in: [casino]",), 23, ["major_in 中的“casino”不是企业类别", "可选：trade（工贸企业）"]),
    (("major_in: [trade, trade]",), 23, ["major_in 中的“trade”重复"]),
    (("major_in: []",), 23, ["major_in 是空列表"]),
    (("sectors: [hazchem]", "major_in: [trade]"), 0, ["major_in 中的 工贸企业 不在本项适用的企业类别之内"]),
    (("sectors: trade",), 23, ["sectors 应是列表"]),
])
def test_bad_sector_fields_are_named_with_their_line(lines, line, expected):
    found = problems(with_item_lines(*lines))
    assert len(found) == 1, found
    line = line or load_text(GOOD).item("EL-01").line         # a cross-field problem: the item's line
    assert found[0].startswith(f"{line}: 检查项 EL-01："), found
    assert all(e in found[0] for e in expected), found


def test_major_in_needs_a_major_level():
    text = GOOD.replace("        hazard_level: major\n", "        hazard_level: general\n        major_in: [trade]\n", 1)
    assert any("major_in 只用于重大隐患" in p for p in problems(text))
    with pytest.raises(ChecklistInvalid):
        load_text(text)


def test_item_sectors_lie_within_the_checklists():
    text = with_item_lines("sectors: [other]").replace("description: 适用于电梯使用单位",
                                                       "description: 适用于电梯使用单位\nsectors: [trade]", 1)
    assert any("sectors 中的 其他生产经营单位 不在检查表的 sectors之内" in p for p in problems(text))


def test_the_builtin_trade_criteria_are_major_only_at_trade_enterprises():
    general = next(c for c in load_builtin() if c.id == "general-sbls")
    majors = [i for i in general.items() if i.hazard_level == HazardLevel.MAJOR]
    assert majors and all(i.major_in == (Sector.TRADE,) for i in majors)
    assert all(any("应急管理部令第10号" in str(c) for c in (*i.basis, *i.check_points)) for i in majors)


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        ws.set_settings({"inspectors": [{"name": "甲", "cert_no": "1"}, {"name": "乙", "cert_no": "2"}]})
        yield ws


@pytest.mark.parametrize("sector, level", [
    (Sector.TRADE, HazardLevel.MAJOR), (Sector.OTHER, HazardLevel.GENERAL),
    (Sector.HAZCHEM, HazardLevel.GENERAL), (None, HazardLevel.GENERAL)])
def test_a_failed_confined_space_item_opens_the_level_of_the_enterprise_kind(ws, sector, level):
    ent = ws.add_enterprise(name="某某公司", sector=sector)
    assert ws.enterprise(ent.id).sector == (str(sector) if sector else None)
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(ent.id, [checklist.hash], ws.setting("inspectors"))
    judged = ws.record_result(insp.id, checklist.hash, "GS-08-02", result=Result.FAIL, value=None, note=None)
    assert judged.finding.level == level


def test_an_unknown_sector_is_refused_by_name(ws):
    from checklists.common.errors import InvalidInput

    with pytest.raises(InvalidInput, match="企业类别") as err:
        ws.add_enterprise(name="某某公司", sector="casino")
    assert "trade（工贸企业）" in err.value.hint
    assert ws.enterprises() == []


def test_the_trade_criterion_is_no_ground_at_another_kind_of_enterprise(ws):
    """Raised to 重大 by the inspector at a 危险化学品 enterprise, the finding's order does
    not cite 工贸企业重大事故隐患判定标准 as its ground (its 第二条 excludes that enterprise)."""
    from export.issue import citations

    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    grounds = {}
    for sector in (Sector.TRADE, Sector.HAZCHEM):
        ent = ws.add_enterprise(name=f"某某{sector.label_zh}", sector=sector)
        insp = ws.start_inspection(ent.id, [checklist.hash], ws.setting("inspectors"))
        judged = ws.record_result(insp.id, checklist.hash, "GS-08-01", result=Result.FAIL, value=None, note=None)
        finding = ws.update_finding(judged.finding.id, level=HazardLevel.MAJOR)
        basis, grounds[sector] = citations(ws, finding)
        assert basis and not any("判定标准" in b for b in basis)      # never cited as the rule breached
    assert any("应急管理部令第10号" in g for g in grounds[Sector.TRADE])
    assert grounds[Sector.HAZCHEM] == ()
