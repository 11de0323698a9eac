"""挂牌督办: a major hazard (重大/严重) put under supervision at headquarters, until 摘牌.

``list_finding`` puts a live major finding under supervision: the supervising
department (督办单位) is the department of the finding's family in the settings,
never a default; the deadline (督办期限) is not before the day of listing.
``delist`` (摘牌) records the date and the basis once the finding has been closed
by a 整改复查意见书 (a re-inspection), never before.  Each is one transaction and
one audit event; the rows travel like other records (to the field in the pack,
back in bundles).  Whether a listing is 逾期督办 is computed from its deadline
(``state``), never stored, so it is the same on every device.

Reminders: the listings whose deadline falls within the setting
``supervision_remind_days`` (``REMIND_DAYS`` when unset) days from today.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from checklists.common.errors import InvalidInput, InvalidTransition, NotFound
from checklists.common.messages import Msg
from checklists.common.vocabulary import (
    DocumentKind,
    Family,
    FindingState,
    HazardLevel,
    SupervisionState,
)

from . import inputs
from .setting_store import DEPARTMENT_SETTINGS
from .validate import parse_date

if TYPE_CHECKING:
    from .workspace import Workspace

REMIND_DAYS = 7            # reminder window when the setting is absent (a working default, not law)
REMIND_SETTING = "supervision_remind_days"


@dataclass(frozen=True)
class Supervision:
    """A 挂牌督办 with what the views show of its finding and enterprise."""

    id: str
    finding_id: str
    listed_on: str
    supervisor: str
    deadline: str
    notice_document_id: str | None
    delisted_on: str | None
    delist_basis: str | None
    description: str = ""
    enterprise_id: str = ""
    enterprise: str = ""
    district: str = ""
    finding_state: FindingState | None = None
    notice_number: str | None = None
    device_id: str = ""

    def state(self, today: date) -> SupervisionState:
        return state_of(self.delisted_on, self.deadline, today)

    def days_left(self, today: date) -> int:
        return (date.fromisoformat(self.deadline) - today).days

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Supervision:
        state = row.get("finding_state")
        return cls(row["id"], row["finding_id"], row["listed_on"], row["supervisor"], row["deadline"],
                   row["notice_document_id"], row["delisted_on"], row["delist_basis"],
                   row.get("description") or "", row.get("enterprise_id") or "",
                   row.get("enterprise") or "", row.get("district") or "",
                   FindingState(state) if state else None, row.get("notice_number"), row["device_id"])


def state_of(delisted_on: str | None, deadline: str, today: date) -> SupervisionState:
    """The one rule: 摘牌 when delisted; 逾期督办 when still listed after its deadline."""
    if delisted_on:
        return SupervisionState.DELISTED
    if deadline < today.isoformat():
        return SupervisionState.OVERDUE
    return SupervisionState.LISTED


def active_sql(alias: str = "s") -> str:
    """SQL: a listing not deleted and not yet 摘牌."""
    return f"({alias}.deleted = 0 AND {alias}.delisted_on IS NULL)"


def overdue_sql(alias: str = "s") -> str:
    """SQL: still listed after its deadline on the day bound to the next ``?``."""
    return f"({active_sql(alias)} AND {alias}.deadline < ?)"


_SELECT = """
SELECT s.*, f.description, f.state AS finding_state, f.enterprise_id, e.name AS enterprise,
       COALESCE(e.district, '') AS district, d.number AS notice_number
FROM supervision s JOIN finding f ON f.id = s.finding_id JOIN enterprise e ON e.id = f.enterprise_id
LEFT JOIN document d ON d.id = s.notice_document_id
WHERE s.deleted = 0 AND f.deleted = 0
"""


def supervisor_for(ws: Workspace, finding_id: str) -> str:
    """The 督办单位: the department of the finding's family in the settings (never a default)."""
    finding = ws.finding(finding_id)
    family = Family(ws.inspection(finding.inspection_id).family)
    name = str((ws.setting(DEPARTMENT_SETTINGS[family]) or {}).get("name") or "").strip()
    if not name:
        raise InvalidInput("督办单位", "设置中没有{family}的执法部门名称",
                           hint="请先在设置中填写执法部门，挂牌督办以其名义进行", family=Msg(family.label_zh))
    return name


