"""A finding's closed loop: found -> ordered -> rectified -> closed (销号), or closed on
the spot.  Each move is checked against ``TRANSITIONS`` and appended as an event,
so merging many inspectors' files is a union of events; ``finding.state`` is kept
for queries.  Answering a checklist item keeps the item's finding in step
(``record_result``).  The ``Workspace`` methods of the same names call these.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from checklists.common.errors import InvalidInput, InvalidTransition
from checklists.common.messages import Listing, Msg
from checklists.common.vocabulary import (
    TRANSITIONS,
    FindingState,
    Rectification,
    Result,
    Sector,
    default_deadline,
)

from . import equipment_tables, inputs
from .ids import iso, uuid7
from .records import Finding, Judgement
from .validate import check_column

if TYPE_CHECKING:
    from .workspace import Workspace


def add(ws: Workspace, inspection_id: str, *, checklist_hash: str | None, item_id: str | None,
        values: Mapping[str, Any], equipment_id: str | None = None) -> Finding:
    """A new open finding; its basis defaults to the checklist item's; it concerns
    ``equipment_id`` (a piece of equipment of the enterprise), else the inspection's."""
    inspection = ws.inspection(inspection_id)
    if equipment_id and ws.equipment(equipment_id).enterprise_id != inspection.enterprise_id:
        raise InvalidInput("受检设备", "该设备不属于被检查单位", hint="只选择本单位的设备")
    values = dict(values)
    if item_id and checklist_hash:
        item = ws.checklist(checklist_hash).item(item_id)
        values["basis"] = values.get("basis") or tuple(str(c) for c in item.basis)
    clean = inputs.finding_values(values, require=True, today=ws.today())
    stamp = ws.now()
    row = {
        "inspection_id": inspection_id, "enterprise_id": inspection.enterprise_id,
        "equipment_id": equipment_id or inspection.equipment_id, "checklist_hash": checklist_hash,
        "item_id": item_id, "state": str(FindingState.OPEN), "state_at": stamp, **clean,
    }
    with ws.transaction():
        finding = ws._insert("finding", row)
        append_event(ws, finding["id"], FindingState.OPEN, at=stamp)
    return Finding.from_row(finding)


def withdraw(ws: Workspace, finding_id: str) -> None:
    """A finding recorded by mistake becomes a tombstone, only while it is still open."""
    if ws.finding(finding_id).state != FindingState.OPEN:
        raise InvalidTransition("已责令整改或已销号的隐患不能删除", hint="请通过复查销号")
    ws._update("finding", finding_id, {"deleted": 1}, action="delete")


def restore(ws: Workspace, finding_id: str) -> Finding:
    """A withdrawn finding comes back as it was (tombstone -> alive, audited as "restore");
    one still alive is returned unchanged.  Refused while its item has another finding."""
    with ws.transaction():
        row = ws._row("finding", finding_id)
        if not row["deleted"]:
            return Finding.from_row(row)
        other = row["item_id"] and ws.finding_for_item(
            row["inspection_id"], row["checklist_hash"], row["item_id"], equipment_id=row["equipment_id"])
        if other:
            raise InvalidInput("隐患", "检查项 {item} 已有另一条隐患，不能恢复撤回的隐患",
                               hint="请先处理该检查项现有的隐患", item=row['item_id'])
        ws._update_row("finding", finding_id, {"deleted": 0, "updated_at": ws.now()})
        return Finding.from_row(ws._audit("restore", "finding", finding_id))


def transition(ws: Workspace, finding_id: str, state: FindingState | str, *,
               at: datetime | None, note: str | None, document_id: str | None,
               inspection_id: str | None) -> Finding:
    """Move a finding along its closed loop; the change is appended as an event."""
    target = inputs.enum_value(FindingState, state, "隐患状态")
    with ws.transaction():
        current = ws.finding(finding_id)
        if target not in TRANSITIONS[current.state]:
            raise InvalidTransition("隐患不能从「{old}」变为「{new}」", hint=_transition_hint(current.state),
                                    old=current.state, new=target)
        if target == FindingState.ORDERED and current.rectification == Rectification.DEADLINE \
                and not current.deadline:
            raise InvalidInput("整改期限", "限期整改的隐患须先填写整改期限才能下达指令",
                               hint="请在隐患中选择整改完成日期")
        stamp = iso(at) if at else ws.now()
        note = check_column("finding_event", "note", note) or None
        append_event(ws, finding_id, target, at=stamp, note=note, document_id=document_id,
                     inspection_id=inspection_id)
        row = ws._update("finding", finding_id, {"state": str(target), "state_at": stamp},
                         action="transition", extra={"state": str(target)})
    return Finding.from_row(row)


