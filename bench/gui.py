"""GUI benchmark (offscreen): start to a filled home, opening the ledger, and orders.

Builds a workspace of 100k findings (demo.fill + storage.bench_data.add_findings)
and runs, in fresh processes, interleaved:

- SiteCheck's ``ui.app.start`` until the home view has its figures (``HomeView.loaded``:
  the counts read off the UI thread and shown) against a bare PySide6 QMainWindow
  shown with an idle event loop; the parent times spawn to the marker;
- in the same SiteCheck process, opening the ledger (the view built, its first
  page and count read, the events processed);
- in another process on a workspace of sample inspections with photos: the first
  order issued in the process and the ones after it, as the user does it (the
  finish view opened, which prepares the photos and the fonts in the background
  while the findings are read; then 出具指令书 clicked until the order is shown).
  CPU is the whole process's (every thread) from the click to the order shown.

    .venv/bin/python -m bench.gui [--findings 100000] [--runs 7] [--write]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.report import machine, spread

ROOT = Path(__file__).resolve().parents[1]
MARK = "SITECHECK-READY"
ORDERS = 6            # orders per process: the first and the later ones

APP_SCRIPT = f"""
import sys, time
from PySide6.QtCore import QTimer
from ui.app import start
app, window = start(sys.argv[1])

def opened():
    print("{MARK}", flush=True)
    begin = time.perf_counter()
    window.show_view("ledger")
    app.processEvents()
    print("LEDGER", time.perf_counter() - begin, flush=True)
    app.quit()

window.home.loaded.connect(lambda: QTimer.singleShot(0, opened))
app.exec()
"""
BARE_SCRIPT = f"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: (print("{MARK}", flush=True), app.quit()))
app.exec()
"""
ORDER_SCRIPT = """
import json, sys, time
from PySide6.QtCore import QEventLoop, QTimer
from ui.app import start
app, window = start(sys.argv[1])

def wait(signal):
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()

wait(window.home.loaded)
out = []
for inspection_id in sys.argv[3:]:
    window.show_documents(inspection_id)
    window.ctx.ops.wait()              # the user reads the findings while photos are prepared
    app.processEvents()
    finish = window.finish
    if not finish.order_button.isEnabled():    # unfinished, or nothing left to order
        continue
    c0, w0 = time.process_time(), time.perf_counter()
    finish.order_button.click()
    wait(finish.changed)               # issued, numbered, stored, shown
    out.append((time.perf_counter() - w0, time.process_time() - c0))
    if len(out) == int(sys.argv[2]):
        break
print(json.dumps(out), flush=True)
window.ctx.close()
"""


def make_workspace(path: Path, findings: int) -> int:
    from storage import bench_data, demo
    from storage.workspace import Workspace

    with Workspace.open(path) as ws:
        demo.fill(ws, inspections=40)
        ws.set_settings({"inspectors": list(demo.INSPECTORS)})
        missing = findings - ws.count_findings()
        if missing > 0:
            bench_data.add_findings(ws, missing)
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return ws.count_findings()


def make_order_workspace(path: Path) -> list[str]:
    """Sample inspections with photos (sample departments, never a real authority);
    the finished ones that have open findings to order."""
    from checklists.common.vocabulary import FindingState
    from storage import demo
    from storage.ledger import FindingQuery
    from storage.workspace import Workspace

    with Workspace.open(path) as ws:
        demo.fill(ws, inspections=4 * ORDERS, photos=True)
        ws.set_settings({"inspectors": list(demo.INSPECTORS)})
        later = ws.today() + timedelta(days=15)      # an order refuses deadlines already past,
        for finding in ws.findings(limit=100_000):     # as the inspector would set them today
            if finding.deadline and finding.deadline < ws.today().isoformat():
                ws.update_finding(finding.id, deadline=later)
        ids = [i.id for i in ws.inspections(limit=1000)
               if any(f.state == FindingState.OPEN
                      for f in ws.findings(FindingQuery(inspection_id=i.id), limit=1000))]
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return ids


def env() -> dict:
    # As a user starts it: bytecode caches written on the first (warm-up) start
    # and used afterwards, whatever this shell's PYTHONDONTWRITEBYTECODE says.
    out = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out["PYTHONPATH"] = str(ROOT)
    return out


def time_script(script: str, *args: str) -> tuple[float, dict[str, float]]:
    """Seconds from spawning to the marker, and the figures the script printed."""
    begin = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env())
    elapsed, extra = None, {}
    for line in proc.stdout:
        if line.startswith(MARK) and elapsed is None:
            elapsed = time.perf_counter() - begin
        elif line.split() and line.split()[0].isupper() and len(line.split()) == 2:
            extra[line.split()[0].lower()] = float(line.split()[1])
    proc.wait(60)
    if elapsed is None:
        raise RuntimeError(f"no ready marker (exit {proc.returncode})")
    return elapsed, extra


