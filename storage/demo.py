"""Realistic sample data for newcomers, screenshots and benchmarks.

``fill(ws, inspections=N, photos=True)`` adds enterprises across the districts
of one city (some names with rare characters), their special equipment with
periodic-inspection dates (some overdue), and N inspections walked through
real checklists, with findings in every state of the closed loop; the sample
departments (示例市…) where the workspace has none of its own.  Everything
goes through the Workspace API, so the audit chain vouches for it, and in one
transaction, so a failure leaves the workspace as it was.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from checklists import Checklist
from checklists.common.progress import Progress, Steps
from checklists.common.vocabulary import (
    LOCAL_TZ,
    EquipmentKind,
    Family,
    FindingState,
    HazardLevel,
    InspectionMode,
    Rectification,
    Result,
    Sector,
    TaskSource,
)

from .equipment_tables import uses_conditions
from .findings import inspected_sector
from .ledger import FindingQuery
from .setting_store import DEPARTMENT_SETTINGS, department
from .validate import CREDIT_ALPHABET, credit_check_char
from .workspace import Workspace

DISTRICTS = ("上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区", "富阳区", "临安区")
# Rare characters on purpose: U+5803 堃, U+5586 喆, U+71CA 燊, U+579A 垚, U+2003E 𠀾 (Ext-B), U+4DAE 䶮 (Ext-A).
NAME_STEMS = ("堃喆", "燊垚", "𠀾鑫", "䶮龑", "恒达", "宏图", "金桥", "瑞丰", "永盛", "华鼎", "东方", "新安",
              "天和", "博远", "嘉诚", "中联", "正泰", "万通", "德力", "汇川")
BUSINESS = (
    ("机械制造有限公司", EquipmentKind.BOILER, "general"),
    ("物业管理有限公司", EquipmentKind.ELEVATOR, "elevator"),
    ("燃气有限公司", EquipmentKind.GAS_CYLINDER, "filling"),
    ("餐饮管理有限公司", EquipmentKind.GAS_CYLINDER, "cylinder_user"),
    ("印染有限公司", EquipmentKind.BOILER, "boiler"),
    ("商业广场管理有限公司", EquipmentKind.ELEVATOR, "elevator"),
    ("食品有限公司", EquipmentKind.BOILER, "boiler"),
    ("化工有限公司", EquipmentKind.PRESSURE_VESSEL, "general"),
)
# The kind of each sample business (which hazard criteria apply to it).
SECTORS = {"机械制造有限公司": Sector.TRADE, "印染有限公司": Sector.TRADE, "食品有限公司": Sector.TRADE,
           "商业广场管理有限公司": Sector.TRADE, "化工有限公司": Sector.HAZCHEM}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "堃", "喆")
INSPECTORS = (
    {"name": "王建国", "cert_no": "33010020230001"},
    {"name": "李晓燕", "cert_no": "33010020230002"},
    {"name": "陈志强", "cert_no": "33010020230017"},
    {"name": "赵丽华", "cert_no": "33010020230023"},
)
# The sample departments: clearly sample (示例市), never a real authority.  Sample data
# sets them only for a family that has no department yet, never over the user's own.
SAMPLE_DEPARTMENTS = {
    "department": {"name": "示例市应急管理局（示例数据）", "abbr": "示例", "government": "示例市人民政府",
                   "court": "示例市示例区人民法院", "address": "示例市示例大道1号", "phone": "010-23456781"},
    "department_samr": {"name": "示例市市场监督管理局（示例数据）", "abbr": "示例",
                        "government": "示例市人民政府", "court": "示例市示例区人民法院",
                        "address": "示例市示例大道2号", "phone": "010-23456782"},
}
SEEN = ("现场查见", "抽查发现", "查阅资料发现", "经询问得知")
CHECKLIST_FOR = {
    "general": "general-sbls", "elevator": "elevator-user", "boiler": "boiler-user",
    "filling": "cylinder-filling", "cylinder_user": "cylinder-user",
}


@dataclass
class DemoSummary:
    enterprises: int = 0
    equipment: int = 0
    inspections: int = 0
    findings: int = 0
    photos: int = 0
    reinspections: int = 0  # added by export.demo, with their documents
    documents: int = 0
    penalties: int = 0

    def __str__(self) -> str:
        text = (f"企业 {self.enterprises} 家，设备 {self.equipment} 台，检查 {self.inspections} 次，"
                f"隐患 {self.findings} 项，照片 {self.photos} 张")
        if self.reinspections:
            text += f"，复查 {self.reinspections} 次，文书 {self.documents} 份"
        if self.penalties:
            text += f"，行政处罚 {self.penalties} 件"
        return text


def fill(ws: Workspace, *, inspections: int = 20, photos: bool = False,
         seed: int = 20261122, today: date | None = None,
         progress: Progress | None = None) -> DemoSummary:
    """Add sample data to ``ws`` (one transaction) and say what was added.  ``progress``
    counts the inspections; a cancel rolls everything back."""
    rng = random.Random(seed)
    step = Steps(progress, inspections,
                 cancelled="已取消载入示例数据，工作区未作任何更改")
    day = today or ws.today()
    by_id = {c.id: c for c in ws.checklists()}
    summary = DemoSummary()
    real_clock = ws.clock
    try:
        with ws.transaction():
            sample_departments(ws)
            companies = _enterprises(ws, rng, max(8, inspections // 4), day, summary)
            step.check()
            for n in range(inspections):
                ent, profile, equipment = companies[n % len(companies)]
                checklist = by_id.get(CHECKLIST_FOR[profile]) or by_id.get("general-sbls")
                if checklist is not None:
                    start = datetime.combine(day - timedelta(days=rng.randint(1, 150)),
                                             datetime.min.time()).replace(tzinfo=LOCAL_TZ)
                    start += timedelta(hours=rng.randint(8, 16), minutes=rng.choice((0, 15, 30, 45)))
                    _inspection(ws, rng, ent, equipment, checklist, start, day, photos, summary)
                step.advance()
            if inspections:
                sample_plan(ws, day)
                summary.penalties = sample_penalties(ws, day, random.Random(f"penalty-{seed}"))
                sample_supervision(ws, day)
    finally:
        ws.clock = real_clock
    return summary


def sample_plan(ws: Workspace, day: date) -> None:
    """Next year's plan, drawn (a sample public value and drawer, marked as samples), and
    the risk grade of the first red and orange enterprises with who set it and why, so
    the plan dialog and the enterprise file have something to show."""
    ws.clock = lambda: datetime.combine(day, datetime.min.time()).replace(tzinfo=LOCAL_TZ) + \
        timedelta(hours=10)
    for colour, reason in (("red", "重大隐患未按期整改（示例数据）"), ("orange", "特种设备超期未检（示例数据）")):
        firm = next((e for e in ws.enterprises(limit=100_000) if e.risk_colour == colour), None)
        if firm is not None:
            ws.set_risk_grade(firm.id, colour, set_by="示例评定人", reason=reason)
    plan = ws.create_plan(title=f"{day.year + 1}年度双随机抽查计划（示例数据）",
                          period_start=date(day.year + 1, 1, 1), period_end=date(day.year + 1, 12, 31),
                          ratio_percent=30, key_colours=["red"], inspectors=[dict(p) for p in INSPECTORS])
    ws.run_draw(plan.id, draw_date=day, public_value="示例随机值 3412.56（示例数据）", drawn_by="示例抽取人")


# The sample penalties: (kinds, amount in yuan); numbers are marked as samples.  The
# last is filed (立案) and not yet decided.
SAMPLE_PENALTIES = ((("fine",), "30000"), (("warning", "fine"), "12000.50"),
                    (("suspend_business",), None), ((), None))


def sample_penalties(ws: Workspace, day: date, rng: random.Random) -> int:
    """A few 行政处罚 records for inspections that found a 重大 hazard, drawn from ``rng``
    (its own generator: the sample data before it stays the same)."""
    rows = ws.execute("SELECT i.id, substr(i.started_at, 1, 10), i.family FROM inspection i WHERE i.deleted = 0 "
                      "AND EXISTS (SELECT 1 FROM finding f WHERE f.inspection_id = i.id AND f.deleted = 0 "
                      "AND f.level = 'major') AND NOT EXISTS (SELECT 1 FROM penalty p "
                      "WHERE p.inspection_id = i.id) ORDER BY i.started_at").fetchall()
    made = 0
    for (inspection_id, started, family), (kinds, amount) in zip(rows, SAMPLE_PENALTIES):
        filed = min(date.fromisoformat(started) + timedelta(days=rng.randint(1, 7)), day)
        decided = min(filed + timedelta(days=rng.randint(10, 40)), day)
        ws.clock = lambda d=decided: datetime.combine(d, datetime.min.time()).replace(tzinfo=LOCAL_TZ) + \
            timedelta(hours=15)
        office = "应急罚" if family == Family.EMS else "市监罚"
        serial = ws.execute("SELECT COUNT(*) FROM penalty").fetchone()[0] + 1     # sample data added twice
        number = f"（示例）{office}〔{decided.year}〕{serial}号" if kinds else None
        ws.record_penalty(inspection_id, filed_on=filed, decision_number=number,
                          decided_on=decided if kinds else None, kinds=list(kinds), amount=amount,
                          note="示例数据")
        made += 1
    return made


def sample_supervision(ws: Workspace, day: date) -> list[str]:
    """Put live major hazards under 挂牌督办 on the day they were found (no random draw, so
    the sample's sequence is untouched): one found over a month ago whose deadline has
    passed (逾期督办), one due within the reminder window, one due later.  A 摘牌 needs the
    整改复查意见书 that closed the hazard, a document this layer does not render:
    ``export.demo`` adds one.  Returns the ids."""
    ws.clock = lambda: datetime.combine(day, datetime.min.time()).replace(tzinfo=LOCAL_TZ) + \
        timedelta(hours=10, minutes=30)
    live = (FindingState.OPEN, FindingState.ORDERED, FindingState.RECTIFIED)
    major = sorted((f for f in ws.findings(FindingQuery(level=HazardLevel.MAJOR, states=live), limit=100_000)
                    if ws.finding_supervision(f.id) is None),     # sample data loaded twice
                   key=lambda f: (f.created_at, f.description))
    month_ago = day - timedelta(days=30)
    old = [f for f in major if f.created_at[:10] <= month_ago.isoformat()]
    rest = [f for f in major if f not in old[:1]]
    plans = [(old[:1], day - timedelta(days=10)), (rest[:1], day + timedelta(days=3)),
             (rest[1:2], day + timedelta(days=40))]
    # each listed on the day its hazard was found
    return [ws.list_supervision(found[0].id, deadline=deadline, listed_on=found[0].created_at[:10]).id
            for found, deadline in plans if found]


def sample_departments(ws: Workspace) -> list[str]:
    """Set the sample department of each family that has none; the settings set."""
    unset = {key: SAMPLE_DEPARTMENTS[key] for family, key in DEPARTMENT_SETTINGS.items()
             if not department(ws, family)}
    if unset:
        ws.set_settings(unset)
    return sorted(unset)


def _enterprises(ws: Workspace, rng: random.Random, count: int, day: date,
                 summary: DemoSummary) -> list[tuple]:
    out = []
    for n in range(count):
        suffix, kind, profile = BUSINESS[n % len(BUSINESS)]
        stem = NAME_STEMS[n % len(NAME_STEMS)]
        district = DISTRICTS[n % len(DISTRICTS)]
        ent = ws.add_enterprise(
            name=f"杭州{stem}{suffix}" if n < len(NAME_STEMS) else f"杭州{stem}{n}号{suffix}",
            credit_code=_credit_code(rng), district=district,
            address=(f"浙江省杭州市{district}{rng.choice(('文三路', '江南大道', '莫干山路', '金城路'))}"
                     f"{rng.randint(1, 999)}号"),
            legal_rep=_person(rng), legal_rep_title="总经理", contact=_person(rng),
            phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
            industry=suffix.removesuffix("有限公司"), sector=SECTORS.get(suffix, Sector.OTHER),
            risk_colour=rng.choice(("red", "orange", "yellow", "blue")),
        )
        equipment = None
        for k in range(rng.randint(1, 3)):
            due = day + timedelta(days=rng.randint(-40, 200))
            equipment = ws.add_equipment(
                ent.id, kind=kind, name=f"{kind.label_zh}{k + 1}号",
                register_code=f"{rng.randint(10**19, 10**20 - 1)}",
                registration_no=f"{kind.label_zh[0]}浙A{rng.randint(10000, 99999)}",
                location=rng.choice(("1号楼", "锅炉房", "充装车间", "后厨", "地下车库")),
                next_inspection_date=due)
            summary.equipment += 1
        summary.enterprises += 1
        out.append((ent, profile, equipment))
    return out


def _inspection(ws: Workspace, rng: random.Random, ent, equipment, checklist: Checklist,
                start: datetime, day: date, photos: bool, summary: DemoSummary) -> None:
    ws.clock = lambda: start
    pair = rng.sample(INSPECTORS, 2)
    mode = rng.choice((InspectionMode.UNANNOUNCED, InspectionMode.UNANNOUNCED, InspectionMode.ROUTINE,
                       InspectionMode.SPECIAL))
    insp = ws.start_inspection(ent.id, [checklist.hash], pair, mode=mode,
                               equipment_id=equipment.id if checklist.applies_to else None,
                               site=rng.choice(("生产车间", "锅炉房", "电梯机房", "充装区", "后厨")),
                               site_manager=_person(rng), started_at=start,
                               task_source=TaskSource.SPECIAL if mode == InspectionMode.SPECIAL else TaskSource.PLAN,
                               task_source_note=f"{start.year}年度监督检查计划" if mode != InspectionMode.SPECIAL
                               else "电梯安全专项检查")
    summary.inspections += 1
    sector = Sector(ent.sector) if ent.sector else None
    for item, equipment_id in _shown_items(ws, insp.id, checklist):
        if equipment_id or item.when:       # 符合, drawing nothing: the sample stays as it was
            ws.set_answer(insp.id, checklist.hash, item.id, result=Result.PASS, equipment_id=equipment_id)
            continue
        roll = rng.random()
        often = 0.3 if item.major_in and sector in item.major_in else 0.08   # the 工贸 major ones, as found
        result = Result.FAIL if roll < often else Result.NA if roll < often + 0.05 else Result.PASS
        note = f"{rng.choice(SEEN)}，{as_finding(item.question)}" if result == Result.FAIL else None
        ws.set_answer(insp.id, checklist.hash, item.id, result=result, note=note)
        if result == Result.FAIL:
            _finding(ws, rng, insp, checklist, item, note, start, day, photos, summary)
    ws.finish_inspection(insp.id, at=start + timedelta(hours=2))


def _shown_items(ws: Workspace, inspection_id: str, checklist: Checklist):
    """(item, equipment id) in walk order, each decided after the answers before it (an
    answer may show a conditional item)."""
    if not uses_conditions(checklist):
        yield from ((item, None) for item in checklist.items())
        return
    done: set[tuple[str | None, str]] = set()
    while True:
        parts = ws.walk_parts(inspection_id, checklist.hash)
        pending = [(item, p.equipment_id) for p in parts for item in p.items
                   if (p.equipment_id, item.id) not in done]
        if not pending:
            return
        item, equipment_id = pending[0]
        done.add((equipment_id, item.id))
        yield item, equipment_id


def _finding(ws: Workspace, rng: random.Random, insp, checklist, item, note: str,
             start: datetime, day: date, photos: bool, summary: DemoSummary) -> None:
    days = item.rectification_days or 15
    immediate = item.rectification == Rectification.IMMEDIATE
    deadline = None if immediate else (start + timedelta(days=days)).date()
    level = item.level_for(inspected_sector(ws, insp.id))      # 重大 only where the criterion applies
    finding = ws.add_finding(
        insp.id, description=note, level=level, rectification=item.rectification,
        deadline=deadline,
        checklist_hash=checklist.hash, item_id=item.id,
        measure="消除隐患并经确认后方可恢复使用" if level == HazardLevel.MAJOR else "按照相关规定完成整改")
    summary.findings += 1
    if photos:
        ws.add_photo(insp.id, sample_photo(rng, item.id), name=f"IMG_{rng.randint(1000, 9999)}.jpg",
                     finding_id=finding.id, checklist_hash=checklist.hash, item_id=item.id,
                     caption="隐患部位现场情况")
        summary.photos += 1
    _advance(ws, rng, finding.id, item.rectification, start, day)


def _advance(ws: Workspace, rng: random.Random, finding_id: str, mode: Rectification,
             start: datetime, day: date) -> None:
    """Move a finding some way along its loop, so every state appears."""
    if mode == Rectification.IMMEDIATE:
        ws.transition(finding_id, FindingState.CLOSED, at=start + timedelta(minutes=30), note="当场整改")
        return
    steps = rng.choice((0, 1, 1, 2, 3, 3))
    path = (FindingState.ORDERED, FindingState.RECTIFIED, FindingState.CLOSED)
    moment = start + timedelta(hours=1)
    for state in path[:steps]:
        if moment.date() > day:
            break
        ws.transition(finding_id, state, at=moment)
        moment += timedelta(days=rng.randint(3, 20))


# A checklist question turned into what was found when the answer is 不符合
# ("是否建立…？" -> "未建立…"); good enough for sample data, not for real findings.
_NEGATIONS = (("是否未", ""), ("是否存在", "存在"), ("是否使用应当淘汰", "使用应当淘汰"),
              ("是否为", "不是"), ("是否", "未"), ("能否", "不能"))


def as_finding(question: str) -> str:
    text = question.strip().rstrip("？?")
    for old, new in _NEGATIONS:
        text = text.replace(old, new)
    return text


def sample_photo(rng: random.Random, label: str) -> bytes:
    """A plausible on-site picture drawn with Pillow (a wall, a pipe, a gauge)."""
    from PIL import Image, ImageDraw

    width, height = 1600, 1200
    image = Image.new("RGB", (width, height), (rng.randint(150, 200),) * 3)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 8):
        shade = 150 + (y * 60 // height) + rng.randint(-6, 6)
        draw.line([(0, y), (width, y)], fill=(shade, shade - 5, shade - 12), width=8)
    draw.rectangle([0, height * 2 // 3, width, height], fill=(110, 105, 100))
    pipe_y = rng.randint(250, 600)
    draw.rectangle([0, pipe_y, width, pipe_y + 90], fill=(60, 90, 140))
    cx, cy = rng.randint(300, 1300), pipe_y - 160
    draw.ellipse([cx - 130, cy - 130, cx + 130, cy + 130], fill=(235, 235, 230), outline=(30, 30, 30), width=10)
    draw.line([(cx, cy), (cx + rng.randint(-100, 100), cy - 90)], fill=(200, 0, 0), width=8)
    draw.text((40, 40), label, fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _credit_code(rng: random.Random) -> str:
    body = "913301" + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(11))
    return body + credit_check_char(body)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
