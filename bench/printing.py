"""Print benchmark: from the click on 完成检查's order action to the job accepted by CUPS.

A workspace of sample inspections (``storage.demo.fill`` with photos) whose open
findings also carry the real camera photos of ``../shared/testdata/photos`` (when
that folder is there); the main window (offscreen, 1366x768) shows the finish view
of one inspection with open findings per run.  Timed in the same process, in the
same way for both paths, interleaved:

- **PDF to CUPS** (today): click 出具指令书 -> the order issued and shown -> Ctrl+P's
  action (the CUPS queues listed on a pool thread, the print dialog open) -> the
  dialog accepted (the stored PDF sent to ``lp``) -> ``lp`` has returned the job id;
  only the user's keys are not in the time;
- **rasterised** (before): the same click and issue -> ``DocumentPanel.print_to``
  with a ``QPrinter`` on the same queue (each page rendered at the printer's
  resolution, Qt's CUPS print engine) -> the painter has ended and Qt has handed
  the job to CUPS.

Each job is left to complete before the next run (untimed), so cups-pdf's work on
one job does not slow the next.  Median of N with min and max.

    .venv/bin/python -m bench.printing [--runs 7] [--queue PDF] [--write]
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT.parent / "shared" / "testdata" / "photos" / "jpg"
CAMERA = ("gps/DSCN0010.jpg", "gps/DSCN0012.jpg", "mobile/jolla.jpg", "Nikon_D70.jpg")


def _lpstat_jobs(queue: str) -> dict[int, int]:
    """Job number -> size in bytes of every job of ``queue`` CUPS still lists."""
    out = subprocess.run(["lpstat", "-W", "all", "-o", queue], capture_output=True, text=True,
                         env={**os.environ, "LC_ALL": "C"}, timeout=30).stdout
    return {int(m[1]): int(m[2]) for m in re.finditer(rf"^{re.escape(queue)}-(\d+)\s+\S+\s+(\d+)", out, re.M)}


def _wait_completed(queue: str, number: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run(["lpstat", "-W", "completed", "-o", queue], capture_output=True, text=True,
                             env={**os.environ, "LC_ALL": "C"}, timeout=30).stdout
        if re.search(rf"^{re.escape(queue)}-{number}\s", out, re.M):
            return
        time.sleep(0.2)
    raise RuntimeError(f"job {queue}-{number} did not complete in {timeout} s")


def make_workspace(path: Path, inspections: int) -> list[str]:
    """Sample data with camera photos on the open findings; the inspections to order."""
    from checklists.common.vocabulary import FindingState
    from storage import demo
    from storage.ledger import FindingQuery
    from storage.workspace import Workspace

    with Workspace.open(path) as ws:
        demo.fill(ws, inspections=inspections, photos=True)
        camera = [(PHOTOS / name) for name in CAMERA if (PHOTOS / name).is_file()]
        ids = []
        for insp in ws.inspections(limit=inspections):
            open_findings = [f for f in ws.findings(FindingQuery(inspection_id=insp.id), limit=1000)
                             if f.state == FindingState.OPEN]
            ids += [insp.id] if open_findings else []
            for k, finding in enumerate(open_findings if camera else []):
                photo = camera[(len(ids) + k) % len(camera)]
                ws.add_photo(insp.id, photo.read_bytes(), name=photo.name, finding_id=finding.id,
                             caption="隐患部位现场情况")
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return ids


class Driver:
    """The main window, driven as the user drives it (offscreen)."""

    def __init__(self, path: Path, queue: str):
        from ui.app import start

        self.queue = queue
        self.app, self.window = start(path)
        self.window.resize(1366, 768)

    def wait(self, signal, timeout_ms: int = 120_000):
        """Run the event loop until ``signal`` fires; returns its arguments."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop, got = QEventLoop(), []
        signal.connect(lambda *args: (got.append(args), loop.quit()))
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        if not got:
            raise RuntimeError("timed out")
        return got[0]

    def wait_until(self, done, timeout_ms: int = 120_000) -> None:
        """Run the event loop until ``done()`` (checked every 2 ms by a timer)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop, timer = QEventLoop(), QTimer()
        timer.setInterval(2)
        timer.timeout.connect(lambda: done() and loop.quit())
        timer.start()
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        timer.stop()
        if not done():
            raise RuntimeError("timed out")

    def open(self, inspection_id: str) -> None:
        """The finish view, its photo preparation done (the user reads the findings first)."""
        self.window.open_inspection(inspection_id)
        self.window.ctx.ops.wait()
        self.app.processEvents()

    def order_and_print(self, rasterise: bool) -> tuple[float, float]:
        """(seconds from the click to the job accepted, of which issuing the order)."""
        from PySide6.QtPrintSupport import QPrinter

        finish = self.window.finish
        panel = finish.documents
        begin = time.perf_counter()
        finish.order_button.click()
        self.wait(finish.changed)                      # issued, numbered, stored, shown
        issued = time.perf_counter() - begin
        if rasterise:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPrinterName(self.queue)
            panel.print_to(printer)
            self.wait(panel.printed)
        else:
            panel.print_dialog()                       # Ctrl+P: the queues listed in the background
            self.wait_until(lambda: panel.printing is not None)
            dialog = panel.printing
            dialog.printer.setCurrentIndex(dialog.printer.findData(self.queue))
            dialog.accept()                            # Enter: the stored PDF sent to lp
            self.wait(panel.sent)
        return time.perf_counter() - begin, issued

    def close(self) -> None:
        """Jobs, worker workspaces and the workspace closed; the window deleted while Qt runs."""
        self.window.ctx.close()
        self.window.close()
        self.window.deleteLater()
        self.app.processEvents()


def run(runs: int, queue: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SITECHECK_HOME"] = str(Path(tmp) / "home")
        path = Path(tmp) / "bench.sitecheck"
        ids = make_workspace(path, inspections=max(40, runs * 10))
        if len(ids) < 2 * runs + 2:
            raise RuntimeError(f"only {len(ids)} inspections with open findings")
        driver = Driver(path, queue)
        times = {"pdf": [], "raster": []}
        sizes = {"pdf": [], "raster": []}
        issuing, per_order = [], []
        pages = []
        for n in range(runs + 1):                      # run 0 of each path is a warm-up
            for kind in ("pdf", "raster"):
                inspection_id = ids.pop()
                per_order.append(len(driver.window.ctx.ws.photos(inspection_id=inspection_id)))
                driver.open(inspection_id)
                before = max(_lpstat_jobs(queue), default=0)
                elapsed, issued = driver.order_and_print(rasterise=kind == "raster")
                jobs = _lpstat_jobs(queue)
                number = max(jobs)
                if number <= before:
                    raise RuntimeError("no new job reached CUPS")
                _wait_completed(queue, number)
                if n:
                    times[kind].append(elapsed)
                    sizes[kind].append(jobs[number])
                    issuing.append(issued)
            pages.append(driver.window.finish.documents.preview.pdf.pageCount())
        driver.close()
    return {"times": times, "sizes": sizes, "issuing": issuing, "pages": pages, "photos": per_order,
            "queue": queue}


def _row(label: str, values: list[float], sizes: list[int]) -> str:
    return (f"| {label} | **{statistics.median(values):.2f} s** | {min(values):.2f} s | "
            f"{max(values):.2f} s | {statistics.median(sizes) / 1024:,.0f} KiB |")


def markdown(r: dict) -> str:
    pdf, raster = r["times"]["pdf"], r["times"]["raster"]
    ok = "met" if statistics.median(pdf) <= 2.0 else "**not met**"
    load = os.getloadavg()[0]
    return f"""## Printing an order (bench/printing.py)

