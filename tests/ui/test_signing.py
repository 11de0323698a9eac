"""现场签名 driven through the GUI: signatures drawn on the pad with the mouse (QTest
press, moves, release) are stored as drafts, printed in their blocks of the order
issued next (read back from the PDF's content stream), and reach headquarters in
the bundle."""
from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from checklists.common.vocabulary import DocumentKind
from export import issue
from export.sync.bundle import export_bundle, import_bundles
from storage.demo import fill
from storage.workspace import Workspace
from tests.export.test_issue import later_deadlines
from tests.export.test_signatures import check_blocks
from tests.ui.test_service_interview import wait_idle


def draw(qtbot, pad, seed: int = 0, strokes: int = 3) -> None:
    """Write a few strokes across the pad with the mouse."""
    w, h = pad.width(), pad.height()
    for k in range(strokes):
        points = [QPoint(int(w * (0.1 + 0.25 * k) + 40 * t / 20), int(h * 0.5 + h * 0.3 * math.sin(t / 3 + seed)))
                  for t in range(21)]
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for p in points[1:]:
            QTest.mouseMove(pad, p)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def open_signing(qtbot, window):
    ws = window.ctx.ws
    fill(ws, inspections=2)
    later_deadlines(ws)
    insp = next(i for i in ws.inspections() if issue._order_findings(ws, i.id))
    window.open_inspection(insp.id)
    view = window.finish
    qtbot.mouseClick(view.sign_button, Qt.MouseButton.LeftButton)
    dialog = view.signing
    assert dialog is not None and dialog.isVisible()
    return insp, view, dialog


def sign_row(qtbot, dialog, n: int, seed: int):
    qtbot.mouseClick(dialog.rows[n][3], Qt.MouseButton.LeftButton)
    pad_dialog = dialog.pad_dialog
    assert pad_dialog.isVisible() and not pad_dialog.done_button.isEnabled()
    draw(qtbot, pad_dialog.pad, seed)
    assert len(pad_dialog.pad.strokes) == 3 and pad_dialog.done_button.isEnabled()
    qtbot.mouseClick(pad_dialog.done_button, Qt.MouseButton.LeftButton)


