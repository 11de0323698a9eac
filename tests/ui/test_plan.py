"""The plan dialog at headquarters: a new plan, a draw refused then made, its tasks and
files, a declared conflict; checked against the database and the PDF's text."""
from __future__ import annotations

import json

from pypdf import PdfReader
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QPushButton

from storage import draw

FIRMS = [("杭州恒达印染有限公司", "西湖区", "印染", "red"), ("杭州瑞丰化工有限公司", "西湖区", "化工", "blue"),
         ("杭州金桥食品有限公司", "西湖区", "化工", "yellow"), ("杭州堃喆机械制造有限公司", "滨江区", "机械", None)]


def add_firms(ws):
    return [ws.add_enterprise(name=n, district=d, industry=i, risk_colour=c) for n, d, i, c in FIRMS]


def new_plan(qtbot, dialog):
    def fill(new):
        new.ratio.setValue(50)
        new.colours["red"].setChecked(True)
        new.districts.setText("西湖区，滨江区")
        new.save()
    return dialog.new_plan(run=fill)


def test_plan_dialog_creates_draws_exports_and_records_conflicts(qtbot, window, tmp_path, monkeypatch):
    ws = window.ctx.ws
    firms = add_firms(ws)
    view = window.show_view("hq")
    errors = []
    monkeypatch.setattr("ui.dialogs.plan.show_error", lambda parent, exc: errors.append(exc))

    def run(dialog):
        assert dialog.progress.text() == "还没有计划：请先新建计划"
        assert not dialog.draw_button.isEnabled()
        made = new_plan(qtbot, dialog)
        plan = ws.plan(dialog.plan_id)
        assert made.result_record.id == plan.id and plan.ratio_percent == 50
        assert plan.districts == ("滨江区", "西湖区") and [str(c) for c in plan.key_colours] == ["red"]
        assert plan.period_start == "2027-01-01" and plan.title == "2027年度双随机抽查计划"

        # a conflict: 张 (the first inspector) never goes to the key enterprise
        person = dialog.conflict_person.itemData(0)
        dialog.conflict_firm.setCurrentIndex(dialog.conflict_firm.findData(firms[0].id))
        dialog.conflict_reason.setText("近亲属在该企业任职")
        dialog.findChild(QPushButton, "conflictAdd").click()
        assert [(c["cert_no"], c["enterprise_id"]) for c in ws.conflicts()] == [(person, firms[0].id)]
        assert dialog.conflicts.rowCount() == 1

        # no public value yet: refused beside its field, nothing stored
        dialog.drawn_by.setText("刘洋")
        dialog.run_draw()
        qtbot.waitUntil(lambda: dialog.draw_form.error_text("public_value") != "", timeout=10000)
        assert dialog.draw_form.error_text("public_value") == "必须填写"
        assert ws.plan_draw(plan.id) is None

        dialog.public_value.setText("上证指数 2026-11-19 收盘 3412.56")
        dialog.show_hashes()
        qtbot.waitUntil(lambda: "SHA-256" in dialog.draw_info.text(), timeout=10000)
        assert "候选企业 4 家" in dialog.draw_info.text()
        dialog.run_draw()
        qtbot.waitUntil(lambda: dialog.tasks.rowCount() > 0, timeout=20000)
        tasks = ws.plan_tasks(plan_id=plan.id)
        assert dialog.tasks.rowCount() == len(tasks) == 3
        assert [dialog.tasks.item(n, 1).text() for n in range(3)] == [t.enterprise for t in tasks]
        assert dialog.tasks.item(0, 3).text() == "重点检查" and dialog.tasks.item(0, 5).text() == "未开始"
        assert person not in {p["cert_no"] for p in tasks[0].inspectors}
        assert dialog.progress.text() == "任务 3 项，已开始 0 项，已完成 0 项"
        assert not dialog.draw_button.isEnabled() and dialog.export_button.isEnabled()

        dialog.export_draw(str(tmp_path / "抽取记录.json"))
        qtbot.waitUntil(lambda: (tmp_path / "抽取记录.pdf").exists(), timeout=30000)
        data = (tmp_path / "抽取记录.json").read_bytes()
        assert data == ws.plan_draw(plan.id)["record"].encode() and draw.verify(json.loads(data)) == []
        text = "".join(p.extract_text() for p in PdfReader(tmp_path / "抽取记录.pdf").pages).replace("\n", "")
        assert "双随机抽查结果公示" in text and "刘洋" in text and tasks[0].enterprise in text
        assert ws.setting("department")["name"] in text
        return 1

    view.open_plans(run=run)
    assert errors == []


