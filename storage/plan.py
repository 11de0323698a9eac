"""The annual plan and its 双随机 draw (headquarters), and the tasks it sends to the field.

A plan names its period, the districts and industries it covers, the share of
each (district, industry) stratum to draw, the risk colours whose enterprises
are always covered, the team size and the pool of inspectors.  ``run_draw``
gathers the published inputs (``draw_inputs``), draws (``storage/draw.py``)
and stores the record and the tasks in one transaction; a plan is drawn once.
The tasks travel to the field in the pack; an inspection started for a task
carries its id (``inspection.task_id``), so the plan shows its progress.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from checklists.common.errors import InvalidInput, NotFound
from checklists.common.messages import Msg
from checklists.common.vocabulary import Family, RiskColour, TaskKind, TaskSource

from . import draw, inputs
from .setting_store import DEPARTMENT_SETTINGS
from .validate import check_column, parse_date

if TYPE_CHECKING:
    from .workspace import Workspace

MAX_TEAM = 5


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    family: Family
    period_start: str
    period_end: str
    districts: tuple[str, ...]
    industries: tuple[str, ...]
    ratio_percent: int
    key_colours: tuple[RiskColour, ...]
    team_size: int
    inspectors: tuple[dict, ...]
    note: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Plan:
        return cls(row["id"], row["title"], Family(row["family"]), row["period_start"],
                   row["period_end"], tuple(json.loads(row["districts"])),
                   tuple(json.loads(row["industries"])), row["ratio_percent"],
                   tuple(RiskColour(c) for c in json.loads(row["key_colours"])),
                   row["team_size"], tuple(json.loads(row["inspectors"])), row["note"])


@dataclass(frozen=True)
class Task:
    """A task of a plan, with its enterprise and how far it got."""

    id: str
    plan_id: str
    seq: int
    enterprise_id: str
    enterprise: str
    district: str
    kind: TaskKind
    inspectors: tuple[dict, ...]
    plan_title: str
    inspection_id: str | None     # the newest inspection started for it
    finished: bool

    @property
    def label(self) -> str:
        """How an inspection started for it names it (任务来源说明)."""
        return f"{self.plan_title} 第{self.seq}号任务"


@dataclass(frozen=True)
class Progress:
    total: int
    started: int
    done: int


@dataclass(frozen=True)
class DrawResult:
    draw_id: str
    record: dict[str, Any]
    record_bytes: bytes
    tasks: list[Task]


# ----- the plan ----------------------------------------------------------------------------
def plan_values(values: Mapping[str, Any], ws: Workspace) -> dict[str, Any]:
    """A new plan's columns, checked; the inspector pool defaults to the settings'."""
    unknown = set(values) - {"title", "family", "period_start", "period_end", "districts",
                             "industries", "ratio_percent", "key_colours", "team_size",
                             "inspectors", "note"}
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "不能修改该字段")
    start = parse_date(values.get("period_start"), "计划开始日期")
    end = parse_date(values.get("period_end"), "计划结束日期")
    if end < start:
        raise InvalidInput("计划结束日期", "早于开始日期 {start}", hint="请改正计划期间",
                           start=start.isoformat())
    ratio = _whole(values.get("ratio_percent"), "抽查比例", 1, 100)
    team = _whole(values.get("team_size", 2), "每组执法人员数", 2, MAX_TEAM)
    pool = inputs.check_inspectors(values.get("inspectors") or ws.setting("inspectors") or [])
    if len(pool) < team:
        raise InvalidInput("执法人员", "执法人员名单只有 {count} 名，少于每组 {size} 名",
                           hint="请在计划中增加执法人员", count=len(pool), size=team)
    colours = [str(inputs.enum_value(RiskColour, c, "重点企业风险等级"))
               for c in values.get("key_colours") or ()]
    return {
        "title": inputs.required("plan", "title", values.get("title"), "计划名称"),
        "family": str(inputs.enum_value(Family, values.get("family") or Family.EMS, "执法系统")),
        "period_start": start.isoformat(), "period_end": end.isoformat(),
        "districts": _scope(values.get("districts")), "industries": _scope(values.get("industries")),
        "ratio_percent": ratio, "key_colours": json.dumps(sorted(set(colours))),
        "team_size": team, "inspectors": json.dumps(pool, ensure_ascii=False),
        "note": check_column("plan", "note", values.get("note")) or None,
    }


def _whole(value: Any, field: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high:
        raise InvalidInput(field, "应为 {low} 到 {high} 之间的整数", hint="请改正后重新保存",
                           low=low, high=high)
    return number


def _scope(values: Any) -> str:
    entries = [check_column("plan", "scope", str(v)) for v in values or ()]
    return json.dumps(sorted({v for v in entries if v}), ensure_ascii=False)


def create(ws: Workspace, values: Mapping[str, Any]) -> Plan:
    return Plan.from_row(ws._insert("plan", plan_values(values, ws)))


def get(ws: Workspace, plan_id: str) -> Plan:
    return Plan.from_row(ws._row("plan", plan_id))


def all_plans(ws: Workspace) -> list[Plan]:
    rows = ws.query("SELECT * FROM plan WHERE deleted = 0 ORDER BY period_start DESC, created_at DESC")
    return [Plan.from_row(r) for r in rows]


# ----- 回避 declarations -------------------------------------------------------------------
def declare_conflict(ws: Workspace, cert_no: str, enterprise_id: str, reason: str) -> dict:
    """An inspector's declared conflict with an enterprise: never drawn for it."""
    ws.enterprise(enterprise_id)
    values = {"cert_no": inputs.required("inspector", "cert_no", cert_no, "执法证号"),
              "enterprise_id": enterprise_id,
              "reason": inputs.required("inspector_conflict", "reason", reason, "回避理由")}
    return ws._insert("inspector_conflict", values)


