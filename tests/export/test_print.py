"""Printing for real: an issued order goes as PDF through a CUPS queue (cups-pdf)
and comes out as a PDF.  Skips when lp, a running cupsd or the queue is missing
(.ci/setup --test starts cupsd and adds the "PDF" queue)."""
from __future__ import annotations

import io
import os
import pwd
import re
import shutil
import subprocess
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from checklists.common.errors import DocumentError, InvalidInput
from export import issue, printing
from storage.demo import fill
from storage.workspace import Workspace

QUEUE = os.environ.get("SITECHECK_TEST_PRINTER", "PDF")


def _run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=20,
                          env={**os.environ, "LC_ALL": "C"})


def _queue_ready() -> str | None:
    """Why printing cannot be tested here, or None when it can."""
    if not (shutil.which("lp") and shutil.which("lpstat")):
        return "lp/lpstat (cups-client) not installed"
    if "is running" not in _run("lpstat", "-r").stdout:
        return "cupsd is not running"
    if _run("lpstat", "-v", QUEUE).returncode != 0:
        return f"no CUPS queue named {QUEUE}"
    return None


@pytest.fixture
def needs_queue() -> None:
    reason = _queue_ready()
    if reason:
        pytest.skip(reason)


def _output_dirs() -> list[Path]:
    home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    return [home / "PDF", Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS"),
            Path("/var/spool/cups-pdf") / pwd.getpwuid(os.getuid()).pw_name]


def wait_completed(job: str, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if re.search(rf"^{re.escape(job)}\s", _run("lpstat", "-W", "completed", "-o").stdout, re.M):
            return True
        time.sleep(0.3)
    return False


def _find_output(title: str, timeout: float = 20) -> Path | None:
    """cups-pdf names its output after the job title (with or without "-job_N")."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for folder in _output_dirs():
            hits = list(folder.glob(f"{title}*.pdf")) if folder.is_dir() else []
            if hits and hits[0].stat().st_size > 0:
                return hits[0]
        time.sleep(0.3)
    return None


def job_attributes(job: printing.PrintJob) -> dict[str, str]:
    """The job's IPP attributes as CUPS keeps them (``ipptool`` get-job-attributes)."""
    if not shutil.which("ipptool"):
        pytest.skip("ipptool (cups-ipp-utils) not installed")
    out = _run("ipptool", "-tv", f"ipp://localhost/jobs/{job.number}", "get-job-attributes.test").stdout
    return dict(re.findall(r"^\s+([\w-]+) \([\w ]+\) = (.*)$", out, re.M))


@pytest.fixture(scope="module")
def order(tmp_path_factory):
    """An issued order with photos: (its Document record, its stored PDF bytes)."""
    with Workspace.open(tmp_path_factory.mktemp("print") / "w.sitecheck") as ws:
        fill(ws, inspections=3, photos=True)
        insp = next(i for i in ws.inspections() if issue._order_findings(ws, i.id))
        ws.clock = lambda: datetime.fromisoformat(insp.finished_at)   # issued at the inspection
        doc = issue.issue_order(ws, insp.id)
        return doc, ws.document_pdf(doc.id)


def test_an_issued_order_prints_through_cups_as_pdf(needs_queue, order):
    doc, pdf = order
    title = f"sitecheck-test-{uuid.uuid4().hex[:12]}"
    job = printing.submit(pdf, QUEUE, title=title)
    assert job.queue == QUEUE and job.job_id == f"{QUEUE}-{job.number}"
    assert wait_completed(job.job_id), f"job {job.job_id} did not complete"
    attrs = job_attributes(job) if shutil.which("ipptool") else {}
    if attrs:                      # CUPS took the bytes as PDF: no raster, nothing converted on our side
        assert attrs["document-format"] == "application/pdf"
        assert (attrs["copies"], attrs["sides"]) == ("1", "one-sided")
    printed = _find_output(title)
    if printed is None:
        pytest.skip("the job completed but cups-pdf's output folder is not readable here")
    out = PdfReader(io.BytesIO(printed.read_bytes()))
    printed.unlink(missing_ok=True)
    # cups-pdf re-distils the job with Ghostscript, which drops the Chinese text's
    # ToUnicode map; the document's fingerprint (ASCII) on every page survives
    assert len(out.pages) == len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert all(doc.content_hash[:16] in page.extract_text() for page in out.pages)


def test_copies_and_duplex_reach_cups(needs_queue, order):
    _doc, pdf = order
    title = f"sitecheck-test-{uuid.uuid4().hex[:12]}"
    job = printing.submit(pdf, QUEUE, copies=2, duplex=True, title=title)
    attrs = job_attributes(job)
    assert attrs["copies"] == "2"
    assert attrs["sides"] == "two-sided-long-edge"
    if wait_completed(job.job_id) and (printed := _find_output(title, timeout=5)):
        printed.unlink()


def test_the_pdf_queue_is_listed_as_taking_pdf(needs_queue):
    queues = {q.name: q for q in printing.queues()}
    assert queues[QUEUE].takes_pdf and queues[QUEUE].accepting
    assert printing.cups_installed()
    listed = list(queues.values())
    assert not any(q.default for q in listed[1:])          # the default one, if any, comes first


def test_a_raw_queue_is_not_taken_for_pdf(needs_queue):
    name = f"sitecheck-raw-{uuid.uuid4().hex[:8]}"
    made = _run("lpadmin", "-p", name, "-v", "cups-pdf:/", "-m", "raw")
    if _run("lpstat", "-v", name).returncode != 0:
        pytest.skip(f"cannot add a raw queue here: {made.stderr.strip()}")
    try:
        raw = next(q for q in printing.queues() if q.name == name)
        assert raw.model == printing.RAW_MODEL and not raw.takes_pdf
    finally:
        _run("lpadmin", "-x", name)


def test_an_unknown_printer_is_refused_clearly(needs_queue, order):
    with pytest.raises(DocumentError, match="打印机“没有这台-xyz”不存在") as err:
        printing.submit(order[1], "没有这台-xyz")
    assert "另选一台打印机" in err.value.hint


def test_copies_out_of_range_are_refused_before_cups(order):
    for copies in (0, 100):
        with pytest.raises(InvalidInput, match="份数"):
            printing.submit(order[1], QUEUE, copies=copies)


def test_cups_not_running_is_said(needs_queue, order, monkeypatch):
    monkeypatch.setenv("CUPS_SERVER", "127.0.0.1:9")       # where no scheduler listens
    with pytest.raises(DocumentError, match="CUPS）没有运行"):
        printing.queues()
    with pytest.raises(DocumentError, match="CUPS）没有运行，作业没有发出"):
        printing.submit(order[1], QUEUE)


def test_no_cups_client_is_said(order, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))             # a machine without lp (Windows-like)
    assert not printing.cups_installed()
    with pytest.raises(DocumentError, match="找不到 lp 命令") as err:
        printing.submit(order[1], QUEUE)
    assert "另存为 PDF" in err.value.hint