def test_plan_dialog_fits_small_screens_in_both_languages(qtbot, window):
    ws = window.ctx.ws
    add_firms(ws)
    ws.create_plan(title="2027年度双随机抽查计划", period_start="2027-01-01", period_end="2027-12-31",
                   ratio_percent=30, key_colours=["red"])
    for lang in ("zh_CN", "en"):
        window.translation.set(lang)
        from ui.dialogs.plan import NewPlanDialog, PlanDialog

        for dialog in (PlanDialog(window.ctx, window), NewPlanDialog(window.ctx, window)):
            qtbot.addWidget(dialog)
            hint = dialog.minimumSizeHint()
            assert hint.width() <= 683 and hint.height() <= 512, (type(dialog).__name__, lang, hint)
            dialog.resize(QSize(683, 512))
            dialog.show()
            QApplication.processEvents()
            for button in dialog.findChildren(QPushButton):
                if button.isVisibleTo(dialog):
                    corner = button.mapTo(dialog, button.rect().bottomRight())
                    assert dialog.rect().contains(corner), (lang, button.text())
            dialog.close()


def test_new_inspection_offers_the_task_and_links_to_it(qtbot, window):
    """On a laptop: a task for this device's inspectors is offered for its enterprise;
    starting the inspection links it, and the plan counts it as started."""
    from checklists.common.vocabulary import TaskSource
    from ui.dialogs.new_inspection import NewInspectionDialog

    ws = window.ctx.ws
    add_firms(ws)
    plan = ws.create_plan(title="2027年度双随机抽查计划", period_start="2027-01-01",
                          period_end="2027-12-31", ratio_percent=100, key_colours=["red"])
    ws.run_draw(plan.id, draw_date="2026-11-20", public_value="3412.56", drawn_by="刘洋")
    task = ws.plan_tasks(mine=True)[0]
    dialog = NewInspectionDialog(window.ctx, task.enterprise_id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.task.isVisibleTo(dialog)
    assert dialog.task.currentData() == task
    assert dialog.source.currentData() == str(TaskSource.PLAN)
    assert dialog.source_note.text() == f"2027年度双随机抽查计划 第{task.seq}号任务"
    dialog.check_checklist("general-sbls")
    dialog.save()
    inspection = dialog.result_record
    assert inspection is not None and ws.inspection(inspection.id).task_id == task.id
    assert {p["cert_no"] for p in inspection.inspectors} == {p["cert_no"] for p in task.inspectors}
    assert ws.plan_progress(plan.id).started == 1


def test_new_inspection_hides_the_task_row_without_tasks(qtbot, window):
    from ui.dialogs.new_inspection import NewInspectionDialog

    [firm, *_] = add_firms(window.ctx.ws)
    dialog = NewInspectionDialog(window.ctx, firm.id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.task.isVisibleTo(dialog) and dialog.task.currentData() is None


def test_a_teammate_missing_from_this_laptop_is_added_for_the_task(qtbot, window):
    from ui.dialogs.new_inspection import NewInspectionDialog, checked_data

    ws = window.ctx.ws
    add_firms(ws)
    plan = ws.create_plan(title="2027年度双随机抽查计划", period_start="2027-01-01",
                          period_end="2027-12-31", ratio_percent=100, key_colours=[])
    ws.run_draw(plan.id, draw_date="2026-11-20", public_value="3412.56", drawn_by="刘洋")
    task = ws.plan_tasks()[0]
    ws.set_settings({"inspectors": [dict(task.inspectors[0])]})     # this laptop knows one of them
    dialog = NewInspectionDialog(window.ctx, task.enterprise_id, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.task.currentData() == task
    assert sorted(p["cert_no"] for p in checked_data(dialog.inspectors)) == \
        sorted(p["cert_no"] for p in task.inspectors)
    dialog.check_checklist("general-sbls")
    dialog.save()
    assert dialog.result_record is not None and dialog.result_record.task_id == task.id
