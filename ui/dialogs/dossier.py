"""The enterprise file (一企一档) of one enterprise (企业与设备 → 企业档案…).

Its data, the risk grade with who set it and why (and a form to set it), the
score computed from the ledger factor by factor, equipment with due dates, and
every inspection, hazard, state change, document and photo in time order;
printed as a PDF dossier on a pool thread (``ui/ops.py``).  The rules and the
score are in ``storage/dossier.py``.
"""
from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checklists.common.vocabulary import RiskColour
from export.dossier import write_dossier
from storage.penalty import yuan_text

from ..context import OVERDUE_RED, Context
from ..errors import ui_language
from ..widgets import filedialogs
from ..widgets.form import FieldForm, limit_length
from .plan import fill_table, simple_table

RISK_COLOURS = {RiskColour.RED: "#e53935", RiskColour.ORANGE: "#fb8c00", RiskColour.YELLOW: "#fdd835",
                RiskColour.BLUE: "#1e88e5"}


class DossierDialog(QDialog):
    def __init__(self, ctx: Context, enterprise_id: str, parent=None):
        super().__init__(parent)
        self.ctx, self.enterprise_id = ctx, enterprise_id
        self.setWindowTitle(self.tr("企业档案（一企一档）"))
        self.resize(900, 600)
        self.heading = QLabel(objectName="viewTitle")
        self.heading.setWordWrap(True)
        self.details = QLabel(objectName="dossierDetails")
        self.details.setWordWrap(True)
        self.tabs = QTabWidget(objectName="dossierTabs")
        self.tabs.addTab(self._build_risk(), self.tr("风险等级"))
        self.equipment = simple_table("dossierEquipment", [self.tr("类别"), self.tr("名称"), self.tr("设备注册代码"),
                                                     self.tr("下次定期检验")])
        self.tabs.addTab(self.equipment, self.tr("设备"))
        self.events = simple_table("dossierEvents", [self.tr("时间"), self.tr("事项"), self.tr("内容")])
        self.tabs.addTab(self.events, self.tr("时间线"))
        self.tabs.addTab(self._build_penalties(), self.tr("行政处罚"))
        self.print_button = QPushButton(self.tr("打印档案 PDF…"), objectName="dossierPdf")
        self.print_button.clicked.connect(lambda: self.save_pdf())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.refresh()

    def _build_risk(self) -> QWidget:
        page = QWidget()
        self.grade = QLabel(objectName="dossierGrade")
        self.grade.setWordWrap(True)
        self.form = FieldForm(page)
        self.colour = QComboBox(objectName="riskColour")
        for colour in RiskColour:
            self.colour.addItem(self.ctx.label(colour), str(colour))
        self.set_by = limit_length(QLineEdit(objectName="riskSetBy"), "enterprise", "risk_set_by")
        self.reason = limit_length(QLineEdit(objectName="riskReason"), "enterprise", "risk_reason")
        save = QPushButton(self.tr("评定"), objectName="riskSave")
        save.clicked.connect(self.save_grade)
        self.form.add_row("colour", self.tr("风险等级"), self.colour, "风险等级")
        self.form.add_row("set_by", self.tr("评定人"), self.set_by, "评定人")
        self.form.add_row("reason", self.tr("评定理由"), self.reason, "评定理由", beside=save)
        # the points first: they stay in view however narrow the window
        self.score = simple_table("riskScore", [self.tr("分值"), self.tr("因素"), self.tr("情况")])
        self.total = QLabel(objectName="riskTotal")
        self.total.setWordWrap(True)
        columns = QHBoxLayout(page)
        left = QVBoxLayout()
        left.addWidget(self.grade)
        left.addWidget(self.form)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.score, 1)
        right.addWidget(self.total)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        return page

    def _build_penalties(self) -> QWidget:
        page = QWidget()
        self.penalties = simple_table("dossierPenalties", [
            self.tr("立案日期"), self.tr("处罚决定书文号"), self.tr("决定日期"), self.tr("处罚种类"),
            self.tr("罚没金额（元）")])
        self.penalty_button = QPushButton(self.tr("登记行政处罚…"), objectName="penaltyAdd")
        self.penalty_button.clicked.connect(lambda: self.add_penalty())
        self.penalty_edit = QPushButton(self.tr("修改所选记录…"), objectName="penaltyEdit")
        self.penalty_edit.clicked.connect(lambda: self.add_penalty(edit=True))
        self.penalties.itemSelectionChanged.connect(
            lambda: self.penalty_edit.setEnabled(bool(self.penalties.selectedItems())))
        layout = QVBoxLayout(page)
        layout.addWidget(self.penalties, 1)
        row = QHBoxLayout()
        row.addWidget(self.penalty_button)
        row.addWidget(self.penalty_edit)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def add_penalty(self, run=None, *, edit: bool = False):
        """The 行政处罚 dialog for one of this enterprise's inspections (ui/dialogs/penalty.py);
        ``edit``: for the selected record (e.g. its decision, once made)."""
        from .penalty import PenaltyDialog

        chosen = None
        if edit:
            row = self.penalties.currentRow()
            if row < 0:
                return None
            chosen = self.penalty_records[row]
        dialog = PenaltyDialog(self.ctx, self.enterprise_id, self, penalty=chosen)
        (run or PenaltyDialog.exec)(dialog)
        if dialog.saved is not None:
            self.refresh()
        return dialog

    def _fill_penalties(self, has_inspections: bool) -> None:
        self.penalty_records = self.ctx.ws.penalties(enterprise_id=self.enterprise_id)
        rows = [[p.filed_on, p.decision_number or self.tr("（尚未决定）"), p.decided_on or "",
                 "、".join(self.ctx.label(k) for k in p.kinds), yuan_text(p.amount_fen)]
                for p in self.penalty_records]
        fill_table(self.penalties, rows)
        self.penalty_button.setEnabled(has_inspections)
        self.penalty_edit.setEnabled(False)

    def refresh(self) -> None:
        f = self.ctx.ws.enterprise_file(self.enterprise_id)
        self._fill_penalties(bool(f.inspections))
        e, lang = f.enterprise, ui_language()
        self.file = f
        self.heading.setText(e.name)
        parts = [e.credit_code, e.district, e.industry, e.address, e.contact and f"{e.contact} {e.phone or ''}"]
        self.details.setText("　".join(p for p in parts if p) + "\n" + self.tr(
            "检查 %1 次，隐患 %2 项，文书 %3 份，照片 %4 张").replace("%1", str(len(f.inspections)))
            .replace("%2", str(len(f.findings))).replace("%3", str(len(f.documents))).replace("%4", str(f.photos)))
        self._show_grade()
        fill_table(self.score, [[str(x.points), x.label.render(lang), x.detail.render(lang)] for x in f.score.factors])
        self.total.setText(self.tr("合计 %1 分（据台账计算，供参考，不代替风险等级的评定）")
                           .replace("%1", str(f.score.total)))
        rows = []
        for q in f.equipment:
            due = q.next_inspection_date or ""
            rows.append([self.ctx.label(q.kind), q.name or "", q.register_code or q.registration_no or "", due])
        fill_table(self.equipment, rows)
        for n, q in enumerate(f.equipment):
            if q.overdue(f.today):
                self.equipment.item(n, 3).setForeground(QColor(OVERDUE_RED))
        fill_table(self.events, [[ev.at[:16].replace("T", " "), ev.what.render(lang), ev.text] for ev in f.events])

    def _show_grade(self) -> None:
        e = self.file.enterprise
        if not e.risk_colour:
            self.grade.setText(self.tr("风险等级：未评定"))
            return
        colour = RiskColour(e.risk_colour)
        text = self.tr("风险等级：%1").replace("%1", self.ctx.label(colour))
        if e.risk_set_by:
            text += "\n" + self.tr("评定人 %1，%2；理由：%3").replace("%1", e.risk_set_by) \
                .replace("%2", (e.risk_set_at or "")[:10]).replace("%3", e.risk_reason or "")
        else:
            text += "\n" + self.tr("评定人和理由未记录")
        self.grade.setText(text)
        self.grade.setStyleSheet(f"border-left: 6px solid {RISK_COLOURS[colour]}; padding-left: 6px;")
        self.colour.setCurrentIndex(self.colour.findData(str(colour)))

    def save_grade(self) -> None:
        done = self.form.submit(lambda: self.ctx.ws.set_risk_grade(
            self.enterprise_id, self.colour.currentData(), set_by=self.set_by.text(),
            reason=self.reason.text()))
        if done is not None:
            self.reason.clear()
            self.refresh()

    def save_pdf(self, path: str | None = None):
        name = self.file.enterprise.name
        out = path or filedialogs.save_file(self, filedialogs.PDF, self.tr("打印企业档案"),
                                            self.tr("企业档案-%1.pdf").replace("%1", name), "PDF (*.pdf)")[0]
        if not out:
            return None
        enterprise_id = self.enterprise_id

        def job(ws, progress):
            return write_dossier(ws, enterprise_id, out, progress=progress)

        return self.ctx.ops.run(job, parent=self, title=self.tr("正在生成企业档案…"),
                                on_done=lambda written: self.details.setToolTip(str(written)))