def current(ws: Workspace, finding_id: str) -> Supervision | None:
    """The finding's listing that is not yet 摘牌, if any."""
    rows = list(ws.query(_SELECT + " AND s.finding_id = ? AND s.delisted_on IS NULL "
                         "ORDER BY s.listed_on DESC, s.id DESC LIMIT 1", [finding_id]))
    return Supervision.from_row(rows[0]) if rows else None


def get(ws: Workspace, supervision_id: str) -> Supervision:
    rows = list(ws.query(_SELECT + " AND s.id = ?", [supervision_id]))
    if not rows:
        raise NotFound("找不到挂牌督办记录 {id}", hint="请刷新后重试", id=supervision_id)
    return Supervision.from_row(rows[0])


def check_listable(ws: Workspace, finding_id: str) -> None:
    """Refuse a general hazard, a closed finding and one already under supervision."""
    finding = ws.finding(finding_id)
    if finding.level != HazardLevel.MAJOR:
        raise InvalidTransition("一般隐患不能挂牌督办", hint="只有重大（严重）事故隐患才能挂牌督办")
    if finding.state == FindingState.CLOSED:
        raise InvalidTransition("该隐患已销号，不能挂牌督办", hint="已销号的隐患无需督办")
    found = current(ws, finding_id)
    if found:
        raise InvalidTransition("该隐患已于 {day} 挂牌督办，尚未摘牌", hint="一项隐患同时只能挂牌一次",
                                day=found.listed_on)


def list_finding(ws: Workspace, finding_id: str, *, deadline: date | str,
                 listed_on: date | str | None = None) -> Supervision:
    """Put a live major finding under supervision (one transaction, one audit event)."""
    today = ws.today()
    day = parse_date(listed_on, "挂牌日期") if listed_on else today
    if day > today:
        raise InvalidInput("挂牌日期", "{day} 晚于今天", hint="挂牌日期不能是将来的日期", day=day.isoformat())
    until = parse_date(deadline, "督办期限")
    inputs.check_deadline(until, day, "督办期限")
    with ws.transaction():
        check_listable(ws, finding_id)
        row = ws._insert("supervision", {
            "finding_id": finding_id, "listed_on": day.isoformat(),
            "supervisor": supervisor_for(ws, finding_id), "deadline": until.isoformat(),
            "notice_document_id": None, "delisted_on": None, "delist_basis": None})
    return get(ws, row["id"])


def attach_notice(ws: Workspace, supervision_id: str, document_id: str) -> Supervision:
    """Record the 挂牌督办通知书 issued for a listing (inside the issuing transaction)."""
    doc = ws.document(document_id)
    if doc.kind != DocumentKind.SUPERVISION:
        raise InvalidInput("挂牌督办通知书", "文书 {number} 不是挂牌督办通知书", number=doc.number)
    _check_owner(ws, get(ws, supervision_id))
    ws._update("supervision", supervision_id, {"notice_document_id": document_id})
    return get(ws, supervision_id)


def _check_owner(ws: Workspace, found: Supervision) -> None:
    """A listing is changed only where it was made: a bundle carries the rows of the
    device that wrote them, so a change made elsewhere would never reach it."""
    if found.device_id != ws.device_id:
        raise InvalidTransition("该挂牌督办由其他计算机（设备 {device}）登记，只能在那里办理",
                                hint="请在登记该挂牌督办的局机关计算机上办理", device=found.device_id)


