"""Benchmark: issuing a 责令限期整改指令书 with 10 findings and 10 photos (12 MP originals)
from a workspace, which is what the inspector waits for on site.

The photos are imported first through ``Workspace.add_photo`` (untimed: import is
benchmarked in bench/photos.py; it stores a normalised JPEG, long side <= 2048, and
its print rendition).

Whole process against whole process, interleaved: ``python main.py documents render
INSPECTION --kind order`` (start Python, read the inspection and the photos' print
renditions, render, take the number, store the PDF, move the findings, write the
file) on a fresh copy of the workspace each time (copied and flushed to disk
untimed), against ``soffice --headless --convert-to pdf`` of the same content
written beforehand as .docx with python-docx (its writing is timed apart).
Besides: our first process with an empty font cache, the warm in-process figure
(``export.issue`` in a running program, as the GUI), and where a whole process's
time goes (the interpreter and the imports alone, and a render process timing
its own phases).

    .venv/bin/pip install -e '.[bench]'    # python-docx
    apt-get install --no-install-recommends libreoffice-writer
    .venv/bin/python -m bench.documents [--runs 7] [--write] [--check]

A missing peer is an error.  ``--check`` is the regression benchmark: it exits 1
when the paired whole-process ratio falls under ``REGRESSION_RATIO`` or a warm
process parsed a font.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from bench.report import machine, spread, write_section
from export import issue
from export.docmodel import OrderDoc
from export.pdf.kinds import _order_paragraphs
from export.pdf.layout import cn_date
from export.pdf.photos import PRINT_CACHE
from storage.workspace import Workspace

RUNS = 7
FINDINGS = 10
GOAL_RATIO = 10          # whole process: LibreOffice / SiteCheck, wall time
# --check fails under this paired ratio: what the path achieves today (11.6x on the shared
# 2-core machine at a load average of 2.3, 10.2x at a load of 5) with a margin for
# load; below it, the document path grew back (tests/export/test_import_cost.py keeps
# what a render process loads from growing back, without timings)
REGRESSION_RATIO = 7
ROOT = Path(__file__).resolve().parents[1]


def big_jpeg(seed: int) -> bytes:
    """A 4000 x 3000 (12 MP) JPEG with gradients, texture and edges, about 4.5 MB
    at quality 90 like a camera's (pure noise would make an unrealistic 7 MB)."""
    grad = Image.linear_gradient("L").resize((4000, 3000))
    noise = Image.effect_noise((1000, 750), 50 + seed).resize((4000, 3000), Image.Resampling.BICUBIC)
    img = Image.merge("RGB", (grad, noise, Image.blend(grad, noise, 0.5)))
    draw = ImageDraw.Draw(img)
    for k in range(12):
        draw.rectangle([300 * k, 200 + 50 * seed, 300 * k + 250, 2600], outline=(200, 40 * k % 255, 90), width=12)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


# Benchmark data only: the program has no department built in (settings hold the user's).
DEPARTMENT = {"name": "杭州市应急管理局", "abbr": "杭", "government": "杭州市人民政府",
              "court": "杭州市西湖区人民法院", "address": "杭州市西湖区文三路1号", "phone": "0571-87654321"}


def build_workspace(path: Path) -> tuple[Workspace, str]:
    """An inspection of an enterprise with a rare-character name, 10 findings on
    real checklist items, each with one imported 12 MP photo (untimed)."""
    ws = Workspace.open(path)
    ws.set_settings({"department": DEPARTMENT})
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    ent = ws.add_enterprise(name="佛山市南海区𠀾记五金机械制造有限公司", address="佛山市南海区狮山镇科技工业园B区12号",
                            legal_rep="黄志明", legal_rep_title="总经理", phone="0757-86661234")
    insp = ws.start_inspection(ent.id, [checklist.hash], [{"name": "李建国", "cert_no": "44010612001"},
                                                          {"name": "陈𡈼", "cert_no": "44010612017"}],
                               site="抛光车间", site_manager="周永康")
    for n, item in enumerate(list(checklist.items())[:FINDINGS]):
        ws.set_answer(insp.id, checklist.hash, item.id, result="fail", note="现场查见：要求未落实")
        finding = ws.add_finding(insp.id, description=f"第{n + 1}处：{item.question.rstrip('？?')}的要求未落实，现场查见相关记录缺失",
                                 level="major" if n % 4 == 1 else "general", rectification="deadline",
                                 deadline=date.today() + timedelta(days=30), checklist_hash=checklist.hash,
                                 item_id=item.id, measure="按规定完成整改并将整改情况书面报告")
        ws.add_photo(insp.id, big_jpeg(n), name=f"IMG_{n:04d}.jpg", finding_id=finding.id,
                     checklist_hash=checklist.hash, item_id=item.id, caption=f"第{n + 1}项现场情况")
    ws.finish_inspection(insp.id)
    return ws, insp.id