def withdraw_conflict(ws: Workspace, conflict_id: str) -> None:
    ws._update("inspector_conflict", conflict_id, {"deleted": 1}, action="delete")


def conflicts(ws: Workspace) -> list[dict]:
    return list(ws.query(
        "SELECT c.*, e.name AS enterprise FROM inspector_conflict c JOIN enterprise e "
        "ON e.id = c.enterprise_id WHERE c.deleted = 0 ORDER BY c.cert_no, e.name"))


# ----- the draw ----------------------------------------------------------------------------
def candidates(ws: Workspace, plan: Plan) -> list[dict]:
    """The enterprises the plan covers (its districts and industries; all when none named)."""
    rows = ws.query("SELECT id, name, credit_code, district, industry, risk_colour FROM enterprise "
                    "WHERE deleted = 0")
    return draw.sort_candidates([
        r for r in rows
        if (not plan.districts or (r["district"] or "") in plan.districts)
        and (not plan.industries or (r["industry"] or "") in plan.industries)])


def history(ws: Workspace, enterprise_ids: Sequence[str]) -> dict[str, list[str]]:
    """Each candidate's last team: the 执法证号 of its newest inspection's inspectors."""
    wanted, last = set(enterprise_ids), {}
    rows = ws.execute(
        "SELECT enterprise_id, inspectors FROM (SELECT enterprise_id, inspectors, ROW_NUMBER() "
        "OVER (PARTITION BY enterprise_id ORDER BY started_at DESC, id DESC) AS n "
        "FROM inspection WHERE deleted = 0) WHERE n = 1")
    for enterprise_id, people in rows:
        if enterprise_id in wanted:
            certs = sorted({str(p.get("cert_no")) for p in json.loads(people) if p.get("cert_no")})
            if certs:
                last[enterprise_id] = certs
    return dict(sorted(last.items()))


def draw_inputs(ws: Workspace, plan_id: str, draw_date: date | str,
                public_value: str) -> draw.DrawInputs:
    """The inputs to publish before the draw (their hashes go into the seed)."""
    plan = get(ws, plan_id)
    found = candidates(ws, plan)
    if not found:
        raise InvalidInput("候选企业", "计划覆盖的区域和行业中没有企业",
                           hint="请核对计划的区域、行业，或先导入企业名录")
    ids = {c["id"] for c in found}
    declared: dict[str, set[str]] = {}
    for row in conflicts(ws):
        if row["enterprise_id"] in ids:
            declared.setdefault(row["cert_no"], set()).add(row["enterprise_id"])
    pool = draw.sort_inspectors([{**p, "conflicts": declared.get(p["cert_no"], ())}
                                 for p in plan.inspectors])
    parameters = {"ratio_percent": plan.ratio_percent, "team_size": plan.team_size,
                  "key_colours": sorted(str(c) for c in plan.key_colours)}
    value = inputs.required("plan_draw", "public_value", public_value, "公开随机值")
    return draw.DrawInputs(parameters, found, pool, history(ws, sorted(ids)),
                           parse_date(draw_date, "抽取日期").isoformat(), value)


def publisher(ws: Workspace, plan: Plan, drawn_by: str) -> dict[str, Any]:
    """Who publishes (the plan's department, from the settings) and who drew."""
    department = (ws.setting(DEPARTMENT_SETTINGS[plan.family]) or {}).get("name")
    if not department:
        raise InvalidInput("执法部门", "设置中没有{family}的执法部门名称",
                           hint="请先在设置中填写执法部门，抽取结果以其名义公示",
                           family=Msg(plan.family.label_zh))
    return {"department": department,
            "drawn_by": inputs.required("plan_draw", "drawn_by", drawn_by, "抽取人")}


