"""The layout of an enterprise file (企业安全监管档案，一企一档): its data, the risk grade
with who set it and why, the computed score factor by factor, equipment with due
dates, inspections, hazards, documents and the time line of everything."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from checklists.common.vocabulary import (
    DocumentKind,
    FindingState,
    HazardLevel,
    RiskColour,
    Sector,
    TaskSource,
    is_overdue,
)
from export.pdf.draw import compact
from export.pdf.layout import Styles, cn_date, field_rows, grid
from storage.dossier import EnterpriseFile


def _label(enum, code) -> str:
    return enum(code).label_zh if code in {m.value for m in enum} else (code or "")


def _day(stamp: str | None) -> str:
    return (stamp or "")[:10]


def dossier_story(st: Styles, f: EnterpriseFile, department: str) -> list[Flowable]:
    e, small = f.enterprise, compact(st)
    story: list[Flowable] = [st.p(department, st.band)] if department else []
    story += [st.p("企业安全监管档案", st.title), st.p("（一企一档）", st.number), Spacer(0, 2)]
    story += field_rows(st, [
        [("单位名称：", e.name)],
        [("统一社会信用代码：", e.credit_code or "")],
        [("地址：", e.address or "")],
        [("所在区域：", e.district or ""), ("行业：", e.industry or "")],
        [("法定代表人：", e.legal_rep or ""), ("职务：", e.legal_rep_title or "")],
        [("联系人：", e.contact or ""), ("联系电话：", e.phone or "")],
        [("企业类别：", _label(Sector, e.sector) or "未确定")],
    ])
    story += _section(small, "一、风险等级", [small.p(_grade_text(f), small.cell), Spacer(0, 2), _score(small, f)])
    for title, rows, table, empty in (("二、设备", f.equipment, _equipment, "无登记设备"),
                                      ("三、检查", f.inspections, _inspections, "无检查记录"),
                                      ("四、隐患", f.findings, _findings, "无隐患记录"),
                                      ("五、文书", f.documents, _documents, "无已出具的文书"),
                                      ("六、时间线", f.events, _events, "无记录")):
        story += _section(small, title, [table(small, f)] if rows else [small.p(empty, small.cell)])
    return story


def _section(st: Styles, title: str, body: list[Flowable]) -> list[Flowable]:
    """A heading never ends a page: with less than 35 mm left it starts the next one."""
    return [CondPageBreak(35 * mm), Spacer(0, 3 * mm), st.p(title, st.heading), *body]


def _grade_text(f: EnterpriseFile) -> str:
    e = f.enterprise
    if not e.risk_colour:
        return "风险等级：未评定。"
    text = f"风险等级：{_label(RiskColour, e.risk_colour)}。"
    if e.risk_set_by:
        text += f"评定人：{e.risk_set_by}，{_day(e.risk_set_at)}；理由：{e.risk_reason}"
    else:
        text += "评定人和理由未记录。"
    return text


def _score(st: Styles, f: EnterpriseFile):
    rows = [[st.p(str(x.label), st.cell), st.p(str(x.detail), st.cell), st.p(str(x.points), st.cell)]
            for x in f.score.factors]
    rows.append([st.p("合计（据台账计算，供参考）", st.cell), st.p(f"截至 {cn_date(f.today)}", st.cell),
                 st.p(str(f.score.total), st.cell)])
    return grid(st, ["因素", "情况", "分值"], rows, [60, 76, 20])


def _equipment(st: Styles, f: EnterpriseFile):
    rows = []
    for q in f.equipment:
        due = q.next_inspection_date or "未填写"
        if q.overdue(f.today):
            due += "（已超期）"
        rows.append([st.p(q.kind.label_zh, st.cell), st.p(q.name or "", st.cell),
                     st.p(q.register_code or q.registration_no or "", st.cell), st.p(due, st.cell)])
    return grid(st, ["类别", "名称", "注册代码/登记证号", "下次定期检验"], rows, [28, 44, 46, 38])


def _inspections(st: Styles, f: EnterpriseFile):
    rows = []
    for i in sorted(f.inspections, key=lambda i: i.started_at):
        people = "、".join(p.get("name", "") for p in i.inspectors)
        source = _label(TaskSource, i.task_source) + (f" {i.task_source_note}" if i.task_source_note else "")
        rows.append([st.p(_day(i.started_at), st.cell), st.p(i.mode.label_zh, st.cell), st.p(people, st.cell),
                     st.p(source, st.cell), st.p("已完成" if i.finished_at else "进行中", st.cell)])
    return grid(st, ["日期", "方式", "执法人员", "任务来源", "状态"], rows, [24, 26, 38, 46, 22])


def _findings(st: Styles, f: EnterpriseFile):
    rows = []
    for h in f.findings:
        state = _label(FindingState, h["state"])
        if is_overdue(h["state"], h["deadline"], f.today):
            state += "（逾期）"
        rows.append([st.p(_day(h["created_at"]), st.cell), st.p(_label(HazardLevel, h["level"]), st.cell),
                     st.p(h["description"], st.cell), st.p(h["deadline"] or "", st.cell), st.p(state, st.cell)])
    return grid(st, ["发现日期", "级别", "隐患描述", "整改期限", "状态"], rows, [24, 22, 62, 24, 24])


def _documents(st: Styles, f: EnterpriseFile):
    rows = [[st.p(_day(d["issued_at"]), st.cell), st.p(_label(DocumentKind, d["kind"]), st.cell),
             st.p(d["number"], st.cell)] for d in f.documents]
    return grid(st, ["出具日期", "文书", "编号"], rows, [26, 64, 66])


def _events(st: Styles, f: EnterpriseFile):
    rows = [[st.p(e.at[:16].replace("T", " "), st.cell), st.p(str(e.what), st.cell), st.p(e.text, st.cell)]
            for e in f.events]
    return grid(st, ["时间", "事项", "内容"], rows, [32, 40, 84])
