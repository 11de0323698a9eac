"""The layout of a 双随机 draw's publication (双随机抽查结果公示): the plan, the
publisher, the public value, the hashes and the seed, the tasks drawn with their
teams, and the candidate list, so that anyone can check it (docs/draw.md)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from checklists.common.vocabulary import RiskColour, TaskKind
from export.pdf.layout import Styles, cn_date, field_rows, grid

KIND_ZH = {str(k): k.label_zh for k in TaskKind}
HASH_ZH = {"parameters_sha256": "抽取参数", "candidates_sha256": "候选企业名单",
           "inspectors_sha256": "执法人员名单", "history_sha256": "上次检查组"}


def _colour(code: str) -> str:
    return RiskColour(code).label_zh if code in {c.value for c in RiskColour} else ""


def compact(st: Styles) -> Styles:
    """The styles with tables at 五号 (10.5 pt): a list of tasks is read, not filled in."""
    return replace(st, cell=ParagraphStyle("draw_cell", parent=st.cell, fontSize=10.5, leading=14),
                   cell_head=ParagraphStyle("draw_head", parent=st.cell_head, fontSize=10.5, leading=14),
                   heading=ParagraphStyle("draw_heading", parent=st.heading, keepWithNext=0))


def draw_story(st: Styles, record: Mapping[str, Any]) -> list[Flowable]:
    plan, pub, params = record["plan"], record["publisher"], record["parameters"]
    key = "、".join(_colour(c) for c in params["key_colours"]) or "无"
    story: list[Flowable] = [st.p(pub["department"], st.band), st.p("双随机抽查结果公示", st.title),
                             Spacer(0, 4)]
    story += field_rows(st, [
        [("抽查计划：", plan["title"])],
        [("计划期间：", f"{cn_date(date.fromisoformat(plan['period_start']))} 至 "
                    f"{cn_date(date.fromisoformat(plan['period_end']))}")],
        [("抽取日期：", cn_date(date.fromisoformat(record["draw_date"]))), ("抽取人：", pub["drawn_by"])],
        [("抽查比例：", f"{params['ratio_percent']}%"), ("每组执法人员：", f"{params['team_size']} 名")],
        [("重点企业（全部检查）：", f"风险等级为{key}的企业" if params["key_colours"] else "无")],
        [("公开随机值：", record["public_value"])],
    ])
    small = compact(st)
    story += [Spacer(0, 3 * mm), st.p("一、抽取结果", small.heading), _tasks(small, record)]
    story += [Spacer(0, 3 * mm), st.p("二、核验信息", small.heading), *_check_lines(st, record)]
    story += [Spacer(0, 3 * mm), st.p("三、候选企业名单", small.heading), _candidates(small, record)]
    return story


def _tasks(st: Styles, record: Mapping[str, Any]):
    firms = {c["id"]: c for c in record["candidates"]}
    people = {p["cert_no"]: p["name"] for p in record["inspectors"]}
    rows = []
    for task in record["tasks"]:
        firm = firms.get(task["enterprise_id"], {})
        team = "、".join(f"{people.get(c, '')}（{c}）" for c in task["inspectors"])
        rows.append([st.p(str(task["seq"]), st.cell), st.p(firm.get("name", ""), st.cell),
                     st.p(firm.get("district", ""), st.cell), st.p(KIND_ZH.get(task["kind"], ""), st.cell),
                     st.p(team, st.cell)])
    return grid(st, ["序号", "被检查单位", "区域", "类别", "执法人员（执法证号）"], rows, [12, 56, 24, 20, 44])


def _check_lines(st: Styles, record: Mapping[str, Any]) -> list[Flowable]:
    hashes = record["hashes"]
    lines = [f"{HASH_ZH[k]} SHA-256：{hashes[k]}" for k in HASH_ZH if k in hashes]
    lines.append(f"种子（由以上哈希、抽取日期和公开随机值计算）：{record['seed']}")
    lines.append(f"算法：{record['algorithm']}。本公示所附的抽取记录文件（JSON）载有全部输入；"
                 "任何人可按公开的算法说明重算，或用 SiteCheck 的 plan draw verify 命令核验。")
    return [st.p(line, st.evidence) for line in lines]


def _candidates(st: Styles, record: Mapping[str, Any]):
    rows = [[st.p(str(n), st.cell), st.p(c["name"], st.cell), st.p(c["credit_code"], st.cell),
             st.p(c["district"], st.cell), st.p(c["industry"], st.cell), st.p(_colour(c["risk_colour"]), st.cell)]
            for n, c in enumerate(record["candidates"], start=1)]
    return grid(st, ["序号", "单位名称", "统一社会信用代码", "区域", "行业", "风险"], rows,
                [12, 44, 40, 20, 26, 14])
