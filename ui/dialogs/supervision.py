"""挂牌督办 from the ledger: put a 重大/严重 hazard under supervision (with its
挂牌督办通知书, issued in the background in the same transaction), and 摘牌 once a
re-inspection has closed it.

The dialogs only gather the dates and the basis; who supervises, when a hazard may
be listed or 摘牌, and every refusal are the core's (``storage/supervision.py``).
"""
from __future__ import annotations

from datetime import date, timedelta

import shiboken6
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import DEFAULT_RECTIFICATION_DAYS
from export.supervision import list_with_notice

from ..context import Context
from ..errors import inline_text
from ..widgets.form import FieldForm, limit_length


def _date_edit(value: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _day(edit: QDateEdit) -> date:
    return edit.date().toPython()


def _wrapped(text: str, name: str, limit: int = 80) -> QLabel:
    """A wrapped label, at most ``limit`` characters (the whole text in its tooltip), so
    the dialog stays as tall as its rows (a long wrapped label would be cut)."""
    label = QLabel(text if len(text) <= limit else text[:limit - 1] + "…")
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setToolTip(text)
    return label


def list_job(finding_id: str, deadline: date, listed_on: date, notice: bool):
    def job(ws, progress):
        return list_with_notice(ws, finding_id, deadline=deadline, listed_on=listed_on, notice=notice,
                                progress=progress)
    return job


class SuperviseDialog(QDialog):
    """挂牌督办: the hazard, who supervises (from the settings), the dates, the notice."""

    listed = Signal(object)              # (Supervision, Document | None) once stored

    def __init__(self, ctx: Context, finding_id: str, parent=None):
        super().__init__(parent)
        self.ctx, self.finding_id, self.running = ctx, finding_id, None
        self.setObjectName("superviseDialog")
        self.setWindowTitle(self.tr("挂牌督办"))
        self.setMinimumWidth(420)
        finding = ctx.ws.finding(finding_id)
        name = ctx.ws.enterprise(finding.enterprise_id).name
        today = ctx.today()
        try:
            supervisor = ctx.ws.supervisor_for(finding_id)
        except InvalidInput as exc:
            supervisor = inline_text(exc)
        about = _wrapped(self.tr("隐患：%1").replace("%1", f"{name}：{finding.description}"), "superviseFinding")
        self.form = FieldForm(self)
        self.form.add_row("supervisor", self.tr("督办单位"), _wrapped(supervisor, "superviseSupervisor"))
        self.listed_on = self.form.add_row("listed_on", self.tr("挂牌日期"), _date_edit(today, "superviseListedOn"))
        later = max(date.fromisoformat(finding.deadline) if finding.deadline else today,
                    today + timedelta(days=DEFAULT_RECTIFICATION_DAYS))
        self.deadline = self.form.add_row("deadline", self.tr("督办期限"), _date_edit(later, "superviseDeadline"))
        self.notice = QCheckBox(self.tr("同时出具挂牌督办通知书"))
        self.notice.setObjectName("superviseNotice")
        self.notice.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("挂牌"))
        self.ok.setObjectName("superviseOk")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.form)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)

    def save(self):
        """List (and issue the notice) in the background; the dialog closes once stored."""
        if self.running is not None:
            return self.running
        self.form.clear_errors()

        def failed(exc: BaseException) -> None:
            self.running = None
            if not shiboken6.isValid(self):
                return
            if not (isinstance(exc, InvalidInput) and self.form.show_invalid(exc)):
                from .setup_wizard import show_issue_error  # offers the set-up when no department

                show_issue_error(self, self.ctx, exc)

        job = list_job(self.finding_id, _day(self.deadline), _day(self.listed_on), self.notice.isChecked())
        self.running = self.ctx.ops.run(job, parent=self, title=self.tr("正在挂牌督办…"),
                                        on_done=self._done, on_error=failed)
        return self.running

    def _done(self, result) -> None:
        self.running = None
        self.listed.emit(result)
        if shiboken6.isValid(self):
            self.accept()


class DelistDialog(QDialog):
    """摘牌: the listing, the date and the basis (the closing 整改复查意见书 by default)."""

    delisted = Signal(object)            # the Supervision, once stored

    def __init__(self, ctx: Context, supervision_id: str, parent=None):
        super().__init__(parent)
        self.ctx, self.supervision_id = ctx, supervision_id
        self.setObjectName("delistDialog")
        self.setWindowTitle(self.tr("摘牌"))
        self.setMinimumWidth(420)
        listed = ctx.ws.supervision(supervision_id)
        today = ctx.today()
        state = ctx.label(listed.state(today))
        about = _wrapped(self.tr("隐患：%1").replace("%1", f"{listed.enterprise}：{listed.description}"),
                         "delistFinding")
        facts = _wrapped(self.tr("%1 挂牌，督办期限 %2（%3），督办单位：%4").replace("%1", listed.listed_on)
                         .replace("%2", listed.deadline).replace("%3", state).replace("%4", listed.supervisor),
                         "delistListing", limit=200)
        self.form = FieldForm(self)
        self.delisted_on = self.form.add_row("delisted_on", self.tr("摘牌日期"), _date_edit(today, "delistDate"))
        self.basis = limit_length(QLineEdit(ctx.ws.closing_review(listed.finding_id) or ""),
                                  "supervision", "delist_basis")
        self.basis.setObjectName("delistBasis")
        self.basis.setPlaceholderText(self.tr("整改复查意见书文号等"))
        self.form.add_row("basis", self.tr("摘牌依据"), self.basis)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("摘牌"))
        self.ok.setObjectName("delistOk")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(facts)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def save(self) -> None:
        done = self.form.submit(lambda: self.ctx.ws.delist_supervision(
            self.supervision_id, delisted_on=_day(self.delisted_on), basis=self.basis.text()))
        if done is not None:
            self.delisted.emit(done)
            self.accept()
