"""Regenerate the README's screenshots from a fresh demo workspace.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m ui.screenshots [OUT_DIR]

Fills a temporary workspace with ``storage.demo`` data and saves every main view
at the laptop sizes inspectors carry (1366x768 and 1024x768), in Chinese and in
English, as ``VIEW-WIDTH-LANG.png`` (e.g. ``walk-1366-zh.png``; default folder
``docs/screenshots/``), and at 1024x768 the window with its File menu open, the
user guide (F1), the search (Ctrl+F) and the 查封（扣押）决定书 dialog over it
(``menu-``, ``guide-``, ``search-``, ``decision-``).  Look at them before committing: they are what a newcomer sees
first.
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QPainter

from checklists.common.vocabulary import EquipmentKind, FindingState, Result
from export.decisions import handling_gaps
from export.issue import issue_order
from storage.demo import INSPECTORS, fill
from storage.ledger import FindingQuery
from storage.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1366, 768), (1024, 768))
LANGUAGES = (("zh", "zh_CN"), ("en", "en"))


def settle(ms: int = 400) -> None:
    """Let background jobs and layout finish before grabbing."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def demo_workspace(path: Path) -> tuple[tuple[str, str, str], str, str]:
    """Sample data: an unfinished inspection's item judged 不符合 (inspection, checklist
    hash, item), an inspection with an issued order, and one of its ordered findings."""
    with Workspace.open(path) as ws:
        fill(ws, inspections=40, photos=True)
        ws.set_settings({"inspectors": [dict(p) for p in INSPECTORS]})
        inspections = ws.inspections(limit=40)
        rich = next(i for i in inspections if ws.count_findings(FindingQuery(inspection_id=i.id)) >= 3)
        open_ones = [i for i in inspections
                     if ws.count_findings(FindingQuery(inspection_id=i.id, states=(FindingState.OPEN,))) >= 1]
        # one whose 严重 hazard still needs a seizure, so the finish view shows its notice
        open_one = next((i for i in open_ones if handling_gaps(ws, i.id) and i.equipment_id), open_ones[0])
        real_clock = ws.clock                 # issued at the inspection, when its deadlines lay ahead
        ws.clock = lambda: datetime.fromisoformat(open_one.finished_at)
        issue_order(ws, open_one.id)          # so the finish view has a document to preview
        ws.clock = real_clock
        ordered = ws.findings(FindingQuery(inspection_id=open_one.id,
                                           states=(FindingState.ORDERED,)))[0]
        return (walked_to_a_finding(ws, rich), boiler_walk(ws)), open_one.id, ordered.id


def walked_to_a_finding(ws: Workspace, model) -> tuple[str, str, str]:
    """A new inspection like ``model``, answered as it was up to its first 不符合 item
    (left unfinished): the inspection, the checklist hash and that item."""
    checklist = next(c for c in ws.checklists() if c.hash == model.checklist_hashes[0])
    answers = ws.answer_map(model.id)
    insp = ws.start_inspection(model.enterprise_id, [checklist.hash], model.inspectors,
                               mode=model.mode, equipment_id=model.equipment_id,
                               task_source=model.task_source, task_source_note=model.task_source_note)
    for part in ws.walk_parts(model.id, checklist.hash):
        for item in part.items:
            answer = answers[(checklist.hash, part.equipment_id, item.id)]
            ws.record_result(insp.id, checklist.hash, item.id, result=answer.result, note=answer.note,
                             equipment_id=part.equipment_id)
            if answer.result == Result.FAIL:
                return insp.id, checklist.hash, item.id
    raise LookupError("the model inspection has no 不符合 item")


def boiler_walk(ws: Workspace) -> tuple[str, str, str, str]:
    """A boiler inspection with two boilers selected, the second one's periodic inspection
    overdue (so the item that asks whether it stopped is shown): the inspection, checklist
    hash, item and that boiler."""
    checklist = next(c for c in ws.checklists() if c.id == "boiler-user")
    boilers = {}
    for piece in ws.equipment_list():
        if piece.kind == EquipmentKind.BOILER:
            boilers.setdefault(piece.enterprise_id, []).append(piece)
    enterprise_id, pieces = max(boilers.items(), key=lambda kv: len(kv[1]))
    if len(pieces) < 2:
        pieces.append(ws.add_equipment(enterprise_id, kind=EquipmentKind.BOILER, name="锅炉2号",
                                       register_code="11103301002016000042", location="锅炉房"))
    insp = ws.start_inspection(enterprise_id, [checklist.hash], INSPECTORS[:2], equipment_id=pieces[0].id,
                               task_source="plan", site="锅炉房")
    ws.set_equipment_tables(insp.id, [{"id": p.id} for p in pieces[:2]])
    for part in ws.walk_parts(insp.id, checklist.hash)[:3]:
        for item in part.items:
            ws.record_result(insp.id, checklist.hash, item.id, result=Result.PASS)
    for piece, result in ((pieces[0], Result.PASS), (pieces[1], Result.FAIL)):
        ws.record_result(insp.id, checklist.hash, "BL-09-01", result=Result.PASS, equipment_id=piece.id)
        ws.record_result(insp.id, checklist.hash, "BL-09-02", result=result, equipment_id=piece.id,
                         note="检验报告下次检验日期已过" if result == Result.FAIL else None)
    return insp.id, checklist.hash, "BL-09-03", pieces[1].id


