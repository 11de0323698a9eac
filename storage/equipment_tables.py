"""Per-equipment tables and conditional items of an inspection.

The inspector selects, at the start, the pieces of equipment inspected with the
checklists' per-equipment sections (``Inspection.equipment_tables``: each one's id
and the attributes recorded for it).  Which items are shown follows from the
answers, the tables and the enterprise's kind (``checklists.conditions.walk``).

A hidden item is not unanswered and not in any document.  An answer recorded for an
item that later becomes hidden (an earlier answer or an attribute changed) is
withdrawn — cleared, its open finding withdrawn — in the transaction that hid it:
the ledger and the documents then never hold a finding for an item that does not
apply, and headquarters receives the same state the inspector saw.  A finding that
is already ordered or closed cannot be withdrawn, so such a change is refused.
The ``Workspace`` methods of the same names call these.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from checklists.common.errors import InvalidInput
from checklists.common.messages import Listing
from checklists.common.vocabulary import EquipmentKind, FindingState, Sector
from checklists.conditions import Part, Table, kinds, shown_keys, walk
from checklists.model import Checklist

from .records import Inspection

if TYPE_CHECKING:
    from .workspace import Workspace

FIELD = "受检设备"


def uses_conditions(checklist: Checklist) -> bool:
    """Whether anything in ``checklist`` is conditional or per equipment."""
    return any(s.per_equipment or s.when or any(i.when for i in s.items) for s in checklist.sections)


def tables(ws: Workspace, inspection: Inspection) -> list[Table]:
    """The selected equipment, in the order selected, as the walk reads them."""
    out = []
    for entry in inspection.equipment_tables or ():
        equipment = ws.equipment(entry["id"])
        out.append(Table(equipment.id, EquipmentKind(equipment.kind), dict(entry.get("attributes") or {})))
    return out


def parts(ws: Workspace, inspection_id: str, checklist_hash: str) -> list[Part]:
    """The checklist's sections as walked in this inspection, with the items shown."""
    inspection = ws.inspection(inspection_id)
    checklist = ws.checklist(checklist_hash)
    answers = {(a.for_equipment, a.item_id): a.result
               for (h, _eq, _item), a in ws.answer_map(inspection_id).items() if h == checklist_hash}
    return walk(checklist, answers, tables(ws, inspection), _sector(ws, inspection))


def _sector(ws: Workspace, inspection: Inspection) -> Sector | None:
    sector = ws.enterprise(inspection.enterprise_id).sector
    return Sector(sector) if sector else None


def check_answerable(ws: Workspace, inspection: Inspection, checklist: Checklist, item_id: str,
                     equipment_id: str | None) -> None:
    """An answer goes to a shown item, in a table of the item's kind (bad input changes nothing)."""
    section = checklist.section(checklist.item(item_id).section_id)
    if section.per_equipment is None and equipment_id is None and not uses_conditions(checklist):
        return
    selected = {t.equipment_id: t for t in tables(ws, inspection)}
    if section.per_equipment is None and equipment_id is not None:
        raise InvalidInput(FIELD, "检查项 {item} 是对整个单位的检查，不按设备作答", item=item_id,
                           hint="不要指定设备")
    if section.per_equipment is not None and (equipment_id not in selected
                                              or selected[equipment_id].kind != section.per_equipment):
        raise InvalidInput(FIELD, "检查项 {item} 按每台{kind}作答，须指定本次检查选定的一台{kind}",
                           hint="先在检查中选择受检设备", item=item_id, kind=section.per_equipment)
    if (equipment_id, item_id) not in shown_keys(parts(ws, inspection.id, checklist.hash)):
        raise InvalidInput(FIELD, "检查项 {item} 在本次检查中不适用（其条件不成立），不能作答",
                           hint="先改变它所依据的答案或设备属性", item=item_id)


def withdraw_hidden(ws: Workspace, inspection_id: str, checklist_hash: str) -> list[str]:
    """Clear every answer of an item now hidden and withdraw its open finding (inside the
    caller's transaction); returns the item ids.  A hidden item's finding that is already
    ordered or closed refuses the change."""
    checklist = ws.checklist(checklist_hash)
    if not uses_conditions(checklist):
        return []
    shown = shown_keys(parts(ws, inspection_id, checklist_hash))
    withdrawn = []
    for (h, equipment_id, item_id), answer in ws.answer_map(inspection_id).items():
        if h != checklist_hash or (equipment_id, item_id) in shown:
            continue
        finding = ws.finding_for_item(inspection_id, checklist_hash, item_id, equipment_id=equipment_id)
        if finding is not None and finding.state != FindingState.OPEN:
            raise InvalidInput(FIELD, "这一改变会使检查项 {item} 不再适用，但它的隐患状态为「{state}」，不能撤回",
                               hint="保留原答案；如确有错误，请通过复查处理该隐患",
                               item=item_id, state=finding.state)
        if finding is not None:
            ws.delete_finding(finding.id)
        if answer.result is not None or answer.value is not None or answer.note is not None:
            ws._update("answer", answer.id, {"result": None, "value": None, "note": None},
                       action="withdraw")
            withdrawn.append(item_id)
    return withdrawn


