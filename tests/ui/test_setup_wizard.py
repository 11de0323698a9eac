"""The first-run set-up, driven with pytest-qt on a real workspace: what it saves,
that it comes back until finished, and the way to it from a refused document."""
from __future__ import annotations

import io
import re
from datetime import timedelta

from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox, QPushButton, QWizard

from export import issue
from storage import setting_store
from storage.sync.devices import device
from storage.workspace import Workspace
from ui.dialogs.setup_wizard import SetupWizard

from .conftest import NOW

EMS = {"name": "东莞市应急管理局", "abbr": "莞", "government": "东莞市人民政府", "court": "东莞市第一人民法院",
       "address": "东莞市南城街道鸿福路99号", "phone": "0769-22223333"}
SAMR = {"name": "东莞市市场监督管理局", "abbr": "莞", "government": "东莞市人民政府",
        "court": "东莞市第二人民法院", "address": "东莞市南城街道元美路2号", "phone": "0769-22224444"}
PEOPLE = [("张伟", "44190020260001"), ("李娜", "44190020260002")]


def not_set_up(path) -> None:
    with Workspace.open(path) as ws:
        ws.set_settings({"setup_done": None, "department": None, "department_samr": None, "inspectors": None})


def fill_department(wizard: SetupWizard, family: str, values: dict) -> None:
    for key, text in values.items():
        wizard.departments[family].edits[key].setText(text)


def finish(wizard: SetupWizard) -> None:
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_first_start_asks_for_everything_and_saves_it(qtbot, workspace_file):
    from ui.app import start

    not_set_up(workspace_file)
    _app, window = start(workspace_file)
    qtbot.addWidget(window)
    wizard = window.setup_wizard
    assert wizard.isVisible() and wizard.currentId() == wizard.page_ids["choose"]
    wizard.uses["samr"].setChecked(True)
    wizard.next()
    fill_department(wizard, "ems", {**EMS, "phone": "12"})
    wizard.next()                                         # a wrong phone stops the page, named
    assert wizard.currentId() == wizard.page_ids["ems"]
    assert "号码格式不正确" in wizard.departments["ems"].error_text("phone")
    wizard.departments["ems"].edits["phone"].setText(EMS["phone"])
    wizard.next()
    fill_department(wizard, "samr", SAMR)
    wizard.next()
    for row, (name, cert) in enumerate(PEOPLE):
        wizard.inspectors.table.item(row, 0).setText(name)
        wizard.inspectors.table.item(row, 1).setText(cert)
    wizard.next()
    assert wizard.currentId() == wizard.page_ids["device"]
    wizard.device_name.setText("本机")
    finish(wizard)                                        # the default name is refused
    assert wizard.isVisible() and "本机" in wizard.device_form.error_text("device")
    assert not setting_store.setup_done(window.ctx.ws)   # nothing written yet
    wizard.device_name.setText("东莞应急-张伟的笔记本")
    finish(wizard)
    assert not wizard.isVisible()
    ws = window.ctx.ws
    assert setting_store.department(ws, "ems") == {**EMS, "review_body": ""}
    assert setting_store.department(ws, "samr") == {**SAMR, "review_body": ""}
    assert ws.setting("inspectors") == [{"name": n, "cert_no": c} for n, c in PEOPLE]
    assert device(ws, ws.device_id).name == "东莞应急-张伟的笔记本" and setting_store.setup_done(ws)
    window.ctx.close()
    _app, again = start(workspace_file)                  # done: not shown again
    qtbot.addWidget(again)
    assert getattr(again, "setup_wizard", None) is None
    again.ctx.close()


def test_cancelled_setup_comes_back_at_the_next_start(qtbot, workspace_file):
    from ui.app import start

    not_set_up(workspace_file)
    _app, window = start(workspace_file)
    qtbot.addWidget(window)
    window.setup_wizard.reject()
    window.ctx.close()
    _app, again = start(workspace_file)
    qtbot.addWidget(again)
    assert again.setup_wizard.isVisible()
    again.ctx.close()


def test_refused_order_offers_the_setup_and_issues_after_it(qtbot, window):
    ws = window.ctx.ws
    ws.set_settings({"department": None, "department_samr": None})
    ent = ws.add_enterprise(name="东莞市虎门镇某某五金制品有限公司")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(ent.id, [checklist.hash], ws.setting("inspectors")[:2], started_at=NOW)
    item = next(checklist.items())
    ws.set_answer(insp.id, checklist.hash, item.id, result="fail", note="消防通道堵塞")
    ws.add_finding(insp.id, description="消防通道堵塞", deadline=(NOW + timedelta(days=7)).date(),
                   checklist_hash=checklist.hash, item_id=item.id)
    ws.finish_inspection(insp.id, at=NOW + timedelta(hours=1))
    window.show_documents(insp.id)
    view = window.finish
    view.issue("order")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None, timeout=20000)
    box = window.findChild(QMessageBox, "errorBox")
    assert "尚未设置本机所属的应急管理部门" in box.text() and ws.documents() == []
    box.findChild(QPushButton, "openSetup").click()
    wizard = view.setup_wizard
    assert wizard.isVisible()
    wizard.next()
    fill_department(wizard, "ems", EMS)
    wizard.next()
    wizard.next()                                         # the inspectors are already there
    wizard.device_name.setText("东莞应急-张伟的笔记本")
    finish(wizard)
    assert not wizard.isVisible()
    view.issue("order")
    qtbot.waitUntil(lambda: len(ws.documents()) == 1, timeout=20000)
    [order] = ws.documents()
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(ws.document_pdf(order.id))).pages))
    assert order.number.startswith("（莞）应急责改") and "东莞市应急管理局" in text
    assert "向东莞市人民政府申请行政复议" in text and "向东莞市第一人民法院提起行政诉讼" in text
    assert issue.issue_settings(ws, "ems").department.phone == EMS["phone"]


def test_sample_departments_are_not_offered_as_the_users_own(qtbot, window):
    """The fixture's workspace has the sample departments: the set-up starts blank."""
    wizard = SetupWizard(window.ctx, window)
    qtbot.addWidget(wizard)
    assert all(form.is_blank() for form in wizard.departments.values())
    assert wizard.uses["ems"].isChecked() and wizard.uses["samr"].isChecked()
    wizard.show()
    wizard.next()
    wizard.next()                                         # blank: stays, the name is asked for
    assert wizard.currentId() == wizard.page_ids["ems"]
    assert wizard.departments["ems"].error_text("name") == "必须填写"
