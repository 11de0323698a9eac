"""What the built-in checklists must hold: the special-equipment user checklists, their
GB 45067-2024 clauses, and a penalty article for every major item that has one."""
from __future__ import annotations

import pytest

from checklists import load_builtin
from checklists.common.vocabulary import CitationRole, EquipmentKind, HazardLevel

from .test_citations import GB45067_CLAUSES

# checklist id -> (equipment kind, GB 45067 clause, the lettered items it must cover)
USER_CHECKLISTS = {
    "pressure-vessel-user": (EquipmentKind.PRESSURE_VESSEL, "4.3", "abcd"),   # e), f): 氧舱, out of scope
    "lifting-user": (EquipmentKind.LIFTING, "4.7", GB45067_CLAUSES["4.7"]),
    "vehicle-user": (EquipmentKind.VEHICLE, "4.10", GB45067_CLAUSES["4.10"]),
    "piping-user": (EquipmentKind.PRESSURE_PIPING, "4.4", GB45067_CLAUSES["4.4"]),
    "boiler-user": (EquipmentKind.BOILER, "4.2", "abcdef"),                   # g): power-station boilers
    "elevator-user": (EquipmentKind.ELEVATOR, "4.6", GB45067_CLAUSES["4.6"]),
}
# Major items without a penalty article, and why none exists in the texts.
NO_PENALTY = {
    # Use beyond rated parameters or scope is a 严重事故隐患 (特种设备安全监督检查办法第二十五条
    # 第（五）项) met by an order to stop; neither 特种设备安全法 nor 特种设备安全监察条例 fines it.
    "BL-06-01", "BL-06-02", "PV-05-06", "LF-05-06", "PP-05-04", "VH-05-04",
    # 特种设备安全法第三十七条 (safety distances and guards) has no penalty article.
    "EL-04-04",
}
CHECKLISTS = {c.id: c for c in load_builtin()}


@pytest.mark.parametrize("checklist_id", USER_CHECKLISTS)
def test_user_checklist_covers_its_gb45067_clause(checklist_id):
    kind, clause, letters = USER_CHECKLISTS[checklist_id]
    checklist = CHECKLISTS[checklist_id]
    assert checklist.applies_to == kind and checklist.item_count >= 20
    mapped = {item.gb45067 for item in checklist.items() if item.gb45067}
    assert {f"{clause} {letter})" for letter in letters} <= mapped
    assert {"4.1 a)", "4.1 b)"} <= mapped


def test_cylinder_user_has_25_items():
    assert CHECKLISTS["cylinder-user"].item_count >= 25


@pytest.mark.parametrize("checklist_id", CHECKLISTS)
def test_every_major_item_names_its_criterion(checklist_id):
    bare = [item.id for item in CHECKLISTS[checklist_id].items()
            if item.hazard_level == HazardLevel.MAJOR
            and not any(c.role == CitationRole.CRITERION for c in item.basis)]
    assert bare == []


@pytest.mark.parametrize("checklist_id", CHECKLISTS)
def test_every_major_item_has_a_penalty_where_one_exists(checklist_id):
    items = list(CHECKLISTS[checklist_id].items())
    missing = [i.id for i in items if i.hazard_level == HazardLevel.MAJOR and not i.penalty
               and i.id not in NO_PENALTY]
    stale = [i.id for i in items if i.id in NO_PENALTY and i.penalty]
    assert missing == [] and stale == []


def test_quick_opening_items_are_ordinary_items_worded_for_their_vessels():
    quick = [i for i in CHECKLISTS["pressure-vessel-user"].items() if i.question.startswith("（快开门式压力容器）")]
    assert {i.gb45067 for i in quick} == {"4.3 d)", None}
    assert all(any("不适用" in point for point in i.check_points) for i in quick)

