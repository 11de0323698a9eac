"""Two small measurements behind choices of the PostgreSQL headquarters
(docs/headquarters.md): where blobs live, and how text of 1-2 characters is found.

    .venv/bin/python -m bench.hq_postgres [--photos 40] [--findings 100000]
    .venv/bin/python -m bench.hq_postgres --bundles 12     # 3. merges and queries, both engines

A throwaway cluster (initdb, fsync on) in a temporary folder.
1. Blobs: photo-sized random bytes (incompressible, like JPEG) stored (a) as bytea by
   COPY in one transaction, or (b) as files in a folder, each written, fsynced and
   renamed, the folder fsynced; then every blob read back and its SHA-256 checked.
2. Text: ``--findings`` findings with checklist-like descriptions; the ledger's
   first page (200 newest) and the count for a text of 1, 2 and 3+ characters, with
   the characters' index (``sc_chars``) and without it (pg_trgm alone).
3. ``--bundles N``: N device bundles of 40,000 findings each (``bench.hq_import``), merged
   one by one into a workspace headquarters and into PostgreSQL: each merge's time, then
   the ledger's queries on both.
Prints the figures; writes nothing else.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

SIZES = (2_500_000, 350_000, 25_000)        # original, normal, thumbnail (bytes)


def blobs(count: int, seed: int = 1) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        for size in SIZES:
            data = rng.randbytes(size)
            out.append((hashlib.sha256(data).hexdigest(), data))
    return out


def store_bytea(conn, items) -> float:
    start = time.perf_counter()
    with conn.transaction(), conn.cursor() as cur, cur.copy("COPY blob (sha256, size, data) FROM STDIN") as cp:
        for digest, data in items:
            cp.write_row((digest, len(data), data))
    return time.perf_counter() - start


def store_folder(folder: Path, items) -> float:
    start = time.perf_counter()
    for digest, data in items:
        sub = folder / digest[:2]
        sub.mkdir(exist_ok=True)
        tmp = sub / f".{digest}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, sub / digest)
    for sub in folder.iterdir():
        fd = os.open(sub, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    return time.perf_counter() - start


def read_bytea(conn, digests) -> float:
    start = time.perf_counter()
    for digest in digests:
        data = conn.execute("SELECT data FROM blob WHERE sha256 = %s", [digest]).fetchone()[0]
        assert hashlib.sha256(data).hexdigest() == digest
    return time.perf_counter() - start


def read_folder(folder: Path, digests) -> float:
    start = time.perf_counter()
    for digest in digests:
        data = (folder / digest[:2] / digest).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
    return time.perf_counter() - start


def measure_blobs(conn, folder: Path, photos: int) -> None:
    items = blobs(photos)
    total = sum(len(d) for _, d in items)
    before = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    t_db = store_bytea(conn, items)
    grown = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] - before
    t_dir = store_folder(folder, items)
    digests = [d for d, _ in items]
    random.Random(2).shuffle(digests)
    r_db, r_dir = read_bytea(conn, digests), read_folder(folder, digests)
    mb = total / 2**20
    print(f"blobs: {len(items)} ({mb:.0f} MB)")
    print(f"  store bytea (COPY, one commit): {t_db:.2f} s = {mb / t_db:.0f} MB/s; database grew {grown / 2**20:.0f} MB")
    print(f"  store folder (fsync per file):  {t_dir:.2f} s = {mb / t_dir:.0f} MB/s")
    print(f"  read + verify bytea: {r_db / len(items) * 1000:.1f} ms/blob; folder: {r_dir / len(items) * 1000:.1f} ms/blob")


def fill_findings(conn, count: int) -> None:
    from datetime import date

    from storage.demo import fill
    from storage.workspace import Workspace

    ws = Workspace.open(None)
    fill(ws, inspections=12, seed=3, today=date(2026, 11, 20))
    texts = sorted({f.description for f in ws.findings()})
    ws.close()
    rng = random.Random(4)
    with conn.transaction(), conn.cursor() as cur, cur.copy(
            "COPY finding (id, device_id, created_at, updated_at, inspection_id, enterprise_id, level, "
            "description, rectification, state, state_at) FROM STDIN") as cp:
        for n in range(count):
            stamp = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T09:00:{n % 60:02d}+08:00"
            cp.write_row((f"{n:012d}", "d", stamp, stamp, "i", "e", "general",
                          f"{rng.choice(texts)}（{n}）", "immediate", "open", stamp))
    conn.execute("INSERT INTO enterprise (id, device_id, created_at, updated_at, name) "
                 "VALUES ('e', 'd', '', '', '某某有限公司')")
    conn.execute("ANALYZE finding")


def timed(conn, sql: str, params) -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        conn.execute(sql, params).fetchall()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def measure_text(url: str, conn, count: int) -> None:
    from storage.hq import open_hq
    from storage.ledger import FindingQuery

    start = time.perf_counter()
    fill_findings(conn, count)
    print(f"text: {count} findings loaded and indexed in {time.perf_counter() - start:.1f} s")
    hq = open_hq(url)
    for text in ("镍", "未", "安全", "镍钴", "全安", "查阅资料", "镍钴锰酸"):
        first = _best(lambda t=text: hq.page(FindingQuery(text=t), limit=200))
        counted = _best(lambda t=text: hq.count_findings(FindingQuery(text=t)))
        hits = hq.count_findings(FindingQuery(text=text))
        plain = timed(conn, "SELECT id FROM finding f WHERE sc_text(f.description, f.note) LIKE %s "
                            "ORDER BY created_at DESC LIMIT 200", [f"%{text}%"]) if len(text) < 3 else None
        note = f"; the page order filtered, no index: {plain:.0f} ms" if plain is not None else ""
        print(f"  {text!r:8} {hits:7d} hits: first page {first:6.1f} ms, count {counted:6.1f} ms{note}")
    hq.close()


def _best(run) -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        run()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


QUERIES = {
    "ledger first page": dict(),
    "overdue, by deadline": dict(overdue="yes", order_by="deadline", descending=False),
    "open, major": dict(states=("open", "ordered"), level="major"),
    "text 安全 (2)": dict(text="安全"),
    "text 镍 (1, none)": dict(text="镍"),
    "text 查阅资料 (4)": dict(text="查阅资料"),
}


def measure_scale(url: str, count: int) -> None:
    from datetime import date

    from bench.hq_import import big_bundles
    from export.sync.hq import import_to_hq
    from storage.hq import open_hq
    from storage.ledger import FindingQuery

    today = date(2026, 11, 20)
    folder = Path(tempfile.mkdtemp(prefix="sitecheck-scale-", dir="/var/tmp"))
    files = big_bundles(folder, count, 40_000)
    for target in (folder / "hq.sitecheck", url):
        with open_hq(target) as hq:
            times = []
            for path in files:
                start = time.perf_counter()
                import_to_hq(hq, [path], trust=True)
                times.append(time.perf_counter() - start)
            total = hq.count_findings(FindingQuery())
            print(f"{hq.engine}: {total} findings; merge s per bundle: " + ", ".join(f"{t:.1f}" for t in times))
            for name, spec in QUERIES.items():
                spec = dict(spec)
                if spec.pop("overdue", None):
                    spec["overdue_on"] = today
                query = FindingQuery(**spec)
                page = _best(lambda q=query: hq.page(q, limit=200))
                counted = _best(lambda q=query: hq.count_findings(q))
                print(f"  {name:22} first page {page:7.1f} ms, count {counted:7.1f} ms")
            stats = _best(lambda: hq.statistics(by="month", today=today))
            print(f"  statistics by month    {stats:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--bundles", type=int, default=0)
    args = parser.parse_args()
    import psycopg

    from storage.hq.postgres import init
    from tests.hq.pgcluster import Cluster, bin_dir

    with tempfile.TemporaryDirectory(prefix="sitecheck-pgbench-") as tmp:
        cluster = Cluster(Path(tmp), bin_dir())
        cluster.start(fsync=True)
        try:
            cluster.sql("CREATE DATABASE bench")
            url = cluster.url("bench")
            init(url)
            if args.bundles:
                measure_scale(url, args.bundles)
                return
            with psycopg.connect(url, autocommit=True) as conn:
                folder = Path(tempfile.mkdtemp(prefix="blobs-", dir="/var/tmp"))
                measure_blobs(conn, folder, args.photos)
                measure_text(url, conn, args.findings)
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