def test_pad_undo_clear_and_points(qtbot, window):
    _insp, _view, dialog = open_signing(qtbot, window)
    qtbot.mouseClick(dialog.rows[0][3], Qt.MouseButton.LeftButton)
    pad_dialog = dialog.pad_dialog
    pad = pad_dialog.pad
    draw(qtbot, pad)
    assert len(pad.strokes) == 3 and all(len(s) == 21 for s in pad.strokes)
    ink = pad.ink()
    assert (ink.width, ink.height) == (pad.width(), pad.height()) and ink.points == 63
    qtbot.mouseClick(pad_dialog.undo_button, Qt.MouseButton.LeftButton)
    assert len(pad.strokes) == 2
    qtbot.mouseClick(pad_dialog.clear_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty() and not pad_dialog.done_button.isEnabled()
    pad_dialog.reject()
    assert window.ctx.ws.execute("SELECT COUNT(*) FROM signature").fetchone()[0] == 0


def test_signatures_drawn_on_the_pad_print_on_the_order_and_reach_headquarters(qtbot, window, tmp_path):
    ws = window.ctx.ws
    insp, view, dialog = open_signing(qtbot, window)
    dialog.document.setCurrentIndex(dialog.document.findData(str(DocumentKind.ORDER)))
    unit_row = len(dialog.rows) - 1
    dialog.rows[unit_row][1].setText("王五")
    for n in range(len(dialog.rows)):
        sign_row(qtbot, dialog, n, seed=n)
        assert dialog.rows[n][2].text().startswith("已签名")
    kind = issue.onsite.signed_kind(ws, insp.id, "order")
    drafts = ws.signature_drafts(insp.id, kind)
    assert [(str(s.role), s.signer) for s in drafts] == \
        [*(("inspector", p["name"]) for p in insp.inspectors), ("unit", "王五")]
    assert all(1 < s.size < 1024 for s in drafts)          # three short strokes: a few hundred bytes
    qtbot.mouseClick(dialog.rows[unit_row][4], Qt.MouseButton.LeftButton)     # 撤销 …
    assert dialog.rows[unit_row][2].text() == "未签名"
    sign_row(qtbot, dialog, unit_row, seed=7)                                 # … and signed again
    drafts = ws.signature_drafts(insp.id, kind)
    dialog.reject()
    view.issue("order")
    wait_idle(qtbot, window)
    [order] = ws.documents(inspection_id=insp.id, kind=str(kind))
    assert [e["id"] for e in order.data["signatures"]] == [s.id for s in drafts]
    check_blocks(ws.document_pdf(order.id), drafts, ["执法人员", "被检查单位"])
    bundle = export_bundle(ws, tmp_path / "b.scbundle").path
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        import_bundles(hq, [bundle], trust=True)
        assert hq.document_signatures(order.id) == order.data["signatures"]
        assert hq.audit_verify() == []


def test_refusal_with_linked_video_and_the_witness_signing_on_the_pad(qtbot, window, tmp_path):
    ws = window.ctx.ws
    fill(ws, inspections=2)
    later_deadlines(ws)
    insp = next(i for i in ws.inspections() if issue._order_findings(ws, i.id))
    window.open_inspection(insp.id)
    view = window.finish
    box = view.refusal
    box.setChecked(True)
    assert box.form.isRowVisible(box.who) and box.link_button.isVisible()
    box.who.setText("张三（车间主任）")
    box.note.setText("经宣读指令书内容后拒绝签名")
    box.witness.setText("李四")
    video = tmp_path / "DV_0007.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" * 50000)
    box.link(str(video))                           # hashed on a pool thread
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: len(box.files) == 1, timeout=5000)
    assert box.evidence.isChecked() and video.name in box.linked.text()
    qtbot.mouseClick(view.sign_button, Qt.MouseButton.LeftButton)
    dialog = view.signing
    dialog.document.setCurrentIndex(dialog.document.findData(str(DocumentKind.ORDER)))
    witness_row = len(dialog.rows) - 1
    assert str(dialog.rows[witness_row][0]) == "witness" and dialog.rows[witness_row][1].text() == "李四"
    sign_row(qtbot, dialog, witness_row, seed=3)
    dialog.reject()
    view.issue("order")
    wait_idle(qtbot, window)
    kind = issue.onsite.signed_kind(ws, insp.id, "order")
    [order] = ws.documents(inspection_id=insp.id, kind=str(kind))
    refusal = order.data["refusal"]
    assert refusal["who"] == "张三（车间主任）" and refusal["files"][0]["name"] == video.name
    assert [e["role"] for e in order.data["signatures"]] == ["witness"]
    check_blocks(ws.document_pdf(order.id), sig_of(ws, order.id), ["见证人"])


def sig_of(ws, document_id):
    from storage.signatures import of_document

    return of_document(ws, document_id)


def test_pen_pressure_and_touch_are_recorded(qtbot):
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtWidgets import QApplication

    from storage import signatures
    from ui.widgets.signature_pad import SignaturePad

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 200)
    pad.show()
    pen = QPointingDevice("pen", 1, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3)
    for n, (kind, x, pressure) in enumerate([(QEvent.Type.TabletPress, 50, 0.2), (QEvent.Type.TabletMove, 80, 0.5),
                                             (QEvent.Type.TabletMove, 120, 0.9),
                                             (QEvent.Type.TabletRelease, 120, 0.0)]):
        at = QPointF(x, 100 + n)
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletMove else Qt.MouseButton.LeftButton
        event = QTabletEvent(kind, pen, at, pad.mapToGlobal(at), pressure, 0, 0, 0, 0, 0,
                             Qt.KeyboardModifier.NoModifier, button, Qt.MouseButton.LeftButton)
        QApplication.sendEvent(pad, event)
    assert len(pad.strokes) == 1 and [p for _, _, p in pad.strokes[0]] == pytest.approx([0.2, 0.5, 0.9])
    touch = QTest.createTouchDevice()
    QTest.touchEvent(pad, touch).press(0, QPoint(300, 60))
    QTest.touchEvent(pad, touch).move(0, QPoint(340, 90))
    QTest.touchEvent(pad, touch).move(0, QPoint(380, 120))
    QTest.touchEvent(pad, touch).release(0, QPoint(380, 120))
    assert len(pad.strokes) == 2 and len(pad.strokes[1]) >= 3
    ink = signatures.decode(signatures.encode(pad.ink()))
    assert ink.has_pressure
    assert [p for _, _, p in ink.strokes[0]] == [51, 127, 229]          # 0-254 from the pen
    assert {p for _, _, p in ink.strokes[1]} == {signatures.NO_PRESSURE}   # a finger gives none
