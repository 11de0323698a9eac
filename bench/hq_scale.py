"""Headquarters at province scale: the ledger, overdue list, text search and
statistics at 100k, 500k, 1M and 2M findings, before and after the summary table and
the keyset pages; and what the summary's triggers cost on bulk insert.

    .venv/bin/python -m bench.hq_scale [--sizes 100000,500000,1000000,2000000]
                                       [--repeat 5] [--insert N] [--keep DIR [--build-only]]
                                       [--no-write]

``--keep DIR`` keeps the headquarters built at each size (DIR/base-SIZE.sitecheck, with
the world it was grown from in base-SIZE.json) and later runs measure a copy of it,
migrated by the program under test, instead of building it again (minutes at 2M);
``bench.hq_import --scale DIR`` merges bundles into copies of the same files.

One workspace grows through the sizes (bulk inserts of inspections and their
findings, months apart, as merges bring them); at each size every query runs
``--repeat`` times after a warm-up, ours and the baseline interleaved (the
baseline is the query as it was: OFFSET pages with COUNT, full-scan statistics;
``storage.ledger.statistics_scan``, ``hazard_counts_scan``, ``bench/hq_baseline.py``).
The insert cost is measured on a copy of the empty workspace with the summary's
triggers dropped, the same rows inserted into both, interleaved.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.report import write_section

TODAY = date(2026, 11, 20)
HAZARDS = ("安全阀未按期校验", "压力表超期未检", "灭火器压力不足", "疏散通道堆放杂物", "配电箱门锁损坏",
           "特种作业人员未持证上岗", "有限空间未设置警示标志", "应急预案未组织演练", "动火作业未审批",
           "电梯维保记录缺失", "锅炉水质化验记录不全", "气瓶超期未检仍在使用", "安全出口指示灯不亮",
           "劳动防护用品未按规定佩戴", "隐患排查治理台账未建立", "安全培训档案缺失")
PLACES = ("一号车间", "二号车间", "锅炉房", "仓库", "充装区", "后厨", "地下车库", "配电房", "办公楼")
DISTRICTS = tuple(f"{name}区" for name in ["上城", "拱墅", "西湖", "滨江", "萧山", "余杭", "临平", "钱塘", "富阳", "临安", "桐庐", "淳安"])
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
KINDS = ("boiler", "pressure_vessel", "elevator", "lifting", "gas_cylinder", "pressure_piping")
FINDINGS_PER_INSPECTION = 5
MONTHS = 36


class World:
    """Enterprises, equipment and inspectors of a province, and a growing workspace."""

    def __init__(self, ws, rng: random.Random, enterprises: int):
        from storage.bulk import bulk_insert
        from storage.ids import uuid7

        self.ws, self.rng = ws, rng
        self.ents = [{"id": uuid7(), "name": f"浙江测试{k}号有限公司", "district": DISTRICTS[k % len(DISTRICTS)]}
                     for k in range(enterprises)]
        bulk_insert(ws, "enterprise", self.ents)
        self.kit = [{"id": uuid7(), "enterprise_id": e["id"], "kind": KINDS[n % len(KINDS)]}
                    for n, e in enumerate(self.ents[::3])]
        bulk_insert(ws, "equipment", self.kit)
        self.people = [{"name": rng.choice(SURNAMES) + rng.choice(SURNAMES) + str(n), "cert_no": f"3301{n:06d}"}
                       for n in range(400)]
        self.lists = [(c.id, c.hash) for c in ws.checklists()]
        self.findings = 0

    def state(self) -> dict:
        """What ``load`` needs to grow the same world later (``--keep``)."""
        return {"ents": self.ents, "kit": self.kit, "people": self.people,
                "lists": self.lists, "findings": self.findings}

    @classmethod
    def load(cls, ws, rng: random.Random, state: dict) -> World:
        world = cls.__new__(cls)
        world.ws, world.rng = ws, rng
        world.ents, world.kit, world.people = state["ents"], state["kit"], state["people"]
        world.lists, world.findings = [tuple(c) for c in state["lists"]], state["findings"]
        return world

    def checklist(self) -> tuple[str, str]:
        """The checklist of an inspection: the first ones common, the last one rare (1%)."""
        if self.rng.random() < 0.01:
            return self.lists[-1]
        return self.rng.choice(self.lists[:-1])

    def grow(self, findings: int, *, insert: Callable | None = None) -> None:
        """Add ``findings`` findings (and their inspections), oldest month first."""
        from storage.bulk import bulk_insert

        insert = insert or (lambda table, rows: bulk_insert(self.ws, table, rows))
        batch = 100_000
        for start in range(0, findings, batch):
            insps, rows = self.rows(min(batch, findings - start))
            insert("inspection", insps)
            insert("finding", rows)
        self.findings += findings

    def rows(self, findings: int) -> tuple[list[dict], list[dict]]:
        from storage.ids import uuid7

        rng, insps, rows = self.rng, [], []
        for _ in range(findings // FINDINGS_PER_INSPECTION):
            ent = rng.choice(self.ents)
            kit = rng.choice(self.kit) if rng.random() < 0.3 else None
            start = TODAY - timedelta(days=rng.randint(0, MONTHS * 30))
            stamp = f"{start.isoformat()}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00.000+08:00"
            cid, digest = self.checklist()
            insp = {"id": uuid7(), "enterprise_id": ent["id"], "equipment_id": kit and kit["id"],
                    "mode": "routine", "family": "ems",
                    "checklists": json.dumps([{"id": cid, "hash": digest}]),
                    "inspectors": json.dumps(rng.sample(self.people, 2), ensure_ascii=False),
                    "started_at": stamp, "created_at": stamp, "updated_at": stamp}
            insps.append(insp)
            rows += [self.finding(insp, start, stamp, ent, digest) for _ in range(FINDINGS_PER_INSPECTION)]
        return insps, rows

    def finding(self, insp: dict, start: date, stamp: str, ent: dict, checklist: str) -> dict:
        from storage.ids import uuid7

        rng = self.rng
        age = (TODAY - start).days
        state = rng.choice(("open", "ordered", "rectified", "closed")) if age < 60 else \
            rng.choice(("closed",) * 12 + ("ordered", "rectified", "open"))
        return {"id": uuid7(), "inspection_id": insp["id"], "enterprise_id": ent["id"],
                "equipment_id": insp["equipment_id"],
                "checklist_hash": checklist,
                "level": "major" if rng.random() < 0.05 else "general",
                "description": f"{rng.choice(PLACES)}{rng.choice(HAZARDS)}，{rng.choice(HAZARDS)}",
                "basis": "[]", "rectification": "deadline",
                "deadline": (start + timedelta(days=rng.choice((7, 15, 30)))).isoformat(),
                "state": state, "state_at": stamp, "note": rng.choice(("现场已拍照取证", None, None)),
                "created_at": stamp, "updated_at": stamp}


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples):.1f} ms ({min(samples):.1f}–{max(samples):.1f})"


def queries(ws, world: World) -> dict[str, tuple[Callable, Callable | None]]:
    """name -> (ours, the query as it was before); None: no before-figure."""
    from checklists.common.vocabulary import FindingState, HazardLevel
    from storage import ledger
    from storage.ledger import FindingQuery

    ent = world.ents[len(world.ents) // 2]
    unclosed = (FindingState.OPEN, FindingState.ORDERED, FindingState.RECTIFIED)
    filters = {
        "no filter": FindingQuery(),
        "major": FindingQuery(level=HazardLevel.MAJOR),
        "state open": FindingQuery(states=(FindingState.OPEN,)),
        "unclosed": FindingQuery(states=unclosed),
        "overdue": FindingQuery(overdue_on=TODAY, states=unclosed),
        "district": FindingQuery(district=DISTRICTS[3]),
        "enterprise": FindingQuery(enterprise_id=ent["id"]),
        "checklist, common": FindingQuery(checklist_id=world.lists[0][0]),
        "checklist, rare (1%)": FindingQuery(checklist_id=world.lists[-1][0]),
        "overdue by deadline": FindingQuery(overdue_on=TODAY, order_by="deadline", descending=False),
        **{f"text {len(t)} chars 「{t}」": FindingQuery(text=t)
           for t in ("锅", "门锁", "灭火器", "压力表超", "有限空间未", "特种作业人员")},
        "text 1 char, no match 「锈」": FindingQuery(text="锈"),
        "text 5 chars, 0.7% of findings 「一号车间锅」": FindingQuery(text="一号车间锅"),
        "text 10 chars, 1.2% of findings 「水质化验记录不全，安」": FindingQuery(text="水质化验记录不全，安"),
        "text 6 chars, 0.7% of findings 「后厨安全出口」": FindingQuery(text="后厨安全出口"),
        "text 11 chars, 0.7% of findings 「地下车库配电箱门锁损坏」": FindingQuery(text="地下车库配电箱门锁损坏"),
        "text 14 chars, 0.04% of findings 「锅炉房安全阀未按期校验，动火」":
            FindingQuery(text="锅炉房安全阀未按期校验，动火"),
        "text 11 chars, 0.7%, unclosed 「地下车库配电箱门锁损坏」":
            FindingQuery(text="地下车库配电箱门锁损坏", states=unclosed),
    }
    out: dict[str, tuple[Callable, Callable | None]] = {}
    for name, q in filters.items():
        out[f"ledger first page, {name}"] = (
            lambda q=q: ws.ledger(q, limit=200),
            lambda q=q: (ws.count_findings(q), ws.ledger(q, limit=200)))
    deep = FindingQuery()
    out["ledger page 51 (after 10,000 rows)"] = (
        lambda: ws.ledger(deep, limit=200, after=world.cursor_10k),
        lambda: ws.ledger(deep, limit=200, offset=10_000))
    out["exact count, unclosed (off the UI thread)"] = (
        lambda: ws.count_findings(filters["unclosed"]), None)
    for by in ("district", "month", "equipment_kind", "inspector", "enterprise"):
        out[f"statistics by {by}"] = (lambda by=by: ledger.statistics(ws, by=by, today=TODAY),
                                      lambda by=by: ledger.statistics_scan(ws, by=by, today=TODAY))
    out["home figures"] = (lambda: ledger.hazard_counts(ws, TODAY),
                           lambda: ledger.hazard_counts_scan(ws, TODAY))
    return out


def measure(ws, world: World, repeat: int) -> dict[str, dict[str, list[float]]]:
    world.cursor_10k = ws.ledger(limit=10_000)[-1].cursor
    results: dict[str, dict[str, list[float]]] = {}
    for name, (ours, before) in queries(ws, world).items():
        samples: dict[str, list[float]] = {"ours": [], "before": [], "ours cpu": []}
        for n in range(repeat + 1):                    # the first round warms up, uncounted
            for which, fn in (("ours", ours), ("before", before)):
                if fn is None:
                    continue
                start, cpu = time.perf_counter(), time.process_time()
                fn()
                if n:
                    samples[which].append((time.perf_counter() - start) * 1000)
                    if which == "ours":
                        samples["ours cpu"].append((time.process_time() - cpu) * 1000)
        results[name] = samples
    return results


def insert_cost(folder: Path, findings: int, repeat: int) -> dict[str, list[float]]:
    """Bulk insert of ``findings`` (with their inspections) into an empty workspace, with
    the summary (triggers, fold at commit) and with the summary's triggers and fold
    removed; and the fold alone.  Interleaved, each on a fresh copy."""
    from storage import summary
    from storage.workspace import Workspace

    template = folder / "template.sitecheck"
    with Workspace.open(template) as ws:
        world = World(ws, random.Random(5), max(50, findings // 100))
        insps, rows = world.rows(findings)
    samples: dict[str, list[float]] = {"with summary": [], "without": [], "fold alone": []}
    real_fold = summary.fold
    for n in range(repeat):
        for which in ("with summary", "without"):
            copy = folder / f"copy{n}{which[:4]}.sitecheck"
            shutil.copyfile(template, copy)
            with Workspace.open(copy) as ws:
                if which == "without":
                    _drop_summary_triggers(ws)
                    summary.fold = lambda db: None
                folds: list[float] = []
                if which != "without":
                    summary.fold = _timed_fold(real_fold, folds)
                try:
                    start = time.perf_counter()
                    world.ws = ws
                    from storage.bulk import bulk_insert
                    bulk_insert(ws, "inspection", insps)
                    bulk_insert(ws, "finding", rows)
                    samples[which].append(time.perf_counter() - start)
                    if folds:
                        samples["fold alone"].append(sum(folds))
                finally:
                    summary.fold = real_fold
            copy.unlink()
    return samples


def _timed_fold(real: Callable, into: list[float]) -> Callable:
    def fold(db) -> None:
        start = time.perf_counter()
        real(db)
        into.append(time.perf_counter() - start)
    return fold


def _drop_summary_triggers(ws) -> None:
    ws.execute("BEGIN IMMEDIATE")
    for (name,) in ws.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                              "AND name LIKE '%\\_stat\\_%' ESCAPE '\\'").fetchall():
        ws.execute(f"DROP TRIGGER {name}")
    ws.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,500000,1000000,2000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--insert", type=int, default=200_000,
                        help="findings for the insert cost (0: not measured)")
    parser.add_argument("--keep", metavar="DIR",
                        help="keep the headquarters built at each size in DIR (base-SIZE.sitecheck) "
                             "and reuse them in later runs (each run measures a copy)")
    parser.add_argument("--build-only", action="store_true", help="build the kept files, measure nothing")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tables: dict[int, dict] = {}
    inserts: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        folder = Path(tmp)
        if args.insert and not args.build_only:
            inserts = insert_cost(folder, args.insert, max(2, args.repeat // 2))
            print(inserts, flush=True)
        for size, ws, world in grown(folder, Path(args.keep) if args.keep else None, sizes):
            if args.build_only:
                continue
            tables[size] = measure(ws, world, args.repeat)
            for name, s in tables[size].items():
                print(f"  {name}: ours {median_ms(s['ours'])}"
                      + (f", before {median_ms(s['before'])}" if s["before"] else ""), flush=True)
    if args.build_only:
        return
    text = report(args, sizes, tables, inserts)
    print(text)
    if not args.no_write:
        write_section("hq_scale", text)


def grown(folder: Path, keep: Path | None, sizes: list[int]) -> Iterator[tuple[int, Any, World]]:
    """The headquarters at each size, open (a copy of the kept one, if there is one)."""
    from storage.workspace import Workspace

    work = folder / "hq.sitecheck"
    state = None
    for size in sizes:
        base = keep / f"base-{size}.sitecheck" if keep else None
        if base and base.exists():
            shutil.copyfile(base, work)
            state = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
        with Workspace.open(work) as ws:
            world = (World.load(ws, random.Random(size), state) if state
                     else World(ws, random.Random(11), max(100, sizes[-1] // 100)))
            if world.findings < size:
                start = time.perf_counter()
                world.grow(size - world.findings)
                print(f"{size:,} findings (grown in {time.perf_counter() - start:.0f} s)", flush=True)
            state = world.state()
            ws.execute("PRAGMA optimize")
            if base and not base.exists():
                ws.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                shutil.copyfile(work, base)
                base.with_suffix(".json").write_text(json.dumps(state), encoding="utf-8")
            yield size, ws, world


def report(args, sizes: list[int], tables: dict[int, dict], inserts: dict[str, list[float]]) -> str:
    load = os.getloadavg()
    head = (f"## Headquarters at province scale\n\n`.venv/bin/python -m bench.hq_scale --sizes {args.sizes} "
            f"--repeat {args.repeat}` — {os.cpu_count()} cores, load average {load[0]:.1f} "
            f"at the end (other work was running). Median (min–max) of {args.repeat} runs after a "
            "warm-up, ours and the query as it was (\"before\": COUNT plus an OFFSET page; full-scan "
            "statistics) interleaved on the same file; wall times, and the CPU time of ours at the "
            "largest size (what the load of other work inflates least). Goal at 2M: ≤ 100 ms for each.\n")
    rows = ["| query | " + " | ".join(f"{n:,}" for n in sizes) + f" | CPU at {sizes[-1]:,} | before at "
            + f"{sizes[-1]:,} | ratio |", "|---" * (len(sizes) + 4) + "|"]
    last = tables[sizes[-1]]
    for name in last:
        cells = [f"{statistics.median(tables[n][name]['ours']):.1f} ms" for n in sizes]
        before = last[name]["before"]
        ratio = (f"{statistics.median(before) / statistics.median(last[name]['ours']):.0f}× faster"
                 if before else "")
        cpu = f"{statistics.median(last[name]['ours cpu']):.1f} ms"
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {cpu} | {median_ms(before) if before else '—'} "
                    f"| {ratio} |")
    w, wo, fold = (inserts[k] for k in ("with summary", "without", "fold alone"))
    cost = (f"\n\nBulk insert of {args.insert:,} findings and their inspections into an empty "
            f"workspace (one transaction each, as `storage.bulk`): with the summary "
            f"{statistics.median(w):.1f} s ({min(w):.1f}–{max(w):.1f}), with its triggers and fold "
            f"removed {statistics.median(wo):.1f} s ({min(wo):.1f}–{max(wo):.1f}): "
            f"{statistics.median(w) / statistics.median(wo):.2f}×; the fold at commit alone "
            f"{statistics.median(fold):.2f} s.")
    return head + "\n" + "\n".join(rows) + cost


if __name__ == "__main__":
    main()
