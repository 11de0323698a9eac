"""Ledger lazy fetching, settings and language, and the one error function."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from checklists.common.errors import InvalidInput
from storage import bench_data, demo
from storage.sync.devices import device
from ui.errors import LOG_NAME, show_error
from ui.models.ledger import PAGE


def test_ledger_fetches_lazily_and_filters(qtbot, window):
    ws = window.ctx.ws
    demo.fill(ws, inspections=6)
    bench_data.add_findings(ws, 1500)
    total = ws.count_findings()
    view = window.show_view("ledger")
    model = view.model
    assert total > PAGE and model.estimate == total        # at once, from the summary
    qtbot.waitUntil(lambda: model.total == total)         # exact, counted off the UI thread
    assert view.count.text() == f"共 {total:,} 项"
    assert model.rowCount() == PAGE and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE
    assert [r.finding.id for r in model.rows[:PAGE]] == \
        [f.id for f in ws.findings(limit=PAGE)]
    view.state.setCurrentIndex(view.state.findData("closed"))
    closed = ws.count_findings(view.query())
    qtbot.waitUntil(lambda: model.total == closed)
    assert all(r.finding.state == "closed" for r in model.rows)
    view.state.setCurrentIndex(0)
    model.sort(6, Qt.SortOrder.AscendingOrder)         # by deadline
    deadlines = [r.finding.deadline for r in model.rows if r.finding.deadline]
    assert deadlines == sorted(deadlines)
    view.overdue.setChecked(True)
    overdue = ws.count_findings(view.query())
    qtbot.waitUntil(lambda: model.total == overdue > 0)
    assert all(r.finding.overdue(ws.today()) for r in model.rows)
    index = model.index(0, 6)
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None


def test_ledger_pages_by_key_and_the_checklist_filter_parses_nothing(qtbot, window):
    from storage import checklist_store

    ws = window.ctx.ws
    demo.fill(ws, inspections=6)
    bench_data.add_findings(ws, 700)
    ws.checklist_cache.clear()
    checklist_store.parse.cache_clear()
    view = window.show_view("ledger")
    assert checklist_store.parse.cache_info().misses == 0     # titles read, no YAML parsed
    assert view.checklist.count() == 1 + len(ws.checklist_titles()) > 1
    model = view.model
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert [r.finding.id for r in model.rows] == [r.finding.id for r in ws.ledger(limit=10_000)]
    qtbot.waitUntil(lambda: model.total == len(model.rows))


def test_settings_saved_and_language_switches(qtbot, window):
    view = window.show_view("settings")
    view.add_inspector("赵丽华", "")
    view.save()
    assert "执法证号" in view.form.error_text("inspectors")
    assert len(window.ctx.ws.setting("inspectors")) == 3
    view.inspectors.item(3, 1).setText("33010020230023")
    view.edits["department"].setText("杭州市应急管理局")
    view.edits["abbr"].setText("杭应急")
    view.edits["doc_prefix"].setText("A07-")
    view.language.setCurrentIndex(view.language.findData("en"))
    view.save()
    settings = window.ctx.ws.settings()
    assert len(settings["inspectors"]) == 4 and settings["language"] == "en"
    assert settings["department"]["abbr"] == "杭应急" and settings["doc_prefix"] == "A07-"
    # the views were rebuilt in English
    assert window.ctx.lang == "en"
    assert window.nav.item(0).text() == "Home"
    assert window.nav.item(4).text() == "Statistics & sync"
    assert window.show_view("hq").findChild(QPushButton, "hqImport").text() == "Import bundles…"
    assert window.views["settings"] is not view
    settings_view = window.show_view("settings")
    assert settings_view.findChild(QPushButton, "openWorkspace").text() == "Open another workspace…"
    assert settings_view.findChild(QPushButton, "loadDemo").text() == "Load sample data…"


def test_settings_save_is_confirmed_in_the_status_bar(qtbot, window):
    view = window.show_view("settings")
    ems = view.departments["ems"]
    assert ems.edits["name"].text() == demo.SAMPLE_DEPARTMENTS["department"]["name"]
    ems.edits["court"].setText("东莞市第一人民法院")
    ems.edits["court"].textEdited.emit("东莞市第一人民法院")
    view.device_name.setText("东莞应急-张伟的笔记本")
    assert view.dirty and "未保存" in view.state.text()
    view.findChild(QPushButton, "saveSettings").click()
    ws = window.ctx.ws
    assert ws.setting("department")["court"] == "东莞市第一人民法院"
    assert device(ws, ws.device_id).name == "东莞应急-张伟的笔记本"
    assert window.statusBar().currentMessage() == "设置已保存" == view.state.text() and not view.dirty


def test_leaving_settings_saves_changes_or_says_why_not(qtbot, window):
    view = window.show_view("settings")
    samr = view.departments["samr"]
    samr.edits["phone"].setText("0769-22224444")
    samr.changed.emit()
    window.show_view("home")                              # leaving saves
    ws = window.ctx.ws
    assert ws.setting("department_samr")["phone"] == "0769-22224444"
    assert window.statusBar().currentMessage() == "设置已保存"
    window.show_view("settings")
    samr.edits["court"].setText("")                       # incomplete: refused, named, nothing written
    samr.changed.emit()
    window.show_view("home")
    assert window.findChild(QMessageBox, "unsavedSettings").isVisible()
    assert samr.error_text("court") == "必须填写" and view.dirty
    assert ws.setting("department_samr")["court"] == demo.SAMPLE_DEPARTMENTS["department_samr"]["court"]
    samr.set_values({})                                  # a blank department: the user does not work for it
    assert view.save() and ws.setting("department_samr") is None


def test_prefix_with_a_department_code_is_refused_under_its_field(qtbot, window):
    view = window.show_view("settings")
    view.edits["doc_prefix"].setText("莞应急")
    assert not view.save()
    assert "文书编号前缀" in view.form.error_text("doc_prefix") or "字母" in view.form.error_text("doc_prefix")
    assert window.ctx.ws.setting("doc_prefix") is None


def test_show_error_user_and_unexpected(qtbot, window):
    box = show_error(window, InvalidInput("联系电话", "号码格式不正确", hint="手机号为11位"))
    assert "号码格式不正确" in box.text() and "11" in box.informativeText()
    box.close()
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        box = show_error(window, exc)
    assert "boom" in box.detailedText()
    box.close()
    log = window.ctx.data_dir / LOG_NAME
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")


def test_background_job_failure_goes_to_show_error(qtbot, window):
    done = []

    def job(ws, progress):
        progress.report(1, 2, "step")
        raise InvalidInput("照片", "无法读取")

    window.ctx.ops.run(job, parent=window, title="x", on_error=done.append, show_progress=False)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert isinstance(done[0], InvalidInput) and not window.ctx.ops.busy


def test_a_full_disk_in_a_background_job_is_shown_as_such(qtbot, window):
    import errno

    def job(ws, progress):
        raise OSError(errno.ENOSPC, "No space left on device", str(ws.path))

    window.ctx.ops.run(job, parent=window, title="x", show_progress=False)
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=5000)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None, timeout=5000)
    box = window.findChild(QMessageBox, "errorBox")
    assert box.text().startswith("磁盘已满") and "清理磁盘空间" in box.informativeText()
    assert not box.detailedText()             # not reported as a bug
    box.close()


def test_settings_open_the_setup_and_show_what_it_saved(qtbot, window):
    view = window.show_view("settings")
    wizard = view.findChild(QPushButton, "openSetupWizard")
    wizard.click()
    setup = view.setup_wizard
    assert setup.isVisible()
    setup.next()
    setup.departments["ems"].edits["name"].setText("东莞市应急管理局")
    for key, text in (("abbr", "莞"), ("government", "东莞市人民政府"), ("court", "东莞市第一人民法院")):
        setup.departments["ems"].edits[key].setText(text)
    setup.next()
    setup.departments["samr"].edits["name"].setText("东莞市市场监督管理局")
    for key, text in (("abbr", "莞"), ("government", "东莞市人民政府"), ("court", "东莞市第二人民法院")):
        setup.departments["samr"].edits[key].setText(text)
    setup.next()
    setup.next()
    setup.device_name.setText("东莞应急-李娜的笔记本")
    setup.button(setup.WizardButton.FinishButton).click()
    assert view.departments["ems"].edits["name"].text() == "东莞市应急管理局"
    assert view.device_name.text() == "东莞应急-李娜的笔记本" and not view.dirty
    assert window.statusBar().currentMessage() == "设置已保存"
