"""Answer kinds in the checklist walk: number with unit and range, choice, text."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from checklists.common.vocabulary import HazardLevel, Result

KINDS = """\
id: ui-answer-kinds
version: "2026.1"
title: 锅炉运行参数抽查表
family: samr
applies_to: boiler
sections:
  - id: run
    title: 运行参数
    items:
      - id: RP-01
        question: 锅炉运行压力是否在额定范围内？（记录压力表读数）
        check_points: [读取出口压力表读数]
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第三十四条
        hazard_level: major
        rectification: stop_use
        answer:
          kind: number
          unit: MPa
          min: 0.1
          max: 1.6
      - id: RP-02
        question: 水处理方式
        check_points: [查看水处理设备]
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第三十九条
        answer:
          kind: choice
          choices: [锅外化学处理, 锅内加药处理]
      - id: RP-03
        question: 司炉人员姓名
        check_points: [查看作业人员证]
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第十四条
        answer:
          kind: text
"""


@pytest.fixture
def walk(window):
    ws = window.ctx.ws
    checklist = ws.install_checklist(KINDS, "ui-answer-kinds.yaml")
    ent = ws.add_enterprise(name="杭州恒温食品有限公司")
    insp = ws.start_inspection(ent.id, [checklist.hash], [dict(p) for p in ws.setting("inspectors")[:2]],
                               task_source="plan")
    window.open_inspection(insp.id)
    view = window.walk
    view.test_ids = (insp.id, checklist.hash)
    return view


def stored(walk, item_id):
    insp_id, checklist_hash = walk.test_ids
    return walk.ctx.ws.answers(insp_id).get((checklist_hash, item_id))


def type_value(qtbot, walk, text):
    line = walk.value.line
    line.setFocus()
    line.selectAll()
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:                               # QTest cannot type CJK characters
        line.insert(text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_number_out_of_range_is_flagged_and_saved(qtbot, walk):
    assert walk.current[1].id == "RP-01"
    editor = walk.value
    assert editor.line.isVisibleTo(walk) and not editor.choice.isVisibleTo(walk)
    assert editor.unit.isVisibleTo(walk) and editor.unit.text() == "MPa"
    assert editor.flag_text() == "范围：0.1–1.6 MPa" and not editor.flag_is_warning()
    fail = walk.fail_button()

    type_value(qtbot, walk, "2.5")
    assert editor.flag_text() == "超出范围（0.1–1.6 MPa）" and editor.flag_is_warning()
    assert fail.property("suggested") is True and "不符合" in fail.toolTip()
    answer = stored(walk, "RP-01")
    assert answer.value == "2.5" and answer.result is None        # suggested, not decided
    assert walk.ctx.ws.finding_for_item(*walk.test_ids, "RP-01") is None

    walk.set_result(Result.FAIL)                                  # the inspector agrees
    assert stored(walk, "RP-01").result == Result.FAIL and stored(walk, "RP-01").value == "2.5"
    assert not fail.property("suggested")

    # back on the item later: the value and its flag are shown again
    walk.items.setCurrentRow(1)
    walk.items.setCurrentRow(0)
    assert editor.line.text() == "2.5" and editor.flag_text().startswith("超出范围")

    type_value(qtbot, walk, "1.2")
    assert stored(walk, "RP-01").value == "1.2" and editor.flag_text() == "范围：0.1–1.6 MPa"


def test_bad_number_shows_the_message_and_changes_nothing(qtbot, walk):
    type_value(qtbot, walk, "0.8")
    type_value(qtbot, walk, "1,2")
    assert "不是数字" in walk.value.flag_text() and "MPa" in walk.value.flag_text()
    assert stored(walk, "RP-01").value == "0.8"
    # the answer itself can still be given; the stored value stays
    walk.set_result(Result.PASS)
    answer = stored(walk, "RP-01")
    assert (answer.result, answer.value) == (Result.PASS, "0.8")


def test_choice_and_text_answers_are_saved(qtbot, walk):
    walk.items.setCurrentRow(1)
    editor = walk.value
    assert editor.choice.isVisibleTo(walk) and not editor.line.isVisibleTo(walk)
    assert [editor.choice.itemText(i) for i in range(1, editor.choice.count())] == \
        ["锅外化学处理", "锅内加药处理"]
    editor.choice.setCurrentIndex(2)
    editor.choice.activated.emit(2)
    assert stored(walk, "RP-02").value == "锅内加药处理"

    walk.items.setCurrentRow(2)
    assert editor.line.isVisibleTo(walk) and not editor.unit.isVisibleTo(walk)
    assert editor.flag_text() == ""
    type_value(qtbot, walk, "张海峰")
    assert stored(walk, "RP-03").value == "张海峰"

    walk.items.setCurrentRow(1)                                   # the choice is shown again
    assert editor.choice.currentText() == "锅内加药处理"


def test_special_equipment_says_serious_accident_hazard(qtbot, walk):
    walk.set_result(Result.FAIL)                    # RP-01 of a 特种设备 (samr) checklist
    finding = walk.ctx.ws.finding_for_item(*walk.test_ids, "RP-01")
    assert finding.level == HazardLevel.MAJOR
    assert walk.finding_panel.level.currentText() == "严重事故隐患"
    assert "重大隐患" not in walk.basis.text()
    walk.finish()                                   # asked first: no seizure yet
    asked = [walk.gaps_box.text(), walk.gaps_box.informativeText()]
    assert "严重事故隐患" in asked[0]
    walk.gaps_box.findChild(QPushButton, "finishAnyway").click()
    finish = walk.window().finish
    assert "严重事故隐患 1 项" in finish.summary.text()
    assert finish.table.item(0, 1).text() == "严重事故隐患"
    texts = [finish.summary.text(), finish.banner.text(), *asked] + [finish.table.item(0, c).text() for c in range(6)]
    assert not any("重大隐患" in t for t in texts)