From the click on 完成检查's 出具指令书 to the job accepted by CUPS (a real cups-pdf queue,
`{r['queue']}`), in the main window (offscreen, 1366x768): the order is issued (number, PDF
with the findings' photos, stored, findings moved) and shown, then printed. Sample
inspections with {min(r['photos'])}-{max(r['photos'])} photos each (demo photos, plus a real camera photo on
every open finding); {min(r['pages'])}-{max(r['pages'])} pages per order. Median of {len(pdf)} runs per path after a warm-up,
interleaved; each job left to complete before the next run.

| path | median | min | max | job size (median) |
|---|---:|---:|---:|---:|
{_row("PDF to CUPS: queues listed, print dialog, the stored bytes to `lp` (today)", pdf, r["sizes"]["pdf"])}
{_row("rasterised: QPrinter on the same queue, one image per page (before)", raster, r["sizes"]["raster"])}

Of these, issuing the order (click to the order shown, both paths): median
{statistics.median(r['issuing']):.2f} s (min {min(r['issuing']):.2f} s, max {max(r['issuing']):.2f} s); the photos were
pre-scaled in the background when the finish view opened, as they are for the user.
Ratio (rasterised / PDF, medians): **{statistics.median(raster) / statistics.median(pdf):.1f}×**.
Target ≤ 2 s from the click to the job accepted: {ok}. Keys from the finish view: 3
(出具指令书 with the focus on it, Ctrl+P, Enter; tests/ui/test_printing.py counts them).
Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()},
load average {load:.1f} at the end (other work on the machine inflates the figures).
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--queue", default="PDF")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    text = markdown(run(max(args.runs, 5), args.queue))
    print(text)
    if args.write:
        from bench.report import write_section

        write_section("printing", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
