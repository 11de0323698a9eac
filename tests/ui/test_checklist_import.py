"""文件 › 导入检查表（Excel）…: the dialog converts, validates and installs off the UI thread;
the workspace's installed checklists are checked."""
from __future__ import annotations

from checklists.importing import Options, convert_file
from tests.checklists.xlsx_samples import SAFETY_LAW, bureau


def open_dialog(window, path, version="2026.1"):
    dialog = window.import_checklist(run=lambda d: d.show())
    dialog.path.setText(str(path))
    dialog.checklist_id.setText("elevator-bureau")
    dialog.version.setText(version)
    dialog.family.setCurrentIndex(dialog.family.findData("samr"))
    dialog.applies_to.setCurrentIndex(dialog.applies_to.findData("elevator"))
    return dialog


def run_import(qtbot, dialog):
    dialog.problems.clear()
    dialog.result = None
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None or dialog.problems.count() > 0, timeout=20000)
    qtbot.waitUntil(dialog.import_button.isEnabled)


def installed(window):
    return {c.id: c for c in window.ctx.ws.checklists()}


def test_the_menu_entry_opens_the_dialog(qtbot, window):
    entries = [a.text() for a in window.menus()[0].actions()]
    assert "导入检查表（Excel）…" in entries


def test_a_broken_sheet_lists_every_problem_and_installs_nothing(qtbot, window, tmp_path):
    rows = [[1, "登记", "是否办理使用登记？", "查看登记证", "安全生产法第二十一条", None, "重大大", None, "五个工作日"]]
    dialog = open_dialog(window, bureau(tmp_path / "bad.xlsx", rows))
    before = installed(window)
    run_import(qtbot, dialog)
    lines = [dialog.problems.item(n).text() for n in range(dialog.problems.count())]
    assert [line.split(": ")[0] for line in lines] == ["bad.xlsx:检查表!E3", "bad.xlsx:检查表!G3", "bad.xlsx:检查表!I3"]
    assert "依据无法读取" in lines[0] and "是否应为“重大”" in lines[1]
    assert dialog.message.text() == "未导入：发现 3 个问题，请在 Excel 中改正后再导入"
    assert installed(window).keys() == before.keys() and "elevator-bureau" not in before


def test_a_good_sheet_is_installed_as_a_version_beside_the_others(qtbot, window, tmp_path):
    path = bureau(tmp_path / "电梯.xlsx")
    dialog = open_dialog(window, path)
    run_import(qtbot, dialog)
    checklist = installed(window)["elevator-bureau"]
    expected = convert_file(path, Options(id="elevator-bureau", version="2026.1", family="samr",
                                          applies_to="elevator"), name="电梯.xlsx").checklist
    assert (checklist.hash, checklist.item_count, checklist.version) == (expected.hash, 3, "2026.1")
    assert dialog.message.text() == "已导入检查表：某市市场监管局 电梯使用单位监督检查表（elevator-bureau 2026.1，3 项）"
    assert {"elevator-user", "general-sbls"} <= installed(window).keys()       # the built-in ones stay

    # the same id and version with other content is refused; a new version is added
    changed = bureau(tmp_path / "电梯2.xlsx", [[1, "登记", "是否办理使用登记？", "查看登记证",
                                                f"{SAFETY_LAW}第三十三条", None, None, None, None]])
    dialog.path.setText(str(changed))
    run_import(qtbot, dialog)
    assert "检查表 elevator-bureau 的版本 2026.1 已经安装，内容与本文件不同" in dialog.problems.item(0).text()
    assert installed(window)["elevator-bureau"].hash == expected.hash
    dialog.version.setText("2026.2")
    run_import(qtbot, dialog)
    newest = installed(window)["elevator-bureau"]
    assert (newest.version, newest.item_count) == ("2026.2", 1)
    assert window.ctx.ws.checklist(expected.hash).item_count == 3            # the old version is kept


def test_the_dialog_reads_in_english(qtbot, window, tmp_path):
    window.language_requested.emit("en")
    rows = [[1, "登记", "是否办理使用登记？", "查看登记证", f"{SAFETY_LAW}第三十三条", None, "重大大", None, None]]
    dialog = open_dialog(window, bureau(tmp_path / "bad.xlsx", rows))
    assert dialog.windowTitle() == "Import checklist (Excel)"
    run_import(qtbot, dialog)
    assert dialog.problems.item(0).text().startswith("bad.xlsx:检查表!G3: Hazard level \u201c重大大\u201d is not understood")


def test_a_form_with_conditions_installs(qtbot, window, tmp_path):
    from tests.checklists.xlsx_samples import SETTINGS, YES_NO, xlsform

    basis = f"{SAFETY_LAW}第三十九条"
    survey = [["type", "name", "label", "hint", "relevant", "basis"],
              ["select_one yn", "quick", "是否为快开门式？", "看铭牌", None, basis],
              ["select_one yn", "lock", "联锁是否完好？", "试验", "${quick} = 'yes'", basis]]
    dialog = window.import_checklist(run=lambda d: d.show())
    dialog.path.setText(str(xlsform(tmp_path / "pv.xlsx", survey, YES_NO, SETTINGS)))
    run_import(qtbot, dialog)
    assert installed(window)["pv-quick"].item_count == 2