def append_event(ws: Workspace, finding_id: str, state: FindingState, *, at: str,
                 note: str | None = None, document_id: str | None = None,
                 inspection_id: str | None = None) -> None:
    ws._insert_row("finding_event", {
        "id": uuid7(), "device_id": ws.device_id, "created_at": ws.now(),
        "finding_id": finding_id, "state": str(state), "at": at,
        "inspection_id": inspection_id, "document_id": document_id, "note": note,
    })


def _transition_hint(state: FindingState) -> Msg:
    allowed = Listing(TRANSITIONS[state]) if TRANSITIONS[state] else Msg("无（已销号）")
    return Msg("当前状态可变为：{allowed}", allowed=allowed)


def record_result(ws: Workspace, inspection_id: str, checklist_hash: str, item_id: str, *,
                  result: Result | str | None, value: str | float | None,
                  note: str | None, equipment_id: str | None = None) -> Judgement:
    """Answer an item and keep its finding in step, in one transaction.

    不符合 opens a finding preset from the checklist item (level — for the inspected
    enterprise's kind, see ``Item.level_for`` —, rectification,
    its days to the deadline; the note, else ``default_description``, describes it)
    unless the item has one already; any other result
    withdraws the item's finding while it is still open.  ``equipment_id``: the piece
    of equipment of a per-equipment table (the finding concerns it).  Items the new
    answer hides lose their answers and open findings
    (``equipment_tables.withdraw_hidden``).
    """
    with ws.transaction():
        answer = ws.set_answer(inspection_id, checklist_hash, item_id, result=result,
                               value=value, note=note, equipment_id=equipment_id)
        equipment_tables.withdraw_hidden(ws, inspection_id, checklist_hash)
        existing = ws.finding_for_item(inspection_id, checklist_hash, item_id, equipment_id=equipment_id)
        if answer.result != Result.FAIL:
            withdrawn = existing is not None and existing.state == FindingState.OPEN
            if withdrawn:
                withdraw(ws, existing.id)
            return Judgement(answer, None if withdrawn else existing, withdrawn)
        if existing:
            return Judgement(answer, existing, False)
        item = ws.checklist(checklist_hash).item(item_id)
        deadline = (default_deadline(ws.today(), item.rectification_days)
                    if item.rectification == Rectification.DEADLINE else None)
        finding = ws.add_finding(
            inspection_id, description=answer.note or default_description(item_id),
            level=item.level_for(inspected_sector(ws, inspection_id)),
            rectification=item.rectification, deadline=deadline,
            checklist_hash=checklist_hash, item_id=item_id, equipment_id=equipment_id)
        return Judgement(answer, finding, True)


def inspected_sector(ws: Workspace, inspection_id: str) -> Sector | None:
    """The kind of the inspected enterprise (None while it is not known)."""
    sector = ws.enterprise(ws.inspection(inspection_id).enterprise_id).sector
    return Sector(sector) if sector else None


def default_description(item_id: str) -> str:
    """A neutral description the inspector types over (the walk selects it): documents
    must never carry an empty one, and the question text is not a finding."""
    return f"{item_id}{_PLACEHOLDER}"


_PLACEHOLDER = "：不符合要求"


def is_default_description(text: str) -> bool:
    """Whether ``text`` is still :func:`default_description`'s placeholder (an item id and
    "：不符合要求"): a document refuses to print it as the problem found."""
    head, sep, tail = text.strip().partition(_PLACEHOLDER)
    return bool(sep) and not tail and re.fullmatch(r"[A-Za-z0-9._-]{1,64}", head) is not None


def restore_result(ws: Workspace, inspection_id: str, checklist_hash: str, item_id: str, *,
                   result: Result | str | None, value: str | float | None, note: str | None,
                   finding_id: str | None, equipment_id: str | None = None) -> Judgement:
    """Put an item's answer back as it was (undo and redo in the walk), in one transaction:
    ``finding_id``, the finding the item had then, is restored if it was withdrawn since,
    so 不符合 gets its own finding back (content, photos and id) instead of a new one."""
    with ws.transaction():
        if finding_id and result is not None and Result(result) == Result.FAIL:
            restore(ws, finding_id)
        return record_result(ws, inspection_id, checklist_hash, item_id,
                             result=result, value=value, note=note, equipment_id=equipment_id)
