"""Sync with headquarters: import inspectors' bundles (HQ), export a bundle (laptop),
and the other way: headquarters' pack of checklists, registries and number blocks.

Import verifies every file first (off the UI thread) and lists each one's device
and key fingerprint; a device not yet registered is imported only after the
clerk ticks that the fingerprint was checked (then ``trust=True``).  Both
directions run through :class:`ui.ops.Ops` with progress and cancel.
"""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from export.sync.bundle import export_bundle, import_bundles, inspect_file
from export.sync.container import BUNDLE_SUFFIX
from export.sync.pack import export_pack, import_pack

from ..context import OVERDUE_RED, Context
from ..widgets import filedialogs

# File dialog filters: a bundle is .scbundle and a pack .scpack; files that older
# versions named .sitecheck (like a workspace) can still be chosen and are imported.
FILTERS = {
    "bundle": (QT_TRANSLATE_NOOP("sync", "SiteCheck 数据包 (*.scbundle)"),
               QT_TRANSLATE_NOOP("sync", "旧版数据包 (*.sitecheck *.zip)")),
    "pack": (QT_TRANSLATE_NOOP("sync", "SiteCheck 局机关下发包 (*.scpack)"),
             QT_TRANSLATE_NOOP("sync", "旧版下发包 (*.sitecheck *.zip)")),
}


def file_filter(kind: str, *, for_open: bool) -> str:
    """The dialog filter for a bundle or pack: to open, the older names and any file too."""
    new, old = (QCoreApplication.translate("sync", text) for text in FILTERS[kind])
    if not for_open:
        return new
    return ";;".join((new, old, QCoreApplication.translate("sync", "所有文件 (*)")))
# What a file holds, by its manifest's record counts (bundles and packs alike).
CONTENT_LABELS = (
    ("inspection", QT_TRANSLATE_NOOP("sync", "检查")), ("finding", QT_TRANSLATE_NOOP("sync", "隐患")),
    ("photo", QT_TRANSLATE_NOOP("sync", "照片")), ("document", QT_TRANSLATE_NOOP("sync", "文书")),
    ("checklist", QT_TRANSLATE_NOOP("sync", "检查表")),
    ("enterprise", QT_TRANSLATE_NOOP("sync", "企业")),
    ("equipment", QT_TRANSLATE_NOOP("sync", "设备")),
    ("number_block", QT_TRANSLATE_NOOP("sync", "编号段")),
)


def verify_job(paths: list[str], kind: str = "bundle", hq_url: str = ""):
    """A job for Ops.run: verify and describe every file (changes nothing); with
    ``hq_url``, whether each signer is trusted there (a PostgreSQL headquarters)."""
    def job(ws, progress):
        infos = []
        for n, path in enumerate(paths):
            progress.check()
            progress.report(n, len(paths), Path(path).name)
            infos.append(inspect_file(ws, path, kind=kind))
        return _trusted_at(hq_url, infos) if hq_url else infos
    return job


def _trusted_at(url: str, infos: list) -> list:
    from dataclasses import replace

    from storage.hq import open_hq

    with open_hq(url) as hq:
        known = {i.device_id: hq.device(i.device_id) for i in infos}
    return [replace(i, trusted=bool(known[i.device_id] and known[i.device_id].trusted
                                    and known[i.device_id].fingerprint == i.fingerprint))
            for i in infos]


def import_job(paths: list[str], trust: bool, kind: str = "bundle", hq_url: str = ""):
    def job(ws, progress):
        if kind == "pack":
            return [import_pack(ws, path, trust=trust, progress=progress) for path in paths]
        if hq_url:
            from export.sync.hq import import_to_hq
            from storage.hq import open_hq

            with open_hq(hq_url) as hq:
                return import_to_hq(hq, paths, trust=trust, progress=progress)
        return import_bundles(ws, paths, trust=trust, progress=progress)
    return job


def pack_export_job(out: str, hq_url: str = ""):
    def job(ws, progress):
        return export_pack(ws, out, hq_url=hq_url or None, progress=progress)
    return job


def export_job(out: str, everything: bool, destination: str = "hq"):
    def job(ws, progress):
        return export_bundle(ws, out, destination=destination, everything=everything,
                             progress=progress)
    return job


