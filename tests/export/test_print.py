"""Printing for real: an issued order goes through a CUPS queue (cups-pdf) and
comes out as a PDF.  Skips when lp, a running cupsd or the queue is missing
(CI starts cupsd and adds the "PDF" queue in .ci/run)."""
from __future__ import annotations

import io
import os
import pwd
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from export import issue
from storage.demo import fill
from storage.workspace import Workspace

QUEUE = os.environ.get("SITECHECK_TEST_PRINTER", "PDF")


def _run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=20)


def _queue_ready() -> str | None:
    """Why printing cannot be tested here, or None when it can."""
    if not (shutil.which("lp") and shutil.which("lpstat")):
        return "lp/lpstat (cups-client) not installed"
    if "is running" not in _run("lpstat", "-r").stdout:
        return "cupsd is not running"
    if _run("lpstat", "-v", QUEUE).returncode != 0:
        return f"no CUPS queue named {QUEUE}"
    return None


def _output_dirs() -> list[Path]:
    home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    return [home / "PDF", Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS"),
            Path("/var/spool/cups-pdf") / pwd.getpwuid(os.getuid()).pw_name]


def _wait_completed(job: str, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if job in _run("lpstat", "-W", "completed", "-o", QUEUE).stdout:
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


def test_an_issued_order_prints_through_cups(tmp_path):
    reason = _queue_ready()
    if reason:
        pytest.skip(reason)
    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        fill(ws, inspections=3, photos=True)
        insp = next(i for i in ws.inspections() if issue._order_findings(ws, i.id))
        doc = issue.issue_order(ws, insp.id)
        pdf = ws.document_pdf(doc.id)
    src = tmp_path / "order.pdf"
    src.write_bytes(pdf)
    title = f"sitecheck-test-{uuid.uuid4().hex[:12]}"
    sent = _run("lp", "-d", QUEUE, "-t", title, str(src))
    assert sent.returncode == 0, sent.stderr
    job = re.search(rf"{re.escape(QUEUE)}-(\d+)", sent.stdout)
    assert job, sent.stdout
    assert _wait_completed(job.group(0)), f"job {job.group(0)} did not complete"
    printed = _find_output(title)
    if printed is None:
        pytest.skip("the job completed but cups-pdf's output folder is not readable here")
    out = PdfReader(io.BytesIO(printed.read_bytes()))
    printed.unlink(missing_ok=True)
    # cups-pdf re-distils the job with Ghostscript (text loses its ToUnicode map), so
    # compare the page count: every page of the order and its photo annex came out
    assert len(out.pages) == len(PdfReader(io.BytesIO(pdf)).pages) >= 2
