"""Long work shows progress and can be cancelled, and a cancel changes nothing:
sample data, the ledger export, a pack import.  File dialogs start in the
documents folder and remember the folder last used for the same purpose."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from storage import demo
from ui.widgets import filedialogs

TABLES = ("enterprise", "equipment", "inspection", "answer", "finding", "photo", "blob",
          "audit_event", "setting")


def counts(ws) -> dict[str, int]:
    return {t: ws.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def _cancel_at_first_report(qtbot, window, start):
    """Start a job and press Cancel on its progress dialog once it has reported progress."""
    reports = []
    progress = start()
    progress.signals.progress.connect(lambda done, total, _text: reports.append((done, total)))
    qtbot.waitUntil(lambda: any(done > 0 for done, _ in reports), timeout=60000)
    [dialog] = window.findChildren(QProgressDialog, "opsProgress")
    assert dialog.maximum() > 0                           # it shows how far the work got
    dialog.findChild(QPushButton).click()                 # its Cancel button
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=60000)
    return reports


def test_cancelling_sample_data_leaves_the_workspace_as_it_was(qtbot, window):
    ws = window.ctx.ws
    before = counts(ws)

    def accept(box: QMessageBox):
        next(b for b in box.buttons() if b.text() == "载入到当前工作区").click()

    reports = _cancel_at_first_report(
        qtbot, window, lambda: window.load_demo(confirm=accept, inspections=30))
    assert all(total == 30 for done, total in reports if done)      # it counted the inspections
    assert counts(ws) == before
    assert "已载入示例数据" not in window.statusBar().currentMessage()


def test_cancelling_the_ledger_export_writes_no_file(qtbot, window, tmp_path):
    ws = window.ctx.ws
    demo.fill(ws, inspections=4)
    from storage import bench_data

    bench_data.add_findings(ws, 30000)      # seconds of work: the cancel lands before the end
    view = window.show_view("ledger")
    out = tmp_path / "台账.xlsx"
    reports = _cancel_at_first_report(qtbot, window, lambda: view.export(str(out)))
    assert reports and not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    done = view.export(str(tmp_path / "台账.csv"))                  # not cancelled: written
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=60000)
    assert done is not None and (tmp_path / "台账.csv").stat().st_size > 0


def test_file_dialogs_start_in_documents_and_remember_each_purpose(qtbot, tmp_path, monkeypatch):
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    expected = documents if documents.is_dir() else Path.home()
    assert filedialogs.start_folder(filedialogs.BUNDLE) == expected
    assert filedialogs.start_path(filedialogs.LEDGER, "台账.xlsx") == str(expected / "台账.xlsx")
    assert filedialogs.start_folder(filedialogs.PHOTOS) != Path.cwd() or Path.cwd() == expected
    card = tmp_path / "stick"
    card.mkdir()
    assert filedialogs.chosen(filedialogs.PHOTOS, str(card / "IMG_0001.jpg")) == str(card / "IMG_0001.jpg")
    assert filedialogs.start_folder(filedialogs.PHOTOS) == card.resolve()
    assert filedialogs.start_folder(filedialogs.BUNDLE) == expected     # per purpose
    card.rmdir()                                                        # the stick was pulled out
    assert filedialogs.start_folder(filedialogs.PHOTOS) == expected
    filedialogs.chosen(filedialogs.PDF, "")                             # dialog cancelled
    assert filedialogs.start_folder(filedialogs.PDF) == expected


def test_documents_folder_is_the_users_and_home_without_one(qtbot, tmp_path, monkeypatch):
    home = tmp_path / "user"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    assert filedialogs.documents_folder() == home
    (home / "Documents").mkdir()
    assert filedialogs.documents_folder() == home / "Documents"
    assert filedialogs.start_folder(filedialogs.WORKSPACE) == home / "Documents"