class ImportDialog(QDialog):
    """Choose files -> verified list with device and fingerprint -> confirm -> import.

    ``kind`` "bundle": inspectors' bundles at headquarters; "pack": headquarters'
    pack on a laptop (its key is trusted the same way, once, after checking).
    """

    def __init__(self, ctx: Context, parent=None, kind: str = "bundle", hq_url: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.hq_url = hq_url            # bundles go to this PostgreSQL headquarters ("" = here)
        self.setWindowTitle(self.tr("导入局机关下发包") if kind == "pack" else self.tr("导入数据包"))
        self.resize(860, 520)
        self.paths: list[str] = []
        self.infos: list = []
        self.reports: list = []
        choose = QPushButton(self.tr("选择数据包文件…"))
        choose.setObjectName("chooseBundles")
        choose.clicked.connect(self.choose)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("bundleTable")
        self.table.setHorizontalHeaderLabels([self.tr("文件"), self.tr("设备"), self.tr("密钥指纹"),
                                              self.tr("内容"), self.tr("状态")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.trust = QCheckBox(self.tr("我已与执法人员核对上列未登记设备的密钥指纹，信任这些设备"))
        self.trust.setObjectName("trustDevices")
        self.trust.hide()
        self.trust.toggled.connect(self._enable)
        self.result_text = QPlainTextEdit()
        self.result_text.setObjectName("importResult")
        self.result_text.setReadOnly(True)
        self.result_text.setMaximumHeight(140)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importBundles")
        self.import_button.clicked.connect(self.start_import)
        close = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.trust)
        layout.addWidget(self.result_text)
        layout.addWidget(self.buttons)
        self._enable()

    def choose(self) -> None:
        files = filedialogs.open_files(self, self.kind, self.tr("选择数据包"),
                                       file_filter(self.kind, for_open=True))
        if files:
            self.verify(files)

    def verify(self, paths: list[str]):
        """Verify the files in the background, then list them."""
        self.paths, self.infos, self.reports = list(paths), [], []
        self.result_text.clear()
        self._enable()
        return self.ctx.ops.run(verify_job(self.paths, self.kind, self.hq_url), parent=self,
                                title=self.tr("正在校验数据包…"),
                                on_done=self._verified, on_error=self._failed)

    def _verified(self, infos: list) -> None:
        if not shiboken6.isValid(self):
            return
        self.infos = infos
        self.table.setRowCount(len(infos))
        for row, info in enumerate(infos):
            what = "，".join(f"{QCoreApplication.translate('sync', label)} {info.counts[key]}"
                            for key, label in CONTENT_LABELS if info.counts.get(key))
            state = self.tr("已登记") if info.trusted else self.tr("未登记设备，需确认")
            cells = (info.path.name, info.device_name, info.fingerprint, what, state)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 4 and not info.trusted:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.trust.setChecked(False)
        self.trust.setVisible(self.needs_trust)
        self._enable()

    @property
    def needs_trust(self) -> bool:
        return any(not info.trusted for info in self.infos)

    def _enable(self) -> None:
        ready = bool(self.infos) and not self.reports
        self.import_button.setEnabled(ready and (not self.needs_trust or self.trust.isChecked()))

    def _failed(self, exc: BaseException) -> None:
        from ..errors import error_text, show_error

        if shiboken6.isValid(self):
            message, hint = error_text(exc)
            merged = getattr(exc, "reports", None)      # files merged before the stop: named by it
            if merged:
                self.reports = merged                   # so the view shows them
            head = "" if merged else self.tr("未导入任何内容：")
            self.result_text.setPlainText(head + message + ("\n" + hint if hint else ""))
            self.result_text.setStyleSheet(f"color: {OVERDUE_RED};")
            show_error(self, exc)

    def start_import(self):
        if not self.import_button.isEnabled():
            return None
        self.import_button.setEnabled(False)
        trust = self.needs_trust and self.trust.isChecked()
        return self.ctx.ops.run(import_job(self.paths, trust, self.kind, self.hq_url), parent=self,
                                title=self.tr("正在导入数据包…"), on_done=self._imported,
                                on_error=self._failed)

    def _imported(self, reports: list) -> None:
        if not shiboken6.isValid(self):
            return
        self.reports = reports
        lines = []
        for info, report in zip(self.infos, reports):
            lines.append(f"{info.path.name}（{report.device_name}）：{report.summary()}")
            lines += [f"    {conflict}" for conflict in report.conflicts]
        self.result_text.setStyleSheet("")
        self.result_text.setPlainText("\n".join(lines))
        self._enable()


class ExportDialog(QDialog):
    """Write this laptop's unsent records (or everything) to one bundle file."""

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.result_record = None
        self.setWindowTitle(self.tr("导出数据包（交局机关）"))
        self.resize(620, 240)
        self.path = QLineEdit()
        self.path.setObjectName("exportPath")
        self.path.setText(filedialogs.start_path(filedialogs.BUNDLE,
                                                 ctx.today().isoformat() + BUNDLE_SUFFIX))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.browse)
        self.everything = QCheckBox(self.tr("导出全部记录（默认只导出上次导出后的新记录）"))
        self.everything.setObjectName("exportEverything")
        self.message = QLabel()
        self.message.setObjectName("exportResult")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("保存到")))
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(self.tr("导出"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportBundle")
        self.export_button.clicked.connect(self.start_export)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.everything)
        layout.addWidget(self.message, 1)
        layout.addWidget(buttons)

    def browse(self) -> None:
        path, _ = filedialogs.save_file(self, filedialogs.BUNDLE, self.tr("导出数据包"), "",
                                        file_filter("bundle", for_open=False), start=self.path.text())
        if path:
            self.path.setText(path)

    def start_export(self):
        out = self.path.text().strip()
        if not out:
            return None
        self.export_button.setEnabled(False)
        return self.ctx.ops.run(export_job(out, self.everything.isChecked()), parent=self,
                                title=self.tr("正在导出数据包…"), on_done=self._exported,
                                on_error=self._failed)

    def _exported(self, result) -> None:
        if shiboken6.isValid(self):
            self.result_record = result
            self.message.setText(result.summary())
            self.export_button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        from ..errors import show_error

        if shiboken6.isValid(self):
            self.export_button.setEnabled(True)
            show_error(self, exc)
