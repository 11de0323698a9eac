"""Photos of one checklist item or finding: thumbnails, caption, removal, import, annotate.

An annotated photo stands in place of the photo it was drawn on (the original
stays in the workspace as evidence); removing it brings the earlier version back.

Files come from a file dialog or by drag and drop; they are imported on a pool
thread through :class:`ui.ops.Ops` (each in its own transaction), so a card of
forty camera pictures never freezes the window.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from checklists.common.errors import SiteCheckError
from storage.records import Photo

from ..context import Context
from ..errors import show_error
from . import filedialogs
from .flow import FlowLayout, HeadLayout

PHOTO_FILTER = "照片 (*.jpg *.jpeg *.png *.heic *.heif *.tif *.tiff *.webp *.bmp);;所有文件 (*)"


@dataclass(frozen=True)
class PhotoTarget:
    """What new photos are attached to."""

    inspection_id: str
    checklist_hash: str | None = None
    item_id: str | None = None
    finding_id: str | None = None


def import_photos_job(target: PhotoTarget, files: list[str]):
    """A job for Ops.run: import ``files``; returns (photos added, rejected messages)."""
    def job(ws, progress):
        added, rejected = [], []
        for n, file in enumerate(files):
            progress.check()
            progress.report(n, len(files), Path(file).name)
            try:
                added.append(ws.add_photo(target.inspection_id, file, finding_id=target.finding_id,
                                          checklist_hash=target.checklist_hash,
                                          item_id=target.item_id))
            except SiteCheckError as exc:
                rejected.append(exc)
        progress.report(len(files), len(files), "")
        return added, rejected
    return job


class PhotoStrip(QWidget):
    changed = Signal()
    caption_below = False           # the caption on a line of its own, below the buttons

    def __init__(self, ctx: Context, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.target: PhotoTarget | None = None
        self.list = QListWidget()
        self.list.setObjectName("photoList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(120, 90))
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setFixedHeight(140)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setAcceptDrops(False)
        self.list.currentItemChanged.connect(lambda *_: self._show_caption())
        self.caption = QLineEdit()
        self.caption.setObjectName("photoCaption")
        self.caption.setPlaceholderText(self.tr("照片说明（回车保存）"))
        self.caption.editingFinished.connect(self.save_caption)
        self.add_button = self._button(self.tr("添加照片… (P)"), self.choose_files, "addPhotos")
        self.annotate_button = self._button(self.tr("标注…"), self.annotate, "annotatePhoto")
        self.remove_button = self._button(self.tr("删除照片"), self.remove_current, "removePhoto")
        # the caption beside the buttons, or below them where the row is narrow (always
        # below with ``caption_below``)
        row = FlowLayout() if self.caption_below else HeadLayout(wide=-1)
        for button in (self.add_button, self.annotate_button, self.remove_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)
        (layout if self.caption_below else row).addWidget(self.caption)
        self.setAcceptDrops(True)
        self.setToolTip(self.tr("可将照片文件拖放到此处"))

    def _button(self, text: str, slot, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # ----- content ---------------------------------------------------------------------
    def set_target(self, target: PhotoTarget | None) -> None:
        self.target = target
        self.refresh()

    def photos(self) -> list[Photo]:
        if not self.target:
            return []
        return self.ctx.ws.photos(inspection_id=self.target.inspection_id,
                                  item_id=self.target.item_id, latest=True)

    def refresh(self) -> None:
        self.list.clear()
        for photo in self.photos():
            pixmap = QPixmap()
            pixmap.loadFromData(self.ctx.ws.photo_bytes(photo.id, "thumb"))
            item = QListWidgetItem(QIcon(pixmap), photo.caption or photo.original_name or "")
            item.setData(Qt.ItemDataRole.UserRole, photo.id)
            tip = photo.caption or photo.original_name or ""
            if photo.derived_from:
                tip += "\n" + self.tr("已标注：文书附件使用标注后的照片，原图保留在工作区")
            item.setToolTip(tip)
            self.list.addItem(item)
        enabled = self.target is not None
        self.add_button.setEnabled(enabled)
        has = self.list.count() > 0
        self.annotate_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.caption.setEnabled(has)
        if has:
            self.list.setCurrentRow(self.list.count() - 1)
        self._show_caption()

    def current_photo_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show_caption(self) -> None:
        photo_id = self.current_photo_id()
        self.caption.setText(self.ctx.ws.photo(photo_id).caption or "" if photo_id else "")

    # ----- actions ---------------------------------------------------------------------
    def choose_files(self) -> None:
        if not self.target:
            return
        files = filedialogs.open_files(self, filedialogs.PHOTOS, self.tr("选择照片"), PHOTO_FILTER)
        if files:
            self.import_files(files)

    def import_files(self, files: list[str]):
        """Import in the background; the strip refreshes when done."""
        if not self.target or not files:
            return None
        return self.ctx.ops.run(import_photos_job(self.target, files), parent=self,
                                title=self.tr("正在导入照片…"), on_done=self._imported)

    def _imported(self, result) -> None:
        _added, rejected = result
        self.refresh()
        self.changed.emit()
        if rejected:
            show_error(self, rejected[0] if len(rejected) == 1 else SiteCheckError(
                self.tr("%1 张照片未能导入").replace("%1", str(len(rejected))),
                hint="\n".join(str(r) for r in rejected)))

    def save_caption(self) -> None:
        photo_id = self.current_photo_id()
        if photo_id and self.caption.isModified():
            try:
                self.ctx.ws.update_photo(photo_id, caption=self.caption.text().strip())
            except SiteCheckError as exc:
                show_error(self, exc)
                return
            self.caption.setModified(False)
            item = self.list.currentItem()
            item.setText(self.caption.text().strip())

    def remove_current(self) -> None:
        photo_id = self.current_photo_id()
        if photo_id:
            self.ctx.ws.remove_photo(photo_id)
            self.refresh()
            self.changed.emit()

    def annotate(self) -> None:
        from ..dialogs.annotate import AnnotateDialog

        photo_id = self.current_photo_id()
        if photo_id and AnnotateDialog(self.ctx, photo_id, parent=self).exec():
            self.refresh()
            self.changed.emit()

    # ----- drag and drop ---------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if self.target and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.import_files(files)
