"""Pack export from a PostgreSQL headquarters (issue 13 §2): the issuing desk's workspace
with the enterprise and equipment registries the field's bundles brought into PostgreSQL.

    .venv/bin/python -m bench.hq_pack --root DIR [--sizes 10000,50000] [--runs 3] [--write]

For each size N: ten devices register N enterprises with two pieces of equipment each
(``storage.bulk``), their bundles are merged into a new database of a throwaway cluster in
DIR (fsync on); the desk's workspace holds 1,000 enterprises of its own (2,000 pieces of
equipment), one custom checklist and a number block, and once merged the first device's
bundle itself (so a tenth of the database's rows are in both, compared by the rule).
Measured, whole process (``main.py``, as a clerk runs it; wall time and peak resident
memory): ``--workspace DESK --hq URL pack export`` by a read-only clerk, against its
baseline, the pack of a workspace headquarters holding the same rows (the desk's copy
with every bundle merged), runs interleaved.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from datetime import date
from pathlib import Path

DEVICES = 10
DESK_OWN = 1000
DISTRICTS = ("西湖区", "上城区", "拱墅区", "滨江区", "萧山区", "余杭区")
KINDS = ("boiler", "pressure_vessel", "elevator", "lifting")


def registries(ws, enterprises: int, seed: int) -> None:
    """``enterprises`` new enterprises of this device, two pieces of equipment each."""
    from storage.bulk import bulk_insert
    from storage.ids import uuid7

    ids = [uuid7() for _ in range(enterprises)]
    bulk_insert(ws, "enterprise", ({
        "id": eid, "name": f"杭州第{seed}-{n}号机械制造有限公司", "district": DISTRICTS[n % len(DISTRICTS)],
        "address": f"杭州市{DISTRICTS[n % len(DISTRICTS)]}工业路{n}号", "industry": "机械制造",
        "legal_rep": "张三", "contact": "李四"} for n, eid in enumerate(ids)))
    bulk_insert(ws, "equipment", ({
        "id": uuid7(), "enterprise_id": eid, "kind": KINDS[(n + k) % len(KINDS)],
        "name": f"{k + 1}号设备", "location": "一号车间", "next_inspection_date": "2027-06-30"}
        for n, eid in enumerate(ids) for k in range(2)))


def build(root: Path, url: str, size: int) -> tuple[Path, Path]:
    """The database filled through device bundles; (the desk, the workspace headquarters)."""
    from export.sync.bundle import export_bundle, import_bundles
    from export.sync.hq import import_to_hq
    from storage.hq import open_hq
    from storage.sync.packs import assign_block
    from storage.workspace import Workspace
    from tests.equipment_sample import CHECKLIST

    folder = root / f"n{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    bundles = []
    for d in range(DEVICES):
        with Workspace.open(folder / f"device{d}.sitecheck", install_builtin=False) as ws:
            registries(ws, size // DEVICES, d)
            bundles.append(export_bundle(ws, folder / f"device{d}.scbundle").path)
    with open_hq(url) as hq:
        import_to_hq(hq, bundles, trust=True)
    desk = folder / "desk.sitecheck"
    with Workspace.open(desk) as ws:
        ws.install_checklist(CHECKLIST, "局机关检查表.yaml")
        assign_block(ws, "laptop-1", "杭西应急责改", 2026, 1, 500)
        registries(ws, DESK_OWN, 99)
        import_bundles(ws, bundles[:1], trust=True)
    whole = folder / "workspace-hq.sitecheck"
    shutil.copyfile(desk, whole)
    with Workspace.open(whole) as ws:
        import_bundles(ws, bundles[1:], trust=True)
    return desk, whole


def export_once(workspace: Path, out: Path, url: str | None) -> tuple[float, int, str]:
    """Wall seconds, peak KiB and the printed line of one ``pack export`` process."""
    from tests.faults.hostile import run_cli

    args = ["--workspace", workspace, *(["--hq", url] if url else []), "pack", "export", "--out", out]
    start = time.perf_counter()
    done, peak = run_cli(*args)
    wall = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"pack export failed: {done.stderr}")
    return wall, peak, done.stdout.strip()


def measure(root: Path, owner: str, clerk: str, size: int, runs: int) -> dict:
    """Filled as the owner; exported by a read-only clerk."""
    desk, whole = build(root, owner, size)
    url = clerk
    pg, ws = {"wall": [], "peak": []}, {"wall": [], "peak": []}
    for _ in range(runs):                      # interleaved: the same load for both
        for name, got in (("pg", export_once(desk, root / "pg.scpack", url)),
                          ("ws", export_once(whole, root / "ws.scpack", None))):
            target = pg if name == "pg" else ws
            target["wall"].append(got[0])
            target["peak"].append(got[1])
            target["line"] = got[2]
    pg["size"] = (root / "pg.scpack").stat().st_size
    ws["size"] = (root / "ws.scpack").stat().st_size
    return {"size": size, "pg": pg, "ws": ws, "split": split(desk, url, root, runs)}


def split(desk: Path, url: str, root: Path, runs: int) -> dict[str, list[float]]:
    """In one warm process: reading the database's two registries alone (rows as the pack
    takes them, through the snapshot's server-side cursor), and the whole export."""
    from export.sync.pack import export_pack
    from storage.hq import open_hq
    from storage.sync.merging import columns
    from storage.workspace import Workspace

    out: dict[str, list[float]] = {"read": [], "export": []}
    with Workspace.open(desk) as ws:
        cols = {t: columns(ws, t) for t in ("enterprise", "equipment")}
        for _ in range(runs):
            start = time.perf_counter()
            with open_hq(url) as hq, hq.registry_snapshot() as reader:
                for table, listed in cols.items():
                    for _row in reader.rows(table, listed):
                        pass
            out["read"].append(time.perf_counter() - start)
            start = time.perf_counter()
            export_pack(ws, root / "split.scpack", hq_url=url)
            out["export"].append(time.perf_counter() - start)
    return out


