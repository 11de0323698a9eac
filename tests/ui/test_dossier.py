"""The enterprise file dialog: opened from 企业与设备, the grade set with who and why
(refused beside its field first), the score and time line shown, the PDF printed."""
from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QPushButton

from checklists.common.vocabulary import EquipmentKind


def firm_with_history(ws):
    firm = ws.add_enterprise(name="杭州恒达印染有限公司", district="西湖区", industry="印染")
    ws.add_equipment(firm.id, kind=EquipmentKind.BOILER, name="1号锅炉", next_inspection_date="2026-01-31")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(firm.id, [checklist.hash], [dict(p) for p in ws.setting("inspectors")[:2]])
    ws.add_finding(insp.id, description="液氨储罐区未设置泄漏报警装置", level="major", deadline="2026-12-20")
    ws.finish_inspection(insp.id)
    return firm


def test_dossier_dialog_grades_shows_and_prints(qtbot, window, tmp_path):
    ws = window.ctx.ws
    firm = firm_with_history(ws)
    view = window.show_view("enterprises")
    view.select(firm.id)

    def run(dialog):
        assert dialog.heading.text() == "杭州恒达印染有限公司"
        assert dialog.grade.text() == "风险等级：未评定"
        score = {dialog.score.item(n, 1).text(): dialog.score.item(n, 0).text()
                 for n in range(dialog.score.rowCount())}
        assert score["未销号的重大隐患"] == "20" and score["超过定期检验日期的设备"] == "10"
        assert dialog.total.text().startswith(f"合计 {ws.risk_score(firm.id).total} 分")
        assert dialog.equipment.item(0, 3).text() == "2026-01-31"
        whats = [dialog.events.item(n, 1).text() for n in range(dialog.events.rowCount())]
        assert whats == ["开始检查（四不两直）", "发现重大隐患", "完成检查"]

        dialog.colour.setCurrentIndex(dialog.colour.findData("red"))
        dialog.set_by.setText("刘洋")
        dialog.save_grade()
        assert dialog.form.error_text("reason") == "必须填写"
        assert ws.enterprise(firm.id).risk_colour is None
        dialog.reason.setText("重大隐患未整改，锅炉超期未检")
        dialog.save_grade()
        graded = ws.enterprise(firm.id)
        assert (graded.risk_colour, graded.risk_set_by, graded.risk_reason) == \
            ("red", "刘洋", "重大隐患未整改，锅炉超期未检")
        assert "风险等级：红" in dialog.grade.text() and "刘洋" in dialog.grade.text()

        out = tmp_path / "档案.pdf"
        dialog.save_pdf(str(out))
        qtbot.waitUntil(out.exists, timeout=30000)
        text = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")
        assert "企业安全监管档案" in text and "重大隐患未整改，锅炉超期未检" in text
        return 1

    dialog = view.open_file(run=run)
    assert dialog is not None
    assert view.model.records[view.table.currentIndex().row()].risk_colour == "red"


def test_dossier_dialog_fits_small_screens(qtbot, window):
    from ui.dialogs.dossier import DossierDialog

    firm = firm_with_history(window.ctx.ws)
    for lang in ("zh_CN", "en"):
        window.translation.set(lang)
        dialog = DossierDialog(window.ctx, firm.id, window)
        qtbot.addWidget(dialog)
        hint = dialog.minimumSizeHint()
        assert hint.width() <= 683 and hint.height() <= 512, (lang, hint)
        dialog.resize(QSize(683, 512))
        dialog.show()
        QApplication.processEvents()
        for button in dialog.findChildren(QPushButton):
            if button.isVisibleTo(dialog):
                assert dialog.rect().contains(button.mapTo(dialog, button.rect().bottomRight())), button.text()
        dialog.close()