def _median_issue(ws: Workspace, doc, before=None) -> tuple[float, float, object]:
    wall, cpu = [], []
    for _ in range(RUNS):
        if before:
            before()
        c0, start = time.process_time(), time.perf_counter()
        doc = issue.reissue(ws, doc.id)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu), doc


def time_issue(ws: Workspace, inspection_id: str) -> dict:
    """First issue in this process (fonts loaded then), then warm issues (each a
    correction of the last, so a new number and a stored PDF every time): with
    every photo decoded during the wait, and with the photos prepared in advance
    (``issue.prepare_photos``, as the GUI does when an inspection is finished)."""
    PRINT_CACHE.clear()
    start = time.perf_counter()
    doc = issue.issue_order(ws, inspection_id)
    cold = time.perf_counter() - start
    warm, cpu, doc = _median_issue(ws, doc, before=PRINT_CACHE.clear)
    PRINT_CACHE.clear()
    c0 = time.perf_counter()
    issue.prepare_photos(ws, inspection_id)
    prepare = time.perf_counter() - c0
    ready, ready_cpu, doc = _median_issue(ws, doc)
    return {"cold": cold, "warm": warm, "cpu": cpu, "ready": ready, "ready_cpu": ready_cpu,
            "prepare": prepare, "size": len(ws.document_pdf(doc.id))}


def write_docx(doc: OrderDoc, path: Path, ws: Workspace) -> None:
    from docx import Document as Docx  # bench-only dependency
    from docx.shared import Mm, Pt

    d = Docx()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.left_margin, sec.right_margin, sec.bottom_margin = Mm(37), Mm(28), Mm(26), Mm(35)
    d.styles["Normal"].font.size = Pt(16)
    d.add_paragraph("安全生产行政执法文书")
    d.add_heading("责令限期整改指令书", 0)
    d.add_paragraph(doc.number)
    d.add_paragraph(f"{doc.unit.name}：")
    d.add_paragraph("经查，你单位存在下列问题：")
    table = d.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["序号", "存在的问题", "违反的规定", "整改措施和期限"]):
        cell.text = text
    for line in doc.findings:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(line.seq), line.description
        cells[2].text, cells[3].text = "；".join(line.basis), f"{line.measure}。{cn_date(line.deadline)}前整改完毕"
    for para in _order_paragraphs(doc):
        d.add_paragraph(para)
    for person in doc.inspectors:
        d.add_paragraph(f"执法人员（签名）：__________ 证号：{person.cert_no}")
    d.add_paragraph("被检查单位负责人（签名）：__________")
    d.add_paragraph(f"{doc.department.name}\n{cn_date(doc.issued_at)}")
    d.add_page_break()
    d.add_paragraph("附件：现场照片")
    for line in doc.findings:
        for photo in line.photos:
            d.add_picture(io.BytesIO(ws.blob(photo.sha256)), width=Mm(72))  # the normal photo, as before
            d.add_paragraph(f"第{line.seq}项 {photo.caption}")
    d.save(path)


def require_peer() -> str:
    """soffice's path; a missing peer stops the benchmark (never a silent skip)."""
    soffice = shutil.which("soffice")
    try:
        import docx  # noqa: F401
    except ImportError:
        sys.exit("bench.documents: python-docx is missing: .venv/bin/pip install -e '.[bench]'")
    if not soffice:
        sys.exit("bench.documents: LibreOffice is missing: apt-get install --no-install-recommends "
                 "libreoffice-writer")
    return soffice


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall and CPU time (user + system, the process and its children) of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