def time_orders(path: Path, ids: list[str]) -> list[tuple[float, float]]:
    done = subprocess.run([sys.executable, "-c", ORDER_SCRIPT, str(path), str(ORDERS), *ids], capture_output=True,
                          text=True, cwd=ROOT, env=env(), timeout=600, check=True)
    return [tuple(x) for x in json.loads(done.stdout.strip().splitlines()[-1])]


def run(findings: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SITECHECK_HOME"] = str(Path(tmp) / "home")   # prefs and caches of its own
        path, orders_path = Path(tmp) / "bench.sitecheck", Path(tmp) / "orders.sitecheck"
        t0 = time.perf_counter()
        count = make_workspace(path, findings)
        ids = make_order_workspace(orders_path)
        build = time.perf_counter() - t0
        time_script(APP_SCRIPT, str(path))          # warm-up: bytecode and file caches
        time_script(BARE_SCRIPT)
        app, bare, ledger, loads = [], [], [], []
        for _ in range(runs):                        # interleaved, same conditions
            elapsed, extra = time_script(APP_SCRIPT, str(path))
            app.append(elapsed)
            ledger.append(extra["ledger"])
            bare.append(time_script(BARE_SCRIPT)[0])
            loads.append(os.getloadavg()[0])
        first, later = [], []
        for k in range(runs):                        # a fresh process each time: its first order
            chunk = ids[k % len(ids):] + ids[:k % len(ids)]
            copy = Path(tmp) / "orders-run.sitecheck"
            copy.write_bytes(orders_path.read_bytes())
            result = time_orders(copy, chunk)
            assert len(result) == ORDERS, f"only {len(result)} inspections had an order to issue"
            first.append(result[0])
            later += result[1:]
            for suffix in ("-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return {"findings": count, "build_s": build, "app": app, "bare": bare, "ledger": ledger, "loads": loads,
            "first": first, "later": later, "ratios": [a / b for a, b in zip(app, bare)]}


def markdown(r: dict) -> str:
    med = statistics.median
    ratio = med(r["ratios"])
    first_cpu, later_cpu = med(c for _, c in r["first"]), med(c for _, c in r["later"])
    ok = lambda good: "met" if good else "NOT met"  # noqa: E731
    return f"""## GUI (bench/gui.py)

Offscreen, a workspace of **{r['findings']:,} findings**. Start: process spawn to the home
view **filled** (its figures read off the UI thread and shown: `HomeView.loaded`), against a bare
PySide6 `QMainWindow` shown with an idle event loop; fresh processes, interleaved, after one
warm-up start each (bytecode caches in place, as after a user's first start).
Ledger: in the same process, the ledger view built and shown (its COUNT and first 200-row page,
the events processed). Orders: a fresh process on sample inspections with photos per run; the
finish view opened (it prepares the photos and loads the fonts in the background while the user
reads the findings), then 出具指令书 clicked until the order is shown; CPU of the whole process
(every thread) from the click.

| | median (min–max, n) |
|---|---|
| SiteCheck start to a filled home | {spread(r['app'])} |
| bare QMainWindow | {spread(r['bare'])} |
| opening the ledger (100k findings) | {spread(r['ledger'])} |
| first order of a process: wall | {spread([w for w, _ in r['first']])} |
| first order of a process: CPU | **{spread([c for _, c in r['first']])}** |
| later orders: wall | {spread([w for w, _ in r['later']])} |
| later orders: CPU | **{spread([c for _, c in r['later']])}** |

Start ratio to the bare window (paired per run): median {ratio:.2f}x (min {min(r['ratios']):.2f}x,
max {max(r['ratios']):.2f}x); target ≤ 2x: {ok(ratio <= 2)}; absolute ≤ 1.0 s: {ok(med(r['app']) <= 1.0)}.
First order ≤ 0.3 s CPU: {ok(first_cpu <= 0.3)}; later ones ≤ 0.15 s CPU: {ok(later_cpu <= 0.15)}.
Load average (1 min) during the start runs: median {med(r['loads']):.1f} (min {min(r['loads']):.1f},
max {max(r['loads']):.1f}).
Machine: {machine()}; building the workspaces took {r['build_s']:.1f} s (not measured).
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    text = markdown(run(args.findings, args.runs))
    print(text)
    if args.write:
        from bench.report import write_section

        write_section("gui", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