def run_draw(ws: Workspace, plan_id: str, *, draw_date: date | str, public_value: str,
             drawn_by: str) -> DrawResult:
    """Draw a plan's tasks and store the record and the tasks in one transaction."""
    with ws.transaction():            # BEGIN IMMEDIATE: two clerks cannot both draw a plan
        plan = get(ws, plan_id)
        found = drawn(ws, plan_id)
        if found:
            raise InvalidInput("抽取", "该计划已于 {day} 抽取，不能重新抽取",
                               hint="已公示的抽取结果不能更改；如需补充，请新建计划", day=found["draw_date"])
        given = draw_inputs(ws, plan_id, draw_date, public_value)
        meta = {"plan": {"id": plan.id, "title": plan.title, "period_start": plan.period_start,
                         "period_end": plan.period_end},
                "publisher": publisher(ws, plan, drawn_by)}
        record = draw.make_record(given, meta)
        data = draw.record_bytes(record)
        row = ws._insert("plan_draw", {
            "plan_id": plan_id, "draw_date": given.draw_date, "public_value": given.public_value,
            "drawn_by": meta["publisher"]["drawn_by"], "record": data.decode("utf-8"),
            "record_sha256": hashlib.sha256(data).hexdigest()})
        names = {p["cert_no"]: p["name"] for p in plan.inspectors}
        for task in record["tasks"]:
            ws._insert("plan_task", {
                "plan_id": plan_id, "draw_id": row["id"], "number": task["seq"],
                "enterprise_id": task["enterprise_id"], "kind": task["kind"],
                "inspectors": json.dumps([{"name": names[c], "cert_no": c} for c in task["inspectors"]],
                                         ensure_ascii=False)})
    return DrawResult(row["id"], record, data, tasks(ws, plan_id=plan_id))


def drawn(ws: Workspace, plan_id: str) -> dict | None:
    """The plan's draw (its row, with the record as stored), or None."""
    rows = list(ws.query("SELECT * FROM plan_draw WHERE plan_id = ? AND deleted = 0", [plan_id]))
    return rows[0] if rows else None


# ----- tasks and progress ------------------------------------------------------------------
_TASKS = """
SELECT t.*, e.name AS enterprise, COALESCE(e.district, '') AS district, p.title AS plan_title,
       (SELECT i.id FROM inspection i WHERE i.task_id = t.id AND i.deleted = 0
        ORDER BY i.started_at DESC LIMIT 1) AS inspection_id,
       EXISTS (SELECT 1 FROM inspection i WHERE i.task_id = t.id AND i.deleted = 0
               AND i.finished_at IS NOT NULL) AS finished
FROM plan_task t JOIN enterprise e ON e.id = t.enterprise_id JOIN plan p ON p.id = t.plan_id
WHERE t.deleted = 0 AND p.deleted = 0
"""


def _task(row: Mapping[str, Any]) -> Task:
    return Task(row["id"], row["plan_id"], row["number"], row["enterprise_id"], row["enterprise"],
                row["district"], TaskKind(row["kind"]), tuple(json.loads(row["inspectors"])),
                row["plan_title"], row["inspection_id"], bool(row["finished"]))


def tasks(ws: Workspace, *, plan_id: str | None = None, cert_nos: Sequence[str] = (),
          enterprise_id: str | None = None) -> list[Task]:
    """Tasks of a plan (or of every plan); ``cert_nos``: only those with one of these
    inspectors (a field laptop's own); ``enterprise_id``: only that enterprise's."""
    sql, params = _TASKS, []
    if plan_id:
        sql, params = sql + " AND t.plan_id = ?", [*params, plan_id]
    if enterprise_id:
        sql, params = sql + " AND t.enterprise_id = ?", [*params, enterprise_id]
    found = [_task(r) for r in ws.query(sql + " ORDER BY p.period_start DESC, t.number", params)]
    if cert_nos:
        mine = set(cert_nos)
        found = [t for t in found if mine & {p.get("cert_no") for p in t.inspectors}]
    return found


def task(ws: Workspace, task_id: str) -> Task:
    rows = list(ws.query(_TASKS + " AND t.id = ?", [task_id]))
    if not rows:
        raise NotFound("找不到检查任务 {id}", hint="请先导入包含该任务的下发包", id=task_id)
    return _task(rows[0])


def progress(ws: Workspace, plan_id: str) -> Progress:
    found = tasks(ws, plan_id=plan_id)
    return Progress(len(found), sum(t.inspection_id is not None for t in found),
                    sum(t.finished for t in found))


def task_source_for(ws: Workspace, task_id: str, enterprise_id: str, source: Any,
                    note: Any) -> tuple[Any, Any]:
    """The 任务来源 of an inspection started for a task: the annual plan and the task,
    unless given; the task must be of the same enterprise."""
    found = task(ws, task_id)
    if found.enterprise_id != enterprise_id:
        raise InvalidInput("检查任务", "该任务是对「{name}」的检查", hint="请选择该任务的企业",
                           name=found.enterprise)
    return source or TaskSource.PLAN, note or found.label
