"""Sync benchmark: export throughput vs raw copies, import rate, re-import cost,
and the zip container against a SQLite-file container holding the same data.

    .venv/bin/python -m bench.sync [--inspections N] [--photo-inspections M]
                                   [--records-inspections K] [--repeat R] [--hq-findings F]

Every measure runs R times (default 5); the table shows the median wall and CPU
time (this process) of the runs and their spread (min–max), with the load average.

Besides the import into an empty headquarters, the same bundle is merged into a
headquarters that already holds ``--hq-findings`` findings (default 1,000,000;
``storage.bench_data.add_findings``), a fresh copy of it for every run (the copy
is not timed): the unions by id, the event appends and the state recomputation
then run against full tables and indexes.

Two baselines for "a raw copy of the same bytes":

* **file copy**: the finished bundle file read, written and fsynced
  (``shutil.copyfileobj``): the same bytes, with nothing to look up.
* **copy out of SQLite**: in one read snapshot, the same rows read with the same
  queries as plain tuples (no encoding) and the same blobs read and written
  unprocessed to a file, fsynced.  This is the least any export must do; the
  difference to the export is what the format costs (JSON, hashes, zip, signature).

Throughput is the bundle's bytes per second of wall time; records are the rows
of every table in the bundle (blobs not counted).

Import is measured on two bundles: the realistic one above (rows, photos and
camera JPEGs) and a records-only one (``demo.fill`` with more inspections and no
photos), since records per second is the import target and blobs are bytes.
Each import is timed twice: until its transaction has committed (durable: the
WAL is fsynced; ``import_bundles(checkpoint=False)``, as ``sync import`` does
before printing its report), and including the WAL checkpoint that copies the
pages into the database file afterwards (``storage.sync.merging.checkpoint``).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.report import machine, write_section
from export.sync.bundle import export_bundle, import_bundles
from export.sync.container import open_signed
from storage.demo import fill
from storage.sync import merging
from storage.sync.selection import blob_chunks, bundle_selection, plain_rows
from storage.workspace import Workspace

TODAY = date(2026, 11, 20)
PHOTOS = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "photos" / "jpg"


def add_camera_photos(ws: Workspace) -> int:
    """Real camera JPEGs (the originals travel), when the shared test photos are present."""
    inspections = ws.inspections(limit=100)
    added = 0
    for n, path in enumerate(sorted(PHOTOS.rglob("*.jp*g")) if PHOTOS.is_dir() else []):
        try:
            ws.add_photo(inspections[n % len(inspections)].id, path)
            added += 1
        except Exception:  # a deliberately damaged sample: not what this benchmark measures
            continue
    return added


@dataclass
class Timing:
    walls: list[float]
    cpus: list[float]
    result: Any = None

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    def cell(self, size: float | None = None, unit: str = "MiB/s") -> str:
        text = (f"{self.wall:.3f} s ({min(self.walls):.3f}–{max(self.walls):.3f}, n={len(self.walls)}; "
                f"CPU {self.cpu:.3f} s)")
        return text + (f" = {size / self.wall:,.0f} {unit}" if size else "")


def timed(fn: Callable[[int], Any], repeat: int) -> Timing:
    """Wall and CPU times of ``repeat`` runs; ``fn(run)`` may use the run number."""
    out = Timing([], [])
    for run in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        out.result = fn(run)
        out.walls.append(time.perf_counter() - wall)
        out.cpus.append(time.process_time() - cpu)
    return out


def file_copy(src: Path, dst: Path) -> None:
    """Baseline 1: the bundle's bytes read, written and fsynced."""
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        shutil.copyfileobj(fin, fout, 1 << 20)
        fout.flush()
        os.fsync(fout.fileno())


def sqlite_copy(ws: Workspace, dst: Path) -> int:
    """Baseline 2: the same rows (as tuples) and blobs out of SQLite; blob bytes written, fsynced."""
    rows = 0
    with merging.read_snapshot(ws), bundle_selection(ws, "bench", everything=True) as selection, \
            open(dst, "wb") as out:
        for src in selection.tables:
            rows += len(plain_rows(ws, src))
        for ref in selection.blobs:
            for chunk in blob_chunks(ws, ref):
                out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return rows


def sqlite_container(ws: Workspace, dst: Path) -> None:
    """The alternative container: the same selection written to a SQLite file."""
    with merging.read_snapshot(ws), bundle_selection(ws, "bench", everything=True) as selection:
        con = sqlite3.connect(dst)
        con.execute("PRAGMA journal_mode = OFF")
        for src in selection.tables:
            marks = ", ".join("?" for _ in src.columns)
            con.execute(f"CREATE TABLE [{src.table}] ({', '.join(f'[{c}]' for c in src.columns)})")
            con.executemany(f"INSERT INTO [{src.table}] VALUES ({marks})", plain_rows(ws, src))
        con.execute("CREATE TABLE blob (sha256 TEXT PRIMARY KEY, data BLOB)")
        for ref in selection.blobs:
            con.execute("INSERT INTO blob VALUES (?, ?)", [ref.sha256, b"".join(blob_chunks(ws, ref))])
        con.commit()
        con.close()
    with open(dst, "rb+") as fh:
        os.fsync(fh.fileno())