def cluster(root: Path):
    from tests.hq.pgcluster import Cluster, bin_dir

    folder = root / "pg"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    made = Cluster(folder, bin_dir())
    made.start(fsync=True)
    return made


def table(results: list[dict]) -> str:
    from bench.report import machine, spread

    rows = ["| enterprises / equipment in the database | pack (rows) | `--hq URL pack export` (desk + PostgreSQL, a read-only clerk) | peak memory | workspace headquarters, same rows (baseline) | peak memory | ratio (baseline / PostgreSQL, medians) |",
            "|---|---|---|---|---|---|---|"]
    for r in results:
        pg, ws = r["pg"], r["ws"]
        rows.append(
            f"| {r['size']:,} / {2 * r['size']:,} | {pg['line'].split('：', 1)[-1]}; {pg['size'] / 2**20:.1f} MiB "
            f"| {spread(pg['wall'])} | {statistics.median(pg['peak']) / 1024:.0f} MiB "
            f"| {spread(ws['wall'])} | {statistics.median(ws['peak']) / 1024:.0f} MiB "
            f"| {statistics.median(ws['wall']) / statistics.median(pg['wall']):.2f}x |")
    rows += ["", "In one warm process (no start-up, no imports), the same data:", "",
             "| enterprises / equipment in the database | reading the database's registries alone "
             "| the whole export |", "|---|---|---|"]
    for r in results:
        rows.append(f"| {r['size']:,} / {2 * r['size']:,} | {spread(r['split']['read'])} "
                    f"| {spread(r['split']['export'])} |")
    return "\n".join(rows) + f"\n\nMachine: {machine()}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    args.root.mkdir(parents=True, exist_ok=True)
    server = cluster(args.root)
    results = []
    try:
        from storage.hq.postgres import init

        for size in map(int, args.sizes.split(",")):
            server.sql(f"CREATE DATABASE pack{size}")
            url = server.url(f"pack{size}")
            init(url, roles=True)
            server.sql(f"CREATE ROLE clerk{size} LOGIN IN ROLE sitecheck_clerk")
            results.append(measure(args.root, url, server.url(f"pack{size}", f"clerk{size}"), size, args.runs))
            print(table(results[-1:]), flush=True)
    finally:
        server.stop()
    text = table(results)
    print(text)
    if args.write:
        from bench.report import write_section

        write_section("hq_pack", HEAD + text + "\n" + f"\nRun on {date.today().isoformat()}.")
    return 0


HEAD = """## Packs from a PostgreSQL headquarters (`bench.hq_pack`)

`python -m bench.hq_pack --root DIR`: ten devices' bundles merged into PostgreSQL (throwaway
cluster, fsync on, 32 MB shared buffers), each enterprise with two pieces of equipment; the
desk's workspace with 1,000 enterprises of its own, one checklist, a number block and the first
device's bundle merged (a tenth of the database's rows in both, compared by the rule). Whole
`main.py` processes, wall time and peak resident memory (VmHWM), runs interleaved with the
baseline: the pack of a workspace headquarters holding the same rows.

"""

if __name__ == "__main__":
    sys.exit(main())
