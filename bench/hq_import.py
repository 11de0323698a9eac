"""Peak memory and time of ``sync import`` of many bundles: whole processes, before
(every file opened, then one transaction for all: ``bench/hq_import_baseline.py``)
and now (checked first, then one transaction per bundle).

    .venv/bin/python -m bench.hq_import [--devices 4] [--findings 40000] [--many 300] [--no-write]

Each run is a fresh child process importing every bundle into a new headquarters
file; peak memory (ru_maxrss) and CPU are the child's own (``wait4``).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.report import write_section

TODAY = date(2026, 11, 20)


def big_bundles(folder: Path, devices: int, findings: int) -> list[Path]:
    from export.sync.bundle import export_bundle
    from storage import bench_data, demo
    from storage.workspace import Workspace

    out = []
    for n in range(devices):
        with Workspace.open(folder / f"device{n}.sitecheck") as ws:
            demo.fill(ws, inspections=10, seed=n, today=TODAY)
            bench_data.add_findings(ws, findings, seed=n, today=TODAY)
            out.append(export_bundle(ws, folder / f"big{n}.scbundle").path)
    return out


def many_bundles(folder: Path, count: int) -> list[Path]:
    """One device exporting after every inspection: ``count`` small bundles."""
    from export.sync.bundle import export_bundle
    from storage import demo
    from storage.workspace import Workspace

    out = []
    with Workspace.open(folder / "many.sitecheck") as ws:
        for n in range(count):
            demo.fill(ws, inspections=1, seed=1000 + n, today=TODAY)
            out.append(export_bundle(ws, folder / f"small{n:04d}.scbundle").path)
    return out


def child(which: str, hq: str, files: list[str]) -> None:
    from storage.workspace import Workspace

    if which == "ours":
        from export.sync.bundle import import_bundles
    else:
        from bench.hq_import_baseline import import_bundles
    with Workspace.open(hq) as ws:
        import_bundles(ws, files, trust=True)


def run(which: str, folder: Path, files: list[Path], tag: str) -> dict:
    hq = folder / f"hq-{which}-{tag}-{time.monotonic_ns()}.sitecheck"
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench.hq_import", "child", which, str(hq),
                             *map(str, files)], stderr=subprocess.PIPE, text=True)
    _pid, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read()
    wall = time.perf_counter() - start
    for suffix in ("", "-wal", "-shm", "-import.lock"):
        Path(f"{hq}{suffix}").unlink(missing_ok=True)
    return {"ok": status == 0, "error": err.strip().splitlines()[-1:] if status else [],
            "rss": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime, "wall": wall}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=4)
    parser.add_argument("--findings", type=int, default=40_000)
    parser.add_argument("--many", type=int, default=300)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = ["| import | peak memory now | before | CPU now | before | wall now | before |", "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sets = {f"{args.devices} bundles of {args.findings:,} findings each": big_bundles(folder, args.devices, args.findings),
                f"{args.many} small bundles (one inspection each)": many_bundles(folder, args.many)}
        for name, files in sets.items():
            results = {"ours": [], "before": []}
            for _ in range(args.runs):
                for which in ("ours", "before"):
                    results[which].append(run(which, folder, files, name[:3]))
            print(name, results, flush=True)
            rows.append(_row(name, results))
    load = os.getloadavg()
    text = (f"## Importing many bundles\n\n`.venv/bin/python -m bench.hq_import --devices {args.devices} "
            f"--findings {args.findings} --many {args.many}` — {os.cpu_count()} cores, load average "
            f"{load[0]:.1f} at the end; whole processes (peak RSS from wait4), best of {args.runs} "
            "interleaved runs each; \"before\": every file opened and all merged in one transaction.\n\n"
            + "\n".join(rows))
    print(text)
    if not args.no_write:
        write_section("hq_import", text)


def _row(name: str, results: dict) -> str:
    def best(which: str, key: str, unit: str, fmt: str) -> str:
        ok = [r for r in results[which] if r["ok"]]
        if not ok:
            return "failed: " + " ".join(results[which][0]["error"])[:80]
        return f"{fmt.format(min(r[key] for r in ok))} {unit}"
    return (f"| {name} | {best('ours', 'rss', 'MB', '{:.0f}')} | {best('before', 'rss', 'MB', '{:.0f}')} | "
            f"{best('ours', 'cpu', 's', '{:.1f}')} | {best('before', 'cpu', 's', '{:.1f}')} | "
            f"{best('ours', 'wall', 's', '{:.1f}')} | {best('before', 'wall', 's', '{:.1f}')} |")


if __name__ == "__main__":
    main()