def save_small(pixmap, file: Path) -> None:
    """Save as a 256-colour PNG: a quarter of the size, and the same to the eye for a UI."""
    pixmap.save(str(file))
    with Image.open(file) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                              dither=Image.Dither.NONE)
    small.save(file, optimize=True)


def shots(window, failed, with_order, ordered) -> dict:
    """What to show for each screenshot name."""
    def walk():
        window.open_walk(failed[0][0])
        window.walk.go_to(*failed[0][1:])

    def walk_equipment():
        window.open_walk(failed[1][0])
        window.walk.go_to(*failed[1][1:])

    return {
        "home": lambda: window.show_view("home"),
        "enterprises": lambda: window.show_view("enterprises"),
        "walk": walk,
        "walk-equipment": walk_equipment,
        "finish": lambda: window.show_documents(with_order),
        "reinspection": lambda: window.start_reinspection(ordered),
        "ledger": lambda: window.show_view("ledger"),
        "statistics": lambda: window.show_view("hq"),
        "settings": lambda: window.show_view("settings"),
    }


def over_window(window, popup):
    """The window's picture with ``popup`` (a menu, a dialog: windows of their own) drawn
    where it shows."""
    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(popup.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0)), popup.grab())
    painter.end()
    return picture


def centre_over(window, dialog) -> None:
    dialog.move(window.mapToGlobal(window.rect().center() - dialog.rect().center()))


def popup_shots(window, out: Path, lang: str, query: str) -> None:
    """The File menu open, the guide and a search, over the home view."""
    window.show_view("home")
    menu = window.menus()[0]
    bar = window.menuBar()
    menu.popup(bar.mapToGlobal(bar.actionGeometry(menu.menuAction()).bottomLeft()))
    settle()
    save_small(over_window(window, menu), out / f"menu-1024-{lang}.png")
    menu.hide()
    guide = window.show_guide()
    guide.contents.setCurrentRow(2)             # the walk's keys
    centre_over(window, guide)
    settle()
    save_small(over_window(window, guide), out / f"guide-1024-{lang}.png")
    guide.close()
    search = window.show_search()
    search.query.setText(query)
    search.run()
    centre_over(window, search)
    settle(800)
    save_small(over_window(window, search), out / f"search-1024-{lang}.png")
    search.close()
    print(*(out / f"{name}-1024-{lang}.png" for name in ("menu", "guide", "search")), sep="\n")


def decision_shot(window, out: Path, lang: str, inspection_id: str) -> None:
    """The 查封（扣押）决定书 dialog (更多文书) over the finish view."""
    window.show_documents(inspection_id)
    dialog = window.finish.open_decision("seizure")
    centre_over(window, dialog)
    settle()
    file = out / f"decision-1024-{lang}.png"
    save_small(over_window(window, dialog), file)
    dialog.reject()
    settle(100)
    print(file)


def main(out: Path) -> int:
    from ui.app import start

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SITECHECK_HOME"] = tmp
        failed, with_order, ordered = demo_workspace(Path(tmp) / "demo.sitecheck")
        _app, window = start(Path(tmp) / "demo.sitecheck")
        for lang, code in LANGUAGES:
            window.language_requested.emit(code)
            for width, height in SIZES:
                window.resize(width, height)
                for name, show in shots(window, failed, with_order, ordered).items():
                    show()
                    settle()
                    file = out / f"{name}-{width}-{lang}.png"
                    save_small(window.grab(), file)
                    print(file)
            popup_shots(window, out, lang, "锅炉")
            decision_shot(window, out, lang, with_order)
        window.language_requested.emit("zh_CN")
        window.ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