class Runner:
    """Both sides as whole processes: ours on a fresh copy of the workspace each time."""

    def __init__(self, tmp: Path, base: Path, inspection_id: str, soffice: str, docx_path: Path):
        self.tmp, self.base, self.inspection_id = tmp, base, inspection_id
        self.soffice, self.docx = soffice, docx_path
        self.cache = tmp / "cache"
        # as a user runs it: bytecode caches written once and used afterwards
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["SITECHECK_CACHE"] = str(self.cache)
        self.profile = (tmp / "lo-profile").as_uri()

    def _fresh(self) -> Path:
        """A fresh copy of the workspace, flushed to disk (both untimed: else the workspace's
        own fsync at close, after its checkpoint, writes the copy's 50 MB back in our time)."""
        work = self.tmp / "run.sitecheck"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.base, work)
        fd = os.open(work, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        return work

    def _render_args(self) -> list[str]:
        return ["--workspace", str(self.tmp / "run.sitecheck"), "documents", "render", self.inspection_id,
                "--kind", "order", "--out", str(self.tmp / "ours.pdf")]

    def ours(self) -> tuple[float, float]:
        self._fresh()
        return timed([sys.executable, "main.py", *self._render_args()], self.env)

    def python(self, args: list[str]) -> tuple[float, float]:
        return timed([sys.executable, *args], self.env)

    def phases(self) -> dict:
        """One render in a process that times its phases (PHASES_PROBE)."""
        self._fresh()
        done = subprocess.run([sys.executable, "-c", PHASES_PROBE, *self._render_args()], check=True,
                              capture_output=True, text=True, env=self.env, cwd=ROOT)
        return json.loads(done.stdout.strip().splitlines()[-1])

    def peer(self) -> tuple[float, float]:
        return timed([self.soffice, f"-env:UserInstallation={self.profile}", "--headless", "--convert-to", "pdf",
                      "--outdir", str(self.tmp / "peer"), str(self.docx)])

    def font_cache_state(self) -> dict[str, int]:
        return {f.name: f.stat().st_mtime_ns for f in (self.cache / "fonts").glob("*.rlfont")}


# Where a whole `documents render` process spends its time: the same command in a process
# that times its own phases (wall clock, no profiler) by wrapping the functions that do them.
PHASES_PROBE = """
import json, sys, time
t0 = time.perf_counter()
import main
from export import documents_cli, fontcache, issue
from storage import workspace
t_imports = time.perf_counter() - t0
spent, inside = {}, []

def timed_call(owner, name, label):
    inner = getattr(owner, name)

    def call(*args, **kwargs):
        start = time.perf_counter()
        inside.append(label)
        try:
            return inner(*args, **kwargs)
        finally:
            inside.pop()
            key = "fonts_in_render" if label == "fonts" and "render" in inside else label
            spent[key] = spent.get(key, 0.0) + time.perf_counter() - start
    setattr(owner, name, call)

for owner, name, label in ((fontcache, "load", "fonts"), (issue, "render_hashed", "render"),
                           (issue, "build_order", "read"), (workspace.Workspace, "open", "open"),
                           (issue, "_issue", "issue"), (workspace.Workspace, "close", "close"),
                           (documents_cli, "_write_issued", "write")):
    timed_call(owner, name, label)
t1 = time.perf_counter()
main.main(sys.argv[1:])
spent["total"] = time.perf_counter() - t1
spent["imports"] = t_imports
print(json.dumps(spent))
"""
# the main modules a render imports, imported alone (what the phases above call "imports")
IMPORTS_ONLY = "import main; from export import documents, documents_cli, fontcache, issue; from storage import workspace"


def breakdown(runner: Runner, runs: int) -> dict:
    """Medians over ``runs`` processes of: the interpreter alone, its imports alone, and
    the phases of a whole render (each phase taken per process, then the median)."""
    start_only, imports_only, phases = [], [], []
    for _ in range(runs):  # interleaved, so that a change of load falls on all three alike
        start_only.append(runner.python(["-c", "pass"])[0])
        imports_only.append(runner.python(["-c", IMPORTS_ONLY])[0])
        phases.append(_phases(runner.phases()))
    return {"start": statistics.median(start_only), "imports_only": statistics.median(imports_only),
            "phases": {key: statistics.median(p[key] for p in phases) for key in phases[0]}, "n": runs}


def _phases(p: dict) -> dict:
    """One render process's phases as the breakdown shows them (seconds)."""
    get = lambda key: p.get(key, 0.0)  # noqa: E731
    named = get("open") + get("read") + get("issue") + get("write") + get("close")
    return {
        "imports": get("imports"), "open": get("open"), "read": get("read"),
        "fonts": get("fonts") + get("fonts_in_render"),
        "layout": get("render") - get("fonts_in_render"),
        # "issue" is export.issue._issue: the body and bold fonts, the render and the transaction
        "store": get("issue") - get("render") - get("fonts"),
        "write": get("write"), "close": get("close"), "rest": get("total") - named,
    }


def whole_processes(runner: Runner, runs: int) -> dict:
    """Interleaved whole-process runs after one warm-up each (bytecode caches,
    font cache, LibreOffice profile), plus our first process with no font cache."""
    cold = []
    for _ in range(3):
        shutil.rmtree(runner.cache, ignore_errors=True)
        cold.append(runner.ours())
    runner.peer()
    cache_before = runner.font_cache_state()
    ours, peer, loads = [], [], []
    for i in range(runs):
        pair = (runner.ours, runner.peer) if i % 2 == 0 else (runner.peer, runner.ours)
        results = {f: f() for f in pair}
        ours.append(results[runner.ours])
        peer.append(results[runner.peer])
        loads.append(os.getloadavg()[0])
    ratios = [p[0] / o[0] for o, p in zip(ours, peer)]
    return {"ours": ours, "peer": peer, "cold": cold, "ratios": ratios, "loads": loads,
            "fonts_parsed_warm": runner.font_cache_state() != cache_before,
            "pdf_sizes": ((runner.tmp / "ours.pdf").stat().st_size,
                          (runner.tmp / "peer" / "order.pdf").stat().st_size)}


def breakdown_rows(b: dict) -> list[str]:
    """The breakdown table: a whole process's wall time by phase (medians, ms)."""
    p = b["phases"]
    rows = [
        ("the interpreter alone (`python -c pass`, a process of its own)", b["start"]),
        (f"imports alone (`python -c \"{IMPORTS_ONLY}\"`, a process of its own: start, imports "
         "and the interpreter's teardown)", b["imports_only"]),
        ("in a render process: its imports (after the interpreter started)", p["imports"]),
        ("open the workspace (connect, schema check, built-in checklists unchanged)", p["open"]),
        ("read the inspection, findings, citations and photos (`build_order`)", p["read"]),
        ("fonts from the cache (body and bold; the fallback face when a rare character appears)", p["fonts"]),
        ("layout and PDF writing (reportlab; the render less its font loading)", p["layout"]),
        ("issue: number, store the PDF, move the findings, audit, commit (fsync)", p["store"]),
        ("write the PDF file (atomic, fsync)", p["write"]),
        ("close the workspace (WAL checkpoint, fsync)", p["close"]),
        ("the rest of the command (argument parsing, lookups, output)", p["rest"]),
    ]
    return ["| phase | ms |", "|---|---|", *(f"| {label} | {value * 1000:.1f} |" for label, value in rows)]


def markdown(w: dict, warm: dict, docx_s: float, setup: float, runs: int, parts: dict) -> str:
    med = statistics.median
    ratio = med(walls(w["peer"])) / med(walls(w["ours"]))
    ok = ratio >= GOAL_RATIO and med(w["ratios"]) >= GOAL_RATIO
    return "\n".join([
        "## Documents (bench/documents.py)",
        "",
        f"责令限期整改指令书 with {FINDINGS} findings and {FINDINGS} photos (4000x3000 JPEGs imported through "
        f"`Workspace.add_photo` beforehand; {setup:.1f} s set-up, untimed). The peer is the same content as .docx "
        "(python-docx) converted by LibreOffice headless.",
        "",
        "**Whole process against whole process** — interleaved, alternating which goes first, "
        f"{runs} pairs after one warm-up each. Ours: `python main.py --workspace W documents render "
        "INSPECTION --kind order --out F.pdf` on a fresh copy of the workspace every run (the copy is "
        "untimed): Python start, imports, read (the photos as their print renditions, made at import), render, take the number, store the "
        "PDF and move the findings in one transaction, write the file. Peer: `soffice --headless "
        "--convert-to pdf` of the .docx (a new LibreOffice process each time; its profile reused after the "
        "warm-up). CPU = user + system of the process and its children.",
        "",
        "| | wall: median (min–max) | CPU: median (min–max) | PDF |",
        "|---|---|---|---|",
        f"| SiteCheck `documents render`, font cache filled | **{spread(walls(w['ours']))}** | "
        f"{spread(cpus(w['ours']))} | {w['pdf_sizes'][0] / 1024:.0f} KiB |",
        f"| SiteCheck `documents render`, first process ever (empty font cache) | {spread(walls(w['cold']))} | "
        f"{spread(cpus(w['cold']))} | |",
        f"| LibreOffice headless .docx → PDF | **{spread(walls(w['peer']))}** | {spread(cpus(w['peer']))} | "
        f"{w['pdf_sizes'][1] / 1024:.0f} KiB |",
        f"| (writing the .docx with python-docx, in process, not in the peer's time) | {docx_s:.3f} s | | |",
        "",
        f"Ratio of medians (LibreOffice / SiteCheck, wall): **{ratio:.1f}x**; paired ratios per run: median "
        f"{med(w['ratios']):.1f}x (min {min(w['ratios']):.1f}x, max {max(w['ratios']):.1f}x); CPU: "
        f"{med(cpus(w['peer'])) / med(cpus(w['ours'])):.1f}x. Goal ≥ {GOAL_RATIO}x: "
        f"**{'met' if ok else 'NOT met'}**. Fonts parsed by a warm process: "
        f"{'yes (regression)' if w['fonts_parsed_warm'] else 'no (read from the cache)'}.",
        f"Regression floor (`--check`): paired median ≥ {REGRESSION_RATIO}x and no font parsed by a warm "
        f"process: **{'passed' if med(w['ratios']) >= REGRESSION_RATIO and not w['fonts_parsed_warm'] else 'FAILED'}**. "
        f"Load average (1 min) during the pairs: median {med(w['loads']):.1f} "
        f"(min {min(w['loads']):.1f}, max {max(w['loads']):.1f}); "
        "the paired ratios are the figure that load distorts least.",
        "",
        "**Warm, in process** (a running program, as in the GUI; `export.issue`; not comparable with the "
        f"whole-process figures above). Median of {RUNS} corrections, each a new number and stored PDF:",
        "",
        "| | wall | CPU |", "|---|---|---|",
        f"| issue_order, print cache emptied first (photos read as their stored print renditions) | {ours_ms(warm['warm'])} | {ours_ms(warm['cpu'])} |",
        f"| issue_order, photos prepared in advance (`prepare_photos`, {warm['prepare'] * 1000:.0f} ms "
        f"beforehand) | {ours_ms(warm['ready'])} | {ours_ms(warm['ready_cpu'])} |",
        f"| issue_order, first in its process (fonts from the cache) | {ours_ms(warm['cold'])} | |",
        "",
        f"**Where a whole process's time goes** — medians of {parts['n']} processes each: the interpreter "
        "and the imports alone, and one `documents render` process timing its own phases (wall clock, "
        "no profiler; `PHASES_PROBE` in bench/documents.py):",
        "",
        *breakdown_rows(parts),
        "",
        f"Machine: {machine()}. Peak RSS of the in-process part "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB.",
    ])


def walls(pairs: list[tuple[float, float]]) -> list[float]:
    return [wall for wall, _ in pairs]


def cpus(pairs: list[tuple[float, float]]) -> list[float]:
    return [cpu for _, cpu in pairs]


def ours_ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--check", action="store_true", help="exit 1 when the goal is not met")
    args = parser.parse_args()
    soffice = require_peer()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        c0 = time.perf_counter()
        ws, inspection_id = build_workspace(tmp / "base.sitecheck")
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        setup = time.perf_counter() - c0
        d0 = time.perf_counter()
        write_docx(issue.build_order(ws, inspection_id), tmp / "order.docx", ws)
        docx_s = time.perf_counter() - d0
        ws.close()
        runner = Runner(tmp, tmp / "base.sitecheck", inspection_id, soffice, tmp / "order.docx")
        w = whole_processes(runner, args.runs)
        parts = breakdown(runner, args.runs)
        os.environ["SITECHECK_CACHE"] = str(runner.cache)  # the in-process part: the same font cache
        with Workspace.open(tmp / "run.sitecheck") as ws2:
            warm = time_issue(ws2, inspection_id)
    text = markdown(w, warm, docx_s, setup, args.runs, parts)
    print(text)
    if args.write:
        write_section("documents", text)
    ok = statistics.median(w["ratios"]) >= REGRESSION_RATIO and not w["fonts_parsed_warm"]
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
