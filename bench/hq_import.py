"""Peak memory and time of ``sync import`` of many bundles: whole processes, before
(every file opened, then one transaction for all: ``bench/hq_import_baseline.py``)
and now (checked first, then one transaction per bundle).

    .venv/bin/python -m bench.hq_import [--devices 4] [--findings 40000] [--many 300] [--no-write]

Each run is a fresh child process importing every bundle into a new headquarters
file; peak memory (ru_maxrss) and CPU are the child's own (``wait4``).

    .venv/bin/python -m bench.hq_import --scale DIR [--sizes 100000,500000,1000000,2000000]
                                        [--per-size 10] [--month 50] [--no-write]

Merge time per bundle against the size of the headquarters: month-sized bundles
(one device's month: ``--inspections`` inspections with their answers, findings,
events and audit chain, each from its own signed device) merged into a copy of
the headquarters ``bench.hq_scale --keep DIR`` built at each size, one import per
bundle; at the largest size ``--month`` bundles in one import (one run, a commit
per bundle).  The bundles are kept in DIR/bundles for later runs.
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


def month_bundles(folder: Path, count: int, inspections: int) -> list[Path]:
    """``count`` bundles, each one device's month, each device its own signed identity."""
    from export.sync.bundle import export_bundle
    from storage import demo
    from storage.workspace import Workspace

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(count):
        path = folder / f"month{n:04d}-{inspections}.scbundle"
        if not path.exists():
            device = folder / f"device{n:04d}.sitecheck"
            with Workspace.open(device) as ws:
                demo.fill(ws, inspections=inspections, seed=5000 + n, today=TODAY)
                export_bundle(ws, path)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{device}{suffix}").unlink(missing_ok=True)
        out.append(path)
    return out


class Stamps:
    """When each bundle of one import started (its progress text changes)."""

    def __init__(self):
        self.times: list[float] = []
        self.last = ""

    def report(self, done: int, total: int, text: str = "") -> None:
        if str(text).startswith("数据包") and str(text) != self.last:
            self.last = str(text)
            self.times.append(time.perf_counter())

    def check(self) -> None:
        pass


def merge_at(keep: Path, size: int, files: list[Path], one_run: bool) -> dict:
    """Merge ``files`` into a copy of the headquarters kept at ``size``."""
    import resource
    import shutil

    from export.sync.bundle import import_bundles
    from storage.sync.merging import checkpoint
    from storage.workspace import Workspace

    work = keep / "merge-work.sitecheck"
    shutil.copyfile(keep / f"base-{size}.sitecheck", work)
    start = time.perf_counter()
    with Workspace.open(work) as ws:
        opened = time.perf_counter() - start          # the migrations, if any
        per: list[float] = []
        if one_run:
            stamps = Stamps()
            start = time.perf_counter()
            import_bundles(ws, files, trust=True, progress=stamps, checkpoint=False)
            total = time.perf_counter() - start
            per = [b - a for a, b in zip(stamps.times, [*stamps.times[1:], start + total])]
        else:
            for path in files:
                begin = time.perf_counter()
                import_bundles(ws, [path], trust=True, checkpoint=False)
                per.append(time.perf_counter() - begin)
            total = sum(per)
        checkpoint(ws)
        findings = ws.execute("SELECT COUNT(*) FROM finding").fetchone()[0]
    for suffix in ("", "-wal", "-shm", "-import.lock"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    return {"size": size, "per": per, "total": total, "opened": opened, "findings": findings,
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def scale(args) -> None:
    import statistics

    keep = Path(args.scale)
    sizes = [int(s) for s in args.sizes.split(",")]
    need = args.per_size * (len(sizes) - 1) + args.month
    bundles = month_bundles(keep / "bundles", need, args.inspections)
    results, used = [], 0
    for size in sizes:
        count = args.month if size == sizes[-1] else args.per_size
        results.append(merge_at(keep, size, bundles[used:used + count], size == sizes[-1]))
        used += count
        print(results[-1], flush=True)
    counts = _bundle_counts(bundles[0])
    rows = ["| headquarters | bundles | per bundle, median (min–max) | all of them |", "|---|---|---|---|"]
    for r in results:
        per = r["per"]
        rows.append(f"| {r['size']:,} findings | {len(per)}{' in one import' if r is results[-1] else ', one import each'} "
                    f"| {statistics.median(per):.2f} s ({min(per):.2f}–{max(per):.2f}) | {r['total']:.1f} s |")
    load = os.getloadavg()
    text = (f"## Merging month-sized bundles\n\n`.venv/bin/python -m bench.hq_import --scale DIR --sizes "
            f"{args.sizes} --per-size {args.per_size} --month {args.month} --inspections {args.inspections}` — "
            f"{os.cpu_count()} cores, load average {load[0]:.1f} at the end (other work was running). "
            f"Each bundle is one device's month, its own signed device: {counts}. Merged into a copy of "
            "the headquarters of `bench.hq_scale --keep` at each size (wall time of `import_bundles`, "
            "the write-ahead log checkpointed after). Peak memory of the whole benchmark process "
            f"{max(r['rss'] for r in results):.0f} MB.\n\n" + "\n".join(rows))
    print(text)
    if not args.no_write:
        write_section("hq_merge", text)


def _bundle_counts(path: Path) -> str:
    import json
    import zipfile

    with zipfile.ZipFile(path) as zf:
        counts = json.loads(zf.read("manifest.json"))["counts"]
    return ", ".join(f"{n:,} {t}" for t, n in counts.items() if n and t != "checklist")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    if "--scale" in sys.argv:
        parser = argparse.ArgumentParser()
        parser.add_argument("--scale", required=True, metavar="DIR")
        parser.add_argument("--sizes", default="100000,500000,1000000,2000000")
        parser.add_argument("--per-size", type=int, default=10)
        parser.add_argument("--month", type=int, default=50)
        parser.add_argument("--inspections", type=int, default=80)
        parser.add_argument("--no-write", action="store_true")
        scale(parser.parse_args())
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