def set_tables(ws: Workspace, inspection_id: str, selected: Sequence[Mapping[str, Any]]) -> Inspection:
    """Select the equipment inspected with the per-equipment sections: each entry
    ``{"id": equipment id, "attributes": {attribute: value}}``, in the order the walk
    shows them.  A table that has answers cannot be left out; a changed attribute that
    hides items withdraws their answers.  One transaction."""
    with ws.transaction():
        inspection = ws.inspection(inspection_id)
        used = [ws.checklist(h) for h in inspection.checklist_hashes]
        clean = [_entry(ws, inspection, used, entry) for entry in selected]
        ids = [e["id"] for e in clean]
        if len(set(ids)) != len(ids):
            raise InvalidInput(FIELD, "同一台设备选择了两次", hint="每台设备只选一次")
        _keep_answered(ws, inspection, set(ids))
        row = ws._update("inspection", inspection_id, {"equipment_tables": _json(clean) if clean else None})
        for checklist in used:
            withdraw_hidden(ws, inspection_id, checklist.hash)
        return Inspection.from_row(row)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _entry(ws: Workspace, inspection: Inspection, used: list[Checklist],
           entry: Mapping[str, Any]) -> dict[str, Any]:
    equipment = ws.equipment(str(entry.get("id") or ""))
    if equipment.enterprise_id != inspection.enterprise_id:
        raise InvalidInput(FIELD, "设备 {name} 不属于被检查单位", hint="只选择本单位的设备",
                           name=equipment.name or equipment.register_code or equipment.id)
    kind = EquipmentKind(equipment.kind)
    if not any(kind in kinds(c) for c in used):
        raise InvalidInput(FIELD, "本次检查的检查表没有按{kind}逐台检查的章节", kind=kind,
                           hint="只选择检查表逐台检查的设备种类")
    declared = {a.id: a for c in used for a in c.attributes(kind)}
    attributes = {}
    for name, value in (entry.get("attributes") or {}).items():
        if name not in declared:
            raise InvalidInput(FIELD, "{kind}没有属性 {name}", hint="属性由检查表声明", kind=kind, name=name)
        if value is None:
            continue
        if str(value) not in declared[name].choices:
            raise InvalidInput(FIELD, "属性 {name} 的值“{value}”无效", hint="可选：{options}",
                               name=declared[name].label, value=value, options=Listing(declared[name].choices))
        attributes[name] = str(value)
    return {"id": equipment.id, "attributes": attributes}


def _keep_answered(ws: Workspace, inspection: Inspection, keep: set[str]) -> None:
    for (_h, equipment_id, _item), answer in ws.answer_map(inspection.id).items():
        if equipment_id is not None and equipment_id not in keep and answer.result is not None:
            equipment = ws.equipment(equipment_id)
            raise InvalidInput(FIELD, "设备 {name} 已有检查结果，不能移出本次检查",
                               hint="保留该设备；如选错了设备，请先把它的各项改回未答",
                               name=equipment.name or equipment.register_code or equipment.id)


def first_table(ws: Workspace, equipment_id: str | None, used: Sequence[Checklist]) -> str | None:
    """The selection an inspection starts with: the equipment it was started for, where
    the checklists inspect its kind one by one (the inspector adds more in the walk)."""
    if not equipment_id or not any(ws.equipment(equipment_id).kind in kinds(c) for c in used):
        return None
    return _json([{"id": equipment_id, "attributes": {}}])


def missing_kinds(ws: Workspace, inspection_id: str) -> list[EquipmentKind]:
    """The kinds the checklists inspect per equipment, of which the enterprise has
    equipment, but none is selected: each kind in use needs at least one."""
    inspection = ws.inspection(inspection_id)
    wanted = dict.fromkeys(k for h in inspection.checklist_hashes for k in kinds(ws.checklist(h)))
    have = {EquipmentKind(e.kind) for e in ws.equipment_list(inspection.enterprise_id)}
    selected = {t.kind for t in tables(ws, inspection)}
    return [k for k in wanted if k in have and k not in selected]
