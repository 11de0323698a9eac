"""Ledger export at headquarters scale, as the user runs it: a whole process per export.

    .venv/bin/python -m bench.ledger [--findings 100000] [--runs 5] [--no-write]

Each run is a fresh ``python -m bench.ledger child ...`` process that opens the
workspace and writes the ledger (.xlsx, then .csv); the baseline is the export as
it was before (openpyxl write-only; CSV built in memory, bench/ledger_baseline.py),
run in the same way, interleaved with ours (A B A B ...), after one warm-up each.
CPU time is the child's own (``wait4``), peak memory its VmHWM (``wait4``'s figure
also counts the parent's memory the child shared before its exec); wall time is the
parent's clock around the process.  Also writes 1,000,000 rows to .csv once, to
show that memory stays bounded.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.report import write_section

TODAY = date(2026, 11, 20)


def build(path: Path, findings: int) -> None:
    from bench.storage import make_rows, new_workspace
    from storage.bulk import bulk_insert

    rng = random.Random(12)
    ws, enterprises, inspections = new_workspace(path, max(10, findings // 200), rng)
    for start in range(0, findings, 200_000):
        bulk_insert(ws, "finding", make_rows(min(200_000, findings - start), enterprises, inspections, rng, TODAY))
    ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.close()


def child(which: str, workspace: str, out: str) -> None:
    from storage.workspace import Workspace

    if which == "ours":
        from export.ledger import export_ledger
    else:
        from bench.ledger_baseline import export_ledger
    with Workspace.open(workspace) as ws:
        export_ledger(ws, out, today=TODAY)
    print(peak_kb())


def peak_kb() -> int:
    """This process's peak resident memory (VmHWM: the memory of this program only; the
    wait4 figure also counts the parent's memory the child shared before its exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def run_once(which: str, workspace: Path, out: Path) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench.ledger", "child", which, str(workspace), str(out)],
                            stdout=subprocess.PIPE, text=True)
    printed = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{which} export failed (status {status})")
    out.unlink()
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "rss": int(printed.split()[-1]) / 1024}


def paired(workspace: Path, folder: Path, suffix: str, runs: int) -> dict[str, dict[str, list[float]]]:
    samples: dict[str, dict[str, list[float]]] = {"ours": {}, "baseline": {}}
    for n in range(runs + 1):                          # the first round warms up, uncounted
        for which in ("ours", "baseline"):
            figures = run_once(which, workspace, folder / f"{which}{suffix}")
            for key, value in figures.items():
                if n:
                    samples[which].setdefault(key, []).append(value)
    return samples


def spread(values: list[float], unit: str, fmt: str = "{:.2f}") -> str:
    return f"{fmt.format(statistics.median(values))} {unit} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def table(n: int, results: dict[str, dict]) -> str:
    rows = ["| export | CPU ours | CPU before | ratio | wall ours | wall before | peak memory ours | before |",
            "|---|---|---|---|---|---|---|---|"]
    for suffix, samples in results.items():
        ours, base = samples["ours"], samples["baseline"]
        ratios = [a / b for a, b in zip(ours["cpu"], base["cpu"], strict=True)]
        rows.append(f"| {n:,} rows {suffix} | {spread(ours['cpu'], 's')} | {spread(base['cpu'], 's')} | "
                    f"{spread(ratios, '×')} | {spread(ours['wall'], 's')} | {spread(base['wall'], 's')} | "
                    f"{spread(ours['rss'], 'MB', '{:.0f}')} | {spread(base['rss'], 'MB', '{:.0f}')} |")
    return "\n".join(rows)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--million", action="store_true", help="also write 1,000,000 rows to .csv and .xlsx once")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workspace = folder / "hq.sitecheck"
        build(workspace, args.findings)
        results = {s: paired(workspace, folder, s, args.runs) for s in (".xlsx", ".csv")}
        text = table(args.findings, results)
        if args.million:
            big = folder / "million.sitecheck"
            build(big, 1_000_000)
            million = {s: run_once("ours", big, folder / f"m{s}") for s in (".csv", ".xlsx")}
            text += "\n\n" + "\n".join(
                f"1,000,000 rows {s}: {m['cpu']:.1f} s CPU, {m['wall']:.1f} s wall, peak {m['rss']:.0f} MB"
                for s, m in million.items())
    load = os.getloadavg()
    text = (f"`.venv/bin/python -m bench.ledger --findings {args.findings} --runs {args.runs}"
            f"{' --million' if args.million else ''}` — {os.cpu_count()} cores, load average "
            f"{load[0]:.1f} at the end; whole processes, median (min–max) of {args.runs} interleaved "
            f"runs after a warm-up.\n\n{text}")
    print(text)
    if not args.no_write:
        write_section("ledger", text)


if __name__ == "__main__":
    main()
