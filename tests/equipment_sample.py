"""A small checklist with a per-equipment table and conditions, and a workspace with an
enterprise and two pressure vessels, shared by the tests of issue 15 §2/§3.
Every article cited is in 特种设备安全法 as ../shared/domain/laws holds it."""
from __future__ import annotations

from storage.demo import INSPECTORS

CHECKLIST = """\
id: vessel-sample
version: "1"
title: 压力容器使用单位检查（样例）
family: samr
applies_to: pressure_vessel
sections:
  - id: unit
    title: 单位管理
    items:
      - id: PV-01-01
        question: 是否建立特种设备安全技术档案？
        check_points: [查看安全技术档案]
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第三十五条
      - id: PV-01-02
        question: 工贸企业是否对在用压力容器定期自行检查并记录？
        check_points: [查看自行检查记录]
        when: enterprise.sector == trade
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第三十九条
  - id: vessel
    title: 每台压力容器
    per_equipment: pressure_vessel
    attributes:
      - id: quick_open
        label: 是否快开门式
        choices: [yes, no]
    items:
      - id: PV-02-01
        question: 本台容器是否办理使用登记，登记标志是否置于显著位置？
        check_points: [查看使用登记证]
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第三十三条
      - id: PV-02-02
        question: 本台容器是否经定期检验合格并在有效期内？
        check_points: [查看定期检验报告]
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第四十条第一款
      - id: PV-02-03
        question: 未经定期检验或检验不合格的，是否已停止使用？
        check_points: [现场查看是否仍在运行]
        when: answer.PV-02-02 == fail
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第四十条第三款
      - id: PV-02-04
        question: 快开门式容器的安全联锁装置是否有效？
        check_points: [现场试验安全联锁]
        when: equipment.quick_open == yes
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第三十九条
"""


def setup(ws, *, sector: str | None = "trade"):
    """(inspection, checklist, vessel A, vessel B): A is 快开门式, B is not; both selected."""
    checklist = ws.install_checklist(CHECKLIST, "test")
    ent = ws.add_enterprise(name="杭州某某化工机械有限公司", sector=sector)
    a = ws.add_equipment(ent.id, kind="pressure_vessel", name="1号反应釜", register_code="21103301002019000011")
    b = ws.add_equipment(ent.id, kind="pressure_vessel", name="2号储气罐", register_code="21103301002019000022")
    insp = ws.start_inspection(ent.id, [checklist.hash], INSPECTORS, site="二号车间",
                                task_source="plan")
    insp = ws.set_equipment_tables(insp.id, [{"id": a.id, "attributes": {"quick_open": "yes"}},
                                             {"id": b.id, "attributes": {"quick_open": "no"}}])
    return insp, checklist, a, b
