"""Regenerate the README's screenshots from a fresh demo workspace.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m ui.screenshots [OUT_DIR]

Fills a temporary workspace with ``storage.demo`` data, opens the main views
at 1280x800 and saves each as a PNG (default ``docs/screenshots/``).  Look at
them before committing: they are what a newcomer sees first.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer

from checklists.common.vocabulary import FindingState
from export.issue import issue_order
from storage.demo import INSPECTORS, fill
from storage.ledger import FindingQuery
from storage.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]


def settle(ms: int = 400) -> None:
    """Let background jobs and layout finish before grabbing."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def demo_workspace(path: Path) -> tuple[str, str]:
    """Sample data; the ids of an inspection with findings and of one with an issued order."""
    with Workspace.open(path) as ws:
        fill(ws, inspections=40, photos=True)
        ws.set_settings({"inspectors": [dict(p) for p in INSPECTORS]})
        inspections = ws.inspections(limit=40)
        rich = next(i for i in inspections
                    if ws.count_findings(FindingQuery(inspection_id=i.id)) >= 3)
        open_one = next(i for i in inspections
                        if ws.count_findings(FindingQuery(inspection_id=i.id,
                                                          states=(FindingState.OPEN,))) >= 1)
        issue_order(ws, open_one.id)          # so the finish view has a document to preview
        return rich.id, open_one.id


def main(out: Path) -> int:
    from ui.app import start

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SITECHECK_HOME"] = tmp
        rich, with_open = demo_workspace(Path(tmp) / "demo.sitecheck")
        _app, window = start(Path(tmp) / "demo.sitecheck")
        window.resize(1280, 800)
        shots = {
            "home": lambda: window.show_view("home"),
            "enterprises": lambda: window.show_view("enterprises"),
            "ledger": lambda: window.show_view("ledger"),
            "statistics": lambda: window.show_view("hq"),
            "walk": lambda: window.open_walk(rich),
            "finish": lambda: window.show_documents(with_open),
        }
        for name, show in shots.items():
            show()
            settle()
            window.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
        window.ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