def forced_remerge(hq: Workspace, bundle: Path) -> None:
    """Verify and merge again, bypassing the already-imported shortcut (nothing new)."""
    signed = open_signed(bundle, kind="bundle")
    try:
        manifest = {**signed.manifest, "bundle_id": signed.manifest["bundle_id"] + "-again"}
        merging.merge(hq, manifest, signed.record_parts(), signed.blob_names(), signed.read_blob)
    finally:
        signed.close()


@dataclass
class ImportRun:
    hq: Workspace
    reports: list
    committed: Timing         # until the import's transaction has committed
    checkpointed: Timing      # and the WAL checkpoint after it


def import_fresh(folder: Path, bundle: Path, run: int, start_from: Path | None = None) -> ImportRun:
    """Import into an empty headquarters workspace, or into a copy of ``start_from``
    (created or copied before the clock starts)."""
    path = folder / f"hq-{bundle.stem}-{run}.sqlite"
    if start_from:
        shutil.copyfile(start_from, path)
    hq = Workspace.open(path)
    wall, cpu = time.perf_counter(), time.process_time()
    reports = import_bundles(hq, [bundle], trust=True, checkpoint=False)
    committed = Timing([time.perf_counter() - wall], [time.process_time() - cpu])
    merging.checkpoint(hq)
    return ImportRun(hq, reports, committed,
                     Timing([time.perf_counter() - wall], [time.process_time() - cpu]))


def all_imports(folder: Path, bundle: Path, repeat: int,
                start_from: Path | None = None) -> tuple[list[ImportRun], Timing, Timing]:
    runs = []
    for run in range(repeat):
        runs.append(import_fresh(folder, bundle, run, start_from))
        if start_from and run < repeat - 1:       # big copies: keep only the last one
            runs[-1].hq.close()
            Path(runs[-1].hq.path).unlink()
    return runs, *(Timing([getattr(r, a).walls[0] for r in runs], [getattr(r, a).cpus[0] for r in runs])
                   for a in ("committed", "checkpointed"))


def big_headquarters(folder: Path, findings: int) -> tuple[Path, float]:
    """A headquarters workspace holding ``findings`` findings (demo data, then copies
    of its findings by storage.bench_data); the seconds it took to build."""
    from storage import bench_data

    start = time.perf_counter()
    path = folder / "hq-big.sqlite"
    with Workspace.open(path) as ws:
        fill(ws, inspections=40, seed=9, today=TODAY)
        bench_data.add_findings(ws, max(0, findings - ws.count_findings()))
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path, time.perf_counter() - start


def records_only_bundle(folder: Path, inspections: int) -> tuple[Path, int]:
    """A bundle of rows only: a device with ``inspections`` inspections and no photos."""
    path = folder / "records.zip"
    with Workspace.open(folder / "records-field.sqlite") as ws:
        fill(ws, inspections=inspections, seed=3, today=TODAY)
        result = export_bundle(ws, path, everything=True)
    assert result.blobs == 0
    return path, result.records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inspections", type=int, default=400)
    parser.add_argument("--photo-inspections", type=int, default=40)
    parser.add_argument("--records-inspections", type=int, default=800)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--hq-findings", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        field = Workspace.open(folder / "field.sqlite")
        fill(field, inspections=args.inspections, seed=1, today=TODAY)
        fill(field, inspections=args.photo_inspections, photos=True, seed=2, today=TODAY)
        add_camera_photos(field)
        md = measure(field, folder, args)
        field.close()
    print(md)
    write_section("sync", md)


def measure(field: Workspace, folder: Path, args: argparse.Namespace) -> str:
    n = args.repeat
    bundle = folder / "b.zip"
    export = timed(lambda run: export_bundle(field, bundle, everything=True), n)
    result = export.result
    copy = timed(lambda run: file_copy(bundle, folder / "copy.zip"), n)
    raw = timed(lambda run: sqlite_copy(field, folder / "raw.bin"), n)
    alt = timed(lambda run: sqlite_container(field, folder / f"b{run}.sqlite"), n)
    sqlite_size = (folder / "b0.sqlite").stat().st_size
    runs, first, first_ckpt = all_imports(folder, bundle, n)
    hq, reports = runs[-1].hq, runs[-1].reports
    again = timed(lambda run: import_bundles(hq, [bundle]), n)
    remerge = timed(lambda run: forced_remerge(hq, bundle), 1)
    assert hq.audit_verify() == []
    assert raw.result == result.records
    only, only_records = records_only_bundle(folder, args.records_inspections)
    only_runs, plain, plain_ckpt = all_imports(folder, only, n)
    assert only_runs[-1].hq.audit_verify() == []
    for run in runs + only_runs:
        run.hq.close()
    big, build_s = big_headquarters(folder, args.hq_findings)
    big_runs, big_first, big_ckpt = all_imports(folder, bundle, n, start_from=big)
    assert big_runs[-1].reports[0].summary() == reports[0].summary()  # the same rows added
    big_runs[-1].hq.close()
    imports = {"photos": (records_cells(result.records, first, first_ckpt)),
               "records": (records_cells(only_records, plain, plain_ckpt)),
               "records_mib": only.stat().st_size / 2**20, "only_records": only_records,
               "blob_mib": blob_mib(bundle), "big": records_cells(result.records, big_first, big_ckpt),
               "big_build_s": build_s, "big_ratio": big_first.wall / first.wall}
    return report(args, result, export, copy, raw, alt, sqlite_size, first, first_ckpt, imports,
                  again, remerge, reports[0].summary())


