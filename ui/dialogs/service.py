"""送达回证: the particulars of serving one or more issued documents of an inspection.

The dialog only gathers what was entered; the rules (which 送达方式 needs which
particulars, the dates) are the core's (export.service, export.servicemodel).
Issuing runs on a pool thread; ``issued`` holds the new document when it is done.
"""
from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from checklists.common.vocabulary import DocumentKind, ServiceMethod
from export.service import issue_service
from storage.records import Document

from ..context import Context
from .issuing import IssuingDialog

# Which particulars each 送达方式 asks for (the others are hidden).
METHOD_FIELDS = {
    ServiceMethod.DIRECT: ("proxy", "proxy_reason"),
    ServiceMethod.LODGED: ("refusal", "witness", "recorded"),
    ServiceMethod.POST: ("tracking_no",),
    ServiceMethod.ELECTRONIC: ("e_address", "consent"),
    ServiceMethod.ENTRUSTED: ("entrusted_to",),
}


def service_job(inspection_id: str, document_ids: list[str], particulars: dict):
    """A job for Ops.run: issue the 送达回证."""
    def job(ws, progress):
        return issue_service(ws, inspection_id, document_ids, particulars, progress=progress)
    return job


def qt_moment(value: QDateTime) -> str:
    return value.toString("yyyy-MM-dd HH:mm")


def qt_now(ctx: Context) -> QDateTime:
    """The workspace's clock as local wall time, to the minute."""
    now = ctx.ws.clock().astimezone().replace(tzinfo=None)
    return QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))


class ServiceDialog(IssuingDialog):
    def __init__(self, ctx: Context, inspection_id: str, documents: list[Document], parent=None):
        super().__init__(parent)
        self.ctx, self.inspection_id, self.documents = ctx, inspection_id, documents
        self.issued: Document | None = None
        self.setObjectName("serviceDialog")
        self.setWindowTitle(self.tr("送达回证"))
        self.setMinimumWidth(520)
        listed = "\n".join(f"{ctx.label(DocumentKind(d.kind))}  {d.number}" for d in documents)
        served = QLabel(listed)
        served.setObjectName("servedDocuments")
        self.method = QComboBox()
        self.method.setObjectName("method")
        for method in ServiceMethod:
            self.method.addItem(ctx.label(method), str(method))
        self.served_at = QDateTimeEdit(qt_now(ctx))
        self.served_at.setObjectName("served_at")
        self.served_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.served_at.setCalendarPopup(True)
        insp = ctx.ws.inspection(inspection_id)
        self.edits = {key: QLineEdit() for key in ("place", "proxy", "proxy_reason", "refusal", "witness",
                                                   "recorded", "tracking_no", "e_address", "entrusted_to", "note")}
        self.edits["place"].setText(insp.site or ctx.ws.enterprise(insp.enterprise_id).address or "")
        self.edits["recorded"].setPlaceholderText(self.tr("如：执法记录仪全程录像、现场拍照"))
        self.consent = QCheckBox(self.tr("受送达人已签订确认书，同意电子送达"))
        self.consent.setObjectName("consent")
        labels = {"place": self.tr("送达地点"), "proxy": self.tr("代收人"), "proxy_reason": self.tr("代收理由"),
                  "refusal": self.tr("拒收情况"), "witness": self.tr("见证人（姓名、单位）"),
                  "recorded": self.tr("记录方式（拍照、录像）"), "tracking_no": self.tr("邮件号码"),
                  "e_address": self.tr("电子送达地址"), "entrusted_to": self.tr("受委托机关"), "note": self.tr("备注")}
        self.form = QFormLayout()
        self.form.addRow(self.tr("送达的文书"), served)
        self.form.addRow(self.tr("送达方式"), self.method)
        self.form.addRow(self.tr("送达时间"), self.served_at)
        for key, edit in self.edits.items():
            edit.setObjectName(key)
            self.form.addRow(labels[key], edit)
        self.form.addRow("", self.consent)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.issue_button = buttons.addButton(self.tr("出具送达回证"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setObjectName("issueService")
        buttons.accepted.connect(self.issue)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.method.currentIndexChanged.connect(self._show_method_fields)
        self._show_method_fields()

    def _show_method_fields(self) -> None:
        wanted = METHOD_FIELDS[ServiceMethod(self.method.currentData())]
        for key, widget in (*self.edits.items(), ("consent", self.consent)):
            if key in ("place", "note"):
                continue
            self.form.setRowVisible(widget, key in wanted)

    def set_method(self, method: ServiceMethod) -> None:
        self.method.setCurrentIndex(self.method.findData(str(method)))

    def particulars(self) -> dict:
        """What was entered, for the method chosen (hidden fields are left out)."""
        method = ServiceMethod(self.method.currentData())
        wanted = METHOD_FIELDS[method]
        values = {"method": str(method), "served_at": qt_moment(self.served_at.dateTime()),
                  "consent": self.consent.isChecked() and "consent" in wanted}
        for key, edit in self.edits.items():
            if key in ("place", "note") or key in wanted:
                values[key] = edit.text()
        return values

    def issue(self):
        self.issue_button.setEnabled(False)
        ids = [d.id for d in self.documents]
        return self.ctx.ops.run(service_job(self.inspection_id, ids, self.particulars()), parent=self,
                                title=self.tr("正在出具文书…"), on_done=self._issued, on_error=self._failed)