def closing_review(ws: Workspace, finding_id: str) -> str | None:
    """The number of the 整改复查意见书 that closed the finding, or None (not closed
    after a re-inspection: still open, or closed on the spot)."""
    finding = ws.finding(finding_id)
    if finding.state != FindingState.CLOSED:
        return None
    row = ws.execute(
        "SELECT d.number FROM finding_event ev JOIN document d ON d.id = ev.document_id "
        "WHERE ev.finding_id = ? AND ev.state = ? AND d.kind = ? AND d.deleted = 0 "
        "ORDER BY ev.at DESC, ev.id DESC LIMIT 1",
        [finding_id, str(FindingState.CLOSED), str(DocumentKind.REVIEW)]).fetchone()
    return row[0] if row else None


def delist(ws: Workspace, supervision_id: str, *, delisted_on: date | str | None = None,
           basis: str | None = None) -> Supervision:
    """摘牌: refused unless the finding was closed by a 整改复查意见书; the basis defaults
    to that document's number."""
    today = ws.today()
    day = parse_date(delisted_on, "摘牌日期") if delisted_on else today
    with ws.transaction():
        found = get(ws, supervision_id)
        _check_owner(ws, found)
        if found.delisted_on:
            raise InvalidTransition("该挂牌督办已于 {day} 摘牌", hint="无需再次摘牌", day=found.delisted_on)
        review = closing_review(ws, found.finding_id)
        if review is None:
            raise InvalidTransition("隐患尚未经复查销号，不能摘牌",
                                    hint="请先复查并出具整改复查意见书，确认隐患已消除后再摘牌")
        if day > today or day.isoformat() < found.listed_on:
            raise InvalidInput("摘牌日期", "{day} 不在挂牌日期 {listed} 与今天之间",
                               hint="请改正摘牌日期", day=day.isoformat(), listed=found.listed_on)
        text = inputs.required("supervision", "delist_basis", basis or review, "摘牌依据")
        ws._update("supervision", supervision_id, {"delisted_on": day.isoformat(), "delist_basis": text},
                   action="delist")
    return get(ws, supervision_id)


def remind_days(ws: Workspace) -> int:
    value = ws.setting(REMIND_SETTING)
    return value if isinstance(value, int) and value >= 0 else REMIND_DAYS


def listings(ws: Workspace, *, today: date, state: SupervisionState | None = None,
             enterprise_id: str | None = None) -> list[Supervision]:
    """Every listing (newest first), or those in ``state`` on ``today``."""
    sql, params = _SELECT, []
    if enterprise_id:
        sql, params = sql + " AND f.enterprise_id = ?", [enterprise_id]
    found = [Supervision.from_row(r) for r in ws.query(sql + " ORDER BY s.listed_on DESC, s.id DESC", params)]
    return [s for s in found if state is None or s.state(today) == state]


def reminders(ws: Workspace, *, today: date, within_days: int | None = None) -> list[Supervision]:
    """Listings still under supervision whose deadline is past or within ``within_days``
    (the setting when None), the most urgent first."""
    days = remind_days(ws) if within_days is None else within_days
    last = (today + timedelta(days=days)).isoformat()
    rows = ws.query(_SELECT + f" AND {active_sql('s')} AND s.deadline <= ? ORDER BY s.deadline, s.id", [last])
    return [Supervision.from_row(r) for r in rows]


def counts(ws: Workspace, today: date) -> dict[str, int]:
    """Listed now, of them overdue, and 摘牌 (all time): the home view's figures."""
    row = ws.execute(
        f"SELECT COALESCE(SUM({active_sql('s')}), 0), COALESCE(SUM({overdue_sql('s')}), 0), "
        "COALESCE(SUM(s.deleted = 0 AND s.delisted_on IS NOT NULL), 0) FROM supervision s "
        "JOIN finding f ON f.id = s.finding_id WHERE f.deleted = 0", [today.isoformat()]).fetchone()
    return {"listed": row[0], "overdue": row[1], "delisted": row[2]}