def blob_mib(bundle: Path) -> float:
    signed = open_signed(bundle, kind="bundle")
    try:
        return sum(p["size"] for n, p in signed.parts.items() if n.startswith("blobs/")) / 2**20
    finally:
        signed.close()


def records_cells(records: int, committed: Timing, checkpointed: Timing) -> str:
    return (f"committed: {committed.cell()} = **{records / committed.wall:,.0f} records/s** wall, "
            f"{records / committed.cpu:,.0f}/s CPU; with the checkpoint: {checkpointed.cell()} = "
            f"**{records / checkpointed.wall:,.0f}/s** wall, {records / checkpointed.cpu:,.0f}/s CPU")


def report(args: argparse.Namespace, result: Any, export: Timing, copy: Timing, raw: Timing,
           alt: Timing, sqlite_size: int, first: Timing, first_ckpt: Timing, imports: dict,
           again: Timing, remerge: Timing, summary: str) -> str:
    records, mib = result.records, result.size / 2**20
    return f"""## Sync
Field workspace: `demo.fill` with {args.inspections} inspections without photos plus
{args.photo_inspections} with photos and the shared camera JPEGs; `sync export --all`, then
`sync import` into an empty headquarters workspace, and into one already holding
{args.hq_findings:,} findings (`python -m bench.sync`). Each figure: the median of
{args.repeat} runs (min–max, n), wall and CPU time of this process. Throughput is
the bundle's bytes per second of wall time. Imports are timed **committed** (until the
import's transaction has committed: durable, the WAL fsynced; what `sync import` waits for
before it prints its report) and **with the checkpoint** (plus copying the imported pages
from the WAL into the database file, which `sync import` does after the report).

| measure | value |
|---|---|
| bundle | {records:,} records, {result.blobs} photo/PDF blobs, {mib:.1f} MiB (zip) |
| export (query, NDJSON, zip, hash, fsync, rename) | {export.cell(mib)} |
| raw copy out of SQLite: same rows as tuples, same blobs written, fsync | {raw.cell(mib)} |
| **export throughput / raw copy out of SQLite** | **{raw.wall / export.wall:.0%}** wall, {raw.cpu / export.cpu:.0%} CPU (target ≥ 70%) |
| raw copy of the bundle file (read, write, fsync) | {copy.cell(mib)} |
| export throughput / file copy | {copy.wall / export.wall:.0%} wall |
| same selection as a SQLite file (alternative container) | {alt.cell()}, {sqlite_size / 2**20:.1f} MiB |
| import of this bundle (verify + merge in one transaction; target ≥ 50,000 records/s) | {imports["photos"]} |
| the same import in bytes: whole bundle / its {imports["blob_mib"]:.1f} MiB of blobs, per second of wall time | {mib / first.wall:.0f} MiB/s / {imports["blob_mib"] / first.wall:.0f} MiB/s committed, {mib / first_ckpt.wall:.0f} / {imports["blob_mib"] / first_ckpt.wall:.0f} MiB/s with the checkpoint |
| import of a records-only bundle ({imports["only_records"]:,} records, no blobs, {imports["records_mib"]:.1f} MiB; `demo.fill` with {args.records_inspections} inspections) | {imports["records"]} |
| **merge of this bundle into a headquarters of {args.hq_findings:,} findings** (a fresh copy each run; building it took {imports["big_build_s"]:.0f} s, untimed) | {imports["big"]}; **{imports["big_ratio"]:.2f}x** the time of the import into an empty headquarters (medians) |
| re-import of the same bundle (recognised by its signed id) | {again.cell()} = **{again.wall / first.wall:.1%}** of the first import, committed (target ≤ 5%) |
| forced full re-verify and re-merge (nothing new) | {remerge.cell()} = {remerge.wall / first.wall:.0%} of the first import, committed |

Added at headquarters: {summary}.

Machine: {machine()}.
"""


if __name__ == "__main__":
    main()
